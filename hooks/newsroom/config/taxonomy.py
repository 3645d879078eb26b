"""Topics and entities from `data/topics.yml` and `data/entities.yml`, and the alias matcher.

Latin-script aliases match whole words (so "AI" is not found in "said", "MAIN" or
"OpenAI"), Chinese aliases match as substrings, an alias with a capital letter matches
only as written ("Arm" the company, not every "arm"), lowercase ones in any case and
with a plural "s". pyahocorasick finds the aliases; the word-edge and overlap rules on
top are ours: overlapping aliases ("人工智能" inside "超级人工智能") count once, the longest.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator

import ahocorasick

_LATIN = re.compile(r"[A-Za-z0-9]")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,60}$")


class TaxonomyError(ValueError):
    """topics.yml or entities.yml is not what the code expects."""


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

    def __post_init__(self) -> None:
        object.__setattr__(self, "topic_matcher", Matcher(self.topics))
        object.__setattr__(self, "entity_matcher", Matcher(self.entities))
        object.__setattr__(self, "_topics", {t.slug: t for t in self.topics})
        object.__setattr__(self, "_entities", {e.slug: e for e in self.entities})

    def topic(self, slug: str) -> Term:
        return self._topics[slug]

    def entity(self, slug: str) -> Term:
        return self._entities[slug]


def _term(where: str, item: Any, kind: str | None, aliases: list[Any]) -> Term:
    if not isinstance(item, dict):
        raise TaxonomyError(f"{where}: expected a mapping")
    slug = item.get("slug")
    if not isinstance(slug, str) or not _SLUG.match(slug):
        raise TaxonomyError(f"{where}.slug: {slug!r} must be lowercase letters, digits and '-'")
    name = item.get("name")
    if not isinstance(name, dict) or not name.get("zh") or not name.get("en"):
        raise TaxonomyError(f"{where}.name: needs both `zh` and `en`")
    clean = tuple(dict.fromkeys(str(a).strip() for a in aliases if str(a).strip()))
    if not clean:
        raise TaxonomyError(f"{where}.aliases: at least one alias is needed")
    return Term(slug, str(name["zh"]), str(name["en"]), clean, kind or str(item.get("kind") or "entity"))


def build_taxonomy(topics_data: Any, entities_data: Any) -> Taxonomy:
    """Validate the two data files' contents; raise TaxonomyError naming the place."""
    if not isinstance(topics_data, dict) or not isinstance(topics_data.get("topics"), list):
        raise TaxonomyError("topics.yml: expected `topics:` with a list of topics")
    topics = []
    for index, item in enumerate(topics_data["topics"]):
        where = f"topics.yml:topics[{index}]"
        aliases = item.get("aliases") if isinstance(item, dict) else None
        if not isinstance(aliases, dict):
            raise TaxonomyError(f"{where}.aliases: expected `zh:` and `en:` lists")
        topics.append(_term(where, item, "topic", list(aliases.get("zh") or []) + list(aliases.get("en") or [])))
    entities = []
    for index, item in enumerate((entities_data or {}).get("entities") or []):
        where = f"entities.yml:entities[{index}]"
        aliases = item.get("aliases") if isinstance(item, dict) else None
        if not isinstance(aliases, list):
            raise TaxonomyError(f"{where}.aliases: expected a list")
        entities.append(_term(where, item, None, aliases))
    for label, terms in (("topics.yml", topics), ("entities.yml", entities)):
        slugs = [t.slug for t in terms]
        duplicates = sorted({s for s in slugs if slugs.count(s) > 1})
        if duplicates:
            raise TaxonomyError(f"{label}: slug used twice: {', '.join(duplicates)}")
    try:
        threshold = float(topics_data.get("threshold", 2))
        title_weight = float(topics_data.get("title_weight", 3))
    except (TypeError, ValueError) as exc:
        raise TaxonomyError(f"topics.yml: threshold and title_weight must be numbers ({exc})") from exc
    return Taxonomy(tuple(topics), tuple(entities), threshold, title_weight)
