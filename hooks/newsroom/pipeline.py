"""All stages, end to end: a seeds folder -> Archive, its generated pages, and problems.

Reading and cleaning one seed depends only on its bytes and the rules, so results
are cached under (file name, content hash, rules fingerprint): a `mkdocs serve`
rebuild after one new seed re-reads that seed only. When many seeds are new (a first
build), they are processed in worker processes, one per core.
"""
from __future__ import annotations

import gc
import hashlib
import logging
import multiprocessing
import os
import pickle
import sqlite3
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple

from .archive import Archive, assemble
from .model import Article, Outcome, Problem, updated
from .read import is_ignored
from . import feeds, investments, report, timing
from .render import NAV_PAGES, GeneratedPage, all_pages, articles_json
from .rules import DATA_FILES, Rules, load_rules
from .timing import stage


@dataclass(frozen=True)
class BuildResult:
    archive: Archive
    pages: tuple[GeneratedPage, ...]
    downloads: dict[str, str]  # non-page files by site path: articles.json, investments.*, feeds, build report
    problems: tuple[Problem, ...]
    processed: int = 0  # seeds read and cleaned in this build (the rest came from the cache)
    workers: int = 0  # worker processes they were spread over (0: this process)
    cached: int = 0  # seeds whose results came from the cache


_Cached = tuple[Article | None, tuple[Problem, ...]]

log = logging.getLogger("mkdocs.plugins.archive")  # MkDocs shows it (and counts it under --strict)

PARALLEL_FROM = 64  # new seeds below this are processed in this process: starting workers costs ~0.5 s


# The modules that turn one seed's bytes into its Article: a change to any of them invalidates
# every cached result. Editing the archive, render or search modules keeps the cache.
SEED_MODULES = ("pipeline", "read", "metadata", "stated", "clean", "sanitize", "article", "analyse", "figures", "taxonomy",
                "model", "rules", "timing", "article_page", "investments")


def _code_version() -> str:
    """A digest of the seed modules' source and of the pinned libraries (requirements.txt): a new
    parser or sanitizer version can read the same bytes differently. (Asking each library for its
    version took 25 ms a build; the pins are one small file.)"""
    digest = hashlib.sha256()
    for name in SEED_MODULES:
        digest.update((Path(__file__).parent / f"{name}.py").read_bytes())
    try:
        digest.update((Path(__file__).resolve().parents[2] / "requirements.txt").read_bytes())
    except OSError:
        pass  # a copy of the hooks without the project around them
    return digest.hexdigest()[:16]


CODE_VERSION = _code_version()


