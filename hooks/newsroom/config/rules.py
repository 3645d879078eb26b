"""Load the data files in `data/` into `Rules`: cleaning rules per source, field aliases, topics, money.

Loaded once per build (in `on_config`) and checked against the models in `schema.py`; a broken
file raises `RulesError` naming every problem (file, entry, key, fix), which the hook turns
into the build's error.
"""
from __future__ import annotations

import hashlib
import pickle
import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

import yaml

from ..patterns import LazyPattern
from .money import MoneyRules, build_money_rules
from .taxonomy import Taxonomy, taxonomy_from

if TYPE_CHECKING:
    from .schema import Cleaning

DATA_DIR = Path(__file__).parent.parent / "data"

_LIST_KEYS = ("remove_selectors", "unwrap_selectors", "strip_text", "captions", "cut_at_headings", "cut_at_text", "drop_blocks", "list_labels", "copyright",
              "byline_markers", "cover_image_alts", "not_an_article", "citations", "taxonomy_links",
              "share_links", "about_labels", "about_descriptions")
_SELECTOR_KEYS = ("remove_selectors", "unwrap_selectors")


class RulesError(ValueError):
    """A data file is not what the code expects."""


_ATTRIBUTE_CONTAINS = re.compile(r"""^\[(class|id)\*=["']?([\w-]+)["']?(\s+i)?\]$""")
# Literal text a selector needs in the HTML to match anything: attribute values, class and id names,
# :-soup-contains text. Checked lowercased, so a case-blind `i` flag changes nothing.
_SELECTOR_LITERAL = re.compile(r"""[*^$~|]?=\s*["']([^"'&<>]+)["']|[*^$~|]?=\s*([^\]\s"']+)\]|[.#]([\w-]+)"""
                               r"""|:-soup-contains(?:-own)?\(\s*["']([^"'&<>]+)["']""")
_TYPE = re.compile(r"^([a-zA-Z][a-zA-Z0-9]*)")
NEEDLE_CHARS = 3  # shorter literals ("1" in img[width="1"]) are in every page: the tag name is the needle then


def _needle(selector: str) -> str | None:
    """The longest literal the selector cannot match without, lowercased; None: always run it."""
    if "," in selector or ":not(" in selector or ":is(" in selector or ":where(" in selector:
        return None  # a match without any one literal is possible
    literals = [next(g for g in m.groups() if g) for m in _SELECTOR_LITERAL.finditer(selector)]
    literals = [literal.lower() for literal in literals if len(literal) >= NEEDLE_CHARS]
    if literals:
        return max(literals, key=len)
    tag = _TYPE.match(selector)
    return "<" + tag.group(1).lower() if tag else None


class Selectors:
    """One rules entry's CSS selectors, checked and compiled once, when the data files are loaded.

    `[class*=x]` / `[id*=x]` are kept apart as (attribute, text, case-folded): the cleaner checks
    them directly (soupsieve matching each against every element was most of the cleaning time).
    The rest are compiled by soupsieve one by one, kept pickled: loading the rules from the cache
    then neither imports soupsieve nor compiles its tokenizer, which took 0.2 s in every build that
    had a new seed. Each has a needle, a literal it needs in the page (`feedx.net` for
    `div:has(> a[href*="feedx.net"])`): a page without it is not searched for that selector.
    """

    def __init__(self, where: str, selectors: list[Any], *, split_contains: bool = True) -> None:
        self.selectors = tuple(_check_selector(f"{where}[{i}]", s) for i, s in enumerate(selectors))
        contains, others = [], []
        for selector in self.selectors:
            simple = _ATTRIBUTE_CONTAINS.match(selector) if split_contains else None
            if simple:
                folded = bool(simple.group(3))
                contains.append((simple.group(1), simple.group(2).lower() if folded else simple.group(2), folded))
            else:
                others.append(selector)
        self.contains: tuple[tuple[str, str, bool], ...] = tuple(contains)
        self._others = tuple(others)
        self._needles = tuple(_needle(selector) for selector in others)
        self._blob, self._version = b"", ""
        if others:
            import soupsieve

            self._version = str(soupsieve.__version__)
            self._blob = pickle.dumps(tuple(soupsieve.compile(selector) for selector in others),
                                      protocol=pickle.HIGHEST_PROTOCOL)
        self._compiled: Any = None

    def compiled(self) -> tuple[Any, ...]:
        """The soupsieve selectors for everything but `contains`, one per selector."""
        if self._compiled is None:
            self._compiled = ()
            if self._others:
                import soupsieve

                try:  # the blob was written by __init__ above, in a folder git ignores
                    if self._version != str(soupsieve.__version__):
                        raise ValueError("compiled by another soupsieve")
                    self._compiled = pickle.loads(self._blob)
                except Exception:  # noqa: BLE001 - an upgraded library: compile again (checked when the rules loaded)
                    self._compiled = tuple(soupsieve.compile(selector) for selector in self._others)
        return self._compiled

    def select(self, tag: Any, page: str | None = None) -> list[Any]:
        """The elements inside `tag` that the selectors match, each once. `page`, the whole page's HTML
        lowercased, lets a selector whose needle is not in it go unsearched."""
        if not self._others:
            return []
        found: dict[int, Any] = {}
        for compiled, needle in zip(self.compiled(), self._needles, strict=True):
            if page is None or needle is None or needle in page:
                found.update((id(element), element) for element in compiled.select(tag))
        return list(found.values())

    def __getstate__(self) -> tuple:
        return self.selectors, self.contains, self._others, self._needles, self._blob, self._version

    def __setstate__(self, state: tuple) -> None:
        self.selectors, self.contains, self._others, self._needles, self._blob, self._version = state
        self._compiled = None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Selectors) and other.selectors == self.selectors

    def __hash__(self) -> int:
        return hash(self.selectors)

    def __repr__(self) -> str:
        return f"Selectors({list(self.selectors)!r})"


