"""Exercise figures: catalog data, checks, plan and listing JSON, and where the PDF draws them."""

from __future__ import annotations

import io
import json
import re

import pytest
from pypdf import PdfReader

from planner.catalog import read_catalog_file, shipped_catalog_path
from planner_pdf import PdfExporter
from rendering import texts

from conftest import ROOT, error, load_json, make_plan, ok, shipped_catalog

GOOD = """
[[exercise]]
id = "my-row"
name = "My row"
region = "mid"
band = "long"
anchor = "foot"
position = "standing"
per_side = false
reps = [8, 12]
steps = ["Row."]
cues = ["Breathe out as you pull."]
equipment = []
source = "added"

[exercise.figure]
view = "side"
[exercise.figure.start]
head = [30, 80]
neck = [30, 70]
hip = [30, 45]
arms = [[[32, 56], [34, 42]]]
legs = [[[31, 24], [30, 3]]]
band = [[[30, 3], [34, 42]]]
arrows = [[[40, 42], [40, 56]]]
[exercise.figure.end]
head = [30, 80]
neck = [30, 70]
hip = [30, 45]
arms = [[[20, 62], [33, 60]]]
legs = [[[31, 24], [30, 3]]]
"""


def test_every_shipped_exercise_has_a_start_and_an_end_figure():
    for exercise in shipped_catalog().exercises.values():
        figure = exercise.figure
        assert figure is not None, exercise.id
        for pose in (figure.start, figure.end):
            assert pose.head and pose.neck and pose.hip and pose.arms, exercise.id
        # The band shows in both positions: where it is fixed and where the hands hold it.
        assert figure.start.band and figure.end.band, exercise.id
        assert figure.start.arrows, exercise.id  # the pull


def test_figures_survive_the_pre_parsed_catalog_and_the_plan_file(cli, tmp_path):
    loaded, problems = read_catalog_file(shipped_catalog_path())
    assert not problems
    assert {ex.id: ex.figure for ex in loaded.exercises} == {
        key: ex.figure for key, ex in shipped_catalog().exercises.items()}
    ok(cli("build", "--weeks", "1", "--start", "2026-11-23", "--tz", "UTC", "--out-dir",
           str(tmp_path)))
    document = load_json(tmp_path / "plan.json")
    for key, entry in document["exercises"].items():
        assert entry["figure"] == shipped_catalog().exercises[key].figure.to_dict()
    ok(cli("export", str(tmp_path / "plan.json"), "--format", "json", "--out-dir",
           str(tmp_path / "again")))
    assert (tmp_path / "again" / "plan.json").read_bytes() == (tmp_path / "plan.json").read_bytes()


def test_a_user_catalog_adds_figures_and_an_exercise_without_one_still_works(cli, tmp_path):
    mine = tmp_path / "mine.toml"
    mine.write_text(GOOD, "utf-8")
    assert "ok:" in ok(cli("catalog", "validate", str(mine))).out
    bare = tmp_path / "bare.toml"
    bare.write_text(GOOD.split("[exercise.figure]")[0], "utf-8")
    listed = json.loads(ok(cli("catalog", "list", "--json", "--catalog", str(mine),
                               "--catalog", str(bare))).out)
    assert [e for e in listed if e["id"] == "my-row"][0]["figure"] is None  # bare replaced it
    listed = json.loads(ok(cli("catalog", "list", "--json", "--catalog", str(mine))).out)
    assert all("figure" in entry for entry in listed)
    mine_entry = [e for e in listed if e["id"] == "my-row"][0]
    assert mine_entry["figure"]["start"]["arms"] == [[[32, 56], [34, 42]]]
    shown = ok(cli("catalog", "show", "my-row", "--catalog", str(bare))).out
    assert "Figure" not in shown
    assert "Figure: start and end drawings" in ok(cli("catalog", "show", "my-row",
                                                      "--catalog", str(mine))).out


@pytest.mark.parametrize("change,field,words", [
    (("head = [30, 80]", "head = [30, 180]"), "figure.start.head.1", "outside"),
    (('view = "side"', 'view = "sketch"'), "figure.view", "not one of"),
    (('view = "side"', 'view = "side"\nimage = "https://example.com/a.svg"'), "figure.image",
     "unknown key"),
    (("head = [30, 80]", 'head = ["file:///etc/passwd", 1]'), "figure.start.head.0",
     "must be a number"),
    (("arms = [[[32, 56], [34, 42]]]", "arms = [[[32, 56]], [[1, 1], [2, 2]], [[3, 3], [4, 4]]]"),
     "figure.start.arms", "at most 2"),
    (("band = [[[30, 3], [34, 42]]]", "band = [[" + ", ".join(["[1, 1]"] * 9) + "]]"),
     "figure.start.band.0", "2 to 8 points"),
    (("hip = [30, 45]\narms", "arms"), "figure.start.hip", "missing"),
    (("[exercise.figure.end]", "[exercise.figure.finish]"), "figure.end", "missing"),
    (("head = [30, 80]", "head = [30, nan]"), "figure.start.head.1", "number"),
])
def test_bad_figure_data_is_refused_naming_file_exercise_and_field(cli, tmp_path, change,
                                                                   field, words):
    path = tmp_path / "bad.toml"
    path.write_text(GOOD.replace(*change, 1), "utf-8")
    # Every problem is a line of its own: file, exercise, field, what is wrong.
    result = cli("catalog", "validate", str(path))
    assert result.code == 2 and "Traceback" not in result.err
    lines = result.err.splitlines()
    assert all(line.startswith("Error: ") or line.startswith("  ") for line in lines), lines
    assert any(str(path) in line and "'my-row'" in line and f"{field}:" in line
               and words in line for line in lines), lines
    built = cli("build", "--weeks", "1", "--catalog", str(path), "--out-dir", str(tmp_path))
    assert built.code == 2 and f"{field}:" in built.err
    assert not list(tmp_path.glob("*.json"))


