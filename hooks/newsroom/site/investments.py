"""The investment figures across the archive: table rows, the chart, and the downloads.

Rendering only: the figures themselves come from figures.py, per article. The table is
plain HTML that sorts and filters in the page with docs/assets/investments.js (no
third-party code); the chart is an SVG drawn here, at build time.
"""
from __future__ import annotations

import csv
import io
from typing import Any, Iterable

from markupsafe import escape

from ..model import Article, Figure
from .serialise import json_text
from ..config.taxonomy import Taxonomy

CHART_BARS = 15
# Amounts below this (share prices, dividends, tickets: "收报95.20元") are money, and marked in their
# article, but no investment: the tables, the chart, the CSV and the JSON leave them out.
SMALLEST_USD = 10_000
KIND_LABELS = {"pledge or investment": "承诺或投资", "government budget": "政府预算", "fund size": "基金规模",
               "acquisition": "收购", "valuation": "估值", "loan or debt": "借款或债务", "other": "其他"}
QUALIFIER_LABELS = {"about": "约", "over": "超过", "up to": "最高", "at least": "至少", "range": "区间",
                    "vague": "概数"}
FIELDS = ("value", "value_high", "currency", "qualifier", "usd", "usd_high", "text", "sentence", "actor",
          "actor_name", "target", "target_name", "kind", "date", "article_url", "article_title", "anchor_url")


def usd_text(usd: float | None) -> str:
    """US dollars the way Chinese readers count them: 亿 (1e8) and 万 (1e4)."""
    if usd is None:
        return "—"
    if usd >= 1e8:
        return f"{usd / 1e8:,.1f}".removesuffix(".0") + " 亿美元"
    if usd >= 1e4:
        return f"{usd / 1e4:,.1f}".removesuffix(".0") + " 万美元"
    return f"{usd:,.0f} 美元"


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


def table(items: list[tuple[Article, Figure]], taxonomy: Taxonomy, link_for, *, with_article: bool = True) -> str:
    """The figures table; `link_for(article, figure)` gives each row's link to where the figure stands."""
    head = ["金额（原文）", "约合美元", "限定", "出资方", "接收方", "类型", "日期"] + (["文章"] if with_article else [])
    types = ["text", "number", "text", "text", "text", "text", "date", "text"]
    header = "".join(f'<th data-type="{t}" scope="col">{h}</th>' for h, t in zip(head, types))
    body = []
    for article, figure in items:
        date = article.date.isoformat() if article.date else ""
        topics = " ".join(hit.slug for hit in article.topics)
        amount = f'<a href="{escape(link_for(article, figure))}">{escape(figure.text)}</a>'
        cells = [amount, escape(usd_text(figure.usd)), QUALIFIER_LABELS.get(figure.qualifier or "", ""),
                 escape(_name(taxonomy, figure.actor)), escape(_name(taxonomy, figure.target)),
                 KIND_LABELS.get(figure.kind, figure.kind), date or "日期不详"]
        if with_article:
            cells.append(escape(article.title))
        usd = f"{figure.usd:.2f}" if figure.usd is not None else ""
        body.append(f'<tr data-usd="{usd}" data-currency="{figure.currency}" data-topics="{topics}" '
                    f'data-date="{date}" data-kind="{escape(figure.kind)}">'
                    + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
    return (f'<table class="na-figures">\n<thead><tr>{header}</tr></thead>\n<tbody>\n' + "\n".join(body)
            + "\n</tbody>\n</table>")


def total_text(items: list[tuple[Article, Figure]]) -> str:
    total = sum(f.usd for _, f in items if f.usd is not None)
    return f"共 {len(items)} 项，合计约 {usd_text(total)}"


def _fit(text: str, pixels: int) -> str:
    """Cut a label to about `pixels` wide at 12 px: CJK characters are twice as wide as Latin ones."""
    used = 0
    for index, char in enumerate(text):
        used += 12 if ord(char) > 0x2E80 else 7
        if used > pixels:
            return text[:index - 1] + "…"
    return text


def chart_svg(items: list[tuple[Article, Figure]]) -> str:
    """Horizontal bars of the largest figures in US dollars, drawn at build time."""
    ranked = sorted((item for item in items if item[1].usd), key=lambda item: (-item[1].usd, item[0].url))[:CHART_BARS]
    if not ranked:
        return ""
    bar_height, gap, label_width, width = 22, 8, 330, 960
    biggest = ranked[0][1].usd
    height = len(ranked) * (bar_height + gap) + gap
    bars = []
    for index, (article, figure) in enumerate(ranked):
        y = gap + index * (bar_height + gap)
        length = max(2.0, (width - label_width - 150) * figure.usd / biggest)
        label = _fit(f"{figure.text} · {article.title}", label_width - 16)
        bars.append(
            f'<g><title>{escape(figure.text)} · {escape(article.title)}</title>'
            f'<text x="{label_width - 8}" y="{y + bar_height * 0.7:.0f}" text-anchor="end">{escape(label)}</text>'
            f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar_height}" rx="3"></rect>'
            f'<text x="{label_width + length + 6:.1f}" y="{y + bar_height * 0.7:.0f}">{escape(usd_text(figure.usd))}</text></g>')
    return (f'<svg class="na-chart" viewBox="0 0 {width} {height}" role="img" '
            f'aria-label="金额最大的 {len(ranked)} 项（约合美元）" xmlns="http://www.w3.org/2000/svg">'
            + "".join(bars) + "</svg>")
