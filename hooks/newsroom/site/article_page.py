"""The parts of an article's page that depend on the article alone, made once per seed.

Its metadata list, title, cover, attribution, figures table and entity chips are written
here, in the seed stage, with links against ROOT_MARK (where the page will sit is not
known yet), and cached with the article; render.py only adds the related articles and
makes the links relative. At 10,000 articles that is 0.4 s less at every build.
"""
from __future__ import annotations

import functools
from typing import Iterable

from markupsafe import escape
from slugify import slugify

from . import investments
from ..seed.metadata import domain_of
from ..model import ROOT_MARK, Article, PageParts
from ..config.taxonomy import Taxonomy, Term

LANGUAGE_NAMES = {"zh": "中文", "en": "English", "ja": "日本語", "ko": "한국어"}
UNKNOWN_SOURCE = "来源不详"


@functools.lru_cache(maxsize=4096)  # a few hundred sources name ten thousand articles
def source_slug(source: str | None) -> str:
    return (slugify(source, allow_unicode=True, max_length=60) if source else "") or "unknown"


def time_html(article: Article) -> str:
    if article.date is None:
        return '<span class="na-undated">日期不详</span>'
    return f'<time datetime="{article.date.isoformat()}">{article.date.isoformat()}</time>'


def _chips(terms: Iterable[Term], folder: str) -> str:
    return " ".join(f'<a class="na-chip" href="{ROOT_MARK}{folder}/{t.slug}/">{escape(t.name_zh)}</a>' for t in terms)


def page_parts(article: Article, taxonomy: Taxonomy) -> PageParts:
    rows = [("日期", time_html(article)),
            ("来源", f'<a href="{ROOT_MARK}sources/{source_slug(article.source)}/">'
                    f'{escape(article.source or UNKNOWN_SOURCE)}</a>')]
    if article.author:
        rows.append(("作者", escape(article.author)))
    rows.append(("语言", escape(LANGUAGE_NAMES.get(article.language, article.language))))
    if article.original_url:
        label = escape(domain_of(article.original_url) or "原文")
        rows.append(("原文", f'<a class="na-original" href="{escape(article.original_url)}" '
                            f'rel="noopener noreferrer nofollow">{label}</a>'))
    if article.topics:
        rows.append(("专题", _chips((taxonomy.topic(hit.slug) for hit in article.topics), "topics")))
    meta_html = "\n".join(f'<div><dt>{name}</dt><dd>{value}</dd></div>' for name, value in rows)
    attribution = "".join(f'\n<p class="na-attribution">{escape(line)}</p>'
                          for line in (article.attribution or "").split("\n") if line)
    cover = (f'<figure class="na-cover"><img src="{escape(article.image)}" alt="" referrerpolicy="no-referrer" '
             f'loading="lazy" decoding="async"></figure>\n' if article.image else "")
    date = article.date.isoformat() if article.date else "0000-00-00"
    filters = "".join(f'<span data-pagefind-filter="专题:{escape(taxonomy.topic(hit.slug).name_zh)}" hidden></span>'
                      for hit in article.topics)
    head = (f'<article class="na-article" lang="{escape(article.language)}" data-pagefind-body '
            f'data-pagefind-sort="date:{date}">\n'
            f'<h1 data-pagefind-meta="title:{escape(article.title)}">{escape(article.title)}</h1>\n'
            f'<dl class="na-meta" data-pagefind-ignore>\n{meta_html}\n</dl>{filters}\n'
            f'{cover}<div class="na-body">\n')
    tail = f'\n</div>{attribution}\n</article>'
    extras = ""
    if article.figures:
        own = [(article, figure) for figure in article.figures]
        extras += (f'\n<section class="na-article-figures"><h2 id="figures">文中金额</h2>\n'
                   + investments.table(own, taxonomy, lambda a, f: f"#{f.anchor}", with_article=False)
                   + f'\n<p><a href="{ROOT_MARK}investments/">全部投资数额 →</a></p></section>')
    if article.entities:
        extras += (f'\n<section class="na-entities"><h2 id="entities">文中提及</h2>\n<p>'
                   f'{_chips((taxonomy.entity(slug) for slug in article.entities), "entities")}</p></section>')
    return PageParts(head, tail, extras)