def test_a_figure_is_drawn_from_the_frame_its_poses_use():
    from planner_pdf.figures import drawn_size, fit, frame

    figures = {key: ex.figure for key, ex in shipped_catalog().exercises.items()}
    for key, figure in figures.items():
        x0, y0, x1, y1 = frame(figure)
        assert 0 <= x0 < x1 <= 80 and 0 <= y0 < y1 <= 100, key
        if figure.view != "top":
            assert y0 == 0, key  # the floor always shows
        width, height = drawn_size(figure, fit(figure, 50, 60))
        assert width <= 50 and height <= 60 and (width > 49 or height > 59), key
    # A figure lying on the floor is a low, wide drawing: it fits a wide space larger.
    lying, standing = figures["glute-bridge"], figures["band-deadlift"]
    assert frame(lying)[3] < 40 < frame(standing)[3]
    assert fit(lying, 100, 30) > 2 * fit(standing, 100, 30)


def test_a_bad_figure_in_a_plan_file_is_refused_naming_the_field(cli, tmp_path):
    ok(cli("build", "--weeks", "1", "--start", "2026-11-23", "--tz", "UTC", "--out-dir",
           str(tmp_path)))
    document = load_json(tmp_path / "plan.json")
    key = next(iter(document["exercises"]))
    document["exercises"][key]["figure"]["start"]["head"] = [30, 1e9]
    (tmp_path / "plan.json").write_text(json.dumps(document), "utf-8")
    error(cli("export", str(tmp_path / "plan.json"), "--format", "pdf", "--out-dir",
              str(tmp_path / "out")), "figure", "head")


def _forms_drawn(page) -> set[str]:
    """Names of the form XObjects a page's own content places (`/Name Do`)."""
    data = page.get_contents().get_data().decode("latin-1")
    return set(re.findall(r"/FormXob\.(\S+) Do", data))


@pytest.fixture(scope="module")
def booklet():
    plan = make_plan(weeks=2)
    return plan, PdfExporter().render(plan, {})


def test_the_reference_draws_each_exercise_s_figures_on_its_entry_s_page(booklet):
    plan, data = booklet
    reader = PdfReader(io.BytesIO(data))
    titles = {}  # outline entry -> page: the reference's entries are "R3 Anchored reverse fly"

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles[item.title] = reader.get_destination_page_number(item)

    walk(reader.outline)
    for n, (key, exercise) in enumerate(plan.exercises.items(), start=1):
        page = titles[f"R{n} {exercise.name}"]
        drawn = _forms_drawn(reader.pages[page])
        for which in ("start", "end"):
            assert any(name.startswith(f"fig.{key}.{which}.ref") for name in drawn), key


def test_each_sheet_draws_the_figures_of_its_exercises_once_each_and_stays_one_page(booklet):
    plan, data = booklet
    reader = PdfReader(io.BytesIO(data))
    shown = texts(data)
    first = next(n for n, text in enumerate(shown) if "training log" in text)
    sessions = [session for _, session in plan.sessions()]
    for n, session in enumerate(sessions):
        drawn = _forms_drawn(reader.pages[first + n])
        for item in session.items:
            assert any(name.startswith(f"fig.{item.exercise}.start.sheet") for name in drawn)
            assert any(name.startswith(f"fig.{item.exercise}.end.sheet") for name in drawn)
    assert "training log" not in shown[first + len(sessions)]  # a sheet a session, no more
    # Each drawing is one form, however many sheets show it.
    names = re.findall(rb"/FormXob\.(fig\.[a-z0-9.-]+) \d+ 0 R", data)
    row_sizes = {len(session.items) for session in sessions}
    assert len(set(names)) <= 2 * len(plan.exercises) * (1 + len(row_sizes))


def test_figures_keep_the_pdf_byte_reproducible(booklet):
    plan, data = booklet
    assert PdfExporter().render(plan, {}) == data


def test_exercises_without_figures_still_get_their_sheets_and_reference():
    """A catalog may leave figures out: those rows and entries simply have no drawing."""
    plan = make_plan(weeks=1)
    bare = sorted(plan.exercises)[::2]
    plan = plan._replace(exercises={key: ex._replace(figure=None) if key in bare else ex
                                    for key, ex in plan.exercises.items()})
    data = PdfExporter().render(plan, {})
    reader = PdfReader(io.BytesIO(data))
    drawn = set().union(*(_forms_drawn(page) for page in reader.pages))
    for key in plan.exercises:
        has = any(name.startswith(f"fig.{key}.") for name in drawn)
        assert has == (key not in bare), key
    sheets = [text for text in texts(data) if "training log" in text]
    assert len(sheets) == sum(1 for _ in plan.sessions())


def test_figures_are_the_same_bytes_in_another_process():
    """Nothing in the drawings may depend on hash order (sets, dict of forms)."""
    import hashlib
    import os
    import subprocess
    import sys

    script = ("import hashlib, sys; sys.path.insert(0, 'tests'); from conftest import make_plan;"
              "from planner_pdf import PdfExporter;"
              "print(hashlib.sha256(PdfExporter().render(make_plan(weeks=1), {})).hexdigest())")
    digests = set()
    for seed in ("1", "2"):
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}, timeout=120,
                              cwd=str(ROOT))
        assert done.returncode == 0, done.stderr
        digests.add(done.stdout.strip())
    assert digests == {hashlib.sha256(PdfExporter().render(make_plan(weeks=1), {})).hexdigest()}
