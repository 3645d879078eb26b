"""One seed, end to end in the seed stage: its bytes and the rules -> its Article (or None) and problems.

The only entry the build uses: what happens here depends on the seed's bytes, the rules and the
code of `seed/`, `config/` and the modules beside them, and nothing else, which is what makes
its result cacheable (`build/cache.py`).
"""
from __future__ import annotations

import pickle

from .. import timing
from ..config.rules import Rules
from ..model import Article, Problem
from ..timing import stage

SeedResult = tuple[Article | None, tuple[Problem, ...]]


def process_seed(name: str, data: bytes, rules: Rules) -> SeedResult:
    """Read, clean and analyse one seed: its Article (or None) and the problems found."""
    return process_pickled(name, data, rules)[0]


def process_pickled(name: str, data: bytes, rules: Rules) -> tuple[SeedResult, bytes, dict[str, float]]:
    """Read, clean and analyse one seed: its result, pickled for the cache, and its time by stage."""
    from .article import make_article  # the parsers are loaded only when a seed is not in the cache
    from .read import read_seed

    before = timing.totals()
    try:
        with stage("reading"):
            raw, problems = read_seed(name, data, rules.important_keys, rules.header_keys)
        if raw is None:
            result: SeedResult = (None, tuple(problems))
        else:
            article, more = make_article(raw, rules)
            result = (article, tuple(problems + more))
    except Exception as exc:  # noqa: BLE001 - one bad seed must never stop the build
        result = (None, (Problem(name, f"could not be processed ({type(exc).__name__}: {exc}); skipped"),))
    spent = {name: seconds - before.get(name, 0.0) for name, seconds in timing.totals().items()}
    return result, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL), spent

