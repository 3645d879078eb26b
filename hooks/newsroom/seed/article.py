"""Stages 2+3 for one seed: RawSeed -> Article (metadata and cleaned body together).

The two stages need each other a little: cleaning drops the repeated title and source name and
takes the byline, so it runs once what the seed says about itself outside its text is known; what
the text states then fills in the fields left open. Each field is decided once, by one function
below, from the first of these that gives it:

    original URL  the front matter, the saved page, a URL given as the source
    title         the front matter or page, the first <h1>, a plain text's first line, an untitled
                  page's first short line (cleaning finds it), the first sentence
    source        `SourceCandidates`, in the order the README gives
    date          the front matter, the page, the file name, a line of the text, the wire lede,
                  the day a clip was saved
    author        the front matter or page, a byline in the text
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields, replace
from typing import Any
from urllib.parse import urlsplit

from bs4 import Tag

from ..config.rules import Rules
from ..model import Article, Problem, RawSeed, SeedPrints
from ..timing import stage
from .analyse import analyse
from .blocks import attribute, content_blocks, fingerprint, first_tag, normalised, parsed_blocks, text_of
from .clean import CleanBody, clean_blocks
from .extract import PageMeta, extract, first_heading, nested_html_text, to_fragment
from .metadata import (
    article_identity,
    as_text,
    date_from_name,
    detect_language,
    domain_of,
    first_value,
    parse_date,
    read_date,
    read_url,
    source_from_lists,
    template_source,
    title_from_text,
    title_slug,
    title_without_site,
)
from .passes import CleaningContext
from .sanitize import plain_text, safe_url
from .stated import MetaLine, strip_wire_lede, wire_lede

SUMMARY_CHARS = 160
WHOLE_PAGES = ("markdown", "text", "page")  # body formats that hold a whole page, its site's frame around the article
SCRAPED_PAGES = ("markdown", "text")  # whole pages no extractor has taken the article out of (trafilatura does for "page")


@dataclass(frozen=True)
class SeedMeta:
    """What a seed says about itself outside its text: its front matter under any of a field's key
    names (`data/fields.yml`), else what a saved page's own metadata says."""

    front_matter: dict[str, Any]
    page: PageMeta
    fields: dict[str, tuple[str, ...]]

    def names(self, field: str) -> tuple[str, ...]:
        return self.fields.get(field, ())

    def value(self, field: str) -> Any:
        return first_value(self.front_matter, self.names(field)) or self.page.get(field)

    def text(self, field: str) -> str | None:
        return as_text(self.value(field))


@dataclass(frozen=True)
class SourceCandidates:
    """The publication's name from each place that may give it, in the order they win: the source
    shown is the first given (README: "The source shown is the first of: …"). Cleaning is told the
    first of the front matter's, the site's and the categories' (known before the text is read;
    the domain is left out)."""

    front_matter: str | None = None  # or the saved page's own site name
    site: str | None = None  # the name `sources.yml` gives the URL's site
    text: str | None = None  # a line of the text ("来源：新华社", WeChat's account line)
    categories: str | None = None  # a Jekyll archive's category, when `categories` and `tags` agree
    wire_lede: str | None = None  # "WASHINGTON (Reuters) -", "/PRNewswire/ --"
    domain: str | None = None  # the original URL's

    def first(self) -> str | None:
        return next((name for name in (getattr(self, place.name) for place in fields(self)) if name), None)


@dataclass(frozen=True)
class _Title:
    text: str | None
    own: bool = True  # the article's own headline, not a sentence taken from its text


@dataclass(frozen=True)
class Draft:
    """One seed read and cut into content blocks, before they are cleaned: what the seed alone decides.
    Cleaning waits for its source's template (source/template.py), learned from the prints of all
    the source's drafts; the draft is kept in the cache, so that a new article of the source
    re-cleans the source's other articles without reading them again."""

    name: str
    body_format: str
    seed: SeedMeta  # without the field names (the rules give them back): they would be kept with every draft
    stated_date: dt.date | None
    date_unreadable: bool  # the front matter's date could not be read: no other date is guessed
    original_url: str | None
    cleaning: tuple[tuple[int, bool], ...]  # the source entries its cleaning merges (Rules.entries_for)
    sources: SourceCandidates  # the names known before the text is read
    known_title: _Title
    blocks: str  # the content blocks' HTML, in reading order ("" when no template can apply: it is finished at once)
    problems: tuple[Problem, ...]
    prints: SeedPrints


