"""The build report: what became of every file in seeds/, for the maintainer.

Every seed is published (perhaps with warnings), merged into another seed with the
same original URL, or skipped, each with its reasons; so seeds = published + merged +
skipped, always. Hidden and temporary files are listed as ignored, outside that count.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from ..model import Outcome
from ..source.template import SourceTemplate
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
        "merged": counts["merged"],
        "skipped": counts["skipped"],
        "ignored": sorted(ignored),
        "files": [{"seed": o.seed, "status": status(o), "url": o.url,
                   "reasons": [{"level": p.level, "message": p.message} for p in o.problems]}
                  for o in outcomes],
        "templates": [{"source": t.source, "articles": t.articles, "blocks": len(t.prints), "examples": list(t.examples)}
                      for t in sorted((templates or {}).values(), key=lambda t: t.source)],
    }


def report_json(data: dict[str, Any]) -> str:
    return json_text(data)


def report_html(data: dict[str, Any], root: str, words: Words) -> str:
    """The report's page (templates/report.html); `root` leads from it to the site root."""
    return render("report.html", data=data, site_root=root, words=words)
