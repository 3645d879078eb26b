"""One build at a time in a project folder: a second one waits, saying so.

Two builds at once would clean and write the same site folder (MkDocs' `clean_directory` failed in
5 of 7 tries) and the same cache. The lock is `flock` on `.cache/newsroom/build.lock`: the system
drops it when its holder ends, however it ends (kill -9 included), so it never goes stale.
"""
from __future__ import annotations

import fcntl
import os
from collections.abc import Callable
from io import FileIO
from pathlib import Path


class BuildLock:
    """Held from a build's start (before MkDocs cleans the site folder) to its end."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "build.lock"
        self._file: FileIO | None = None

    def acquire(self, waiting: Callable[[str], None]) -> None:
        """Take the lock; when another build holds it, call `waiting` with a message that says so and
        wait for that build to end. A folder where no lock file can be made or locked (read-only,
        a file system without locks) builds unlocked: its cache says what is wrong with it."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            lock = FileIO(self.path, "a+")
        except OSError:
            try:
                lock = FileIO(self.path, "r")  # flock needs no write access: a lock a `sudo make build` left
            except OSError:
                return
        try:
            try:
                fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(lock.fileno(), 32, 0).decode("ascii", "replace").strip() or "unknown"
                waiting(f"another build is running in this folder (process {holder}); waiting for it to "
                        f"finish (lock: {self.path})")
                fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        except OSError:
            lock.close()
            return
        if lock.writable():
            os.ftruncate(lock.fileno(), 0)
            os.write(lock.fileno(), f"{os.getpid()}\n".encode("ascii"))
        self._file = lock

    def release(self) -> None:
        if self._file is not None:
            self._file.close()  # closing drops the lock
            self._file = None
