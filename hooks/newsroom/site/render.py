"""Stage 5: the archive -> generated pages (HTML bodies + page metadata) and articles.json.

Pages are rendered to HTML here rather than to Markdown, from the templates in templates/:
article bodies are already sanitized HTML, and skipping Markdown keeps every value escaped
exactly once (by the templates). Python here only shapes the data they show.
Links between generated pages are relative, so the site works under any base path.
"""
from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

from ..config.taxonomy import Taxonomy, Term
from ..kept import Kept
from ..model import ROOT_MARK, Article, Figure, PageParts, TopicHit
from . import investments
from .archive import Archive
from .article_page import page_parts, source_slug
from .serialise import json_line, json_lines, json_text
from .templating import Words, macros, render

LATEST_ON_HOME = 20
# A long list (a month, a topic, an entity, a source) is cut into pages (`paged`): the first holds
# from this many to twice as many less one of its newest articles (at most about 150 KB of HTML, with
# a topic's excerpts too), so that no page is heavy on a phone at 60,000 articles.
PER_PAGE = 250
PER_PAGE_WITH_EXCERPTS = 125
# The order of the entities page's sections (their headings are words.entity_kinds); other kinds go last.
KIND_ORDER = ("company", "government", "person", "project", "organisation", "place", "entity")
# The generated pages that mkdocs.yml's nav lists; every other generated page stays out of the sidebar.
NAV_PAGES = ("index.md", "archive/index.md", "topics/index.md", "entities/index.md", "sources/index.md",
             "investments/index.md")


@dataclass(frozen=True)
class GeneratedPage:
    """One page of the site: where it lives, what MkDocs sees as its metadata, its HTML body."""

    path: str  # docs-relative Markdown path, e.g. "articles/2024/12/x.md"
    title: str
    html: str
    meta: dict[str, Any] = field(default_factory=dict)
    search_html: str = ""  # what goes into the search index (article pages only): the article, no extras
    month: str = ""  # an article's month of publication, "2025-03" ("" undated): its search shard
    files: dict[str, str] = field(default_factory=dict)  # what the page loads on demand (its tables' rows), by site path

    @property
    def url(self) -> str:
        return page_url(self.path)


def page_url(path: str) -> str:
    """docs path -> site-relative directory URL ("archive/index.md" -> "archive/")."""
    stem = path.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


def relative(from_url: str, to_url: str) -> str:
    """Relative link between two site-relative directory URLs ("topics/ai/", "articles/2025/01/x/" -> "../../../../articles/2025/01/x/").

    Segment by segment rather than posixpath.relpath, which normalises and was a tenth of the page generation time.
    """
    source = [part for part in from_url.split("/") if part]
    target = [part for part in to_url.split("/") if part]
    common = 0
    while common < len(source) and common < len(target) and source[common] == target[common]:
        common += 1
    parts = [".."] * (len(source) - common) + target[common:]
    if not parts:
        return "./"
    return "/".join(parts) + ("/" if to_url.endswith("/") else "")


def root_prefix(here: str) -> str:
    """From a page's directory URL to the site root: "topics/ai/" -> "../../"."""
    return "../" * here.count("/")


# ---------------------------------------------------------------------------------------------
# Small pieces

# An article's list entry by URL, with what it is made of: the archive, its topics, entities, sources
# and related lists show each article up to a dozen times. Kept from build to build (the templates are
# read once a process): a rebuild under `mkdocs serve` writes the new and the edited ones only.
_entries: Kept[str] = Kept()


def _entry(article: Article, words: Words, lists: Any) -> str:
    # the words and the template themselves, not only their names: tests swap both in one process
    return _entries.get(article.url, (article.date, article.title, article.source, words, lists),
                        lambda: str(lists.entry(article=article, words=words)))


def _entries_for(articles: Iterable[Article], here: str, words: Words) -> list[str]:
    """The articles' list entries (HTML, templates/lists.html), linked from the page at `here`."""
    prefix = root_prefix(here)
    lists = macros("lists.html")  # once a list: looked up for each of 60,000 entries, a tenth of a second
    # the link: the first mark, never a title's
    return [_entry(article, words, lists).replace(ROOT_MARK, prefix, 1) for article in articles]


