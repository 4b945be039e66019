"""Publishing a plan to a local Radicale: first time, then unchanged.

    .venv/bin/python benchmarks/publish.py [WEEKS ...] [--connections N ...]   (52 520; 4)

For each plan length and each caldav.connections value (52 weeks: 156 events; 520 weeks: 1,560), starts Radicale (htpasswd
login) on 127.0.0.1 in a temporary folder, builds the plan with the real builder, publishes
it twice through the caldav publisher, and prints wall time and the HTTP exchanges each run
made (a 401 that negotiates the login counts as one).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from planner.builder import build_plan  # noqa: E402
from planner.catalog import load_catalog  # noqa: E402
from planner.settings import Settings  # noqa: E402
from planner_caldav.publish import publish  # noqa: E402
from planner_caldav.target import read_target  # noqa: E402
from test_publish_servers import PASSWORD, USER, running_radicale  # noqa: E402


def bench(weeks: int, connections: int) -> None:
    plan = build_plan(load_catalog(), Settings(start=date(2026, 11, 23), weeks=weeks,
                                               timezone="Europe/Berlin")).frozen()
    os.environ["PLANNER_CALDAV_PASSWORD"] = PASSWORD
    with tempfile.TemporaryDirectory() as folder, running_radicale(Path(folder)) as server:
        target = read_target({"url": server.make_calendar("bench"), "user": USER,
                              "timeout": "120", "connections": str(connections)})
        for run in ("first", "unchanged"):
            started = time.perf_counter()
            report = publish(plan, target)
            seconds = time.perf_counter() - started
            print(f"{weeks:4d} weeks, {connections} at once, {run:>9}: {seconds * 1000:8.0f} ms, "
                  f"{report.requests:5d} "
                  f"requests (PUT {report.created + report.updated}), {report.summary()}",
                  flush=True)


def main() -> None:
    args = sys.argv[1:]
    split = args.index("--connections") if "--connections" in args else len(args)
    weeks = [int(arg) for arg in args[:split]] or [52, 520]
    connections = [int(arg) for arg in args[split + 1:]] or [4]
    for length in weeks:
        for count in connections:
            bench(length, count)


if __name__ == "__main__":
    main()
