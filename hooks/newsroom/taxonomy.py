"""Topics and entities from `data/topics.yml` and `data/entities.yml`, and the alias matcher.

Hand-written because no library does bilingual gazetteer matching with these rules:
Latin-script aliases match whole words (so "AI" is not found in "said", "MAIN" or
"OpenAI"), Chinese aliases match as substrings, an alias with a capital letter matches
only as written ("Arm" the company, not every "arm"), lowercase ones in any case and
with a plural "s". All aliases of one vocabulary compile into one regular expression,
longest first, so overlapping aliases ("人工智能" inside "超级人工智能") count once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator

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


def _alias_pattern(alias: str) -> str:
    escaped = re.escape(alias).replace(r"\ ", r"\s+")
    if not _LATIN.search(alias[0]) and not _LATIN.search(alias[-1]):
        return escaped  # Chinese / Japanese: a substring
    if alias == alias.lower():
        escaped = f"(?i:{escaped}(?:e?s)?)"
    # word edges only where the alias itself has a Latin edge ("生成式AI" starts with Chinese)
    start = r"(?<![A-Za-z0-9_])" if _LATIN.match(alias[0]) else ""
    end = r"(?![A-Za-z0-9_])" if _LATIN.match(alias[-1]) else ""
    return f"{start}{escaped}{end}"


class Matcher:
    """Finds every alias of a vocabulary in a text; each match says which term it is."""

    def __init__(self, terms: tuple[Term, ...]) -> None:
        self._term_of: dict[str, Term] = {}
        alias_terms: list[tuple[str, Term]] = []
        for term in terms:
            for alias in term.aliases:
                alias_terms.append((alias, term))
        # longest first: the regex takes the first alternative that matches at a position
        alias_terms.sort(key=lambda item: (-len(item[0]), item[0]))
        parts = []
        for index, (alias, term) in enumerate(alias_terms):
            group = f"t{index}"
            self._term_of[group] = term
            parts.append(f"(?P<{group}>{_alias_pattern(alias)})")
        self._regex = re.compile("|".join(parts)) if parts else None

    def finditer(self, text: str) -> Iterator[tuple[Term, int, int]]:
        if self._regex is None:
            return
        for match in self._regex.finditer(text):
            yield self._term_of[match.lastgroup], match.start(), match.end()


@dataclass(frozen=True)
class Taxonomy:
    topics: tuple[Term, ...]
    entities: tuple[Term, ...]
    threshold: float
    title_weight: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "topic_matcher", Matcher(self.topics))
        object.__setattr__(self, "entity_matcher", Matcher(self.entities))

    def topic(self, slug: str) -> Term:
        return next(t for t in self.topics if t.slug == slug)

    def entity(self, slug: str) -> Term:
        return next(e for e in self.entities if e.slug == slug)


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
