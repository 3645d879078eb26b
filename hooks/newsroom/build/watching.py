"""`mkdocs serve`'s file watcher, paused while a rebuild runs (issue 17, item 3).

MkDocs watches with watchdog's polling observer (on purpose: native events miss changes in Docker and
on network mounts, mkdocs/mkdocs#2477): every half second each watched folder is listed and every file
in it stat'ed. At 10,000 seeds one poll takes 0.09 s of the interpreter, at 60,000 about half a second,
and during a rebuild the polls compete with it for the one interpreter lock. Paused, a poller waits at
its next poll; resumed, it compares the folder with what it saw before the pause, so a seed dropped or
edited during a rebuild still starts the next one, as MkDocs would.

The pause holds each polling emitter's own lock (`_lock`, which it takes around every poll): watchdog has
no public way to pause. An observer without such locks (another watchdog, native events) is left running.
A pause that nothing resumes (a rebuild stopped by Ctrl-C, which MkDocs reports to no hook; another
plugin's failing error handler) would stop the preview for good, and MkDocs' shutdown would wait on the
held locks: the server's shutdown resumes first (`watch`), and a pause ends by itself after
`LONGEST_PAUSE` seconds.
"""
from __future__ import annotations

import functools
import threading
from typing import Any

LONGEST_PAUSE = 600.0  # seconds: far past a rebuild of 60,000 articles (about 30 s)


class WatcherPause:
    """The watcher of one `mkdocs serve`, paused from a rebuild's start to its end."""

    def __init__(self) -> None:
        self._observer: Any = None
        self._held: list[Any] = []
        self._turn = threading.Lock()  # resume may come from the build's thread and from the timer's
        self._timer: threading.Timer | None = None

    def watch(self, server: Any) -> None:
        """The server of `mkdocs serve` (MkDocs' LiveReloadServer, from the hooks' on_serve): its observer
        is paused and resumed; its shutdown resumes it first."""
        self._observer = getattr(server, "observer", None)
        shutdown = getattr(server, "shutdown", None)
        if callable(shutdown):
            @functools.wraps(shutdown)
            def resumed_first(*args: Any, **kwargs: Any) -> Any:
                self.resume()
                return shutdown(*args, **kwargs)
            server.shutdown = resumed_first

    def pause(self) -> None:
        """Let no poll start until `resume` (waits for one under way: a tenth of a second at 10,000 seeds)."""
        with self._turn:
            if self._held:
                return
            for emitter in list(getattr(self._observer, "emitters", ())):
                lock = getattr(emitter, "_lock", None)
                if isinstance(lock, type(threading.Lock())):
                    lock.acquire()
                    self._held.append(lock)
            if self._held:
                self._timer = threading.Timer(LONGEST_PAUSE, self.resume)
                self._timer.daemon = True
                self._timer.start()

    def resume(self) -> None:
        with self._turn:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            while self._held:
                self._held.pop().release()
