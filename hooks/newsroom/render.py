"""Stage 5: the archive -> generated pages (HTML bodies + page metadata) and articles.json.

Pages are rendered to HTML here rather than to Markdown: article bodies are already
sanitized HTML, and skipping Markdown keeps every value escaped exactly once.
Links between generated pages are relative, so the site works under any base path.
"""
from __future__ import annotations

import json
import posixpath
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable

from markupsafe import escape

from .archive import Archive
from .metadata import domain_of
from .model import Article

LATEST_ON_HOME = 20
LANGUAGE_NAMES = {"zh": "中文", "en": "English", "ja": "日本語", "ko": "한국어"}


@dataclass(frozen=True)
class GeneratedPage:
    """One page of the site: where it lives, what MkDocs sees as its metadata, its HTML body."""

    path: str  # docs-relative Markdown path, e.g. "articles/2024/12/x.md"
    title: str
    html: str
    meta: dict[str, Any] = field(default_factory=dict)


def page_url(path: str) -> str:
    """docs path -> site-relative directory URL ("archive/index.md" -> "archive/")."""
    stem = path.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


def relative(from_url: str, to_url: str) -> str:
    """Relative link between two site-relative directory URLs."""
    target = posixpath.relpath("/" + to_url, "/" + (from_url or "."))
    return (target + "/" if to_url.endswith("/") and target != "." else "./" if target == "." else target)


def _date_text(article: Article) -> str:
    return article.date.isoformat() if article.date else "日期不详"


def _time(article: Article) -> str:
    if article.date is None:
        return '<span class="na-undated">日期不详</span>'
    return f'<time datetime="{article.date.isoformat()}">{article.date.isoformat()}</time>'


def _list(articles: Iterable[Article], here: str) -> str:
    items = []
    for article in articles:
        source = f' <span class="na-source">{escape(article.source)}</span>' if article.source else ""
        items.append(f'<li>{_time(article)} <a href="{escape(relative(here, article.url))}">{escape(article.title)}'
                     f'</a>{source}</li>')
    return '<ul class="na-list">\n' + "\n".join(items) + "\n</ul>" if items else "<p>暂无文章。</p>"


def article_page(article: Article) -> GeneratedPage:
    rows = [("日期", _time(article)), ("来源", escape(article.source or "未知"))]
    if article.author:
        rows.append(("作者", escape(article.author)))
    rows.append(("语言", escape(LANGUAGE_NAMES.get(article.language, article.language))))
    if article.original_url:
        label = escape(domain_of(article.original_url) or "原文")
        rows.append(("原文", f'<a class="na-original" href="{escape(article.original_url)}" '
                            f'rel="noopener noreferrer nofollow">{label}</a>'))
    meta_html = "\n".join(f'<div><dt>{name}</dt><dd>{value}</dd></div>' for name, value in rows)
    attribution = "".join(f'\n<p class="na-attribution">{escape(line)}</p>'
                          for line in (article.attribution or "").split("\n") if line)
    body = (f'<article class="na-article" lang="{escape(article.language)}">\n'
            f'<h1>{escape(article.title)}</h1>\n<dl class="na-meta">\n{meta_html}\n</dl>\n'
            f'<div class="na-body">\n{article.body_html}\n</div>{attribution}\n</article>')
    meta = {"title": article.title, "description": article.summary, "hide": ["toc"]}
    return GeneratedPage(article.path, article.title, body, meta)


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
    month_links = "\n".join(
        f'<li><a href="{{prefix}}archive/{key}/">{_month_title(key)}</a> <span class="na-count">{len(months[key])}'
        f'</span></li>' for key in order)

    home_html = (f'<h1>{escape(site_name)}</h1>\n<p class="na-lede">共 {len(archive.articles)} 篇文章。'
                 f'<a href="archive/">按月浏览全部文章</a></p>\n<h2 id="latest">最新文章</h2>\n'
                 f'{_list(archive.articles[:LATEST_ON_HOME], "")}\n'
                 f'<h2 id="months">按月归档</h2>\n<ul class="na-months">\n{month_links.replace("{prefix}", "")}\n</ul>')
    pages = [GeneratedPage("index.md", site_name, home_html, {"title": site_name, "hide": ["toc"]})]
    pages.append(GeneratedPage(
        "archive/index.md", "归档",
        f'<h1>归档</h1>\n<p>按月份排列，最新在前。共 {len(archive.articles)} 篇文章。</p>\n'
        f'<ul class="na-months">\n{month_links.replace("{prefix}", "../")}\n</ul>',
        {"title": "归档", "hide": ["toc"]}))
    for key in order:
        here = f"archive/{key}/"
        title = _month_title(key)
        pages.append(GeneratedPage(
            f"archive/{key}/index.md", title,
            f'<h1>{title}</h1>\n<p><a href="{relative(here, "archive/")}">← 全部月份</a></p>\n'
            f'{_list(months[key], here)}',
            {"title": title, "hide": ["toc"]}))
    return pages


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
    }


def articles_json(archive: Archive) -> str:
    records = [article_record(article) for article in archive.articles]
    return json.dumps(records, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
