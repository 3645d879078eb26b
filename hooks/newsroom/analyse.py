"""Stage 3b: one cleaned article -> its topics (with scores and an excerpt), its entities,
and its body with the first mention of each topic and entity linked to that page.

Links point at `ROOT_MARK + "topics/<slug>/"`; the render stage swaps the mark for the
relative path from the article's page, so this stage needs no URL and can be cached.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from bs4 import BeautifulSoup, NavigableString

from .model import TopicHit
from .taxonomy import Matcher, Taxonomy, Term

ROOT_MARK = "@@root@@/"
_NO_LINKS_INSIDE = {"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "figcaption", "script", "style"}
EXCERPT_CHARS = 90


@dataclass(frozen=True)
class Analysis:
    topics: tuple[TopicHit, ...]  # strongest first
    entities: tuple[str, ...]  # slugs, most mentioned first
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


def _link_first_mentions(body_html: str, taxonomy: Taxonomy, topics: set[str], entities: set[str]) -> str:
    if not topics and not entities:
        return body_html
    soup = BeautifulSoup(body_html, "lxml")
    root = soup.body or soup
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
        # topics first: where an alias is both (软银), the topic page is the richer one
        matches = [("topics", m) for m in taxonomy.topic_matcher.finditer(text)]
        matches += [("entities", m) for m in taxonomy.entity_matcher.finditer(text)]
        matches.sort(key=lambda item: (item[1][1], item[0] != "topics"))
        pieces, cursor = [], 0
        for folder, (term, start, end) in matches:
            if start < cursor or (folder, term.slug) not in pending:
                continue
            pending.pop((folder, term.slug))
            pieces.append(text[cursor:start])
            link = soup.new_tag("a", href=f"{ROOT_MARK}{folder}/{term.slug}/", attrs={"class": "na-term"})
            link.string = text[start:end]
            pieces.append(link)
            cursor = end
        if pieces:
            pieces.append(text[cursor:])
            for piece in pieces:
                node.insert_before(piece if not isinstance(piece, str) else NavigableString(piece))
            node.extract()
    return "".join(str(child) for child in root.children)


def analyse(title: str, text: str, body_html: str, taxonomy: Taxonomy) -> Analysis:
    topic_title = _counts(taxonomy.topic_matcher, title)
    topic_body = _counts(taxonomy.topic_matcher, text)
    hits = []
    for term in taxonomy.topics:
        score = taxonomy.title_weight * topic_title[term.slug] + topic_body[term.slug]
        if score >= taxonomy.threshold:
            mentions = topic_title[term.slug] + topic_body[term.slug]
            excerpt = _excerpt(taxonomy.topic_matcher, term.slug, text) or title
            hits.append(TopicHit(term.slug, score, mentions, excerpt))
    hits.sort(key=lambda hit: (-hit.score, hit.slug))

    entity_counts = _counts(taxonomy.entity_matcher, title) + _counts(taxonomy.entity_matcher, text)
    entities = tuple(slug for slug, _ in sorted(entity_counts.items(), key=lambda item: (-item[1], item[0])))
    linked = _link_first_mentions(body_html, taxonomy, {h.slug for h in hits}, set(entities))
    return Analysis(tuple(hits), entities, linked)
