"""Hostile input through the real CLI: a clear one-line error every time, nothing lost."""

import json
import os

import pytest

from conftest import error, mutated, ok

EXERCISE = """
[[exercise]]
id = "{id}"
name = "{name}"
region = "{region}"
band = "short"
anchor = "{anchor}"
position = "standing"
per_side = false
reps = {reps}
steps = ["Pull."]
cues = ["Breathe out as you pull."]
equipment = []
source = "added"
"""


def exercise(id="ex", name="Ex", region="upper", anchor="none", reps="[8, 12]"):
    return EXERCISE.format(id=id, name=name, region=region, anchor=anchor, reps=reps)


CATALOG_CASES = {
    "missing": (None, "{path}: no such catalog file"),
    "folder": ("<dir>", "{path}: is a folder, not a catalog file"),
    "not toml": ("[[exercise]\nid=1", "{path}: not valid TOML: "),
    "not utf-8": (b"\xff\xfe", "{path}: not UTF-8 text (bad byte at offset 0)"),
    "wrong type": (exercise().replace("per_side = false", "per_side = 1"),
                   "{path}: exercise 'ex': per_side: must be true or false, not a number"),
    "missing field": (exercise().replace('name = "Ex"\n', ""), "{path}: exercise 'ex': name: missing"),
    "unknown region": (exercise(region="neck"),
                       "{path}: exercise 'ex': region: 'neck' is not one of upper, mid, lower"),
    "unknown anchor": (exercise(anchor="ceiling"),
                       "{path}: exercise 'ex': anchor: 'ceiling' is not one of none, fixed, foot, chair"),
    "reversed reps": (exercise(reps="[12, 8]"), "{path}: exercise 'ex': reps: [12, 8] is reversed"),
    "absurd reps": (exercise(reps="[8, 500]"),
                    "{path}: exercise 'ex': reps: [8, 500] is outside 1..30 repetitions"),
    "reps not numbers": (exercise(reps='["a", "b"]'),
                         "{path}: exercise 'ex': reps: must be two whole numbers"),
    "duplicate ids": (exercise() + exercise(), "{path}: exercise 'ex': id: duplicate"),
    "empty": ("", "{path}: has no exercises"),
    "unknown field": (exercise() + "colour = 'red'\n", "{path}: exercise 'ex': colour: unknown field"),
    "huge": ("<huge>", "{path}: too large for a catalog file (at most 2 MiB)"),
    "nested too deeply": ("x = " + "[" * 100000, "{path}: not a catalog (nested too deeply)"),
    "unknown top-level key": ("colour = 1\n" + exercise(),
                              "{path}: unknown top-level key(s) colour"),
    "bad catalog name": ("[catalog]\nname = 5\n" + exercise(),
                         "{path}: catalog.name: must be a non-empty string"),
    "unknown catalog key": ("[catalog]\ncolour = 1\n" + exercise(),
                            "{path}: catalog: unknown key(s) colour"),
    "escape in a name": (exercise(name="Row\\u001b[2J\\u001b]0;owned\\u0007"),
                         "{path}: exercise 'ex': name: 'Row\\x1b[2J\\x1b]0;owned\\x07' has control"),
    "C1 in a name": (exercise(name="Row\\u009b31m"),
                     "{path}: exercise 'ex': name: 'Row\\x9b31m' has control characters"),
    "bidi in a name": (exercise(name="Row\\u202eevil"),
                       "{path}: exercise 'ex': name: 'Row\\u202eevil' has control characters"),
    "escape in an id": (exercise(id="ex\\u001b[31m"),
                        "{path}: exercise 'ex\\x1b[31m': id: 'ex\\x1b[31m' must be lower-case"),
    "5000-digit reps": (exercise(reps="[8, " + "9" * 5000 + "]"),
                        "{path}: not valid TOML: a number is too long"),
    "guidance not text": ("[catalog]\nguidance = [1]\n" + exercise(),
                          "{path}: catalog.guidance: must be a list of at most 50 non-empty strings of at most 2000 characters"),
}


def place(path, content):
    """Put a test input at `path`: nothing (None), a folder, a 3 MiB file, bytes or text."""
    if content == "<dir>":
        path.mkdir()
    elif content == "<huge>":
        with path.open("wb") as handle:
            handle.truncate(3 * 1024 * 1024)
    elif isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content)


@pytest.mark.parametrize("case", CATALOG_CASES)
def test_bad_catalogs(cli, tmp_path, case):
    content, expected = CATALOG_CASES[case]
    place(tmp_path / "c.toml", content)
    for args in (["build", "--catalog", "c.toml"], ["catalog", "validate", "c.toml"],
                 ["catalog", "list", "--catalog", "c.toml"]):
        result = cli(*args)
        assert result.code == 2, args
        first = result.err.splitlines()[0]
        assert first.startswith("Error: " + expected.format(path="c.toml")), first
        assert "Traceback" not in result.err
    assert not (tmp_path / "plan.json").exists()


