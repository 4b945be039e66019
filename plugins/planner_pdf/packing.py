"""Packing a finished PDF's small objects into compressed object streams (PDF 1.5).

A fillable booklet is mostly small dictionaries: some 10,000 widgets and fields, each a
top-level object of about 150 bytes plus 20 bytes of cross-reference table, none compressed,
as reportlab writes them. Packed into object streams with a cross-reference stream, they take
about a fifth of that. Streams (page contents, fonts, drawings) stay where they are, already
compressed. Same input, same bytes: nothing here depends on the clock or on chance.

`pack` takes what reportlab writes: objects numbered 1 to N, generation 0, and a classic
cross-reference table; anything else is returned as it was. A fillable booklet does not go
that way round: `packed_file` writes its document's objects straight into the packed file
(document.PackingCanvas), and `pack` is what that must equal (tests/test_pdf.py).
"""

from __future__ import annotations

import re
import struct
import zlib

PER_STREAM = 200  # objects in one object stream: small enough to read one without the rest
_TRAILER = re.compile(rb"trailer\s*<<(.*?)>>\s*startxref\s*(\d+)\s*%%EOF\s*$", re.S)


def pack(data: bytes) -> bytes:
    """`data` with its objects other than streams in object streams, or `data` itself if it
    is not laid out as reportlab lays out a PDF."""
    trailer = _TRAILER.search(data)
    if trailer is None:
        return data
    table = data.rfind(b"xref", 0, trailer.start())
    head = re.match(rb"xref\s+0 (\d+)\s+", data[table:table + 40])
    if table < 0 or head is None:
        return data
    count = int(head.group(1))
    rows = data[table + head.end():table + head.end() + 20 * count].split(b"\n")
    offsets = [int(row[:10]) for row in rows[:count] if row[17:18] == b"n"]
    if len(offsets) != count - 1 or offsets != sorted(offsets):
        return data
    ends = offsets[1:] + [table]
    bodies: list[bytes] = []
    for number, (start, end) in enumerate(zip(offsets, ends, strict=True), start=1):
        opening = b"%d 0 obj" % number
        close = data.rfind(b"endobj", start, end)
        if not data.startswith(opening, start) or close < 0:
            return data
        bodies.append(data[start + len(opening):close].strip())
    root, info, ident = (_entry(trailer.group(1), key) for key in (b"Root", b"Info", b"ID"))
    if root is None:
        return data
    return _write(data[:offsets[0]], bodies, root, info, ident)


def packed_file(doc) -> bytes | None:
    """What `pack` makes of the file reportlab's `doc.format()` writes, written straight
    from the document's objects: the same bytes, without writing thousands of small objects
    out one by one (with their offsets and cross-reference rows) only to read them back.

    It follows `PDFDocument.format` step by step, up to where that writes the objects out.
    None, before anything is done, for a document that format() would write differently
    (encrypted, signed, with comments): then write it as usual and `pack` that."""
    from reportlab import rl_config
    from reportlab.pdfbase import pdfdoc

    if (doc.encrypt.info() or getattr(doc, "_digiSigs", None)
            or (rl_config.pdfComments and not rl_config.invariant)):
        return None
    doc.encrypt.prepare(doc)
    catalog, info = doc.Catalog, doc.info
    doc.Reference(catalog)
    doc.Reference(info)
    numbers, objects = doc.numberToId, doc.idToObject
    versions = doc.idToObjectNumberAndVersion
    doc.__accum__ = header = pdfdoc.PDFFile(doc._pdfVersion)  # objects may look for it
    bodies: list[bytes] = []
    number = 1
    while number in numbers:  # formatting an object may register more: they come after
        name = numbers[number]
        doc.encrypt.register(*versions[name])
        # What format() writes between "N 0 obj" and "endobj", less the line breaks.
        bodies.append(pdfdoc.format(objects[name], doc, toplevel=1).strip())
        number += 1
    del doc.__accum__
    trailer = pdfdoc.PDFTrailer(startxref=0, Size=number, Root=doc.Reference(catalog),
                                Info=doc.Reference(info), ID=doc.ID()).format(doc)
    found = _TRAILER.search(trailer)
    if found is None:
        raise ValueError("reportlab wrote a trailer this module cannot read")
    root, info_ref, ident = (_entry(found.group(1), key) for key in (b"Root", b"Info", b"ID"))
    if root is None:
        raise ValueError("reportlab wrote a trailer without /Root")
    return _write(b"".join(header.strings), bodies, root, info_ref, ident)


def _entry(trailer: bytes, key: bytes) -> bytes | None:
    found = re.search(rb"/" + key + rb"\s*(\d+ 0 R|\[[^\]]*\])", trailer)
    return found.group(1) if found else None


def _write(header: bytes, bodies: list[bytes], root: bytes, info: bytes | None,
           ident: bytes | None) -> bytes:
    header = header.replace(b"%PDF-1.4", b"%PDF-1.5", 1) if header.startswith(b"%PDF-1.4") \
        else header
    out = bytearray(header)
    # A stream's object ends with its data: it stays a top-level object.
    streams = [body.endswith(b"endstream") for body in bodies]
    loose = [n for n, stream in enumerate(streams, start=1) if stream]
    packed = [n for n, stream in enumerate(streams, start=1) if not stream]
    where: dict[int, tuple[int, int, int]] = {}  # number -> (kind, field 2, field 3)
    for number in loose:
        where[number] = (1, len(out), 0)
        out += b"%d 0 obj\n" % number + bodies[number - 1] + b"\nendobj\n"
    next_number = len(bodies) + 1
    for start in range(0, len(packed), PER_STREAM):
        group = packed[start:start + PER_STREAM]
        stream_number, next_number = next_number, next_number + 1
        index, parts, at = [], [], 0
        for slot, number in enumerate(group):
            where[number] = (2, stream_number, slot)
            index.append(b"%d %d" % (number, at))
            parts.append(bodies[number - 1])
            at += len(bodies[number - 1]) + 1
        prefix = b" ".join(index) + b"\n"
        content = zlib.compress(prefix + b"\n".join(parts) + b"\n", 6)
        where[stream_number] = (1, len(out), 0)
        out += (b"%d 0 obj\n<</Type/ObjStm/N %d/First %d/Filter/FlateDecode/Length %d>>\n"
                b"stream\n" % (stream_number, len(group), len(prefix), len(content))
                + content + b"\nendstream\nendobj\n")
    xref_number = next_number
    where[xref_number] = (1, len(out), 0)
    row = struct.Struct(">BIH").pack  # the widths W[1 4 2]
    rows = [b"\x00" + b"\x00" * 4 + b"\xff\xff"]
    rows += [row(*where[number]) for number in range(1, xref_number + 1)]
    table = zlib.compress(b"".join(rows), 6)
    extra = (b"/Info " + info if info else b"") + (b"/ID " + ident if ident else b"")
    start = len(out)
    out += (b"%d 0 obj\n<</Type/XRef/Size %d/W[1 4 2]/Root %s%s/Filter/FlateDecode/Length %d>>"
            b"\nstream\n" % (xref_number, xref_number + 1, root, extra, len(table))
            + table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % start)
    return bytes(out)
