"""Reference: icalendar alone writing EVENTS events (zoned start, end, description, alarm).

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
    event.add("description", "\n".join(f"Exercise {k}: 2 x 10, light band, normal slack" for k in range(6)))
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", "Back workout")
    alarm.add("trigger", timedelta(minutes=-15))
    event.add_component(alarm)
    calendar.add_component(event)
calendar.add_missing_timezones()
with open(out, "wb") as handle:
    handle.write(calendar.to_ical())
