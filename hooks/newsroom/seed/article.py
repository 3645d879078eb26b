"""Stages 2+3 for one seed: RawSeed -> Article (metadata and cleaned body together).

The two stages need each other a little: cleaning drops the repeated title and takes
the byline, so it runs once the front matter's metadata is known, and fills in the
fields the front matter lacked.
"""
from __future__ import annotations

import re

from .analyse import analyse
from .clean import clean_body
from .extract import first_heading, nested_html_text, to_fragment
from .metadata import (article_identity, as_text, date_from_name, detect_language, domain_of, first_value, parse_date,
                       read_date, read_url, source_from_lists, title_from_text, title_slug, title_without_site)
from ..model import Article, Problem, RawSeed
from ..config.rules import Rules
from .sanitize import plain_text, safe_url
from .stated import MetaLine, strip_wire_lede, wire_lede
from ..timing import stage

SUMMARY_CHARS = 160


def _summary(text: str) -> str:
    return plain_text(" ".join(text.split("\n")[:3]), limit=SUMMARY_CHARS)


def make_article(raw: RawSeed, rules: Rules) -> tuple[Article | None, list[Problem]]:
    fields = rules.fields
    meta = raw.meta
    problems: list[Problem] = []
    body_format = raw.body_format
    if body_format == "markdown" and _too_wild_for_markdown(raw.body):
        # Python-Markdown slows to minutes on some inputs ("[" * 20000): such a body is read as plain text
        problems.append(Problem(raw.name, "has extremely long lines or runs of brackets; read as plain text"))
        body_format = "text"
    with stage("cleaning"):
        fragment, page_meta = to_fragment(raw.body, body_format, rules.defaults.remove_selectors)

    def pick(field: str) -> object:
        return first_value(meta, fields.get(field, ())) or page_meta.get(field)

    original_url, url_problems = read_url(raw.name, meta, fields.get("original_url", ()))
    problems += url_problems
    original_url = original_url or safe_url(page_meta.get("original_url"))
    date, date_problems = read_date(raw.name, meta, fields.get("date", ()))
    problems += date_problems
    if date is None and not date_problems and page_meta.get("date"):
        date, _ = read_date(raw.name, page_meta, ("date",))
    if date is None and not date_problems:
        date = date_from_name(raw.name)

    cleaning = rules.for_article(original_url, body_format, raw.body)
    title = as_text(pick("title"))
    heading = None if title else first_heading(fragment)
    headline_line = False  # a plain text's first line that reads as a headline (not its first sentence)
    if not title and not heading and body_format == "text":
        heading = title_from_text(strip_wire_lede(raw.body))  # known before cleaning: not repeated
        first_line = next((line.strip() for line in raw.body.split("\n") if line.strip()), "")
        headline_line = bool(heading) and heading == plain_text(first_line, limit=10_000)
    source = None
    for value in [meta.get(name) for name in fields.get("source", ())] + [page_meta.get("source")]:
        text = as_text(value)
        if text and "://" in text and safe_url(text):
            # "Source: https://…" (Pelican, MarkDownload, trafilatura) names the original, not the publication
            if not original_url:
                original_url = safe_url(text)
                cleaning = rules.for_article(original_url, body_format, raw.body)
        elif text:
            source = text
            break
    named_source, listed_source = source, source_from_lists(meta, fields.get("source_lists", ()))
    source = source or cleaning.name or listed_source
    with stage("cleaning"):
        try:
            body = clean_body(fragment, cleaning, title=title or heading, source=source, base_url=original_url,
                              find_headline=True)
        except RecursionError:
            # markup nested thousands of levels deep: keep the words, as plain paragraphs
            problems.append(Problem(raw.name, "has HTML nested too deeply to keep its structure; "
                                              "published as plain text"))
            fragment, _ = to_fragment(nested_html_text(fragment), "text")
            body = clean_body(fragment, cleaning, title=title or heading, source=source, base_url=original_url,
                              find_headline=True)
    titled = bool(title or body.headline or (heading and (body_format != "text" or headline_line)))
    title = title or heading or body.headline or title_from_text(strip_wire_lede(body.text))
    lede = wire_lede(body.text[:2000]) or MetaLine()
    # the front matter's publication, then the site's (by its URL), then one the text names ("来源：新华社",
    # WeChat's account line), then the archive's category, the wire lede's agency, the URL's domain
    source = named_source or cleaning.name or body.source or listed_source or lede.source or domain_of(original_url)
    if date is None and not date_problems and (body.date or lede.date):
        date = parse_date(body.date or lede.date)
    if date is None and not date_problems:
        saved = parse_date(first_value(meta, fields.get("saved_date", ())))
        if saved is not None:  # MarkDownload's, Obsidian's `created`: the day the page was saved
            date = saved
            problems.append(Problem(raw.name, f"states no publication date; the date it was saved ({saved}) is "
                                              "used", level="info"))
    if not title:
        problems.append(Problem(raw.name, "has no title and no text to take one from; skipped"))
        return None, problems
    if not body.text.strip() and not body.html.strip():
        problems.append(Problem(raw.name, "has no article text left after cleaning; published with an empty body"))

    title = title_without_site(plain_text(title, limit=300), source, original_url)
    # not errors, but what a maintainer may want to fill in (front matter wins over all of these)
    if not titled:
        problems.append(Problem(raw.name, "has no title; its first sentence is used", level="info"))
    if date is None and not date_problems:
        problems.append(Problem(raw.name, "states no date; listed as undated", level="info"))
    if not source:
        problems.append(Problem(raw.name, "names no publication; shown without a source", level="info"))
    author = _author(as_text(pick("author")), source, meta, fields) or body.author
    attribution = _with_unused_lines(body, author, source)
    language = detect_language(title + "\n" + body.text, as_text(pick("language")))
    analysis = analyse(title, body.text, body.html, rules, date=date, language=language, source=source)
    article = Article(
        seed=raw.name,
        title=title,
        date=date,
        source=source,
        author=author,
        original_url=original_url,
        language=language,
        summary=plain_text(as_text(pick("summary")), limit=SUMMARY_CHARS) or _summary(body.lede or body.text),
        body_html=analysis.body_html,
        topics=analysis.topics,
        entities=analysis.entities,
        figures=analysis.figures,
        attribution=attribution,
        image=safe_url(pick("image")) or body.cover_image,
        slug=as_text(pick("slug")),
        identity=article_identity(original_url, raw.name),
        title_slug=title_slug(title),
    )
    return article, problems


