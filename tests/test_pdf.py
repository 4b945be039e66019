"""The built-in `pdf` exporter, read back with pypdf: pages, text, fonts, paper, determinism."""

from __future__ import annotations

import hashlib
import io
import re
import subprocess
import sys
from datetime import date

import pytest
from pypdf import PdfReader

from planner.catalog import Catalog
from planner.errors import OptionError
from planner.exercise import EQUIPMENT
from planner_pdf import PAPERS, PdfExporter
from rendering import rasters, texts

from conftest import make_plan, shipped_catalog

A4 = (595.28, 841.89)
LETTER = (612.0, 792.0)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def render(plan, **options) -> bytes:
    return PdfExporter().render(plan, options)


def long_date(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def plan4():
    return make_plan(weeks=4, deload_every=3)


@pytest.fixture(scope="module")
def pdf4(plan4) -> bytes:
    return render(plan4)


@pytest.fixture(scope="module")
def pages4(pdf4) -> list[str]:
    return texts(pdf4)


# ---------------------------------------------------------------- plugin shape


def test_registers_one_exporter_like_the_json_plugin():
    import planner_pdf

    found = []
    planner_pdf.register_exporters(register=found.append)
    [exporter] = found
    assert (exporter.name, exporter.suffix) == ("pdf", ".pdf")
    assert exporter.description and "\n" not in exporter.description
    assert set(exporter.options) == {"paper", "fields"}


def test_importing_the_plugin_does_not_load_reportlab():
    code = ("import sys, planner_pdf\n"
            "found = []\n"
            "planner_pdf.register_exporters(register=found.append)\n"
            "found[0].check_options({'paper': 'letter'})\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'reportlab'))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"


def test_found_by_the_plugin_host_and_renders_bytes(plan4):
    from planner.plugin_host import load_exporters, render_with

    entry = load_exporters().found["pdf"]
    data = render_with(entry, plan4, {"paper": "letter"})
    assert data.startswith(b"%PDF-")


# ---------------------------------------------------------------- options


@pytest.mark.parametrize("paper, size", [({}, A4), ({"paper": "a4"}, A4),
                                         ({"paper": "letter"}, LETTER),
                                         ({"paper": " Letter "}, LETTER)])
def test_paper_sets_every_page_size(paper, size):
    plan = make_plan(weeks=1)
    reader = PdfReader(io.BytesIO(render(plan, **paper)))
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width), 2), round(float(box.height), 2)) == size


def test_bad_paper_is_a_one_line_option_error():
    with pytest.raises(OptionError) as caught:
        render(make_plan(weeks=1), paper="x")
    assert str(caught.value) == "--option pdf.paper: 'x' is not a paper size; use a4 or letter"


def test_unknown_option_key_is_an_option_error(cli):
    # The host refuses keys an exporter does not declare, before any exporter runs.
    result = cli("build", "--weeks", "1", "-f", "pdf", "-o", "pdf.margin=2cm")
    assert result.code == 2
    assert result.err.startswith("Error: --option pdf.margin: the pdf exporter has no option")


# ---------------------------------------------------------------- pages


def test_page_count_is_overview_plus_one_sheet_per_session_plus_reference(plan4, pages4):
    from planner_pdf.document import measure

    sessions = [s for _, s in plan4.sessions()]
    layout = measure(plan4, PAPERS["a4"])
    pages = layout.pages
    assert pages.overview == 1  # 4 weeks of the shipped catalog fit on one page
    assert pages.sessions == len(sessions) == 12
    assert len(pages4) == pages.overview + len(sessions) + pages.reference
    # and the parts really are where the numbers say
    assert "Your weeks at a glance" in pages4[0]
    sheets = pages4[pages.overview: pages.overview + len(sessions)]
    assert all("training log" in text for text in sheets)
    assert not any("training log" in text for text in pages4[:pages.overview])
    assert pages4[pages.first_reference - 1].startswith("Exercise reference")
    for number, text in enumerate(pages4, start=1):
        assert f"page {number} of {len(pages4)}" in text


