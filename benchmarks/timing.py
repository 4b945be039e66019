"""Running and timing fresh processes, shared by the benchmark scripts (run.py, log.py).

Commands run with ENV, round by round and interleaved: each round is timed by hyperfine (one
run of every command, no shell in between) or by a Python loop, as TIMER says. A script sets
TIMER from its --timer option with `add_timer_option` and `set_timer`, and puts its own
variables into ENV (e.g. PLANNER_CACHE_DIR) before it runs anything.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PYTHON = sys.executable
PLANNER = str(Path(PYTHON).with_name("planner"))
# Measure what users get: Python caching compiled modules (.pyc) as it does by default,
# and planner's own cache warm after the first run (the scripts keep it in their temp folder).
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
TIMER = "python"  # or "hyperfine"; set from --timer by set_timer


def add_timer_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--timer", choices=("auto", "hyperfine", "python"), default="auto",
                        help="who times each run (auto: hyperfine when installed)")


def set_timer(parser: argparse.ArgumentParser, choice: str) -> None:
    """Set TIMER from --timer: auto is hyperfine when installed, else python."""
    global TIMER
    TIMER = choice if choice != "auto" else (
        "hyperfine" if shutil.which("hyperfine") else "python")
    if TIMER == "hyperfine" and not shutil.which("hyperfine"):
        parser.error("--timer hyperfine: hyperfine is not installed")


class Command:
    """A command line to time, and one to run (untimed) before each of its runs."""

    def __init__(self, argv: list[str], prepare: list[str] | None = None):
        self.argv, self.prepare = argv, prepare


def run(argv: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(argv, check=True, env=ENV, **kwargs)


def quiet(argv: list[str]) -> None:
    run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def timed(command: Command) -> float:
    if command.prepare:
        quiet(command.prepare)
    began = time.perf_counter()
    quiet(command.argv)
    return time.perf_counter() - began


def hyperfine_round(commands: list[Command]) -> list[float]:
    """One run of each command, in order, timed by hyperfine (no shell in between)."""
    prepares: list[str] = []
    if any(c.prepare for c in commands):
        for command in commands:  # one --prepare per command, in the commands' order
            prepares += ["--prepare", shlex.join(command.prepare or ["true"])]
    with tempfile.NamedTemporaryFile(suffix=".json") as report:
        run(["hyperfine", "-N", "--runs", "1", "--style", "none", "--export-json", report.name,
             *prepares, *(shlex.join(c.argv) for c in commands)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        results = json.loads(Path(report.name).read_text())["results"]
    return [result["times"][0] for result in results]


def interleaved(commands: dict[str, Command], rounds: int) -> dict[str, list[float]]:
    """Seconds of every run of every command; round r runs each command once, in order."""
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for command in commands.values():  # one warm-up each (disk cache, .pyc, planner's cache)
        timed(command)
    for _ in range(rounds):
        if TIMER == "hyperfine":
            times = hyperfine_round(list(commands.values()))
        else:
            times = [timed(command) for command in commands.values()]
        for name, seconds in zip(commands, times, strict=True):
            samples[name].append(seconds)
    return samples


def medians(samples: dict[str, list[float]]) -> dict[str, float]:
    """The median of each command's runs, from `interleaved`."""
    return {name: statistics.median(values) for name, values in samples.items()}


def spread(values: list[float]) -> tuple[float, float, float]:
    """Median and the interquartile range (25th to 75th percentile)."""
    if len(values) < 2:
        return values[0], values[0], values[0]
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return median, q1, q3


def peak_rss_mb(command: Command) -> float | None:
    """Peak memory of one run, from /usr/bin/time -v (None without it); prepare runs first."""
    if not Path("/usr/bin/time").exists():
        return None
    if command.prepare:
        quiet(command.prepare)
    done = run(["/usr/bin/time", "-v", *command.argv], capture_output=True, text=True)
    kilobytes = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)[1])
    return kilobytes / 1024


def in_temp_folder(prefix: str, keep: bool, work) -> None:
    """Run `work(folder)` in a new temp folder that every planner command's environment
    points into (log, data and cache), then remove it, unless `keep` (then print it)."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    # Every command that logs gets --log; these keep anything else inside the folder too.
    ENV["PLANNER_LOG"] = str(folder / "never-used.sqlite3")
    ENV["XDG_DATA_HOME"] = str(folder / "data")
    try:
        work(folder)
    finally:
        if keep:
            print(f"\nkept {folder}")
        else:
            shutil.rmtree(folder)
