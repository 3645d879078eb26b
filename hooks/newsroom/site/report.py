"""The build report: what became of every file in seeds/, for the maintainer.

Every seed is published (perhaps with warnings), merged into another seed with the
same original URL, or skipped, each with its reasons; so seeds = published + merged +
skipped, always. Hidden and temporary files are listed as ignored, outside that count.
The files are listed with their outcome and reasons, except those published as they were
(no warning, no note): they are counted, and articles.json has each one's URL beside its seed.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from ..model import Outcome
from ..source.template import SourceTemplate
from . import render as listings
from .render import GeneratedPage, Pager, page_title, paged, root_prefix
from .serialise import json_text
from .templating import Words, render


def status(outcome: Outcome) -> str:
    if outcome.status == "published" and any(p.level == "warning" for p in outcome.problems):
        return "published with warnings"
    return outcome.status


def report_data(outcomes: tuple[Outcome, ...], ignored: list[str],
                templates: Mapping[str, SourceTemplate] | None = None) -> dict[str, Any]:
    """`templates`: what each source's articles repeat, taken out of all of them (source/template.py)."""
    counts = Counter(outcome.status for outcome in outcomes)
    return {
        "seeds": len(outcomes),
        "published": counts["published"],
        "published_with_warnings": sum(1 for o in outcomes if status(o) == "published with warnings"),
        "published_as_is": sum(1 for o in outcomes if o.status == "published" and not o.problems),
        "merged": counts["merged"],
        "skipped": counts["skipped"],
        "ignored": sorted(ignored),
        # a file published as it was is counted only: articles.json has its URL beside its seed (issue 17:
        # a quarter of a kilobyte an article)
        "files": [{"seed": o.seed, "status": status(o), "url": o.url,
                   "reasons": [{"level": p.level, "message": p.message} for p in o.problems]}
                  for o in outcomes if o.problems or o.status != "published"],
        "templates": [{"source": t.source, "articles": t.articles, "blocks": len(t.prints), "examples": list(t.examples)}
                      for t in sorted((templates or {}).values(), key=lambda t: t.source)],
    }


def report_json(data: dict[str, Any]) -> str:
    return json_text(data)


def report_html(data: dict[str, Any], root: str, words: Words, files: list[dict[str, Any]] | None = None,
                pager: Pager | None = None) -> str:
    """One page of the report (templates/report.html); `root` leads from it to the site root. `files`:
    the rows this page shows (all of them by default); the totals and the templates are on the first."""
    return render("report.html", data=data, rows=data["files"] if files is None else files, pager=pager,
                  first=pager is None or pager.number == 1, site_root=root, words=words)


def report_pages(data: dict[str, Any], words: Words) -> list[GeneratedPage]:
    """The report's pages: its files in pages of render.PER_PAGE, those with a warning first (what
    the maintainer has to fix), the first page at build-report/ with the totals and the templates."""
    files = sorted(data["files"], key=lambda item: not any(r["level"] == "warning" for r in item["reasons"]))
    pages = []
    for here, chunk, pager in paged("build-report/", files, listings.PER_PAGE):
        title = page_title(words.build_report, pager, words)
        pages.append(GeneratedPage(f"{here}index.md", title, report_html(data, root_prefix(here), words, chunk, pager),
                                   {"title": title, "hide": ["toc"], "search": {"exclude": True}}))
    return pages
