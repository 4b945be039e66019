"""Built-in `pdf` exporter: a printable booklet that doubles as the training log.

Importing this module stays cheap: reportlab is imported only when `render` runs, so
`planner --help` and JSON builds never load it. The layout lives in `planner_pdf.document`.
"""

from __future__ import annotations

from planner.api import hookimpl

# Paper sizes in PDF points (1/72 inch); the same values reportlab.lib.pagesizes uses.
PAPERS = {
    "a4": (595.2755905511812, 841.8897637795277),
    "letter": (612.0, 792.0),
}
DEFAULT_PAPER = "a4"
# Form fields cost about 0.14 MB of memory a session sheet while rendering (benchmarks/pdf.py:
# 88 MB peak for 312 sessions, 154 MB for 780, 259 MB for 1,560): beyond this many sessions,
# where a fillable booklet would pass the 150 MB the whole build may take, `fields=auto`
# prints without them. (Since the fields are packed as the file is written, about 0.09 MB:
# 76, 120 and 192 MB; the limit is as it was, so the same plans print the same way.)
MAX_FILLABLE_SESSIONS = 700


class PdfExporter:
    name = "pdf"
    suffix = ".pdf"
    description = "Printable PDF: overview, one log sheet per session, exercise reference"
    options = {"paper": "a4 (default) or letter",
               "fields": f"auto (default: fillable sheets up to {MAX_FILLABLE_SESSIONS} sessions), "
                         "on (fillable in a PDF app) or off (print only)"}

    def check_options(self, options: dict[str, str]) -> dict[str, str]:
        """Return the options with defaults filled in; raise OptionError for a bad value.
        (The host passes only the keys in `options`.)"""
        from planner.api import OptionError

        paper = str(options.get("paper", DEFAULT_PAPER)).strip().lower()
        if paper not in PAPERS:
            raise OptionError(f"{options['paper']!r} is not a paper size; "
                              "use a4 or letter", key="pdf.paper")
        fields = str(options.get("fields", "auto")).strip().lower()
        if fields not in ("auto", "on", "off"):
            raise OptionError(f"{options['fields']!r} is not allowed; "
                              "use auto, on or off", key="pdf.fields")
        return {"paper": paper, "fields": fields}

    def render(self, plan, options: dict[str, str]) -> bytes:
        checked = self.check_options(options)
        from .document import render_pdf  # reportlab is loaded here and only here

        sessions = sum(len(week.sessions) for week in plan.weeks)
        fields = checked["fields"] == "on" or (checked["fields"] == "auto"
                                               and sessions <= MAX_FILLABLE_SESSIONS)
        return render_pdf(plan, PAPERS[checked["paper"]], fields)


@hookimpl
def register_exporters(register):
    register(PdfExporter())
