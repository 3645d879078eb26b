"""Stage 3b: one cleaned article -> its topics (with scores and an excerpt), its entities,
its figures, and its body with the first mention of each topic and entity linked to that
page and each figure marked with an anchor for the investments table to link to.

Links point at `ROOT_MARK + "topics/<slug>/"`; the render stage swaps the mark for the
relative path from the article's page, so this stage needs no URL and can be cached.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from bs4 import BeautifulSoup, NavigableString, PageElement, Tag

from ..config.taxonomy import Matcher, Taxonomy, Term, is_word_letter
from ..model import ROOT_MARK, Figure, TopicHit
from ..timing import stage
from .blocks import parent_named
from .figures import extract_figures, same_worth

if TYPE_CHECKING:
    from ..config.rules import Rules

_NO_LINKS_INSIDE = {"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "figcaption", "script", "style"}
EXCERPT_CHARS = 90


@dataclass(frozen=True)
class Analysis:
    topics: tuple[TopicHit, ...]  # strongest first
    entities: tuple[str, ...]  # slugs, most mentioned first
    figures: tuple[Figure, ...]
    body_html: str


def _counts(matcher: Matcher, text: str) -> Counter[str]:
    return Counter(term.slug for term, _, _ in matcher.finditer(text))


def _excerpt(matcher: Matcher, slug: str, text: str) -> str:
    """The line with the most mentions of the topic, cut to a window around its first one."""
    best_line, best_count, first = "", 0, 0
    for line in text.split("\n"):
        spans = [start for term, start, _ in matcher.finditer(line) if term.slug == slug]
        if len(spans) > best_count:
            best_line, best_count, first = line, len(spans), spans[0]
    if not best_line:
        return ""
    start = max(0, first - EXCERPT_CHARS // 3)
    if start and best_line[start - 1].isalnum() and " " in best_line[start:first]:
        start = best_line.index(" ", start) + 1  # do not cut a Latin word in two
    end = min(len(best_line), start + EXCERPT_CHARS)
    if end < len(best_line) and best_line[end].isalnum() and " " in best_line[first:end]:
        end = best_line.rindex(" ", first, end)
    return ("…" if start else "") + best_line[start:end].strip() + ("…" if end < len(best_line) else "")


def _anchor_figures(soup: BeautifulSoup, root, figures: tuple[Figure, ...]) -> tuple[Figure, ...]:
    """Mark where each figure stands: a span around its text, or else an id on its paragraph."""
    anchored = []
    for index, figure in enumerate(figures, start=1):
        anchor = f"figure-{index}"
        node = root.find(string=lambda s, figure=figure: figure.text in s and not any(p.name == "span" and p.get("id")
                                                                       for p in s.parents))
        if node is not None:
            text = str(node)
            at = text.index(figure.text)
            span = soup.new_tag("span", id=anchor, attrs={"class": "na-figure"})
            span.string = figure.text
            node.replace_with(NavigableString(text[:at]), span, NavigableString(text[at + len(figure.text):]))
        else:
            block = next((b for b in root.find_all(["p", "li", "td", "blockquote"])
                          if figure.text in b.get_text() and not b.get("id")), None)
            if block is None:
                anchor = ""
            else:
                block["id"] = anchor
        anchored.append(replace(figure, anchor=anchor))
    return tuple(anchored)


def _masked(text: str, names: tuple[str, ...]) -> str:
    """The text with the publication's own name blanked out, position for position: 中国 in
    "中国经济网北京2月24日讯" or "中国数字时代" is the paper speaking, not a mention of China."""
    for name in names:
        if name in text:
            text = text.replace(name, " " * len(name))
    return text


def _link_first_mentions(soup: BeautifulSoup, root, taxonomy: Taxonomy, topics: set[str], entities: set[str],
                         masks: tuple[str, ...] = ()) -> None:
    pending: dict[tuple[str, str], Term] = {}
    for slug in topics:
        pending[("topics", slug)] = taxonomy.topic(slug)
    for slug in entities:
        pending[("entities", slug)] = taxonomy.entity(slug)
    for node in list(root.find_all(string=True)):
        if not pending:
            break
        if not isinstance(node, NavigableString) or any(p.name in _NO_LINKS_INSIDE for p in node.parents):
            continue
        text = str(node)
        seen = _masked(text, masks)
        # topics first: where an alias is both (软银), the topic page is the richer one
        matches = [("topics", m) for m in taxonomy.topic_matcher.finditer(seen)]
        matches += [("entities", m) for m in taxonomy.entity_matcher.finditer(seen)]
        matches.sort(key=lambda item: (item[1][1], item[0] != "topics"))
        pieces: list[str | Tag] = []
        cursor = 0
        for folder, (term, start, end) in matches:
            if start < cursor or (folder, term.slug) not in pending:
                continue
            if _glued(node, text, start, end):
                continue
            pending.pop((folder, term.slug))
            pieces.append(text[cursor:start])
            link = soup.new_tag("a", href=f"{ROOT_MARK}{folder}/{term.slug}/", attrs={"class": "na-term"})
            link.string = text[start:end]
            pieces.append(link)
            cursor = end
        if pieces:
            pieces.append(text[cursor:])
            node.replace_with(*(NavigableString(p) if isinstance(p, str) else p for p in pieces if p != ""))


def _glued(node: NavigableString, text: str, start: int, end: int) -> bool:
    """Is a Latin match at the edge of its text node glued to a letter in the next node ("Open<b>AI</b>")?"""
    if start == 0 and is_word_letter(text[:1]):
        before = node.find_previous(string=True)
        if before and is_word_letter(str(before)[-1:]) and _same_block(node, before):
            return True
    if end == len(text) and is_word_letter(text[-1:]):
        after = node.find_next(string=True)
        if after and is_word_letter(str(after)[:1]) and _same_block(node, after):
            return True
    return False


_BLOCK_NAMES = frozenset(("p", "li", "td", "th", "h2", "h3", "h4", "h5", "h6", "blockquote", "figcaption", "dd", "dt"))


def _same_block(one: PageElement, other: PageElement) -> bool:
    return parent_named(one, _BLOCK_NAMES) is parent_named(other, _BLOCK_NAMES)


def analyse(title: str, text: str, body_html: str, rules: Rules, *, date: dt.date | None = None,
            language: str = "zh", source: str | None = None, site: str | None = None) -> Analysis:
    """`site`: the host name of the article's original URL (where a bare 元 is likely from)."""
    taxonomy = rules.taxonomy
    # the publication's name (3 characters or more) is not a mention of what it contains
    masks = (source,) if source and len(source) >= 3 else ()
    with stage("topics"):
        hits, entities = _topics_and_entities(title, text, taxonomy, _masked(text, masks))
    with stage("figures"):
        figures = extract_figures(text, date=date, language=language, taxonomy=taxonomy, rules=rules.money, site=site,
                                  title=title)
        figures += _title_only(title, figures, date=date, language=language, rules=rules, site=site)
    if not figures and not hits and not entities:
        return Analysis(tuple(hits), entities, figures, body_html)  # nothing to mark: no second parse
    with stage("links"):
        soup = BeautifulSoup(body_html, "lxml")
        root = soup.body or soup
        figures = _anchor_figures(soup, root, figures)
        _link_first_mentions(soup, root, taxonomy, {h.slug for h in hits}, set(entities), masks)
        html = "".join(str(child) for child in root.children)
    return Analysis(tuple(hits), entities, figures, html)


