"""Fillable PDF sheets end to end: the fields the exporter writes, a sheet filled as a tablet
app fills it (pypdf, and PyMuPDF with a full and an incremental save), `planner import` of the
filled file, and what `planner history --json` then says (README: the pdf exporter under
"Exporters", and `planner import` under "Log what you did, and let the plan follow").

Real readers and writers only: pypdf and PyMuPDF fill and read the forms, reportlab makes PDFs
that are not ours, PyMuPDF renders a filled page. Field names are written out here
from the contract, not taken from planner.log.sheet_fields, so a renamed field fails.

Plans are built with `--level advanced` (3 sets per exercise, so a blank box between filled
ones can be tested) unless a test says otherwise; the beginner default has one set each.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from compression import deflated
from rendering import rasters, shown_words
from rendering import texts as page_texts

from conftest import error, load_json, ok, run_process

START = ("--start", "2026-11-23", "--tz", "Europe/Berlin")
BUILD = ("build", "--weeks", "2", *START, "--format", "pdf")
ADVANCED = ("--level", "advanced")
LOG = "log.sqlite3"  # relative: the cli fixture runs in tmp_path
NOTE = "背中が少し張る\nΚαλή προπόνηση · ok"  # a multi-line note, Japanese and Greek
CONTRACT_KEYS = ("date", "session", "exercise", "status", "sets", "band", "slack", "feel",
                 "target", "source")
SESSION_KEYS = ("effort", "minutes", "note")
FEELS = ("easy", "ok", "hard", "pain")
MM5 = 5 * 72 / 25.4  # a radio button at least 5 mm across
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
RADIO = 1 << 15  # field flag bit 16: radio button


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path):
    """No test reaches the user's log: the default log folder is inside tmp_path."""
    monkeypatch.delenv("PLANNER_LOG", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    yield
    assert not (tmp_path / "xdg-data").exists(), "a command fell back to the default log"


# -- helpers ---------------------------------------------------------------------------------

def sessions(doc):
    return [s for week in doc["weeks"] for s in week["sessions"]]


def escape(uid: str) -> str:
    return uid.replace("%", "%25").replace(".", "%2E").replace(":", "%3A")


def fname(session, exercise: str, *parts) -> str:
    """A field name as the sheets' contract spells it: bp1:UID:EXERCISE:PART…, the uid's
    `%`, `.` and `:` escaped."""
    return ":".join(["bp1", escape(session["uid"]), exercise, *map(str, parts)])


def date_of(day: str) -> date:
    return date.fromisoformat(day)


def long_date(day: str) -> str:
    d = date.fromisoformat(day)
    return f"{WEEKDAYS[d.weekday()]} {d.day} {MONTHS[d.month - 1]} {d.year}"


def expected_fields(session) -> dict[str, str]:
    """Every field a session's sheet must have: name -> "text" or "radio"."""
    fields = {}
    for item in session["items"]:
        for n in range(1, item["sets"] + 1):
            for side in (("L", "R") if item["per_side"] else ("",)):
                fields[fname(session, item["exercise"], "reps", n, *([side] if side else []))] \
                    = "text"
        fields[fname(session, item["exercise"], "feel")] = "radio"
        fields[fname(session, item["exercise"], "band")] = "text"
        fields[fname(session, item["exercise"], "slack")] = "text"
        fields[fname(session, item["exercise"], "dose")] = "hidden"
    for part in ("done", "minutes", "effort", "notes"):
        fields[fname(session, "_session", part)] = "text"
    fields[fname(session, "_session", "rev")] = "hidden"
    return fields


def printed_dose(item) -> str:
    return f"{item['sets']}x{item['reps']}@{item['band']}/{item['slack']}"


def widgets(page) -> list[dict]:
    """The widget annotations of a pypdf page, each with its terminal field's name."""
    found = []
    for ref in page.get("/Annots") or []:
        annot = ref.get_object()
        if annot.get("/Subtype") != "/Widget":
            continue
        field = annot if "/T" in annot else annot["/Parent"].get_object()
        appearance = annot.get("/AP")
        appearance = appearance.get_object() if appearance is not None else {}
        found.append({"name": str(field["/T"]), "type": field.get("/FT"),
                      "flags": int(field.get("/Ff", 0)), "rect": [float(v) for v in annot["/Rect"]],
                      "annot_flags": int(annot.get("/F", 0)), "value": field.get("/V"),
                      "states": sorted(str(k) for k in appearance.get("/N", {}))
                      if field.get("/FT") == "/Btn" else []})
    return found


def filled_values(path: Path) -> dict[str, str]:
    """The non-blank values of every field, as pypdf reads them (radio values keep no slash)."""
    values = {}
    for name, field in (PdfReader(path).get_fields() or {}).items():
        if name.endswith((":dose", ":rev")):  # what the sheet printed, not what was filled
            continue
        value = field.get("/V")
        if value is None:
            continue
        text = str(value)
        if field.get("/FT") == "/Btn":
            text = text.lstrip("/")
            if text == "Off":
                continue
        if text:
            values[name] = text
    return values


def rows_of(text: str) -> list[dict]:
    rows = json.loads(text)
    for row in rows:
        assert set(CONTRACT_KEYS + SESSION_KEYS) <= set(row), row
    return [{key: row[key] for key in CONTRACT_KEYS + SESSION_KEYS} for row in rows]


def by_key(rows):
    return sorted(rows, key=lambda r: (r["date"], r["session"], r["exercise"]))


def history(cli, log=LOG) -> str:
    return ok(cli("history", "--json", "--log", log)).out


def log_state(folder: Path, name=LOG) -> dict[str, str]:
    """The log file and its -wal/-journal companions, by content."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.name.startswith(name)}


# -- what a user writes on two sheets --------------------------------------------------------

class Fill:
    """The values written on two session sheets of a plan (name -> text; a radio's value is
    the plain word), and the history --json rows they must give."""

    def __init__(self, doc):
        all_sessions = sessions(doc)
        bands = doc["settings"]["bands"]
        a = next(s for s in all_sessions if any(i["per_side"] for i in s["items"])
                 and sum(not i["per_side"] for i in s["items"]) >= 4)
        b = next(s for s in reversed(all_sessions) if s is not a
                 and sum(not i["per_side"] for i in s["items"]) >= 2)
        assert all(i["sets"] == 3 for s in (a, b) for i in s["items"]), "build with 3 sets"
        self.values: dict[str, str] = {}
        self.rows: list[dict] = []
        notes = {a["uid"]: (7, 35, NOTE), b["uid"]: (5, None, None)}

        def write(session, item, reps, band=None, slack=None, feel=None):
            """reps: per set, a text or an (L, R) pair of texts; '' is a blank box."""
            for n, box in enumerate(reps, start=1):
                for side, text in (zip(("L", "R"), box, strict=True) if item["per_side"] else [("", box)]):
                    if text:
                        self.values[fname(session, item["exercise"], "reps", n,
                                          *([side] if side else []))] = text
            for part, value in (("band", band), ("slack", slack), ("feel", feel)):
                if value:
                    self.values[fname(session, item["exercise"], part)] = value

        def logged(session, item, sets, band=None, slack=None, feel=None):
            effort, minutes, note = notes[session["uid"]]
            self.rows.append({
                "date": session["date"], "session": session["uid"],
                "exercise": item["exercise"], "status": "done", "sets": sets,
                "band": band or item["band"], "slack": slack or item["slack"], "feel": feel,
                "target": {k: item[k] for k in ("sets", "reps", "band", "slack")},
                "source": "pdf", "effort": effort, "minutes": minutes, "note": note})

        two = [i for i in a["items"] if not i["per_side"]]
        side = next(i for i in a["items"] if i["per_side"])
        other_band = next(band for band in reversed(bands) if band != two[1]["band"])
        # A: 3 sets felt easy; two sets on another band (typed with a capital, as tablets
        # do), felt hard; one exercise all blank and one with only a feel: neither is logged.
        write(a, two[0], ["12", "12", "11"], feel="easy")
        logged(a, two[0], [12, 12, 11], feel="easy")
        write(a, two[1], ["10", "9", ""], band=other_band.capitalize(), feel="hard")
        logged(a, two[1], [10, 9], band=other_band, feel="hard")
        write(a, two[3], ["", "", ""], feel="ok")
        self.blank, self.feel_only = two[2]["exercise"], two[3]["exercise"]
        # One-sided: left and right differ; two sets of three; no feel.
        write(a, side, [("10", "8"), ("9", "7"), ("", "")])
        logged(a, side, [[10, 8], [9, 7]])
        effort, minutes, note = notes[a["uid"]]
        self.values[fname(a, "_session", "done")] = a["date"]
        self.values[fname(a, "_session", "effort")] = str(effort)
        self.values[fname(a, "_session", "minutes")] = str(minutes)
        self.values[fname(a, "_session", "notes")] = note

        two_b = [i for i in b["items"] if not i["per_side"]]
        slack = "reduced" if two_b[0]["slack"] != "reduced" else "added"
        write(b, two_b[0], ["10", "10", "10"], slack=slack.capitalize(), feel="ok")
        logged(b, two_b[0], [10, 10, 10], slack=slack, feel="ok")
        write(b, two_b[1], ["8", "", ""])  # trailing blank boxes: one set done
        logged(b, two_b[1], [8])
        self.values[fname(b, "_session", "effort")] = "5"
        self.sessions = (a, b)

    def changed(self, **edits) -> dict[str, str]:
        values = dict(self.values)
        values.update(edits)
        return values


def fill_pypdf(src: Path, dst: Path, values: dict[str, str]) -> Path:
    """Fill with pypdf's PdfWriter: text as text, a radio group's value as a name (/easy)."""
    radio = {name for name in values if name.endswith(":feel")}
    given = {name: (f"/{value}" if name in radio else value) for name, value in values.items()}
    writer = PdfWriter(clone_from=str(src))
    for page in writer.pages:
        on_page = {w["name"] for w in widgets(page)}
        mine = {k: v for k, v in given.items() if k in on_page}
        if mine:
            writer.update_page_form_field_values(page, mine, auto_regenerate=False)
    writer.write(str(dst))
    return dst


def fill_pymupdf_widgets(doc, values: dict[str, str]) -> int:
    """Fill as a PyMuPDF app does: set each widget's field_value and update() it. A radio
    group is set by switching on the button whose on-state is the value."""
    import pymupdf

    done = 0
    for page in doc:
        for widget in page.widgets():
            value = values.get(widget.field_name)
            if value is None:
                continue
            if widget.field_type == pymupdf.PDF_WIDGET_TYPE_RADIOBUTTON:
                if widget.on_state() != value:
                    continue
                widget.field_value = True
            else:
                widget.field_value = value
            widget.update()
            done += 1
    return done


def fill_pymupdf(src: Path, dst: Path, values: dict[str, str], incremental: bool) -> Path:
    import pymupdf

    if incremental:
        shutil.copyfile(src, dst)
        doc = pymupdf.open(str(dst))
        assert fill_pymupdf_widgets(doc, values) == len(values)
        doc.save(doc.name, incremental=True, encryption=pymupdf.PDF_ENCRYPT_KEEP)
    else:
        doc = pymupdf.open(str(src))
        assert fill_pymupdf_widgets(doc, values) == len(values)
        doc.save(str(dst))
    doc.close()
    return dst


FILLERS = {
    "pypdf": lambda src, dst, values: fill_pypdf(src, dst, values),
    "pymupdf-full": lambda src, dst, values: fill_pymupdf(src, dst, values, incremental=False),
    "pymupdf-incremental": lambda src, dst, values: fill_pymupdf(src, dst, values,
                                                                  incremental=True),
}


# -- one build for the module; each test copies what it needs into its tmp_path ------------

def build_into(folder: Path, *args: str) -> None:
    from planner.cli import main

    try:
        main([*BUILD, *args, "--out-dir", str(folder)])
    except SystemExit as exc:
        assert exc.code in (0, None), exc.code


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """plan.json/plan.pdf (advanced, 2 weeks), the same plan's PDF with pdf.fields=off
    (nofields.pdf), another plan (club.v2), and plan.pdf filled by each filler."""
    folder = tmp_path_factory.mktemp("made")
    build_into(folder, *ADVANCED)
    build_into(folder / "off", *ADVANCED, "--option", "pdf.fields=off")  # same name: plan
    (folder / "off" / "plan.pdf").rename(folder / "nofields.pdf")
    shutil.rmtree(folder / "off")
    build_into(folder, *ADVANCED, "--name", "club.v2")
    fill = Fill(load_json(folder / "plan.json"))
    for name, filler in FILLERS.items():
        filler(folder / "plan.pdf", folder / f"filled-{name}.pdf", fill.values)
    return folder


@pytest.fixture
def fill(made):
    return Fill(load_json(made / "plan.json"))


@pytest.fixture
def here(made, tmp_path):
    """The module's files in this test's folder (where the cli fixture runs)."""
    for path in made.iterdir():
        shutil.copyfile(path, tmp_path / path.name)
    return tmp_path


# -- 1. the fields -------------------------------------------------------------------------

@pytest.mark.parametrize("level", [(), ADVANCED], ids=["beginner", "advanced"])
def test_every_sheet_has_exactly_its_fields(cli, tmp_path, level):
    ok(cli(*BUILD, *level))
    doc = load_json(tmp_path / "plan.json")
    reader = PdfReader(tmp_path / "plan.pdf")
    assert reader.trailer["/Root"].get("/AcroForm") is not None
    sheets = [(n, page) for n, page in enumerate(reader.pages) if widgets(page)]
    assert len(sheets) == len(sessions(doc)), "one page with fields per session"
    texts = page_texts((tmp_path / "plan.pdf").read_bytes())
    all_names = set()
    for (number, page), session in zip(sheets, sessions(doc), strict=True):
        assert long_date(session["date"]) in texts[number]  # the session's own sheet
        found = widgets(page)
        want = expected_fields(session)
        kinds: dict[str, list[dict]] = {}
        for w in found:
            kinds.setdefault(w["name"], []).append(w)
        assert set(kinds) == set(want), (set(kinds) ^ set(want))
        items = {item["exercise"]: item for item in session["items"]}
        for name, kind in want.items():
            if kind == "text":
                [w] = kinds[name]  # one widget per text field
                assert w["type"] == "/Tx" and not w["flags"] & RADIO, name
                assert w["annot_flags"] & 4, name  # printed
            elif kind == "hidden":  # what the sheet printed: hidden, read-only, not printed
                [w] = kinds[name]
                assert w["type"] == "/Tx" and w["flags"] & 1 and w["annot_flags"] & 2, name
                exercise = name.split(":")[2]
                assert str(w["value"]) == (str(session.get("revision", 0)) if
                                           exercise == "_session" else
                                           printed_dose(items[exercise])), name
            else:
                assert len(kinds[name]) == 4, name  # easy, ok, hard, pain: on every sheet
                assert all(w["type"] == "/Btn" and w["flags"] & RADIO for w in kinds[name])
                for w in kinds[name]:  # big enough for a finger
                    x0, y0, x1, y1 = w["rect"]
                    assert x1 - x0 >= MM5 and y1 - y0 >= MM5, (name, w["rect"])
                assert sorted(s for w in kinds[name] for s in w["states"] if s != "/Off") == \
                    sorted(f"/{f}" for f in FEELS), name
                assert all("/Off" in w["states"] for w in kinds[name])
        # Every widget on the page, none overlapping another (a tap lands in one field).
        box = [float(v) for v in page.mediabox]
        rects = [w["rect"] for w in found if not w["annot_flags"] & 2]
        for n, (x0, y0, x1, y1) in enumerate(rects):
            assert box[0] <= x0 < x1 <= box[2] and box[1] <= y0 < y1 <= box[3], rects[n]
            for m in range(n):
                u0, v0, u1, v1 = rects[m]
                assert x1 <= u0 or u1 <= x0 or y1 <= v0 or v1 <= y0, (rects[n], rects[m])
        assert not all_names & set(want), "a field name repeats across sheets"
        all_names |= set(want)
    assert set(reader.get_fields()) == all_names  # no other field in the document


def test_fields_off_has_no_form_and_the_same_pages_and_text(here):
    on, off = (here / "plan.pdf").read_bytes(), (here / "nofields.pdf").read_bytes()
    reader = PdfReader(io.BytesIO(off))
    assert not reader.get_fields()
    assert reader.trailer["/Root"].get("/AcroForm") is None
    assert not any(widgets(page) for page in reader.pages)
    on_texts, off_texts = page_texts(on), page_texts(off)
    assert len(off_texts) == len(on_texts)
    # Only the sheets' "Then:" line differs: print-only sheets do not mention a PDF app.
    from planner_pdf.sheet import FILLABLE as fillable
    for on_text, off_text in zip(on_texts, off_texts, strict=True):
        assert off_text == " ".join(on_text.replace(fillable, "").split())
    assert any(fillable in " ".join(text.split()) for text in on_texts)


def test_a_blank_sheet_adds_nothing_and_creates_no_log(cli, here):
    said = ok(cli("import", "plan.pdf", "--plan", "plan.json", "--log", LOG)).out
    assert "nothing to import" in said
    assert not (here / LOG).exists()


# -- 2. filled by a tablet app, imported, shown by history ---------------------------------

@pytest.mark.parametrize("filler", list(FILLERS))
def test_filled_sheet_imports_exactly_what_was_filled(cli, here, fill, filler):
    path = here / f"filled-{filler}.pdf"
    assert filled_values(path) == fill.values  # the filler wrote exactly that, nothing more
    if filler == "pymupdf-incremental":  # really an update appended to the exported bytes
        original = (here / "plan.pdf").read_bytes()
        assert path.read_bytes().startswith(original) and path.stat().st_size > len(original)

    done = ok(cli("import", path.name, "--plan", "plan.json", "--log", LOG))
    said = done.out
    assert f"added {len(fill.rows)} entries" in said and path.name in said
    # The feel given without reps is not lost without a word.
    assert done.err.splitlines() == [f"Warning: {path.name}: {fill.sessions[0]['date']} "
                                     f"{fill.feel_only}: feel given but no reps, so nothing "
                                     "was logged for it"]
    text = history(cli)
    rows = rows_of(text)
    assert by_key(rows) == by_key(fill.rows)
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    logged = {r["exercise"] for r in rows if r["session"] == fill.sessions[0]["uid"]}
    assert fill.blank not in logged and fill.feel_only not in logged
    assert NOTE.splitlines()[0] in text  # non-Latin text as text, not \u escapes

    # 3. Importing the same file again changes nothing.
    before = log_state(here)
    said = ok(cli("import", path.name, "--plan", "plan.json", "--log", LOG)).out
    assert "added 0 entries" in said and f"{len(fill.rows)} already logged" in said
    assert history(cli) == text
    assert log_state(here) == before


def test_another_plans_sheet_imports_with_its_own_plan(cli, here):
    fill = Fill(load_json(here / "club.v2.json"))
    fill_pypdf(here / "club.v2.pdf", here / "club-filled.pdf", fill.values)
    ok(cli("import", "club-filled.pdf", "--plan", "club.v2.json", "--log", LOG))
    assert by_key(rows_of(history(cli))) == by_key(fill.rows)


# -- 3. again, changed, dry run ------------------------------------------------------------

def test_a_refilled_value_needs_replace_and_replace_changes_it(cli, here, fill):
    ok(cli("import", "filled-pypdf.pdf", "--plan", "plan.json", "--log", LOG))
    text, state = history(cli), log_state(here)
    a = fill.sessions[0]
    first = next(r for r in fill.rows if r["session"] == a["uid"])
    box, feel = fname(a, first["exercise"], "reps", 1), fname(a, first["exercise"], "feel")
    assert first["feel"] == "easy"
    # The same sheet opened again in an app, one box and the feel changed (PyMuPDF,
    # incremental save over pypdf's fill: the radio group must switch, not gain a second on).
    edits = {box: "9", feel: "hard"}
    refilled = fill_pymupdf(here / "filled-pypdf.pdf", here / "refilled.pdf", edits,
                            incremental=True)
    assert filled_values(refilled) == fill.changed(**edits)
    error(cli("import", "refilled.pdf", "--plan", "plan.json", "--log", LOG),
          "refilled.pdf", "--replace", first["exercise"])
    assert history(cli) == text and log_state(here) == state

    said = ok(cli("import", "refilled.pdf", "--plan", "plan.json", "--replace", "--log", LOG)).out
    assert "replaced 1" in said and "added 0" in said
    rows = rows_of(history(cli))
    expected = [dict(r, sets=[9] + r["sets"][1:], feel="hard") if r is first else r
                for r in fill.rows]
    assert by_key(rows) == by_key(expected)


def test_dry_run_changes_nothing_and_creates_no_log(cli, here, fill):
    said = ok(cli("import", "filled-pymupdf-full.pdf", "--plan", "plan.json", "--dry-run",
                  "--log", LOG)).out
    assert f"would add {len(fill.rows)} entries" in said
    for row in fill.rows:
        assert f"{row['date']} {row['exercise']}" in said
    assert not (here / LOG).exists()

    ok(cli("import", "filled-pymupdf-full.pdf", "--plan", "plan.json", "--log", LOG))
    text, state = history(cli), log_state(here)
    a = fill.sessions[0]
    first = next(r for r in fill.rows if r["session"] == a["uid"])
    fill_pypdf(here / "plan.pdf", here / "changed.pdf",
               fill.changed(**{fname(a, first["exercise"], "reps", 2): "3"}))
    for extra in ((), ("--replace",)):
        said = ok(cli("import", "filled-pymupdf-full.pdf", "--plan", "plan.json", "--dry-run",
                      *extra, "--log", LOG)).out
        assert "would add 0 entries" in said and "would replace 0" in said
        assert history(cli) == text and log_state(here) == state
    # A dry run of a contradicting file reports the conflict as the import would.
    error(cli("import", "changed.pdf", "--plan", "plan.json", "--dry-run", "--log", LOG),
          "changed.pdf", "--replace")
    assert history(cli) == text and log_state(here) == state
    said = ok(cli("import", "changed.pdf", "--plan", "plan.json", "--dry-run", "--replace",
                  "--log", LOG)).out
    assert "would replace 1" in said and f"replace  {a['date']} {first['exercise']}" in said
    assert history(cli) == text and log_state(here) == state


# -- 4. files that cannot be imported ------------------------------------------------------

def reportlab_pdf(path: Path, field: str | None) -> None:
    from reportlab.pdfgen import canvas

    canv = canvas.Canvas(str(path))
    canv.drawString(72, 720, "A tax form, not a training sheet")
    if field:
        canv.acroForm.textfield(name=field, value="12", x=72, y=600, width=120, height=20)
    canv.showPage()
    canv.save()


def club_filled(here: Path, fill) -> Path:
    return fill_pypdf(here / "club.v2.pdf", here / "bad.pdf",
                      Fill(load_json(here / "club.v2.json")).values)


def truncated(here: Path, fill) -> Path:
    data = (here / "filled-pypdf.pdf").read_bytes()
    (here / "bad.pdf").write_bytes(data[: len(data) // 2])
    return here / "bad.pdf"


def random_bytes(here: Path, fill) -> Path:
    import random

    (here / "bad.pdf").write_bytes(random.Random(7).randbytes(20_000))
    return here / "bad.pdf"


def header_then_garbage(here: Path, fill) -> Path:
    import random

    (here / "bad.pdf").write_bytes(b"%PDF-1.7\n" + random.Random(8).randbytes(20_000))
    return here / "bad.pdf"


def one_value(make_edit):
    """The good fill with one value changed."""
    def make(here: Path, fill) -> Path:
        name, value = make_edit(fill)
        return fill_pypdf(here / "plan.pdf", here / "bad.pdf", fill.changed(**{name: value}))
    return make


def first_box(fill):
    a = fill.sessions[0]
    return fname(a, next(i for i in a["items"] if not i["per_side"])["exercise"], "reps", 1)


def a_band(fill):
    a = fill.sessions[0]
    return fname(a, next(i for i in a["items"] if not i["per_side"])["exercise"], "band")


BAD = {
    "other-field-names": (lambda here, fill: reportlab_pdf(here / "bad.pdf", "surname")
                          or here / "bad.pdf", ()),
    "no-form": (lambda here, fill: reportlab_pdf(here / "bad.pdf", None) or here / "bad.pdf",
                ()),
    "fields-off-export": (lambda here, fill: shutil.copyfile(here / "nofields.pdf",
                                                             here / "bad.pdf"), ()),
    "another-plan": (club_filled, ("plan.json",)),
    "truncated": (truncated, ()),
    "random-bytes": (random_bytes, ()),
    "pdf-header-then-garbage": (header_then_garbage, ()),
    "reps-not-a-number": (one_value(lambda fill: (first_box(fill), "1x")), ("set 1",)),
    "effort-11": (one_value(lambda fill: (fname(fill.sessions[0], "_session", "effort"), "11")),
                  ("effort",)),
    "band-not-owned": (one_value(lambda fill: (a_band(fill), "purple")), ("band", "purple")),
}


@pytest.mark.parametrize("case", list(BAD))
def test_a_bad_pdf_is_one_error_line_and_the_log_is_untouched(cli, here, fill, case):
    make, words = BAD[case]
    path = Path(make(here, fill))
    assert path.name == "bad.pdf"
    error(cli("import", "bad.pdf", "--plan", "plan.json", "--log", LOG), "bad.pdf", *words)
    assert not (here / LOG).exists()
    error(cli("import", "bad.pdf", "--plan", "plan.json", "--dry-run", "--log", LOG), "bad.pdf")
    assert not (here / LOG).exists()
    ok(cli("log", "2026-11-23", "--log", LOG))  # an existing log stays exactly as it is
    text, state = history(cli), log_state(here)
    error(cli("import", "bad.pdf", "--plan", "plan.json", "--replace", "--log", LOG), "bad.pdf")
    assert history(cli) == text and log_state(here) == state




@pytest.mark.parametrize("case", [pytest.param("truncated"),
                                  "pymupdf-full"])
def test_import_in_a_real_process_says_one_line(here, fill, case):
    """pypdf logs warnings on damaged files; in a real process nothing but our one line (or
    the summary) may reach the terminal."""
    env = {**os.environ, "XDG_DATA_HOME": str(here / "xdg-data")}
    env.pop("PLANNER_LOG", None)
    name = truncated(here, fill).name if case == "truncated" else f"filled-{case}.pdf"
    done = run_process("import", name, "--plan", "plan.json", "--log", LOG, cwd=here, env=env)
    if case == "truncated":
        assert done.code == 2 and not (here / LOG).exists()
        lines = done.err.splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: bad.pdf: "), lines
    else:
        assert done.code == 0, done.err
        assert [line.split(":")[0] for line in done.err.splitlines()] == ["Warning"], done.err
        assert f"added {len(fill.rows)} entries" in done.out


def test_a_cut_off_incremental_save_is_damaged_not_blank(cli, here, fill):
    data = (here / "filled-pymupdf-incremental.pdf").read_bytes()
    update = len(data) - (here / "plan.pdf").stat().st_size
    (here / "bad.pdf").write_bytes(data[: len(data) - update // 2])  # half the update is gone
    error(cli("import", "bad.pdf", "--plan", "plan.json", "--log", LOG), "bad.pdf")
    assert not (here / LOG).exists()


# -- printing: what an app draws in the fields must be readable -----------------------------

def test_no_field_covers_printed_text(here):
    import pymupdf

    doc = pymupdf.open(str(here / "plan.pdf"))
    covered = []
    def overlap(a, b) -> float:  # in square points, of two (x0, y0, x1, y1)
        return (max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
                * max(0.0, min(a[3], b[3]) - max(a[1], b[1])))

    for page in doc:
        words = page.get_text("words")
        for widget in page.widgets():
            box = tuple(widget.rect)
            covered += [(page.number + 1, widget.field_name.split(":", 2)[2], word[4])
                        for word in words if overlap(word[:4], box) > 0.5]
    assert covered == []


def test_band_and_slack_fields_show_every_word_they_take(here):
    import re

    from reportlab.pdfbase.pdfmetrics import stringWidth

    from planner_pdf.fonts import SANS, register_fonts

    register_fonts()  # the fields' font is DejaVu Sans, as the page's

    doc = load_json(here / "plan.json")
    words = {"band": doc["settings"]["bands"], "slack": ["added", "normal", "reduced", "minimal"]}
    too_narrow = set()
    for page in PdfReader(here / "plan.pdf").pages:
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            kind = str(annot.get("/T", "")).rsplit(":", 1)[-1]
            if kind not in words:
                continue
            size = float(re.search(r"([0-9.]+)\s+Tf", str(annot["/DA"])).group(1))
            x0, _, x1, _ = (float(v) for v in annot["/Rect"])
            if size == 0:  # auto size: the app shrinks the text to fit
                continue
            for word in words[kind]:
                if stringWidth(word, SANS, size) > x1 - x0 - 4:  # 2 pt inset each side
                    too_narrow.add((kind, word, round(x1 - x0, 1)))
    assert too_narrow == set()


# -- 5. the filled page renders ----------------------------------------------------------------

def test_a_filled_page_shows_its_values_when_rendered(here, fill):
    """A sheet filled in an app and opened in a viewer: the page renders with ink on it, each
    filled box shows ink the blank sheet has not, and the words drawn in each box are the
    value typed into it."""
    import pymupdf

    filled, blank = here / "filled-pymupdf-full.pdf", here / "plan.pdf"
    reader = PdfReader(filled)
    uid = escape(fill.sessions[0]["uid"])
    number, boxes = next((n, [w for w in widgets(p) if f":{uid}:" in w["name"]])
                         for n, p in enumerate(reader.pages) if any(f":{uid}:" in w["name"]
                                                                    for w in widgets(p)))
    height = float(reader.pages[number].mediabox.height)
    typed = [(box, fill.values[box["name"]]) for box in boxes
             if box["type"] == "/Tx" and box["name"] in fill.values]
    assert len(typed) >= 10  # reps, session minutes, effort, notes, a band
    dpi = 72
    [shown], [empty] = rasters(filled, dpi, [number]), rasters(blank, dpi, [number])
    assert shown.ink() > empty.ink() > 0
    words = shown_words(filled, number)
    for box, value in typed:
        x0, y0, x1, y1 = box["rect"]
        pixels = (x0 * dpi / 72 + 1, (height - y1) * dpi / 72 + 1,
                  x1 * dpi / 72 - 1, (height - y0) * dpi / 72 - 1)  # PDF y runs upwards
        assert shown.ink(pixels) > empty.ink(pixels), box["name"]
        where = pymupdf.Rect(x0, height - y1, x1, height - y0)
        inside = [word for rect, word in words if where.contains(rect.tl + (rect.br - rect.tl) / 2)]
        assert " ".join(inside) == " ".join(value.split()), (box["name"], inside)


# -- 6. what comes back is what happened: gaps, words in any case, Done on, stale sheets ----

def first_items(fill):
    a = fill.sessions[0]
    return a, next(i for i in a["items"] if not i["per_side"]), \
        next(i for i in a["items"] if i["per_side"])


GAPS = {
    # A blank set 1 before a filled set 2 is not "0 8".
    "blank-before-filled": (lambda a, two, side: {fname(a, two["exercise"], "reps", 2): "8"},
                            "set 1"),
    # Set 2 left filled, right blank is not "8/0".
    "one-side-blank": (lambda a, two, side: {fname(a, side["exercise"], "reps", 1, "L"): "8",
                                             fname(a, side["exercise"], "reps", 1, "R"): "8",
                                             fname(a, side["exercise"], "reps", 2, "L"): "8"},
                       "set 2 R"),
}


@pytest.mark.parametrize("filler", ["pypdf", "pymupdf-full"])
@pytest.mark.parametrize("case", list(GAPS))
def test_a_blank_box_is_never_zero_reps(cli, here, fill, filler, case):
    make, box = GAPS[case]
    a, two, side = first_items(fill)
    values = make(a, two, side)
    FILLERS[filler](here / "plan.pdf", here / "gap.pdf", values)
    exercise = next(iter(values)).split(":")[2]
    error(cli("import", "gap.pdf", "--plan", "plan.json", "--log", LOG),
          "gap.pdf", exercise, box, "blank")
    assert not (here / LOG).exists()


@pytest.mark.parametrize("filler", ["pypdf", "pymupdf-full"])
def test_done_on_is_the_date_trained(cli, here, fill, filler):
    a, two, _ = first_items(fill)
    day = date_of(a["date"]) + timedelta(days=1)
    FILLERS[filler](here / "plan.pdf", here / "late.pdf", {
        fname(a, two["exercise"], "reps", 1): "9",
        fname(a, "_session", "done"): f"{day.day} {MONTHS[day.month - 1][:3]}",
        fname(a, "_session", "effort"): "6"})
    ok(cli("import", "late.pdf", "--plan", "plan.json", "--log", LOG))
    [row] = rows_of(history(cli))
    assert (row["date"], row["session"], row["sets"], row["effort"]) == \
        (day.isoformat(), a["uid"], [9], 6)


@pytest.mark.parametrize("written", ["next tuesday", "2099-01-01", "31 Feb"])
def test_a_done_on_that_is_not_a_past_date_is_refused(cli, here, fill, written):
    a, two, _ = first_items(fill)
    fill_pypdf(here / "plan.pdf", here / "bad.pdf", {fname(a, two["exercise"], "reps", 1): "9",
                                                     fname(a, "_session", "done"): written})
    error(cli("import", "bad.pdf", "--plan", "plan.json", "--log", LOG), "bad.pdf", "Done on")
    assert not (here / LOG).exists()


def test_a_sheet_printed_before_adapt_is_judged_by_what_it_printed(cli, here):
    """Print, then log the first session's first exercise as easy at the top of its range
    and adapt: its next sessions get other doses. The sheet printed before still says the old
    dose, and a blank band/slack box means what it printed, not the adapted dose."""
    doc = load_json(here / "plan.json")
    first = sessions(doc)[0]
    exercise = first["items"][0]["exercise"]
    top = ",".join(["12"] * first["items"][0]["sets"])
    ok(cli("log", first["date"], "--exercise", exercise, "--reps", top, "--feel", "easy",
           "--log", LOG))
    ok(cli("adapt", "plan.json", "--from", sessions(doc)[1]["date"], "--log", LOG))
    adapted = load_json(here / "plan.json")
    later = next(s for s, new in zip(sessions(doc), sessions(adapted), strict=True)
                 if new["date"] > first["date"]
                 and any(i["exercise"] == exercise for i in s["items"])
                 and s["items"] != new["items"])
    old = next(i for i in later["items"] if i["exercise"] == exercise)
    new = next(i for s in sessions(adapted) if s["uid"] == later["uid"]
               for i in s["items"] if i["exercise"] == exercise)
    assert old != new
    fill_pymupdf(here / "plan.pdf", here / "old.pdf",
                 {fname(later, exercise, "reps", n): str(old["reps"])
                  for n in range(1, old["sets"] + 1)}, incremental=False)
    said = ok(cli("import", "old.pdf", "--plan", "plan.json", "--log", LOG)).out
    assert said.splitlines()[0] == (f"old.pdf: 1 sheet ({later['date']}) printed before "
                                    "plan.json changed; judged against the doses printed on "
                                    "them")
    row = next(r for r in rows_of(history(cli)) if r["session"] == later["uid"])
    assert row["target"] == {k: old[k] for k in ("sets", "reps", "band", "slack")}
    assert (row["band"], row["slack"], row["sets"]) == \
        (old["band"], old["slack"], [old["reps"]] * old["sets"])


def test_a_sheet_from_before_the_hidden_fields_imports_as_before(cli, here, fill):
    """Sheets printed by earlier versions have no `dose` and `rev` fields: the plan's doses
    are the targets, as they were."""
    writer = PdfWriter(clone_from=str(here / "filled-pypdf.pdf"))
    hidden = (":dose", ":rev")
    form = writer._root_object["/AcroForm"]
    form[NameObject("/Fields")] = ArrayObject(
        ref for ref in form["/Fields"] if not str(ref.get_object()["/T"]).endswith(hidden))
    for page in writer.pages:
        if "/Annots" in page:
            page[NameObject("/Annots")] = ArrayObject(
                ref for ref in page["/Annots"]
                if not str(ref.get_object().get("/T", "")).endswith(hidden))
    writer.write(str(here / "older.pdf"))
    assert not any(name.endswith(hidden) for name in PdfReader(here / "older.pdf").get_fields())
    ok(cli("import", "older.pdf", "--plan", "plan.json", "--log", LOG))
    assert by_key(rows_of(history(cli))) == by_key(fill.rows)


# -- 7. hostile and unusual files (issue "Hardening, round three": P12, P14, P15, P19) --------

@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_an_encrypted_sheet_with_an_empty_password_imports(cli, here, fill, algorithm):
    writer = PdfWriter(clone_from=str(here / "filled-pypdf.pdf"))
    writer.encrypt(user_password="", owner_password="owner", algorithm=algorithm)
    writer.write(str(here / "locked.pdf"))
    assert PdfReader(here / "locked.pdf").is_encrypted
    ok(cli("import", "locked.pdf", "--plan", "plan.json", "--log", LOG))
    assert by_key(rows_of(history(cli))) == by_key(fill.rows)


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-256"])
def test_a_password_protected_sheet_is_named_encrypted(cli, here, algorithm):
    writer = PdfWriter(clone_from=str(here / "filled-pypdf.pdf"))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm=algorithm)
    writer.write(str(here / "bad.pdf"))
    before = (here / "bad.pdf").read_bytes()
    error(cli("import", "bad.pdf", "--plan", "plan.json", "--log", LOG), "bad.pdf",
          "encrypted with a password")
    assert not (here / LOG).exists() and (here / "bad.pdf").read_bytes() == before


def test_two_fields_with_one_name_is_an_error_naming_it(cli, here, fill):
    """An incremental save that adds a blank field named like a filled one (P19)."""
    a, two, _ = first_items(fill)
    name = fname(a, two["exercise"], "reps", 1)
    writer = PdfWriter(here / "filled-pypdf.pdf", incremental=True)
    twin = writer._add_object(DictionaryObject({
        NameObject("/FT"): NameObject("/Tx"), NameObject("/T"): TextStringObject(name),
        NameObject("/Subtype"): NameObject("/Widget"),
        NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4)}))
    form = writer._root_object["/AcroForm"]
    form[NameObject("/Fields")].append(twin)
    writer.write(str(here / "bad.pdf"))
    assert (here / "bad.pdf").read_bytes().startswith((here / "filled-pypdf.pdf").read_bytes())
    error(cli("import", "bad.pdf", "--plan", "plan.json", "--log", LOG), "bad.pdf", name,
          "two form fields")
    assert not (here / LOG).exists()


def object_stream_bomb(path: Path, inflated: int) -> None:
    """A small PDF whose form dictionary sits in an object stream that inflates to
    `inflated` bytes of padding (P12): the file stays under a megabyte."""
    head = b"4 0 "
    body = b"<</Fields[]>>"
    pad, copies = b" " * (1 << 20), inflated // (1 << 20)
    data = deflated(head, pad, copies, body)
    first = len(head) + copies * len(pad)
    out = bytearray(b"%PDF-1.7\n")
    offsets = {}

    def put(number: int, text: bytes) -> None:
        offsets[number] = len(out)
        out.extend(b"%d 0 obj\n" % number + text + b"\nendobj\n")

    put(1, b"<</Type/Catalog/Pages 2 0 R/AcroForm 4 0 R>>")
    put(2, b"<</Type/Pages/Kids[3 0 R]/Count 1>>")
    put(3, b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>")
    put(5, b"<</Type/ObjStm/N 1/First %d/Filter/FlateDecode/Length %d>>\nstream\n"
        % (first, len(data)) + data + b"\nendstream")
    rows = [b"\x00\x00\x00\x00\xff\xff"]
    for number in range(1, 7):
        if number == 4:
            rows.append(b"\x02" + (5).to_bytes(4, "big") + b"\x00")
        elif number == 6:
            rows.append(b"\x01" + len(out).to_bytes(4, "big") + b"\x00")
        else:
            rows.append(b"\x01" + offsets[number].to_bytes(4, "big") + b"\x00")
    xref = b"".join(rows)
    start = len(out)
    out.extend(b"6 0 obj\n<</Type/XRef/Size 7/W[1 4 1]/Root 1 0 R/Length %d>>\nstream\n"
               % len(xref) + xref + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % start)
    path.write_bytes(bytes(out))


@pytest.mark.parametrize("limit", ["memory", "time"])
def test_an_object_stream_bomb_is_stopped_with_one_line(cli, here, monkeypatch, limit):
    from planner.log import pdfread

    if limit == "memory":
        monkeypatch.setattr(pdfread, "MEMORY_LIMIT", 64 * 2**20)
    else:  # sooner than pypdf's own limit of 75 MB a stream could end it on a fast machine
        monkeypatch.setattr(pdfread, "TIME_LIMIT", 0.02)
    object_stream_bomb(here / "bad.pdf", 400 * 2**20)
    assert (here / "bad.pdf").stat().st_size < 2**20
    import time

    started = time.monotonic()
    line = error(cli("import", "bad.pdf", "--plan", "plan.json", "--log", LOG), "bad.pdf",
                 "stopped")
    assert ("MB of memory" in line) == (limit == "memory")
    assert time.monotonic() - started < 20
    assert not (here / LOG).exists()


def test_a_bomb_within_our_limits_is_still_stopped_with_one_line(cli, here):
    """With the usual time and memory limits, whichever bound comes first (pypdf's own, in
    pypdf 6 and later, at 75 MB a stream; else ours) stops it, and says so."""
    object_stream_bomb(here / "bad.pdf", 400 * 2**20)
    line = error(cli("import", "bad.pdf", "--plan", "plan.json", "--log", LOG), "bad.pdf",
                 "stopped", "decompresses into far more than it holds")
    assert "damaged" not in line
    assert not (here / LOG).exists()


# -- 8. the form's shared appearances stay blank once a field is filled ------------------------

@pytest.mark.parametrize("filler", list(FILLERS))
def test_filling_one_box_leaves_the_others_blank(here, fill, filler):
    """Blank boxes share one empty appearance: an app that fills one box must give it an
    appearance of its own, not draw into the shared one."""
    import pymupdf

    doc = pymupdf.open(str(here / f"filled-{filler}.pdf"))
    uid = escape(fill.sessions[0]["uid"])
    page = next(p for p in doc if any(f":{uid}:" in (w.field_name or "") for w in p.widgets()))
    blank = [w for w in page.widgets() if w.field_type == pymupdf.PDF_WIDGET_TYPE_TEXT
             and not w.field_value and not w.field_name.endswith((":dose", ":rev"))]
    assert blank
    for widget in blank:
        rect = widget.rect
        assert page.get_text("text", clip=rect).strip() == "", widget.field_name


def test_the_fields_font_is_embedded_and_draws_what_the_page_font_draws(here):
    """Values are drawn with DejaVu Sans, embedded, as the page's text is: Latin, Greek and
    Cyrillic have glyphs. DejaVu Sans has no CJK, so neither has the field font."""
    import zlib

    from reportlab.pdfbase.ttfonts import TTFontFile

    form = PdfReader(here / "plan.pdf").trailer["/Root"]["/AcroForm"]
    name = str(form["/DA"]).split()[0]
    font = form["/DR"]["/Font"][name].get_object()
    assert font["/Subtype"] == "/Type0" and font["/Encoding"] == "/Identity-H"
    cid = font["/DescendantFonts"][0].get_object()
    program = cid["/FontDescriptor"]["/FontFile2"].get_object().get_data()
    face = TTFontFile(io.BytesIO(program), validate=0)
    glyf = face.get_table("glyf")
    loca = face.get_table("loca")
    import struct

    offsets = struct.unpack(f">{len(loca) // 4}I", loca)
    for text in ("Ärger ß ł ő", "Καλή προπόνηση", "Привет"):
        for char in text.replace(" ", ""):
            glyph = face.charToGlyph.get(ord(char))
            assert glyph and offsets[glyph + 1] > offsets[glyph], char  # an outline
    assert ord("背") not in face.charToGlyph
    assert glyf and zlib  # read
