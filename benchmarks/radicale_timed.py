"""Radicale with its own time kept, for `benchmarks/publish.py --server-times`.

    python benchmarks/radicale_timed.py TIMES.json RADICALE-ARGUMENTS...

Runs Radicale as `python -m radicale RADICALE-ARGUMENTS...` would, and after each request
writes to TIMES.json the totals so far, each as [count, seconds]:
- "request": handling each request, from its first byte read to its answer;
- "put": PUT requests alone;
- "uid check": a PUT of a new event reads every event already in the collection to see that
  its UID is not taken (BaseCollection.has_uid), under the storage lock;
- "write lock": the storage lock held for writing: Radicale writes one change at a time, so
  no client, however many requests it sends at once, takes less than this;
- "cpu": the process's CPU time in user mode, all threads: Python runs one thread at a
  time, so no client takes less than this either (a lower bound: C code that lets go of the
  interpreter lock may run beside it); "system": its CPU time in the kernel.
The wrapped methods are Radicale internals (3.x): one that is missing is left out.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import sys
import threading
import time


def main() -> None:
    out, sys.argv[1:] = sys.argv[1], sys.argv[2:]
    import radicale.__main__
    from radicale import app, storage
    from radicale.storage import multifilesystem

    totals: dict[str, list[float]] = {}
    lock = threading.Lock()

    def add(name: str, seconds: float) -> None:
        with lock:
            count, total = totals.get(name, (0, 0.0))
            totals[name] = [count + 1, total + seconds]

    def dump() -> None:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        with lock:
            data = {**totals, "cpu": [1, usage.ru_utime], "system": [1, usage.ru_stime]}
        with open(out + ".new", "w") as file:
            json.dump(data, file)
        os.replace(out + ".new", out)

    def timed(owner, name: str, label: str, last: bool = False) -> None:
        original = getattr(owner, name, None)
        if original is None:
            return

        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                seconds = time.perf_counter() - started
                add(label, seconds)
                if label == "request" and args[1].get("REQUEST_METHOD") == "PUT":
                    add("put", seconds)
                if last:
                    dump()

        setattr(owner, name, wrapper)

    def timed_lock(owner, name: str) -> None:
        original = getattr(owner, name, None)
        if original is None:
            return

        @contextlib.contextmanager
        def wrapper(self, mode, *args, **kwargs):
            with original(self, mode, *args, **kwargs):
                held = time.perf_counter()
                try:
                    yield
                finally:
                    if mode == "w":
                        add("write lock", time.perf_counter() - held)

        setattr(owner, name, wrapper)

    timed(app.Application, "_handle_request", "request", last=True)
    timed(storage.BaseCollection, "has_uid", "uid check")
    timed_lock(multifilesystem.Storage, "acquire_lock")
    dump()
    radicale.__main__.run()


if __name__ == "__main__":
    main()
