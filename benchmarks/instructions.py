"""Start-up measured in instructions, which the machine's load does not change.

    .venv/bin/python benchmarks/instructions.py [--release PLANNER]

Runs each start-up command once under valgrind's cachegrind (no cache simulation) with a
fixed hash seed and prints the instructions it executed, and their ratio to bare Typer's
no-op (and to an older release's build with --release, e.g. 0.2.0 installed as in
README.md). Wall-time ratios on a shared machine wander by several percent from run to run;
these do not, so they show what a change to start-up saves. They are not the targets:
a fresh process spends time that no instruction count sees (mapping files, page faults,
the disk), which both sides share, so wall-time ratios come out closer to 1 than these.
Needs valgrind (`apt-get install valgrind`); each command takes a few seconds under it.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from timing import ENV, PLANNER, PYTHON

HERE = Path(__file__).resolve().parent
BUILD = ["build", "--weeks", "4", "--start", "2026-11-23", "--tz", "Europe/Berlin"]
RELEASE = "release build --weeks 4, over its plan"


def instructions(argv: list[str], env: dict[str, str]) -> int:
    """The instructions one run of `argv` executed, as cachegrind counts them."""
    result = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
         *argv], env={**env, "PYTHONHASHSEED": "0"}, capture_output=True, text=True, check=True)
    found = re.search(r"I\s+refs:\s+([\d,]+)", result.stderr)
    if found is None:
        raise SystemExit(f"no instruction count from valgrind for {argv[0]}:\n{result.stderr}")
    return int(found[1].replace(",", ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--release", metavar="PLANNER",
                        help="an older release's planner, e.g. ../v020/.venv/bin/planner")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        parser.error("valgrind is not installed")
    with tempfile.TemporaryDirectory(prefix="planner-instructions-") as folder:
        work = Path(folder)
        env = {**ENV, "PLANNER_LOG": str(work / "log.sqlite3"),
               "XDG_CONFIG_HOME": str(work / "config"), "XDG_DATA_HOME": str(work / "data")}
        env.pop("PLANNER_CONFIG", None)
        commands = {
            "bare typer noop": [PYTHON, str(HERE / "bare_typer.py"), "noop"],
            "planner build --weeks 4, over its plan": [PLANNER, *BUILD, "--out-dir",
                                                       str(work / "plan")],
            "planner build --weeks 4, first build": [PLANNER, *BUILD, "--out-dir",
                                                     str(work / "first")],
        }
        if args.release:
            commands[RELEASE] = [args.release, *BUILD, "--out-dir", str(work / "release")]
        for argv in commands.values():  # the plans to build over and the .pyc files in place
            subprocess.run(argv, env=env, capture_output=True, check=True)
        counts = {}
        for name, argv in commands.items():
            shutil.rmtree(work / "first", ignore_errors=True)
            counts[name] = instructions(argv, env)
    bare = counts["bare typer noop"]
    release = counts.get(RELEASE)
    print(f"{'command':42} {'instructions':>14} {'/ bare':>7}" + (f" {'/ release':>9}"
                                                                  if release else ""))
    for name, count in counts.items():
        line = f"{name:42} {count:14,d} {count / bare:7.2f}"
        if release:
            line += f" {count / release:9.2f}"
        print(line)
    print(f"python {sys.version.split()[0]}; PYTHONHASHSEED=0; valgrind --tool=cachegrind")


if __name__ == "__main__":
    main()
