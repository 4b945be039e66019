"""Time planner against bare Typer, reportlab and icalendar scripts, side by side.

Every measurement runs fresh processes, interleaving planner and reference runs round by
round so that load on a shared machine hits both alike. Each round is timed by hyperfine when
it is installed (one run of every command per round), else by a Python loop. Prints medians
and ratios against the targets, then the PDF's size a page with and without form fields, the
time of `planner import` of a filled 52-week PDF, and peak memory (from /usr/bin/time -v) of a
520-week build in every format.

The 52-week PDF is timed twice: with its form fields (the default) against bare_reportlab.py
drawing the same pages with as many fields of the same kinds on each page (counted in
planner's PDF), and with `--option pdf.fields=off` against bare_reportlab.py without fields.

    .venv/bin/python benchmarks/run.py                 # full run, a few minutes
    .venv/bin/python benchmarks/run.py --rounds 3      # quicker, noisier
    .venv/bin/python benchmarks/run.py --timer python  # without hyperfine
    .venv/bin/python benchmarks/run.py --ics-only --export-rounds 15  # the iCalendar rows
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

import timing
from timing import PLANNER, PYTHON, Command, interleaved, medians, peak_rss_mb, run

HERE = Path(__file__).resolve().parent
START = ["--start", "2026-11-23", "--tz", "Europe/Berlin"]
ICS_TARGET = 1.2  # 52-week iCalendar export against bare_icalendar.py


def pdf_pages(path: Path) -> int:
    try:
        from pypdf import PdfReader

        return len(PdfReader(path).pages)
    except ImportError:
        return len(re.findall(rb"/Type\s*/Page[^s]", path.read_bytes()))


def field_counts(path: Path) -> list[list[int]]:
    """[exercises, reps boxes, feel buttons] of each page of planner's PDF, for
    bare_reportlab.py --fields. Exercises are told apart by the names of their fields
    (bp1:<uid>:<exercise>:<part>…); every sheet offers four feel buttons."""
    from pypdf import PdfReader

    counts = []
    for page in PdfReader(path).pages:
        exercises, boxes, buttons = set(), 0, 0
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Widget":
                continue
            parent = annot["/Parent"].get_object() if "/Parent" in annot else annot
            name = str(annot.get("/T") or parent.get("/T"))
            _, _, exercise, part, *_ = name.split(":")
            if exercise != "_session":
                exercises.add(exercise)
            boxes += part == "reps"
            buttons += part == "feel"
        counts.append([len(exercises), boxes, buttons])
    return counts


def widgets(path: Path) -> tuple[int, int]:
    """Text-field and button widgets in a PDF (to check bare_reportlab.py --fields)."""
    from pypdf import PdfReader

    text = buttons = 0
    for page in PdfReader(path).pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") == "/Widget":
                kind = annot.get("/FT") or annot["/Parent"].get_object().get("/FT")
                text += kind == "/Tx"
                buttons += kind == "/Btn"
    return text, buttons


def fill_sheets(plan: dict, pdf: Path, out: Path) -> int:
    """Write OUT: PDF with a few fields filled on every sheet, as a PDF app would save it.

    Per sheet: every reps box of the first two exercises (the planned reps), their feel (ok),
    and the session's minutes and effort. Returns the number of fields filled."""
    from pypdf import PdfWriter

    def escaped(uid: str) -> str:  # as planner/log/sheet_fields.py writes a uid in a name
        for raw, escape in (("%", "%25"), (".", "%2E"), (":", "%3A")):
            uid = uid.replace(raw, escape)
        return uid

    reps = {(escaped(session["uid"]), item["exercise"]): str(item["reps"])
            for week in plan["weeks"] for session in week["sessions"]
            for item in session["items"][:2]}
    session_values = {"minutes": "35", "effort": "6"}

    def value(name: str) -> str | None:
        _, uid, exercise, kind, *_ = name.split(":")
        if (uid, exercise) in reps and kind in ("reps", "feel"):
            return reps[uid, exercise] if kind == "reps" else "/ok"
        return session_values.get(kind) if exercise == "_session" else None

    writer = PdfWriter(clone_from=pdf)
    filled = 0
    for page in writer.pages:  # page by page: one call for all pages is quadratic in pypdf
        values = {}
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Widget":
                continue
            name = str(annot.get("/T") or annot["/Parent"].get_object()["/T"])
            if name.startswith("bp1:") and (text := value(name)) is not None:
                values[name] = text
        if values:
            writer.update_page_form_field_values(page, values, auto_regenerate=False)
            filled += len(values)
    writer.write(out)
    return filled


