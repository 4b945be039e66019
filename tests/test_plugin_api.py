"""The built-in plugins use the public plugin API (planner.api) and nothing else of planner."""

import ast
from pathlib import Path

import pytest

import planner
from planner import api

PLUGINS = Path(__file__).resolve().parent.parent / "plugins"
EXAMPLE = Path(__file__).resolve().parent / "example_plugin"


def planner_imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import of planner or a module in it, anywhere in the file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = ([f"planner.{alias.name}" for alias in node.names]
                       if node.module == "planner" else [node.module])
        elif isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        else:
            continue
        found += [(node.lineno, module) for module in modules
                  if module == "planner" or module.startswith("planner.")]
    return found


SOURCES = sorted([*PLUGINS.glob("*/**/*.py"), *EXAMPLE.glob("**/*.py")])


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(p.parents[2])))
def test_plugins_import_planner_only_through_its_api(path):
    outside = [f"{path.name}:{line}: {module}" for line, module in planner_imports(path)
               if module != "planner.api"]
    assert not outside, "import these from planner.api instead: " + "; ".join(outside)


def test_the_api_names_what_it_exports_and_has_a_version():
    assert isinstance(api.API_VERSION, int) and api.API_VERSION >= 1
    missing = [name for name in api.__all__ if not hasattr(api, name)]
    assert not missing
    assert set(api.__all__) == {"API_VERSION", "hookimpl", *api._HOMES}
    assert api.__version__ == planner.__version__
    # The marker plugins use is the one the host's hook specifications answer to.
    assert api.hookimpl.project_name == "planner"