class Pager(NamedTuple):
    """Where one page of a long list stands among its pages, with links to all of them."""

    number: int  # 1-based
    total: int  # pages in all
    links: tuple[tuple[int, str], ...]  # (number, href from this page) of every page

    @property
    def previous(self) -> str | None:
        return self.links[self.number - 2][1] if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.links[self.number][1] if self.number < self.total else None


def paged(folder: str, items: list[Any], per_page: int) -> list[tuple[str, list[Any], Pager]]:
    """A list, newest first, cut into pages: (where the page is, its items, its pager), the first at `folder`.

    The pages after the first hold runs of `per_page` counted from the list's end, the oldest: the run
    of the oldest is at <folder>page/1/, the next at page/2/, and so on, and the first page holds the
    rest (per_page to 2 × per_page - 1 items). A new article at the top of the list changes the first
    page alone, not every page after it by one row: the pages a build renders again after one new
    seed (issue 17, item 3). A page's number, shown, counts from the newest."""
    runs = len(items) // per_page
    if runs <= 1:
        chunks, heres = [items], [folder]
    else:
        first = len(items) - (runs - 1) * per_page
        chunks = [items[:first]] + [items[start:start + per_page] for start in range(first, len(items), per_page)]
        heres = [folder] + [f"{folder}page/{run}/" for run in range(runs - 1, 0, -1)]
    return [(here, chunk, Pager(number, len(chunks), tuple((n, relative(here, to)) for n, to in enumerate(heres, 1))))
            for number, (here, chunk) in enumerate(zip(heres, chunks, strict=True), 1)]


def _page_path(here: str) -> str:
    return f"{here}index.md"


def page_title(title: str, pager: Pager, words: Words) -> str:
    return title if pager.number == 1 else f"{title} · {words.page_number.format(number=pager.number, count=pager.total)}"


def _page(path: str, title: str, html: str, search_html: str = "", **meta: Any) -> GeneratedPage:
    return GeneratedPage(path, title, html, {"title": title, "hide": ["toc"], **meta}, search_html)


# ---------------------------------------------------------------------------------------------
# Article pages

# Each article's page by URL, with what it was made of: kept from build to build like the entries, so
# a rebuild under `mkdocs serve` makes only the pages of new and edited articles and of those whose
# related list changed (a second at 10,000 articles otherwise).
_article_pages: Kept[GeneratedPage] = Kept()


def article_pages(articles: Iterable[Article], taxonomy: Taxonomy, titles: dict[str, Article], words: Words
                  ) -> list[GeneratedPage]:
    templates = (macros("article.html"), macros("lists.html"))  # looked up once, not for each of 10,000 pages
    return [article_page(article, taxonomy, titles, words, templates) for article in articles]


def article_page(article: Article, taxonomy: Taxonomy, titles: dict[str, Article], words: Words,
                 templates: tuple[Any, Any]) -> GeneratedPage:
    parts = article.page or page_parts(article, taxonomy, words)  # made once per article, cached by the pipeline
    related = [titles[url] for url in article.related]
    # what its related list shows of each (an entry's own inputs: `_entry`), not the entries: making 60,000
    # of them at each rebuild to compare them took a fifth of a second at 10,000 articles
    shown = tuple((other.url, other.date, other.title, other.source) for other in related)
    made_of = (article.path, article.title, article.date, parts, article.body_html, shown, words, templates)
    return _article_pages.get(article.url, made_of,
                              lambda: _article_page(article, parts, _entries_for(related, article.url, words), words,
                                                    templates[0]))


def _article_page(article: Article, parts: PageParts, related: list[str], words: Words, page_macros: Any
                  ) -> GeneratedPage:
    prefix = root_prefix(article.url)
    main = (parts.head + article.body_html + parts.tail).replace(ROOT_MARK, prefix)
    extras = parts.extras.replace(ROOT_MARK, prefix)
    if related:
        extras += str(page_macros.related(entries=related, words=words))  # str: Markup would escape `main`
    # no navigation drawer: the logo leads home, the page's own links to its month, source, topics and
    # entities (issue 17: 60,000 articles repeat no menu)
    page = _page(article.path, article.title, main + extras, search_html=main, description=parts.description,
                 hide=["navigation", "toc"])
    return replace(page, month=f"{article.date:%Y-%m}" if article.date else "")


