"""The PDF's own figures: fillable against print-only, print-only against bare reportlab, file
size a page, `planner import` of a filled booklet, and what fillable booklets cost as plans
grow (to set `pdf.fields=auto`'s limit).

    .venv/bin/python benchmarks/pdf.py                  # about two minutes
    .venv/bin/python benchmarks/pdf.py --rounds 3 --no-growth

Targets (issue "Fast again"): the fillable 52-week booklet <= 1.5x the print-only one in time
and <= 12 KB a page; the print-only one <= 1.3x bare_reportlab.py drawing the same figures,
table and text. To measure another tree of the code with the same script (e.g. before a
change), put it first on PYTHONPATH: `PYTHONPATH=OLD:OLD/plugins .venv/bin/python
benchmarks/pdf.py`.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import timing
from run import START, fill_sheets, pdf_pages
from timing import PLANNER, PYTHON, Command, interleaved, medians, peak_rss_mb, run

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="rounds of the 52-week exports")
    parser.add_argument("--no-growth", action="store_true",
                        help="skip the 104- to 520-week fillable builds")
    timing.add_timer_option(parser)
    parser.add_argument("--keep", action="store_true", help="keep the temp folder; prints it")
    args = parser.parse_args()
    timing.set_timer(parser, args.timer)
    timing.in_temp_folder("planner-pdf-", args.keep, lambda work: measure(work, args))


def export(work: Path, weeks: int, out: str, *options: str) -> Command:
    return Command([PLANNER, "export", str(work / f"p{weeks}.json"), "--format", "pdf",
                    *options, "--out-dir", str(work / out)])


def measure(work: Path, args) -> None:
    run([PLANNER, "build", "--weeks", "52", *START, "--name", "p52", "--out-dir", str(work)],
        stdout=subprocess.DEVNULL)
    on, off = export(work, 52, "on"), export(work, 52, "off", "--option", "pdf.fields=off")
    timing.quiet(on.argv)
    timing.quiet(off.argv)
    pages = pdf_pages(work / "on" / "p52.pdf")
    bare = Command([PYTHON, str(HERE / "bare_reportlab.py"), str(pages), str(work / "bare.pdf"),
                    "--figures", str(work / "p52.json")])
    print(f"52-week plan, {pages} pages; timed by {timing.TIMER}, {args.rounds} rounds")
    times = medians(interleaved({"on": on, "off": off, "bare": bare}, args.rounds))
    rows = [("fillable / print-only", times["on"], times["off"], 1.5),
            ("print-only / bare reportlab", times["off"], times["bare"], 1.3)]
    for name, value, reference, target in rows:
        ratio = value / reference
        print(f"  {name:<28} {value:6.2f} s / {reference:6.2f} s = {ratio:4.2f}  "
              f"(<= {target}: {'ok' if ratio <= target else 'OVER'})")
    for name, path in (("fillable", work / "on" / "p52.pdf"),
                       ("print-only", work / "off" / "p52.pdf"), ("bare", work / "bare.pdf")):
        size = path.stat().st_size
        print(f"  {name:<12} {size / 1024 / pages:5.1f} KB a page ({size / 1e6:.2f} MB)"
              + ("  (<= 12: " + ("ok)" if size / 1024 / pages <= 12 else "OVER)")
                 if name == "fillable" else ""))

    plan = json.loads((work / "p52.json").read_text())
    filled = fill_sheets(plan, work / "on" / "p52.pdf", work / "filled.pdf")
    log = work / "import.sqlite3"
    fresh = ["rm", "-f", str(log), f"{log}-wal", f"{log}-shm"]
    imported = interleaved({"import": Command(
        [PLANNER, "import", str(work / "filled.pdf"), "--plan", str(work / "p52.json"),
         "--log", str(log)], prepare=fresh)}, args.rounds)["import"]
    print(f"  planner import, {filled} fields filled by pypdf: "
          f"{sorted(imported)[len(imported) // 2]:.2f} s")

    if args.no_growth:
        return
    print("fillable booklets as plans grow (one run each; time and peak memory):")
    for weeks in (104, 260, 520):
        run([PLANNER, "build", "--weeks", str(weeks), *START, "--name", f"p{weeks}",
             "--out-dir", str(work)], stdout=subprocess.DEVNULL)
        command = export(work, weeks, f"on{weeks}", "--option", "pdf.fields=on")
        seconds = timing.timed(command)
        memory = peak_rss_mb(command)
        size = (work / f"on{weeks}" / f"p{weeks}.pdf").stat().st_size
        sessions = sum(len(w["sessions"]) for w in
                       json.loads((work / f"p{weeks}.json").read_text())["weeks"])
        print(f"  {weeks:>3} weeks, {sessions:>4} sessions: {seconds:5.1f} s, "
              f"{memory or 0:4.0f} MB peak, {size / 1e6:5.1f} MB")


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    main()
