"""Seeds the cache lacks, processed in worker processes, one per core, when there are many."""
from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .. import timing
from ..config.rules import Rules
from ..seed.process import SeedResult, process_pickled
from .cache import SeedCache

log = logging.getLogger("mkdocs.plugins.archive")  # MkDocs shows it (and counts it under --strict)

PARALLEL_FROM = 64  # new seeds below this are processed in this process: starting workers costs ~0.5 s

_worker_rules: Rules | None = None


def _start_worker(rules_pickle: bytes) -> None:
    global _worker_rules
    _worker_rules = pickle.loads(rules_pickle)


def _process_in_worker(item: tuple[str, bytes]) -> tuple[bytes, dict[str, float]]:
    assert _worker_rules is not None
    _, pickled, stages = process_pickled(item[0], item[1], _worker_rules)
    return pickled, stages  # only the pickle crosses back: the parent unpickles it once


def process_many(items: list[tuple[str, str, bytes]], rules: Rules, cache: SeedCache
                  ) -> tuple[dict[str, SeedResult], int]:
    """Results for (key, name, data) seeds the cache lacks: in worker processes when there are many.

    The workers' time is counted by stage in proportion to the CPU they spent in each,
    scaled to the wall time the build waited, so the stage totals stay wall time.
    """
    results: dict[str, SeedResult] = {}
    workers = min(os.cpu_count() or 1, 8)
    used = 0
    if len(items) >= PARALLEL_FROM and workers > 1:
        started = time.perf_counter()
        spent: dict[str, float] = {}
        try:
            # spawn, not fork: MkDocs (and `mkdocs serve`) may be running threads; the workers import
            # this package by name, so the folder holding it must be on their path
            hooks_dir = str(Path(__file__).resolve().parents[2])
            if hooks_dir not in sys.path:
                sys.path.insert(0, hooks_dir)  # first: an installed package of the same name must not win
            context = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker,
                                     initargs=(pickle.dumps(rules),)) as pool:
                chunk = max(1, min(64, len(items) // (workers * 8)))
                for (key, _, _), (pickled, stages) in zip(items, pool.map(_process_in_worker,
                                                                           [(n, d) for _, n, d in items],
                                                                           chunksize=chunk), strict=True):
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
            results[key], pickled, _ = process_pickled(name, data, rules)  # its stages count in this process
            cache.store(key, results[key], pickled)
    return results, used