def startup_rows(work: Path, args) -> list[tuple]:
    """`--help` and `build --weeks 4` against bare Typer, and against an older release's
    build when --release names one. A build over its own plan (as a user builds again; the
    same plan, so no file is rewritten) and a first build into an emptied folder."""
    build = ["build", "--weeks", "4", *START]
    fresh = work / "fresh"
    commands = {
        "planner --help": Command([PLANNER, "--help"]),
        "typer --help": Command([PYTHON, str(HERE / "bare_typer.py"), "--help"]),
        "planner build --weeks 4": Command([PLANNER, *build, "--out-dir", str(work)]),
        "planner build, first": Command([PLANNER, *build, "--out-dir", str(fresh)],
                                        prepare=["rm", "-rf", str(fresh)]),
        "typer noop": Command([PYTHON, str(HERE / "bare_typer.py"), "noop"]),
    }
    if args.release:
        commands["release build"] = Command([args.release, *build, "--out-dir",
                                             str(work / "release")])
        timing.quiet(commands["release build"].argv)
    samples = interleaved(commands, args.rounds)
    startup = medians(samples)
    pairs = [("planner --help", "typer --help", 1.2),
             ("planner build --weeks 4", "typer noop", 1.2),
             ("planner build, first", "typer noop", 1.2)]
    names = {"planner --help": "planner --help", "typer --help": "bare typer --help",
             "planner build --weeks 4": "planner build --weeks 4 (json)",
             "planner build, first": "  the same, first build", "typer noop": "bare typer noop"}
    if args.release:
        pairs += [("planner build --weeks 4", "release build", 1.0),
                  ("planner build, first", "release build", 1.0)]
        version = subprocess.run([args.release, "--version"], capture_output=True, text=True,
                                 env=timing.ENV).stdout.split()[-1]
        names["release build"] = f"{version} build --weeks 4"
    rows = []
    for ours, reference, target in pairs:
        per_round = [a / b for a, b in zip(samples[ours], samples[reference], strict=True)]
        _, q1, q3 = timing.spread(per_round)
        rows.append((names[ours], startup[ours], names[reference], startup[reference], target,
                     f"per-round IQR {q1:.2f}-{q3:.2f}"))
    return rows


def print_rows(rows: list[tuple]) -> None:
    print(f"\n{'measurement':<32} {'median':>8}   {'reference':<30} {'median':>8} {'ratio':>6}  target")
    for name, value, ref_name, ref_value, target, *spread in rows:
        ratio = value / ref_value
        verdict = "ok" if ratio <= target else "OVER"
        print(f"{name:<32} {value:>7.3f}s   {ref_name:<30} {ref_value:>7.3f}s {ratio:>6.2f}  "
              f"<= {target} {verdict}" + (f"  ({spread[0]})" if spread else ""))


def run_startup(work: Path, args) -> None:
    run([PLANNER, "build", "--weeks", "4", *START, "--out-dir", str(work)],
        stdout=subprocess.DEVNULL)
    print_rows(startup_rows(work, args))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10, help="rounds for start-up timings")
    parser.add_argument("--export-rounds", type=int, default=3, help="rounds for 52-week exports")
    parser.add_argument("--import-rounds", type=int, default=5,
                        help="rounds for planner import of the filled 52-week PDF")
    timing.add_timer_option(parser)
    parser.add_argument("--ics-only", action="store_true",
                        help="only the iCalendar rows: 52-week export against bare_icalendar.py "
                             "(--export-rounds rounds), 520-week against 52-week")
    parser.add_argument("--startup-only", action="store_true",
                        help="only the start-up rows (--help, build --weeks 4 over its plan and "
                             "into an empty folder)")
    parser.add_argument("--release", metavar="PLANNER",
                        help="an older release's planner script (e.g. 0.2.0's, installed in a "
                             "venv of its own), timed in the same rounds as build --weeks 4")
    parser.add_argument("--keep", action="store_true",
                        help="keep the temp folder (plans, PDFs, the filled PDF) to profile by "
                             "hand; prints it")
    args = parser.parse_args()
    timing.set_timer(parser, args.timer)
    timing.in_temp_folder("planner-bench-", args.keep,
                          lambda work: (run_ics if args.ics_only else run_startup
                                        if args.startup_only else run_all)(work, args))


