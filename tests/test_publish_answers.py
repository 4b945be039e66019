"""Unbounded answers from a hostile CalDAV server (issue 26, D15-D17), through the real CLI:
each is one `Error:` line, exit 2, in bounded time and memory. The server is started by the
test on 127.0.0.1 and records what it receives."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from http.server import BaseHTTPRequestHandler

import pytest

from compression import deflated
from test_publish import START, isolated  # noqa: F401 - isolated: autouse fixture
from test_publish_hostile import Recorder

from conftest import error, ok

pytestmark = pytest.mark.slow

GB = 2**30


class Endless(BaseHTTPRequestHandler):
    """Answers every request as `server.answers["mode"]` says, to the PROPFIND that starts
    a publish."""

    protocol_version = "HTTP/1.1"

    def do_PROPFIND(self):  # noqa: N802 - http.server's naming
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.seen.append((self.command, self.path, self.headers.get("Accept-Encoding")))
        mode = self.server.answers["mode"]
        self.send_response(207)
        self.send_header("Content-Type", "application/xml")
        try:
            if mode == "gzip":
                body = self.server.answers["bomb"]
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            elif mode == "trickle":
                self.send_header("Content-Length", "100000")
                self.end_headers()
                for _ in range(100000):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.2)
            else:  # a gigabyte, announced or not, until the reader hangs up
                if mode == "announced":
                    self.send_header("Content-Length", str(GB))
                else:
                    self.send_header("Connection", "close")
                self.end_headers()
                block = b"<x>" + b"a" * (2**20 - 7) + b"</x>"
                for _ in range(GB // len(block)):
                    self.wfile.write(block)
        except OSError:
            pass

    def log_message(self, *args):
        pass


def bomb(size: int) -> bytes:
    """A gzip body that inflates to `size` zero bytes (a whole number of MB)."""
    return deflated(b"", bytes(2**20), size // 2**20, wrapper="gzip")


@pytest.fixture
def endless():
    server = Recorder("127.0.0.1", Endless)
    yield server
    server.stop()


def publish_process(tmp_path, port: int, *options: str):
    """`planner publish` as its own process: (exit code, stderr, seconds, peak RSS in MB).
    The peak is the process's own high-water mark (VmHWM, which starts afresh at exec),
    read while it runs: getrusage would count the memory of the test process it forked from."""
    env = {**os.environ, "HOME": str(tmp_path / "home")}
    env.pop("PLANNER_CALDAV_PASSWORD", None)
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "planner", "publish", "plan.json", "--to", "caldav",
         "-o", f"caldav.url=http://127.0.0.1:{port}/cal/", *options],
        cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    status = f"/proc/{process.pid}/status"
    while process.poll() is None:
        try:
            with open(status) as lines:
                for line in lines:
                    if line.startswith("VmHWM:"):
                        peak = max(peak, int(line.split()[1]))
        except OSError:  # it has just ended
            pass
        time.sleep(0.02)
    seconds = time.monotonic() - started
    err = process.stderr.read().decode()
    return process.returncode, err, seconds, peak / 1024


@pytest.mark.parametrize("mode", ["streamed", "announced"])
def test_a_gigabyte_answer_is_cut_off_in_bounded_memory(cli, tmp_path, endless, mode):
    ok(cli("build", *START, "--weeks", "1"))
    endless.answers = {"mode": mode}
    code, err, seconds, peak = publish_process(tmp_path, endless.port, "-o", "caldav.timeout=30")
    assert code == 2, err
    assert err.startswith("Error: ") and len(err.splitlines()) == 1, err
    assert "answered PROPFIND with more than 32 MB" in err
    assert seconds < 20
    assert peak < 150, f"{peak:.0f} MB"


def test_a_compressed_answer_is_never_inflated(cli, tmp_path, endless):
    ok(cli("build", *START, "--weeks", "1"))
    endless.answers = {"mode": "gzip", "bomb": bomb(GB // 4)}
    code, err, seconds, peak = publish_process(tmp_path, endless.port)
    assert code == 2, err
    assert len(err.splitlines()) == 1, err
    assert "answered PROPFIND in 'gzip' encoding though only identity was asked for" in err
    assert [accepted for _, _, accepted in endless.seen] == ["identity"]
    assert peak < 150, f"{peak:.0f} MB"


def test_a_trickling_answer_ends_at_the_timeout(cli, endless):
    ok(cli("build", *START, "--weeks", "1"))
    endless.answers = {"mode": "trickle"}
    started = time.monotonic()
    error(cli("publish", "plan.json", "--to", "caldav", "-o",
              f"caldav.url=http://127.0.0.1:{endless.port}/cal/", "-o", "caldav.timeout=2"),
          "did not answer within 2 s", "caldav.timeout")
    assert time.monotonic() - started < 6
