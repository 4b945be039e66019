"""PDF pages as a reader sees them, rendered with PyMuPDF (a test dependency, so nothing is
skipped for want of a renderer): grey pixels, where the ink is, and the text a page shows
with its filled form fields drawn in."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pymupdf

INK = 200  # a grey value below this (0 black, 255 white) is ink
_MARK = bytes(1 if value < INK else 0 for value in range(256))  # ink as 1, paper as 0


@dataclass
class Raster:
    """One rendered page: `width` x `height` grey pixels, row by row, one byte each."""

    width: int
    height: int
    pixels: bytes

    def rows(self, box: tuple[float, float, float, float] | None = None) -> list[bytes]:
        """Each row of pixels in `box` (x0, y0, x1, y1 in pixels, clipped to the page; the
        whole page if None), ink as 1 and paper as 0."""
        x0, y0, x1, y1 = (0, 0, self.width, self.height) if box is None else (
            max(0, int(box[0])), max(0, int(box[1])),
            min(self.width, int(box[2]) + 1), min(self.height, int(box[3]) + 1))
        return [self.pixels[y * self.width + x0:y * self.width + x1].translate(_MARK)
                for y in range(y0, y1)]

    def ink(self, box: tuple[float, float, float, float] | None = None) -> int:
        """How many pixels in `box` (the whole page if None) are inked."""
        return sum(row.count(1) for row in self.rows(box))

    def ink_bounds(self) -> tuple[int, int, int, int] | None:
        """(left, top, right, bottom): the first and last inked column and row; None for a
        blank page."""
        rows = self.rows()
        inked = [y for y, row in enumerate(rows) if 1 in row]
        if not inked:
            return None
        left = min(row.find(1) for row in rows if 1 in row)
        right = max(row.rfind(1) for row in rows if 1 in row)
        return left, inked[0], right, inked[-1]


def open_pdf(pdf: bytes | Path) -> pymupdf.Document:
    if isinstance(pdf, bytes):
        return pymupdf.open(stream=pdf, filetype="pdf")
    return pymupdf.open(str(pdf))


def rasters(pdf: bytes | Path, dpi: int, pages: list[int] | None = None) -> list[Raster]:
    """The pages numbered `pages` (from 0; all if None) rendered in grey at `dpi`, form
    fields and other annotations drawn as a viewer draws them."""
    with open_pdf(pdf) as doc:
        wanted = range(doc.page_count) if pages is None else pages
        found = []
        for number in wanted:
            pixmap = doc[number].get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY, alpha=False)
            assert pixmap.n == 1 and pixmap.stride == pixmap.width
            found.append(Raster(pixmap.width, pixmap.height, bytes(pixmap.samples)))
        return found


def shown_words(pdf: bytes | Path, page: int) -> list[tuple[pymupdf.Rect, str]]:
    """Each word page `page` (from 0) shows, with where it is (in points), its filled form
    fields' values included: the fields are drawn into the page as a viewer draws them."""
    with open_pdf(pdf) as doc:
        doc.select([page])
        doc.bake(annots=True, widgets=True)
        return [(pymupdf.Rect(word[:4]), word[4]) for word in doc[0].get_text("words")]


def texts(pdf: bytes | Path, pages: range | None = None) -> list[str]:
    """The text of the pages numbered `pages` (from 0; every page if None) as a viewer
    extracts it, whitespace runs (line breaks from wrapping) as one space. Only those pages
    are read."""
    with open_pdf(pdf) as doc:
        wanted = range(doc.page_count) if pages is None else pages
        return [" ".join(doc[number].get_text().split()) for number in wanted]