def test_overview_pages_grow_with_the_weeks_grid():
    from planner_pdf.document import measure

    a4 = PAPERS["a4"]
    short, long = make_plan(weeks=4), make_plan(weeks=20)
    first, second = measure(short, a4).pages, measure(long, a4).pages
    assert second.overview > first.overview + 1  # the grid runs over more than one page
    assert second.total == len(PdfReader(io.BytesIO(render(long))).pages)


def test_each_sheet_shows_its_session(plan4, pages4):
    first = 2
    for n, (week, session) in enumerate(plan4.sessions()):
        text = pages4[first - 1 + n]
        assert long_date(session.date) in text
        assert f"Week {week.number}" in text
        assert f"{session.minutes} minutes" in text
        assert session.start.strftime("%H:%M") in text
        for item in session.items:
            assert flat(plan4.exercises[item.exercise].name) in text
            assert f"{item.sets} × {item.reps}" in text
            assert item.band in text
        assert ("Deload week" in text) == week.deload
        if any(i.per_side for i in session.items):
            assert "each side" in text
        assert "Felt" in text and "Done on" in text and "Notes" in text
        assert "12 reps easy" not in text  # the tick that contradicted the rules is gone


def painted(page) -> str:
    """A page's content stream with each form XObject it places written out in place: the
    exporter draws what repeats from sheet to sheet once, as forms."""

    def expand(stream: str, resources) -> str:
        xobjects = resources.get("/XObject", {}) if resources else {}

        def inline(match):
            form = xobjects[match.group(1)].get_object()
            assert form["/Subtype"] == "/Form"
            inner = form.get("/Resources")
            return expand(form.get_data().decode("latin-1"),
                          inner.get_object() if inner is not None else None)

        return re.sub(r"(/[^\s/\[\]()<>{}%]+)\s+Do\b", inline, stream)

    return expand(page.get_contents().get_data().decode("latin-1"), page["/Resources"])


def test_sheet_has_a_box_per_set_and_side():
    plan = make_plan(weeks=6, level="intermediate", deload_every=3)
    reader = PdfReader(io.BytesIO(render(plan)))
    first = next(n for n, page in enumerate(reader.pages) if "training log" in page.extract_text())
    for n, (week, session) in enumerate(plan.sessions()):
        stream = painted(reader.pages[first + n])
        outlined = len(re.findall(r"\bre S\b", stream))  # stroked, unfilled rectangles
        boxes = sum(item.sets * (2 if item.per_side else 1) for item in session.items)
        used = 2 * len(session.items)  # a box each for the band and the slack used
        assert outlined == boxes + used + (1 if week.deload else 0)


def test_sheet_points_to_the_reference_page_of_each_exercise(plan4, pages4):
    sheet = pages4[1]
    pointers = re.findall(r"steps: (R\d+), page (\d+)", sheet)
    assert len(pointers) == len(next(plan4.sessions())[1].items)
    for label, page in pointers:
        target = pages4[int(page) - 1]
        number = int(label[1:])
        name = flat(list(plan4.exercises.values())[number - 1].name)
        assert f"{label} {name}" in target


def test_overview_has_dates_equipment_and_safety(plan4, pages4):
    overview = pages4[0]
    sessions = [s for _, s in plan4.sessions()]
    assert long_date(sessions[0].date) in overview and long_date(sessions[-1].date) in overview
    for band in plan4.bands_used():
        assert band in overview
    for word in plan4.equipment():
        assert EQUIPMENT[word] in overview
    for line in plan4.safety:
        assert flat(line) in overview
    assert "deload" in overview  # week 3


