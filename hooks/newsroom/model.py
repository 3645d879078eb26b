"""The values that flow between stages: frozen, so a stage can never edit its input."""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any, Literal

BodyFormat = Literal["html", "page", "markdown", "text"]


# Links between pages are written against the site root and made relative per page when it is rendered.
ROOT_MARK = "@@root@@/"

@dataclass(frozen=True)
class TopicHit:
    """An article's place in one topic: how strongly, how often, and where."""

    slug: str
    score: float
    mentions: int
    excerpt: str


@dataclass(frozen=True)
class Problem:
    """Something wrong with one seed, worth telling the maintainer."""

    seed: str
    message: str
    # "warning" fails `mkdocs build --strict`; "info" is only logged.
    level: Literal["warning", "info"] = "warning"

    def __str__(self) -> str:
        return f"seeds/{self.seed}: {self.message}"


@dataclass(frozen=True)
class RawSeed:
    """A seed file decoded and split, before any interpretation."""

    name: str  # path relative to seeds/, with forward slashes
    meta: dict[str, Any]  # front matter, keys lower-cased
    body: str
    body_format: BodyFormat
    encoding: str


@dataclass(frozen=True)
class Figure:
    """One amount of money found in an article, normalised."""

    value: float  # in units of `currency`; the low end of a range
    currency: str  # ISO 4217
    qualifier: str | None  # "about", "over", "up to", "at least", "range" or None
    usd: float | None  # approximate US dollars (data/rates.yml), None for a currency without a rate
    text: str  # as written
    sentence: str
    kind: str  # "pledge or investment", "government budget", "fund size", "acquisition", "valuation",
    # "loan or debt", "other"
    actor: str | None = None  # entity slug of who pays or pledges
    target: str | None = None  # entity slug of who or what receives it
    value_high: float | None = None  # the high end of a range
    usd_high: float | None = None
    anchor: str = ""  # id of the place in the article's page where it stands


@dataclass(frozen=True)
class PageParts:
    """An article page's own HTML around its body (article_page.py), links against ROOT_MARK."""

    head: str  # <article>, title, metadata list, cover, up to the body
    tail: str  # after the body: attribution, </article>
    extras: str  # its figures and the entities it mentions


@dataclass(frozen=True)
class Article:
    """One cleaned article, ready to be placed in the archive."""

    seed: str
    title: str
    date: dt.date | None
    source: str | None
    author: str | None
    original_url: str | None
    language: str
    summary: str
    body_html: str
    attribution: str | None = None
    image: str | None = None
    slug: str | None = None  # a maintainer's override from front matter
    topics: tuple[TopicHit, ...] = ()  # strongest first
    entities: tuple[str, ...] = ()  # entity slugs, most mentioned first
    figures: tuple[Figure, ...] = ()  # amounts of money, in order of appearance
    url: str = ""  # site-relative, set by the archive stage ("articles/2024/12/x/")
    related: tuple[str, ...] = ()  # URLs of related articles, best first, set by the archive stage
    page: PageParts | None = None  # its page's own parts, made with it in the seed stage
    identity: str = ""  # what makes two seeds the same article (metadata.article_identity), set with it
    title_slug: str | None = None  # the title part of its URL (metadata.title_slug), set with it

    @property
    def path(self) -> str:
        """The generated Markdown file's path inside the docs tree."""
        return self.url.rstrip("/") + ".md"


@dataclass(frozen=True)
class Outcome:
    """What happened to one seed: published at a URL, merged into another, or skipped."""

    seed: str
    status: Literal["published", "merged", "skipped"]  # hidden and temporary files are not seeds
    url: str | None = None
    problems: tuple[Problem, ...] = field(default_factory=tuple)


def updated(item: Any, **changes: Any) -> Any:
    """A copy of a frozen dataclass with some fields changed: dataclasses.replace without re-running
    __init__, which made it a tenth of the archive stage at 10,000 articles."""
    if not changes.keys() <= item.__dataclass_fields__.keys():
        raise TypeError(f"{type(item).__name__} has no field {sorted(changes.keys() - item.__dataclass_fields__.keys())}")
    copy = object.__new__(type(item))
    copy.__dict__.update(item.__dict__)
    copy.__dict__.update(changes)
    return copy


_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True)  # one encoder: json.dumps makes one per call


def json_text(value: Any) -> str:
    """JSON for the downloads: keys sorted, one record per line in lists.

    Readable and diffable like `indent=`, but written by json's C encoder (`indent=` falls back
    to the pure-Python one, which took a second for the files of 10,000 articles).
    """
    compact = _JSON.encode

    if isinstance(value, list):
        return "[\n" + ",\n".join(compact(item) for item in value) + "\n]\n" if value else "[]\n"
    if isinstance(value, dict):
        fields = [f"{compact(str(key))}: {json_text(value[key]).rstrip() if isinstance(value[key], list) else compact(value[key])}"
                  for key in sorted(value)]
        return "{\n" + ",\n".join(fields) + "\n}\n" if fields else "{}\n"
    return compact(value) + "\n"


class LazyPattern:
    """A regular expression compiled on first use, pickled as its source.

    A build that reads no new seed then compiles none of the cleaning rules' and the money
    grammar's patterns (30 ms a build, unpickling the rules) nor the readers' module constants.
    After the first use the pattern's methods are plain attributes: no lookup cost per call.
    """

    _METHODS = ("search", "match", "fullmatch", "sub", "subn", "split", "finditer", "findall")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern, self.flags = pattern, flags

    def compiled(self) -> re.Pattern[str]:
        compiled = re.compile(self.pattern, self.flags)
        for name in self._METHODS:
            setattr(self, name, getattr(compiled, name))
        return compiled

    def __getattr__(self, name: str) -> Any:  # only for what is not set yet: the first call
        if name.startswith("__") or name in ("pattern", "flags"):
            raise AttributeError(name)
        return getattr(self.compiled(), name)

    def __getstate__(self) -> tuple[str, int]:
        return self.pattern, self.flags

    def __setstate__(self, state: tuple[str, int]) -> None:
        self.pattern, self.flags = state

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LazyPattern) and (self.pattern, self.flags) == (other.pattern, other.flags)

    def __hash__(self) -> int:
        return hash((self.pattern, self.flags))

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r})"


def lazy_compile(pattern: str, flags: int = 0) -> LazyPattern:
    """`re.compile`, checked now (a bad pattern fails here), compiled again where first used."""
    re.compile(pattern, flags)
    return LazyPattern(pattern, flags)


@dataclass(frozen=True)
class MoneyRules:
    """The compiled grammar and the exchange-rate table."""

    pattern: LazyPattern
    currency_hint: LazyPattern  # a cheap test: a sentence without any currency word holds no figure
    prefix_currency: dict[str, str]
    suffix_currency: dict[str, str]
    scales: dict[str, float]
    qualifier_of: dict[str, str]
    needs_scale: frozenset[str]
    kinds: tuple[tuple[str, tuple[str, ...]], ...]
    target_markers: LazyPattern
    actor_markers: LazyPattern
    rates: dict[str, dict[int, float]]
    rates_source: str
    rate_words: LazyPattern
    bare_yuan: tuple[tuple[str, tuple[str, ...]], ...]

    def usd(self, value: float, currency: str, year: int | None) -> float | None:
        if currency == "USD":
            return value
        table = self.rates.get(currency)
        if not table:
            return None
        years = sorted(table)
        year = min(max(year or years[-1], years[0]), years[-1])
        return value / table[year]
