"""Topics and entities from `data/topics.yml` and `data/entities.yml`, and the alias matcher.

Latin-script aliases match whole words (so "AI" is not found in "said", "MAIN" or
"OpenAI"), Chinese aliases match as substrings, an alias with a capital letter matches
only as written ("Arm" the company, not every "arm"), lowercase ones in any case and
with a plural "s". pyahocorasick finds the aliases; the word-edge and overlap rules on
top are ours: overlapping aliases ("人工智能" inside "超级人工智能") count once, the longest.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import ahocorasick

if TYPE_CHECKING:
    from .schema import EntitiesFile, Entity, Topic, TopicsFile

_LATIN = re.compile(r"[A-Za-z0-9]")

@dataclass(frozen=True)
class Term:
    """A topic or an entity: something with a page, a name in two languages and aliases."""

    slug: str
    name_zh: str
    name_en: str
    aliases: tuple[str, ...]
    kind: str = "topic"

    @property
    def label(self) -> str:
        return self.name_zh if self.name_zh == self.name_en else f"{self.name_zh} {self.name_en}"


_WORD = re.compile(r"[A-Za-z0-9_]")
_WHITESPACE = {ord(c): " " for c in "\t\n\r\f\v\u3000\xa0\u2002\u2003\u2009"}
_ODD_SPACE = re.compile("[\t\n\r\f\v\u3000\xa0\u2002\u2003\u2009]")
_ASCII_LOWER = {code: code + 32 for code in range(ord("A"), ord("Z") + 1)}  # same length, unlike str.lower()


class Matcher:
    """Finds every alias of a vocabulary in a text; each match says which term it is.

    Aho-Corasick automata (pyahocorasick) find all aliases in one pass, however many
    there are: one for aliases matched as written, one for lowercase aliases matched on
    the text with ASCII letters lowercased (plurals added). Word edges are checked after,
    and of overlapping matches the leftmost, then longest, wins.
    """

    def __init__(self, terms: tuple[Term, ...]) -> None:
        self._exact = ahocorasick.Automaton()
        self._folded = ahocorasick.Automaton()
        for term in terms:
            for alias in term.aliases:
                key = alias.translate(_WHITESPACE)
                edges = (bool(_WORD.match(key[0])), bool(_WORD.match(key[-1])))
                if key == key.lower() and _LATIN.search(key):
                    for form in (key, key + "s", key + "es") if edges[1] else (key,):
                        if form not in self._folded:
                            self._folded.add_word(form, (term, len(form), edges))
                elif key not in self._exact:
                    self._exact.add_word(key, (term, len(key), edges))
        for automaton in (self._exact, self._folded):
            if len(automaton):
                automaton.make_automaton()

    def finditer(self, text: str) -> Iterator[tuple[Term, int, int]]:
        spaced = text.translate(_WHITESPACE) if _ODD_SPACE.search(text) else text
        folded = spaced.lower()  # fast; where it changes the length ("İ" -> "i̇"), positions need ASCII-only folding
        if len(folded) != len(spaced):
            folded = spaced.translate(_ASCII_LOWER)
        candidates = []
        for automaton, haystack in ((self._exact, spaced), (self._folded, folded)):
            if not len(automaton):
                continue
            for last, (term, length, (word_start, word_end)) in automaton.iter(haystack):
                start, end = last - length + 1, last + 1
                if word_start and start > 0 and _WORD.match(spaced[start - 1]):
                    continue
                if word_end and end < len(spaced) and _WORD.match(spaced[end]):
                    continue
                candidates.append((start, -length, term))
        candidates.sort(key=lambda c: (c[0], c[1], c[2].slug))
        cursor = 0
        for start, negative_length, term in candidates:
            if start >= cursor:
                cursor = start - negative_length
                yield term, start, cursor


@dataclass(frozen=True)
class Taxonomy:
    topics: tuple[Term, ...]
    entities: tuple[Term, ...]
    threshold: float
    title_weight: float
    # made from the terms, not compared: two taxonomies with the same terms are equal
    topic_matcher: Matcher = field(init=False, repr=False, compare=False)
    entity_matcher: Matcher = field(init=False, repr=False, compare=False)
    _topics: dict[str, Term] = field(init=False, repr=False, compare=False)
    _entities: dict[str, Term] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "topic_matcher", Matcher(self.topics))
        object.__setattr__(self, "entity_matcher", Matcher(self.entities))
        object.__setattr__(self, "_topics", {t.slug: t for t in self.topics})
        object.__setattr__(self, "_entities", {e.slug: e for e in self.entities})

    def topic(self, slug: str) -> Term:
        return self._topics[slug]

    def entity(self, slug: str) -> Term:
        return self._entities[slug]


def _term(item: Topic | Entity, kind: str, aliases: list[str]) -> Term:
    return Term(item.slug, item.name.zh, item.name.en, tuple(dict.fromkeys(aliases)), kind)


def taxonomy_from(topics: TopicsFile, entities: EntitiesFile) -> Taxonomy:
    """The taxonomy of the checked topics.yml and entities.yml."""
    return Taxonomy(tuple(_term(t, "topic", [*t.aliases.zh, *t.aliases.en]) for t in topics.topics),
                    tuple(_term(e, e.kind, e.aliases) for e in entities.entities),
                    topics.threshold, topics.title_weight)


def build_taxonomy(topics_data: Any, entities_data: Any) -> Taxonomy:
    """The taxonomy of topics.yml's and entities.yml's parsed YAML; RulesError names every problem."""
    from .schema import EntitiesFile, TopicsFile, check_file

    return taxonomy_from(check_file(TopicsFile, topics_data), check_file(EntitiesFile, entities_data))
