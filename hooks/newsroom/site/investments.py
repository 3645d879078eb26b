"""The investment figures across the archive: table rows, the chart, and the downloads.

Rendering only: the figures themselves come from figures.py, per article. The table is
plain HTML (templates/figures.html) that sorts and filters in the page with
docs/assets/investments.js (no third-party code); the chart is an SVG whose bars are
measured here and drawn by the same template, at build time.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from ..config.taxonomy import Taxonomy
from ..model import Article, Figure
from .serialise import json_text
from .templating import Words

CHART_BARS = 15
# Amounts below this (share prices, dividends, tickets: "收报95.20元") are money, and marked in their
# article, but no investment: the tables, the chart, the CSV and the JSON leave them out.
SMALLEST_USD = 10_000
FIELDS = ("value", "value_high", "currency", "qualifier", "usd", "usd_high", "text", "sentence", "actor",
          "actor_name", "target", "target_name", "kind", "date", "article_url", "article_title", "anchor_url")


def usd_text(usd: float | None, words: Words) -> str:
    """US dollars the way Chinese readers count them: in 亿 (1e8) and 万 (1e4), each with its word."""
    if usd is None:
        return "—"
    if usd >= 1e8:
        return words.usd_hundred_millions.format(amount=f"{usd / 1e8:,.1f}".removesuffix(".0"))
    if usd >= 1e4:
        return words.usd_ten_thousands.format(amount=f"{usd / 1e4:,.1f}".removesuffix(".0"))
    return words.usd.format(amount=f"{usd:,.0f}")


def rows(articles: Iterable[Article]) -> list[tuple[Article, Figure]]:
    """Every figure with its article, in archive order (newest first) and order of appearance."""
    return [(article, figure) for article in articles for figure in article.figures
            if (figure.usd_high or figure.usd or 0) >= SMALLEST_USD or figure.usd is None and figure.value >= SMALLEST_USD]


def _name(taxonomy: Taxonomy, slug: str | None) -> str:
    return taxonomy.entity(slug).name_zh if slug else ""


def record(article: Article, figure: Figure, taxonomy: Taxonomy) -> dict[str, Any]:
    return {
        "value": figure.value, "value_high": figure.value_high, "currency": figure.currency,
        "qualifier": figure.qualifier, "usd": round(figure.usd, 2) if figure.usd is not None else None,
        "usd_high": round(figure.usd_high, 2) if figure.usd_high is not None else None,
        "text": figure.text, "sentence": figure.sentence,
        "actor": figure.actor, "actor_name": _name(taxonomy, figure.actor) or None,
        "target": figure.target, "target_name": _name(taxonomy, figure.target) or None,
        "kind": figure.kind, "date": article.date.isoformat() if article.date else None,
        "article_url": article.url, "article_title": article.title,
        "anchor_url": f"{article.url}#{figure.anchor}" if figure.anchor else article.url,
    }


def records(items: list[tuple[Article, Figure]], taxonomy: Taxonomy) -> list[dict[str, Any]]:
    """The rows of both downloads, made once."""
    return [record(article, figure, taxonomy) for article, figure in items]


def figures_json(figure_records: list[dict[str, Any]], rates_source: str) -> str:
    return json_text({"exchange_rates": rates_source, "figures": figure_records})


def _cell(value: Any) -> Any:
    """A CSV cell that a spreadsheet will not run as a formula."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def figures_csv(figure_records: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    writer.writerows([_cell(item[key]) for key in FIELDS] for item in figure_records)
    return out.getvalue()


class TableRow(NamedTuple):
    """One row of a figures table (templates/figures.html), its values ready to print."""

    link: str
    text: str
    usd_text: str
    qualifier: str
    actor: str
    target: str
    kind: str
    kind_label: str
    date: str
    title: str
    usd: str  # for sorting and the total in the page (investments.js)
    currency: str
    topics: str


def table_rows(items: list[tuple[Article, Figure]], taxonomy: Taxonomy, link_for: Callable[[Article, Figure], str],
               words: Words) -> list[TableRow]:
    """The rows of a figures table; `link_for(article, figure)` gives each row's link to where the figure stands."""
    return [TableRow(link_for(article, figure), figure.text, usd_text(figure.usd, words),
                     words.qualifiers.get(figure.qualifier or "", ""), _name(taxonomy, figure.actor),
                     _name(taxonomy, figure.target), figure.kind, words.figure_kinds.get(figure.kind, figure.kind),
                     article.date.isoformat() if article.date else "", article.title,
                     f"{figure.usd:.2f}" if figure.usd is not None else "", figure.currency,
                     " ".join(hit.slug for hit in article.topics))
            for article, figure in items]


def total_text(items: list[tuple[Article, Figure]], words: Words) -> str:
    total = sum(f.usd for _, f in items if f.usd is not None)
    return words.figures_total.format(count=len(items), usd=usd_text(total, words))


def _fit(text: str, pixels: int) -> str:
    """Cut a label to about `pixels` wide at 12 px: CJK characters are twice as wide as Latin ones."""
    used = 0
    for index, char in enumerate(text):
        used += 12 if ord(char) > 0x2E80 else 7
        if used > pixels:
            return text[:index - 1] + "…"
    return text


class ChartBar(NamedTuple):
    """One bar of the chart (templates/figures.html), its numbers ready to print."""

    title: str  # the whole label, shown on hover
    label: str  # the label cut to fit
    label_x: int
    text_y: str
    x: int
    y: int
    length: str
    height: int
    value_x: str
    value: str


class Chart(NamedTuple):
    width: int
    height: int
    bars: list[ChartBar]


def chart(items: list[tuple[Article, Figure]], words: Words) -> Chart:
    """Horizontal bars of the largest figures in US dollars, drawn at build time (no bars: no chart)."""
    ranked = sorted(((article, figure, figure.usd) for article, figure in items if figure.usd),
                    key=lambda item: (-item[2], item[0].url))[:CHART_BARS]
    bar_height, gap, label_width, width = 22, 8, 330, 960
    bars = []
    for index, (article, figure, usd) in enumerate(ranked):
        y = gap + index * (bar_height + gap)
        length = max(2.0, (width - label_width - 150) * usd / ranked[0][2])
        title = f"{figure.text} · {article.title}"
        bars.append(ChartBar(title, _fit(title, label_width - 16), label_width - 8, f"{y + bar_height * 0.7:.0f}",
                             label_width, y, f"{length:.1f}", bar_height, f"{label_width + length + 6:.1f}",
                             usd_text(usd, words)))
    return Chart(width, len(ranked) * (bar_height + gap) + gap, bars)
