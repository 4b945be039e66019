"""How a zone's changes are found: at the instants its TZif file lists (tzif.py), checked
against sampling zoneinfo (zones.py), the algorithm behind every VTIMEZONE."""

from __future__ import annotations

import io
import struct
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from planner_ics import tzif, zones

TRICKY_ZONES = ["Europe/Berlin", "Europe/London", "Europe/Dublin", "America/New_York",
                "America/Santiago", "America/Nuuk", "America/Havana", "America/Sao_Paulo",
                "Asia/Jerusalem", "Asia/Gaza", "Asia/Tehran", "Asia/Kolkata", "Africa/Cairo",
                "Africa/Casablanca", "Australia/Lord_Howe", "Australia/Adelaide",
                "Pacific/Chatham", "Pacific/Apia", "Antarctica/Troll", "UTC"]


# ------------------------------------------------------------------ zone changes from TZif data

def test_zone_changes_from_tzif_data_match_sampling_zoneinfo():
    """The changes found at the TZif file's instants are exactly those that sampling
    zoneinfo every 12 hours and bisecting finds, week-long Ramadan breaks (Gaza) included."""
    start, end = datetime(1995, 1, 1, tzinfo=UTC), datetime(2060, 1, 1, tzinfo=UTC)
    for name in TRICKY_ZONES:
        zone = ZoneInfo(name)
        listed = zones.listed_changes(zone, tzif.transitions(name), start, end)
        assert listed is not None, name
        assert listed == zones.sampled_changes(zone, start, end), name


def test_tzif_reading_of_the_tzdata_package_files():
    """tzdata's files are "slim": the table stops where the TZ string's rule takes over."""
    from importlib import resources

    pytest.importorskip("tzdata")
    start, end = datetime(1990, 1, 1, tzinfo=UTC), datetime(2050, 1, 1, tzinfo=UTC)
    for name in ("Europe/Berlin", "America/Santiago", "Asia/Jerusalem", "Australia/Lord_Howe",
                 "Africa/Casablanca", "Europe/Dublin", "America/Nuuk", "Asia/Tokyo"):
        folder, file = name.rsplit("/", 1)
        data = resources.files(f"tzdata.zoneinfo.{folder}").joinpath(file).read_bytes()
        zone = ZoneInfo.from_file(io.BytesIO(data))
        listed = zones.listed_changes(zone, tzif.parse_tzif(data), start, end)
        assert listed == zones.sampled_changes(zone, start, end), name
        # Read as version 1 (no TZ string for later years), the file is left to sampling.
        assert tzif.parse_tzif(data[:4] + b"\0" + data[5:]) is None, name


def synthetic_tzif(tz_string: str) -> bytes:
    """A version 2 TZif file without transitions: EST, then the TZ string."""
    header = struct.pack(">4sc15x6l", b"TZif", b"2", 0, 0, 0, 0, 1, 4)
    block = struct.pack(">lBB", -5 * 3600, 0, 0) + b"EST\0"
    return header + block + header + block + b"\n" + tz_string.encode() + b"\n"


@pytest.mark.parametrize("tz_string, listed", [
    ("EST5EDT,M3.2.0,M11.1.0", True),
    ("<-03>3<-02>,M3.2.0/-1,M11.1.0/26", True),  # hours outside 0-24 (RFC 8536)
    ("IST-2IDT,M3.4.4/26,M10.5.0", True),
    ("EST5EDT,J60/2,J300/2", True),  # Julian days, February 29 not counted
    ("EST5EDT,M3.2.0,300/2", False),  # zero-based day: CPython's zoneinfo reads it otherwise
    ("EST5", True),
])
def test_tz_string_rules_and_the_fallback_to_sampling(tz_string, listed):

    data = synthetic_tzif(tz_string)
    zone = ZoneInfo.from_file(io.BytesIO(data))
    start, end = datetime(2026, 1, 1, tzinfo=UTC), datetime(2032, 1, 1, tzinfo=UTC)
    found = zones.listed_changes(zone, tzif.parse_tzif(data), start, end)
    scanned = zones.sampled_changes(zone, start, end)
    assert found == (scanned if listed else None)
    # A zone without a key (not from the zone database) has no zone file to read: sampled.
    assert zone.key is None and tzif.transitions(zone.key) is None
    assert tzif.parse_tz_string("EST5EDT") == (False, None)  # DST without a rule
    assert tzif.parse_tzif(data[:30]) is None


def test_every_zone_is_described_from_tzif_data_without_sampling(monkeypatch):
    """Sampling zoneinfo from 1900 to 2200 takes some 350 ms a zone."""

    def no_sampling(*args, **kwargs):
        raise AssertionError("sampled zoneinfo")

    monkeypatch.setattr(zones, "sampled_changes", no_sampling)
    zones.canonical.cache_clear()
    try:
        for name in TRICKY_ZONES:
            assert zones.canonical(name), name
    finally:
        zones.canonical.cache_clear()