def test_reference_has_the_guidance_then_steps_cues_and_source_of_every_exercise(plan4, pages4):
    reference = " ".join(pages4[1 + 12:])
    assert reference.index("How to dose and progress") < reference.index("R1 ")
    for line in plan4.guidance:
        assert flat(line) in reference
    for ex in plan4.exercises.values():
        for text in ex.steps + ex.cues + ex.notes:
            assert flat(text) in reference
        if ex.source == "added":  # no article to cite: users are not shown "Source: added"
            assert "Source: added" not in reference
        else:
            assert f"Source: {flat(ex.source)}" in reference


# ---------------------------------------------------------------- fonts and text


def test_only_embedded_truetype_fonts(pdf4):
    reader = PdfReader(io.BytesIO(pdf4))
    seen = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            seen.add(font["/BaseFont"])
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, font["/BaseFont"]
    assert any("DejaVuSans" in name for name in seen)


def hostile_catalog() -> Catalog:
    base = shipped_catalog()
    renamed = {
        "band-pull-apart": 'Тяга резинки <b>&amp; "x"',
        "seated-row": "Κωπηλασία",
        "overhead-pulldown": "משיכה עליונה " + "x" * 300,
        "one-arm-row": "Row 💪🏽 one\r\narm\rrow",
        "seated-back-extension": "A" * 300,
    }
    exercises = {}
    for key, ex in base.exercises.items():
        if key in renamed:
            ex = ex._replace(
                name=renamed[key], source="<source> & co",
                steps=ex.steps + ("Step with\r\nCR/LF, <para> & ]]> " + "W" * 300,),
                cues=ex.cues + ("Εκπνοή & <i>not italic</i>",),
                notes=("Заметка <br/> &lt;",))
        exercises[key] = ex
    return Catalog(exercises=exercises, guidance=base.guidance + ("<guidance> & more",),
                   safety=base.safety + ("Safety <b>first</b>\nnew line " + "Z" * 400,))


def test_markup_cyrillic_greek_emoji_and_long_words_print_literally():
    plan = make_plan(catalog=hostile_catalog(), weeks=2, name='Plan <b>&amp; "q"',
                     bands=("light <b>", "medium & co", "heavy"))
    data = render(plan)
    pages = texts(data)
    everything = " ".join(pages)
    for needle in ('Тяга резинки <b>&amp; "x"', "Κωπηλασία", "<guidance> & more",
                   "Safety <b>first</b> new line", "Заметка <br/> &lt;", "<source> & co",
                   "Εκπνοή & <i>not italic</i>", 'Plan <b>&amp; "q"', "light <b>",
                   "Step with CR/LF, <para> & ]]>"):
        assert needle in everything, needle
    # sheets still one page each, names on them
    first = 1 + [n for n, t in enumerate(pages) if "training log" in t][0]
    for n, (_, session) in enumerate(plan.sessions()):
        sheet = pages[first - 1 + n]
        assert long_date(session.date) in sheet
        if any(i.exercise == "seated-row" for i in session.items):
            assert "Κωπηλασία" in sheet


# ---------------------------------------------------------------- determinism and speed


def test_same_plan_gives_the_same_bytes(plan4, pdf4):
    assert render(plan4) == pdf4
    assert render(make_plan(weeks=4, deload_every=3)) == pdf4


