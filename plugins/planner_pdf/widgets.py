"""AcroForm fields as small dictionaries that share their appearance streams.

reportlab's `canv.acroForm` writes, for every widget, its own appearance stream with a font
resource and a dozen entries a PDF app does not need: a 52-week booklet carried about 6,000
near-identical streams (29 KB a page, four times the time of a print-only booklet). Here a
widget is one short dictionary written straight into the file, and every widget of a kind
points at the same few objects, written once per document:

* one empty appearance, shared by every radio button that is off (an empty drawing looks
  the same at any size, so its box does not matter), one "on" appearance a radio size (a
  dot), and one /AP dictionary per feel word;
* one keystroke and one format action that make a reps box numeric (PDF apps show a number
  pad for it) and the field font in the form's resources.

Blank fields need no value, and a blank text box needs no appearance: it shows nothing.
It must not share one either: pypdf fills a text field by replacing the object its /AP /N
points at, which would write one box's value into every box sharing it. A filled box gets an
appearance of its own from the app (tests/test_pdf_import.py checks the others stay blank).
"""

from __future__ import annotations

import re

from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFObject,
    PDFObjectReference,
    PDFStream,
)

_ATTR = "_band_planner_widgets"
_PLAIN = re.compile(r"[\x20-\x27\x2a-\x5b\x5d-\x7e]*")  # printable ASCII but ( ) \\

# Field flags (PDF 32000-1, tables 226, 228, 229) and the annotation flag "print".
READ_ONLY = 1
MULTILINE = 1 << 12
DO_NOT_SPELL_CHECK = 1 << 22
DO_NOT_SCROLL = 1 << 23
RADIO = 1 << 15
PRINT = 4
HIDDEN = 2
DEFAULT_SIZE = 10.0  # the form's text size, for fields that name no other


class Raw(PDFObject):
    """A PDF object given as bytes and references, joined when the file is written (when
    every object has its number)."""

    def __init__(self, *parts):
        self.parts = parts

    def format(self, document):
        return b"".join([part if part.__class__ is bytes else part.format(document)
                         for part in self.parts])


def _string(text: str) -> bytes:
    """A PDF text string: literal for printable ASCII (brackets and backslashes escaped),
    else UTF-16BE with its byte order mark, in hex."""
    if _PLAIN.fullmatch(text):
        return b"(" + text.encode("ascii") + b")"
    if text.isascii() and text.isprintable():
        return b"(" + re.sub(r"([()\\])", r"\\\1", text).encode("ascii") + b")"
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


_NUMBERS: dict[float, bytes] = {}  # the same few hundred positions on every sheet
_RECTS: dict[tuple[float, float, float, float], bytes] = {}


def _number(value: float) -> bytes:
    found = _NUMBERS.get(value)
    if found is None:
        if len(_NUMBERS) >= 50_000:
            _NUMBERS.clear()
        text = f"{value:.1f}".rstrip("0").rstrip(".")  # a twentieth of a point is enough
        found = _NUMBERS[value] = (text if text != "-0" else "0").encode()
    return found


def _rect(x0: float, y0: float, x1: float, y1: float) -> bytes:
    key = (x0, y0, x1, y1)
    found = _RECTS.get(key)
    if found is None:
        if len(_RECTS) >= 50_000:
            _RECTS.clear()
        found = _RECTS[key] = b"[" + b" ".join(map(_number, key)) + b"]"
    return found


