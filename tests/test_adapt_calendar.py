"""An adapted plan re-imported into a calendar: the same events, updated in place.

Build a plan with an .ics, log the first week, adapt the rest, import both files into khal:
one event per session, and the changed sessions carry the new doses, a higher SEQUENCE and a
later DTSTAMP. The strict `ical` parser reads the adapted file too.
"""

from __future__ import annotations

import icalendar
import pytest
from ical.calendar_stream import IcsCalendarStream

from test_ics_clients import KHAL, KHAL_CONFIG, khal

from conftest import load_json

pytestmark = pytest.mark.slow

BUILD = ["build", "--weeks", "3", "--start", "2026-11-23", "--tz", "Europe/Berlin",
         "--format", "ics"]


def events(data: bytes) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}


def khal_imports_both(tmp_path, shape: str) -> str:
    """khal, in a fresh calendar, imports built.ics and then plan.ics; what it then lists."""
    (tmp_path / "real").mkdir()
    (tmp_path / "renamed").mkdir()
    config = tmp_path / "khal.conf"
    config.write_text(KHAL_CONFIG.format(root=tmp_path, zone="Europe/Berlin"))
    khal(config, "import", "--batch", "-a", "real", str(tmp_path / "built.ics"))
    khal(config, "import", "--batch", "-a", "real", str(tmp_path / "plan.ics"))
    return khal(config, "list", "-a", "real", "--day-format", "", "--format", shape,
                "2026-11-01", "2027-01-31")


def test_adapted_plan_updates_calendar_events_in_place(cli, tmp_path):
    log = str(tmp_path / "log.sqlite3")
    assert cli(*BUILD).code == 0
    built = (tmp_path / "plan.ics").read_bytes()
    (tmp_path / "built.ics").write_bytes(built)
    plan = load_json(tmp_path / "plan.json")
    first_week = plan["weeks"][0]["sessions"]
    for session in first_week:  # every exercise of week 1 failed: first sets below the range
        for item in session["items"]:
            reps = "5/5" if item["per_side"] else "5"
            result = cli("log", session["date"], "--exercise", item["exercise"],
                         "--reps", ",".join([reps] * item["sets"]), "--feel", "hard", "--log", log,
                         "--no-adapt")
            assert result.code == 0, result.err
    result = cli("adapt", "plan.json", "--from", "2026-11-30", "--format", "ics", "--log", log)
    assert result.code == 0, result.err
    adapted = (tmp_path / "plan.ics").read_bytes()

    before, after = events(built), events(adapted)
    assert before.keys() == after.keys()
    changed = [uid for uid in after if after[uid]["DESCRIPTION"] != before[uid]["DESCRIPTION"]]
    assert changed, "a failed week must change later doses"
    for uid in after:
        if uid in changed:
            assert int(after[uid]["SEQUENCE"]) > int(before[uid]["SEQUENCE"])
            assert after[uid]["DTSTAMP"].dt > before[uid]["DTSTAMP"].dt
        else:
            assert after[uid].to_ical() == before[uid].to_ical()
    IcsCalendarStream.calendar_from_ics(adapted.decode("utf-8"))  # strict parser accepts it

    assert KHAL.exists()
    listed = khal_imports_both(tmp_path, "{uid}|{description}")
    rows = [line for line in listed.splitlines() if "|" in line]
    uids = [row.split("|", 1)[0] for row in rows]
    assert sorted(uids) == sorted(after), "one event per session, no duplicates"
    stored = [p for p in (tmp_path / "real").iterdir() if p.name.endswith(".ics")]
    assert len(stored) == len(after)
    for row in rows:  # khal shows the adapted doses, the first line of each description
        uid, description = row.split("|", 1)
        assert description.startswith(str(after[uid]["DESCRIPTION"]).splitlines()[0])
    # What khal keeps is the adapted event: new doses (looser slack after a hard week).
    kept = {}
    for path in stored:
        kept.update(events(path.read_bytes()))
    for uid in changed:
        assert kept[uid]["DESCRIPTION"] == after[uid]["DESCRIPTION"]
        assert "added slack" in str(kept[uid]["DESCRIPTION"])
        assert int(kept[uid]["SEQUENCE"]) == 1


def test_a_rebuilt_plan_reimported_updates_in_place(cli, tmp_path):
    """A rebuild over the same plan file at another time keeps the uids and raises SEQUENCE
    and DTSTAMP; khal, importing both files, keeps one event per session, at the new time."""
    assert cli(*BUILD).code == 0
    (tmp_path / "built.ics").write_bytes((tmp_path / "plan.ics").read_bytes())
    assert cli(*BUILD, "--time", "18:00").code == 0
    before = events((tmp_path / "built.ics").read_bytes())
    after = events((tmp_path / "plan.ics").read_bytes())
    assert before.keys() == after.keys()
    for uid, event in after.items():
        assert event["DTSTART"].dt.hour == 18
        assert int(event["SEQUENCE"]) > int(before[uid]["SEQUENCE"])
        assert event["DTSTAMP"].dt > before[uid]["DTSTAMP"].dt
    again = tmp_path / "again"
    again.mkdir()
    assert cli(*BUILD, "--time", "18:00", "--out-dir", "again").code == 0  # same inputs,
    assert (again / "plan.ics").read_bytes() != (tmp_path / "plan.ics").read_bytes()  # new file
    # the same rebuild again: no --force needed (no log shaped it), and the same bytes
    ics = (tmp_path / "plan.ics").read_bytes()
    assert cli(*BUILD, "--time", "18:00").code == 0
    assert (tmp_path / "plan.ics").read_bytes() == ics
    assert cli(*BUILD, "--time", "18:00", "--force").code == 0
    assert events((tmp_path / "plan.ics").read_bytes()) == after

    listed = khal_imports_both(tmp_path, "{uid}|{start-time}")
    rows = [line.split("|") for line in listed.splitlines() if "|" in line]
    assert sorted(uid for uid, _ in rows) == sorted(after), "one event per session"
    assert {time for _, time in rows} == {"18:00"}
