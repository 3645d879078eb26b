"""Stage 4: articles -> the archive: duplicates merged, stable URLs, newest first.

An article's URL is `articles/<year>/<month>/<slug>-<id>/`: the slug comes from the
title, the id from the article's identity (its original URL, or else its seed's file
name). Neither depends on the body or on the other seeds, so URLs stay put when a
body is edited or seeds come and go; two articles with the same title and date still
get different ids. A front matter `slug:` gives `articles/<slug>/` instead.

Once published, an article keeps its URL (`published`: the last build's, from published-urls.json):
editing its title or text leaves the URL alone. Only a corrected date, original URL or `slug:` moves
it, and then every URL it had redirects to the new one.
"""
from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from ..model import Article, Outcome, Problem, updated
from ..seed.metadata import article_identity, title_slug
from .related import RelatedState, method_digest, related_state

_SLUG_OVERRIDE = re.compile(r"^[^\W_][\w-]{0,99}$")
_RESERVED_SLUGS = {"index", "readme"}
_DERIVED = re.compile(r"articles/(?:\d{4}/\d{2}|undated)/")  # a URL the title and date made, not a slug:  # MkDocs publishes articles/index.md at articles/ itself


@dataclass(frozen=True)
class PublishedUrl:
    """Where an article is published, kept from build to build so that its URL stays put."""

    seed: str  # the seed published (of several copies, the one shown)
    identity: str  # its original URL, normalised, else "seed:" and the seed's name
    url: str
    former: tuple[str, ...] = ()  # the URLs it had before, sorted: each redirects to `url`


@dataclass(frozen=True)
class Archive:
    articles: tuple[Article, ...]  # newest first; undated last
    outcomes: tuple[Outcome, ...]  # one per seed, in seed-name order
    published: tuple[PublishedUrl, ...] = ()  # one per article, in seed-name order
    redirects: tuple[tuple[str, str], ...] = ()  # (old URL, the article's URL now), sorted


def identity(article: Article) -> str:
    """What makes two seeds the same article: the normalised original URL, else the file
    (worked out with the article in the seed stage; computed here for articles made elsewhere)."""
    return article.identity or article_identity(article.original_url, article.seed)


def _folder(article: Article) -> str:
    return f"articles/{article.date:%Y/%m}/" if article.date else "articles/undated/"


def _derived_url(article: Article, digest: str) -> str:
    slug = article.title_slug if article.title_slug is not None else title_slug(article.title)
    return f"{_folder(article)}{slug + '-' if slug else ''}{digest}/"


def _unique_urls(unique: list[tuple[str, Article]], held: dict[str, str]) -> dict[str, str]:
    """Each identity's URL, distinct from every other's: the one it `held` (by identity), else derived.

    A 6-character id is plenty; the derived URLs that would share a URL all take 6 more characters,
    again until none do. That depends only on the set of identities and held URLs, never on the
    seeds' order; distinct identities have distinct SHA-1 digests, so it ends by the digest's 40
    characters. Held URLs are distinct (published-urls.json is read so), so they never move.
    """
    digests = {key: hashlib.sha1(key.encode()).hexdigest() for key, _ in unique}
    lengths = dict.fromkeys(digests, 6)
    while True:
        urls = {key: held.get(key) or _derived_url(article, digests[key][:lengths[key]]) for key, article in unique}
        holders: dict[str, list[str]] = defaultdict(list)
        for key, url in urls.items():
            holders[url].append(key)
        clashing = [key for keys in holders.values() if len(keys) > 1 for key in keys if key not in held]
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


def _last_places(unique: list[tuple[str, Article]], groups: dict[str, list[Article]],
                 published: Sequence[PublishedUrl]) -> dict[str, PublishedUrl]:
    """Each article's entry of the last build, by identity, else (its original URL was corrected) by
    the name of one of its seeds; an entry goes to one article only."""
    by_identity = {entry.identity: entry for entry in published}
    found = {key: by_identity[key] for key, _ in unique if key in by_identity}
    used = set(found.values())
    by_seed = {entry.seed: entry for entry in published if entry not in used}
    for key, _ in sorted(unique, key=lambda item: item[1].seed):
        entry = next((by_seed[a.seed] for a in sorted(groups[key], key=lambda a: a.seed) if a.seed in by_seed), None)
        if key not in found and entry is not None and entry not in used:
            found[key] = entry
            used.add(entry)
    return found