def _with_unused_lines(body, author: str | None, source: str | None) -> str | None:
    """A byline or source line the front matter overruled ("作者：何谦" under the archive's poster)
    is kept with the credits below the article: it was taken out of the text, and is not lost."""
    def used(stated: str | None, shown: str | None) -> bool:
        return not stated or bool(shown) and (stated in shown or shown in stated)  # 德国之声中文网 is 德国之声

    unused = [credit for line in body.stated_lines for credit in (
        f"来源：{line.source}" if not used(line.source, source) else "",
        f"作者：{line.author}" if not used(line.author, author) else "") if credit]
    return "\n".join(dict.fromkeys(unused + (body.attribution.split("\n") if body.attribution else []))) or None


def _too_wild_for_markdown(text: str) -> bool:
    return max(map(len, text.split("\n"))) > 20_000 or text.count("[") > 5_000


def _author(author: str | None, source: str | None, meta: dict, fields: dict) -> str | None:
    """An 'author' that is only the publication's name (路透, 法广) is no author."""
    if not author:
        return None
    # a byline as a page shows it: "Stephen Nellis · reuters.com · 4 min read": the name only
    parts = [part.strip() for part in re.split(r"\s+[·•|]\s*|\s*[·•|]\s+|\s*;\s*", author)]
    parts = [part.title() if part.isupper() and part.isascii() and len(part) > 3 else part for part in parts]  # AP
    author = ", ".join(part for part in parts if part and not _NOT_A_NAME.search(part)) or None
    publication_names = {source} | {as_text(v) for name in fields.get("source_lists", ())
                                    for v in (meta.get(name) if isinstance(meta.get(name), list) else [meta.get(name)])}
    return None if author in publication_names else author


_NOT_A_NAME = re.compile(r"^[\w-]+([ .][\w-]+)*[ .](com|net|org|co|cn|jp|uk|io|news)\b|\bmin(ute)?s? read\b|^\W+$",
                         re.IGNORECASE)