def test_same_bytes_in_a_fresh_process():
    code = ("import hashlib\n"
            "from datetime import date\n"
            "from planner.builder import build_plan\n"
            "from planner.catalog import load_catalog\n"
            "from planner.settings import Settings\n"
            "from planner_pdf import PdfExporter\n"
            "plan = build_plan(load_catalog(), Settings(start=date(2026, 11, 23),\n"
            "                  timezone='Europe/Berlin', weeks=1))\n"
            "print(hashlib.sha256(PdfExporter().render(plan, {'paper': 'letter'})).hexdigest())\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    here = hashlib.sha256(render(make_plan(weeks=1), paper="letter")).hexdigest()
    assert result.stdout.strip() == here


def test_metadata_is_fixed(pdf4):
    info = PdfReader(io.BytesIO(pdf4)).metadata
    assert info["/Creator"] == "band-planner"
    assert info["/Author"] == "band-planner"
    assert info["/Title"] == "plan: resistance-band back routine"
    assert info["/CreationDate"].startswith("D:2000")


@pytest.mark.slow
def test_ten_years_export_with_the_predicted_page_count():
    # Export time and its linear growth are measured by benchmarks/run.py, not here.
    from planner_pdf.document import measure

    plan = make_plan(weeks=520)
    data = render(plan)
    pages = measure(plan, PAPERS["a4"]).pages
    assert pages.sessions == 1560
    assert len(PdfReader(io.BytesIO(data)).pages) == pages.total


def test_bookmarks_name_each_week_and_its_sessions_and_open_shown():
    plan = make_plan(weeks=2, deload_every=2)
    reader = PdfReader(io.BytesIO(render(plan)))
    titles = []

    def walk(entries, depth):
        for entry in entries:
            if isinstance(entry, list):
                walk(entry, depth + 1)
            else:
                titles.append((depth, entry.title))

    walk(reader.outline, 0)
    expected = []
    for week in plan.weeks:
        expected.append((0, f"Week {week.number}" + (" (deload)" if week.deload else "")))
        expected += [(1, long_date(session.date)) for session in week.sessions]
    assert titles[0] == (0, "Overview")
    assert titles[1:titles.index((0, "Exercise reference"))] == expected
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_nothing_is_printed_within_10_mm_of_an_edge(paper):
    """Rendered pages have no ink within 10 mm of any edge (A4 printed on Letter loses ~9 mm)."""
    dpi = 50
    margin = round(10 / 25.4 * dpi)
    pages = rasters(render(make_plan(weeks=1, deload_every=0), paper=paper), dpi)
    assert pages
    for number, page in enumerate(pages, start=1):
        bounds = page.ink_bounds()
        assert bounds, f"page {number} is blank"
        left, top, right, bottom = bounds
        assert left >= margin and right < page.width - margin, (number, left, right)
        assert top >= margin and bottom < page.height - margin, (number, top, bottom)


def test_fields_auto_makes_long_plans_print_only():
    """Ten years of fillable sheets would need 260 MB while rendering: beyond 700 sessions
    `fields=auto` (the default) leaves the fields out, and `fields=on` still asks for them."""
    from planner_pdf import MAX_FILLABLE_SESSIONS

    long_plan = make_plan(weeks=MAX_FILLABLE_SESSIONS // 3 + 1)
    assert sum(len(w.sessions) for w in long_plan.weeks) > MAX_FILLABLE_SESSIONS
    assert "/AcroForm" not in PdfReader(io.BytesIO(render(long_plan))).trailer["/Root"]
    short = make_plan(weeks=1)
    assert PdfReader(io.BytesIO(render(short))).get_fields()
    assert not PdfReader(io.BytesIO(render(short, fields="off"))).get_fields()
    assert PdfReader(io.BytesIO(render(short, fields="on"))).get_fields()


def test_every_sheet_offers_all_four_feels_with_a_legend_that_fits_it():
    """easy, ok, hard and pain on every sheet; the legend says what they do there: at the top
    of the bands (one band owned, so no "next band"), and in a deload week (feel changes
    nothing but pain)."""
    tops = deloads = 0
    for plan in (make_plan(weeks=12, level="advanced", bands=("only",)),
                 make_plan(weeks=4, level="advanced", bands=("only",), deload_every=3)):
        tops, deloads = _feels_and_legends(plan, tops, deloads)
    assert tops and deloads  # weeks 11 and 12 are at 3 x top with minimal slack


def _feels_and_legends(plan, tops: int, deloads: int) -> tuple[int, int]:
    data = render(plan)
    fields = PdfReader(io.BytesIO(data)).get_fields()
    pages = texts(data)
    first_sheet = next(n for n, text in enumerate(pages) if "training log" in text)
    for index, (week, session) in enumerate(plan.sessions()):
        text = pages[first_sheet + index]
        assert "next band" not in text  # one band owned
        assert "pain: stop if sharp" in text
        for item in session.items:
            feel = next(v for k, v in fields.items()
                        if k.startswith(f"bp1:{session.uid}:{item.exercise}:feel"))
            assert set(feel.get("/_States_", [])) == {"/easy", "/ok", "/hard", "/pain", "/Off"}
        top = any(item.slack == "minimal" and item.sets == 3
                  and item.reps == plan.exercises[item.exercise].reps[1] for item in session.items)
        if week.deload:
            deloads += 1
            assert "easy, ok or hard change nothing" in text
            assert "step up" not in text
        else:
            assert "a step up next time" in text and "next band" not in text
            assert ("you have outgrown them" in text) == top, session.date
            assert ("top of your bands" in text) == top, session.date
            tops += top
    return tops, deloads


def test_longer_plans_get_a_progression_chart_with_their_bands():
    from planner_pdf.overview import CHART_WEEKS

    plan = make_plan(weeks=CHART_WEEKS + 16, bands=("light", "medium", "heavy"), deload_every=4)
    overview = " ".join(texts(render(plan), range(3)))
    assert "How your training climbs" in overview
    assert "upper back" in overview and "lower back" in overview
    for band in plan.bands_used():
        assert band in overview
    short = texts(render(make_plan(weeks=CHART_WEEKS - 1)), range(3))
    assert not any("How your training climbs" in text for text in short)


def test_page_ranges_on_the_first_page_link_to_those_pages(plan4, pdf4, pages4):
    from planner_pdf.document import measure

    reader = PdfReader(io.BytesIO(pdf4))
    numbers = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages, start=1)}
    targets = [numbers[annot.get_object()["/Dest"][0].idnum]
               for annot in reader.pages[0].get("/Annots", [])
               if annot.get_object().get("/Subtype") == "/Link"]
    pages = measure(plan4, PAPERS["a4"]).pages
    assert targets[:2] == [pages.first_sheet, pages.first_reference]
    assert f"pages {pages.first_sheet}–" in pages4[0]


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_sheets_print_dose_band_and_rest_large_and_say_how_to_start(paper):
    """Someone on the mat 1-1.5 m from the sheet reads sets × reps, band and rest (16 pt);
    someone who printed only this week's sheets still knows how to set up each exercise."""
    import pymupdf as fitz  # a test dependency: nothing to skip
    plan = make_plan(weeks=6, level="intermediate", bands=["light", "extra-heavy"], minutes=40)
    doc = fitz.open(stream=render(plan, paper=paper), filetype="pdf")
    first = next(n for n, page in enumerate(doc) if "training log" in page.get_text())
    for n, (_, session) in enumerate(plan.sessions()):
        page = doc[first + n]
        sizes: dict[str, float] = {}
        for block in page.get_text("dict")["blocks"]:
            for line in block.get("lines", []):
                for span in line["spans"]:
                    text = span["text"].strip()
                    sizes[text] = min(span["size"], sizes.get(text, 99))
        text = flat(page.get_text())
        for item in session.items:
            assert sizes[f"{item.sets} × {item.reps}"] >= 15.9
            assert sizes[item.band] >= 15.9, item.band  # "extra-heavy" fits at full size
            assert sizes[f"{item.rest_seconds} s"] >= 15.9
            exercise = plan.exercises[item.exercise]
            assert exercise.setup and exercise.cue  # the shipped catalog has both
            assert flat(f"Set up: {exercise.setup}") in text
            assert flat(f"Cue: {exercise.cue}") in text
    assert max(len(s.items) for _, s in plan.sessions()) == 6  # full sheets were among them
    doc.close()


