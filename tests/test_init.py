"""`planner init` driven through standard input: it writes a config that `build` then uses,
re-asks after a bad answer, never replaces a file without a yes, and writes nothing when
input ends early or Ctrl-C comes."""

import io
import os
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from conftest import ROOT, error, interrupt_when_ready, load_json, ok

# bands, kinds of band, other gear, days, time, zone, minutes, level
ANSWERS = ["light,medium,heavy", "flat,tube", "door", "tue,thu,sat", "18:30", "Europe/Berlin",
           "45", "intermediate"]


class Terminal(io.StringIO):
    """Standard input as if typed at a terminal (so init may ask before replacing a file)."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A fresh config folder and zone; returns where `build` looks for the config file."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("PLANNER_CONFIG", raising=False)
    monkeypatch.setenv("TZ", "America/New_York")
    return tmp_path / "xdg" / "band-planner" / "config.toml"


@pytest.fixture
def init(cli, monkeypatch):
    """Run `planner init ARGS` with `lines` as standard input."""

    def run(lines, *args, terminal=False):
        text = "".join(f"{line}\n" for line in lines)
        monkeypatch.setattr(sys, "stdin", Terminal(text) if terminal else io.StringIO(text))
        return cli("init", *args)

    return run


def test_init_writes_a_config_that_build_then_uses(init, cli, home, tmp_path):
    result = ok(init(ANSWERS))
    assert f"wrote {home}" in result.out
    assert tomllib.loads(home.read_text())["build"] == {
        "bands": ["light", "medium", "heavy"], "equipment": ["flat", "tube", "anchor"],
        "days": ["tue", "thu", "sat"], "time": "18:30", "tz": "Europe/Berlin", "minutes": 45,
        "level": "intermediate"}
    assert home.read_text() in result.out  # shown before it is written
    ok(cli("build", "--start", "2026-11-23"))
    settings = load_json(tmp_path / "plan.json")["settings"]
    assert {key: settings[key] for key in ("bands", "equipment", "days", "time", "timezone",
                                           "minutes", "level")} == {
        "bands": ["light", "medium", "heavy"], "equipment": ["flat", "tube", "anchor"],
        "days": ["tue", "thu", "sat"], "time": "18:30", "timezone": "Europe/Berlin",
        "minutes": 45, "level": "intermediate"}


def test_pressing_enter_everywhere_gives_builds_own_defaults(init, cli, home, tmp_path):
    result = ok(init([""] * 8))
    assert "[extra-light,light,medium,heavy,extra-heavy]" in result.out
    assert "[America/New_York]" in result.out  # the detected zone
    ok(cli("build", "--start", "2026-11-23", "--out-dir", "with"))
    home.unlink()
    ok(cli("build", "--start", "2026-11-23", "--out-dir", "without"))
    assert (tmp_path / "with" / "plan.json").read_bytes() == \
        (tmp_path / "without" / "plan.json").read_bytes()


def test_only_a_flat_band_and_nothing_else(init, cli, home, tmp_path):
    ok(init(["", "flat", "none", "", "", "", "", ""]))
    assert tomllib.loads(home.read_text())["build"]["equipment"] == ["flat"]
    ok(cli("build", "--start", "2026-11-23"))
    assert load_json(tmp_path / "plan.json")["settings"]["equipment"] == ["flat"]


def test_a_bad_answer_is_asked_again_with_the_reason(init, home):
    answers = ["light,light", "light,heavy", "flat,tub", ",", "loop", "", "funday", "mon", "7",
               "", "Mars/Olympus", "", "0", "lots", "20", "Pro", "advanced"]
    result = ok(init(answers))
    for reason in ("a band level is listed twice", "unknown kind of band 'tub'; did you mean "
                   "'tube'?", "name at least one kind of band", "unknown day 'funday'",
                   "'7' is not a time of day", "unknown time zone 'Mars/Olympus'",
                   "0 is out of range; use 1 to 240", "'lots' is not a whole number",
                   "unknown level 'pro'"):
        assert f"That answer will not do: {reason}" in result.out, reason
    assert tomllib.loads(home.read_text())["build"] == {
        "bands": ["light", "heavy"], "equipment": ["flat", "loop", "anchor", "chair"], "days": ["mon"],
        "time": "07:00", "tz": "America/New_York", "minutes": 20, "level": "advanced"}


def test_old_equipment_words_in_a_config_are_read_and_written_anew(init, home):
    """A config of an earlier version (handles, door) gives the same answers, written in
    today's words."""
    home.parent.mkdir(parents=True)
    home.write_text('[build]\nequipment = ["handles", "door"]\n')
    ok(init([""] * 8 + ["y"], terminal=True))
    assert tomllib.loads(home.read_text())["build"]["equipment"] == ["flat", "tube", "anchor"]


