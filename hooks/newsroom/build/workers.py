"""The seed stage's two steps for the seeds the cache lacks, in worker processes, one per core, when
there are many: `Workers.drafts` (bytes -> Draft) and `Workers.finished` (Draft + template -> Article).
One pool serves both steps of a build.

A few new seeds in a large archive go to a `ReadyWorker` instead: one process the build starts as it
begins, which loads the parsers and jieba (1.5 s in a new process; the seed's own work is about 0.2 s)
on the other core while the build reads its cache (issue 17, item 3)."""
from __future__ import annotations

import functools
import logging
import multiprocessing
import multiprocessing.connection
import os
import pickle
import sys
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, ProcessPoolExecutor
from pathlib import Path
from types import TracebackType
from typing import Any

from .. import timing
from ..config import chinese_words
from ..config.rules import Rules
from ..seed.process import Drafted, SeedResult, draft_seed, finish_seed, prepare
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


def _serve_ready(connection: Any, rules_pickle: bytes, build: int, dictionary_copy: Path | None) -> None:
    """A ready worker's life: load what a seed needs, then run each batch sent, until the build closes the pipe."""
    _start_worker(rules_pickle, build, dictionary_copy)
    prepare()
    while True:
        try:
            function, arguments = connection.recv()
        except EOFError:
            return
        try:
            connection.send((True, [function(argument) for argument in arguments]))
        except Exception as exc:  # noqa: BLE001 - the build reports it and does the batch itself
            connection.send((False, f"{type(exc).__name__}: {exc}"))


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


def _hooks_on_path() -> None:
    """Spawned workers import this package by name: the folder holding it must be on their path, first
    (an installed package of the same name must not win)."""
    hooks_dir = str(Path(__file__).resolve().parents[2])
    if hooks_dir not in sys.path:
        sys.path.insert(0, hooks_dir)


def worth_a_ready_worker(seed_dir: Path) -> bool:
    """Whether a build of `seed_dir` starts a ReadyWorker: on a machine of two cores or more, when the folder
    holds PARALLEL_FROM entries or more (a smaller archive builds in about a second, before the worker would
    be ready)."""
    if (os.cpu_count() or 1) < 2:  # on one core its loading would slow the build down
        return False
    try:
        with os.scandir(seed_dir) as entries:
            return any(index + 1 >= PARALLEL_FROM for index, _ in enumerate(entries))
    except OSError:
        return False


class ReadyWorker:
    """One worker process, started as a build begins (`mkdocs build`: hooks' on_config) to load the parsers
    and jieba while the build reads its cache, for the few seeds that are new or edited: a build after one
    new seed at 10,000 articles then waits for that seed's own work, not for the loading (issue 17, item 3).
    Killed once the seed stage is done, whatever it is doing: a build with no new seed does not wait for it.

    A process and a pipe, not a pool: a pool's process cannot be killed mid-load, and a process pool whose
    worker dies hangs (multiprocessing.Pool) or cannot be ended at once (ProcessPoolExecutor)."""

    def __init__(self, rules: Rules) -> None:
        _hooks_on_path()
        context = multiprocessing.get_context("spawn")  # not fork: MkDocs may be running threads
        self._connection, theirs = context.Pipe()
        self._process = context.Process(target=_serve_ready, name="newsroom-ready-worker", daemon=True,
                                        args=(theirs, pickle.dumps(rules), os.getpid(), chinese_words.copy_folder()))
        self._process.start()
        theirs.close()
        self._closed = False

    def begin(self, function: Callable[[Any], Any], arguments: list[Any]) -> Callable[[], list[Any]]:
        """Send `function` over `arguments` to the worker; the function returned waits for the results, in
        order (RuntimeError when the worker failed or has ended). The build goes on meanwhile: the sending
        too, in a thread (a batch larger than the pipe holds waits until the worker has loaded and reads)."""
        sending = threading.Thread(target=self._send, args=((function, arguments),), name="newsroom-send", daemon=True)
        sending.start()
        return functools.partial(self._results, sending)

    def _send(self, message: Any) -> None:
        try:
            self._connection.send(message)
        except OSError:  # a closed pipe: the process is gone (the results say so)
            pass

    def _results(self, sending: threading.Thread) -> list[Any]:
        try:
            while sending.is_alive():  # sent, or the worker is gone
                sending.join(0.1)
                if not self._process.is_alive():
                    break
            multiprocessing.connection.wait([self._connection, self._process.sentinel])
            done, results = self._connection.recv() if self._connection.poll() else (False, None)
        except (OSError, EOFError):  # a closed pipe: the process is gone
            done, results = False, None
        if results is None:
            self._process.join(1)
            raise RuntimeError(f"the worker process ended (exit code {self._process.exitcode})")
        if not done:
            raise RuntimeError(results)
        return results

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._process.is_alive():
            self._process.kill()
        self._process.join()
        self._process.close()
        self._connection.close()


def ready_worker(rules: Rules) -> ReadyWorker | None:
    """A ReadyWorker, or None where no process can be started (a sandbox): an info line, since the new
    seeds are then processed in this process, as they were before there was such a worker."""
    try:
        return ReadyWorker(rules)
    except Exception as exc:  # noqa: BLE001 - the seeds are then processed in this process
        log.info(f"archive: no worker process could be readied ({type(exc).__name__}: {exc}); "
                 "new seeds are processed in this one")
        return None


