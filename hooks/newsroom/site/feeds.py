"""RSS 2.0 feeds of the archive and of each topic, with feedgen.

RSS rather than Atom because an RSS item may have no date: undated articles are listed
(last) without one instead of with an invented date. Nothing depends on the build time:
the feed's lastBuildDate is its newest article's date.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from urllib.parse import quote

from ..model import Article
from .templating import Words

FEED_ITEMS = 100
NO_DATE = dt.date(2000, 1, 1)  # the date of a list without a dated article (the sitemap's too)


def newest_date(articles: Iterable[Article]) -> dt.date:
    """The newest date of these articles, else NO_DATE: what a feed or the sitemap says it was built on."""
    return max((article.date for article in articles if article.date), default=NO_DATE)


def _when(date: dt.date) -> dt.datetime:
    return dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)


def _ascii(url: str) -> str:
    """Feed readers expect URLs, not IRIs: percent-encode the Chinese in article paths."""
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~-._")


def rss(articles: Iterable[Article], *, title: str, description: str, site_url: str, feed_path: str,
        words: Words, page_path: str = "") -> str:
    """An RSS 2.0 document of the newest FEED_ITEMS articles (already in archive order), in the language
    of the interface `words` (the pipeline takes the title and description from them too)."""
    items = list(articles)[:FEED_ITEMS]
    base = _ascii(site_url.rstrip("/") + "/")
    from feedgen.feed import FeedGenerator  # lxml and all: loaded when a feed is written

    feed = FeedGenerator()
    feed.load_extension("dc")
    feed.title(title)
    feed.link(href=base + _ascii(feed_path), rel="self")
    feed.link(href=base + _ascii(page_path), rel="alternate")  # the last link set is the channel's <link>
    feed.description(description)
    feed.language(words.locale)
    feed.generator("news archive")
    feed.lastBuildDate(_when(newest_date(items)))
    for article in items:
        entry = feed.add_entry(order="append")
        url = base + _ascii(article.url)
        entry.title(article.title)
        entry.link(href=url)
        entry.guid(url, permalink=True)
        source = words.feed_item_source.format(source=article.source) if article.source else ""
        entry.description(source + article.summary)
        if article.date:
            entry.pubDate(_when(article.date))
        if article.source:
            entry.dc.dc_publisher(article.source)
        if article.author:
            entry.dc.dc_creator(article.author)
        for hit in article.topics:
            entry.category(term=hit.slug)
    return feed.rss_str(pretty=True).decode("utf-8")
