"""Everything a user or a plugin author can name is documented, in the manner of datasette's
docs tests: each test lists every thing of its kind that the docs (README.md and docs/*.md)
leave out, and fails naming them all.

- every command and subcommand has a section in docs/guide.md whose heading names it
  (`## \\`planner build\\`…`), and every option and argument of it appears in that section
  (or, for a subcommand, in the introduction of its group's section);
- every hook in planner/hookspecs.py appears with its arguments in docs/plugins.md;
- every name in `planner.api.__all__` appears as code in docs/plugins.md, whose table of the
  API lists exactly those names;
- every config key (`[build]`'s, planner/config.py KEYS, and `[publish]`'s `to` and `auto`)
  appears as code in docs/guide.md;
- every option the built-in exporters and publishers declare (`pdf.paper`, `caldav.url`, …)
  and every `PLANNER_*` variable the code reads appears as code in the docs;
- every module of planner/ and the built-in plugins is in the layout table of
  docs/contributing.md, which names no file, module or function the code does not have.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import typer

from conftest import ROOT

DOCS = ROOT / "docs"
FENCE = re.compile(r"^```([a-z]*)\n(.*?)^```$", re.S | re.M)
SPAN = re.compile(r"(`+)(.+?)\1", re.S)


@cache
def text_of(path: Path) -> str:
    return path.read_text("utf-8")


def doc_files() -> list[Path]:
    return [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]


def code_of(text: str) -> str:
    """The code in a Markdown text: its fenced blocks and its inline spans, one a line."""
    blocks = [code for _, code in FENCE.findall(text)]
    prose = FENCE.sub("", text)
    spans = [match.group(2).strip() for match in SPAN.finditer(prose)]
    return "\n".join(blocks + spans)


def all_code() -> str:
    return "\n".join(code_of(text_of(path)) for path in doc_files())


def mentions(text: str, word: str) -> bool:
    """`word` stands on its own in `text`: not part of a longer name or option."""
    return re.search(rf"(?<![\w.-]){re.escape(word)}(?![\w-])", text) is not None


def missing_report(kind: str, missing: list[str], where: str) -> str:
    return (f"{kind} not documented in {where} ({len(missing)}):\n"
            + "\n".join(f"  - {item}" for item in missing))


# -- commands and options ----------------------------------------------------------------------

def root_command():
    import planner.cli

    return typer.main.get_command(planner.cli.app)


def commands(command=None, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], object]]:
    """(path, command) for the root and every command and subcommand under it."""
    command = command or root_command()
    yield path, command
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from commands(sub, (*path, name))


def words_of(param) -> list[str]:
    """What the docs must show of an option (every spelling) or an argument (its metavar)."""
    if param.param_type_name == "argument":
        metavar = (param.metavar or param.name.upper()).strip("[]").removesuffix("...")
        return metavar.split("|")
    return [*param.opts, *param.secondary_opts]


HEADING = re.compile(r"^(#{2,6}) (.*)$", re.M)


def sections(text: str) -> list[tuple[int, str, str, str]]:
    """(level, heading, whole section, introduction) for each heading of `text`: the whole
    section runs to the next heading of its level or higher, the introduction to the next
    heading of any level."""
    found = list(HEADING.finditer(text))
    out = []
    for number, match in enumerate(found):
        level = len(match.group(1))
        after = found[number + 1:]
        end = next((m.start() for m in after if len(m.group(1)) <= level), len(text))
        intro_end = after[0].start() if after else len(text)
        out.append((level, match.group(2), text[match.start():end],
                    text[match.start():intro_end]))
    return out


def command_sections() -> dict[tuple[str, ...], tuple[str, str, str]]:
    """For each command path, the guide's section whose heading names it in code:
    (heading, whole section, introduction)."""
    found = {}
    for _, heading, whole, intro in sections(text_of(DOCS / "guide.md")):
        named = re.match(r"`planner ([a-z][a-z -]*)`", heading)
        if named:
            found.setdefault(tuple(named.group(1).split()), (heading, whole, intro))
    return found


def test_every_command_has_a_section_in_the_guide():
    have = command_sections()
    missing = [f"`planner {' '.join(path)}`: no heading naming it"
               for path, _ in commands() if path and path not in have]
    assert not missing, missing_report("commands", missing, "docs/guide.md (a heading "
                                       "such as ## `planner build`: …)")


def test_every_option_and_argument_is_documented_in_its_commands_section():
    have = command_sections()
    missing = []
    for path, command in commands():
        if not path:
            continue
        heading, whole, _ = have.get(path, ("", "", ""))
        parent = have.get(path[:-1], ("", "", ""))[2] if len(path) > 1 else ""
        for param in command.params:
            for word in words_of(param):
                if not (mentions(whole, word) or mentions(parent, word)):
                    kind = "argument" if param.param_type_name == "argument" else "option"
                    missing.append(f"`planner {' '.join(path)}` {kind} {word}"
                                   + ("" if heading else " (the command has no section)"))
    assert not missing, missing_report("options and arguments", missing,
                                       "their command's section of docs/guide.md")


def test_root_options_and_help_are_documented():
    root = root_command()
    words = [word for param in root.params for word in words_of(param)]
    words += root.context_settings.get("help_option_names", ["--help"])
    guide = text_of(DOCS / "guide.md")
    missing = [word for word in words if not mentions(guide, word)]
    assert not missing, missing_report("options of `planner` itself", missing, "docs/guide.md")


# -- plugins -----------------------------------------------------------------------------------

def test_every_hook_is_documented_with_its_arguments():
    from planner import hookspecs

    plugins = text_of(DOCS / "plugins.md")
    hooks = [(name, function) for name, function in inspect.getmembers(hookspecs, inspect.isfunction)
             if hasattr(function, "planner_spec")]
    assert hooks, "no hooks found in planner/hookspecs.py"
    missing = []
    for name, function in hooks:
        signature = f"{name}({', '.join(inspect.signature(function).parameters)})"
        if signature not in plugins:
            missing.append(signature)
    assert not missing, missing_report("hooks", missing, "docs/plugins.md")


def test_every_name_of_the_plugin_api_is_documented():
    from planner import api

    code = code_of(text_of(DOCS / "plugins.md"))
    missing = [name for name in api.__all__ if not mentions(code, name)]
    assert not missing, missing_report("names of planner.api", missing,
                                       "docs/plugins.md (as code)")


def test_the_plugin_guide_lists_exactly_the_plugin_api():
    """The table under "## The plugin API" names every name of `planner.api.__all__`, and
    nothing else."""
    from planner import api

    intro = next(whole for level, heading, whole, _ in sections(text_of(DOCS / "plugins.md"))
                 if heading.startswith("The plugin API"))
    rows = [line for line in intro.splitlines() if line.startswith("| `")]
    listed = {name for row in rows for name in re.findall(r"`([^`]+)`", row.split("|")[1])}
    assert listed, "no table of names under ## The plugin API in docs/plugins.md"
    missing = sorted(set(api.__all__) - listed)
    extra = sorted(listed - set(api.__all__))
    assert not missing, missing_report("names of planner.api", missing,
                                       "the table under ## The plugin API of docs/plugins.md")
    assert not extra, f"docs/plugins.md lists names planner.api does not have: {extra}"


def builtin_options() -> list[str]:
    """Every option the built-in exporters and publishers declare, as NAME.KEY: what the
    plugins of band-planner's own entry points register through each hook."""
    from importlib.metadata import entry_points

    from planner import hookspecs

    hooks = [name for name, function in inspect.getmembers(hookspecs, inspect.isfunction)
             if hasattr(function, "planner_spec")]
    own = [ep for ep in entry_points(group="planner")
           if ep.dist is not None and ep.dist.name == "band-planner"]
    assert {ep.name for ep in own} >= {"json", "pdf", "ics", "caldav"}, own
    options = []
    for ep in own:
        module = ep.load()
        for hook in hooks:
            registered: list = []
            if hasattr(module, hook):
                getattr(module, hook)(registered.append)
            options += [f"{thing.name}.{key}" for thing in registered
                        for key in getattr(thing, "options", None) or {}]
    return sorted(options)