class Workers:
    """Worker processes, started when a step first has PARALLEL_FROM seeds or more to do, and kept
    for the build's other step; a step with fewer goes to the ReadyWorker, if the build started one, or is
    done in this process. Results go into the cache as they come back.

    The workers' time is counted by stage in proportion to the CPU they spent in each, scaled to the
    wall time the build waited, so the stage totals stay wall time."""

    def __init__(self, rules: Rules, cache: SeedCache, ready: ReadyWorker | None = None) -> None:
        self._rules, self._cache, self._ready = rules, cache, ready
        self._pool: Executor | None = None
        self._failed = False
        self.used = 0  # worker processes started (0: all in this process)

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        if self._pool is not None:
            self._pool.shutdown()
        if self._ready is not None:  # its work is done with the seed stage's: the other core is free again
            self._ready.close()

    def drafts(self, items: list[tuple[str, str, bytes]]) -> dict[str, Drafted]:
        """(key, name, bytes) -> each seed's draft, by key."""
        return self.drafts_begun(items)()

    def drafts_begun(self, items: list[tuple[str, str, bytes]]) -> Callable[[], dict[str, Drafted]]:
        """`drafts`, begun: the function returned waits for them. In worker processes the seeds are drafted
        while this process does other work (pipeline: the results no template can change, from the cache)."""
        return self._begin(items, _draft_in_worker, [(name, data) for _, name, data in items],
                           lambda item: draft_seed(item[1], item[2], self._rules), memory=False)

    def finished(self, items: list[tuple[str, str, Any, frozenset[str]]]) -> dict[str, SeedResult]:
        """(key, name, draft, template) -> each seed's result, by key."""
        return self._begin(items, _finish_in_worker, [(name, draft, template) for _, name, draft, template in items],
                           lambda item: finish_seed(item[1], item[2], item[3], self._rules), memory=True)()

    def _begin(self, items: list[Any], in_worker: Callable[[Any], tuple[bytes, dict[str, float]]],
               arguments: list[Any], here: Callable[[Any], tuple[Any, bytes, dict[str, float]]],
               memory: bool) -> Callable[[], dict[str, Any]]:
        run = self._runner(len(items))
        outputs = None
        outputs_from_ready = self._ready is not None and run == self._ready.begin
        if run is not None:
            try:
                outputs = run(in_worker, arguments)
            except Exception as exc:  # noqa: BLE001 - no pool after all: do them here
                self._broken(exc, ready=outputs_from_ready)

        def finish() -> dict[str, Any]:
            results: dict[str, Any] = {}
            if outputs is not None:
                started = time.perf_counter()  # the wait, not the work done meanwhile
                spent: dict[str, float] = {}
                try:
                    for item, (pickled, stages) in zip(items, outputs(), strict=True):
                        results[item[0]] = pickle.loads(pickled)
                        self._cache.store(item[0], results[item[0]], pickled, memory=memory)
                        for name, seconds in stages.items():
                            spent[name] = spent.get(name, 0.0) + seconds
                except Exception as exc:  # noqa: BLE001 - a broken pool: do the rest here
                    self._broken(exc, ready=outputs_from_ready)
                wall, cpu = time.perf_counter() - started, sum(spent.values())
                for name, seconds in spent.items():
                    timing.add(name, wall * seconds / cpu if cpu else 0.0)
            for item in items:
                if item[0] not in results:
                    results[item[0]], pickled, _ = here(item)  # its stages count in this process
                    self._cache.store(item[0], results[item[0]], pickled, memory=memory)
            return results
        return finish

    def _broken(self, exc: Exception, ready: bool) -> None:
        """Workers that failed: the rest is done here, nothing lost. The pool's failure is a warning (a first
        build's thousands of seeds take twice as long); the ready worker's, with a few seeds, an info line."""
        (log.info if ready else log.warning)(f"archive: worker processes failed ({type(exc).__name__}: {exc}); "
                                             "processing the seeds in one process")
        self._failed, self.used = True, 0

    def _runner(self, count: int) -> Callable[[Callable[[Any], Any], list[Any]], Callable[[], Iterable[Any]]] | None:
        """How `count` seeds are run: in the pool, in the ready worker, or (None) in this process. The
        runner begins the work and gives the function that waits for its results."""
        if count >= PARALLEL_FROM and (pool := self._started()) is not None:
            chunk = max(1, min(64, count // (self.used * 8)))

            def in_pool(function: Callable[[Any], Any], arguments: list[Any]) -> Callable[[], Iterable[Any]]:
                results = pool.map(function, arguments, chunksize=chunk)  # submitted now, collected in order
                return lambda: results
            return in_pool
        if count and self._ready is not None and not self._failed:
            return self._ready.begin
        return None

    def _started(self) -> Executor | None:
        workers = min(os.cpu_count() or 1, 8)
        if self._pool is None and not self._failed and workers > 1:
            if self._ready is not None:  # the pool takes every core
                self._ready.close()
                self._ready = None
            try:
                # spawn, not fork: MkDocs (and `mkdocs serve`) may be running threads
                _hooks_on_path()
                self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                                 initializer=_start_worker,
                                                 initargs=(pickle.dumps(self._rules), os.getpid(), chinese_words.copy_folder()))
                self.used = workers
            except Exception as exc:  # noqa: BLE001 - workers unavailable (a sandbox): do it all here
                self._broken(exc, ready=False)
        return None if self._failed else self._pool