def test_sheets_fall_back_to_the_first_step_and_the_last_cue():
    catalog = shipped_catalog()
    bare = {key: ex._replace(setup="", cue="") for key, ex in catalog.exercises.items()}
    plan = make_plan(weeks=1, catalog=catalog._replace(exercises=bare))
    [text] = texts(render(plan), range(1, 2))
    item = plan.weeks[0].sessions[0].items[0]
    exercise = plan.exercises[item.exercise]
    assert "setup" not in exercise.to_dict()  # nothing empty is written to the plan file
    assert flat(f"Set up: {exercise.steps[0]}")[:40] in text
    assert f"Cue: {exercise.cues[-1]}"[:30] in text


EVERY_DAY = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


@pytest.mark.parametrize("paper,days,weeks", [
    ("letter", ["mon", "wed", "fri"], 4),  # used to leave week 4 alone on page 2
    ("letter", ["mon", "wed", "fri"], 7),
    ("letter", ["mon", "thu"], 7),
    ("a4", EVERY_DAY, 4),  # used to push the whole grid to page 2
    ("a4", EVERY_DAY, 6),
    ("letter", EVERY_DAY, 5),
])
def test_short_plans_fit_their_overview_on_one_page(paper, days, weeks):
    from planner_pdf.document import measure

    plan = make_plan(weeks=weeks, days=days)
    assert measure(plan, PAPERS[paper]).pages.overview == 1


