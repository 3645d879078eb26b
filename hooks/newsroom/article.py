"""Stages 2+3 for one seed: RawSeed -> Article (metadata and cleaned body together).

The two stages need each other a little: cleaning drops the repeated title and takes
the byline, so it runs once the front matter's metadata is known, and fills in the
fields the front matter lacked.
"""
from __future__ import annotations

from .analyse import analyse
from .clean import clean_body, to_fragment
from .metadata import (as_text, detect_language, domain_of, first_value, read_date, read_url, source_from_lists,
                       title_from_text)
from .model import Article, Problem, RawSeed
from .rules import Rules
from .sanitize import plain_text, safe_url
from .timing import stage

SUMMARY_CHARS = 160


def _summary(text: str) -> str:
    return plain_text(" ".join(text.split("\n")[:3]), limit=SUMMARY_CHARS)


def make_article(raw: RawSeed, rules: Rules) -> tuple[Article | None, list[Problem]]:
    fields = rules.fields
    meta = raw.meta
    problems: list[Problem] = []
    with stage("cleaning"):
        fragment, page_meta = to_fragment(raw.body, raw.body_format)

    def pick(field: str) -> object:
        return first_value(meta, fields.get(field, ())) or page_meta.get(field)

    original_url, url_problems = read_url(raw.name, meta, fields.get("original_url", ()))
    problems += url_problems
    original_url = original_url or safe_url(page_meta.get("original_url"))
    date, date_problems = read_date(raw.name, meta, fields.get("date", ()))
    problems += date_problems
    if date is None and not date_problems and page_meta.get("date"):
        date, _ = read_date(raw.name, page_meta, ("date",))

    cleaning = rules.for_article(original_url, raw.body_format)
    title = as_text(pick("title"))
    heading = None if title else _first_heading(fragment)
    source = (as_text(pick("source")) or cleaning.name or source_from_lists(meta, fields.get("source_lists", ()))
              or domain_of(original_url))
    with stage("cleaning"):
        body = clean_body(fragment, cleaning, title=title or heading, source=source, base_url=original_url)
    title = title or heading or title_from_text(body.text)
    if not title:
        problems.append(Problem(raw.name, "has no title and no text to take one from; skipped"))
        return None, problems
    if not body.text.strip() and not body.html.strip():
        problems.append(Problem(raw.name, "has no article text left after cleaning; published with an empty body"))

    title = plain_text(title, limit=300)
    language = detect_language(title + "\n" + body.text, as_text(pick("language")))
    analysis = analyse(title, body.text, body.html, rules, date=date, language=language)
    return Article(
        seed=raw.name,
        title=title,
        date=date,
        source=source,
        author=_author(as_text(pick("author")), source, meta, fields) or body.author,
        original_url=original_url,
        language=language,
        summary=plain_text(as_text(pick("summary")), limit=SUMMARY_CHARS) or _summary(body.text),
        body_html=analysis.body_html,
        topics=analysis.topics,
        entities=analysis.entities,
        figures=analysis.figures,
        attribution=body.attribution,
        image=safe_url(pick("image")) or body.cover_image,
        slug=as_text(pick("slug")),
    ), problems


def _author(author: str | None, source: str | None, meta: dict, fields: dict) -> str | None:
    """An 'author' that is only the publication's name (路透, 法广) is no author."""
    if not author:
        return None
    publication_names = {source} | {as_text(v) for name in fields.get("source_lists", ())
                                    for v in (meta.get(name) if isinstance(meta.get(name), list) else [meta.get(name)])}
    return None if author in publication_names else author


def _first_heading(fragment: str) -> str | None:
    """Markdown and HTML seeds without front matter usually open with their headline."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(fragment[:20_000], "lxml")
    heading = soup.find(["h1"]) or None
    text = heading.get_text(" ", strip=True) if heading else ""
    return plain_text(text) or None
