"""The site's downloads and page parts from tiny hand-made articles: the investment figures (table rows,
chart, CSV, JSON), the RSS feeds, the build report and an article page's own parts."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import replace

import feedparser
import pytest

from newsroom.config.taxonomy import Taxonomy, Term
from newsroom.model import Article, Figure, Outcome, Problem, TopicHit
from newsroom.site import feeds, investments, report
from newsroom.site.article_page import page_parts, source_slug
from newsroom.site.templating import words_for

EN = words_for("en")
TAXONOMY = Taxonomy(topics=(Term("ai", "人工智能", "AI", ("AI",)),),
                    entities=(Term("softbank", "软银", "SoftBank", ("软银",), "company"),
                              Term("arm", "安谋", "Arm", ("Arm",), "company")),
                    threshold=2.0, title_weight=3.0)


def figure(usd: float | None, value: float = 1.0, **fields: object) -> Figure:
    values: dict[str, object] = {"value": value, "currency": "USD", "qualifier": None, "usd": usd,
                                 "text": f"{usd}美元", "sentence": "s", "kind": "investment"}
    values.update(fields)
    return Figure(**values)  # type: ignore[arg-type]


def article(n: int = 1, date: dt.date | None = dt.date(2025, 3, 9), **fields: object) -> Article:
    values: dict[str, object] = {"seed": f"{n}.md", "title": f"Title {n}", "date": date, "source": "Nikkei",
                                 "author": None, "original_url": None, "language": "en", "summary": f"Summary {n}",
                                 "body_html": "<p>x</p>", "url": f"articles/2025/03/新闻-{n}/"}
    values.update(fields)
    return Article(**values)  # type: ignore[arg-type]


# --- investment figures ---------------------------------------------------------------------------

@pytest.mark.parametrize(("usd", "text"), [
    (None, "—"), (1e8, "US$1 × 100 million"), (1.5e8, "US$1.5 × 100 million"), (2e12, "US$20,000 × 100 million"),
    (99_999_999, "US$10,000 × 10,000"), (1e4, "US$1 × 10,000"), (25_000, "US$2.5 × 10,000"), (9_999, "US$9,999"),
])
def test_dollars_are_counted_in_hundred_millions_and_ten_thousands(usd: float | None, text: str) -> None:
    assert investments.usd_text(usd, EN) == text


def test_amounts_below_ten_thousand_dollars_are_no_investment() -> None:
    kept = [figure(10_000), figure(None, value=10_000, currency="XYZ"), figure(5_000, usd_high=20_000)]
    dropped = [figure(9_999), figure(None, value=9_999, currency="XYZ"), figure(0, value=50_000)]
    first, second = article(1, figures=(kept[0], dropped[0], kept[1])), article(2, figures=(*dropped[1:], kept[2]))
    assert investments.rows([first, second]) == [(first, kept[0]), (first, kept[1]), (second, kept[2])]


def test_a_figure_s_record_in_the_downloads() -> None:
    item = figure(1234.5678, value=1e4, currency="CNY", qualifier="about", usd_high=2345.6789, value_high=2e4,
                  actor="softbank", anchor="figure-2")
    assert investments.record(article(), item, TAXONOMY) == {
        "value": 1e4, "value_high": 2e4, "currency": "CNY", "qualifier": "about", "usd": 1234.57, "usd_high": 2345.68,
        "text": "1234.5678美元", "sentence": "s", "actor": "softbank", "actor_name": "软银", "target": None,
        "target_name": None, "kind": "investment", "date": "2025-03-09",
        "article_url": "articles/2025/03/新闻-1/", "article_title": "Title 1",
        "anchor_url": "articles/2025/03/新闻-1/#figure-2"}
    plain = investments.record(article(date=None), figure(None, target="arm"), TAXONOMY)
    assert (plain["usd"], plain["usd_high"], plain["date"]) == (None, None, None)
    assert (plain["target"], plain["target_name"], plain["actor_name"]) == ("arm", "安谋", None)
    assert plain["anchor_url"] == "articles/2025/03/新闻-1/"


def test_the_csv_has_every_field_and_runs_no_formula() -> None:
    records = [investments.record(article(), figure(2e4, text=text), TAXONOMY) | {"event": 1}
               for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "1=1")]
    rows = list(csv.reader(io.StringIO(investments.figures_csv(records), newline="")))
    assert rows[0] == list(investments.FIELDS)
    assert [row[investments.FIELDS.index("text")] for row in rows[1:]] == [
        "'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", "1=1"]
    assert rows[1][:7] == ["1", "1.0", "", "USD", "", "20000.0", ""]  # None is an empty cell
    assert investments.figures_csv([]).endswith("anchor_url\n")
    carriage_return = investments.record(article(), figure(2e4, text="\rx"), TAXONOMY) | {"event": 1}
    assert "'\rx" in investments.figures_csv([carriage_return])


def test_the_json_names_the_exchange_rates() -> None:
    records = [investments.record(article(), figure(2e4), TAXONOMY)]
    assert json.loads(investments.figures_json(records, "IMF")) == {"exchange_rates": "IMF", "figures": records}


def test_table_rows_are_ready_to_print() -> None:
    dated = article(topics=(TopicHit("ai", 3.0, 2, ""), TopicHit("chips", 2.0, 1, "")))
    items = [(dated, figure(2e8, qualifier="over", actor="softbank", target="arm", kind="valuation")),
             (article(date=None), figure(None, value=3e4, currency="XYZ", kind="something new"))]
    rows = investments.table_rows(items, TAXONOMY, lambda a, f: f"{a.url}#{f.kind}", EN)
    assert rows[0] == investments.TableRow(
        "articles/2025/03/新闻-1/#valuation", "200000000.0美元", "US$2 × 100 million", "over", "软银", "安谋",
        "valuation", "Valuation", "2025-03-09", "Title 1", "200000000.00", "USD", "ai chips")
    assert rows[1][2:] == ("—", "", "", "", "something new", "something new", "", "Title 1", "", "XYZ", "", ())


def test_one_deal_reported_by_several_articles_is_one_event() -> None:
    first = article(1, date=dt.date(2025, 3, 1))
    again = article(2, date=dt.date(2025, 4, 15))  # 45 days later, the same payer
    later = article(3, date=dt.date(2025, 9, 1))  # half a year later: another deal
    other = article(4, date=dt.date(2025, 3, 2))  # the same size, another payer
    nobody = article(5, date=dt.date(2025, 3, 3))  # names no party: never merged
    pledge = figure(1e9, value=1e9, actor="softbank", target="arm")
    items = [(later, pledge), (nobody, figure(1e9, value=1e9)), (again, replace(pledge, target=None, kind="pledge")),
             (other, replace(pledge, actor="arm", target=None)), (first, pledge)]
    deals = investments.events(items)
    assert [(d.article.seed, [a.seed for a, _ in d.reports]) for d in deals] == [
        ("3.md", ["3.md"]), ("5.md", ["5.md"]), ("4.md", ["4.md"]), ("1.md", ["1.md", "2.md"])]
    assert investments.total_text(deals, EN) == "4 deals, about US$40 × 100 million in all"
    rows = investments.table_rows(deals, TAXONOMY, lambda a, f: a.url, EN)
    assert rows[3].also == (("articles/2025/03/新闻-2/", "Title 2"),)
    records = investments.records(deals, TAXONOMY)
    assert [(r["event"], r["article_title"]) for r in records] == [
        (1, "Title 3"), (2, "Title 5"), (3, "Title 4"), (4, "Title 1"), (4, "Title 2")]


def test_one_article_s_two_deals_of_one_size_stay_two() -> None:
    one = article(1)
    items = [(one, figure(1e9, value=1e9, actor="softbank", target="arm")), (one, figure(1e9, value=1e9, actor="softbank"))]
    assert len(investments.events(items)) == 2


def test_what_an_entity_pays_sums_per_kind_the_largest_first() -> None:
    deals = investments.events([(article(1), figure(1e9, value=1e9, kind="pledge")),
                                (article(2), figure(3e9, value=3e9)), (article(3), figure(1e9, value=2e9))])
    assert investments.sums_text(deals, EN) == "Investment US$40 × 100 million, Pledge US$10 × 100 million"


def test_the_money_flows_join_payers_to_receivers_as_thick_as_the_money() -> None:
    deals = investments.events([
        (article(1), figure(4e9, value=4e9, actor="softbank", target="arm")),
        (article(2), figure(1e9, value=1e9, actor="softbank", target_name="Stargate")),  # a receiver as written
        (article(3), figure(2e9, value=2e9, actor="softbank")),  # no receiver: no flow
    ])
    drawn = investments.flows(deals, TAXONOMY, EN)
    assert [(band.title, band.width) for band in drawn.bands] == [
        ("软银 → 安谋: US$40 × 100 million", "12.0"), ("软银 → Stargate: US$10 × 100 million", "3.0")]
    assert [(node.label, node.anchor) for node in drawn.nodes] == [("软银", "end"), ("安谋", "start"),
                                                                  ("Stargate", "start")]
    assert drawn.bands[0].path == "M130 14 C200 14 200 14 270 14"
    assert investments.flows([], TAXONOMY, EN).bands == []


def test_pledges_are_summed_by_the_year_they_were_reported() -> None:
    deals = investments.events([
        (article(1, date=dt.date(2024, 5, 1)), figure(1e9, value=1e9, kind="pledge")),
        (article(2, date=dt.date(2024, 9, 1)), figure(2e9, value=2e9, kind="pledge")),
        (article(3, date=dt.date(2025, 1, 1)), figure(5e9, value=5e9, kind="pledge")),
        (article(4, date=dt.date(2025, 2, 1)), figure(7e9, value=7e9)),  # an investment
        (article(5, date=None), figure(9e9, value=9e9, kind="pledge")),  # undated: no year
    ])
    bars = investments.pledges_by_year(deals, EN).bars
    assert [(bar.label, bar.value) for bar in bars] == [("2024", "US$30 × 100 million"), ("2025", "US$50 × 100 million")]


def _deals(items):
    return investments.events(items)


def test_the_chart_draws_the_largest_deals_to_scale_each_label_above_its_bar() -> None:
    small, large, tiny = article(1), article(2), article(3)
    items = [(small, figure(1e9)), (large, figure(4e9)), (tiny, figure(1_000)), (tiny, figure(None, value=1e9))]
    drawn = investments.chart(_deals(items), EN)
    assert (drawn.width, drawn.height) == (400, 130)
    assert drawn.bars[0] == investments.ChartBar("4000000000.0美元 · Title 2", "4000000000.0美元 · Title 2", 0, "22",
                                                 0, 26, "304.0", 14, "310.0", "37", "US$40 × 100 million")
    assert [(bar.y, bar.length, bar.value_x) for bar in drawn.bars[1:]] == [
        (66, "76.0", "82.0"), (106, "2.0", "8.0")]  # a bar is at least 2 units long
    assert investments.chart([], EN) == investments.Chart(400, 10, [])


def test_the_chart_has_fifteen_bars_the_largest_first_ties_by_url() -> None:
    items = [(article(n), figure(1e6 * (n // 2 + 1))) for n in range(20)]
    bars = investments.chart(_deals(items), EN).bars
    assert len(bars) == investments.CHART_BARS == 15
    assert [bar.title.split(" · ")[1] for bar in bars[:3]] == ["Title 18", "Title 19", "Title 16"]


@pytest.mark.parametrize(("title", "label"), [
    ("中" * 28, "中" * 28),  # with "x · " (28 units): 392 of the 400
    ("中" * 29, "中" * 27 + "…"),
    ("a" * 53, "a" * 53),
    ("a" * 54, "a" * 52 + "…"),
])
def test_chart_labels_are_cut_to_fit_cjk_twice_as_wide(title: str, label: str) -> None:
    bar = investments.chart(_deals([(article(title=title), figure(1e9, text="x"))]), EN).bars[0]
    assert (bar.title, bar.label) == (f"x · {title}", f"x · {label}")


# --- feeds ----------------------------------------------------------------------------------------

def _feed(articles: list[Article], **options: str) -> feedparser.FeedParserDict:
    pages = {"page_path": options["page_path"]} if "page_path" in options else {}  # the site's feed: none
    xml = feeds.rss(articles, title="Site", description="Latest", site_url=options.get("site_url", "https://e.org/x/"),
                    feed_path="feed-ai.xml", words=EN, **pages)
    return feedparser.parse(xml), xml


def test_a_feed_lists_articles_with_their_details() -> None:
    newest = article(1, dt.date(2025, 3, 9), author="Ann", topics=(TopicHit("ai", 3.0, 2, ""),))
    undated = article(2, None, source=None)
    parsed, xml = _feed([newest, article(3, dt.date(2024, 1, 2)), undated], page_path="topics/ai/")
    channel = parsed.feed
    assert (channel.title, channel.description, channel.language, channel.generator) == ("Site", "Latest", "en",
                                                                                         "news archive")
    assert channel.link == "https://e.org/x/topics/ai/"
    assert '<atom:link href="https://e.org/x/feed-ai.xml" rel="self"/>' in xml
    assert "<lastBuildDate>Sun, 09 Mar 2025 00:00:00 +0000</lastBuildDate>" in xml
    first, _, last = parsed.entries
    assert first.link == first.id == "https://e.org/x/articles/2025/03/%E6%96%B0%E9%97%BB-1/"
    assert "<link>https://e.org/x/articles/2025/03/%E6%96%B0%E9%97%BB-1/</link>" in xml  # not the guid alone
    assert "\n    <title>Site</title>\n" in xml  # indented: readable, and diffable between builds
    assert (first.title, first.summary, first.published) == ("Title 1", "[Nikkei] Summary 1",
                                                             "Sun, 09 Mar 2025 00:00:00 +0000")
    assert (first.publisher, first.author, [tag.term for tag in first.tags]) == ("Nikkei", "Ann", ["ai"])
    assert last.summary == "Summary 2" and "published" not in last and "publisher" not in last
    assert "author" not in last and "tags" not in last


def test_a_feed_without_dates_is_dated_2000_and_holds_at_most_100_items() -> None:
    parsed, xml = _feed([article(n, None) for n in range(101)], site_url="https://e.org")
    assert len(parsed.entries) == feeds.FEED_ITEMS == 100 and parsed.entries[-1].title == "Title 99"
    assert "<lastBuildDate>Sat, 01 Jan 2000 00:00:00 +0000</lastBuildDate>" in xml
    assert parsed.feed.link == "https://e.org/"


# --- the build report ----------------------------------------------------------------------------

def test_the_build_report_counts_every_seed_and_says_why() -> None:
    outcomes = (Outcome("a.md", "published", "articles/a/"),
                Outcome("b.md", "published", "articles/b/", (Problem("b.md", "no date", "info"),)),
                Outcome("c.md", "published", "articles/c/", (Problem("c.md", "odd <b>", "warning"),
                                                             Problem("c.md", "more", "info"))),
                Outcome("d.md", "merged", None, (Problem("d.md", "same as a.md", "info"),)),
                Outcome("e.md", "skipped", None, (Problem("e.md", "empty", "warning"),)))
    data = report.report_data(outcomes, [".z", ".a~"])
    assert {key: value for key, value in data.items() if key != "files"} == {
        "seeds": 5, "published": 3, "published_with_warnings": 1, "published_as_is": 1, "merged": 1, "skipped": 1,
        "ignored": [".a~", ".z"], "templates": []}
    # a.md, published as it was, is counted, not listed (articles.json has its URL)
    assert [item["seed"] for item in data["files"]] == ["b.md", "c.md", "d.md", "e.md"]
    assert [item["status"] for item in data["files"]] == ["published", "published with warnings", "merged", "skipped"]
    assert data["files"][1] == {"seed": "c.md", "status": "published with warnings", "url": "articles/c/",
                                "reasons": [{"level": "warning", "message": "odd <b>"},
                                            {"level": "info", "message": "more"}]}
    assert json.loads(report.report_json(data)) == data
    html = report.report_html(data, "../", EN)
    assert '<a href="../build-report.json">build-report.json</a>' in html
    assert "5 files: 3 published (1 of them with warnings), 1 merged, 1 not published." in html
    assert "Hidden or temporary files ignored: <code>.a~</code>, <code>.z</code>" in html
    assert "1 more files were published as they were" in html and "<code>a.md</code>" not in html
    assert ('<tr data-status="published with warnings"><td><code>c.md</code></td><td>published with warnings</td>'
            '<td><a href="../articles/c/">articles/c/</a></td><td>⚠️ odd &lt;b&gt;<br>more</td></tr>') in html
    assert '<td><code>d.md</code></td><td>merged (duplicate)</td><td>—</td><td>same as a.md</td>' in html


# --- an article page's own parts ------------------------------------------------------------------

@pytest.mark.parametrize(("source", "slug"), [("Nikkei Asia", "nikkei-asia"), ("日经中文网", "日经中文网"),
                                              (None, "unknown"), ("", "unknown"), ("!!!", "unknown"),
                                              ("x" * 70, "x" * 60)])
def test_a_source_s_page_name(source: str | None, slug: str) -> None:
    source_slug.cache_clear()  # made here, not remembered from another test
    assert source_slug(source) == slug


def test_an_article_s_parts_show_its_metadata_figures_and_mentions() -> None:
    item = article(author="Ann", original_url="https://www.nikkei.com/a", attribution="Line one\n\nLine two",
                   topics=(TopicHit("ai", 3.0, 2, ""),), entities=("softbank",),
                   figures=(figure(2e8, anchor="figure-1"), figure(5)))
    parts = page_parts(item, TAXONOMY, EN)
    # indexed, and with no sort key: the search sorts by relevance (a date sort was a fifth of the index's
    # metadata, which every query downloads whole: issue 17)
    assert '<article class="na-article" lang="en">' in parts.head and "pagefind-sort" not in parts.head
    assert '<a href="@@root@@/sources/nikkei/">Nikkei</a>' in parts.head
    assert "<dt>Author</dt><dd>Ann</dd>" in parts.head
    assert '<a class="na-original" href="https://www.nikkei.com/a" rel="noopener noreferrer nofollow">nikkei.com</a>' in parts.head
    assert '<a class="na-chip" href="@@root@@/topics/ai/">人工智能</a>' in parts.head
    assert parts.tail.count('<p class="na-attribution">') == 2 and "Line two" in parts.tail
    assert '<a href="#figure-1">200000000.0美元</a>' in parts.extras and '<a href="#">5美元</a>' in parts.extras
    assert '<a class="na-chip" href="@@root@@/entities/softbank/">软银</a>' in parts.extras


def test_an_undated_article_without_extras_has_a_bare_page() -> None:
    parts = page_parts(article(date=None, source=None), TAXONOMY, EN)
    assert '<span class="na-undated">Undated</span>' in parts.head
    assert '<a href="@@root@@/sources/unknown/">Unknown source</a>' in parts.head
    assert "na-attribution" not in parts.tail and "Author" not in parts.head and "na-original" not in parts.head
    assert parts.extras.strip() == ""