def test_catalog_that_replaces_away_a_region(cli, tmp_path):
    # Replacing every lower-back exercise with upper-back ones leaves no lower-back exercise.
    from conftest import shipped_catalog

    lower = [key for key, ex in shipped_catalog().exercises.items() if ex.region == "lower"]
    (tmp_path / "c.toml").write_text("".join(exercise(id=i) for i in lower))
    result = cli("build", "--catalog", "c.toml")
    assert result.code == 2
    assert result.err.startswith("Error: catalog: no lower-back exercise in the catalogs")


def with_change(change):
    return json.dumps(mutated(change)).encode()


PLAN_CASES = {
    "missing": (None, "plan.json: no such plan file"),
    "not json": (b"{oops", "plan.json: not JSON: Expecting property name enclosed in double quotes"),
    "not an object": (b'"a string"', "plan.json: not a band-planner plan (the document is not a JSON object)"),
    "other format": (b'{"format": "gpx"}', 'plan.json: format: not a band-planner plan'),
    "newer version": (with_change(lambda d: d.update(version=7)),
                      "plan.json: version: 7 was written by a newer band-planner"),
    "wrong type": (with_change(lambda d: d["weeks"][0].update(number="one")),
                   "plan.json: weeks.0.number: must be integer"),
    "unknown exercise": (with_change(lambda d: d["weeks"][0]["sessions"][0]["items"][0]
                                     .update(exercise="moonwalk")),
                         "plan.json: weeks.0.sessions.0.items.0.exercise: 'moonwalk' is not among"),
    "not utf-8": (b'{"format": "\xff"}', "plan.json: not UTF-8 text (bad byte at offset 12)"),
    "folder": ("<dir>", "plan.json: is a folder, not a plan file"),
    "nested too deeply": (b"[" * 100000, "plan.json: not a band-planner plan (nested too deeply)"),
    "duplicate sessions": (with_change(lambda d: d["weeks"].append(d["weeks"][0])),
                           "plan.json: weeks: a session uid appears twice"),
    "bad start": (with_change(lambda d: d["settings"].update(start="2026-99-99")),
                  "plan.json: settings.start: '2026-99-99' is not a calendar date"),
    "blank name": (with_change(lambda d: d["settings"].update(name="   ")),
                   "plan.json: settings.name: must match pattern"),
    "year out of range": (with_change(lambda d: d["weeks"][0]["sessions"][0].update(
        date="0001-01-01", start="0001-01-01T07:00:00+00:53")),
        "plan.json: weeks.0.sessions.0.date: 0001-01-01 is outside 1900-01-01 to 2200-12-31"),
    "unknown zone": (with_change(lambda d: d["settings"].update(timezone="Mars/Olympus")),
                     "plan.json: settings.timezone: unknown time zone 'Mars/Olympus'"),
    "name escaping the folder": (with_change(lambda d: d["settings"].update(name="../../evil")),
                                 "plan.json: settings.name: must match pattern"),
    "version as text": (with_change(lambda d: d.update(version="1")),
                        "plan.json: version: must be a whole number, not '1'"),
    "older version": (with_change(lambda d: d.update(version=0)),
                      "plan.json: version: 0 is not a known plan version"),
    "exercise under another key": (with_change(lambda d: d["exercises"].update(
        renamed=next(iter(d["exercises"].values())))),
        "plan.json: exercises.renamed.id: is "),
    "start off its date": (with_change(lambda d: d["weeks"][0]["sessions"][0].update(
        start="2030-01-01T07:00:00+01:00")),
        "plan.json: weeks.0.sessions.0.start: 2030-01-01T07:00:00+01:00 is not on the session's date"),
}


@pytest.mark.parametrize("case", PLAN_CASES)
def test_bad_plan_files(cli, tmp_path, case):
    content, expected = PLAN_CASES[case]
    place(tmp_path / "plan.json", content)
    result = cli("export", "plan.json", "--format", "json", "--out-dir", "out")
    assert result.code == 2
    assert result.err.startswith("Error: " + expected), result.err
    assert result.err.count("\n") == 1
    assert not (tmp_path / "out").exists()


def test_out_dir_not_writable(cli, tmp_path):
    if os.geteuid() == 0:  # root writes anywhere a permission bit allows; /proc refuses it
        target, expected = "/proc/1/planner-out", "Error: --out-dir: /proc/1 is not writable"
    else:
        (tmp_path / "locked").mkdir(mode=0o500)
        target, expected = "locked/out", "Error: --out-dir: locked is not writable"
    result = cli("build", "--weeks", "1", "--out-dir", target)
    assert result.code == 2
    assert result.err.startswith(expected)


