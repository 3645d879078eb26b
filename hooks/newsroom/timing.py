"""Where the hooks' time goes, by stage: a process-wide stopwatch the benchmark reads.

`with stage("cleaning"): ...` adds the block's wall time to that stage. Cheap enough to
leave on: a perf_counter call at each end.
"""
from __future__ import annotations

import time
from collections import defaultdict
from contextlib import contextmanager
from typing import Iterator

STAGES = ("reading", "cleaning", "topics", "links", "figures", "archive", "page generation", "search index")
_totals: dict[str, float] = defaultdict(float)


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


def totals() -> dict[str, float]:
    return {name: round(_totals.get(name, 0.0), 4) for name in STAGES} | {
        name: round(value, 4) for name, value in _totals.items() if name not in STAGES}
