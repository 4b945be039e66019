"""The font PDF apps write filled-in values with: DejaVu Sans, embedded.

The sheets' own text is DejaVu Sans, so a value typed in a field should be drawn with it
too, covering the same letters: not Helvetica, which PDF readers have only for Western
European letters. The field font is a composite (Type0) font whose character codes are the
glyph numbers of DejaVu Sans, so an app finds a character's code through the font's own
`cmap` table, and a ToUnicode map says what each code means.

What it covers: Latin (with Latin Extended-A/B and Additional, and combining accents),
Greek, Cyrillic, and the punctuation, currency signs, arrows and maths signs DejaVu Sans has. What it does not:
DejaVu Sans has no Chinese, Japanese or Korean letters, nor Thai, Devanagari and most other
scripts, so those cannot be drawn with it. The glyphs of everything else DejaVu has (Arabic,
Hebrew, Armenian, Georgian, symbols) are emptied out, to keep the file small: 70 KB instead
of 380 KB; they would draw as blanks.

Making it (emptying glyphs, compressing the font file) took about 45 ms, a twentieth of a
fillable export, so it is made once, at development time, and shipped: fonts/
DejaVuSans-fields.bin (the compressed font file, as the PDF holds it) and .json (the rest).
A run reads those when they were made from the DejaVuSans.ttf beside them, by this recipe;
else it makes the font itself, as before.

    python -m planner_pdf.field_font          # rewrite both files
    python -m planner_pdf.field_font --check  # exit 1 if they are out of date

tests/test_pdf.py checks that they are up to date.
"""

from __future__ import annotations

import json
import struct
import sys
import threading
import zlib
from importlib import resources

KEPT = ((0x20, 0x24F), (0x2B0, 0x52F), (0x1E00, 0x1FFF), (0x2000, 0x206F), (0x20A0, 0x20CF),
        (0x2100, 0x214F), (0x2190, 0x21FF), (0x2200, 0x22FF), (0xFB00, 0xFB06))
# No layout tables (PDF places glyphs itself) and no hinting (PDF readers scale outlines).
TABLES = (b"OS/2", b"cmap", b"glyf", b"head", b"hhea", b"hmtx", b"loca", b"maxp", b"name",
          b"post")

RECIPE = 1  # one up whenever _build would make other bytes from the same DejaVuSans.ttf
SHIPPED = "DejaVuSans-fields"  # .bin and .json in fonts/

_lock = threading.Lock()
_built: dict | None = None


def font_parts() -> dict:
    """The font file (compressed) and its length, its W array and ToUnicode map, and its
    metrics: read from the shipped files where they fit, else made (once per process)."""
    global _built
    with _lock:
        if _built is None:
            source = _source()
            _built = _shipped(source) or _build(source)
        return _built


def _fonts():
    return resources.files(__package__ or "planner_pdf").joinpath("fonts")


def _source() -> bytes:
    """DejaVuSans.ttf, as reportlab read it when the fonts were registered."""
    from reportlab.pdfbase import pdfmetrics

    from .fonts import SANS, register_fonts

    register_fonts()
    data = getattr(pdfmetrics.getFont(SANS).face, "_ttf_data", None)
    if not isinstance(data, bytes):  # a reportlab that keeps the file elsewhere
        data = _fonts().joinpath("DejaVuSans.ttf").read_bytes()
    return data


def _stamp(source: bytes) -> dict:
    """What the shipped files were made from: this recipe and that font file."""
    return {"recipe": [RECIPE, [list(pair) for pair in KEPT], [t.decode() for t in TABLES]],
            "source": [len(source), zlib.crc32(source)]}


def _shipped(source: bytes) -> dict | None:
    """The shipped parts, if they were made by this recipe from `source`."""
    try:
        meta = json.loads(_fonts().joinpath(SHIPPED + ".json").read_text("utf-8"))
        if meta.pop("made from") != _stamp(source):
            return None
        parts = {key: value.encode() if isinstance(value, str) else value
                 for key, value in meta.items()}
        parts["file"] = _fonts().joinpath(SHIPPED + ".bin").read_bytes()
    except (OSError, ValueError, KeyError, AttributeError):
        return None
    return parts


