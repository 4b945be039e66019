"""Reference: reportlab alone writing PAGES pages of a heading, a table and a paragraph each.

Uses the same embedded TrueType font the planner's PDF uses, so font subsetting costs the same.
Usage: python bare_reportlab.py PAGES OUT.pdf [--fields COUNTS.json] [--figures PLAN.json]

With --figures, it also draws the exercise figures the planner's PDF shows, with plain
reportlab canvas calls and the same reuse planner_pdf makes (each pose one form XObject per
size, placed with `Do`): on page i + 1, a start and an end drawing per exercise of session i
(where the sheets sit changes nothing of the cost), and the reference's larger pair of every
exercise on the last page. The pose data comes from PLAN.json's
exercises, so the reference draws the planner's figures; the drawing code is a plain
reimplementation of their main strokes (limbs, head, band, arrows, anchor, door), not
planner_pdf's. It leaves out the clip, the band's white edge, hands, feet and the chair, so
it is a little cheaper than the real drawings: the ratio it gives errs against the planner.

With --fields, page i also gets AcroForm fields of the kinds a planner session sheet has, as
many as COUNTS.json's entry i says: a JSON list with one [exercises, reps boxes, feel buttons]
triple per page ([0, 0, 0] for a page without fields). A page with E exercises, R boxes and
B buttons gets R reps text fields, E radio groups of four buttons (easy, ok, hard, pain),
2 * E text fields (band and slack used), E hidden read-only fields (the printed dose) and five
session text fields (done, minutes, effort, a multiline notes field, the hidden revision), made
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
figures_plan = None
if "--figures" in sys.argv:  # no argparse: the default run imports nothing more
    import json

    at = sys.argv.index("--figures")
    with open(sys.argv[at + 1]) as file:
        figures_plan = json.load(file)
    del sys.argv[at:at + 2]
if sys.argv[3:4] == ["--fields"]:
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
        for k, value in enumerate(("easy", "ok", "hard", "pain")):
            form.radio(name=f"bp1:{uid}:exercise-{row}:feel", value=value, selected=False,
                       x=500, y=y + 30 - k * 14, size=8, buttonStyle="circle", shape="circle",
                       borderWidth=0, fillColor=None, borderColor=None, textColor=INK,
                       relative=True, fieldFlags="radio")
        for k, part in enumerate(("band", "slack")):
            form.textfield(name=f"bp1:{uid}:exercise-{row}:{part}", x=200 + k * 60, y=y - 20,
                           width=50, height=9, maxlen=40, fontSize=7, **text)
        form.textfield(name=f"bp1:{uid}:exercise-{row}:dose", value="3x10@light/normal",
                       x=0, y=0, width=0, height=0, annotationFlags="hidden",
                       fieldFlags="readOnly", **text)
    form.textfield(name=f"bp1:{uid}:_session:rev", value="0", x=0, y=0, width=0, height=0,
                   annotationFlags="hidden", fieldFlags="readOnly", **text)
    for k, part in enumerate(("done", "minutes", "effort")):
        form.textfield(name=f"bp1:{uid}:_session:{part}", x=80 + k * 160, y=150, width=100,
                       height=13, maxlen=20, fontSize=9, **text)
    form.textfield(name=f"bp1:{uid}:_session:notes", x=60, y=40, width=475, height=100,
                   maxlen=2000, fontSize=10, fieldFlags="multiline", **text)


def pose_form(canv, name: str, figure: dict, pose: dict, height: float) -> str:
    """One pose drawn once as a form (line figure, band, anchor, arrows), as planner does."""
    import math

    done = canv.__dict__.setdefault("_forms", set())
    if name in done:
        return name
    done.add(name)
    canv.beginForm(name, -2, -2, height * 0.8 + 2, height + 2)
    scale = height / 100
    canv.saveState()
    canv.scale(scale, scale)
    canv.setLineCap(1)
    canv.setLineJoin(1)
    canv.setLineWidth(0.7 / scale)
    canv.line(0, 0, 80, 0)
    if "door" in figure:
        canv.line(figure["door"], 0, figure["door"], 96)
    canv.setLineWidth((1 + height * 0.012) / scale)
    for root, limbs in ((pose["neck"], pose.get("arms", [])), (pose["hip"], pose.get("legs", []))):
        for limb in limbs:
            path = canv.beginPath()
            path.moveTo(*root)
            for point in limb:
                path.lineTo(*point)
            canv.drawPath(path, stroke=1, fill=0)
    canv.line(*pose["hip"], *pose["neck"])
    canv.circle(*pose["head"], 6, stroke=1, fill=1)
    for band in pose.get("band", []):
        path = canv.beginPath()
        path.moveTo(*band[0])
        for point in band[1:]:
            path.lineTo(*point)
        canv.drawPath(path, stroke=1, fill=0)
    if "anchor" in figure:
        canv.rect(figure["anchor"][0] - 2, figure["anchor"][1] - 2, 4, 4, stroke=0, fill=1)
    for arrow in pose.get("arrows", []):
        canv.line(*arrow[0], *arrow[-1])
        (x1, y1), (x2, y2) = arrow[-2], arrow[-1]
        angle = math.atan2(y2 - y1, x2 - x1)
        head = canv.beginPath()
        head.moveTo(x2, y2)
        head.lineTo(x2 - 5 * math.cos(angle + 0.45), y2 - 5 * math.sin(angle + 0.45))
        head.lineTo(x2 - 5 * math.cos(angle - 0.45), y2 - 5 * math.sin(angle - 0.45))
        head.close()
        canv.drawPath(head, stroke=0, fill=1)
    canv.restoreState()
    canv.endForm()
    return name


def figures(canv, doc) -> None:
    """The drawings planner places on this page: a small pair per exercise of a session
    sheet, and every exercise's large pair on the last page (the reference)."""
    if figures_plan is None:
        return
    exercises = figures_plan["exercises"]
    page = canv.getPageNumber()
    if page == pages:
        shown, height = list(exercises), 100
    else:
        index = page - 2  # where the sheets sit changes nothing of the cost
        if not 0 <= index < len(sessions):
            return
        shown, height = [item["exercise"] for item in sessions[index]["items"]], 54
    for row, key in enumerate(shown):
        figure = exercises[key].get("figure")
        if figure is None:
            continue
        for n, which in enumerate(("start", "end")):
            name = pose_form(canv, f"{key}.{which}.{height}", figure, figure[which], height)
            canv.saveState()
            canv.translate(40 + n * 50 + (row % 4) * 120, 80 + (row // 4) * 110)
            canv.doForm(name)
            canv.restoreState()


def on_page(canv, doc) -> None:
    # The figures first: reportlab refuses a form XObject begun on a page that already has
    # annotations (the fields). Drawing order does not change what either costs.
    figures(canv, doc)
    if counts is not None:
        fields(canv, doc)


sessions = ([s for week in figures_plan["weeks"] for s in week["sessions"]]
            if figures_plan is not None else [])
doc = SimpleDocTemplate(out, pagesize=A4, invariant=1)
if counts is None and figures_plan is None:
    doc.build(story)
else:
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
