"""Topics and entities from `data/topics.yml` and `data/entities.yml`, and the alias matcher.

Latin-script aliases match whole words (so "AI" is not found in "said", "MAIN", "OpenAI"
or "Armée"), Chinese aliases as substrings, except that one or two characters must not sit
inside a longer word (东大 is not in 股东大会: jieba segments the text around them); an alias
with a capital letter matches only as written ("Arm" the company, not every "arm"),
lowercase ones in any case and with a plural "s". pyahocorasick finds the aliases; the
word-edge and overlap rules on top are ours: overlapping aliases ("人工智能" inside
"超级人工智能") count once, the longest.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import ahocorasick
import regex

from .chinese_words import segmenter

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


# a letter, digit or mark of a script that puts spaces between words: Latin, Greek, Cyrillic, … (not
# Chinese, Japanese, Korean with its particles, Thai, …, which glue words to a Latin name: 用AI, Arm의)
_WORD = regex.compile(r"[\w\p{M}--[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]]",
                      regex.V1)
_HAN = regex.compile(r"\p{Han}")
_SHORT_HAN = 2  # Chinese aliases of this many characters or fewer are checked against the words around them
_CONTEXT = 12  # Chinese characters a side segmented around such a match: enough for the longest words
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
                short = len(key) <= _SHORT_HAN and all(_HAN.match(c) for c in key)
                if key == key.lower() and _LATIN.search(key):
                    for form in (key, key + "s", key + "es") if edges[1] else (key,):
                        if form not in self._folded:
                            self._folded.add_word(form, (term, len(form), edges, short))
                elif key not in self._exact:
                    self._exact.add_word(key, (term, len(key), edges, short))
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
            for last, (term, length, (word_start, word_end), short) in automaton.iter(haystack):
                start, end = last - length + 1, last + 1
                if word_start and start > 0 and _WORD.match(spaced[start - 1]):
                    continue
                if word_end and end < len(spaced) and _WORD.match(spaced[end]):
                    continue
                if short and inside_a_word(spaced, start, end):
                    continue
                candidates.append((start, -length, term))
        candidates.sort(key=lambda c: (c[0], c[1], c[2].slug))
        cursor = 0
        for start, negative_length, term in candidates:
            if start >= cursor:
                cursor = start - negative_length
                yield term, start, cursor


def is_word_letter(character: str) -> bool:
    """Would this character, beside a Latin alias, make it part of a longer word ("Arm" in "Armée")?"""
    return bool(_WORD.match(character))


@functools.lru_cache(maxsize=4096)  # counting, excerpts and links see the same text around a match
def _spans(text: str, whole: bool = True) -> tuple[tuple[int, int], ...]:
    """Where jieba's words of `text` start and end; without `whole`, a word cut finer: its best
    segmentation that is not the word itself (股东大会 -> 股东/大会, 中国台湾地区 -> 中国/台湾地区)."""
    tokenizer = segmenter()
    graph = tokenizer.get_DAG(text)  # each position -> where the dictionary's words from there end
    if not whole:
        graph[0] = [last for last in graph[0] if last != len(text) - 1] or [0]
    route: dict[int, tuple[float, int]] = {}
    tokenizer.calc(text, graph, route)  # the most probable path, as jieba's own cut (without HMM) takes it
    spans, start = [], 0
    while start < len(text):
        end = route[start][1] + 1
        spans.append((start, end))
        start = end
    return tuple(spans)


def inside_a_word(text: str, start: int, end: int) -> bool:
    """Is the short Chinese match text[start:end] part of a longer word (东大 in 股东大会, 中国 in 发展中国家)?

    jieba segments up to _CONTEXT Chinese characters a side. A match that starts or ends a word is
    not inside one (中国 in 中国政府; 华为 in 对华/为, where jieba does not know the name). One
    that does neither is, unless it falls within a single word that, cut finer, has it as a word or
    at a word's start or end (国务院/台湾/事务/办公室, 南/中国海): 股东/大会 and 发展/中/国家 do not.
    """
    if start == 0 or end == len(text) or not _HAN.match(text[start - 1]) or not _HAN.match(text[end]):
        return False  # no Chinese on one side: a boundary, and no need to load the segmenter
    left = start
    while left > 0 and start - left < _CONTEXT and _HAN.match(text[left - 1]):
        left -= 1
    right = end
    while right < len(text) and right - end < _CONTEXT and _HAN.match(text[right]):
        right += 1
    window, start, end = text[left:right], start - left, end - left
    if not _crossed(window, start) or not _crossed(window, end):
        return False  # no word of the dictionary across an edge: a boundary whatever the segmentation
    spans = _spans(window)
    if any(s == start or e == end for s, e in spans):
        return False
    word = next(span for span in spans if span[0] < start < span[1])
    if end > word[1]:
        return True  # across two words, a boundary at neither edge: 其中/国有
    at = word[0]
    return not any(at + s <= start and end <= at + e and (at + s == start or at + e == end)
                   for s, e in _spans(window[at:word[1]], whole=False))


def _crossed(text: str, at: int) -> bool:
    """Does a word of jieba's dictionary run across position `at` of the text? (A cheap test that
    spares most matches the segmentation: the dictionary holds every prefix of its words, at 0.)"""
    words = segmenter().FREQ
    for first in range(at):
        if text[first:at] not in words:
            continue
        for last in range(at + 1, len(text) + 1):
            count = words.get(text[first:last])
            if count is None:
                break
            if count:
                return True
    return False


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