def run_ics(work: Path, args) -> None:
    """The iCalendar rows alone, timed as in run_all: the 52-week export against
    bare_icalendar.py writing as many events, then the 520-week export against it. Also
    prints the spread of the per-round ratios (each round runs both, one after the other)."""
    for weeks in (52, 520):
        run([PLANNER, "build", "--weeks", str(weeks), *START, "--name", f"p{weeks}",
             "--out-dir", str(work)], stdout=subprocess.DEVNULL)
    plan52 = json.loads((work / "p52.json").read_text())
    sessions = sum(len(w["sessions"]) for w in plan52["weeks"])
    print(f"52-week plan: {sessions} sessions; python {sys.version.split()[0]}; "
          f"timed by {timing.TIMER}, {args.export_rounds} rounds")

    def export(weeks: int) -> Command:
        return Command([PLANNER, "export", str(work / f"p{weeks}.json"), "--format", "ics",
                        "--out-dir", str(work / "out")])

    samples = interleaved({
        "ics52": export(52),
        "icalendar": Command([PYTHON, str(HERE / "bare_icalendar.py"), str(sessions),
                              str(work / "bare.ics")]),
    }, args.export_rounds)
    exports = medians(samples)
    big = medians(interleaved({"ics520": export(520)}, 1))
    rows = [("52-week ics export", exports["ics52"], f"bare icalendar, {sessions} events",
             exports["icalendar"], ICS_TARGET),
            ("520-week ics export", big["ics520"], "52-week ics export", exports["ics52"], 11)]
    print(f"\n{'measurement':<32} {'median':>8}   {'reference':<30} {'median':>8} "
          f"{'ratio':>6}  target")
    for name, value, ref_name, ref_value, target, *spread in rows:
        ratio = value / ref_value
        verdict = "ok" if ratio <= target else "OVER"
        print(f"{name:<32} {value:>7.3f}s   {ref_name:<30} {ref_value:>7.3f}s {ratio:>6.2f}  "
              f"<= {target} {verdict}" + (f"  ({spread[0]})" if spread else ""))
    ratios = [ours / bare for ours, bare in zip(samples["ics52"], samples["icalendar"],
                                                  strict=True)]
    median, q1, q3 = timing.spread(ratios)
    print(f"\nper-round ratio, 52-week ics / bare icalendar: median {median:.2f} "
          f"(IQR {q1:.2f}-{q3:.2f}, min {min(ratios):.2f}, max {max(ratios):.2f})")


