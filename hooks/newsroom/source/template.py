"""A source's template: the blocks its articles repeat, learned from the whole archive.

A site's menu, logo line, slogan, "follow us" prompt, disclaimer and footer are the same, word for
word or nearly, in every article it publishes; an article's own text is not. So a block (by its
fingerprint, seed/blocks.py) that several distinct articles of one source show is the site's frame
and is taken out of all of them (seed/passes.py `drop_source_template`), the first article of a
source included once a second arrives. Only that counts: no phrase of any site is known here.

How much repetition makes a template: a short block (a line of a menu, a slogan, a banner's image)
in two articles; a block of prose (a disclaimer, an "about us" paragraph) in three and in a twentieth
of the source's articles, since articles quote each other and a big source's columns open with the
same paragraph. Copies of one article (one title) count once.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ..model import SeedPrints

SHORT_REPEATS = 2  # distinct articles that must show a short block for it to be the source's frame
PROSE_REPEATS = 3  # for a block of prose (fingerprints marked "p")
PROSE_SHARE = 0.05  # and a twentieth of the source's articles: a big source's columns share standard paragraphs
EXAMPLES = 5  # of a template, shown in the build report


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
    articles: dict[str, set[str]] = defaultdict(set)
    shown_by: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))  # source -> print -> articles
    samples: dict[tuple[str, str], str] = {}
    for seed in seeds:
        if seed.source is None:
            continue
        articles[seed.source].add(seed.article)
        prints = shown_by[seed.source]
        for block_print, sample in zip(seed.prints, seed.samples, strict=True):
            prints[block_print].add(seed.article)
            key = (seed.source, block_print)
            samples[key] = min(samples.get(key, sample), sample)  # the same sample whatever the seeds' order
    templates = {}
    for source, prints in shown_by.items():
        prose_repeats = max(PROSE_REPEATS, PROSE_SHARE * len(articles[source]))
        repeated = {block_print: len(shown) for block_print, shown in prints.items()
                    if len(shown) >= (prose_repeats if block_print.startswith("p") else SHORT_REPEATS)}
        if repeated:
            ranked = sorted(repeated, key=lambda p: (-repeated[p], samples[(source, p)]))
            examples = tuple(dict.fromkeys(samples[(source, p)] for p in ranked if samples[(source, p)]))[:EXAMPLES]
            templates[source] = SourceTemplate(source, len(articles[source]), frozenset(repeated), examples)
    return templates


def template_of(seed: SeedPrints, templates: dict[str, SourceTemplate]) -> frozenset[str]:
    """The part of its source's template one seed shows: all its cleaning needs, and what its cache key digests."""
    template = templates.get(seed.source) if seed.source is not None else None
    if template is None:
        return frozenset()
    return frozenset(block_print for block_print in seed.prints if block_print in template.prints)
