"""Stage 4: articles -> the archive: duplicates merged, stable URLs, newest first.

An article's URL is `articles/<year>/<month>/<slug>-<id>/`: the slug comes from the
title, the id from the article's identity (its original URL, or else its seed's file
name). Neither depends on the body or on the other seeds, so URLs stay put when a
body is edited or seeds come and go; two articles with the same title and date still
get different ids. A front matter `slug:` gives `articles/<slug>/` instead.
"""
from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Protocol

from ..model import Article, Outcome, Problem, updated
from ..seed.metadata import article_identity, title_slug
from .related import RelatedState, method_digest, related_state

_SLUG_OVERRIDE = re.compile(r"^[^\W_][\w-]{0,99}$")
_RESERVED_SLUGS = {"index", "readme"}  # MkDocs publishes articles/index.md at articles/ itself


@dataclass(frozen=True)
class Archive:
    articles: tuple[Article, ...]  # newest first; undated last
    outcomes: tuple[Outcome, ...]  # one per seed, in seed-name order


def identity(article: Article) -> str:
    """What makes two seeds the same article: the normalised original URL, else the file
    (worked out with the article in the seed stage; computed here for articles made elsewhere)."""
    return article.identity or article_identity(article.original_url, article.seed)


def _derived_url(article: Article, digest: str) -> str:
    slug = article.title_slug if article.title_slug is not None else title_slug(article.title)
    folder = f"{article.date:%Y/%m}" if article.date else "undated"
    return f"articles/{folder}/{slug + '-' if slug else ''}{digest}/"


def _unique_urls(unique: list[tuple[str, Article]]) -> dict[str, str]:
    """Each identity's derived URL, distinct from every other's.

    A 6-character id is plenty; the articles that would share a URL all take 6 more characters,
    again until none do. That depends only on the set of identities, never on the seeds' order;
    distinct identities have distinct SHA-1 digests, so it ends by the digest's 40 characters.
    """
    digests = {key: hashlib.sha1(key.encode()).hexdigest() for key, _ in unique}
    lengths = dict.fromkeys(digests, 6)
    while True:
        urls = {key: _derived_url(article, digests[key][:lengths[key]]) for key, article in unique}
        holders: dict[str, list[str]] = defaultdict(list)
        for key, url in urls.items():
            holders[url].append(key)
        clashing = [key for keys in holders.values() if len(keys) > 1 for key in keys]
        if not clashing:
            return urls
        for key in clashing:
            lengths[key] += 6


def _hand_written(url: str, reserved: set[str]) -> str | None:
    """The docs/ page that MkDocs publishes at `url` instead of a generated one, if there is one."""
    stem = url.rstrip("/")
    return next((path for path in (stem + ".md", stem + "/index.md") if path in reserved), None)


def sort_key(article: Article) -> tuple:
    """Newest first, undated last, then by title and URL so the order never depends on the disk."""
    return (article.date is None, -(article.date.toordinal() if article.date else 0), article.title, article.url)


def _preference(article: Article) -> tuple:
    # Of two copies of one article, publish the dated, longer one; then the first file.
    return (article.date is None, -len(article.body_html), article.seed)


class Memo(Protocol):
    """A remembered value of an earlier build, by a digest of its inputs (build/cache.py's memo)."""

    def get(self, key: str) -> object | None: ...

    def __setitem__(self, key: str, value: object) -> None: ...


def assemble(articles: list[Article], reserved: set[str], places: frozenset[str] = frozenset(),
             memo: Memo | dict[str, object] | None = None) -> tuple[Archive, list[Problem]]:
    """Merge duplicates, give each article its URL, find related articles.

    `reserved` holds site paths already taken; `places` the entity slugs of countries; `memo`
    (a mapping kept between builds) holds the last build's related articles, which this one updates.
    """
    problems: list[Problem] = []
    outcomes: dict[str, Outcome] = {}

    groups: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        groups[identity(article)].append(article)
    unique: list[tuple[str, Article]] = []
    for key, group in groups.items():
        group.sort(key=_preference)
        unique.append((key, group[0]))
        for other in group[1:]:
            problem = Problem(other.seed, f"has the same original URL as seeds/{group[0].seed}, which is published; "
                                          "this copy is not")
            problems.append(problem)
            outcomes[other.seed] = Outcome(other.seed, "merged", None, (problem,))

    urls = _unique_urls(unique)
    taken = set(reserved) | {u.rstrip("/") + ".md" for u in urls.values()}
    placed: list[Article] = []
    for key, article in sorted(unique, key=lambda item: item[1].seed):
        url = urls[key]
        if article.slug:
            wanted = f"articles/{article.slug}/"
            if not _SLUG_OVERRIDE.match(article.slug) or article.slug.lower() in _RESERVED_SLUGS:
                problems.append(Problem(article.seed, f"slug {article.slug!r} may only hold letters, digits, "
                                                      f"'-' and '_' (and not be index or README); using {url} instead"))
            elif _hand_written(wanted, taken):
                problems.append(Problem(article.seed, f"slug {article.slug!r} would take the path of another page; "
                                                      f"using {url} instead"))
            else:
                url = wanted
                taken.add(wanted.rstrip("/") + ".md")
        placed.append(updated(article, url=url))
        hand_written = _hand_written(url, reserved)
        shown_instead: tuple[Problem, ...] = ()
        if hand_written:  # the hand-written page wins (README); the report must not claim the article's page shows
            shown_instead = (Problem(article.seed, f"docs/{hand_written} is hand-written at this article's URL {url} "
                                                   "and is shown instead of the article"),)
            problems.extend(shown_instead)
        outcomes[article.seed] = Outcome(article.seed, "published", url, shown_instead)

    placed.sort(key=sort_key)
    key = method_digest(places) if memo is not None else ""
    previous = memo.get(key) if memo is not None else None
    state = related_state(tuple(placed), places, previous if isinstance(previous, RelatedState) else None)
    if memo is not None and state != previous:
        memo[key] = state
    placed = [updated(article, related=urls) for article, urls in zip(placed, state.related, strict=True)]
    return Archive(tuple(placed), tuple(outcomes[name] for name in sorted(outcomes))), problems
