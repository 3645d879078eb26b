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
from pathlib import Path
from collections import Counter, defaultdict

from .model import Article

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


def inputs_digest(articles: tuple[Article, ...], places: frozenset[str] = frozenset()) -> str:
    """A digest of everything related_urls reads: a rebuild with the same digest has the same result."""
    digest = hashlib.sha256(Path(__file__).read_bytes())  # the weights and the method
    for article in articles:
        features = ",".join(f"{feature}={weight}" for feature, weight in _features(article, places))
        digest.update(f"{article.url}|{article.date}|{features}\n".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def related_urls(articles: tuple[Article, ...], places: frozenset[str] = frozenset()) -> list[tuple[str, ...]]:
    """For articles in archive order, the URLs of each one's related articles, best first.

    `places` are the entity slugs that are countries or regions: they weigh PLACE_WEIGHT.
    """
    postings: dict[str, list[int]] = defaultdict(list)
    features = [_features(article, places) for article in articles]
    for index, feats in enumerate(features):
        for feature, _ in feats:
            postings[feature].append(index)  # ascending index = archive order

    result: list[tuple[str, ...]] = []
    for index, article in enumerate(articles):
        # Scores in half-points, counted by Counter.update (in C) once per half-point of weight: the
        # plain loop over up to 2 × WINDOW neighbours per feature was most of a cached build's time.
        halves: Counter[int] = Counter()
        for feature, weight in features[index]:
            posting = postings[feature]
            where = bisect.bisect_left(posting, index)
            window = posting[max(0, where - WINDOW): where + WINDOW + 1]
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
            if article.date and articles[other].date:
                days = abs((article.date - articles[other].date).days)
                score += TIME_WEIGHT / (1 + days / TIME_SCALE_DAYS)
            ranked.append((-score, days if days is not None else 10**6, articles[other].url))
        ranked.sort()
        result.append(tuple(url for _, _, url in ranked[:LIMIT]))
    return result
