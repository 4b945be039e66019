"""`auto = true` in the config's [publish]: what `log` changes in the plan reaches the
calendar, against a real Radicale on 127.0.0.1."""

from __future__ import annotations

import re

import pytest

from test_publish_servers import running_radicale

from conftest import error, ok

pytestmark = pytest.mark.slow


@pytest.fixture
def radicale(tmp_path):
    with running_radicale(tmp_path / "radicale") as server:
        yield server


def test_log_publishes_the_sessions_it_redosed(cli, tmp_path, radicale, monkeypatch):
    url = radicale.make_calendar("training")
    config = tmp_path / "config.toml"
    config.write_text(f'[publish]\nto = "caldav"\nauto = true\n\n[publish.caldav]\n'
                      f'url = "{url}"\nuser = "{radicale.user}"\n', encoding="utf-8")
    monkeypatch.setenv("PLANNER_CONFIG", str(config))
    monkeypatch.setenv("PLANNER_CALDAV_PASSWORD", radicale.password)
    monkeypatch.setenv("PLANNER_LOG", str(tmp_path / "log.sqlite3"))
    monkeypatch.setenv("PLANNER_TODAY", "2026-12-14")
    ok(cli("build", "--start", "2026-12-14", "--tz", "Europe/Berlin", "--weeks", "2",
           "--publish", "caldav"))
    said = ok(cli("log", "today", "--feel", "easy")).out  # easy: the next sessions climb
    assert "plan.json follows the log" in said
    summary = [line for line in said.splitlines() if re.search(r"\d+ updated", line)]
    assert summary and not re.search(r"\b0 updated", summary[0]), said
    again = ok(cli("publish", "--to", "caldav")).out
    assert re.search(r"0 created, 0 updated, 0 deleted", again), again  # already in step


def test_auto_without_a_publisher_is_a_config_error(cli, tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text("[publish]\nauto = true\n", encoding="utf-8")
    monkeypatch.setenv("PLANNER_CONFIG", str(config))
    error(cli("build", "--start", "2026-12-14", "--weeks", "1"), "config.toml", "publish.auto",
          "to = NAME")
    config.write_text('[publish]\nto = "caldav"\nauto = "yes"\n', encoding="utf-8")
    error(cli("build", "--start", "2026-12-14", "--weeks", "1"), "publish.auto", "true or false")
