"""What a build keeps between runs, in .cache/newsroom/: each seed's result, the checked rules,
each seed file's stat and digest, and later stages' memos (related articles).

Results are keyed by the seed's name and content, the rules' fingerprint and the version of the
code a seed passes through (`version.SEED_CODE`), so an edited seed, rule or module is never
served from the cache. Pickle is safe here: the files are written by this code only, in a folder
git ignores.
"""
from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from ..config.rules import DATA_FILES, Rules, load_rules
from .version import SEED_CODE

log = logging.getLogger("mkdocs.plugins.archive")  # MkDocs shows it (and counts it under --strict)

T = TypeVar("T")
_TABLES = ("seeds (key TEXT PRIMARY KEY, value BLOB)", "memo (name TEXT PRIMARY KEY, key TEXT, value BLOB)",
           "file_states (name TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, ctime_ns INTEGER, inode INTEGER, "
           "hashed_ns INTEGER, digest TEXT)")


_RULES_LOADED: dict[str, Rules] = {}  # this process's rules, by the key of their files and code


def load_rules_cached(data_dir: Path, cache_dir: Path | None) -> Rules:
    """`load_rules`, kept as a pickle beside the seed cache: checking the rules costs 0.3 s a build.

    Keyed by the data files' bytes and the code's version; a broken rules file is never
    cached (load_rules raises), so its error shows at every build until it is fixed.
    """
    digest = hashlib.sha256(SEED_CODE.encode())
    for name in DATA_FILES:
        try:
            digest.update((data_dir / name).read_bytes())
        except OSError:
            return load_rules(data_dir)  # load_rules names the missing file
    key = digest.hexdigest()[:24]
    path = cache_dir / f"rules-{key}.pickle" if cache_dir else None
    rules: Rules | None = None
    if path is not None and path.is_file():
        if key in _RULES_LOADED:  # `mkdocs serve`'s next rebuild: its patterns stay compiled
            return _RULES_LOADED[key]
        try:
            rules = pickle.loads(path.read_bytes())
        except Exception:  # noqa: BLE001 - a damaged entry is rebuilt
            pass
    if rules is None:
        rules = load_rules(data_dir)
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                for old in path.parent.glob("rules-*.pickle"):
                    old.unlink()
                path.write_bytes(pickle.dumps(rules, protocol=pickle.HIGHEST_PROTOCOL))
            except OSError:
                pass
    _RULES_LOADED.clear()
    _RULES_LOADED[key] = rules
    return rules