def make_article(raw: RawSeed, rules: Rules) -> tuple[Article | None, list[Problem]]:
    """One seed's Article (None when it has no title and no text to take one from), and its problems,
    cleaned as a seed on its own: with no template of its source."""
    draft, blocks = make_draft(raw, rules)
    return finish_article(draft, frozenset(), rules, blocks)


def make_draft(raw: RawSeed, rules: Rules) -> tuple[Draft, list[Tag]]:
    """What the seed says about itself outside its text, and its text as content blocks (also kept in
    the draft as HTML, when its source may have a template: for a later build to clean it again)."""
    problems: list[Problem] = []
    body_format = raw.body_format
    if body_format == "markdown" and _too_wild_for_markdown(raw.body):
        # Python-Markdown slows to minutes on some inputs ("[" * 20000): such a body is read as plain text
        problems.append(Problem(raw.name, "has extremely long lines or runs of brackets; read as plain text"))
        body_format = "text"
    with stage("cleaning"):
        fragment, page_meta, plain_markdown = extract(raw.body, body_format, rules.defaults.remove_selectors)
    if plain_markdown:
        problems.append(Problem(raw.name, f"has Markdown that would take too long to render ({plain_markdown}); "
                                          "it is shown as plain text"))
    seed = SeedMeta(raw.meta, page_meta, rules.fields)

    # what the seed states outside its text: read before cleaning, which needs some of it
    stated_url, url_problems = read_url(raw.name, raw.meta, seed.names("original_url"))
    stated_date, date_problems = read_date(raw.name, raw.meta, seed.names("date"))
    problems += url_problems + date_problems
    named_source, source_url = _source_field(seed)
    original_url = _original_url(stated_url, seed, source_url)
    entries = rules.entries_for(original_url, body_format, raw.body)
    cleaning = rules.cleaning_of(entries)
    sources = SourceCandidates(front_matter=named_source, site=cleaning.name,
                               categories=source_from_lists(raw.meta, seed.names("source_lists")))
    known_title = _title_before_cleaning(seed, fragment, raw.body, body_format)
    with stage("cleaning"):
        try:
            # Markdown's soft line breaks join lines a page kept apart; an article's own HTML does not mean them
            blocks = content_blocks(fragment, cleaning, original_url, short_lines_apart=body_format in WHOLE_PAGES
                                    and body_format != "page")
        except RecursionError:
            problems.append(Problem(raw.name, "has HTML nested too deeply to keep its structure; "
                                              "published as plain text"))
            blocks = content_blocks(to_fragment(nested_html_text(fragment), "text")[0], cleaning, original_url)
        # an article's own HTML (a feed's item, a Jekyll post) has no site frame to learn; a whole page has
        framed = body_format in WHOLE_PAGES
        prints = _prints(blocks, template_source(original_url, named_source, rules.shared_sites) if framed else None,
                         known_title.text or raw.name)
    kept = "".join(str(block) for block in blocks) if prints.source is not None else ""  # no template, no later cleaning
    return Draft(name=raw.name, body_format=body_format, seed=replace(seed, fields={}), stated_date=stated_date,
                 date_unreadable=bool(date_problems), original_url=original_url, cleaning=entries, sources=sources,
                 known_title=known_title, blocks=kept, problems=tuple(problems), prints=prints), blocks


def _prints(blocks: list[Tag], source: str | None, title: str) -> SeedPrints:
    """The draft's blocks as fingerprints, each once, with a sample of each for the build report;
    none for a seed that shares no source's template."""
    found: dict[str, str] = {}
    for block in blocks if source is not None else ():
        block_print = fingerprint(block)
        if block_print is not None and block_print not in found:
            image = first_tag(block, "img")
            found[block_print] = text_of(block)[:60] or (attribute(image, "src")[-60:] if image is not None else "")
    return SeedPrints(source=source, article=normalised(title), prints=tuple(found), samples=tuple(found.values()))


