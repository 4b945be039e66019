"""Reference: reportlab alone writing PAGES pages of a heading, a table and a paragraph each.

Uses the same embedded TrueType font the planner's PDF uses, so font subsetting costs the same.
Usage: python bare_reportlab.py PAGES OUT.pdf
"""

import sys
from importlib import resources

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table

pages, out = int(sys.argv[1]), sys.argv[2]
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
SimpleDocTemplate(out, pagesize=A4, invariant=1).build(story)
