"""The site's HTML templates (site/templates/, Jinja2) and its interface words (site/words/<language>.yml).

Every piece of HTML the site stage writes comes from a template and every word of the interface
from the catalogue, which templates see as `words`; Python only shapes the data. An English site
is a translated catalogue (words/en.yml), chosen by MkDocs' `theme.language`, not a code change.
Both folders are part of `version.SITE_CODE`: editing them re-renders pages, never a seed.
"""
from __future__ import annotations

import functools
import re
import string
from pathlib import Path
from typing import Any

import yaml
from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined
from jinja2.bccache import Bucket
from markupsafe import Markup, escape

from ..model import ROOT_MARK

TEMPLATES = Path(__file__).parent / "templates"
WORDS = Path(__file__).parent / "words"
FALLBACK_LANGUAGE = "zh"  # the catalogue every other is checked against, and used when none fits
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})*")
_RESERVED = {"locale", "file", "fallback"}  # Words' own attributes


class WordsError(ValueError):
    """A catalogue of interface words is broken or lacks a word."""


class Words:
    """The interface words of one language: `words.date`, `words.entity_kinds["place"]`.

    `locale` is the catalogue's language and `file` its path (no word may have these keys); a
    missing word is an error naming it and the catalogue, not an empty string on a page.
    """

    def __init__(self, locale: str, file: Path, entries: dict[str, Any], *, fallback: bool = False) -> None:
        self.__dict__.update(entries)  # plain attributes: a word costs what any attribute costs
        self.locale = locale
        self.file = file
        self.fallback = fallback  # no catalogue for the language asked for: this is the fallback's

    def __getattr__(self, key: str) -> Any:  # only called for a word the catalogue lacks
        if key.startswith("__"):
            raise AttributeError(key)  # copy, pickle and markupsafe probe for these
        raise WordsError(f"{self.file}: no interface word {key!r}")


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _read(path: Path) -> dict[str, Any]:
    try:
        entries = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError) as exc:
        raise WordsError(f"{path}: cannot be read: {exc}") from exc
    if not isinstance(entries, dict):
        raise WordsError(f"{path}: must map each word's key to its text")
    reserved = sorted(_RESERVED & set(entries))
    if reserved:
        raise WordsError(f"{path}: {', '.join(reserved)}: reserved, not a word's key")
    for key, value in entries.items():
        texts = value.values() if isinstance(value, dict) else [value]
        if not all(isinstance(text, str) for text in texts):
            raise WordsError(f"{path}: {key}: must be a text, or a map of keys to texts")
    return entries


def _check(entries: dict[str, Any], path: Path, reference: dict[str, Any], reference_path: Path) -> None:
    """Every word of the reference catalogue is there, using none but its placeholders ({count}, …)."""
    for key, expected in reference.items():
        if key not in entries:
            raise WordsError(f"{path}: no interface word {key!r} (it is in {reference_path.name})")
        value = entries[key]
        if isinstance(expected, dict):
            if not isinstance(value, dict):
                raise WordsError(f"{path}: {key}: must be a map like the one in {reference_path.name}")
            missing = sorted(set(expected) - set(value))
            if missing:
                raise WordsError(f"{path}: {key}: no word for {', '.join(missing)} (they are in {reference_path.name})")
        elif isinstance(value, dict):
            raise WordsError(f"{path}: {key}: must be a text like the one in {reference_path.name}")
        elif unknown := sorted(_placeholders(value) - _placeholders(expected)):
            given = ", ".join(f"{{{name}}}" for name in sorted(_placeholders(expected))) or "none"
            raise WordsError(f"{path}: {key}: {{{unknown[0]}}} is no placeholder of this word (it has: {given})")


@functools.cache
def words_for(language: str) -> Words:
    """The catalogue for MkDocs' `theme.language` ("en"; "zh-TW" -> zh.yml), else the fallback's (zh)."""
    reference_path = WORDS / f"{FALLBACK_LANGUAGE}.yml"
    reference = _read(reference_path)
    candidates = [language, re.split(r"[_-]", language)[0]] if _LANGUAGE.fullmatch(language) else []
    for candidate in candidates:
        path = WORDS / f"{candidate}.yml"
        if candidate == FALLBACK_LANGUAGE:
            break
        if path.is_file():
            entries = _read(path)
            _check(entries, path, reference, reference_path)
            return Words(candidate, path, entries)
    return Words(FALLBACK_LANGUAGE, reference_path, reference, fallback=FALLBACK_LANGUAGE not in candidates)


def fill(text: str, **values: Any) -> Markup:
    """A word with placeholders filled in, for a template: `{{ words.source_lede|fill(count=3) }}`.

    The word's text and plain values are escaped, HTML made by the template (Markup) is kept.
    """
    return escape(text).format(**values)


class CompiledTemplates(BytecodeCache):
    """Templates as Jinja compiled them, kept between builds: the hooks' own by the pipeline (in its
    cache; compiling them all took 50 ms a build, loading them 3 ms), the theme's by hooks/archive.py
    for `mkdocs serve`'s rebuilds (MkDocs makes its environment anew each build). Jinja checks each
    against its source."""

    def __init__(self) -> None:
        self.codes: dict[str, bytes] = {}
        self.added = False  # a template was compiled: the pipeline keeps the codes for the next build

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.codes.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)  # ignored unless made from this source by this Python

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.codes[bucket.key] = bucket.bytecode_to_string()
        self.added = True


COMPILED = CompiledTemplates()


def _environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        bytecode_cache=COMPILED,
        autoescape=True,
        undefined=StrictUndefined,  # a name a template lacks fails the build, not a blank on a page
        trim_blocks=True, lstrip_blocks=True,  # a line holding only a {% tag %} writes nothing
        auto_reload=False,  # templates are read once per process, like the code (version.SITE_CODE)
    )
    environment.filters["fill"] = fill
    environment.globals["root"] = ROOT_MARK  # links against the site root, made relative per page
    return environment


ENVIRONMENT = _environment()


def render(template: str, /, **context: Any) -> str:
    """The template filled in (its HTML as a plain string)."""
    return ENVIRONMENT.get_template(template).render(context)


def macros(name: str) -> Any:
    """The macros of a template, to call from Python: `macros("lists.html").entry(article=…)`."""
    return ENVIRONMENT.get_template(name).module
