"""Stage 5: the archive -> generated pages (HTML bodies + page metadata) and articles.json.

Pages are rendered to HTML here rather than to Markdown: article bodies are already
sanitized HTML, and skipping Markdown keeps every value escaped exactly once.
Links between generated pages are relative, so the site works under any base path.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable

from markupsafe import escape

from . import investments
from .archive import Archive
from .article_page import UNKNOWN_SOURCE, page_parts, source_slug, time_html
from ..model import ROOT_MARK, Article
from .serialise import json_text
from ..config.taxonomy import Taxonomy

LATEST_ON_HOME = 20
KIND_NAMES = {"company": "公司", "government": "政府机构", "person": "人物", "project": "项目",
              "organisation": "机构", "place": "国家与地区", "entity": "其他"}
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

# An article's list item, by URL, written once per build (all_pages empties it): the archive,
# its topics, entities, sources and related lists show each article up to a dozen times.
_items: dict[str, str] = {}


def _item(article: Article, here: str, extra: str = "") -> str:
    item = _items.get(article.url)
    if item is None:
        source = f' <span class="na-source">{escape(article.source)}</span>' if article.source else ""
        item = _items[article.url] = (f'<li>{time_html(article)} <a href="{ROOT_MARK}{escape(article.url)}">'
                                      f'{escape(article.title)}</a>{source}')
    return item.replace(ROOT_MARK, root_prefix(here), 1) + extra + "</li>"


def _list(articles: Iterable[Article], here: str) -> str:
    items = [_item(article, here) for article in articles]
    return '<ul class="na-list">\n' + "\n".join(items) + "\n</ul>" if items else "<p>暂无文章。</p>"


def _page(path: str, title: str, html: str, search_html: str = "", **meta: Any) -> GeneratedPage:
    return GeneratedPage(path, title, html, {"title": title, "hide": ["toc"], **meta}, search_html)


# ---------------------------------------------------------------------------------------------
# Article pages

def article_page(article: Article, taxonomy: Taxonomy, titles: dict[str, Article]) -> GeneratedPage:
    parts = article.page or page_parts(article, taxonomy)  # made in the seed stage, cached with the article
    prefix = root_prefix(article.url)
    main = (parts.head + article.body_html + parts.tail).replace(ROOT_MARK, prefix)
    extras = parts.extras.replace(ROOT_MARK, prefix)
    if article.related:
        extras += ('\n<section class="na-related"><h2 id="related">相关文章</h2>\n'
                   + _list((titles[url] for url in article.related), article.url) + "</section>")
    return _page(article.path, article.title, main + extras, search_html=main, description=article.summary)


# ---------------------------------------------------------------------------------------------
# Home and the archive by month

def _months(archive: Archive) -> dict[str, list[Article]]:
    months: dict[str, list[Article]] = defaultdict(list)
    for article in archive.articles:
        months[f"{article.date:%Y/%m}" if article.date else "undated"].append(article)
    return months


def _month_title(key: str) -> str:
    return "日期不详" if key == "undated" else f"{key[:4]} 年 {int(key[5:])} 月"


def listing_pages(archive: Archive, site_name: str) -> list[GeneratedPage]:
    """Home (latest articles), the archive by month, and one page per month."""
    months = _months(archive)
    order = sorted((k for k in months if k != "undated"), reverse=True) + (["undated"] if "undated" in months else [])

    def month_list(here: str) -> str:
        return '<ul class="na-months">\n' + "\n".join(
            f'<li><a href="{relative(here, f"archive/{key}/")}">{_month_title(key)}</a> '
            f'<span class="na-count">{len(months[key])}</span></li>' for key in order) + "\n</ul>"

    count = len(archive.articles)
    pages = [
        _page("index.md", site_name,
              f'<h1>{escape(site_name)}</h1>\n<p class="na-lede">共 {count} 篇文章。'
              f'<a href="archive/">按月浏览</a> · <a href="topics/">专题</a> · <a href="entities/">机构与人物</a> · '
              f'<a href="sources/">来源</a></p>\n<h2 id="latest">最新文章</h2>\n'
              f'{_list(archive.articles[:LATEST_ON_HOME], "")}\n<h2 id="months">按月归档</h2>\n{month_list("")}'),
        _page("archive/index.md", "归档",
              f'<h1>归档</h1>\n<p>按月份排列，最新在前。共 {count} 篇文章。</p>\n{month_list("archive/")}'),
    ]
    for key in order:
        here = f"archive/{key}/"
        pages.append(_page(f"archive/{key}/index.md", _month_title(key),
                           f'<h1>{_month_title(key)}</h1>\n<p><a href="{relative(here, "archive/")}">← 全部月份</a></p>\n'
                           f'{_list(months[key], here)}'))
    return pages


# ---------------------------------------------------------------------------------------------
# Topics, entities, sources

def topic_pages(archive: Archive, taxonomy: Taxonomy) -> list[GeneratedPage]:
    members: dict[str, list[tuple[Article, Any]]] = {t.slug: [] for t in taxonomy.topics}
    for article in archive.articles:
        for hit in article.topics:
            members[hit.slug].append((article, hit))
    index_items = "\n".join(
        f'<li><a href="{t.slug}/">{escape(t.name_zh)} <span class="na-en">{escape(t.name_en)}</span></a> '
        f'<span class="na-count">{len(members[t.slug])}</span></li>' for t in taxonomy.topics)
    pages = [_page("topics/index.md", "专题",
                   f'<h1>专题</h1>\n<p>每个专题收录提及其关键词足够多的文章。</p>\n<ul class="na-topics">\n{index_items}\n</ul>')]
    for topic in taxonomy.topics:
        here = f"topics/{topic.slug}/"
        items = []
        for article, hit in members[topic.slug]:
            extra = (f'<br><span class="na-excerpt">{escape(hit.excerpt)}</span> '
                     f'<span class="na-mentions" title="提及次数">提及 {hit.mentions} 次</span>')
            items.append(_item(article, here, extra))
        listing = ('<ul class="na-list na-list--excerpts">\n' + "\n".join(items) + "\n</ul>") if items else "<p>暂无文章。</p>"
        aliases = "、".join(escape(a) for a in topic.aliases)
        figures = investments.rows(article for article, _ in members[topic.slug])
        figures_html = ""
        if figures:
            figures_html = (f'\n<h2 id="figures">投资数额</h2>\n<p>{investments.total_text(figures)}。'
                            f'<a href="{relative(here, "investments/")}">全部投资数额 →</a></p>\n'
                            + investments.table(figures, taxonomy, _figure_link(here)))
        pages.append(_page(f"topics/{topic.slug}/index.md", f"{topic.name_zh} {topic.name_en}",
                           f'<h1>{escape(topic.name_zh)} <span class="na-en">{escape(topic.name_en)}</span></h1>\n'
                           f'<p>{len(items)} 篇文章，最新在前。关键词：{aliases}。'
                           f'<a href="{root_prefix(here)}feed-{topic.slug}.xml" type="application/rss+xml">订阅 RSS</a></p>\n'
                           f'{listing}{figures_html}',
                           feed=f"feed-{topic.slug}.xml", feed_title=f"{topic.name_zh} {topic.name_en}"))
    return pages


def entity_pages(archive: Archive, taxonomy: Taxonomy) -> list[GeneratedPage]:
    members: dict[str, list[Article]] = defaultdict(list)
    for article in archive.articles:
        for slug in article.entities:
            members[slug].append(article)
    present = [e for e in taxonomy.entities if members[e.slug]]
    groups = defaultdict(list)
    for entity in sorted(present, key=lambda e: (-len(members[e.slug]), e.slug)):
        groups[entity.kind].append(entity)
    sections = "\n".join(
        f'<h2 id="{kind}">{KIND_NAMES.get(kind, kind)}</h2>\n<ul class="na-terms">\n' + "\n".join(
            f'<li><a href="{e.slug}/">{escape(e.label)}</a> <span class="na-count">{len(members[e.slug])}</span></li>'
            for e in entities) + "\n</ul>"
        for kind, entities in sorted(groups.items(), key=lambda item: list(KIND_NAMES).index(item[0])
                                     if item[0] in KIND_NAMES else 99))
    pages = [_page("entities/index.md", "机构与人物",
                   f'<h1>机构与人物</h1>\n<p>文章中提及的公司、机构、人物和项目，按提及文章数排列。</p>\n'
                   f'{sections or "<p>暂无。</p>"}')]
    for entity in present:
        here = f"entities/{entity.slug}/"
        aliases = "、".join(escape(a) for a in entity.aliases)
        pages.append(_page(f"entities/{entity.slug}/index.md", entity.label,
                           f'<h1>{escape(entity.label)}</h1>\n<p>{len(members[entity.slug])} 篇文章提及，最新在前。'
                           f'别名：{aliases}</p>\n{_list(members[entity.slug], here)}'))
    return pages


def source_pages(archive: Archive) -> list[GeneratedPage]:
    members: dict[str, list[Article]] = defaultdict(list)
    names: dict[str, str] = {}
    for article in archive.articles:
        slug = source_slug(article.source)
        members[slug].append(article)
        names.setdefault(slug, article.source or UNKNOWN_SOURCE)
    order = sorted(members, key=lambda slug: (-len(members[slug]), names[slug]))
    index_items = "\n".join(f'<li><a href="{slug}/">{escape(names[slug])}</a> '
                            f'<span class="na-count">{len(members[slug])}</span></li>' for slug in order)
    pages = [_page("sources/index.md", "来源",
                   f'<h1>来源</h1>\n<p>按发布媒体浏览，文章多的在前。</p>\n<ul class="na-terms">\n{index_items}\n</ul>')]
    for slug in order:
        here = f"sources/{slug}/"
        pages.append(_page(f"sources/{slug}/index.md", names[slug],
                           f'<h1>{escape(names[slug])}</h1>\n<p>{len(members[slug])} 篇文章，最新在前。</p>\n'
                           f'{_list(members[slug], here)}'))
    return pages


def _figure_link(here: str):
    return lambda article, figure: relative(here, article.url) + (f"#{figure.anchor}" if figure.anchor else "")


def investments_page(archive: Archive, taxonomy: Taxonomy, rates_source: str) -> GeneratedPage:
    here = "investments/"
    items = investments.rows(archive.articles)
    topic_options = "".join(f'<option value="{t.slug}">{escape(t.name_zh)}</option>' for t in taxonomy.topics)
    currencies = sorted({figure.currency for _, figure in items})
    currency_options = "".join(f'<option value="{c}">{c}</option>' for c in currencies)
    html = (
        '<h1>投资数额</h1>\n<p>文章中出现的每一笔金额：谁、向哪里、投入多少。点击表头排序，'
        '用下面的选项筛选；金额链接到它在文章中的位置。</p>\n'
        f'<p class="na-downloads">下载：<a href="../investments.csv" download>investments.csv</a> · '
        f'<a href="../investments.json" download>investments.json</a></p>\n'
        f'<h2 id="largest">金额最大的 {min(len(items), investments.CHART_BARS)} 项</h2>\n'
        f'<div class="na-chart-figure">{investments.chart_svg(items)}</div>\n'
        '<h2 id="table">全部金额</h2>\n'
        '<div class="na-filters" role="search">'
        f'<label>专题 <select data-filter="topic"><option value="">全部</option>{topic_options}</select></label> '
        f'<label>币种 <select data-filter="currency"><option value="">全部</option>{currency_options}</select></label> '
        '<label>搜索 <input type="search" data-filter="text" placeholder="公司、人物、金额……"></label></div>\n'
        f'<p class="na-total" aria-live="polite">{investments.total_text(items)}</p>\n'
        + investments.table(items, taxonomy, _figure_link(here))
        + f'\n<p class="na-note">美元数额按文章年份的年均汇率折算，仅供参考。汇率来源：{escape(rates_source)}。'
          '同一篇文章中重复出现的同一金额只计一次；用括号给出的另一币种金额视为同一笔。</p>')
    return _page("investments/index.md", "投资数额", html)


def all_pages(archive: Archive, taxonomy: Taxonomy, site_name: str, rates_source: str = "") -> list[GeneratedPage]:
    by_url = {article.url: article for article in archive.articles}
    _items.clear()
    pages = ([article_page(article, taxonomy, by_url) for article in archive.articles]
            + listing_pages(archive, site_name) + topic_pages(archive, taxonomy)
            + entity_pages(archive, taxonomy) + source_pages(archive)
            + [investments_page(archive, taxonomy, rates_source)])
    _items.clear()
    return pages


# ---------------------------------------------------------------------------------------------
# articles.json

def article_record(article: Article) -> dict[str, Any]:
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
        "related": list(article.related),
        "figures": len(article.figures),
    }


def articles_json(archive: Archive) -> str:
    records = [article_record(article) for article in archive.articles]
    return json_text(records)
