"""Plan files that are schema-valid but inconsistent: exit 2 naming the field, through the
real CLI, and no output file written or changed."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import error, make_plan, ok


def first_session(d):
    return d["weeks"][0]["sessions"][0]


def first_item(d):
    return first_session(d)["items"][0]


def set_(path, value):
    def change(d):
        *parents, last = path
        target = d
        for key in parents:
            target = target[key]
        target[last] = value
    return change


def swap_sessions(d):
    sessions = d["weeks"][0]["sessions"]
    sessions[0], sessions[1] = sessions[1], sessions[0]


def swap_week_numbers(d):
    d["weeks"][0]["number"], d["weeks"][1]["number"] = 2, 1


def other_side(d):
    item = first_item(d)
    item["per_side"] = not item["per_side"]


def other_region(d):
    item = first_item(d)
    item["region"] = "lower" if item["region"] != "lower" else "upper"


S = ("weeks", 0, "sessions", 0)
CASES = {
    # the start's offset is not Berlin's in November: PDF and ICS would disagree by hours
    "offset": (set_(S + ("start",), "2026-11-23T07:00:00+05:00"),
               "weeks.0.sessions.0.start: offset +05:00 does not match Europe/Berlin"),
    "zone": (set_(S + ("timezone",), "Europe/Paris"),
             "weeks.0.sessions.0.timezone: 'Europe/Paris' differs from the plan's"),
    "float sets": (set_(S + ("items", 0, "sets"), 2.0),
                   "weeks.0.sessions.0.items.0.sets: must be a whole number, not 2.0"),
    "minutes": (set_(S + ("minutes",), 100_000),
                "weeks.0.sessions.0.minutes: 100000 is out of range (1 to 240)"),
    "rest": (set_(S + ("items", 0, "rest_seconds"), 86_400),
             "weeks.0.sessions.0.items.0.rest_seconds: 86400 is out of range (0 to 600)"),
    "week number": (set_(("weeks", 1, "number"), 9),
                    "weeks.1.number: is 9; weeks are numbered 1, 2, 3… in order"),
    "weeks order": (swap_week_numbers, "weeks.0.number: is 2"),
    "sessions order": (swap_sessions, "weeks.0.sessions.1.date: 2026-11-23 is not after"),
    "region": (other_region, "weeks.0.sessions.0.items.0.region: is "),
    "per_side": (other_side, "weeks.0.sessions.0.items.0.per_side: is "),
    "uid control": (set_(S + ("uid",), "2026-11-23-1-plan\x07@band-planner"),
                    "weeks.0.sessions.0.uid: '2026-11-23-1-plan\\x07@band-planner' has control"),
    "float block_weeks": (set_(("settings", "block_weeks"), 4.0),
                          "settings.block_weeks: must be a whole number, not 4.0"),
    "long name": (set_(("settings", "name"), "\U0001f4aa" * 80),
                  "settings.name: is too long for a file name (at most 200 bytes)"),
    "bidi name": (set_(("settings", "name"), "plan\u202egnp.exe"),
                  "settings.name: 'plan\\u202egnp.exe' has control characters"),
    "band": (set_(S + ("items", 0, "band"), "titanium"),
             "weeks.0.sessions.0.items.0.band: 'titanium' is not one of settings.bands"),
    # Paragraphs are bounded, in length and in number (the PDF lays every one out).
    "long guidance": (set_(("guidance", 0), "x" * 2001),
                      "guidance.0: must be shorter than or equal to 2000 characters"),
    "much guidance": (set_(("guidance",), ["x"] * 201), "guidance: must contain less than or "
                                                        "equal to 200 items"),
    "long safety": (set_(("safety", 0), "y " * 1001), "safety.0: must be shorter than"),
}


@pytest.fixture
def written(cli, tmp_path):
    """A two-week plan and its ICS, as `planner build` wrote them."""
    ok(cli("build", "--weeks", "2", "--start", "2026-11-23", "--tz", "Europe/Berlin",
           "-f", "json", "-f", "ics"))
    return json.loads((tmp_path / "plan.json").read_text())


def files(folder):
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


@pytest.mark.parametrize("case", list(CASES))
def test_an_inconsistent_plan_is_refused_naming_the_field(cli, tmp_path, written, case):
    change, message = CASES[case]
    change(written)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(written, ensure_ascii=False))
    before = files(tmp_path)
    said = error(cli("export", "bad.json", "-f", "ics", "-f", "pdf", "--out-dir", "."))
    assert said.startswith(f"Error: {bad.name}: {message}") or f": {message}" in said, said
    assert files(tmp_path) == before  # nothing written, nothing changed
    assert not list(tmp_path.glob(".*tmp*"))


def test_an_integer_of_thousands_of_digits_is_refused(cli, tmp_path, written):
    text = json.dumps(written).replace('"seed": 0', '"seed": ' + "9" * 5000)
    (tmp_path / "bad.json").write_text(text)
    error(cli("export", "bad.json", "-f", "ics"), "bad.json", "a number is too long")


def test_a_device_or_fifo_as_plan_file_is_refused_at_once(cli, tmp_path, written):
    error(cli("export", "/dev/zero", "-f", "json"), "/dev/zero", "not a regular file")
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    error(cli("export", str(fifo), "-f", "json"), "pipe.json", "not a regular file")


def test_a_plan_piped_to_dev_stdin_still_exports(tmp_path):
    plan = make_plan(weeks=1)
    from planner.plan_document import plan_json

    done = subprocess.run([sys.executable, "-m", "planner", "export", "/dev/stdin", "-f", "ics",
                           "--out-dir", str(tmp_path)], input=plan_json(plan),
                          capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert list(tmp_path.glob("*.ics"))