# ---------------------------------------------------------------------------------------------
# Home and the archive by month

def _months(archive: Archive) -> dict[str, list[Article]]:
    months: dict[str, list[Article]] = defaultdict(list)
    for article in archive.articles:
        months[f"{article.date:%Y/%m}" if article.date else "undated"].append(article)
    return months


def _month_title(key: str, words: Words) -> str:
    return words.undated if key == "undated" else words.month_title.format(year=key[:4], month=int(key[5:]))


class _Month(NamedTuple):
    href: str
    title: str
    articles: int


def listing_pages(archive: Archive, site_name: str, words: Words) -> list[GeneratedPage]:
    """Home (latest articles), the archive by month, and one page per month."""
    months = _months(archive)
    order = sorted((k for k in months if k != "undated"), reverse=True) + (["undated"] if "undated" in months else [])

    def month_list(here: str) -> list[_Month]:
        return [_Month(relative(here, f"archive/{key}/"), _month_title(key, words), len(months[key])) for key in order]

    count = len(archive.articles)
    pages = [
        _page("index.md", site_name, render("home.html", site_name=site_name, count=count, words=words,
                                            latest=_entries_for(archive.articles[:LATEST_ON_HOME], "", words),
                                            months=month_list(""))),
        _page("archive/index.md", words.archive,
              render("archive.html", count=count, months=month_list("archive/"), words=words)),
    ]
    for key in order:
        title = _month_title(key, words)
        for here, chunk, pager in paged(f"archive/{key}/", months[key], PER_PAGE):
            pages.append(_page(_page_path(here), page_title(title, pager, words),
                               render("month.html", title=title, back=relative(here, "archive/"), pager=pager,
                                      entries=_entries_for(chunk, here, words), words=words)))
    return pages


# ---------------------------------------------------------------------------------------------
# Topics, entities, sources

def topic_pages(archive: Archive, taxonomy: Taxonomy, words: Words) -> list[GeneratedPage]:
    members: dict[str, list[tuple[Article, TopicHit]]] = {t.slug: [] for t in taxonomy.topics}
    for article in archive.articles:
        for hit in article.topics:
            members[hit.slug].append((article, hit))
    pages = [_page("topics/index.md", words.topics,
                   render("topics.html", topics=[(t, len(members[t.slug])) for t in taxonomy.topics], words=words))]
    for topic in taxonomy.topics:
        title = f"{topic.name_zh} {topic.name_en}"
        deals = investments.events(investments.rows(article for article, _ in members[topic.slug]))
        for here, chunk, pager in paged(f"topics/{topic.slug}/", members[topic.slug], PER_PAGE_WITH_EXCERPTS):
            entries = _entries_for((article for article, _ in chunk), here, words)
            first = pager.number == 1  # the figures table, under the first page's list
            html = render("topic.html", topic=topic, here_to_root=root_prefix(here), pager=pager,
                          aliases=words.list_separator.join(topic.aliases), count=len(members[topic.slug]),
                          members=list(zip(entries, (hit for _, hit in chunk), strict=True)),
                          total=investments.total_text(deals, words) if deals and first else "",
                          all_figures=relative(here, "investments/"),
                          figures=investments.table_rows(_largest_deals(deals), taxonomy, _figure_link(here), words)
                          if first else [], deals_count=len(deals),
                          words=words)
            pages.append(_page(_page_path(here), page_title(title, pager, words), html,
                               feed=f"feed-{topic.slug}.xml", feed_title=title))
    return pages


