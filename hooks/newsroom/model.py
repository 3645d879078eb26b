"""The values that flow between stages: frozen, so a stage can never edit its input."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

BodyFormat = Literal["html", "page", "markdown", "text"]
# The kinds of money put into something: what the investments table, its chart, its total and its
# downloads hold (site/investments.py), and the spending an article's budget lines are read against
# (seed/figures.py). A valuation is shown apart and outside the total; the rest is marked in its article only.
TABLE_KINDS = ("investment", "pledge", "acquisition", "funding round", "fund size", "government spending", "loan or debt")


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
class SeedPrints:
    """What the source stage learns a template from (source/template.py): one seed's content blocks
    as fingerprints (seed/blocks.py `fingerprint`), and which source and article they are of."""

    source: str | None  # its site's domain, or a publication on a shared site; None: it shares no template
    article: str  # what makes two seeds one article (its normalised title): copies count once
    prints: tuple[str, ...]  # each block's fingerprint, each once, in reading order
    samples: tuple[str, ...]  # each one's text, shortened: the build report's examples


@dataclass(frozen=True)
class Figure:
    """One amount of money found in an article, normalised."""

    value: float  # in units of `currency`; the low end of a range
    currency: str  # ISO 4217
    qualifier: str | None  # "about", "over", "up to", "at least", "range" or None
    usd: float | None  # approximate US dollars (data/rates.yml), None for a currency without a rate
    text: str  # as written
    sentence: str
    kind: str  # what the money is: one of schema.FigureKind ("investment", "pledge", … "not an investment")
    actor: str | None = None  # entity slug of who pays or pledges
    target: str | None = None  # entity slug of who or what receives it
    value_high: float | None = None  # the high end of a range
    usd_high: float | None = None
    anchor: str = ""  # id of the place in the article's page where it stands
    actor_name: str | None = None  # who pays as the sentence names it, where the gazetteer knows no `actor`
    target_name: str | None = None  # the same for who receives


@dataclass(frozen=True)
class PageParts:
    """An article page's own HTML around its body (article_page.py), links against ROOT_MARK."""

    head: str  # <article>, title, metadata list, cover, up to the body
    tail: str  # after the body: attribution, </article>
    extras: str  # its figures and the entities it mentions
    description: str = ""  # its <meta name="description">: the summary as a search result shows it


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
    page: PageParts | None = None  # its page's own parts, set by the build from site/article_page.py (cached apart from the seed)
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
