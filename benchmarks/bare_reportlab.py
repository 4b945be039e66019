"""Reference: reportlab alone writing PAGES pages of a heading, a table and a paragraph each.

Uses the same embedded TrueType font the planner's PDF uses, so font subsetting costs the same.
Usage: python bare_reportlab.py PAGES OUT.pdf [--fields COUNTS.json]

With --fields, page i also gets AcroForm fields of the kinds a planner session sheet has, as
many as COUNTS.json's entry i says: a JSON list with one [exercises, reps boxes, feel buttons]
triple per page ([0, 0, 0] for a page without fields). A page with E exercises, R boxes and
B buttons gets R reps text fields, E radio groups of three buttons (easy, ok, hard; the first
3 * E - B groups without "easy", as on sheets at the top of the bands), 2 * E text fields (band
and slack used), and four session text fields (done, minutes, effort, and a multiline notes field), made
with canv.acroForm.textfield and .radio and the options planner_pdf/sheet.py uses.
Without --fields (the default) no fields are drawn: run.py's reference run stays as it was.
"""

import sys
from importlib import resources

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table

pages, out = int(sys.argv[1]), sys.argv[2]
counts = None
if sys.argv[3:4] == ["--fields"]:  # no argparse: the default run imports nothing more
    import json

    from reportlab.lib.colors import HexColor

    INK = HexColor("#1a1a1a")  # planner_pdf's ink, the fields' text colour

    with open(sys.argv[4]) as file:
        counts = json.load(file)
    if len(counts) != pages:
        sys.exit(f"{sys.argv[4]}: {len(counts)} entries for {pages} pages")
font_dir = resources.files("planner_pdf").joinpath("fonts")
pdfmetrics.registerFont(TTFont("Body", str(font_dir.joinpath("DejaVuSans.ttf"))))
heading = ParagraphStyle("h", fontName="Body", fontSize=16, leading=20)
body = ParagraphStyle("b", fontName="Body", fontSize=10, leading=13)
story = []
for page in range(pages):
    story.append(Paragraph(f"Session {page + 1}: Monday 23 November 2026, 07:00", heading))
    rows = [["Exercise", "Sets x reps", "Band", "Slack", "Rest", "Set 1", "Set 2", "Set 3"]]
    rows += [[f"Exercise {k}", "2 x 10", "light", "normal", "60 s", "", "", ""] for k in range(6)]
    story.append(Table(rows, rowHeights=28))
    story.append(Paragraph("Breathe out as you pull, breathe in as you return. " * 4, body))
    story.append(PageBreak())


def fields(canv, doc) -> None:
    """This page's fields, laid out in a grid (where they sit does not change the cost)."""
    page = canv.getPageNumber()
    exercises, boxes, buttons = counts[page - 1]
    if not exercises and not boxes:
        return
    form = canv.acroForm
    text = {"borderWidth": 0, "fillColor": None, "borderColor": None, "relative": True,
            "fontName": "Helvetica", "textColor": INK}
    uid = f"2026-11-23T07:00-s{page:04d}"  # names as long as planner's bp1:<uid>:<exercise>:…
    per_row = -(-boxes // max(1, exercises))  # boxes spread over the exercises' rows
    for n in range(boxes):
        row, col = divmod(n, per_row)
        form.textfield(name=f"bp1:{uid}:exercise-{row}:reps:{col + 1}", x=330 + col * 39,
                       y=700 - row * 58, width=32, height=28, maxlen=3, fontSize=14, **text)
    for row in range(exercises):
        y = 700 - row * 58
        for k, value in enumerate(("easy", "ok", "hard")):
            if value == "easy" and row < 3 * exercises - buttons:
                continue
            form.radio(name=f"bp1:{uid}:exercise-{row}:feel", value=value, selected=False,
                       x=500, y=y + 30 - k * 14, size=8, buttonStyle="circle", shape="circle",
                       borderWidth=0, fillColor=None, borderColor=None, textColor=INK,
                       relative=True, fieldFlags="radio")
        for k, part in enumerate(("band", "slack")):
            form.textfield(name=f"bp1:{uid}:exercise-{row}:{part}", x=200 + k * 60, y=y - 20,
                           width=50, height=9, maxlen=40, fontSize=7, **text)
    for k, part in enumerate(("done", "minutes", "effort")):
        form.textfield(name=f"bp1:{uid}:_session:{part}", x=80 + k * 160, y=150, width=100,
                       height=13, maxlen=20, fontSize=9, **text)
    form.textfield(name=f"bp1:{uid}:_session:notes", x=60, y=40, width=475, height=100,
                   maxlen=2000, fontSize=10, fieldFlags="multiline", **text)


doc = SimpleDocTemplate(out, pagesize=A4, invariant=1)
if counts is None:
    doc.build(story)
else:
    doc.build(story, onFirstPage=fields, onLaterPages=fields)