@dataclass(frozen=True)
class CleaningRules:
    """The rules that apply to one article: the defaults plus every matching source entry."""

    name: str | None = None
    remove_selectors: tuple[Selectors, ...] = ()  # one per rules entry that applies
    unwrap_selectors: tuple[Selectors, ...] = ()
    strip_text: tuple[LazyPattern, ...] = ()
    captions: tuple[LazyPattern, ...] = ()
    cut_at_headings: tuple[LazyPattern, ...] = ()
    cut_at_text: tuple[LazyPattern, ...] = ()
    drop_blocks: tuple[LazyPattern, ...] = ()
    list_labels: tuple[LazyPattern, ...] = ()
    copyright: tuple[LazyPattern, ...] = ()
    byline_markers: tuple[str, ...] = ()
    cover_image_alts: tuple[str, ...] = ()
    not_an_article: tuple[LazyPattern, ...] = ()  # what a page that is no article says (a check, a notice)
    citations: tuple[LazyPattern, ...] = ()  # a line that cites the article's sources (原文链接, References)
    taxonomy_links: tuple[LazyPattern, ...] = ()  # an address of the site's listing pages (/tag/, /category/)
    share_links: tuple[LazyPattern, ...] = ()  # an address that shares the page elsewhere (twitter.com/share)
    about_labels: tuple[LazyPattern, ...] = ()  # the label of an organisation's "about" box ("关于X", "About X")
    about_descriptions: tuple[LazyPattern, ...] = ()  # what such a box says first ("致力于", "is a leading")
    drop_trailing_images: bool = False

    def merged(self, other: CleaningRules) -> CleaningRules:
        values: dict[str, Any] = {"name": other.name or self.name,
                                  "drop_trailing_images": self.drop_trailing_images or other.drop_trailing_images}
        for key in _LIST_KEYS:
            values[key] = getattr(self, key) + getattr(other, key)
        return CleaningRules(**values)


@dataclass(frozen=True)
class SourceEntry:
    domains: tuple[str, ...]
    formats: tuple[str, ...]
    rules: CleaningRules
    fingerprints: tuple[LazyPattern, ...] = ()  # text that gives the source away when no URL does

    def matches(self, url: str | None, body_format: str) -> bool:
        if body_format in self.formats:
            return True
        if not url:
            return False
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        for domain in self.domains:
            dom_host, _, dom_path = domain.partition("/")
            if (host == dom_host or host.endswith("." + dom_host)) and parts.path.lstrip("/").startswith(dom_path):
                return True
        return False