def finish_article(draft: Draft, template: frozenset[str], rules: Rules, blocks: list[Tag] | None = None
                   ) -> tuple[Article | None, list[Problem]]:
    """A draft cleaned, its source's repeated blocks (`template`) taken out, and analysed; `blocks`: its
    content blocks when they are at hand (the draft was just made), else they are parsed from the draft."""
    name = draft.name
    problems = list(draft.problems)
    seed = replace(draft.seed, fields=rules.fields)
    original_url = draft.original_url
    known_title = draft.known_title
    with stage("cleaning"):
        context = CleaningContext(rules=rules.cleaning_of(draft.cleaning), title=known_title.text,
                                  source=draft.sources.first(), find_headline=True, template=template,
                                  whole_page=draft.body_format in SCRAPED_PAGES, page_url=original_url)
        body = clean_blocks(parsed_blocks(draft.blocks) if blocks is None else blocks, context)

    # what the text states fills in the rest
    title = known_title if known_title.text else _title_from_body(body)
    lede = wire_lede(body.text[:2000]) or MetaLine()
    source = replace(draft.sources, text=body.source, wire_lede=lede.source, domain=domain_of(original_url)).first()
    date, date_notes = _publication_date(name, seed, draft.stated_date, draft.date_unreadable, body, lede)
    problems += date_notes
    if not title.text:
        problems.append(Problem(name, "has no title and no text to take one from; skipped"))
        return None, problems
    if body.not_an_article:
        problems.append(Problem(name, f"is not an article: {body.not_an_article}; skipped"))
        return None, problems
    if not body.text.strip() and not body.html.strip():
        problems.append(Problem(name, "has no article text left after cleaning; published with an empty body"))

    shown_title = title_without_site(plain_text(title.text, limit=300), source, original_url)
    # not errors, but what a maintainer may want to fill in (front matter wins over all of these)
    if not title.own:
        problems.append(Problem(name, "has no title; its first sentence is used", level="info"))
    if date is None and not draft.date_unreadable:
        problems.append(Problem(name, "states no date; listed as undated", level="info"))
    if not source:
        problems.append(Problem(name, "names no publication; shown without a source", level="info"))
    author = _author(seed, source, body)
    language = detect_language(shown_title + "\n" + body.text, seed.text("language"))
    analysis = analyse(shown_title, body.text, body.html, rules, date=date, language=language, source=source,
                       site=urlsplit(original_url).hostname if original_url else None)
    article = Article(
        seed=name,
        title=shown_title,
        date=date,
        source=source,
        author=author,
        original_url=original_url,
        language=language,
        summary=plain_text(seed.text("summary"), limit=SUMMARY_CHARS) or _summary(body.lede or body.text),
        body_html=analysis.body_html,
        topics=analysis.topics,
        entities=analysis.entities,
        figures=analysis.figures,
        attribution=_with_unused_lines(body, author, source),
        image=safe_url(seed.value("image")) or body.cover_image,
        slug=seed.text("slug"),
        identity=article_identity(original_url, name),
        title_slug=title_slug(shown_title),
    )
    return article, problems


# ---------------------------------------------------------------------------------------------
# One function a field.

def _source_field(seed: SeedMeta) -> tuple[str | None, str | None]:
    """The publication the source fields name (the front matter's, then the page's site name), and
    a URL given there before it: "Source: https://…" (Pelican, MarkDownload, trafilatura) names the
    original, not the publication."""
    url = None
    for value in [seed.front_matter.get(name) for name in seed.names("source")] + [seed.page.get("source")]:
        text = as_text(value)
        if text and "://" in text and safe_url(text):
            url = url or safe_url(text)
        elif text:
            return text, url
    return None, url


def _original_url(stated: str | None, seed: SeedMeta, source_url: str | None) -> str | None:
    """The original article's address: the front matter's (`stated`), the saved page's (its canonical
    link, or the browser's note of where it was saved from), a URL given as the source."""
    return stated or safe_url(seed.page.get("original_url")) or source_url


