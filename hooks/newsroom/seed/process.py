"""One seed, end to end in the seed stage, in two steps the build calls with errors contained:

    draft_seed    its bytes and the rules -> a Draft (read, metadata, content blocks, their prints);
                  a seed no source's template can change (an article's own HTML, a page of no known
                  source) is finished at once, from the blocks at hand
    finish_seed   a Draft and its source's template -> its Article (cleaned, analysed)

What happens here depends on the seed's bytes, the rules, the code of `seed/`, `config/` and the
modules beside them, and (for the second step) the part of its source's template the seed shows,
and nothing else, which is what makes both results cacheable (`build/cache.py`).
"""
from __future__ import annotations

import pickle
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, TypeVar

from .. import timing
from ..config.rules import Rules
from ..model import Article, Problem
from ..timing import stage

if TYPE_CHECKING:
    from .article import Draft

SeedResult = tuple[Article | None, tuple[Problem, ...]]


@dataclass(frozen=True)
class Drafted:
    """The first step's result: the draft to finish once its source's template is known, or (when no
    template can change it, or it is no article) its result already."""

    draft: Draft | None
    finished: SeedResult | None = None

    def __post_init__(self) -> None:
        if (self.draft is None) == (self.finished is None):
            raise ValueError("a Drafted holds a draft to finish or a result, one of the two")


_Result = TypeVar("_Result", Drafted, SeedResult)


def process_seed(name: str, data: bytes, rules: Rules) -> SeedResult:
    """Read, clean and analyse one seed on its own (no template of its source): its Article (or None)
    and the problems found."""
    drafted = draft_seed(name, data, rules)[0]
    if drafted.draft is None:
        assert drafted.finished is not None  # one of the two, always
        return drafted.finished
    return finish_seed(name, drafted.draft, frozenset(), rules)[0]


def prepare() -> None:
    """Load ahead what the first seed that is not in the cache needs: the parsers, jieba's dictionary and
    its part-of-speech tagger (over a second together). `mkdocs serve` calls it, in a thread, once its
    first build is done, so that a seed dropped into seeds/ is not the one to wait for them."""
    from ..config.chinese_words import tagger
    from .article import finish_article  # noqa: F401 - the import is the point: the parsers' modules

    tagger()  # and the tokenizer under it


def draft_seed(name: str, data: bytes, rules: Rules) -> tuple[Drafted, bytes, dict[str, float]]:
    """One seed read into a Draft, pickled for the cache, and its time by stage."""
    from .article import finish_article, make_draft  # the parsers are loaded only when a seed is not in the cache
    from .read import read_seed

    def draft() -> Drafted:
        with stage("reading"):
            raw, problems = read_seed(name, data, rules.important_keys, rules.header_keys)
        if raw is None:
            return Drafted(None, (None, tuple(problems)))
        made, blocks = make_draft(raw, rules)
        made = replace(made, problems=(*problems, *made.problems))  # the draft carries them to its result
        if made.prints.source is not None:
            return Drafted(made)
        article, more = finish_article(made, frozenset(), rules, blocks)
        return Drafted(None, (article, tuple(more)))

    return _contained(name, draft, lambda failed: Drafted(None, failed))


def finish_seed(name: str, draft: Draft, template: frozenset[str], rules: Rules
                ) -> tuple[SeedResult, bytes, dict[str, float]]:
    """A Draft cleaned without its source's `template` and analysed: its result, pickled, and its time by stage."""
    from .article import finish_article

    def finish() -> SeedResult:
        article, problems = finish_article(draft, template, rules)
        return article, tuple(problems)

    return _contained(name, finish, lambda failed: failed)


def _contained(name: str, step: Callable[[], _Result], failure: Callable[[SeedResult], _Result]
               ) -> tuple[_Result, bytes, dict[str, float]]:
    before = timing.totals()
    try:
        result = step()
    except Exception as exc:  # noqa: BLE001 - one bad seed must never stop the build
        result = failure((None, (Problem(name, f"could not be processed ({type(exc).__name__}: {exc}); skipped"),)))
    spent = {stage_name: seconds - before.get(stage_name, 0.0) for stage_name, seconds in timing.totals().items()}
    return result, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL), spent
