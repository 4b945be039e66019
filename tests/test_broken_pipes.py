"""A peer that hangs up: an error while publishing, a quiet end on standard output."""

from __future__ import annotations

import signal
import socket

import pytest

from planner.interrupts import broken_pipes_raise, raising_on_signals


@pytest.mark.skipif(not hasattr(signal, "SIGPIPE"), reason="no SIGPIPE on this system")
def test_a_server_that_hangs_up_is_an_error_while_publishing_not_a_silent_exit():
    # raising_on_signals lets SIGPIPE end the program, for `planner … | head`; a publisher
    # writing to a closed socket inside broken_pipes_raise gets an exception instead.
    ours, theirs = socket.socketpair()
    theirs.close()
    with raising_on_signals():
        assert signal.getsignal(signal.SIGPIPE) == signal.SIG_DFL
        with broken_pipes_raise(), pytest.raises(BrokenPipeError):
            for _ in range(100):
                ours.send(b"PUT /calendar/event.ics HTTP/1.1\r\n" * 100)
        assert signal.getsignal(signal.SIGPIPE) == signal.SIG_DFL  # put back for stdout
    ours.close()
