"""The seed stage's two steps for the seeds the cache lacks, in worker processes, one per core, when
there are many: `Workers.drafts` (bytes -> Draft) and `Workers.finished` (Draft + template -> Article).
One pool serves both steps of a build."""
from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from pathlib import Path
from types import TracebackType
from typing import Any

from .. import timing
from ..config import chinese_words
from ..config.rules import Rules
from ..seed.process import Drafted, SeedResult, draft_seed, finish_seed
from .cache import SeedCache

log = logging.getLogger("mkdocs.plugins.archive")  # MkDocs shows it (and counts it under --strict)

PARALLEL_FROM = 64  # new seeds below this are processed in this process: starting workers costs ~0.5 s

_worker_rules: Rules | None = None


def _start_worker(rules_pickle: bytes, build: int, dictionary_copy: Path | None) -> None:
    global _worker_rules
    threading.Thread(target=_end_with, args=(build,), name="end-with-build", daemon=True).start()
    _worker_rules = pickle.loads(rules_pickle)
    if dictionary_copy is not None:  # a first build's workers write jieba's quick copy for the builds after it
        chinese_words.keep_copy_in(dictionary_copy)


def _end_with(build: int) -> None:
    """End this worker once the build process `build` is gone. A build killed outright (kill -9) never
    shuts its pool down, and the workers would wait on its queue for ever: every worker holds the
    queue's writing end too, so it never closes. Its parent changes when the build dies (the orphan
    is adopted), on every POSIX system."""
    while os.getppid() == build:
        time.sleep(0.5)
    os._exit(1)


def _draft_in_worker(item: tuple[str, bytes]) -> tuple[bytes, dict[str, float]]:
    assert _worker_rules is not None
    _, pickled, stages = draft_seed(item[0], item[1], _worker_rules)
    return pickled, stages  # only the pickle crosses back: the parent unpickles it once


def _finish_in_worker(item: tuple[str, Any, frozenset[str]]) -> tuple[bytes, dict[str, float]]:
    assert _worker_rules is not None
    _, pickled, stages = finish_seed(item[0], item[1], item[2], _worker_rules)
    return pickled, stages


class Workers:
    """Worker processes, started when a step first has PARALLEL_FROM seeds or more to do, and kept
    for the build's other step. Results go into the cache as they come back.

    The workers' time is counted by stage in proportion to the CPU they spent in each, scaled to the
    wall time the build waited, so the stage totals stay wall time."""

    def __init__(self, rules: Rules, cache: SeedCache) -> None:
        self._rules, self._cache = rules, cache
        self._pool: Executor | None = None
        self._failed = False
        self.used = 0  # worker processes started (0: all in this process)

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        if self._pool is not None:
            self._pool.shutdown()

    def drafts(self, items: list[tuple[str, str, bytes]]) -> dict[str, Drafted]:
        """(key, name, bytes) -> each seed's draft, by key."""
        return self._run(items, _draft_in_worker, [(name, data) for _, name, data in items],
                         lambda item: draft_seed(item[1], item[2], self._rules), memory=False)

    def finished(self, items: list[tuple[str, str, Any, frozenset[str]]]) -> dict[str, SeedResult]:
        """(key, name, draft, template) -> each seed's result, by key."""
        return self._run(items, _finish_in_worker, [(name, draft, template) for _, name, draft, template in items],
                         lambda item: finish_seed(item[1], item[2], item[3], self._rules), memory=True)

    def _run(self, items: list[Any], in_worker: Callable[[Any], tuple[bytes, dict[str, float]]], arguments: list[Any],
             here: Callable[[Any], tuple[Any, bytes, dict[str, float]]], memory: bool) -> dict[str, Any]:
        results: dict[str, Any] = {}
        pool = self._started() if len(items) >= PARALLEL_FROM else None
        if pool is not None:
            started = time.perf_counter()
            spent: dict[str, float] = {}
            try:
                chunk = max(1, min(64, len(items) // (self.used * 8)))
                for item, (pickled, stages) in zip(items, pool.map(in_worker, arguments, chunksize=chunk), strict=True):
                    results[item[0]] = pickle.loads(pickled)
                    self._cache.store(item[0], results[item[0]], pickled, memory=memory)
                    for name, seconds in stages.items():
                        spent[name] = spent.get(name, 0.0) + seconds
            except Exception as exc:  # noqa: BLE001 - a broken pool: do the rest here
                log.warning(f"archive: worker processes failed ({type(exc).__name__}: {exc}); "
                            "processing the seeds in one process")
                self._failed, self.used = True, 0
            wall, cpu = time.perf_counter() - started, sum(spent.values())
            for name, seconds in spent.items():
                timing.add(name, wall * seconds / cpu if cpu else 0.0)
        for item in items:
            if item[0] not in results:
                results[item[0]], pickled, _ = here(item)  # its stages count in this process
                self._cache.store(item[0], results[item[0]], pickled, memory=memory)
        return results

    def _started(self) -> Executor | None:
        workers = min(os.cpu_count() or 1, 8)
        if self._pool is None and not self._failed and workers > 1:
            try:
                # spawn, not fork: MkDocs (and `mkdocs serve`) may be running threads; the workers import
                # this package by name, so the folder holding it must be on their path
                hooks_dir = str(Path(__file__).resolve().parents[2])
                if hooks_dir not in sys.path:
                    sys.path.insert(0, hooks_dir)  # first: an installed package of the same name must not win
                self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                                 initializer=_start_worker,
                                                 initargs=(pickle.dumps(self._rules), os.getpid(), chinese_words.copy_folder()))
                self.used = workers
            except Exception as exc:  # noqa: BLE001 - workers unavailable (a sandbox): do it all here
                log.warning(f"archive: worker processes failed ({type(exc).__name__}: {exc}); "
                            "processing the seeds in one process")
                self._failed = True
        return None if self._failed else self._pool