def _build(source: bytes) -> dict:
    from reportlab.pdfbase import pdfmetrics

    from .fonts import SANS

    info = pdfmetrics.getFont(SANS).face  # reportlab has read the cmap and the metrics
    data = source
    kept = set().union(*(range(low, high + 1) for low, high in KEPT))
    chars = {code: glyph for code, glyph in info.charToGlyph.items() if code in kept and glyph}
    tables = _tables(data)
    glyphs = _with_components(tables, set(chars.values()) | {0})
    font = _hollow(tables, glyphs)
    scale = 1000 / info.unitsPerEm
    widths = {glyph: round(info.hmetrics[glyph][0] * scale) for glyph in sorted(glyphs)}
    return {"file": zlib.compress(font, 6), "length": len(font), "W": _widths(widths),
            "to_unicode": _cmap(sorted((glyph, code) for code, glyph in chars.items())),
            "ascent": round(info.ascent), "descent": round(info.descent),
            "bbox": [round(v) for v in info.bbox], "cap": round(info.capHeight)}


def _files(parts: dict, source: bytes) -> tuple[bytes, str]:
    """The .bin and the .json text to ship for `parts` made from `source`."""
    meta = {key: value.decode() if isinstance(value, bytes) else value
            for key, value in parts.items() if key != "file"}
    meta["made from"] = _stamp(source)
    return parts["file"], json.dumps(meta, indent=0, sort_keys=True) + "\n"


def main(argv: list[str]) -> int:
    """Write the shipped files from a fresh build, or with --check say if they differ."""
    source = _source()
    binary, text = _files(_build(source), source)
    folder = _fonts()
    paths = (folder.joinpath(SHIPPED + ".bin"), folder.joinpath(SHIPPED + ".json"))
    if "--check" in argv:
        try:
            current = (paths[0].read_bytes(), paths[1].read_text("utf-8"))
        except OSError:
            current = None
        if current != (binary, text):
            print(f"{SHIPPED}.bin/.json are out of date: run python -m planner_pdf.field_font",
                  file=sys.stderr)
            return 1
        return 0
    with open(str(paths[0]), "wb") as out:
        out.write(binary)
    with open(str(paths[1]), "w", encoding="utf-8") as out:
        out.write(text)
    print(f"wrote {paths[0]} and {paths[1]}")
    return 0


def _tables(data: bytes) -> dict[bytes, bytes]:
    count = struct.unpack(">H", data[4:6])[0]
    found = {}
    for n in range(count):
        tag, _, offset, length = struct.unpack(">4sIII", data[12 + 16 * n:28 + 16 * n])
        found[tag] = data[offset:offset + length]
    return found


def _locations(tables) -> list[int]:
    long = struct.unpack(">h", tables[b"head"][50:52])[0] == 1
    loca = tables[b"loca"]
    if long:
        return list(struct.unpack(f">{len(loca) // 4}I", loca))
    return [2 * v for v in struct.unpack(f">{len(loca) // 2}H", loca)]


def _with_components(tables, glyphs: set[int]) -> set[int]:
    """`glyphs` and every glyph a composite among them is built from."""
    where, glyf = _locations(tables), tables[b"glyf"]
    todo, seen = list(glyphs), set(glyphs)
    while todo:
        glyph = todo.pop()
        start, end = where[glyph], where[glyph + 1]
        if end - start < 10 or struct.unpack(">h", glyf[start:start + 2])[0] >= 0:
            continue
        at, more = start + 10, True
        while more:
            flags, component = struct.unpack(">HH", glyf[at:at + 4])
            if component not in seen:
                seen.add(component)
                todo.append(component)
            at += 4 + (4 if flags & 1 else 2)
            at += 8 if flags & 0x80 else 4 if flags & 0x40 else 2 if flags & 0x8 else 0
            more = bool(flags & 0x20)
    return seen