@dataclass(frozen=True)
class SharedSite:
    """A site of many publications (sources.yml `shared_sites`): which part of a URL names one."""

    domain: str
    query: str | None = None
    path_segments: int | None = None

    def publication(self, url: str) -> str | None:
        """The part of an article's URL on this site that names its publication, when it has one."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if host != self.domain and not host.endswith("." + self.domain):
            return None
        if self.query:
            return next((value for key, value in parse_qsl(parts.query) if key == self.query and value), None)
        segments = [segment for segment in parts.path.split("/") if segment]
        if self.path_segments and len(segments) > self.path_segments:
            return "/".join(segments[:self.path_segments])
        return None


@dataclass(frozen=True)
class Rules:
    """Everything configurable about reading and cleaning."""

    defaults: CleaningRules
    sources: tuple[SourceEntry, ...]
    taxonomy: Taxonomy  # topics and entities
    money: MoneyRules  # the grammar of amounts of money, exchange rates
    fields: dict[str, tuple[str, ...]] = field(default_factory=dict)
    shared_sites: tuple[SharedSite, ...] = ()  # sites of many publications, each with its own template
    fingerprint: str = ""  # changes whenever a data file changes: part of every cache key

    @cached_property
    def header_keys(self) -> frozenset[str]:
        """Every key name of every field: "Key: value" lines with two of them are a header."""
        return frozenset(key for keys in self.fields.values() for key in keys)

    @cached_property
    def important_keys(self) -> frozenset[str]:
        """The key names of the fields a broken front matter must not lose quietly."""
        return frozenset(key for field in ("title", "date", "original_url") for key in self.fields.get(field, ()))

    def for_article(self, url: str | None, body_format: str, text: str = "") -> CleaningRules:
        """The defaults plus every entry for the URL's site or the body's format; where no site's
        entry matches (no URL, or an unknown one), the entries whose fingerprints are in the text."""
        return self.cleaning_of(self.entries_for(url, body_format, text))

    def entries_for(self, url: str | None, body_format: str, text: str = "") -> tuple[tuple[int, bool], ...]:
        """Which source entries an article's cleaning merges, as (index, by its name too): small enough
        to keep with a seed's draft (seed/article.py), where the merged rules would not be."""
        matched = [(index, True) for index, entry in enumerate(self.sources) if entry.matches(url, body_format)]
        by_site = any(self.sources[index].domains and body_format not in self.sources[index].formats
                      for index, _ in matched)
        if not by_site and text:
            head = text[:FINGERPRINT_CHARS]
            # its cleaning, not its name: an archive that reposts WeChat text is not WeChat
            matched += [(index, False) for index, entry in enumerate(self.sources)
                        if entry.fingerprints and not entry.matches(url, body_format)
                        and any(p.search(head) for p in entry.fingerprints)]
        return tuple(matched)

    def cleaning_of(self, entries: tuple[tuple[int, bool], ...]) -> CleaningRules:
        """The defaults merged with the entries `entries_for` found, in its order."""
        rules = self.defaults
        for index, named in entries:
            entry_rules = self.sources[index].rules
            rules = rules.merged(entry_rules if named else replace(entry_rules, name=None))
        return rules


FINGERPRINT_CHARS = 100_000  # of a body's text, searched for fingerprints


def check_selector(selector: str) -> None:
    """Compile a CSS selector now, so a typo fails the build's start, not every article; ValueError: why not."""
    import soupsieve  # only when the rules are checked, not when they come from the cache

    try:
        soupsieve.compile(selector)
    except Exception as exc:  # soupsieve raises its own SelectorSyntaxError and others
        raise ValueError(str(exc).splitlines()[0]) from exc  # its next lines draw the selector and a caret


def _check_selector(where: str, selector: str) -> str:
    try:
        check_selector(selector)
    except ValueError as exc:
        raise RulesError(f"{where}: invalid CSS selector {selector!r}: {exc}") from exc
    return selector


def _cleaning_rules(where: str, entry: Cleaning, name: str | None = None) -> CleaningRules:
    values: dict[str, Any] = {"name": name, "drop_trailing_images": entry.drop_trailing_images}
    for key in _LIST_KEYS:
        items = getattr(entry, key)
        if key in _SELECTOR_KEYS:
            values[key] = (Selectors(f"{where}: key '{key}'", items, split_contains=key == "remove_selectors"),) if items else ()
        else:
            values[key] = tuple(items)
    return CleaningRules(**values)


DATA_FILES = ("sources.yml", "fields.yml", "topics.yml", "entities.yml", "money.yml", "rates.yml")


def load_rules(data_dir: Path = DATA_DIR) -> Rules:
    """Read and check the data files (cleaning rules, field names, topics, entities, money); RulesError names
    every problem."""
    from .schema import check_data_files  # pydantic: only when the rules are checked, not when they are cached

    texts: dict[str, str] = {}
    data: dict[str, Any] = {}
    for name in DATA_FILES:
        try:
            texts[name] = (data_dir / name).read_text(encoding="utf-8")
            data[name] = yaml.safe_load(texts[name]) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise RulesError(f"cannot read {name}: {exc}") from exc
    files = check_data_files(data)
    defaults = _cleaning_rules("sources.yml: defaults", files.sources.defaults)
    entries = tuple(SourceEntry(tuple(domain.lower() for domain in item.domains), tuple(item.formats),
                                _cleaning_rules(f"sources.yml: sources[{index}]", item, item.name),
                                tuple(item.fingerprints))
                    for index, item in enumerate(files.sources.sources))
    field_names = {key: tuple(name.lower() for name in names)
                   for key, names in files.fields.model_dump(exclude_unset=True).items()}
    fingerprint = hashlib.sha256("\0".join(texts[name] for name in DATA_FILES).encode()).hexdigest()[:16]
    shared = tuple(SharedSite(site.domain.lower(), site.query, site.path_segments) for site in files.sources.shared_sites)
    return Rules(defaults=defaults, sources=entries, fields=field_names, shared_sites=shared,
                 taxonomy=taxonomy_from(files.topics, files.entities), money=build_money_rules(files.money, files.rates),
                 fingerprint=fingerprint)
