"""The docs tell the truth: the README's test command is what CI runs, the example output in
the README and the user guide is real, and the plugin guide's example plugins work."""

import re
import shlex
import types
from datetime import date, timedelta

from conftest import ROOT, FakeEntryPoint

DOCS = ROOT / "docs"
FENCE = re.compile(r"^```([a-z]*)\n(.*?)^```$", re.S | re.M)
ELIDED = "…"  # a line of just this in an example: output left out


def readme():
    return (ROOT / "README.md").read_text("utf-8")


def section(text, heading):
    """The text under `heading` (a whole line), up to the next heading of the same level."""
    level = heading.split(" ", 1)[0]
    assert f"\n{heading}\n" in f"\n{text}", f"no heading {heading!r}"
    body = f"\n{text}".split(f"\n{heading}\n", 1)[1]
    return re.split(rf"^{level} ", body, flags=re.M)[0]


def blocks(text, language=""):
    """The fenced code blocks of `text` in the given language ('' for plain ones)."""
    return [code for lang, code in FENCE.findall(text) if lang == language]


def code_after(heading):
    return blocks(readme().split(heading, 1)[1])[0].strip()


def test_ci_runs_exactly_the_readme_test_command():
    command = code_after("## Install and test")
    ci_lines = [line for line in (ROOT / ".ci" / "run").read_text().splitlines()
                if line and not line.startswith(("#", "set ", "cd "))]
    assert ci_lines == [command]


def test_readme_example_output_is_what_build_prints(cli, monkeypatch):
    block = code_after("## A first week").splitlines()
    command = shlex.split(block[0].removeprefix("$ planner "))
    monkeypatch.setenv("COLUMNS", "100")
    result = cli(*command)
    assert result.code == 0
    printed = result.out.splitlines()
    head, tail = "\n".join(block[1:]).split(f"\n{ELIDED}\n")  # the example leaves weeks out
    assert printed[:len(head.splitlines())] == head.splitlines()
    assert printed[-len(tail.splitlines()):] == tail.splitlines()


def test_guide_error_examples_are_real(cli):
    guide = (DOCS / "guide.md").read_text("utf-8")
    block = blocks(guide.split("half-written:", 1)[1])[0].splitlines()
    assert block
    for command, expected in zip(block[::2], block[1::2], strict=True):
        result = cli(*shlex.split(command.removeprefix("$ planner ")))
        assert result.code == 2
        assert result.err.strip() == expected


# -- the README's first week, replayed ---------------------------------------------------------

def shown_in(expected: list[str], printed: list[str]) -> str | None:
    """None when `printed` is what `expected` shows: its runs of lines between `…` lines
    appear in `printed` in order, the first at the start and the last at the end unless a
    `…` stands there. Otherwise, what does not match."""
    runs: list[list[str]] = [[]]
    for line in expected:
        if line.strip() == ELIDED:
            runs.append([])
        else:
            runs[-1].append(line)
    at = 0
    for number, run in enumerate(runs):
        if not run:
            continue
        starts = [i for i in range(at, len(printed) - len(run) + 1)
                  if printed[i:i + len(run)] == run]
        if number == 0:
            starts = [i for i in starts if i == 0]
        if number == len(runs) - 1:
            starts = [i for i in starts if i + len(run) == len(printed)]
        if not starts:
            return "not printed as shown:\n" + "\n".join(run)
        at = starts[0] + len(run)
    return None


def commands(block: str):
    """(command line, the output shown under it) for each `$ ` line of a transcript."""
    steps: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        else:
            assert steps, f"output before the first command: {line!r}"
            steps[-1][1].append(line)
    return steps


def test_readme_first_week_is_real(cli, monkeypatch, tmp_path):
    """Every command of the README's first week, run on the day its paragraph names
    (**Monday.** …), prints what the README shows."""
    from planner.log.location import log_path

    monkeypatch.setenv("COLUMNS", "100")
    week = section(readme(), "## A first week")
    parts = FENCE.split(week)  # text, lang, code, text, lang, code, …
    texts, codes = parts[0::3], parts[2::3]
    assert len(codes) >= 4, "the build and three days"
    start = None
    for before, code in zip(texts, codes, strict=False):
        day = re.search(r"\*\*(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\.\*\*",
                        before)
        if day is not None:
            assert start is not None, "a day before the build"
            offset = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                      "Sunday"].index(day.group(1))
            monkeypatch.setenv("PLANNER_TODAY", (start + timedelta(days=offset)).isoformat())
        for command, expected in commands(code):
            words = shlex.split(command)
            if words[0] == "cat":  # the file the example shows: make it
                (tmp_path / words[1]).write_text("\n".join(expected) + "\n", "utf-8")
                continue
            assert words[0] == "planner", command
            if words[1] == "build":
                start = date.fromisoformat(words[words.index("--start") + 1])
                assert start.weekday() == 0, "the days are counted from a Monday"
            result = cli(*words[1:])
            assert result.code == 0, (command, result.err)
            printed = result.out.replace(str(log_path(None)),
                                         "/home/you/.local/share/band-planner/log.sqlite3")
            problem = shown_in(expected, printed.splitlines())
            assert problem is None, f"$ {command}: {problem}\n--- printed:\n{printed}"


# -- the plugin guide's example plugins, run ---------------------------------------------------

def example_plugins() -> dict[str, types.ModuleType]:
    """Each Python block of docs/plugins.md that starts `# PACKAGE/__init__.py`, as a module."""
    modules = {}
    for code in blocks((DOCS / "plugins.md").read_text("utf-8"), "python"):
        first = code.splitlines()[0]
        found = re.fullmatch(r"# (\w+)/__init__\.py", first)
        if found:
            module = types.ModuleType(found.group(1))
            exec(compile(code, f"docs/plugins.md:{found.group(1)}", "exec"), module.__dict__)
            modules[found.group(1)] = module
    assert set(modules) >= {"planner_checklist", "planner_folder"}, sorted(modules)
    return modules