def load_rules_cached(data_dir: Path, cache_dir: Path | None) -> Rules:
    """`load_rules`, kept as a pickle beside the seed cache: checking the rules costs 0.3 s a build.

    Keyed by the data files' bytes and the code's version; a broken rules file is never
    cached (load_rules raises), so its error shows at every build until it is fixed.
    """
    digest = hashlib.sha256(CODE_VERSION.encode())
    for name in DATA_FILES:
        try:
            digest.update((data_dir / name).read_bytes())
        except OSError:
            return load_rules(data_dir)  # load_rules names the missing file
    path = cache_dir / f"rules-{digest.hexdigest()[:24]}.pickle" if cache_dir else None
    if path is not None and path.is_file():
        try:
            return pickle.loads(path.read_bytes())
        except Exception:  # noqa: BLE001 - a damaged entry is rebuilt
            pass
    rules = load_rules(data_dir)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            for old in path.parent.glob("rules-*.pickle"):
                old.unlink()
            path.write_bytes(pickle.dumps(rules, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            pass
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
        self._entries: dict[str, _Cached] = {}
        self._memos: dict[str, tuple[str, object]] = {}  # name -> (key, value), under `mkdocs serve`
        self._keep_in_memory = keep_in_memory  # for `mkdocs serve`; a one-off build needs only the disk
        self._db: sqlite3.Connection | None = None
        self._pending: list[tuple[str, bytes]] = []
        self._files: dict[str, FileState] | None = None  # seed name -> what it was when last hashed
        if folder is not None:
            try:
                folder.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(folder / "seeds.sqlite", check_same_thread=False)
                self._db.execute("CREATE TABLE IF NOT EXISTS seeds (key TEXT PRIMARY KEY, value BLOB)")
                self._db.execute("CREATE TABLE IF NOT EXISTS memo (name TEXT PRIMARY KEY, key TEXT, value BLOB)")
                self._db.execute("CREATE TABLE IF NOT EXISTS file_states (name TEXT PRIMARY KEY, size INTEGER, "
                                 "mtime_ns INTEGER, ctime_ns INTEGER, inode INTEGER, hashed_ns INTEGER, digest TEXT)")
            except (OSError, sqlite3.Error):
                self._db = None  # a read-only checkout still builds, just without the disk cache

    @staticmethod
    def key(name: str, digest: str, rules: Rules) -> str:
        """The cache key of a seed whose bytes hash to `digest` (`_digest`)."""
        return "\0".join((name, digest, rules.fingerprint, CODE_VERSION))

    def file_states(self) -> dict[str, FileState]:
        """Each seed file's stat and content digest when a build last hashed it."""
        if self._files is None:
            self._files = {}
            if self._db is not None:
                try:
                    self._files = {name: FileState(*rest) for name, *rest in self._db.execute("SELECT * FROM file_states")}
                except (sqlite3.Error, TypeError):
                    pass
        return self._files

    def remember_files(self, states: dict[str, FileState]) -> None:
        """Record this build's file states (only the rows that changed are written)."""
        before = self.file_states()
        changed = [(name, *state) for name, state in states.items() if before.get(name) != state]
        gone = [(name,) for name in before if name not in states]
        self._files = dict(states) if self._keep_in_memory else None
        if self._db is not None and (changed or gone):
            try:
                with self._db:
                    self._db.executemany("INSERT OR REPLACE INTO file_states VALUES (?, ?, ?, ?, ?, ?, ?)", changed)
                    self._db.executemany("DELETE FROM file_states WHERE name = ?", gone)
            except sqlite3.Error:
                pass

    def lookup(self, keys: list[str]) -> dict[str, _Cached]:
        """The cached results among `keys` (memory first, then the disk, in batches)."""
        found = {key: self._entries[key] for key in keys if key in self._entries}
        missing = [key for key in keys if key not in found]
        if self._db is not None:
            for start in range(0, len(missing), 500):
                batch = missing[start:start + 500]
                rows = self._db.execute(f"SELECT key, value FROM seeds WHERE key IN ({','.join('?' * len(batch))})",
                                        batch).fetchall()
                for key, value in rows:
                    try:
                        found[key] = pickle.loads(value)
                    except Exception:  # noqa: BLE001 - a damaged entry is recomputed
                        pass
        if self._keep_in_memory:
            self._entries.update(found)
        return found

    def store(self, key: str, value: _Cached, pickled: bytes) -> None:
        if self._keep_in_memory:
            self._entries[key] = value
        if self._db is not None:
            self._pending.append((key, pickled))
            if len(self._pending) >= 500:  # write as we go: 10,000 pickles held at once cost hundreds of MB
                self._flush()

    def keep_only(self, keys: set[str]) -> None:
        """Write this build's new results to disk and forget every other entry (seeds gone or
        edited, old rules or code), so the cache holds one archive and never grows past it."""
        self._entries = {k: v for k, v in self._entries.items() if k in keys}
        self._flush()
        if self._db is not None:
            try:
                stale = [(key,) for (key,) in self._db.execute("SELECT key FROM seeds") if key not in keys]
                if stale:
                    with self._db:
                        self._db.executemany("DELETE FROM seeds WHERE key = ?", stale)
            except sqlite3.Error:
                pass  # a cache that cannot be tidied still works

    def memo(self, name: str) -> "_Memo":
        """A mapping for one later stage's result, kept between builds (the latest value only)."""
        return _Memo(self, name)

    def _flush(self) -> None:
        if self._db is not None and self._pending:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO seeds VALUES (?, ?)", self._pending)
            self._pending.clear()


class FileState(NamedTuple):
    size: int
    mtime_ns: int
    ctime_ns: int  # changes with every write and cannot be set back (`cp -p`, `touch -r` set mtime only)
    inode: int  # another file moved into its place has another
    hashed_ns: int  # when its content was hashed
    digest: str

    @classmethod
    def of(cls, status: os.stat_result, digest: str) -> "FileState":
        return cls(status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino, time.time_ns(), digest)


# A file modified within this long before it was hashed might change again without its modification
# time changing (coarse timestamps on some file systems): such a file is hashed again next time.
_RACY_NS = 2_000_000_000


def _known_digest(state: FileState | None, status: os.stat_result) -> str | None:
    """The content digest recorded for a file its size, times and inode say is unchanged, as git
    trusts a file's stat: reading and hashing 10,000 unchanged seeds took 0.2 s a build."""
    if (state is None or (state.size, state.mtime_ns, state.ctime_ns, state.inode)
            != (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)
            or status.st_mtime_ns >= state.hashed_ns - _RACY_NS):
        return None
    return state.digest


def process_seed(name: str, data: bytes, rules: Rules) -> _Cached:
    """Read, clean and analyse one seed: its Article (or None) and the problems found."""
    return _processed(name, data, rules)[0]


class _Memo:
    """One remembered result of a later stage (related articles), by a digest of its inputs:
    in memory under `mkdocs serve`, and in the SQLite file across runs."""

    def __init__(self, cache: SeedCache, name: str) -> None:
        self._cache, self._name = cache, name

    def get(self, key: str) -> object | None:
        remembered = self._cache._memos.get(self._name)
        if remembered is not None:
            return remembered[1] if remembered[0] == key else None
        if self._cache._db is None:
            return None
        try:
            row = self._cache._db.execute("SELECT value FROM memo WHERE name = ? AND key = ?",
                                          (self._name, key)).fetchone()
            return pickle.loads(row[0]) if row else None
        except Exception:  # noqa: BLE001 - a damaged entry is recomputed
            return None

    def __setitem__(self, key: str, value: object) -> None:
        if self._cache._keep_in_memory:
            self._cache._memos[self._name] = (key, value)
        if self._cache._db is not None:
            try:
                with self._cache._db:
                    self._cache._db.execute("INSERT OR REPLACE INTO memo VALUES (?, ?, ?)",
                                            (self._name, key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)))
            except sqlite3.Error:
                pass


def _processed(name: str, data: bytes, rules: Rules) -> tuple[_Cached, bytes, dict[str, float]]:
    """Read, clean and analyse one seed: its result, pickled for the cache, and its time by stage."""
    from .article import make_article  # the parsers are loaded only when a seed is not in the cache
    from .read import read_seed

    before = timing.totals()
    try:
        with stage("reading"):
            raw, problems = read_seed(name, data, rules.important_keys, rules.header_keys)
        if raw is None:
            result: _Cached = (None, tuple(problems))
        else:
            article, more = make_article(raw, rules)
            result = (article, tuple(problems + more))
    except Exception as exc:  # noqa: BLE001 - one bad seed must never stop the build
        result = (None, (Problem(name, f"could not be processed ({type(exc).__name__}: {exc}); skipped"),))
    spent = {name: seconds - before.get(name, 0.0) for name, seconds in timing.totals().items()}
    return result, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL), spent