def test_the_overview_page_shows_every_week_and_says_the_parts_trained_once():
    plan = make_plan(weeks=4, days=EVERY_DAY)
    pages = texts(render(plan, paper="letter"), range(2))
    first = pages[0]
    assert "Your weeks at a glance" in first and "training log" in pages[1]
    for week in plan.weeks:
        assert re.search(rf"\bWeek {week.number}\b", first)
    assert "Every session works the upper, mid and lower back" in first
    assert "upper, mid, lower" not in first  # not in every box


def test_an_orphaned_last_row_or_two_of_a_long_grid_is_set_tighter():
    from planner_pdf.document import measure
    from planner_pdf.overview import WeekGrid

    plan = make_plan(weeks=40)
    layout = measure(plan, PAPERS["a4"])
    grid = WeekGrid.for_plan(layout)
    loose_rows = 30
    room = grid.HEADER_H + loose_rows * grid.row_h + 1
    # a page with room for all but two rows takes them all, tighter
    grid2 = grid._again(grid.rows[:loose_rows + 2])
    [whole] = grid2.split(500, room)
    assert whole.tight and len(whole.rows) == loose_rows + 2
    assert whole.wrap(500, room)[1] <= room
    # three left over: a normal split
    grid3 = grid._again(grid.rows[:loose_rows + 3])
    head, rest = grid3.split(500, room)
    assert not head.tight and len(head.rows) == loose_rows and len(rest.rows) == 3


def test_sheets_with_few_exercises_show_their_full_steps_rather_than_empty_lines():
    short = make_plan(weeks=1, minutes=5)
    sheets = texts(render(short), range(1, 1 + len(short.weeks[0].sessions)))
    for (_, session), text in zip(short.sessions(), sheets, strict=True):
        assert len(session.items) <= 2
        first = short.exercises[session.items[0].exercise]
        assert "Steps" in text
        for step in first.steps:
            assert flat(step) in text
        assert text.index("Every rep") < text.index("Steps") < text.index("Notes")
    full = make_plan(weeks=1)
    [sheet] = texts(render(full), range(1, 2))
    assert len(full.weeks[0].sessions[0].items) >= 5 and "Steps " not in sheet


