"""The site stage's whole output: the archive -> generated pages and downloads."""
from __future__ import annotations

import posixpath
from collections.abc import Mapping
from urllib.parse import quote

from ..config.rules import Rules
from ..source.template import SourceTemplate
from . import feeds, investments, report
from .archive import Archive
from .render import GeneratedPage, all_pages, articles_json
from .templating import Words, render


def sitemap_date(archive: Archive) -> str:
    """The date MkDocs gives every page in sitemap.xml (`lastmod`) and sitemap.xml.gz (its timestamp),
    instead of the build's: the newest article's, like the feeds' lastBuildDate, so two builds of the
    same seeds write the same sitemap. The hook sets it as each page's `update_date`."""
    return feeds.newest_date(archive.articles).isoformat()


def site_outputs(archive: Archive, rules: Rules, site_name: str, site_url: str, ignored: list[str], words: Words,
                 templates: Mapping[str, SourceTemplate] | None = None) -> tuple[list[GeneratedPage], dict[str, str]]:
    """Every generated page (render.py, and the build report) and every download by its site path:
    articles.json, investments.csv/.json, build-report.json, the feeds. `templates`: what each source's
    articles repeat (source/template.py), for the build report."""
    deals = investments.events(investments.rows(archive.articles))  # one deal, one row: for pages and downloads
    pages = all_pages(archive, rules.taxonomy, site_name, words, rules.money.rates_source, deals)
    build_report = report.report_data(archive.outcomes, ignored, templates or {})
    pages.extend(report.report_pages(build_report, words))
    figure_records = investments.records(deals, rules.taxonomy)
    downloads = {
        "articles.json": articles_json(archive),
        "investments.csv": investments.figures_csv(figure_records),
        "investments.json": investments.figures_json(figure_records, rules.money.rates_source),
        "build-report.json": report.report_json(build_report),
        **{path: content for page in pages for path, content in page.files.items()},  # the investments' rows
        "feed.xml": feeds.rss(archive.articles, title=site_name, description=words.feed_description.format(site=site_name),
                              site_url=site_url, feed_path="feed.xml", words=words),
    }
    for topic in rules.taxonomy.topics:
        members = [a for a in archive.articles if any(hit.slug == topic.slug for hit in a.topics)]
        # at the site root: Material fetches "sitemap.xml" beside every rel=alternate link's URL
        path = f"feed-{topic.slug}.xml"
        downloads[path] = feeds.rss(
            members, title=words.topic_feed_title.format(site=site_name, name_zh=topic.name_zh, name_en=topic.name_en),
            description=words.topic_feed_description.format(name=topic.name_zh), site_url=site_url,
            feed_path=path, page_path=f"topics/{topic.slug}/", words=words)
    for old, new in archive.redirects:
        # relative: the site may live below a domain's root; %-escaped: a refresh header's URL is ASCII
        target = quote(posixpath.relpath(new, old) + "/")
        downloads[old + "index.html"] = render("redirect.html", target=target, words=words)
    return pages, downloads
