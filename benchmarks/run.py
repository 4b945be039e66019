"""Time planner against bare Typer, reportlab and icalendar scripts, side by side.

Every measurement runs fresh processes, interleaving planner and reference runs round by
round so that load on a shared machine hits both alike. Each round is timed by hyperfine when
it is installed (one run of every command per round), else by a Python loop. Prints medians
and ratios against the targets, then peak memory (from /usr/bin/time -v) of a 520-week build
in every format.

    .venv/bin/python benchmarks/run.py                 # full run, under a minute
    .venv/bin/python benchmarks/run.py --rounds 3      # quicker, noisier
    .venv/bin/python benchmarks/run.py --timer python  # without hyperfine
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import timing
from timing import ENV, PLANNER, PYTHON, Command, interleaved, medians, peak_rss_mb, run

HERE = Path(__file__).resolve().parent
START = ["--start", "2026-11-23", "--tz", "Europe/Berlin"]


def pdf_pages(path: Path) -> int:
    try:
        from pypdf import PdfReader

        return len(PdfReader(path).pages)
    except ImportError:
        return len(re.findall(rb"/Type\s*/Page[^s]", path.read_bytes()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10, help="rounds for start-up timings")
    parser.add_argument("--export-rounds", type=int, default=3, help="rounds for 52-week exports")
    timing.add_timer_option(parser)
    args = parser.parse_args()
    timing.set_timer(parser, args.timer)
    work = Path(tempfile.mkdtemp(prefix="planner-bench-"))
    ENV["PLANNER_CACHE_DIR"] = str(work / "cache")
    try:
        run_all(work, args)
    finally:
        shutil.rmtree(work)


def run_all(work: Path, args) -> None:
    for weeks in (52, 520):
        run([PLANNER, "build", "--weeks", str(weeks), *START, "--name", f"p{weeks}",
             "--out-dir", str(work)], stdout=subprocess.DEVNULL)
    run([PLANNER, "export", str(work / "p52.json"), "--format", "pdf", "--out-dir", str(work)],
        stdout=subprocess.DEVNULL)
    pages = pdf_pages(work / "p52.pdf")
    sessions = sum(len(w["sessions"]) for w in json.loads((work / "p52.json").read_text())["weeks"])
    print(f"52-week plan: {sessions} sessions, {pages} PDF pages; python {sys.version.split()[0]}; "
          f"timed by {timing.TIMER}")

    rows = []
    startup = medians(interleaved({
        "planner --help": Command([PLANNER, "--help"]),
        "typer --help": Command([PYTHON, str(HERE / "bare_typer.py"), "--help"]),
        "planner build --weeks 4": Command([PLANNER, "build", "--weeks", "4", *START,
                                            "--out-dir", str(work)]),
        "typer noop": Command([PYTHON, str(HERE / "bare_typer.py"), "noop"]),
    }, args.rounds))
    rows.append(("planner --help", startup["planner --help"], "bare typer --help",
                 startup["typer --help"], 1.2))
    rows.append(("planner build --weeks 4 (json)", startup["planner build --weeks 4"],
                 "bare typer noop", startup["typer noop"], 1.2))

    def export(weeks: int, fmt: str) -> Command:
        return Command([PLANNER, "export", str(work / f"p{weeks}.json"), "--format", fmt,
                        "--out-dir", str(work / "out")])

    exports = medians(interleaved({
        "pdf52": export(52, "pdf"),
        "reportlab": Command([PYTHON, str(HERE / "bare_reportlab.py"), str(pages),
                              str(work / "bare.pdf")]),
        "ics52": export(52, "ics"),
        "icalendar": Command([PYTHON, str(HERE / "bare_icalendar.py"), str(sessions),
                              str(work / "bare.ics")]),
    }, args.export_rounds))
    rows.append(("52-week pdf export", exports["pdf52"], f"bare reportlab, {pages} pages",
                 exports["reportlab"], 1.5))
    rows.append(("52-week ics export", exports["ics52"], f"bare icalendar, {sessions} events",
                 exports["icalendar"], 1.5))

    big = medians(interleaved({"pdf520": export(520, "pdf"), "ics520": export(520, "ics"),
                               "json520": export(520, "json")}, 1))
    json52 = medians(interleaved({"json52": export(52, "json")}, args.export_rounds))["json52"]
    rows.append(("520-week pdf export", big["pdf520"], "52-week pdf export", exports["pdf52"], 11))
    rows.append(("520-week ics export", big["ics520"], "52-week ics export", exports["ics52"], 11))
    rows.append(("520-week json export", big["json520"], "52-week json export", json52, 11))

    print(f"\n{'measurement':<32} {'median':>8}   {'reference':<30} {'median':>8} {'ratio':>6}  target")
    for name, value, ref_name, ref_value, target in rows:
        ratio = value / ref_value
        verdict = "ok" if ratio <= target else "OVER"
        print(f"{name:<32} {value:>7.3f}s   {ref_name:<30} {ref_value:>7.3f}s {ratio:>6.2f}  "
              f"<= {target} {verdict}")

    memory = peak_rss_mb(Command([PLANNER, "build", "--weeks", "520", *START, "--format", "json",
                                  "--format", "pdf", "--format", "ics",
                                  "--out-dir", str(work / "all")]))
    if memory is not None:
        verdict = "ok" if memory <= 300 else "OVER"
        print(f"\npeak memory, 520-week build in json+pdf+ics: {memory:.0f} MB (target <= 300) {verdict}")
        for path in sorted((work / "all").iterdir()):
            print(f"  {path.name}: {path.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
