"""The investment figures across the archive: table rows, the chart, and the downloads.

Rendering only: the figures themselves come from figures.py, per article. The table is
plain HTML (templates/figures.html) that sorts and filters in the page with
docs/assets/investments.js (no third-party code); the chart is an SVG whose bars are
measured here and drawn by the same template, at build time.
"""
from __future__ import annotations

import csv
import io
from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from ..config.taxonomy import Taxonomy
from ..model import TABLE_KINDS, Article, Figure
from .serialise import json_text
from .templating import Words

CHART_BARS = 15
# Amounts below this (share prices, dividends, tickets: "收报95.20元") are money, and marked in their
# article, but no investment: the tables, the chart, the CSV and the JSON leave them out.
SMALLEST_USD = 10_000
FIELDS = ("event", "value", "value_high", "currency", "qualifier", "usd", "usd_high", "text", "sentence", "actor",
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


def large_enough(figure: Figure) -> bool:
    """An amount of the table's scale: US$10,000 or more (in its own units when it has no rate)."""
    return (figure.usd_high or figure.usd or 0) >= SMALLEST_USD or figure.usd is None and figure.value >= SMALLEST_USD


def in_table(figure: Figure) -> bool:
    return figure.kind in TABLE_KINDS and large_enough(figure)


def rows(articles: Iterable[Article]) -> list[tuple[Article, Figure]]:
    """Every figure of the table's kinds with its article, in archive order (newest first) and order of appearance."""
    return [(article, figure) for article in articles for figure in article.figures if in_table(figure)]


def valuations(articles: Iterable[Article]) -> list[tuple[Article, Figure]]:
    """What companies are worth: shown apart from the investments, outside their total."""
    return [(article, figure) for article in articles for figure in article.figures
            if figure.kind == "valuation" and large_enough(figure)]


EVENT_DAYS = 90  # reports of one deal further apart than this are two deals


class Event(NamedTuple):
    """One deal, however many articles report it: the first report's figure, and every report."""

    article: Article
    figure: Figure
    reports: tuple[tuple[Article, Figure], ...]  # oldest first; the first is (article, figure)


def _date_order(item: tuple[Article, Figure]) -> tuple:
    return (item[0].date is None, item[0].date or 0, item[0].url)


def _same_deal(first: tuple[Article, Figure], urls: set[str], article: Article, figure: Figure) -> bool:
    """A later report of the deal: the same payer or receiver (and none that differs), within EVENT_DAYS,
    in another article (one article's two figures of one size are two deals: figures.py kept them apart)."""
    first_article, first_figure = first
    if article.url in urls:
        return False
    if first_figure.actor and figure.actor and first_figure.actor != figure.actor or \
            first_figure.target and figure.target and first_figure.target != figure.target:
        return False
    if first_article.date is None or article.date is None:
        return first_article.date is None and article.date is None
    return abs((article.date - first_article.date).days) <= EVENT_DAYS


def _days_apart(earlier: Article, later: Article) -> int:
    """Days between two dated articles' dates; 0 when either is undated (undated ones come last)."""
    return (later.date - earlier.date).days if earlier.date and later.date else 0


def events(items: list[tuple[Article, Figure]]) -> list[Event]:
    """The deals the figures report, in the order of their first report in `items`: the same amount
    (currency and value to 3 figures) with the same payer or receiver, reported within EVENT_DAYS.

    Linear: reports are taken oldest first, and each is compared only with the open deals of its
    amount and one of its parties; a deal closes EVENT_DAYS after its first report.
    """
    open_deals: dict[tuple, deque[int]] = defaultdict(deque)  # (amount, party) -> first reports of its deals
    reports: dict[int, list[int]] = {}  # a deal's first report -> its reports, as indexes of items
    urls: dict[int, set[str]] = {}
    for index in sorted(range(len(items)), key=lambda i: _date_order(items[i])):
        article, figure = items[index]
        amount = (figure.currency, f"{figure.value:.3g}")
        keys = [(*amount, role, party) for role, party in (("payer", figure.actor), ("receiver", figure.target)) if party]
        deal = None
        for key in keys:
            waiting = open_deals[key]
            while waiting and _days_apart(items[waiting[0]][0], article) > EVENT_DAYS:
                waiting.popleft()  # too old to be reported again
            deal = next((first for first in waiting if _same_deal(items[first], urls[first], article, figure)), None)
            if deal is not None:
                break
        if deal is None:
            reports[index], urls[index] = [index], {article.url}
            for key in keys:
                open_deals[key].append(index)
        else:
            reports[deal].append(index)
            urls[deal].add(article.url)
    return [Event(*items[index], tuple(items[i] for i in reports[index])) for index in range(len(items))
            if index in reports]


def _name(taxonomy: Taxonomy, slug: str | None, as_written: str | None = None) -> str:
    """An entity's name, else the name as the sentence wrote it (one the gazetteer does not know)."""
    return taxonomy.entity(slug).name_zh if slug else as_written or ""


def record(article: Article, figure: Figure, taxonomy: Taxonomy) -> dict[str, Any]:
    return {
        "value": figure.value, "value_high": figure.value_high, "currency": figure.currency,
        "qualifier": figure.qualifier, "usd": round(figure.usd, 2) if figure.usd is not None else None,
        "usd_high": round(figure.usd_high, 2) if figure.usd_high is not None else None,
        "text": figure.text, "sentence": figure.sentence,
        "actor": figure.actor, "actor_name": _name(taxonomy, figure.actor, figure.actor_name) or None,
        "target": figure.target, "target_name": _name(taxonomy, figure.target, figure.target_name) or None,
        "kind": figure.kind, "date": article.date.isoformat() if article.date else None,
        "article_url": article.url, "article_title": article.title,
        "anchor_url": f"{article.url}#{figure.anchor}" if figure.anchor else article.url,
    }


def records(deals: list[Event], taxonomy: Taxonomy) -> list[dict[str, Any]]:
    """The rows of both downloads, made once: every report of every deal, `event` numbering the deals."""
    return [record(article, figure, taxonomy) | {"event": number}
            for number, deal in enumerate(deals, 1) for article, figure in deal.reports]


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
    also: tuple[tuple[str, str], ...] = ()  # (link, title) of the other articles reporting the same deal


def table_rows(items: list[tuple[Article, Figure]] | list[Event], taxonomy: Taxonomy,
               link_for: Callable[[Article, Figure], str], words: Words) -> list[TableRow]:
    """The rows of a figures table, of figures or of deals; `link_for(article, figure)` gives each row's
    link to where the figure stands."""
    return [TableRow(link_for(article, figure), figure.text, usd_text(figure.usd, words),
                     words.qualifiers.get(figure.qualifier or "", ""), _name(taxonomy, figure.actor, figure.actor_name),
                     _name(taxonomy, figure.target, figure.target_name), figure.kind, words.figure_kinds.get(figure.kind, figure.kind),
                     article.date.isoformat() if article.date else "", article.title,
                     f"{figure.usd:.2f}" if figure.usd is not None else "", figure.currency,
                     " ".join(sorted({hit.slug for a, _ in reports for hit in a.topics})),
                     tuple((link_for(a, f), a.title) for a, f in reports[1:]))
            for article, figure, reports in (item if isinstance(item, Event) else (*item, (item,)) for item in items)]


def sums_text(deals: list[Event], words: Words) -> str:
    """What the deals come to per kind, largest first: "承诺投资 1,000 亿美元、投资 44 亿美元"."""
    sums: dict[str, float] = defaultdict(float)
    for deal in deals:
        sums[deal.figure.kind] += deal.figure.usd or 0
    return words.list_separator.join(words.kind_amount.format(kind=words.figure_kinds[kind], usd=usd_text(usd, words))
                                     for kind, usd in sorted(sums.items(), key=lambda item: -item[1]) if usd)


def total_text(deals: list[Event], words: Words) -> str:
    total = sum(deal.figure.usd for deal in deals if deal.figure.usd is not None)
    return words.figures_total.format(count=len(deals), usd=usd_text(total, words))


def _fit(text: str, pixels: int) -> str:
    """Cut a label to about `pixels` wide at 13 px: CJK characters are twice as wide as Latin ones."""
    used = 0
    for index, char in enumerate(text):
        used += 13 if ord(char) > 0x2E80 else 7
        if used > pixels:
            return text[:index - 1] + "…"
    return text


class ChartBar(NamedTuple):
    """One bar of the chart (templates/figures.html), its numbers ready to print."""

    title: str  # the whole label, shown on hover
    label: str  # the label cut to fit
    label_x: int
    label_y: str
    x: int
    y: int
    length: str
    height: int
    value_x: str
    value_y: str
    value: str


class Chart(NamedTuple):
    width: int
    height: int
    bars: list[ChartBar]


def chart(deals: list[Event], words: Words) -> Chart:
    """Bars of the largest deals in US dollars, drawn at build time (no bars: no chart); wider
    screens cap the chart's width (archive.css)."""
    ranked = sorted((deal for deal in deals if deal.figure.usd), key=lambda d: (-(d.figure.usd or 0), d.article.url))
    return _bars([(title := f"{deal.figure.text} · {deal.article.title}", title, deal.figure.usd or 0)
                  for deal in ranked[:CHART_BARS]], words)


def _bars(items: list[tuple[str, str, float]], words: Words) -> Chart:
    """Bars for (title, label, US dollars), largest first as given: each label on its own line above
    its bar, 400 units wide, so its text stays about 12 px on a 390 px screen."""
    width, label_height, bar_height, gap, value_width = 400, 16, 14, 10, 96
    largest = max((usd for _, _, usd in items), default=1) or 1
    bars = []
    for index, (title, label, usd) in enumerate(items):
        top = gap + index * (label_height + bar_height + gap)
        length = max(2.0, (width - value_width) * usd / largest)
        bars.append(ChartBar(title, _fit(label, width), 0, f"{top + 12}", 0, top + label_height, f"{length:.1f}",
                             bar_height, f"{length + 6:.1f}", f"{top + label_height + 11}", usd_text(usd, words)))
    return Chart(width, len(items) * (label_height + bar_height + gap) + gap, bars)


def pledges_by_year(deals: list[Event], words: Words) -> Chart:
    """What was promised each year (the year of a pledge's first report), oldest first."""
    years: dict[int, float] = defaultdict(float)
    for deal in deals:
        if deal.figure.kind == "pledge" and deal.article.date and deal.figure.usd:
            years[deal.article.date.year] += deal.figure.usd
    return _bars([(str(year), str(year), usd) for year, usd in sorted(years.items())], words)


class FlowBand(NamedTuple):
    """One payer -> receiver flow of the money-flow view (templates/figures.html), measured."""

    title: str  # "软银 → OpenAI: 15 亿美元", shown on hover
    path: str  # the band's centre line, an SVG path
    width: str  # its thickness: its share of the largest flow


class FlowNode(NamedTuple):
    label: str
    x: int
    y: int
    anchor: str  # "start" for a payer (left), "end" for a receiver (right)


class Flows(NamedTuple):
    width: int
    height: int
    bands: list[FlowBand]
    nodes: list[FlowNode]


FLOWS = 12  # the largest flows drawn


def flows(deals: list[Event], taxonomy: Taxonomy, words: Words) -> Flows:
    """Who pays whom, from the deals that name both: payers on the left, receivers on the right, a
    band between them as thick as the money (the largest FLOWS), drawn at build time."""
    sums: dict[tuple[str, str], float] = defaultdict(float)
    for deal in deals:
        payer = _name(taxonomy, deal.figure.actor, deal.figure.actor_name)
        receiver = _name(taxonomy, deal.figure.target, deal.figure.target_name)
        if payer and receiver and deal.figure.usd:
            sums[(payer, receiver)] += deal.figure.usd
    largest = sorted(sums.items(), key=lambda item: (-item[1], item[0]))[:FLOWS]
    if not largest:
        return Flows(400, 0, [], [])
    payers = list(dict.fromkeys(payer for (payer, _), _ in largest))
    receivers = list(dict.fromkeys(receiver for (_, receiver), _ in largest))
    row, top, width = 28, 14, 400
    left, right = 130, width - 130
    y_of = {("payer", name): top + index * row for index, name in enumerate(payers)}
    y_of |= {("receiver", name): top + index * row for index, name in enumerate(receivers)}
    most = largest[0][1]
    bands = [FlowBand(f"{payer} → {receiver}: {usd_text(usd, words)}",
                      f"M{left} {y_of[('payer', payer)]} C{width // 2} {y_of[('payer', payer)]} {width // 2} "
                      f"{y_of[('receiver', receiver)]} {right} {y_of[('receiver', receiver)]}",
                      f"{max(1.5, 12 * usd / most):.1f}")
             for (payer, receiver), usd in largest]
    nodes = [FlowNode(_fit(name, left - 8), left - 4, y_of[("payer", name)] + 4, "end") for name in payers]
    nodes += [FlowNode(_fit(name, width - right - 8), right + 4, y_of[("receiver", name)] + 4, "start")
              for name in receivers]
    return Flows(width, top + max(len(payers), len(receivers)) * row, bands, nodes)
