"""Publishing a plan to a local Radicale: first time, then unchanged.

    .venv/bin/python benchmarks/publish.py [WEEKS ...] [--connections N ...] [--server-times]
    (defaults: 52 520; 4)

For each plan length and each caldav.connections value (52 weeks: 156 events; 520 weeks: 1,560), starts Radicale (htpasswd
login) on 127.0.0.1 in a temporary folder, builds the plan with the real builder, publishes
it twice through the caldav publisher, and prints wall time and the HTTP exchanges each run
made (a 401 that negotiates the login counts as one).

--server-times runs Radicale through benchmarks/radicale_timed.py and prints, under each run,
the time Radicale spent on it: handling requests (summed: with several at once they overlap),
checking each new UID against the events already stored, holding its storage lock to write,
and its CPU time in user mode. Radicale writes one change at a time, and its Python runs one
thread at a time, so no client publishes faster than the larger of the last two, however
many requests it sends at once.
"""

from __future__ import annotations

import json
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


def bench(weeks: int, connections: int, server_times: bool) -> None:
    plan = build_plan(load_catalog(), Settings(start=date(2026, 11, 23), weeks=weeks,
                                               timezone="Europe/Berlin")).frozen()
    os.environ["PLANNER_CALDAV_PASSWORD"] = PASSWORD
    with tempfile.TemporaryDirectory() as folder:
        times = Path(folder) / "radicale-times.json"
        program = ((str(ROOT / "benchmarks" / "radicale_timed.py"), str(times))
                   if server_times else ("-m", "radicale"))
        with running_radicale(Path(folder) / "server", program=program) as server:
            target = read_target({"url": server.make_calendar("bench"), "user": USER,
                                  "timeout": "120", "connections": str(connections)})
            for run in ("first", "unchanged"):
                before = _read(times) if server_times else {}
                started = time.perf_counter()
                report = publish(plan, target)
                seconds = time.perf_counter() - started
                print(f"{weeks:4d} weeks, {connections} at once, {run:>9}: "
                      f"{seconds * 1000:8.0f} ms, {report.requests:5d} "
                      f"requests (PUT {report.created + report.updated}), {report.summary()}",
                      flush=True)
                if server_times:
                    print(_server_line(before, _read(times), seconds), flush=True)


def _read(times: Path) -> dict[str, list[float]]:
    for _ in range(50):  # written after each request's answer is made, not yet sent
        try:
            return json.loads(times.read_text())
        except (OSError, ValueError):
            time.sleep(0.1)
    return {}


def _server_line(before: dict, after: dict, wall: float) -> str:
    def spent(name: str) -> tuple[int, float]:
        count, seconds = after.get(name, (0, 0.0))
        count0, seconds0 = before.get(name, (0, 0.0))
        return int(count - count0), seconds - seconds0

    requests, handling = spent("request")
    puts, putting = spent("put")
    _, checking = spent("uid check")
    _, locked = spent("write lock")
    _, cpu = spent("cpu")
    line = f"{'':31}Radicale: {handling:.2f} s handling {requests} requests"
    if not puts:
        return f"{line}, user CPU {cpu:.2f} s"
    floor = max(locked, cpu)
    return (f"{line} ({putting / puts * 1000:.1f} ms a PUT, {checking / puts * 1000:.1f} ms of "
            f"it reading every stored event to check the new UID); storage lock held to write "
            f"{locked:.1f} s, user CPU {cpu:.1f} s: no client gets below {floor:.1f} s, "
            f"{wall / floor:.2f}x faster than this run")


def main() -> None:
    args = sys.argv[1:]
    server_times = "--server-times" in args
    args = [arg for arg in args if arg != "--server-times"]
    split = args.index("--connections") if "--connections" in args else len(args)
    weeks = [int(arg) for arg in args[:split]] or [52, 520]
    connections = [int(arg) for arg in args[split + 1:]] or [4]
    for length in weeks:
        for count in connections:
            bench(length, count, server_times)


if __name__ == "__main__":
    main()
