"""Reference: icalendar alone writing EVENTS events (zoned start, end, description, alarm).

Each description carries what the issue asks of ours: six exercises, each with sets x reps,
band and slack plus one breathing cue, so both files hold about the same text.

Usage: python bare_icalendar.py EVENTS OUT.ics
"""

import sys
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event

count, out = int(sys.argv[1]), sys.argv[2]
zone = ZoneInfo("Europe/Berlin")
calendar = Calendar()
calendar.add("prodid", "-//bench//EN")
calendar.add("version", "2.0")
start = datetime(2026, 11, 23, 7, 0, tzinfo=zone)
for n in range(count):
    event = Event()
    begin = start + timedelta(days=2 * n + n // 3)
    event.add("uid", f"{n}@bench")
    event.add("dtstamp", datetime(2026, 1, 1, tzinfo=ZoneInfo("UTC")))
    event.add("dtstart", begin)
    event.add("dtend", begin + timedelta(minutes=30))
    event.add("summary", f"Back workout {n}")
    event.add("description", "\n".join(
        f"{k + 1}. Exercise number {k + 1} (upper back): 2 sets × 10 reps, light band, "
        f"normal slack, rest 60 s\n   Cue: Breathe out as you pull the band apart."
        for k in range(6)))
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", "Back workout")
    alarm.add("trigger", timedelta(minutes=-15))
    event.add_component(alarm)
    calendar.add_component(event)
calendar.add_missing_timezones()
with open(out, "wb") as handle:
    handle.write(calendar.to_ical())
