"""The plugin host with fake entry points: good, broken, clashing and misbehaving plugins."""

import inspect
import json
import types

import pytest

from planner import hookimpl, hookspecs, plugin_host

from conftest import FakeEntryPoint


class Exporter:
    def __init__(self, name, suffix=".txt", result=b"hello\n", options=None):
        self.name, self.suffix, self.result = name, suffix, result
        self.description = f"{name} test exporter"
        self.options = options or {}

    def render(self, plan, options):
        if isinstance(self.result, Exception):
            raise self.result
        return self.result


def plugin(*exporters, fail=None):
    module = types.SimpleNamespace()

    @hookimpl
    def register_exporters(register):
        if fail:
            raise fail
        for exporter in exporters:
            register(exporter)

    module.register_exporters = register_exporters
    return lambda: module


def broken_import():
    raise ImportError("No module named 'missing_dependency'")


def test_every_hook_has_a_test_and_is_documented():
    """Each hookspec needs a test named test_hook_<name> and its signature in the plugin
    author's guide."""
    from pathlib import Path

    guide = (Path(__file__).parent.parent / "docs" / "plugins.md").read_text()
    hooks = [name for name, fn in inspect.getmembers(hookspecs, inspect.isfunction)
             if hasattr(fn, "planner_spec")]
    assert hooks == ["register_exporters", "register_publishers"]
    import test_publish  # the publisher hook's tests live beside the publisher's

    tests = {name for name in [*globals(), *vars(test_publish)] if name.startswith("test_hook_")}
    for hook in hooks:
        assert any(name.startswith(f"test_hook_{hook}") for name in tests), hook
        arguments = ", ".join(inspect.signature(getattr(hookspecs, hook)).parameters)
        assert f"{hook}({arguments})" in guide


def test_hook_register_exporters_third_party_exporter_is_used_by_build(entry_points, cli, tmp_path):
    entry_points.append(FakeEntryPoint("text", plugin(Exporter("text", options={"width": "cols"}))))
    listed = cli("exporters", "--json")
    rows = {row["name"]: row for row in json.loads(listed.out)["exporters"]}
    assert rows["text"]["provided_by"] == "fake-plugin==1.0"
    assert rows["text"]["options"] == {"width": "cols"}
    assert rows["json"]["provided_by"].startswith("band-planner==")
    result = cli("build", "--start", "2026-11-23", "--tz", "UTC", "--format", "text",
                 "--format", "json", "--option", "width=80")
    assert result.code == 0, result.err
    assert (tmp_path / "plan.txt").read_bytes() == b"hello\n"
    assert (tmp_path / "plan.json").exists()


def test_broken_plugins_are_reported_and_others_keep_working(entry_points, cli):
    entry_points.append(FakeEntryPoint("broken", broken_import, dist="broken-dist"))
    entry_points.append(FakeEntryPoint("raiser", plugin(fail=RuntimeError("boom")), dist="raiser-dist"))
    entry_points.append(FakeEntryPoint("noname", plugin(object()), dist="odd-dist"))
    result = cli("exporters")
    assert result.code == 0
    assert "json" in result.out
    assert ("Warning: plugin 'broken' (broken-dist==1.0) failed to load: ImportError: "
            "No module named 'missing_dependency'") in result.err.splitlines()
    assert ("Warning: plugin 'raiser' (raiser-dist==1.0) failed to register: RuntimeError: boom"
            in result.err.splitlines())
    assert "plugin 'noname' (odd-dist==1.0) failed to register: TypeError" in result.err
    build = cli("build", "--tz", "UTC", "--format", "json")
    assert build.code == 0  # the json exporter is found without loading the broken ones


def test_two_exporters_with_one_name_is_a_clear_error(entry_points, cli, tmp_path):
    entry_points.append(FakeEntryPoint("json2", plugin(Exporter("json", suffix=".json")), dist="copycat"))
    listed = cli("exporters")
    assert "format 'json' is registered twice: by plugin 'json' (band-planner==" in listed.err
    assert "and by plugin 'json2' (copycat==1.0)" in listed.err
    entry_points.append(FakeEntryPoint("text-a", plugin(Exporter("text")), dist="a"))
    entry_points.append(FakeEntryPoint("text-b", plugin(Exporter("text")), dist="b"))
    built = cli("build", "--tz", "UTC", "--format", "text")
    assert built.code == 1
    assert built.err.splitlines()[-1] == ("Error: format 'text' is registered twice: by plugin "
                                          "'text-a' (a==1.0) and by plugin 'text-b' (b==1.0)")
    assert not list(tmp_path.glob("plan.*"))


