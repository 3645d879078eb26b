"""Related articles through an inverted index: never every pair.

Each article's features are its topics (weight TOPIC_WEIGHT each) and its entities
(ENTITY_WEIGHT each, PLACE_WEIGHT for countries). For every feature, the articles that have it are kept in archive
order (newest first); an article looks only at the WINDOW nearest neighbours in time on
each of its features' lists, so the work is O(articles × features × WINDOW) however
large a topic grows. Closeness in time adds up to TIME_WEIGHT (same day) and fades over
about a month; undated articles get none.
"""
from __future__ import annotations

import bisect
import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model import Article

TOPIC_WEIGHT = 2.0
ENTITY_WEIGHT = 1.0
PLACE_WEIGHT = 0.5  # sharing "Japan" says less than sharing "Rapidus" (weights are counted in halves)
TIME_WEIGHT = 1.0
TIME_SCALE_DAYS = 30.0
WINDOW = 150
LIMIT = 5
MIN_SCORE = 2.0  # at least one shared topic, or two shared entities


def _features(article: Article, places: frozenset[str]) -> list[tuple[str, float]]:
    return ([("t:" + hit.slug, TOPIC_WEIGHT) for hit in article.topics]
            + [("e:" + slug, PLACE_WEIGHT if slug in places else ENTITY_WEIGHT) for slug in article.entities])


# What an article's related list is worked out from: its URL, date and weighted features, and
# its title, which with the date places it in archive order (and so on its features' lists).
Signature = tuple[str, Any, str, tuple[tuple[str, float], ...]]


@dataclass(frozen=True)
class RelatedState:
    """One build's related articles, kept to be updated by the next build rather than redone."""

    signatures: tuple[Signature, ...]  # in archive order
    related: tuple[tuple[str, ...], ...]  # each article's related URLs, best first


def method_digest(places: frozenset[str]) -> str:
    """A RelatedState is reused only with the same weights, method and places."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(",".join(sorted(places)).encode())
    return digest.hexdigest()


def related_urls(articles: tuple[Article, ...], places: frozenset[str] = frozenset()) -> list[tuple[str, ...]]:
    """For articles in archive order, the URLs of each one's related articles, best first.

    `places` are the entity slugs that are countries or regions: they weigh PLACE_WEIGHT.
    """
    return list(related_state(articles, places).related)


def related_state(articles: tuple[Article, ...], places: frozenset[str] = frozenset(),
                  previous: RelatedState | None = None) -> RelatedState:
    """related_urls, updating `previous` (the last build's state) where that is less work.

    An article's list depends only on the articles within WINDOW of it on its features'
    lists. A seed added, removed or edited changes those lists only around its own place,
    so only the articles near it there are ranked again; all others keep their lists.
    """
    features = [_features(article, places) for article in articles]
    signatures = tuple((article.url, article.date, article.title, tuple(feats))
                       for article, feats in zip(articles, features, strict=True))
    postings = _postings(features)
    todo: set[int] | range = range(len(articles))
    known: dict[Signature, tuple[str, ...]] = {}
    if previous is not None:
        known = dict(zip(previous.signatures, previous.related, strict=True))
        added = [index for index, signature in enumerate(signatures) if signature not in known]
        current = {signature: index for index, signature in enumerate(signatures)}
        removed = [index for index, signature in enumerate(previous.signatures) if signature not in current]
        if len(added) + len(removed) <= max(10, len(articles) // 10):  # beyond that, ranking all is as quick
            todo = set(added)
            for index in added:
                todo.update(_near(postings, features[index], index))
            if removed:
                old_features = [list(signature[3]) for signature in previous.signatures]
                old_postings = _postings(old_features)
                for old in removed:
                    for neighbour in _near(old_postings, old_features[old], old):
                        if previous.signatures[neighbour] in current:
                            todo.add(current[previous.signatures[neighbour]])
    related = tuple(_ranked(index, articles, features, postings) if index in todo else known[signatures[index]]
                    for index in range(len(articles)))
    return RelatedState(signatures, related)


def _postings(features: list[list[tuple[str, float]]]) -> dict[str, list[int]]:
    """For each feature, the indexes of the articles that have it, ascending (= archive order)."""
    postings: dict[str, list[int]] = defaultdict(list)
    for index, feats in enumerate(features):
        for feature, _ in feats:
            postings[feature].append(index)
    return postings


def _window(posting: list[int], index: int, reach: int) -> list[int]:
    """The articles up to `reach` places either side of `index` on one feature's list."""
    where = bisect.bisect_left(posting, index)
    return posting[max(0, where - reach): where + reach + 1]


def _near(postings: dict[str, list[int]], features: list[tuple[str, float]], index: int) -> list[int]:
    """The articles whose windows on these features reach `index`: WINDOW each side (and one more)."""
    found = []
    for feature, _ in features:
        found += _window(postings[feature], index, WINDOW + 1)
    return found


def _ranked(index: int, articles: tuple[Article, ...], features: list[list[tuple[str, float]]],
            postings: dict[str, list[int]]) -> tuple[str, ...]:
    """One article's related URLs, best first."""
    article = articles[index]
    # Scores in half-points, counted by Counter.update (in C) once per half-point of weight: the
    # plain loop over up to 2 × WINDOW neighbours per feature was most of a cached build's time.
    halves: Counter[int] = Counter()
    for feature, weight in features[index]:
        window = _window(postings[feature], index, WINDOW)
        for _ in range(round(weight * 2)):
            halves.update(window)
    halves.pop(index, None)
    ordered = halves.most_common()  # sorted in C; nearness in time adds at most TIME_WEIGHT, so
    cutoff = MIN_SCORE * 2          # nothing more than that below the LIMIT-th score can still place
    if len(ordered) > LIMIT:
        cutoff = max(cutoff, ordered[LIMIT - 1][1] - TIME_WEIGHT * 2)
    ranked = []
    for other, half_points in ordered:
        if half_points < cutoff:
            break
        score = half_points / 2
        days = None
        other_date = articles[other].date
        if article.date and other_date:
            days = abs((article.date - other_date).days)
            score += TIME_WEIGHT / (1 + days / TIME_SCALE_DAYS)
        ranked.append((-score, days if days is not None else 10**6, articles[other].url))
    ranked.sort()
    return tuple(url for _, _, url in ranked[:LIMIT])