def _title_only(title: str, figures: tuple[Figure, ...], *, date: dt.date | None, language: str, rules: Rules,
                site: str | None) -> tuple[Figure, ...]:
    """The amounts a title gives that the text does not ("阿里巴巴以280亿港元收购高鑫零售", its first line
    removed as the title's repeat): read from the title alone; not one given only by its size, which
    says nothing of which sum the text means, nor one worth about as much as one the text gives (a
    headline's "100 亿美元" for the text's "1.23 万亿日元")."""
    said = {(f.currency, round(f.value, 6)) for f in figures}  # (a currency we hold no rate for is not judged by worth)
    return tuple(f for f in extract_figures(title, date=date, language=language, taxonomy=rules.taxonomy,
                                            rules=rules.money, site=site, title=title)
                 if f.qualifier != "vague" and (f.currency, round(f.value, 6)) not in said
                 and not any(same_worth(f.usd, other.usd) for other in figures))


def _topics_and_entities(title: str, text: str, taxonomy: Taxonomy, counted: str | None = None
                         ) -> tuple[list[TopicHit], tuple[str, ...]]:
    """Topics and entities of an article; `counted` is the text they are counted in (the text with the
    publication's name blanked), `text` the one excerpts are taken from."""
    counted = text if counted is None else counted
    topic_title = _counts(taxonomy.topic_matcher, title)
    topic_body = _counts(taxonomy.topic_matcher, counted)
    hits = []
    for term in taxonomy.topics:
        score = taxonomy.title_weight * topic_title[term.slug] + topic_body[term.slug]
        if score >= taxonomy.threshold:
            mentions = topic_title[term.slug] + topic_body[term.slug]
            excerpt = _excerpt(taxonomy.topic_matcher, term.slug, text) or title
            hits.append(TopicHit(term.slug, score, mentions, excerpt))
    hits.sort(key=lambda hit: (-hit.score, hit.slug))

    entity_counts = _counts(taxonomy.entity_matcher, title) + _counts(taxonomy.entity_matcher, counted)
    entities = tuple(slug for slug, _ in sorted(entity_counts.items(), key=lambda item: (-item[1], item[0])))
    return hits, entities
