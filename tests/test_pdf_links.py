"""The PDF's links: the one place the booklet leans on reportlab internals.

Hundreds of sheet rows link to the same reference entries, so BookletCanvas hooks reportlab's
private `Canvas._addAnnotation` to make each link a SharedLink, whose PDF text is formatted
once per document. pyproject.toml pins reportlab's major version; these tests show that the
hook only saves time: without it (a reportlab that renamed the method) the bytes are the same,
and the links still go where they should."""

from __future__ import annotations

import io

from pypdf import PdfReader

from planner_pdf import PdfExporter, document

from conftest import make_plan


def render(plan) -> bytes:
    return PdfExporter().render(plan, {"fields": "off"})


def test_the_link_hook_changes_no_byte(monkeypatch):
    plan = make_plan(weeks=2)
    hooked = render(plan)
    monkeypatch.delattr(document.BookletCanvas, "_addAnnotation")
    assert render(plan) == hooked


def test_every_exercise_row_links_to_the_reference():
    from planner_pdf import PAPERS

    plan = make_plan(weeks=1)
    pages = document.measure(plan, PAPERS["a4"], fields=False).pages
    reader = PdfReader(io.BytesIO(render(plan)))
    first_sheet = pages.overview
    first_reference = pages.overview + len(list(plan.sessions()))
    for (_, session), page in zip(plan.sessions(), reader.pages[first_sheet:first_reference],
                                  strict=True):
        targets = []
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/Link" and "/Dest" in annotation:
                targets.append(reader.get_page_number(annotation["/Dest"][0].get_object()))
        into_reference = [t for t in targets if t >= first_reference]
        assert len(into_reference) == len(session.items), session.date