def test_every_builtin_exporter_and_publisher_option_is_documented():
    options = builtin_options()
    assert "pdf.paper" in options and "caldav.url" in options
    code = all_code()
    missing = [option for option in options if not mentions(code, option)]
    assert not missing, missing_report("exporter and publisher options", missing,
                                       "README.md + docs/*.md (as code)")


# -- the config file and the environment -------------------------------------------------------

def test_every_config_key_is_documented():
    from planner.config import KEYS

    code = code_of(text_of(DOCS / "guide.md"))
    lines = code.splitlines()
    keys = [*(f"[build] {key}" for key in KEYS), "[publish] to", "[publish] auto"]
    missing = [key for key in keys
               if not any(line == key.split()[1] or line.startswith(f"{key.split()[1]} = ")
                          for line in lines)]
    assert not missing, missing_report("config keys", missing,
                                       "docs/guide.md (as `key`, or `key = …` in a TOML block)")


def environment_variables() -> list[str]:
    names = set()
    for folder in ("planner", "plugins"):
        for path in (ROOT / folder).rglob("*.py"):
            names.update(re.findall(r"\bPLANNER_[A-Z_]*[A-Z]\b", path.read_text("utf-8")))
    return sorted(names)


def test_every_environment_variable_is_documented():
    names = environment_variables()
    assert "PLANNER_TODAY" in names
    code = all_code()
    missing = [name for name in names if not mentions(code, name)]
    assert not missing, missing_report("environment variables", missing,
                                       "README.md + docs/*.md (as code)")


