"""Where the hooks' time goes, by stage: a process-wide stopwatch the benchmark reads.

`with stage("cleaning"): ...` adds the block's wall time to that stage. Cheap enough to
leave on: a perf_counter call at each end. enter_hook/leave_hook bracket each MkDocs event the
hooks handle, so "other" is the rest of the hooks' own time: loading the package and rules,
handing pages to MkDocs, bookkeeping.
"""
from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager

STAGES = ("reading", "cleaning", "topics", "links", "figures", "archive", "page generation", "search index", "other")
_totals: dict[str, float] = defaultdict(float)
_in_hooks = [0.0]  # seconds inside the hooks' event handlers, in total
_open_hooks: list[float] = []  # start times of the handlers running now (totals() counts them so far)


def enter_hook() -> float:
    """An event handler starts (a plain call, not a context manager: it runs 20,000 times a build)."""
    start = time.perf_counter()
    _open_hooks.append(start)
    return start


def leave_hook(start: float) -> None:
    _open_hooks.pop()
    if not _open_hooks:
        _in_hooks[0] += time.perf_counter() - start


def add_hook_time(seconds: float) -> None:
    _in_hooks[0] += seconds


@contextmanager
def stage(name: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        _totals[name] += time.perf_counter() - start


def add(name: str, seconds: float) -> None:
    _totals[name] += seconds


def reset() -> None:
    _totals.clear()
    _in_hooks[0] = 0.0


def totals() -> dict[str, float]:
    named = {name: value for name, value in _totals.items() if name != "other"}
    in_hooks = _in_hooks[0] + (time.perf_counter() - _open_hooks[0] if _open_hooks else 0.0)
    other = max(0.0, in_hooks - sum(named.values())) if in_hooks else _totals.get("other", 0.0)
    return {name: round(named.get(name, 0.0), 4) for name in STAGES if name != "other"} | {
        name: round(value, 4) for name, value in named.items() if name not in STAGES} | {"other": round(other, 4)}