class SeedCache:
    """Article (or the reasons there is none) per seed content.

    Kept in memory across `mkdocs serve` rebuilds and, when given a folder, in a SQLite
    file there across runs. The key is the file's name and content hash, the rules'
    fingerprint and the code's version, so an edited seed, rule or module is never
    served from the cache. Pickle is safe here: the file is written by this code only,
    in a folder git ignores.
    """

    def __init__(self, folder: Path | None = None, keep_in_memory: bool = True) -> None:
        self._entries: dict[str, Any] = {}  # a seed's result (seed/process.py) or an article's page parts
        self._memos: dict[str, tuple[str, object]] = {}  # name -> (key, value), under `mkdocs serve`
        self._keep_in_memory = keep_in_memory  # for `mkdocs serve`; a one-off build needs only the disk
        self._db: sqlite3.Connection | None = None
        self._writable = True  # False once the file proved read-only: what it holds is still read
        self._renewed = False  # a damaged file is replaced once; damaged again, the disk is left alone
        self._pending: list[tuple[str, bytes]] = []
        self._files: dict[str, FileState] | None = None  # seed name -> what it was when last hashed
        self.path = folder / "seeds.sqlite" if folder is not None else None
        if self.path is not None:
            try:
                self._db = self._connect(self.path)
            except (OSError, sqlite3.Error) as exc:
                self._fault(exc)

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, check_same_thread=False)
        try:
            for table in _TABLES:
                db.execute(f"CREATE TABLE IF NOT EXISTS {table}")  # a read-only file that has them passes
        except sqlite3.Error:
            db.close()
            raise
        return db

    def _disk(self, action: Callable[[sqlite3.Connection], T], default: T, write: bool = False) -> T:
        """`action` on the SQLite file, or `default` when there is none (to write: none that takes writes).
        A failure is dealt with (`_fault`) and the build goes on without what it would have given."""
        if self._db is None or (write and not self._writable):
            return default
        try:
            return action(self._db)
        except sqlite3.Error as exc:
            self._fault(exc)
            return default

    def _fault(self, exc: OSError | sqlite3.Error) -> None:
        """The file failed: warn once, saying what to do, and go on with what still works. Read-only (a
        `sudo make build` made it): read it, save nothing. Damaged: delete it and start a new one.
        Anything else (no folder can be made, disk full, another program locking it): do without it."""
        assert self.path is not None
        name = getattr(exc, "sqlite_errorname", "")
        if name.startswith("SQLITE_READONLY"):
            self._writable = False
            self._pending.clear()
            log.warning(f"archive: the cache {self.path} cannot be written ({exc}): this build reads what it "
                        "holds but keeps nothing new, so every build cleans the new and edited seeds again. "
                        'Give the folder back to your user (sudo chown -R "$USER" .cache) or delete .cache/newsroom/')
            return
        if self._db is not None:
            self._db.close()
            self._db = None
        if (name.startswith("SQLITE_CORRUPT") or name == "SQLITE_NOTADB") and not self._renewed:
            self._renewed = True
            try:
                for suffix in ("", "-journal", "-wal", "-shm"):
                    Path(f"{self.path}{suffix}").unlink(missing_ok=True)
                self._db = self._connect(self.path)
            except (OSError, sqlite3.Error) as again:
                exc = again
            else:
                self._files = None  # the new file holds no file states: all are written this build
                # handled as designed, nothing left to fix: an info line (a warning would fail --strict, and
                # a CI job would never save the repaired cache)
                log.info(f"archive: the cache {self.path} was damaged ({exc}): deleted it and started a new "
                         "one (the seeds it held are read and cleaned again)")
                return
        self._pending.clear()
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        log.warning(f"archive: the cache {self.path} cannot be used ({reason}): this build reads and cleans "
                    "every seed without it. Check that your user can write .cache/newsroom/ "
                    '(after a `sudo make build`: sudo chown -R "$USER" .cache), or delete that folder')

    @staticmethod
    def key(name: str, digest: str, rules: Rules) -> str:
        """The cache key of a seed whose bytes hash to `digest` (`_digest`)."""
        return "\0".join((name, digest, rules.fingerprint, SEED_CODE))

    def file_states(self) -> dict[str, FileState]:
        """Each seed file's stat and content digest when a build last hashed it."""
        if self._files is None:
            def read(db: sqlite3.Connection) -> dict[str, FileState]:
                try:
                    return {name: FileState(*rest) for name, *rest in db.execute("SELECT * FROM file_states")}
                except TypeError:  # a row of another shape: hash every file again
                    return {}
            unknown: dict[str, FileState] = {}  # no file: every seed is hashed
            self._files = self._disk(read, unknown)
        return self._files

    def remember_files(self, states: dict[str, FileState]) -> None:
        """Record this build's file states (only the rows that changed are written)."""
        before = self.file_states()
        changed = [(name, *state) for name, state in states.items() if before.get(name) != state]
        gone = [(name,) for name in before if name not in states]
        self._files = dict(states) if self._keep_in_memory else None

        def write(db: sqlite3.Connection) -> None:
            with db:
                db.executemany("INSERT OR REPLACE INTO file_states VALUES (?, ?, ?, ?, ?, ?, ?)", changed)
                db.executemany("DELETE FROM file_states WHERE name = ?", gone)
        if changed or gone:
            self._disk(write, None, write=True)

    def lookup(self, keys: list[str], memory: bool = True) -> dict[str, Any]:
        """The cached results among `keys` (memory first, then the disk, in batches); `memory`: keep
        what the disk gave in memory too (not drafts: large, and needed only when a source changes)."""
        found = {key: self._entries[key] for key in keys if key in self._entries}
        missing = [key for key in keys if key not in found]

        def read(db: sqlite3.Connection) -> None:
            for start in range(0, len(missing), 500):
                batch = missing[start:start + 500]
                for key, value in db.execute(f"SELECT key, value FROM seeds WHERE key IN ({','.join('?' * len(batch))})",
                                             batch):
                    try:
                        found[key] = pickle.loads(value)
                    except Exception:  # noqa: BLE001 - a damaged entry is recomputed
                        pass
        if missing:
            self._disk(read, None)
        if self._keep_in_memory and memory:
            self._entries.update(found)
        return found

    def store(self, key: str, value: Any, pickled: bytes | None = None, memory: bool = True) -> None:
        """Keep `value` under `key` (`pickled`: its pickle, when a worker made it already); `memory`:
        in memory too, when the cache keeps anything there."""
        saved = self._db is not None and self._writable
        if self._keep_in_memory and (memory or not saved):
            self._entries[key] = value
        if saved:
            if pickled is None:
                pickled = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            self._pending.append((key, pickled))
            if len(self._pending) >= 500:  # write as we go: 10,000 pickles held at once cost hundreds of MB
                self._flush()

    def keep_only(self, keys: set[str]) -> None:
        """Write this build's new results to disk and forget every other entry (seeds gone or
        edited, old rules or code), so the cache holds one archive and never grows past it."""
        self._entries = {k: v for k, v in self._entries.items() if k in keys}
        self._flush()

        def tidy(db: sqlite3.Connection) -> None:
            stale = [(key,) for (key,) in db.execute("SELECT key FROM seeds") if key not in keys]
            if stale:
                with db:
                    db.executemany("DELETE FROM seeds WHERE key = ?", stale)
        self._disk(tidy, None, write=True)

    def memo(self, name: str) -> _Memo:
        """A mapping for one later stage's result, kept between builds (the latest value only)."""
        return _Memo(self, name)

    def _flush(self) -> None:
        def write(db: sqlite3.Connection) -> None:
            with db:
                db.executemany("INSERT OR REPLACE INTO seeds VALUES (?, ?)", self._pending)
        if self._pending:
            self._disk(write, None, write=True)
            self._pending.clear()



