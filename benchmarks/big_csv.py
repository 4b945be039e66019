"""Writes a history CSV of about ROWS rows (the `planner history --csv` format) for the
import memory benchmark: sessions every other day, five exercises of three sets each.

Usage: python big_csv.py ROWS OUT.csv
Then:  /usr/bin/time -v planner import OUT.csv --log /tmp/big.sqlite3   (Maximum resident set size)
"""

import csv
import sys
from datetime import date, timedelta

HEADER = ("date", "session", "exercise", "status", "set", "reps", "left", "right", "band",
          "slack", "feel", "target_sets", "target_reps", "target_band", "target_slack",
          "per_side", "deload", "source", "effort", "minutes", "note")
EXERCISES = ("band-pull-apart", "seated-row", "lat-pulldown", "reverse-fly", "bent-over-row")

rows, out = int(sys.argv[1]), sys.argv[2]
with open(out, "w", newline="", encoding="utf-8") as handle:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(HEADER)
    written, day = 0, date(1990, 1, 1)
    while written < rows:
        uid = f"{day.isoformat()}-1-plan@band-planner"
        for exercise in EXERCISES:
            for number in (1, 2, 3):
                writer.writerow([day.isoformat(), uid, exercise, "done", number, 10, "", "",
                                 "light", "normal", "ok", 3, 10, "light", "normal", "false",
                                 "false", "csv", 6, 30, ""])
                written += 1
        day += timedelta(days=2)
