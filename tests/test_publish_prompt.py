"""The hidden password prompt, in a real terminal (a pty): Ctrl-D and Ctrl-C there are one
clean line, and no request has been sent (issue 26, D26)."""

from __future__ import annotations

import os
import pty
import select
import sys
import time

import pytest

from test_publish import START, isolated  # noqa: F401 - isolated: autouse fixture
from test_publish_hostile import Hostile, Recorder

from conftest import ok

pytestmark = pytest.mark.slow


def at_the_prompt(tmp_path, port: int, key: bytes) -> tuple[int, str]:
    """Run `planner publish` on a terminal, press `key` at the password prompt: (exit code,
    what the terminal showed after the prompt)."""
    env = {**os.environ, "HOME": str(tmp_path / "home"), "PYTHONUNBUFFERED": "1"}
    env.pop("PLANNER_CALDAV_PASSWORD", None)
    pid, terminal = pty.fork()
    if pid == 0:  # the child: the pty is its controlling terminal
        os.chdir(tmp_path)
        os.execve(sys.executable, [sys.executable, "-m", "planner", "publish", "plan.json",
                                   "--to", "caldav", "-o",
                                   f"caldav.url=http://127.0.0.1:{port}/cal/",
                                   "-o", "caldav.user=alice"], env)
    shown = b""
    try:
        deadline = time.monotonic() + 30
        while b"password for alice" not in shown:
            assert time.monotonic() < deadline, shown
            if select.select([terminal], [], [], 0.5)[0]:
                shown += os.read(terminal, 4096)
        time.sleep(0.2)  # getpass has switched echo off
        os.write(terminal, key)
        after = b""
        while time.monotonic() < deadline:
            if not select.select([terminal], [], [], 0.5)[0]:
                continue
            try:
                chunk = os.read(terminal, 4096)
            except OSError:  # the child is gone
                break
            if not chunk:
                break
            after += chunk
        _, status = os.waitpid(pid, 0)
    finally:
        os.close(terminal)
    return os.waitstatus_to_exitcode(status), after.decode(errors="replace")


@pytest.mark.parametrize("key, code, words", [
    (b"\x04", 2, "Error: caldav: no password typed for alice at 127.0.0.1 (end of input); "
                 "nothing was sent"),
    (b"\x03", 130, "interrupted before anything was sent: run `planner publish plan.json "
                   "--to caldav"),
], ids=["ctrl-d", "ctrl-c"])
def test_ctrl_d_and_ctrl_c_at_the_password_prompt(cli, tmp_path, key, code, words):
    ok(cli("build", *START, "--weeks", "1"))
    server = Recorder("127.0.0.1", Hostile)
    try:
        exit_code, after = at_the_prompt(tmp_path, server.port, key)
    finally:
        server.stop()
    lines = [line for line in after.replace("\r", "").split("\n") if line.strip()]
    assert exit_code == code, after
    assert len(lines) == 1 and words in lines[0], after
    assert "Traceback" not in after and "may have been sent" not in after
    assert server.seen == [], "nothing is sent before the password"