class FileState(NamedTuple):
    size: int
    mtime_ns: int
    ctime_ns: int  # changes with every write and cannot be set back (`cp -p`, `touch -r` set mtime only)
    inode: int  # another file moved into its place has another
    hashed_ns: int  # when its content was hashed
    digest: str

    @classmethod
    def of(cls, status: os.stat_result, digest: str) -> FileState:
        return cls(status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino, time.time_ns(), digest)


# A file modified within this long before it was hashed might change again without its modification
# time changing (coarse timestamps on some file systems): such a file is hashed again next time.
_RACY_NS = 2_000_000_000


def known_digest(state: FileState | None, status: os.stat_result) -> str | None:
    """The content digest recorded for a file its size, times and inode say is unchanged, as git
    trusts a file's stat: reading and hashing 10,000 unchanged seeds took 0.2 s a build."""
    if (state is None or (state.size, state.mtime_ns, state.ctime_ns, state.inode)
            != (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)
            or status.st_mtime_ns >= state.hashed_ns - _RACY_NS):
        return None
    return state.digest


class _Memo:
    """One remembered result of a later stage (related articles), by a digest of its inputs:
    in memory under `mkdocs serve`, and in the SQLite file across runs."""

    def __init__(self, cache: SeedCache, name: str) -> None:
        self._cache, self._name = cache, name

    def get(self, key: str) -> object | None:
        remembered = self._cache._memos.get(self._name)
        if remembered is not None:
            return remembered[1] if remembered[0] == key else None
        row = self._cache._disk(lambda db: db.execute("SELECT value FROM memo WHERE name = ? AND key = ?",
                                                      (self._name, key)).fetchone(), None)
        try:
            return pickle.loads(row[0]) if row else None
        except Exception:  # noqa: BLE001 - a damaged entry is recomputed
            return None

    def __setitem__(self, key: str, value: object) -> None:
        if self._cache._keep_in_memory:
            self._cache._memos[self._name] = (key, value)

        def write(db: sqlite3.Connection) -> None:
            with db:
                db.execute("INSERT OR REPLACE INTO memo VALUES (?, ?, ?)",
                           (self._name, key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)))
        self._cache._disk(write, None, write=True)
