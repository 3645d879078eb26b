"""A source's template: the blocks its articles repeat, learned from the whole archive.

A site's menu, logo line, slogan, "follow us" prompt, disclaimer and footer are the same, word for
word or nearly, in every article it publishes; an article's own text is not. So a block (by its
fingerprint, seed/blocks.py) that several distinct articles of one source show is the site's frame
and is taken out of all of them (seed/passes.py `drop_source_template`), the first article of a
source included once a second arrives. Only that counts: no phrase of any site is known here.

How much repetition makes a template: a short block (a line of a menu, a slogan, a banner's image)
in two articles; a block of prose (a disclaimer, an "about us" paragraph) in three and in a twentieth
of the source's articles, since articles quote each other and a big source's columns open with the
same paragraph. Copies of one article count once: seeds with one title, and seeds that share nearly all
of their paragraphs (the same story saved twice under two headlines).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

from ..model import SeedPrints

SHORT_REPEATS = 2  # distinct articles that must show a short block for it to be the source's frame
PROSE_REPEATS = 3  # for a block of prose (fingerprints marked "p")
PROSE_SHARE = 0.05  # and a twentieth of the source's articles: a big source's columns share standard paragraphs
EXAMPLES = 5  # of a template, shown in the build report
COPY_SHARE = 0.8  # of the paragraphs of each of two seeds, that they share for them to be one article
COPY_TITLES = 2  # headlines one story may be saved under; more that share their paragraphs share a frame
COPIES_LOOKED_AT = 5  # a paragraph more seeds show is a frame's or a quote's, never the sign of a copy


@dataclass(frozen=True)
class SourceTemplate:
    """What one source's articles repeat."""

    source: str
    articles: int  # distinct articles (titles) of the source
    prints: frozenset[str]  # fingerprints of the repeated blocks
    examples: tuple[str, ...]  # some of their texts, most repeated first


def learn_templates(seeds: Iterable[SeedPrints]) -> dict[str, SourceTemplate]:
    """Each source's template, from the prints of all its seeds; sources that repeat nothing are left out.
    The result depends on the set of seeds only, not on their order."""
    by_source: dict[str, list[SeedPrints]] = defaultdict(list)
    for seed in seeds:
        if seed.source is not None:
            by_source[seed.source].append(seed)
    templates = {}
    for source, members in by_source.items():
        members.sort(key=lambda seed: (seed.article, seed.prints))
        article = _articles(members)
        shown_by: dict[str, set[int]] = defaultdict(set)
        samples: dict[str, str] = {}
        for index, seed in enumerate(members):
            for block_print, sample in zip(seed.prints, seed.samples, strict=True):
                shown_by[block_print].add(article[index])
                samples[block_print] = min(samples.get(block_print, sample), sample)
        articles = len(set(article))
        prose_repeats = max(PROSE_REPEATS, PROSE_SHARE * articles)
        repeated = {block_print: len(shown) for block_print, shown in shown_by.items()
                    if len(shown) >= (prose_repeats if block_print.startswith("p") else SHORT_REPEATS)}
        if repeated:
            ranked = sorted(repeated, key=lambda p: (-repeated[p], samples[p]))
            examples = tuple(dict.fromkeys(samples[p] for p in ranked if samples[p]))[:EXAMPLES]
            templates[source] = SourceTemplate(source, articles, frozenset(repeated), examples)
    return templates


def _articles(members: list[SeedPrints]) -> list[int]:
    """Which article each seed of a source is, as an index: seeds with one title are one article, and
    so are seeds that share nearly all their rarer paragraphs (one story saved twice, its headline
    edited): their paragraphs are not the site's frame. Only paragraphs at most COPIES_LOOKED_AT
    seeds show are compared, so a source of thousands costs no pair of every two seeds. Nearly all
    the paragraphs of both: a short post shares most of its own with another by their footer alone."""
    parent = list(range(len(members)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    def join(first: int, second: int) -> None:
        parent[max(root(first), root(second))] = min(root(first), root(second))

    first_with_title: dict[str, int] = {}
    holders: dict[str, list[int]] = defaultdict(list)
    for index, seed in enumerate(members):
        join(index, first_with_title.setdefault(seed.article, index))
        for block_print in seed.prints:
            if block_print.startswith("p"):
                holders[block_print].append(index)
    shared: Counter[tuple[int, int]] = Counter()
    for indexes in holders.values():
        if 2 <= len(indexes) <= COPIES_LOOKED_AT:
            shared.update(combinations(indexes, 2))
    prose = [sum(1 for block_print in seed.prints if block_print.startswith("p")) for seed in members]
    by_title = [root(index) for index in range(len(members))]
    for (first, second), count in shared.items():
        if count >= 2 and count >= COPY_SHARE * max(prose[first], prose[second]):
            join(first, second)
    # more headlines than a story is saved under share all they hold: that is the site's frame, and the
    # scrapes missed their articles (a page of only a menu and a tagline, saved for each of them)
    titles: dict[int, set[int]] = defaultdict(set)
    for index in range(len(members)):
        titles[root(index)].add(by_title[index])
    return [root(index) if len(titles[root(index)]) <= COPY_TITLES else by_title[index] for index in range(len(members))]


def template_of(seed: SeedPrints, templates: dict[str, SourceTemplate]) -> frozenset[str]:
    """The part of its source's template one seed shows: all its cleaning needs, and what its cache key digests."""
    template = templates.get(seed.source) if seed.source is not None else None
    if template is None:
        return frozenset()
    return frozenset(block_print for block_print in seed.prints if block_print in template.prints)