class Form:
    """The fields of one document. Positions are in the page's default coordinates."""

    def __init__(self, canv, font: str, font_ref, text_color: str):
        self.canv, self.doc = canv, canv._doc
        self.font = font.encode()  # the name of the fields' font in the form's resources
        self.color = text_color.encode()  # e.g. "0.102 0.102 0.102 rg"
        self.fields: list[PDFObjectReference] = []
        empty = PDFStream(PDFDictionary({"Type": PDFName("XObject"),
                                         "Subtype": PDFName("Form"),
                                         "BBox": PDFArray([0, 0, 1, 1])}), content=b"")
        self.empty = self.doc.Reference(empty)
        self._on: dict[float, PDFObjectReference] = {}
        self._states: dict[tuple[str, float], PDFObjectReference] = {}
        self._numeric: PDFObjectReference | None = None
        self.doc._catalog.AcroForm = Raw(
            b"<</Fields ", _Fields(self.fields), b"/DA(/" + self.font + b" "
            + _number(DEFAULT_SIZE) + b" Tf " + self.color
            + b")/DR<</Font<</" + self.font + b" ", font_ref, b">>>>>>")

    @staticmethod
    def made(canv) -> Form | None:
        """The document's form, if it has one yet."""
        return canv.__dict__.get(_ATTR)

    @classmethod
    def of(cls, canv, make) -> Form:
        """The document's form, made by `make()` on first use."""
        form = canv.__dict__.get(_ATTR)
        if form is None:
            form = canv.__dict__[_ATTR] = make()
        return form

    def _add(self, widget: Raw, field: bool = True) -> PDFObjectReference:
        """Register `widget` (it gets the next object number) and put it on the page.

        What canvas._addAnnotation does, without the name it makes up for each annotation
        and looks up twice: the file holds object numbers, not names."""
        ref = self.doc.Reference(widget)
        self.canv._annotationrefs.append(ref)
        if field:
            self.fields.append(ref)
        return ref

    def _raw(self, *parts: bytes | PDFObjectReference) -> Raw:
        """A Raw of `parts` whose references are written out now (`12 0 R`): every object
        a widget points at is registered before it, so its number is known."""
        numbers = self.doc.idToObjectNumberAndVersion
        return Raw(b"".join([part if isinstance(part, bytes)
                             else b"%d %d R" % numbers[part.name]
                             for part in parts]))

    def text(self, name: str, rect: tuple[float, float, float, float], size: float,
             maxlen: int, flags: int = 0, numeric: bool = False) -> None:
        """A text box with text of `size` points (the form's default size, 10, is not
        repeated); a reps box is `numeric`."""
        extra = b""
        if flags:
            extra += b"/Ff " + str(flags).encode()
        if maxlen:
            extra += b"/MaxLen " + str(maxlen).encode()
        if size != DEFAULT_SIZE:
            extra += b"/DA(/" + self.font + b" " + _number(size) + b" Tf " + self.color + b")"
        parts = [b"<</Subtype/Widget/FT/Tx/F 4/T", _string(name), b"/Rect", _rect(*rect),
                 extra]
        if numeric:
            parts += [b"/AA ", self._numeric_actions()]
        self._add(self._raw(*parts, b">>"))

    def hidden(self, name: str, value: str) -> None:
        """A read-only text field nobody sees or prints: what the sheet was made from."""
        self._add(Raw(b"<</Subtype/Widget/FT/Tx/F 2/Ff 1/T" + _string(name) + b"/V"
                      + _string(value) + b"/Rect[0 0 0 0]>>"))

    def radio(self, name: str, buttons: list[tuple[str, float, float, float]]) -> None:
        """A radio group: one button (value, x, y, size) per choice, none chosen."""
        group = Raw()
        group_ref = self.doc.Reference(group)
        kids = []
        for value, x, y, size in buttons:
            kids.append(self._add(self._raw(b"<</Subtype/Widget/F 4/Parent ", group_ref,
                                            b"/Rect", _rect(x, y, x + size, y + size),
                                            b"/AS/Off/AP ", self._states_for(value, size),
                                            b">>"), field=False))
        group.parts = self._raw(b"<</FT/Btn/Ff " + str(RADIO).encode() + b"/T", _string(name),
                                b"/Kids[", *_joined(kids), b"]>>").parts
        self.fields.append(group_ref)

    def _states_for(self, value: str, size: float) -> PDFObjectReference:
        found = self._states.get((value, size))
        if found is None:
            found = self._states[value, size] = self.doc.Reference(Raw(
                b"<</N<</" + value.encode() + b" ", self._on_for(size), b"/Off ", self.empty,
                b">>>>"))
        return found

    def _on_for(self, size: float) -> PDFObjectReference:
        """A dot in the middle of the button: drawn over the printed circle when chosen."""
        found = self._on.get(size)
        if found is None:
            r, c = size * 0.3, size / 2
            k = r * 0.5523  # Bezier handle of a quarter circle
            ops = [f"{c + r:.2f} {c:.2f} m"]
            for (x1, y1, x2, y2, x3, y3) in (
                    (c + r, c + k, c + k, c + r, c, c + r), (c - k, c + r, c - r, c + k, c - r, c),
                    (c - r, c - k, c - k, c - r, c, c - r), (c + k, c - r, c + r, c - k, c + r, c)):
                ops.append(f"{x1:.2f} {y1:.2f} {x2:.2f} {y2:.2f} {x3:.2f} {y3:.2f} c")
            content = self.color.decode() + " " + " ".join(ops) + " f"
            stream = PDFStream(PDFDictionary({"Type": PDFName("XObject"),
                                              "Subtype": PDFName("Form"),
                                              "BBox": PDFArray([0, 0, size, size])}),
                               content=content)
            found = self._on[size] = self.doc.Reference(stream)
        return found

    def _numeric_actions(self) -> PDFObjectReference:
        """Keystroke and format actions of a whole number (Acrobat's AFNumber_*, which PDF
        apps on tablets read as "show a number pad")."""
        if self._numeric is None:
            keystroke = self.doc.Reference(Raw(
                b"<</S/JavaScript/JS(AFNumber_Keystroke\\(0, 0, 0, 0, \"\", true\\);)>>"))
            formatting = self.doc.Reference(Raw(
                b"<</S/JavaScript/JS(AFNumber_Format\\(0, 0, 0, 0, \"\", true\\);)>>"))
            self._numeric = self.doc.Reference(Raw(b"<</K ", keystroke, b"/F ", formatting,
                                                   b">>"))
        return self._numeric


def _joined(refs):
    for n, ref in enumerate(refs):
        if n:
            yield b" "
        yield ref


class _Fields(PDFObject):
    """The form's /Fields array: the references, in the order the fields were made."""

    def __init__(self, refs: list[PDFObjectReference]):
        self.refs = refs

    def format(self, document):
        return b"[" + b" ".join(ref.format(document) for ref in self.refs) + b"]"