def _hollow(tables, glyphs: set[int]) -> bytes:
    """The font with the outlines of every glyph outside `glyphs` removed (glyph numbers
    unchanged) and no layout tables."""
    where, glyf = _locations(tables), tables[b"glyf"]
    outlines, offsets = [], [0]
    for glyph in range(len(where) - 1):
        if glyph in glyphs:
            outline = glyf[where[glyph]:where[glyph + 1]]
            outlines.append(outline + b"\0" * (-len(outline) % 4))
        offsets.append(offsets[-1] + len(outlines[-1]) if glyph in glyphs else offsets[-1])
    kept = {tag: tables[tag] for tag in TABLES if tag in tables}
    kept[b"glyf"] = b"".join(outlines)
    kept[b"loca"] = struct.pack(f">{len(offsets)}I", *offsets)
    head = bytearray(tables[b"head"])
    head[8:12] = b"\0\0\0\0"  # checkSumAdjustment, set below
    head[50:52] = struct.pack(">h", 1)  # long offsets in loca
    kept[b"head"] = bytes(head)
    count = len(kept)
    power = 1 << (count.bit_length() - 1)
    out = bytearray(struct.pack(">IHHHH", 0x00010000, count, power * 16,
                                power.bit_length() - 1, count * 16 - power * 16))
    offset = 12 + 16 * count
    body = bytearray()
    for tag in sorted(kept):
        table = kept[tag]
        out += struct.pack(">4sIII", tag, _checksum(table), offset + len(body), len(table))
        body += table + b"\0" * (-len(table) % 4)
    font = out + body
    adjustment = (0xB1B0AFBA - _checksum(bytes(font))) & 0xFFFFFFFF
    at = 12 + 16 * count + sum(len(kept[t]) + (-len(kept[t]) % 4)
                               for t in sorted(kept) if t < b"head")
    font[at + 8:at + 12] = struct.pack(">I", adjustment)
    return bytes(font)


def _checksum(table: bytes) -> int:
    padded = table + b"\0" * (-len(table) % 4)
    return sum(struct.unpack(f">{len(padded) // 4}I", padded)) & 0xFFFFFFFF


def font_objects(doc, name: str):
    """The Type0 font's objects in `doc` (a reportlab PDFDocument); returns its reference."""
    from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFStream

    from .widgets import Raw

    parts = font_parts()
    base = f"BPFLD+{name}".encode()
    program = PDFStream(PDFDictionary({"Length1": parts["length"],
                                       "Filter": PDFName("FlateDecode")}),
                        content=parts["file"], filters=[])
    program_ref = doc.Reference(program)
    descriptor = doc.Reference(Raw(
        b"<</Type/FontDescriptor/FontName/" + base + b"/Flags 32/FontBBox["
        + " ".join(map(str, parts["bbox"])).encode() + b"]/ItalicAngle 0/Ascent "
        + str(parts["ascent"]).encode() + b"/Descent " + str(parts["descent"]).encode()
        + b"/CapHeight " + str(parts["cap"]).encode() + b"/StemV 80/FontFile2 ",
        program_ref, b">>"))
    cid = doc.Reference(Raw(
        b"<</Type/Font/Subtype/CIDFontType2/BaseFont/" + base
        + b"/CIDSystemInfo<</Registry(Adobe)/Ordering(Identity)/Supplement 0>>"
        b"/FontDescriptor ", descriptor, b"/CIDToGIDMap/Identity/DW 600/W["
        + parts["W"] + b"]>>"))
    to_unicode = doc.Reference(PDFStream(PDFDictionary({}), content=parts["to_unicode"]))
    return doc.Reference(Raw(b"<</Type/Font/Subtype/Type0/BaseFont/" + base
                             + b"/Encoding/Identity-H/DescendantFonts[", cid,
                             b"]/ToUnicode ", to_unicode, b">>"))


def _widths(widths: dict[int, int]) -> bytes:
    """The W array's runs: `first [w w w]` for consecutive glyph numbers."""
    out: list[str] = []
    run: list[int] = []
    first: int | None = None
    last: int | None = None
    for glyph in sorted(widths):
        if last is not None and glyph == last + 1:
            run.append(widths[glyph])
        else:
            if run:
                out.append(f"{first}[{' '.join(map(str, run))}]")
            first, run = glyph, [widths[glyph]]
        last = glyph
    if run:
        out.append(f"{first}[{' '.join(map(str, run))}]")
    return " ".join(out).encode()


def _cmap(pairs: list[tuple[int, int]]) -> bytes:
    lines = ["/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
             "/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def",
             "/CMapName /BandPlanner-UCS def /CMapType 2 def",
             "1 begincodespacerange <0000> <FFFF> endcodespacerange"]
    first: dict[int, int] = {}
    for glyph, code in pairs:  # a glyph shared by two characters means the first
        first.setdefault(glyph, code)
    items = sorted(first.items())
    for start in range(0, len(items), 100):
        chunk = items[start:start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines += [f"<{glyph:04X}> <{code:04X}>" for glyph, code in chunk]
        lines.append("endbfchar")
    lines += ["endcmap CMapName currentdict /CMap defineresource pop end end"]
    return "\n".join(lines).encode()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