def run_all(work: Path, args) -> None:
    for weeks in (52, 520):
        run([PLANNER, "build", "--weeks", str(weeks), *START, "--name", f"p{weeks}",
             "--out-dir", str(work)], stdout=subprocess.DEVNULL)
    run([PLANNER, "export", str(work / "p52.json"), "--format", "pdf", "--out-dir", str(work)],
        stdout=subprocess.DEVNULL)
    pages = pdf_pages(work / "p52.pdf")
    plan52 = json.loads((work / "p52.json").read_text())
    sessions = sum(len(w["sessions"]) for w in plan52["weeks"])
    print(f"52-week plan: {sessions} sessions, {pages} PDF pages; python {sys.version.split()[0]}; "
          f"timed by {timing.TIMER}")

    # The fields on each page of planner's PDF, for the reference to draw as many.
    counts = field_counts(work / "p52.pdf")
    (work / "fields.json").write_text(json.dumps(counts))
    bare = [PYTHON, str(HERE / "bare_reportlab.py"), str(pages)]
    # The reference draws the plan's exercise figures too, each pose once as a form.
    drawn = ["--figures", str(work / "p52.json")]
    bare_fields = Command([*bare, str(work / "bare-fields.pdf"), "--fields",
                           str(work / "fields.json"), *drawn])
    timing.quiet(bare_fields.argv)
    ours, theirs = widgets(work / "p52.pdf"), widgets(work / "bare-fields.pdf")
    if ours != theirs:
        sys.exit(f"bare_reportlab.py --fields drew {theirs} text and button widgets, planner {ours}")
    sheets = sum(1 for exercises, *_ in counts if exercises)
    print(f"fields: {ours[0]} text and {ours[1]} radio-button widgets on {sheets} sheet pages "
          f"({ours[0] / sheets:.1f} and {ours[1] / sheets:.1f} a sheet); bare_reportlab.py "
          "--fields draws the same on each page")

    # A filled copy for planner import, and a log that never exists before a timed import.
    filled = fill_sheets(plan52, work / "p52.pdf", work / "filled.pdf")
    log = work / "import.sqlite3"
    fresh_log = ["rm", "-f", str(log), f"{log}-wal", f"{log}-shm"]
    import_pdf = Command([PLANNER, "import", str(work / "filled.pdf"), "--plan",
                          str(work / "p52.json"), "--log", str(log)], prepare=fresh_log)
    timing.quiet(fresh_log)
    said = run(import_pdf.argv, capture_output=True, text=True).stdout.splitlines()[0]
    print(f"import: {filled} fields filled (pypdf, untimed), {said.split(': ', 1)[1]}; "
          "the log is removed before every run")

    rows = startup_rows(work, args)

    def export(weeks: int, fmt: str, *options: str, out: str = "out") -> Command:
        return Command([PLANNER, "export", str(work / f"p{weeks}.json"), "--format", fmt,
                        *options, "--out-dir", str(work / out)])

    exports = medians(interleaved({
        "pdf52": export(52, "pdf"),
        "reportlab fields": bare_fields,
        "pdf52 off": export(52, "pdf", "--option", "pdf.fields=off", out="off"),
        "reportlab": Command([*bare, str(work / "bare.pdf"), *drawn]),
        "ics52": export(52, "ics"),
        "icalendar": Command([PYTHON, str(HERE / "bare_icalendar.py"), str(sessions),
                              str(work / "bare.ics")]),
    }, args.export_rounds))
    rows.append(("52-week pdf export", exports["pdf52"], "bare rl, same fields+figures",
                 exports["reportlab fields"], 1.3))
    rows.append(("52-week pdf export, fields=off", exports["pdf52 off"],
                 f"bare reportlab, {pages} pages", exports["reportlab"], 1.5))
    rows.append(("52-week ics export", exports["ics52"], f"bare icalendar, {sessions} events",
                 exports["icalendar"], ICS_TARGET))

    # A 520-week plan has more than 700 sessions: pdf.fields=auto prints it without fields,
    # so it scales against the 52-week PDF without fields.
    big = medians(interleaved({"pdf520": export(520, "pdf"), "ics520": export(520, "ics"),
                               "json520": export(520, "json")}, 1))
    json52 = medians(interleaved({"json52": export(52, "json")}, args.export_rounds))["json52"]
    rows.append(("520-week pdf export (auto: off)", big["pdf520"], "52-week pdf, fields=off",
                 exports["pdf52 off"], 11))
    rows.append(("520-week ics export", big["ics520"], "52-week ics export", exports["ics52"], 11))
    rows.append(("520-week json export", big["json520"], "52-week json export", json52, 11))

    imports = interleaved({"import": import_pdf}, args.import_rounds)["import"]

    print_rows(rows)

    median, q1, q3 = timing.spread(imports)
    verdict = "ok" if median <= 2 else "OVER"
    print(f"\nplanner import, filled 52-week pdf: {median:.3f}s (IQR {q1:.3f}-{q3:.3f}, "
          f"n={len(imports)}) (target <= 2 s) {verdict}")

    print(f"\nfile size a page ({pages} pages; {sheets} of them sheets):")
    sizes = {"planner, fields": work / "out" / "p52.pdf",
             "planner, fields=off": work / "off" / "p52.pdf",
             "bare reportlab, same fields": work / "bare-fields.pdf",
             "bare reportlab": work / "bare.pdf"}
    for name, path in sizes.items():
        size = path.stat().st_size
        print(f"  {name:<28} {size / 1024 / pages:6.1f} KB/page  ({size / 1e6:.2f} MB)")
    extra = sizes["planner, fields"].stat().st_size - sizes["planner, fields=off"].stat().st_size
    print(f"  fields add {extra / 1024 / sheets:.1f} KB a sheet")

    memory = peak_rss_mb(Command([PLANNER, "build", "--weeks", "520", *START, "--format", "json",
                                  "--format", "pdf", "--format", "ics",
                                  "--out-dir", str(work / "all")]))
    if memory is not None:
        verdict = "ok" if memory <= 150 else "OVER"
        print(f"\npeak memory, 520-week build in json+pdf+ics: {memory:.0f} MB (target <= 150) {verdict}")
        for path in sorted((work / "all").iterdir()):
            print(f"  {path.name}: {path.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
