"""The parts of an article's page that depend on the article alone, made once per article.

Its metadata list, title, cover, attribution, figures table and entity chips come from
templates/article.html, with links against ROOT_MARK (where the page will sit is not known
yet); the pipeline caches them beside the seed under the site code's version, and render.py
only adds the related articles and makes the links relative. At 10,000 articles that is
0.4 s less at every build.
"""
from __future__ import annotations

import functools

from slugify import slugify

from ..config.taxonomy import Taxonomy
from ..model import Article, PageParts
from ..seed.metadata import domain_of
from ..seed.sanitize import cut_to_width
from . import investments
from .templating import Words, macros

# An article's <meta name="description">: what a search engine's result shows of it (about 80 Chinese
# characters or 160 letters), not the whole summary (articles.json and the feeds carry that).
DESCRIPTION_COLUMNS = 160


@functools.lru_cache(maxsize=4096)  # a few hundred sources name ten thousand articles
def source_slug(source: str | None) -> str:
    return (slugify(source, allow_unicode=True, max_length=60) if source else "") or "unknown"


def page_parts(article: Article, taxonomy: Taxonomy, words: Words) -> PageParts:
    page = macros("article.html")
    head = page.head(article=article, source_slug=source_slug(article.source), original=domain_of(article.original_url),
                     topics=[taxonomy.topic(hit.slug) for hit in article.topics], words=words)
    tail = page.tail(attribution=[line for line in (article.attribution or "").split("\n") if line])
    figures = investments.table_rows([(article, figure) for figure in article.figures], taxonomy,
                                     lambda a, f: f"#{f.anchor}", words)
    extras = page.extras(figures=figures, entities=[taxonomy.entity(slug) for slug in article.entities], words=words)
    return PageParts(str(head), str(tail), str(extras), cut_to_width(article.summary, DESCRIPTION_COLUMNS))
