"""Send changes a few at a time: a bounded pool of daemon threads, results as they finish.

Daemon threads, so an interrupted command never waits at exit for requests in flight (each
is bounded by caldav.timeout anyway). After a failure the caller calls `stop()`: no new work
is handed out, and iterating on collects what was already in flight. A failure in one worker
stops them all from starting new work.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from typing import Any

_END = object()


class Pool:
    def __init__(self, workers: int, items: list, work: Callable[[Any], Any]):
        self._todo = iter(items)
        self._work = work
        self._lock, self._stop = threading.Lock(), threading.Event()
        self._results: queue.Queue = queue.Queue()
        self._running = max(1, min(workers, len(items)))
        for _ in range(self._running):
            threading.Thread(target=self._worker, daemon=True).start()

    def stop(self) -> None:
        self._stop.set()

    def __iter__(self) -> Iterator[tuple[Any, Any, BaseException | None]]:
        """(item, result, None) or (item, None, exception), in the order they finish."""
        while self._running:
            try:
                got = self._results.get(timeout=0.2)  # short waits: signals reach us
            except queue.Empty:
                continue
            if got is _END:
                self._running -= 1
            else:
                yield got

    def _worker(self) -> None:
        while not self._stop.is_set():
            with self._lock:
                item = next(self._todo, _END)
            if item is _END:
                break
            try:
                self._results.put((item, self._work(item), None))
            except BaseException as exc:  # noqa: BLE001 - handed to the caller
                self._stop.set()  # a failure: nothing new is started, by any worker
                self._results.put((item, None, exc))
        self._results.put(_END)
