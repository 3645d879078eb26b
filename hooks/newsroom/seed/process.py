"""One seed, end to end in the seed stage, in two steps the build calls with errors contained:

    draft_seed    its bytes and the rules -> a Draft (read, metadata, content blocks, their prints)
    finish_seed   a Draft and its source's template -> its Article (cleaned, analysed)

What happens here depends on the seed's bytes, the rules, the code of `seed/`, `config/` and the
modules beside them, and (for the second step) the part of its source's template the seed shows,
and nothing else, which is what makes both results cacheable (`build/cache.py`).
"""
from __future__ import annotations

import pickle
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, TypeVar

from .. import timing
from ..config.rules import Rules
from ..model import Article, Problem
from ..timing import stage

if TYPE_CHECKING:
    from .article import Draft

SeedResult = tuple[Article | None, tuple[Problem, ...]]
DraftResult = tuple["Draft | None", tuple[Problem, ...]]
_Result = TypeVar("_Result", DraftResult, SeedResult)


def process_seed(name: str, data: bytes, rules: Rules) -> SeedResult:
    """Read, clean and analyse one seed on its own (no template of its source): its Article (or None)
    and the problems found."""
    draft, problems = draft_seed(name, data, rules)[0]
    if draft is None:
        return None, problems
    return finish_seed(name, draft, frozenset(), rules)[0]


def draft_seed(name: str, data: bytes, rules: Rules) -> tuple[DraftResult, bytes, dict[str, float]]:
    """One seed read into a Draft (None: it cannot be published), pickled for the cache, and its time by stage."""
    from .article import make_draft  # the parsers are loaded only when a seed is not in the cache
    from .read import read_seed

    def draft() -> DraftResult:
        with stage("reading"):
            raw, problems = read_seed(name, data, rules.important_keys, rules.header_keys)
        if raw is None:
            return None, tuple(problems)
        made = make_draft(raw, rules)
        return replace(made, problems=(*problems, *made.problems)), ()  # the draft carries them to its result

    return _contained(name, draft)


def finish_seed(name: str, draft: Draft, template: frozenset[str], rules: Rules
                ) -> tuple[SeedResult, bytes, dict[str, float]]:
    """A Draft cleaned without its source's `template` and analysed: its result, pickled, and its time by stage."""
    from .article import finish_article

    def finish() -> SeedResult:
        article, problems = finish_article(draft, template, rules)
        return article, tuple(problems)

    return _contained(name, finish)


def _contained(name: str, step: Callable[[], _Result]) -> tuple[_Result, bytes, dict[str, float]]:
    before = timing.totals()
    try:
        result = step()
    except Exception as exc:  # noqa: BLE001 - one bad seed must never stop the build
        result = (None, (Problem(name, f"could not be processed ({type(exc).__name__}: {exc}); skipped"),))
    spent = {stage_name: seconds - before.get(stage_name, 0.0) for stage_name, seconds in timing.totals().items()}
    return result, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL), spent