@pytest.mark.parametrize("result, message", [
    (RuntimeError("disk on fire"), "exporter 'text' from plugin 'text' (fake-plugin==1.0) failed: "
                                   "RuntimeError: disk on fire"),
    ("not bytes", "exporter 'text' from plugin 'text' (fake-plugin==1.0) returned str, not bytes"),
])
def test_failing_render_exits_1_and_writes_nothing(entry_points, cli, tmp_path, result, message):
    entry_points.append(FakeEntryPoint("text", plugin(Exporter("text", result=result))))
    (tmp_path / "plan.json").write_text("precious")
    run = cli("build", "--tz", "UTC", "--format", "json", "--format", "text")
    assert run.code == 1
    assert run.err == f"Error: {message}\n"
    assert (tmp_path / "plan.json").read_text() == "precious"
    assert not (tmp_path / "plan.txt").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["plan.json"]


def test_disable_plugins_loads_builtins_only(entry_points, cli, monkeypatch):
    entry_points.append(FakeEntryPoint("broken", broken_import))
    monkeypatch.setenv("PLANNER_DISABLE_PLUGINS", "1")
    result = cli("exporters", "--json")
    names = [row["name"] for row in json.loads(result.out)["exporters"]]
    assert "json" in names and result.err == ""
    assert all(row["provided_by"] == "built-in" for row in json.loads(result.out)["exporters"])


def test_builtins_come_through_the_entry_point_group():
    """Every built-in exporter and publisher is installed as an entry point of the group."""
    names = {ep.name: ep.value for ep in plugin_host.discover_entry_points()}
    builtins = {**plugin_host.BUILTINS, **plugin_host.BUILTIN_PUBLISHERS}
    assert "caldav" in builtins
    for name, module in builtins.items():
        assert names[name] == module, name


def test_exporter_options_must_map_keys_to_help_text(entry_points, cli):
    entry_points.append(FakeEntryPoint("text", plugin(Exporter("text", options={"width": 80}))))
    result = cli("exporters", "--json")
    assert result.code == 0
    assert json.loads(result.out)["problems"] == [
        ("plugin 'text' (fake-plugin==1.0) failed to register: TypeError: exporter 'text' "
         "options must be a dict of key -> help")]


def test_the_host_reads_an_exporters_declarations_once(entry_points, cli, tmp_path):
    """Name, suffix, description and options are copied at registration: a plugin that
    changes them later changes nothing, and no plugin code runs to read them again."""
    exporter = Exporter("text", options={"width": "cols"})
    entry_points.append(FakeEntryPoint("text", plugin(exporter)))

    def check_options(options):
        exporter.suffix, exporter.options = ".json", {}  # too late: already copied

    exporter.check_options = check_options
    result = cli("build", "--tz", "UTC", "--format", "text", "--format", "json",
                 "--option", "width=80")
    assert result.code == 0, result.err
    assert (tmp_path / "plan.txt").read_bytes() == b"hello\n"
    assert (tmp_path / "plan.json").read_bytes().startswith(b'{\n  "format": "band-planner/plan"')


def test_a_register_callback_kept_for_later_fails_in_the_plugin(entry_points, cli, tmp_path):
    kept = []

    class Late(Exporter):
        def render(self, plan, options):
            kept[0](Exporter("sneaky"))
            return b"late\n"

    module = types.SimpleNamespace()

    @hookimpl
    def register_exporters(register):
        kept.append(register)
        register(Late("late"))

    module.register_exporters = register_exporters
    entry_points.append(FakeEntryPoint("late", lambda: module))
    run = cli("build", "--tz", "UTC", "--format", "late")
    assert run.code == 1
    assert run.err == ("Error: exporter 'late' from plugin 'late' (fake-plugin==1.0) failed: "
                       "RuntimeError: register() called after register_exporters returned\n")
    assert list(tmp_path.iterdir()) == []


def test_builtins_are_exporters_and_publishers_by_the_protocols():
    """The contract in code (hookspecs.Exporter, hookspecs.Publisher): every built-in has
    the attributes and methods, with the argument names the plugin guide documents."""
    import inspect

    exporters = plugin_host.load_exporters(set(plugin_host.BUILTINS)).found
    assert set(exporters) == set(plugin_host.BUILTINS)
    for entry in exporters.values():
        original = entry.plugin
        assert isinstance(original, hookspecs.Exporter), entry.name
        assert list(inspect.signature(original.render).parameters) == ["plan", "options"]
    publishers = plugin_host.load_publishers(set(plugin_host.BUILTIN_PUBLISHERS)).found
    assert set(publishers) == set(plugin_host.BUILTIN_PUBLISHERS)
    for entry in publishers.values():
        original = entry.plugin
        assert isinstance(original, hookspecs.Publisher), entry.name
        assert list(inspect.signature(original.publish).parameters)[:2] == ["plan", "options"]


def test_an_object_without_render_is_not_an_exporter():
    class NoRender:
        name, suffix, description = "x", ".x", "no render"

    assert not isinstance(NoRender(), hookspecs.Exporter)