def _title_before_cleaning(seed: SeedMeta, fragment: str, text: str, body_format: str) -> _Title:
    """The title known before the text is cleaned (cleaning drops its repeat): the front matter's or
    the page's, the first <h1>, or a plain text's first line when it reads as a headline (else its
    first sentence, which is not the article's own title)."""
    title = seed.text("title") or first_heading(fragment)
    if title or body_format != "text":
        return _Title(title)
    heading = title_from_text(strip_wire_lede(text))
    first_line = next((line.strip() for line in text.split("\n") if line.strip()), "")
    return _Title(heading, own=bool(heading) and heading == plain_text(first_line, limit=10_000))


def _title_from_body(body: CleanBody) -> _Title:
    """An untitled body's title: the first short line cleaning took out as its headline, else its
    first sentence (not the article's own title)."""
    if body.headline:
        return _Title(body.headline)
    return _Title(title_from_text(strip_wire_lede(body.text)), own=False)


def _publication_date(name: str, seed: SeedMeta, stated: dt.date | None, unreadable: bool, body: CleanBody,
                      lede: MetaLine) -> tuple[dt.date | None, list[Problem]]:
    """The date and a note on where it came from, when that needs one. The first of: the front
    matter's (`stated`; one that could not be read, `unreadable`, ends the search: the article is
    listed undated, not dated by a guess), the saved page's, the file name's (a Jekyll post's), the
    first line of the text that states one, else the wire lede's (a press release's dateline), and
    last the day a page was clipped (noted)."""
    if stated is not None or unreadable:
        return stated, []
    page_date = seed.page.get("date")
    date = ((parse_date(page_date) if page_date else None) or date_from_name(name)
            or parse_date(body.date or lede.date))
    if date is not None:
        return date, []
    saved = parse_date(first_value(seed.front_matter, seed.names("saved_date")))
    if saved is None:  # MarkDownload's, Obsidian's `created`: the day the page was saved
        return None, []
    return saved, [Problem(name, f"states no publication date; the date it was saved ({saved}) is used", level="info")]


def _author(seed: SeedMeta, source: str | None, body: CleanBody) -> str | None:
    """The writer: the front matter's or the page's, its name only and not the publication's; else
    a byline in the text."""
    return _writer(seed.text("author"), source, seed) or body.author


def _writer(author: str | None, source: str | None, seed: SeedMeta) -> str | None:
    """An 'author' as stated, without what is not a name; one that is only the publication's name
    (路透, 法广) is no author."""
    if not author:
        return None
    # a byline as a page shows it: "Stephen Nellis · reuters.com · 4 min read": the name only
    parts = [part.strip() for part in re.split(r"\s+[·•|]\s*|\s*[·•|]\s+|\s*;\s*", author)]
    parts = [part.title() if part.isupper() and part.isascii() and len(part) > 3 else part for part in parts]  # AP
    name = ", ".join(part for part in parts if part and not _NOT_A_NAME.search(part)) or None
    publication_names = {source}
    for field in seed.names("source_lists"):
        value = seed.front_matter.get(field)
        publication_names |= {as_text(item) for item in (value if isinstance(value, list) else [value])}
    return None if name in publication_names else name


_NOT_A_NAME = re.compile(r"^[\w-]+([ .][\w-]+)*[ .](com|net|org|co|cn|jp|uk|io|news)\b|\bmin(ute)?s? read\b|^\W+$",
                         re.IGNORECASE)


# ---------------------------------------------------------------------------------------------

def _with_unused_lines(body: CleanBody, author: str | None, source: str | None) -> str | None:
    """A byline or source line the front matter overruled ("作者：何谦" under the archive's poster)
    is kept with the credits below the article: it was taken out of the text, and is not lost."""
    def used(stated: str | None, shown: str | None) -> bool:
        if not stated:
            return True
        if not shown:
            return False
        return stated in shown or shown in stated  # 德国之声中文网 is 德国之声

    unused = [credit for line in body.stated_lines for credit in (
        f"来源：{line.source}" if not used(line.source, source) else "",
        f"作者：{line.author}" if not used(line.author, author) else "") if credit]
    return "\n".join(dict.fromkeys(unused + (body.attribution.split("\n") if body.attribution else []))) or None


def _summary(text: str) -> str:
    return plain_text(" ".join(text.split("\n")[:3]), limit=SUMMARY_CHARS)


def _too_wild_for_markdown(text: str) -> bool:
    return max(map(len, text.split("\n"))) > 20_000 or text.count("[") > 5_000
