"""The form fields of a PDF, read with bounds on time and memory (pypdf, imported only here).

A PDF is a compressed container: a 3 MB file can hold object streams that inflate to
gigabytes, and pypdf's own limit is per stream. So the file is parsed in a child process
(`fork`) that the kernel holds to MEMORY_LIMIT bytes more than it starts with and that is
stopped after TIME_LIMIT seconds; only the field names and values come back, as JSON. Where
there is no `fork`, the file is read in this process without those two bounds.
"""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

from ..files import read_bounded
from .entry import LogError

MAX_PDF_BYTES = 256 * 1024 * 1024
TIME_LIMIT = 30.0  # seconds; a filled 52-week booklet (160 sheets) reads in about a second
MEMORY_LIMIT = 768 * 1024 * 1024  # bytes over what the reader starts with
_MAX_ANSWER = 64 * 1024 * 1024  # the JSON the child sends back


def field_values(path: Path) -> dict[str, str]:
    """Field name -> value as text (a radio's state without its slash; '' for none or Off).

    Raises LogError, naming the file, for anything that is not a readable PDF form: damaged,
    cut short, encrypted with a password, too costly to read, or two fields with one name."""
    raw = read_bounded(path, MAX_PDF_BYTES, "PDF file")
    if not raw.lstrip()[:5] == b"%PDF-":
        raise LogError(f"{path}: not a PDF file")
    end = raw.rfind(b"%%EOF")
    if end < 0 or raw[end + 5:].strip(b" \r\n\t\x00"):
        # A file cut short, e.g. an incremental save that did not finish: pypdf would read
        # the version before it, and the values filled in last would be lost without a word.
        raise LogError(f"{path}: damaged PDF: it does not end where a PDF ends (cut short?)")
    answer = _in_child(raw) if hasattr(os, "fork") else _read(raw)
    if "error" in answer:
        raise LogError(f"{path}: {answer['error']}")
    return answer["fields"]


def _in_child(raw: bytes) -> dict:
    import select
    import signal
    import time

    reading, writing = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        code = 0
        try:
            os.close(reading)
            _limit_memory()
            answer = _read(raw)
            data = json.dumps(answer, ensure_ascii=False).encode()
            with os.fdopen(writing, "wb") as out:
                out.write(data)
        except BaseException:  # noqa: B036 - whatever happens, the child ends here
            code = 1
        finally:
            os._exit(code)
    os.close(writing)
    chunks, size, deadline = [], 0, time.monotonic() + TIME_LIMIT
    timed_out = too_big = False
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([reading], [], [], left)[0]:
                timed_out = True
                break
            chunk = os.read(reading, 1 << 20)
            if not chunk:
                break
            size += len(chunk)
            if size > _MAX_ANSWER:
                too_big = True
                break
            chunks.append(chunk)
    finally:
        os.close(reading)
        if timed_out or too_big:
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    seconds = f"{TIME_LIMIT:g}"
    if timed_out:
        return {"error": f"reading its form took more than {seconds} s, so it was stopped "
                         "(a PDF that decompresses into far more than it holds?)"}
    if too_big or os.waitstatus_to_exitcode(status) != 0 or not chunks:
        return {"error": _TOO_COSTLY}
    try:
        return json.loads(b"".join(chunks))
    except ValueError:
        return {"error": _TOO_COSTLY}


_TOO_COSTLY = (f"reading its form needed more than {MEMORY_LIMIT // 2**20} MB of memory, so it "
               "was stopped (a PDF that decompresses into far more than it holds?)")


def _limit_memory() -> None:
    """Hold this (child) process to MEMORY_LIMIT bytes of address space beyond its own."""
    try:
        import resource

        with open("/proc/self/statm") as statm:  # Linux: pages of address space in use
            used = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        limit = used + MEMORY_LIMIT
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, OSError, ValueError):
        pass  # no /proc (macOS): the time limit still holds


def _read(raw: bytes) -> dict:
    """{"fields": {name: text}} or {"error": message}."""
    import logging

    from pypdf import PdfReader

    quiet = logging.getLogger("pypdf")
    level, quiet.level = quiet.level, logging.CRITICAL  # its warnings are not our messages
    try:
        reader = PdfReader(io.BytesIO(raw))
        problem = _unlock(reader)
        if problem:
            return {"error": problem}
        return {"fields": _form_values(reader)}
    except _SameName as exc:
        return {"error": f"two form fields are both named {exc.args[0]!r}; an app saved a "
                         "second, blank copy of it, so which value counts is unclear. Fill the "
                         "sheet again from the exported PDF"}
    except MemoryError:
        return {"error": _TOO_COSTLY}
    except Exception as exc:  # pypdf raises many kinds on damaged files and broken forms
        if type(exc).__name__ == "LimitReachedError":  # pypdf's own bounds (pypdf 6 and later)
            return {"error": "reading its form was stopped at one of pypdf's limits (a PDF "
                             "that decompresses into far more than it holds?)"}
        return {"error": f"damaged PDF, its form cannot be read ({type(exc).__name__})"}
    finally:
        quiet.setLevel(level)


def _unlock(reader) -> str | None:
    """Open an encrypted PDF with the empty password (how some apps save a filled form), or
    say why it cannot be read."""
    if not reader.is_encrypted:
        return None
    from pypdf.errors import DependencyError

    try:
        opened = reader.decrypt("")
    except DependencyError:
        return ("it is encrypted (AES) and the 'cryptography' package that reads it is "
                "missing: pip install 'pypdf[crypto]'")
    except Exception as exc:
        return f"it is encrypted in a way that cannot be read ({type(exc).__name__})"
    if not opened:
        return ("it is encrypted with a password; save a copy without a password from the "
                "PDF app, or export it again, and import that")
    return None


class _SameName(Exception):
    pass


def _form_values(reader) -> dict[str, str]:
    """Field name -> value text. Our forms are flat: every top-level field is a whole field
    with its type (/FT), and a radio group keeps its value on the group, so each one's /T and
    /V are enough, much faster than pypdf's get_fields(), which builds a record for every
    widget. A form of any other shape goes to get_fields()."""
    form = reader.trailer["/Root"].get("/AcroForm")
    if form is None:
        return {}
    form = form.get_object()
    values: dict[str, str] = {}
    for ref in form.get("/Fields", []) or []:
        field = ref.get_object()
        name = field.get("/T")
        if name is None or "/FT" not in field:  # a node of a field hierarchy: not ours
            return {str(k): _text(f.get("/V")) for k, f in (reader.get_fields() or {}).items()}
        name = str(name)
        if name in values:
            raise _SameName(name)
        values[name] = _text(field.get("/V"))
    return values


def _text(value) -> str:
    """A field value as text: a radio's name without its slash, '' for none or Off."""
    if value is None:
        return ""
    text = str(value).strip()
    if text.startswith("/"):
        text = text[1:]
    return "" if text == "Off" else text