def _why_moved(entry: PublishedUrl, key: str, article: Article, url: str) -> str:
    if entry.identity != key:
        return "its original URL changed"
    if not url.startswith(_folder(article)) or not _DERIVED.match(entry.url):
        return "its slug: changed"  # set, changed or taken away
    if not entry.url.startswith(_folder(article)):
        return "its date changed"
    return "a hand-written page took its URL"


def assemble(articles: list[Article], reserved: set[str], places: frozenset[str] = frozenset(),
             memo: Memo | dict[str, object] | None = None,
             published: Sequence[PublishedUrl] = ()) -> tuple[Archive, list[Problem]]:
    """Merge duplicates, give each article its URL, find related articles.

    `reserved` holds site paths already taken; `places` the entity slugs of countries; `memo`
    (a mapping kept between builds) holds the last build's related articles, which this one updates;
    `published` where the last build published each article (published-urls.json).
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
            # merged as designed: the build report lists it, --strict does not fail on it
            problem = Problem(other.seed, f"has the same original URL as seeds/{group[0].seed}, which is published; "
                                          "this copy is not", level="info")
            problems.append(problem)
            outcomes[other.seed] = Outcome(other.seed, "merged", None, (problem,))

    last = _last_places(unique, groups, published)
    # A title or text edit keeps the URL; a corrected date or original URL does not (it is in the URL).
    held = {key: entry.url for key, article in unique if (entry := last.get(key)) is not None
            and entry.identity == key and entry.url.startswith(_folder(article))
            and not _hand_written(entry.url, reserved)}
    urls = _unique_urls(unique, held)
    taken = set(reserved) | {u.rstrip("/") + ".md" for u in urls.values()}
    placed: list[Article] = []
    now_published: list[PublishedUrl] = []
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
        entry = last.get(key)
        former = ({entry.url, *entry.former} - {url}) if entry is not None else set()
        now_published.append(PublishedUrl(article.seed, key, url, tuple(sorted(former))))
        if entry is not None and entry.url != url:
            problems.append(Problem(article.seed, f"its URL moved from {entry.url} to {url} "
                                                  f"({_why_moved(entry, key, article, url)}); the old URL redirects "
                                                  "to the new one", "info"))
        hand_written = _hand_written(url, reserved)
        shown_instead: tuple[Problem, ...] = ()
        if hand_written:  # the hand-written page wins (README); the report must not claim the article's page shows
            shown_instead = (Problem(article.seed, f"docs/{hand_written} is hand-written at this article's URL {url} "
                                                   "and is shown instead of the article"),)
            problems.extend(shown_instead)
        outcomes[article.seed] = Outcome(article.seed, "published", url, shown_instead)

    # A former URL redirects unless a page is there now (an article's, or a hand-written one).
    current = {article.url for article in placed}
    redirects: dict[str, str] = {}
    for entry in now_published:
        for old in entry.former:
            if old not in current and not _hand_written(old, reserved):
                redirects.setdefault(old, entry.url)  # two articles that had one URL: the first seed's

    placed.sort(key=sort_key)
    key = method_digest(places) if memo is not None else ""
    previous = memo.get(key) if memo is not None else None
    state = related_state(tuple(placed), places, previous if isinstance(previous, RelatedState) else None)
    if memo is not None and state != previous:
        memo[key] = state
    placed = [updated(article, related=urls) for article, urls in zip(placed, state.related, strict=True)]
    return Archive(tuple(placed), tuple(outcomes[name] for name in sorted(outcomes)), tuple(now_published),
                   tuple(sorted(redirects.items()))), problems