def test_level_answers_ignore_case(init, home):
    ok(init([""] * 7 + ["Advanced"]))
    assert tomllib.loads(home.read_text())["build"]["level"] == "advanced"


def test_input_ending_early_is_an_error_and_nothing_is_written(init, home):
    line = error(init(["light", "flat"]), "standard input ended",
                 "'What else do you have?'", "nothing was written")
    assert line.startswith("Error: init: ")
    assert not home.exists() and not home.parent.exists()  # no folder left behind either


def test_it_refuses_to_replace_a_file_when_it_cannot_ask(init, home):
    home.parent.mkdir(parents=True)
    home.write_text("[build]\nweeks = 6\n")
    error(init(ANSWERS), str(home), "already exists", "--force")
    assert home.read_text() == "[build]\nweeks = 6\n"


def test_force_replaces_and_keeps_the_keys_init_does_not_ask_about(init, home):
    home.parent.mkdir(parents=True)
    home.write_text('[build]\nweeks = 6\nformat = ["json", "ics"]\nout-dir = "~/plans"\n'
                    'name = "say \\"hi\\" ünïcode"\noption = ["pdf.title=a\\\\b\\tc"]\n'
                    'minutes = 20\n')
    result = ok(init([""] * 8, "--force"))
    assert "[20]" in result.out  # the old file's answers are the defaults
    config = tomllib.loads(home.read_text())["build"]
    assert config["minutes"] == 20 and config["weeks"] == 6
    assert config["format"] == ["json", "ics"] and config["out-dir"] == "~/plans"
    assert config["name"] == 'say "hi" ünïcode' and config["option"] == ["pdf.title=a\\b\tc"]


def test_an_unusable_old_file_is_replaced_with_force(init, home):
    home.parent.mkdir(parents=True)
    home.write_text("[build\n")
    result = ok(init(ANSWERS, "--force"))
    assert "the existing file cannot be used" in result.out
    assert tomllib.loads(home.read_text())["build"]["minutes"] == 45


@pytest.mark.parametrize("reply, replaced", [("", False), ("n", False), ("no", False),
                                             ("y", True), ("YES", True)])
def test_at_a_terminal_it_asks_before_replacing_default_no(init, home, reply, replaced):
    home.parent.mkdir(parents=True)
    home.write_text("[build]\nweeks = 6\n")
    result = ok(init([*ANSWERS, "maybe", reply], terminal=True))
    assert f"Replace {home} with this? [y/N]" in " ".join(result.out.split())  # wrapped at spaces
    assert "Please answer y or n." in result.out
    config = tomllib.loads(home.read_text())["build"]
    assert config.get("minutes") == (45 if replaced else None)
    assert config["weeks"] == 6
    if not replaced:
        assert "nothing was written" in result.out


def test_input_ending_at_the_replace_question_writes_nothing(init, home):
    home.parent.mkdir(parents=True)
    home.write_text("[build]\nweeks = 6\n")
    error(init(ANSWERS, terminal=True), "standard input ended", "Replace")
    assert home.read_text() == "[build]\nweeks = 6\n"


def test_config_option_chooses_the_file_and_creates_its_folders(init, cli, home, tmp_path):
    target = tmp_path / "a" / "b" / "mine.toml"
    result = ok(init(ANSWERS, "--config", str(target)))
    assert target.exists() and not home.exists()
    assert f"PLANNER_CONFIG={target}" in result.out
    assert sorted(p.name for p in target.parent.iterdir()) == ["mine.toml"]  # no temp files
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()


def test_planner_config_is_where_init_writes_by_default(init, home, tmp_path, monkeypatch):
    target = tmp_path / "env.toml"
    monkeypatch.setenv("PLANNER_CONFIG", str(target))
    ok(init(ANSWERS))
    assert target.exists() and not home.exists()


def test_a_folder_in_the_way_is_an_error(init, tmp_path):
    error(init(ANSWERS, "--config", str(tmp_path)), str(tmp_path), "is a folder")
    (tmp_path / "file").write_text("x")
    error(init(ANSWERS, "--config", str(tmp_path / "file" / "c.toml")), "is a file, not a folder")


