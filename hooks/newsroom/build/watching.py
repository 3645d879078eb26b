"""`mkdocs serve`'s file watcher, paused while a rebuild runs (issue 17, item 3).

MkDocs watches with watchdog's polling observer (on purpose: native events miss changes in Docker and
on network mounts, mkdocs/mkdocs#2477): every half second each watched folder is listed and every file
in it stat'ed. At 10,000 seeds one poll takes 0.09 s of the interpreter, at 60,000 about half a second,
and during a rebuild the polls compete with it for the one interpreter lock. Paused, a poller waits at
its next poll; resumed, it compares the folder with what it saw before the pause, so a seed dropped or
edited during a rebuild still starts the next one, as MkDocs would.

The pause holds each polling emitter's own lock (`_lock`, which it takes around every poll): watchdog has
no public way to pause. An observer without such locks (another watchdog, native events) is left running.
"""
from __future__ import annotations

import threading
from typing import Any


class WatcherPause:
    """The watcher of one `mkdocs serve`, paused from a rebuild's start to its end."""

    def __init__(self) -> None:
        self._observer: Any = None
        self._held: list[Any] = []

    def watch(self, observer: Any) -> None:
        """The observer `mkdocs serve` polls with (LiveReloadServer.observer; hooks' on_serve)."""
        self._observer = observer

    def pause(self) -> None:
        """Let no poll start until `resume` (waits for one under way: a tenth of a second at 10,000 seeds)."""
        if self._held:
            return
        for emitter in list(getattr(self._observer, "emitters", ())):
            lock = getattr(emitter, "_lock", None)
            if isinstance(lock, type(threading.Lock())):
                lock.acquire()
                self._held.append(lock)

    def resume(self) -> None:
        while self._held:
            self._held.pop().release()
