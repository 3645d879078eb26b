"""`mkdocs serve`'s file watcher: paused while a rebuild runs, sparing while it waits (issue 17, item 3).

MkDocs watches with watchdog's polling observer (on purpose: native events miss changes in Docker and
on network mounts, mkdocs/mkdocs#2477): every half second each watched folder is listed and every file
in it stat'ed. At 10,000 seeds one poll takes 0.09 s of the interpreter, at 30,000 a third of a second,
and during a rebuild the polls compete with it for the one interpreter lock. Paused, a poller waits at
its next poll; resumed, it compares the folder with what it saw before the pause, so a seed dropped or
edited during a rebuild still starts the next one, as MkDocs would.

Between rebuilds each poll lists every watched file as well: 0.33 s a poll at 30,000 seeds, half a core
while the preview sat idle (measured), and a dropped seed waited for the listing under way. Each
poller is made sparing (`SparingPoll`): it lists every file only when a watched folder's
modification time changed (a file added, removed or renamed: a stat per folder, every half second), or
once the time since the last poll is nine times the CPU time that poll took (listing and comparing), at
most 5 s (for files edited in place: at once in a small project, within 4 s at 30,000 seeds).

The pause holds each polling emitter's own lock (`_lock`, which it takes around every poll): watchdog has
no public way to pause. An observer without such locks (another watchdog, native events) is left running.
A pause that nothing resumes (a rebuild stopped by Ctrl-C, which MkDocs reports to no hook; another
plugin's failing error handler) would stop the preview for good, and MkDocs' shutdown would wait on the
held locks: the server's shutdown resumes first (`watch`), and a pause ends by itself after
`LONGEST_PAUSE` seconds.
"""
from __future__ import annotations

import functools
import os
import threading
import time
from collections.abc import Callable
from typing import Any

LONGEST_PAUSE = 600.0  # seconds: far past a rebuild of 60,000 articles (about 30 s)
LISTING_SHARE = 0.1  # of a poller's time, at most, spent listing every file
LONGEST_LISTING_WAIT = 5.0  # seconds: an edit in place is seen within this, however slow a listing was


class SparingPoll:
    """One polling emitter made sparing (see the module's text): its polls skipped while no watched folder's
    modification time changed and listing every file again is not due. Installed over the emitter's own
    `queue_events` (wait, list, compare, report) and `_take_snapshot` (the listing, timed here)."""

    def __init__(self, emitter: Any, clock: Callable[[], float] = time.monotonic,
                 cpu_clock: Callable[[], float] = time.thread_time) -> None:
        self._list, self._poll = emitter._take_snapshot, emitter.queue_events
        self._stopped: threading.Event = emitter.stopped_event
        self._clock, self._cpu_clock = clock, cpu_clock
        self._folders: dict[str, int] = {}  # each folder of the last listing, with its modification time
        self._next_listing = 0.0
        emitter._take_snapshot, emitter.queue_events = self.take_snapshot, self.queue_events

    def take_snapshot(self) -> Any:
        snapshot = self._list()
        self._folders = _folder_times(snapshot)
        return snapshot

    def queue_events(self, timeout: float) -> None:
        if self._stopped.wait(timeout):
            return
        if self._clock() < self._next_listing and self._folders_unchanged():
            return  # nothing added, removed or renamed, and no listing due
        started = self._cpu_clock()
        self._poll(0)  # the emitter's own poll, at once: under its lock (a paused watcher waits there)
        spent = self._cpu_clock() - started  # listing and comparing: its thread's CPU, not a wait for the lock
        self._next_listing = self._clock() + min(spent * (1 / LISTING_SHARE - 1), LONGEST_LISTING_WAIT)

    def _folders_unchanged(self) -> bool:
        try:
            return bool(self._folders) and all(os.stat(folder).st_mtime_ns == mtime
                                               for folder, mtime in self._folders.items())
        except OSError:  # a folder gone: list again
            return False


def _folder_times(snapshot: Any) -> dict[str, int]:
    """The folders of a watchdog DirectorySnapshot (the watched one included) and their modification times."""
    try:
        return {path: snapshot.stat_info(path).st_mtime_ns for path in snapshot.paths if snapshot.isdir(path)}
    except (AttributeError, KeyError, TypeError):  # not a snapshot this code knows: list every time
        return {}


def spare(observer: Any) -> None:
    """Make each polling emitter of `observer` sparing (emitters of native events, which have no snapshot
    to take, are left alone)."""
    for emitter in list(getattr(observer, "emitters", ())):
        if callable(getattr(emitter, "_take_snapshot", None)) and not getattr(emitter, "_spared", False) \
                and isinstance(getattr(emitter, "stopped_event", None), threading.Event):
            SparingPoll(emitter)
            emitter._spared = True


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
        spare(self._observer)  # the folders watched so far (docs/, mkdocs.yml), and each watched later (seeds/)
        watch = getattr(server, "watch", None)
        if callable(watch):
            @functools.wraps(watch)
            def watch_sparingly(*args: Any, **kwargs: Any) -> Any:
                done = watch(*args, **kwargs)
                spare(self._observer)
                return done
            server.watch = watch_sparingly
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