def test_the_written_file_reads_back_through_the_config_reader(tmp_path):
    from planner.config import parse_config
    from planner.init_wizard import config_text

    text = config_text({"bands": ["a b", "c.d"], "equipment": "none", "days": ["mon"],
                        "time": "06:00", "tz": "UTC", "minutes": 5, "level": "beginner"},
                       {"name": 'q"\u00e9', "option": ['pdf.x=\\\t"\x7f']})
    config = parse_config(text, tmp_path / "c.toml")
    assert config.values["bands"] == "a b,c.d" and config.values["name"] == 'q"\u00e9'
    assert config.values["option"] == ['pdf.x=\\\t"\x7f']


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _child_env(tmp_path: Path) -> dict:
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "xdg"), "TZ": "UTC",
           "PYTHONPATH": str(ROOT)}
    env.pop("PLANNER_CONFIG", None)
    return env


def _read_until(fd: int, marker: bytes, seen: bytearray, deadline: float) -> None:
    import select

    while marker not in seen:
        assert time.monotonic() < deadline, seen.decode(errors="replace")
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # a pty whose other side is closed
                chunk = b""
            assert chunk, seen.decode(errors="replace")
            seen += chunk


def test_ctrl_c_at_a_question_writes_nothing(tmp_path):
    target = tmp_path / "xdg" / "band-planner" / "config.toml"
    child = subprocess.Popen([sys.executable, "-m", "planner", "init"], cwd=tmp_path,
                             env=_child_env(tmp_path), stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def at_the_second_question():
        child.stdin.write(b"light,heavy\n")
        child.stdin.flush()
        _read_until(child.stdout.fileno(), b"Which kinds of band", bytearray(),
                    time.monotonic() + 60)

    _, err = interrupt_when_ready(child, at_the_second_question)
    assert child.returncode == 130
    assert err.decode() == "Error: interrupted; nothing was written\n"
    assert not target.exists() and not target.parent.exists()


def test_a_real_terminal_session(tmp_path):
    """Through a pseudo-terminal, as a person would: the replace question is asked, and yes
    replaces the file."""
    target = tmp_path / "xdg" / "band-planner" / "config.toml"
    target.parent.mkdir(parents=True)
    target.write_text("[build]\nweeks = 6\n")
    controller, terminal = os.openpty()
    try:
        child = subprocess.Popen([sys.executable, "-m", "planner", "init"], cwd=tmp_path,
                                 env=_child_env(tmp_path), stdin=terminal, stdout=terminal,
                                 stderr=subprocess.PIPE)
        os.close(terminal)
        seen = bytearray()
        deadline = time.monotonic() + 60
        for answer in [*ANSWERS, "y"]:
            _read_until(controller, b"] ", seen, deadline)
            del seen[:seen.rindex(b"] ") + 2]
            os.write(controller, answer.encode() + b"\n")
        _read_until(controller, b"wrote ", seen, deadline)
        child.wait(timeout=60)
    finally:
        os.close(controller)
    assert child.returncode == 0, child.stderr.read()
    config = tomllib.loads(target.read_text())["build"]
    assert config["minutes"] == 45 and config["weeks"] == 6


def test_an_overlong_answer_is_refused_and_asked_again(init, home):
    result = ok(init(["x" * 5000, *ANSWERS]))
    assert "That answer is too long (over 1000 characters)" in result.out
    assert tomllib.loads(home.read_text())["build"]["bands"] == ["light", "medium", "heavy"]


def test_answers_through_a_real_pipe(tmp_path):
    done = subprocess.run([sys.executable, "-m", "planner", "init"], cwd=tmp_path,
                          env=_child_env(tmp_path), input="\n".join(ANSWERS) + "\n",
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    config = tomllib.loads((tmp_path / "xdg" / "band-planner" / "config.toml").read_text())
    assert config["build"]["days"] == ["tue", "thu", "sat"]
    # Bytes that are not UTF-8 are a bad answer like any other; then input ends.
    done = subprocess.run([sys.executable, "-m", "planner", "init", "--config", "other.toml"],
                          cwd=tmp_path, env=_child_env(tmp_path), input=b"\xff\xfe\n",
                          capture_output=True, timeout=120)
    assert done.returncode == 2 and b"That answer will not do" in done.stdout
    assert done.stderr.decode().startswith("Error: init: standard input ended")
    assert not (tmp_path / "other.toml").exists()


def test_a_linked_config_keeps_its_link_and_its_target_is_replaced(init, home, tmp_path):
    dotfiles = tmp_path / "dotfiles" / "planner.toml"
    dotfiles.parent.mkdir()
    dotfiles.write_text("[build]\nweeks = 6\n")
    home.parent.mkdir(parents=True)
    home.symlink_to(dotfiles)
    ok(init(ANSWERS, "--force"))
    assert home.is_symlink() and os.readlink(home) == str(dotfiles)
    assert tomllib.loads(dotfiles.read_text())["build"]["minutes"] == 45
    assert sorted(p.name for p in dotfiles.parent.iterdir()) == ["planner.toml"]