def entity_pages(archive: Archive, taxonomy: Taxonomy, words: Words,
                 deals: list[investments.Event] | None = None) -> list[GeneratedPage]:
    """`deals`: the archive's (investments.events), when the caller has them already."""
    members: dict[str, list[Article]] = defaultdict(list)
    for article in archive.articles:
        for slug in article.entities:
            members[slug].append(article)
    present = [e for e in taxonomy.entities if members[e.slug]]
    groups: dict[str, list[tuple[Term, int]]] = defaultdict(list)
    for entity in sorted(present, key=lambda e: (-len(members[e.slug]), e.slug)):
        groups[entity.kind].append((entity, len(members[entity.slug])))
    ordered = sorted(groups.items(), key=lambda item: KIND_ORDER.index(item[0]) if item[0] in KIND_ORDER else 99)
    pages = [_page("entities/index.md", words.entities, render("entities.html", groups=ordered, words=words))]
    deals_of: dict[str, list[investments.Event]] = defaultdict(list)
    for deal in deals if deals is not None else investments.events(investments.rows(archive.articles)):
        for slug in {party for party in (deal.figure.actor, deal.figure.target) if party}:
            deals_of[slug].append(deal)
    for entity in present:
        for here, chunk, pager in paged(f"entities/{entity.slug}/", members[entity.slug], PER_PAGE):
            # the deals it takes part in, under the first page's list
            own = deals_of.get(entity.slug, []) if pager.number == 1 else []
            pages.append(_page(_page_path(here), page_title(entity.label, pager, words),
                               render("entity.html", entity=entity, aliases=words.list_separator.join(entity.aliases),
                                      entries=_entries_for(chunk, here, words), count=len(members[entity.slug]),
                                      pager=pager, deals_count=len(own),
                                      deals=investments.table_rows(_largest_deals(own), taxonomy, _figure_link(here),
                                                                   words),
                                      flows=investments.flows(own, taxonomy, words),
                                      pays=investments.sums_text([d for d in own if d.figure.actor == entity.slug],
                                                                 words),
                                      receives=investments.sums_text([d for d in own if d.figure.target == entity.slug],
                                                                     words),
                                      all_figures=relative(here, "investments/"), words=words)))
    return pages


def source_pages(archive: Archive, words: Words) -> list[GeneratedPage]:
    members: dict[str, list[Article]] = defaultdict(list)
    names: dict[str, str] = {}
    for article in archive.articles:
        slug = source_slug(article.source)
        members[slug].append(article)
        names.setdefault(slug, article.source or words.unknown_source)
    order = sorted(members, key=lambda slug: (-len(members[slug]), names[slug]))
    pages = [_page("sources/index.md", words.sources,
                   render("sources.html", sources=[(slug, names[slug], len(members[slug])) for slug in order],
                          words=words))]
    for slug in order:
        for here, chunk, pager in paged(f"sources/{slug}/", members[slug], PER_PAGE):
            pages.append(_page(_page_path(here), page_title(names[slug], pager, words),
                               render("source.html", name=names[slug], entries=_entries_for(chunk, here, words),
                                      count=len(members[slug]), pager=pager, words=words)))
    return pages


def _figure_link(here: str) -> Callable[[Article, Figure], str]:
    return lambda article, figure: relative(here, article.url) + (f"#{figure.anchor}" if figure.anchor else "")


# The investments page's tables (the investments, the valuations) hold this many rows in the page;
# the rest are in investments/rows/<k>.json and investments/valuations/<k>.json, ROWS_PER_FILE
# each, which the page loads when a reader sorts, filters or asks for more
# (docs/assets/investments.js): the page stays light however many deals the archive holds.
TABLE_ROWS = 200
ROWS_PER_FILE = 500
_ROW_FILES = {"rows": "investments/rows/", "valuations": "investments/valuations/"}
# A topic's or an entity's deals: the largest this many, the rest on the investments page.
DEALS_SHOWN = 100


def _rows_in_files(folder: str, rows: list[investments.TableRow], words: Words) -> dict[str, str]:
    """A table's rows after its page's own, as JSON files of `<tr>` markup, by site path."""
    row = macros("figures.html").figure_row
    rest = rows[TABLE_ROWS:]
    return {f"{folder}{number}.json": json_text([str(row(item, words)) for item in rest[start:start + ROWS_PER_FILE]])
            for number, start in enumerate(range(0, len(rest), ROWS_PER_FILE), 1)}