def test_plugin_guide_imports_only_the_plugin_api():
    for code in blocks((DOCS / "plugins.md").read_text("utf-8"), "python"):
        for line in code.splitlines():
            imported = re.match(r"\s*(?:from|import)\s+(planner[\w.]*)", line)
            if imported:
                assert imported.group(1) in ("planner", "planner.api"), line
                assert imported.group(1) == "planner.api" or "import api" in line, line


def test_plugin_guide_exporter_works(cli, entry_points, tmp_path):
    plugin = example_plugins()["planner_checklist"]
    entry_points.append(FakeEntryPoint("checklist", lambda: plugin, dist="planner-checklist"))
    result = cli("build", "--weeks", "1", "--start", "2026-11-23", "--tz", "UTC",
                 "-f", "checklist", "-o", "checklist.marker=dash")
    assert result.code == 0, result.err
    text = (tmp_path / "plan.txt").read_text("utf-8")
    assert text.startswith("plan\n\nWeek 1, Mon 23 Nov 07:00\n- "), text
    refused = cli("build", "--weeks", "1", "-f", "checklist", "-o", "marker=star")
    assert refused.code == 2
    assert refused.err.strip() == ("Error: --option checklist.marker: 'star' is not allowed; "
                                   "use box or dash")


def test_plugin_guide_publisher_works(cli, entry_points, tmp_path):
    plugin = example_plugins()["planner_folder"]
    entry_points.append(FakeEntryPoint("folder", lambda: plugin, dist="planner-folder"))
    assert cli("build", "--weeks", "1", "--start", "2026-11-23", "--tz", "UTC").code == 0
    folder = tmp_path / "sessions"
    folder.mkdir()
    dry = cli("publish", "--to", "folder", "-o", f"path={folder}", "--dry-run")
    assert dry.code == 0, dry.err
    assert "  create 2026-11-23-plan.txt" in dry.out.splitlines()
    assert list(folder.iterdir()) == []
    done = cli("publish", "--to", "folder", "-o", f"folder.path={folder}")
    assert done.code == 0, done.err
    assert done.out.strip() == f"{folder}: 3 created, 0 updated, 0 deleted, 0 unchanged"
    assert "Band pull-apart: 1 x 8 on extra-light" in (folder / "2026-11-25-plan.txt").read_text()
    again = cli("publish", "--to", "folder", "-o", f"path={folder}")
    assert again.out.strip() == f"{folder}: 0 created, 0 updated, 0 deleted, 3 unchanged"
    forced = cli("publish", "--to", "folder", "-o", f"path={folder}", "--force")
    assert forced.code == 2 and "--force" in forced.err  # it takes no force=
    missing = cli("publish", "--to", "folder")
    assert missing.code == 2
    assert "folder.path: give the folder" in missing.err


# -- links between the docs --------------------------------------------------------------------

def anchors(text: str) -> set[str]:
    """The anchors GitHub gives the headings of a Markdown text."""
    found = set()
    for heading in re.findall(r"^#{1,6} (.*)$", FENCE.sub("", text), re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")
        found.add(slug)
    return found


def test_links_between_the_docs_lead_somewhere():
    broken = []
    for path in [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]:
        text = path.read_text("utf-8")
        for target in re.findall(r"\]\(([^)\s]+)\)", FENCE.sub("", text)):
            if re.match(r"[a-z]+:", target):
                continue  # a web address
            file, _, anchor = target.partition("#")
            linked = (path.parent / file).resolve() if file else path
            if not linked.exists():
                broken.append(f"{path.name}: {target}: no such file")
            elif anchor and anchor not in anchors(linked.read_text("utf-8")):
                broken.append(f"{path.name}: {target}: no such heading")
    assert not broken, "\n".join(broken)


# -- the guide's `planner init` transcript ----------------------------------------------------

def test_guide_init_transcript_is_real(cli, monkeypatch, tmp_path):
    """The answers typed in the guide's `planner init` example, given on standard input,
    print the transcript the guide shows."""
    import io

    guide = (DOCS / "guide.md").read_text("utf-8")
    block = next(code for code in blocks(section(guide, "## `planner init`: your settings"))
                 if code.startswith("$ planner init\n"))
    shown = block.splitlines()[1:]
    asked = shown[:shown.index("The config file:")]
    answers = [found.group(1) for line in asked
               if (found := re.search(r"\[[^\]]*\](?: (.*))?$", line)) is not None]
    answers = [answer or "" for answer in answers]
    assert len(answers) >= 8, answers
    config = tmp_path / "xdg" / "band-planner" / "config.toml"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("TZ", "Europe/Berlin")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(answers) + "\n"))
    result = cli("init")
    assert result.code == 0, result.err
    printed = result.out.replace(str(config), "/home/you/.config/band-planner/config.toml")
    assert [line.rstrip() for line in printed.splitlines()] == shown


def test_guide_exporters_listing_is_real(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    guide = (DOCS / "guide.md").read_text("utf-8")
    block = next(code for code in blocks(section(guide, "## `planner exporters`: what is installed"))
                 if code.startswith("$ planner exporters\n"))
    result = cli("exporters")
    assert result.code == 0, result.err
    problem = shown_in(block.splitlines()[1:], result.out.splitlines())
    assert problem is None, f"$ planner exporters: {problem}\n--- printed:\n{result.out}"