# -- the contributor's map ---------------------------------------------------------------------

def layout_rows() -> dict[str, str]:
    """docs/contributing.md's layout table: the `where` cell of each row -> the row."""
    layout = next(whole for _, heading, whole, _ in sections(text_of(DOCS / "contributing.md"))
                  if heading == "Layout")
    return {row.split("|")[1]: row for row in layout.splitlines()
            if row.startswith("| `")}


def test_every_module_is_in_the_layout_table():
    """Each module of planner/, planner/log/ and the built-in plugins is named in the row of
    its folder (`planner/…` rows for planner/, the plugin's row for a plugin)."""
    rows = layout_rows()
    missing = []
    for path in sorted([*(ROOT / "planner").rglob("*.py"), *(ROOT / "plugins").rglob("*.py")]):
        relative = path.relative_to(ROOT)
        if path.name == "__init__.py" or "schema" in relative.parts:
            continue  # a package's own module; planner/schema/ is one row
        folder = "/".join(relative.parts[:-1])
        cells = [row for where, row in rows.items() if f"`{folder}" in where
                 or (folder == "planner" and "`planner/" in where and "planner/log" not in where)]
        if not any(mentions(row, path.stem) or path.name in row for row in cells):
            missing.append(str(relative))
    assert not missing, missing_report("modules", missing,
                                       "the layout table of docs/contributing.md")


def test_the_contributors_guide_names_only_files_that_exist():
    code = code_of(text_of(DOCS / "contributing.md"))
    named = set(re.findall(r"(?<![\w/.-])([\w./-]+\.(?:py|md|toml|json))(?![\w-])", code))
    places = [ROOT, ROOT / "planner", ROOT / "planner" / "log", ROOT / "tests",
              ROOT / "benchmarks", *(ROOT / "plugins").iterdir()]
    users = {"config.toml", "plan.json"}  # a user's files, not the repository's
    missing = sorted(name for name in named - users
                     if not any((place / name).exists() for place in places))
    assert not missing, f"docs/contributing.md names files the repository does not have: {missing}"


def test_the_contributors_guide_names_only_code_that_exists():
    """Every `module.name` (or `Class.method`) docs/contributing.md names is in the code:
    modules of planner/, planner/log/ (`log/store.Log.write`) or a built-in plugin."""
    import importlib
    import pkgutil

    import planner

    packages = ["planner", "planner.log", "planner_json", "planner_pdf", "planner_ics",
                "planner_caldav"]
    modules = [importlib.import_module(name) for name in packages]
    modules += [importlib.import_module(f"{package.__name__}.{info.name}")
                for package in list(modules) for info in pkgutil.iter_modules(package.__path__)
                if info.name not in ("__main__", "plan_validator")]
    assert planner in modules

    def resolves(dotted: str) -> bool:
        first, *rest = dotted.replace("/", ".").split(".")
        if first == "planner":
            first, *rest = rest
        starts = [getattr(module, first) for module in modules if hasattr(module, first)]
        starts += [module for module in modules if module.__name__.split(".")[-1] == first]
        for start in starts:
            target = start
            for part in rest:
                target = getattr(target, part, None)
            if target is not None:
                return True
        return False

    code = code_of(text_of(DOCS / "contributing.md"))
    dotted = {span for span in code.splitlines()
              if re.fullmatch(r"[\w/]+(?:\.\w+)+", span)
              and not span.endswith((".py", ".md", ".toml", ".json"))}
    assert len(dotted) > 10, dotted
    missing = sorted(span for span in dotted if not resolves(span))
    assert not missing, f"docs/contributing.md names code that does not exist: {missing}"