def _more_files(here: str, name: str, rows: list[Any]) -> list[str]:
    count = -(-max(len(rows) - TABLE_ROWS, 0) // ROWS_PER_FILE)
    return [relative(here, f"{_ROW_FILES[name]}{number}.json") for number in range(1, count + 1)]


def _largest_deals(deals: list[investments.Event]) -> list[investments.Event]:
    """The DEALS_SHOWN largest deals, in the table's own order."""
    if len(deals) <= DEALS_SHOWN:
        return deals
    largest = {id(deal) for deal in sorted(deals, key=lambda deal: -(deal.figure.usd or 0))[:DEALS_SHOWN]}
    return [deal for deal in deals if id(deal) in largest]


def investments_page(archive: Archive, taxonomy: Taxonomy, rates_source: str, words: Words,
                     deals: list[investments.Event] | None = None) -> GeneratedPage:
    """The investments page, with its tables' rows after the first TABLE_ROWS as its `files`."""
    here = "investments/"
    deals = deals if deals is not None else investments.events(investments.rows(archive.articles))
    link = _figure_link(here)
    tables = {"rows": investments.table_rows(deals, taxonomy, link, words),
              "valuations": investments.table_rows(investments.valuations(archive.articles), taxonomy, link, words)}
    html = render("investments.html", chart=investments.chart(deals, words),
                  rows_left=max(len(tables["rows"]) - TABLE_ROWS, 0), more=_more_files(here, "rows", tables["rows"]),
                  valuations_left=max(len(tables["valuations"]) - TABLE_ROWS, 0),
                  valuations_more=_more_files(here, "valuations", tables["valuations"]),
                  largest=min(len(deals), investments.CHART_BARS), topics=taxonomy.topics,
                  kinds=[kind for kind in investments.TABLE_KINDS if any(d.figure.kind == kind for d in deals)],
                  currencies=sorted({deal.figure.currency for deal in deals}),
                  total=investments.total_text(deals, words), rates_source=rates_source,
                  rows=tables["rows"][:TABLE_ROWS],
                  flows=investments.flows(deals, taxonomy, words), pledges=investments.pledges_by_year(deals, words),
                  valuations=tables["valuations"][:TABLE_ROWS], words=words)
    files = {path: text for name, rows in tables.items() for path, text in _rows_in_files(_ROW_FILES[name], rows, words).items()}
    return replace(_page("investments/index.md", words.figures, html), files=files)


def all_pages(archive: Archive, taxonomy: Taxonomy, site_name: str, words: Words,
              rates_source: str = "", deals: list[investments.Event] | None = None) -> list[GeneratedPage]:
    """Every generated page; `deals`: the archive's (investments.events), made here when not given."""
    by_url = {article.url: article for article in archive.articles}
    deals = deals if deals is not None else investments.events(investments.rows(archive.articles))
    pages = (article_pages(archive.articles, taxonomy, by_url, words)
            + listing_pages(archive, site_name, words) + topic_pages(archive, taxonomy, words)
            + entity_pages(archive, taxonomy, words, deals) + source_pages(archive, words)
            + [investments_page(archive, taxonomy, rates_source, words, deals)])
    for kept in (_entries, _article_pages):  # forget the articles that are gone
        kept.keep_only(by_url)
    return pages


# ---------------------------------------------------------------------------------------------
# articles.json

def article_record(article: Article) -> dict[str, Any]:
    """An article in articles.json. Its related articles are on its page only: five URLs an article
    were half of this file (issue 17: 30 MB at 60,000 articles), and they change with every new one."""
    return {
        "url": article.url,
        "title": article.title,
        "date": article.date.isoformat() if article.date else None,
        "source": article.source,
        "author": article.author,
        "original_url": article.original_url,
        "language": article.language,
        "seed": article.seed,
        "summary": article.summary,
        "topics": [hit.slug for hit in article.topics],
        "entities": list(article.entities),
        "figures": len(article.figures),
    }


# Each article's line of articles.json by URL, with its record: kept from build to build like the pages,
# so a rebuild under `mkdocs serve` encodes only the new and edited articles' records.
_records: Kept[str] = Kept()


def articles_json(archive: Archive) -> str:
    records = [(article.url, article_record(article)) for article in archive.articles]
    lines = [_records.get(url, record, functools.partial(json_line, record)) for url, record in records]
    _records.keep_only([url for url, _ in records])
    return json_lines(lines)