def test_existing_files_survive_a_failed_second_format(cli, tmp_path):
    (tmp_path / "plan.json").write_bytes(b"old json")
    (tmp_path / "plan.pdf").write_bytes(b"old pdf")
    result = cli("build", "--weeks", "1", "--format", "json", "--format", "pdf",
                 "--option", "pdf.paper=papyrus")
    assert result.code == 2
    assert result.err.startswith("Error: --option pdf.paper: 'papyrus'")
    assert (tmp_path / "plan.json").read_bytes() == b"old json"
    assert (tmp_path / "plan.pdf").read_bytes() == b"old pdf"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json", "plan.pdf"]


# Names are one line (a line break is refused, see CATALOG_CASES); steps and cues may break.
HOSTILE_NAME = 'Row, "quoted"; semi\\colon BEGIN:VEVENT UID:evil <b>&amp;</b> ' + "W" * 120
HOSTILE_STEP = "Line one\nLine two\r\nEND:VCALENDAR <script>&</script> שלום עולם 💪🏽 Тяга Κωπηλασία"


def toml_string(text):
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def hostile_catalog():
    text = ""
    for region in ("upper", "mid", "lower"):
        for n in range(2):
            text += (exercise(id=f"{region}-{n}", name="NAME", region=region)
                     .replace('"NAME"', toml_string(f"{HOSTILE_NAME} {region}"))
                     .replace('steps = ["Pull."]', f'steps = [{toml_string(HOSTILE_STEP)}, "x"]')
                     .replace('cues = ["Breathe out as you pull."]', f'cues = [{toml_string(HOSTILE_STEP)}]'))
    return text


def test_injection_survives_every_format(cli, tmp_path):
    (tmp_path / "evil.toml").write_text(hostile_catalog())
    # Replace the whole shipped catalog's regions by making ours the only usable exercises.
    result = cli("build", "--weeks", "2", "--start", "2026-11-23", "--tz", "Europe/Berlin",
                 "--equipment", "none", "--catalog", "evil.toml",
                 "--format", "json", "--format", "pdf", "--format", "ics")
    assert result.code == 0, result.err
    document = json.loads((tmp_path / "plan.json").read_text("utf-8"))
    names = {ex["name"] for ex in document["exercises"].values()}
    assert f"{HOSTILE_NAME} upper" in names
    sessions = [s for week in document["weeks"] for s in week["sessions"]]

    exported = cli("export", "plan.json", "--format", "json", "--out-dir", "again")
    assert exported.code == 0
    assert (tmp_path / "again" / "plan.json").read_bytes() == (tmp_path / "plan.json").read_bytes()

    ics = (tmp_path / "plan.ics").read_bytes().decode("utf-8")
    lines = ics.split("\r\n")
    assert sum(line == "BEGIN:VEVENT" for line in lines) == len(sessions)
    assert sum(line.startswith("UID:") for line in lines) == len(sessions)
    assert not any(line.startswith("UID:evil") for line in lines)
    assert sum(line == "END:VCALENDAR" for line in lines) == 1
    unfolded = ics.replace("\r\n ", "")  # the names are in, escaped, on one line
    assert 'Row\\, "quoted"\\; semi\\\\colon BEGIN:VEVENT UID:evil <b>&amp\\;</b> WWW' in unfolded

    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(tmp_path / "plan.pdf").pages)
    assert "<b>&amp;</b>" in text
    assert "<script>&</script>" in text
    assert "Тяга" in text and "Κωπηλασία" in text


def test_catalog_text_reaches_the_terminal_without_its_control_characters(cli, tmp_path):
    """Steps and notes may hold anything; what is printed makes control characters visible,
    and JSON output escapes them (the same text for a JSON reader)."""
    hostile = "Pull.\x1b[2J\x1b]0;title\x07\x9b31m \u202egnp.exe"
    path = tmp_path / "c.toml"
    path.write_text(exercise().replace('steps = ["Pull."]', "steps = [" + json.dumps(hostile) + "]"))
    shown = ok(cli("catalog", "show", "ex", "--catalog", str(path))).out
    listed = ok(cli("catalog", "list", "--json", "--catalog", str(path))).out
    for text in (shown, listed):
        assert not any(ch in text for ch in "\x1b\x07\x9b\u202e"), text
    assert "\\x1b[2J" in shown
    [entry] = [e for e in json.loads(listed) if e["id"] == "ex"]
    assert entry["steps"] == [hostile]  # escaped, not changed
    said = cli("catalog", "validate", str(tmp_path / "missing\x1b[2J.toml"))
    assert said.code == 2 and "\x1b" not in said.err and "\\x1b[2J" in said.err


@pytest.mark.parametrize("name", ["plan\u202egnp.exe", "plan\x85", "plan\u2066x"])
def test_names_with_bidi_or_c1_controls_are_not_file_names(cli, tmp_path, name):
    error(cli("build", "--weeks", "1", "--name", name), "--name")
    assert not list(tmp_path.iterdir())