def test_dose_lines_are_whole_and_at_least_9_pt():
    """"new band", the slack and what was done last time are never cut or shrunk below
    9 pt (they were: "new band · slack:…", "did 16 Dec: 7 (hard), norm…" at 6.5 pt)."""
    import pymupdf as fitz  # a test dependency: nothing to skip
    plan = make_plan(weeks=12, level="advanced")
    doc = fitz.open(stream=render(plan), filetype="pdf")
    seen = set()
    for page in doc:
        for block in page.get_text("dict")["blocks"]:
            for line in block.get("lines", []):
                for span in line["spans"]:
                    text = span["text"].strip()
                    kind = next((k for k in ("slack:", "new band", "last:", "did ", "rest")
                                 if text.startswith(k)), None)
                    if kind:
                        seen.add(kind)
                        assert span["size"] >= 8.99 and "…" not in text, (page.number, text)
    assert {"slack:", "new band", "last:", "rest"} <= seen
    doc.close()


def test_the_shipped_field_font_is_what_the_recipe_makes():
    """fonts/DejaVuSans-fields.bin and .json are what field_font makes from DejaVuSans.ttf
    (else `python -m planner_pdf.field_font` rewrites them), and a run reads them."""
    from planner_pdf import field_font

    assert field_font.main(["--check"]) == 0
    source = field_font._source()
    assert field_font._shipped(source) == field_font._build(source)
    assert field_font._shipped(source + b"\0") is None  # another font file: made anew


def test_remembered_formatting_is_reportlabs_and_is_put_back():
    """While a booklet is written, reportlab's number, name and text encoding give what
    reportlab's own functions give; after it, reportlab has its own functions back."""
    import random

    from reportlab.lib import rl_accel
    from reportlab.pdfbase import pdfdoc
    from reportlab.pdfgen import canvas, textobject

    from planner_pdf.formatting import remembered

    originals = (rl_accel.fp_str, canvas.fp_str, textobject.fp_str, pdfdoc.fp_str,
                 pdfdoc.PDFName, pdfdoc.pdfdocEnc)
    fp_str, name, encode = rl_accel.fp_str, pdfdoc.PDFName, pdfdoc.pdfdocEnc
    rng = random.Random(7)
    numbers = [0, 1, -1, 0.5, 1e-8, -1e-8, 1e-7, 2 ** 40, 1 / 3, -0.0, 99.9999999, True]
    numbers += [rng.uniform(-2000, 2000) for _ in range(3000)] + list(range(-300, 300))
    strings = ["Type", "FormXob.fig.a b", "x(y)#", "é", "", "a" * 150, "q\n1 0 0 1 5 6 cm",
               "\x19", "(\\001) Tj"]
    with remembered():
        assert canvas.fp_str is pdfdoc.fp_str is not fp_str
        for _ in range(2):  # worked out, then remembered
            for value in numbers:
                assert pdfdoc.fp_str(value) == fp_str(value)
            assert pdfdoc.fp_str(*numbers[:20]) == fp_str(*numbers[:20])
            assert pdfdoc.fp_str(numbers[:20]) == fp_str(numbers[:20])
            for text in strings:
                assert pdfdoc.PDFName(text) == name(text)
                try:
                    expected = encode(text)
                except UnicodeError:
                    with pytest.raises(UnicodeError):
                        pdfdoc.pdfdocEnc(text)
                else:
                    assert pdfdoc.pdfdocEnc(text) == expected
        assert pdfdoc.pdfdocEnc(b"bytes") == b"bytes"
    assert (rl_accel.fp_str, canvas.fp_str, textobject.fp_str, pdfdoc.fp_str,
            pdfdoc.PDFName, pdfdoc.pdfdocEnc) == originals


def test_a_fillable_booklet_is_packed_as_pack_packs_reportlabs_file(plan4, pdf4, monkeypatch):
    """Written straight into object streams, a fillable booklet has the bytes that packing
    the file reportlab writes gives (the way taken when packed_file declines)."""
    from planner_pdf import packing

    assert b"/Type/ObjStm" in pdf4 and b"\nxref\n" not in pdf4
    monkeypatch.setattr(packing, "packed_file", lambda doc: None)
    assert render(plan4) == pdf4
