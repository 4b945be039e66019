"""The CalDAV password: from PLANNER_CALDAV_PASSWORD, ~/.netrc, or a hidden prompt.

It is passed to the HTTP client and nowhere else: never written, never printed, never put
in a message (messages name where it came from instead).
"""

from __future__ import annotations

import os
import signal
import sys
from typing import NamedTuple

from planner.api import Interrupted, InterruptedBeforeSending, PublishError

ENV = "PLANNER_CALDAV_PASSWORD"


class Login(NamedTuple):
    user: str | None
    password: str | None
    source: str  # where the password came from, for messages: never the password itself


def find_login(host: str, user: str | None) -> Login:
    """User and password for `host`. With no user given and none in ~/.netrc, no login:
    some local servers need none, and one that does answers 401, reported as such."""
    password = os.environ.get(ENV)
    if password:
        return Login(user, password, f"${ENV}")
    entry = _netrc_entry(host)
    if entry is not None:
        login, password = entry
        if user is None or user == login:
            return Login(login or user, password, "~/.netrc")
    if user is not None and _interactive():
        return Login(user, _prompt(user, host), "the prompt")
    if user is not None:
        raise PublishError(f"caldav: no password for {user} at {host}: set ${ENV}, add "
                           f"'machine {host} login {user} password …' to ~/.netrc, or run "
                           "in a terminal to be asked")
    return Login(None, None, "no password")


def _prompt(user: str, host: str) -> str:
    """The typed password. Ctrl-D is no password (one line); Ctrl-C stops the command,
    which then says that nothing was sent: the prompt comes before any request."""
    import getpass


    try:
        return getpass.getpass(f"CalDAV password for {user} at {host}: ")
    except EOFError:
        raise PublishError(f"caldav: no password typed for {user} at {host} (end of input); "
                           "nothing was sent") from None
    except KeyboardInterrupt:
        raise InterruptedBeforeSending(signal.SIGINT) from None
    except Interrupted as exc:
        raise InterruptedBeforeSending(exc.signum) from None


def _netrc_entry(host: str) -> tuple[str, str] | None:
    import netrc

    path = os.path.join(os.path.expanduser("~"), ".netrc")
    if not os.path.isfile(path):
        return None
    try:
        found = netrc.netrc(path).authenticators(host)
    except netrc.NetrcParseError as exc:
        # Not exc.msg: it can quote a token of the file, which may be a password.
        raise PublishError(f"~/.netrc: line {exc.lineno}: cannot be read") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PublishError(f"~/.netrc: cannot be read ({type(exc).__name__})") from None
    if not found or not found[2]:
        return None
    return found[0], found[2]


def _interactive() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (ValueError, OSError):
        return False