_worker_rules: Rules | None = None


def _start_worker(rules_pickle: bytes) -> None:
    global _worker_rules
    _worker_rules = pickle.loads(rules_pickle)


def _process_in_worker(item: tuple[str, bytes]) -> tuple[bytes, dict[str, float]]:
    assert _worker_rules is not None
    _, pickled, stages = _processed(item[0], item[1], _worker_rules)
    return pickled, stages  # only the pickle crosses back: the parent unpickles it once


def _process_many(items: list[tuple[str, str, bytes]], rules: Rules, cache: SeedCache
                  ) -> tuple[dict[str, _Cached], int]:
    """Results for (key, name, data) seeds the cache lacks: in worker processes when there are many.

    The workers' time is counted by stage in proportion to the CPU they spent in each,
    scaled to the wall time the build waited, so the stage totals stay wall time.
    """
    results: dict[str, _Cached] = {}
    workers = min(os.cpu_count() or 1, 8)
    used = 0
    if len(items) >= PARALLEL_FROM and workers > 1:
        started = time.perf_counter()
        spent: dict[str, float] = {}
        try:
            # spawn, not fork: MkDocs (and `mkdocs serve`) may be running threads; the workers import
            # this package by name, so the folder holding it must be on their path
            hooks_dir = str(Path(__file__).resolve().parent.parent)
            if hooks_dir not in sys.path:
                sys.path.insert(0, hooks_dir)  # first: an installed package of the same name must not win
            context = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker,
                                     initargs=(pickle.dumps(rules),)) as pool:
                chunk = max(1, min(64, len(items) // (workers * 8)))
                for (key, _, _), (pickled, stages) in zip(items, pool.map(_process_in_worker,
                                                                           [(n, d) for _, n, d in items],
                                                                           chunksize=chunk)):
                    results[key] = pickle.loads(pickled)
                    cache.store(key, results[key], pickled)
                    for name, seconds in stages.items():
                        spent[name] = spent.get(name, 0.0) + seconds
            used = workers
        except Exception as exc:  # noqa: BLE001 - workers unavailable (a sandbox, a broken pool): do the rest here
            log.warning(f"archive: worker processes failed ({type(exc).__name__}: {exc}); "
                        "processing the seeds in one process")
        wall, cpu = time.perf_counter() - started, sum(spent.values())
        for name, seconds in spent.items():
            timing.add(name, wall * seconds / cpu if cpu else 0.0)
    for key, name, data in items:
        if key not in results:
            results[key], pickled, _ = _processed(name, data, rules)  # its stages count in this process
            cache.store(key, results[key], pickled)
    return results, used


def seed_files(seed_dir: Path) -> list[tuple[str, str, bool]]:
    """Every file under seeds/, as (name relative to seeds/, path, is a symbolic link), in a stable order.

    Symbolic links are listed (the build reports and skips them) but never followed. os.scandir
    knows each entry's type without a stat call: a tenth of a second less at 10,000 seeds.
    """
    if not seed_dir.is_dir():
        return []
    found = []
    folders = [(str(seed_dir), "")]
    while folders:
        folder, prefix = folders.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.is_symlink():
                found.append((prefix + entry.name, entry.path, True))
            elif entry.is_file(follow_symlinks=False):
                found.append((prefix + entry.name, entry.path, False))
            elif entry.is_dir(follow_symlinks=False):
                folders.append((entry.path, f"{prefix}{entry.name}/"))
    return sorted(found)


@contextmanager
def _collector_paused():
    """Unpickling the cached articles and building the pages make about a million objects that
    live until MkDocs is done, and hardly any reference cycles: the cyclic collector walking them
    again and again was a tenth of the hooks' time at 10,000 articles. Cleaning seeds is never
    done inside: parsed pages are cycles, and they must be collected as they go."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _read(path: str) -> bytes:
    with open(path, "rb") as file:
        return file.read()


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def build(seed_dir: Path, rules: Rules, *, site_name: str, site_url: str = "", reserved: set[str] = frozenset(),
          cache: SeedCache | None = None) -> BuildResult:
    cache = cache or SeedCache()
    articles: list[Article] = []
    problems: list[Problem] = []
    skipped: dict[str, tuple[Problem, ...]] = {}
    ignored: list[str] = []
    readable: list[tuple[str, str, str, bytes | None]] = []  # (cache key, name, path, bytes if read), in seed order
    known, states = cache.file_states(), {}
    with stage("reading"):
        for name, path, is_link in seed_files(seed_dir):
            if is_ignored(name):
                ignored.append(name)
                continue
            if is_link:  # it could point anywhere on the machine: never read through it
                problem = Problem(name, "is a symbolic link; skipped (copy the file into seeds/ instead)")
                problems.append(problem)
                skipped[name] = (problem,)
                continue
            data = None
            try:
                status = os.stat(path)
                digest = _known_digest(known.get(name), status)
                if digest is None:
                    data = _read(path)
                    digest = _digest(data)
            except OSError as exc:
                problem = Problem(name, f"cannot be read ({exc.strerror}); skipped")
                problems.append(problem)
                skipped[name] = (problem,)
                continue
            states[name] = FileState.of(status, digest) if data is not None else known[name]
            readable.append((SeedCache.key(name, digest, rules), name, path, data))
        with _collector_paused():
            results = cache.lookup([key for key, _, _, _ in readable])
        todo = []  # seeds the cache lacks, with their bytes
        for index, (key, name, path, data) in enumerate(readable):
            if key in results:
                continue
            if data is None:  # trusted by its stat but not in the cache: read it now, keyed by what was read
                try:
                    data = _read(path)
                except OSError as exc:
                    results[key] = (None, (Problem(name, f"cannot be read ({exc.strerror}); skipped"),))
                    continue
                digest = _digest(data)
                key = SeedCache.key(name, digest, rules)
                readable[index] = (key, name, path, data)
                states[name] = states[name]._replace(digest=digest)
            todo.append((key, name, data))
    cache.remember_files(states)
    new, workers = _process_many(todo, rules, cache)
    results.update(new)
    for key, name, _, _ in readable:
        article, seed_problems = results[key]
        problems.extend(seed_problems)
        if article is None:
            skipped[name] = seed_problems
        else:
            articles.append(article)
    cache.keep_only({key for key, _, _, _ in readable})

    with _collector_paused():
        reserved = set(reserved) | set(NAV_PAGES)
        places = frozenset(e.slug for e in rules.taxonomy.entities if e.kind == "place")
        with stage("archive"):
            archive, archive_problems = assemble(articles, reserved, places, memo=cache.memo("related"))
        problems.extend(archive_problems)
        by_seed: dict[str, list[Problem]] = {}
        for problem in problems:
            by_seed.setdefault(problem.seed, []).append(problem)
        outcomes = [updated(o, problems=tuple(by_seed.get(o.seed, ()))) for o in archive.outcomes]
        outcomes += [Outcome(name, "skipped", None, ps) for name, ps in skipped.items()]
        archive = Archive(archive.articles, tuple(sorted(outcomes, key=lambda o: o.seed)))

        with stage("page generation"):
            result = _generate(archive, rules, site_name, site_url, problems, ignored)
    return replace(result, processed=len(new), workers=workers, cached=len(readable) - len(new))


def _generate(archive: Archive, rules: Rules, site_name: str, site_url: str, problems: list[Problem],
              ignored: list[str]) -> BuildResult:
    pages = all_pages(archive, rules.taxonomy, site_name, rules.money.rates_source)
    build_report = report.report_data(archive.outcomes, ignored)
    pages.append(GeneratedPage("build-report/index.md", "构建报告", report.report_html(build_report, "../"),
                               {"title": "构建报告", "hide": ["toc"], "search": {"exclude": True}}))
    figure_records = investments.records(investments.rows(archive.articles), rules.taxonomy)
    downloads = {
        "articles.json": articles_json(archive),
        "investments.csv": investments.figures_csv(figure_records),
        "investments.json": investments.figures_json(figure_records, rules.money.rates_source),
        "build-report.json": report.report_json(build_report),
        "feed.xml": feeds.rss(archive.articles, title=site_name, description=f"{site_name}：最新文章",
                              site_url=site_url, feed_path="feed.xml"),
    }
    for topic in rules.taxonomy.topics:
        members = [a for a in archive.articles if any(hit.slug == topic.slug for hit in a.topics)]
        # at the site root: Material fetches "sitemap.xml" beside every rel=alternate link's URL
        path = f"feed-{topic.slug}.xml"
        downloads[path] = feeds.rss(members, title=f"{site_name}：{topic.name_zh} {topic.name_en}",
                                    description=f"专题“{topic.name_zh}”的最新文章", site_url=site_url,
                                    feed_path=path, page_path=f"topics/{topic.slug}/")
    return BuildResult(archive, tuple(pages), downloads, tuple(problems))
