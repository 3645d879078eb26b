"""The generated pages of a tiny hand-made archive, rendered without MkDocs: home, months, topics,
entities, sources, investments, articles.json (the whole-site builds in test_build.py check the same
pages through MkDocs, but are too slow to run for every mutant of site/render.py)."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from newsroom.config.taxonomy import Taxonomy, Term
from newsroom.model import Article, Figure, TopicHit
from newsroom.site import render
from newsroom.site.archive import Archive
from newsroom.site.templating import words_for

WORDS = words_for("en")
TAXONOMY = Taxonomy(
    topics=(Term("ai", "人工智能", "AI", ("AI", "人工智能")), Term("chips", "芯片", "Chips", ("芯片",))),
    entities=(Term("son", "孙正义", "Masayoshi Son", ("孙正义",), "person"),
              Term("softbank", "软银", "SoftBank", ("软银", "SoftBank"), "company"),
              Term("tokyo", "东京", "Tokyo", ("东京",), "place"),
              Term("gizmo", "Gizmo", "Gizmo", ("Gizmo",), "gadget"),  # a kind the entities page does not know
              Term("unused", "无", "None", ("无",), "company")),
    threshold=2.0, title_weight=3.0)
BIG = Figure(5e9, "USD", None, 5e9, "50亿美元", "软银投资50亿美元。", "investment", actor="softbank",
             anchor="figure-1")
SMALL = Figure(95.2, "USD", None, 95.2, "95.2美元", "收报95.2美元。", "not an investment")  # a share price


def article(n: int, date: dt.date | None, **fields: object) -> Article:
    values: dict[str, object] = {"seed": f"{n}.md", "title": f"Title {n}", "date": date, "source": "Nikkei",
                                 "author": None, "original_url": None, "language": "en", "summary": f"Summary {n}",
                                 "body_html": f"<p>Body {n}</p>",
                                 "url": f"articles/{date:%Y/%m}/t{n}/" if date else f"articles/undated/t{n}/"}
    values.update(fields)
    return Article(**values)  # type: ignore[arg-type]


ALPHA = article(1, dt.date(2025, 3, 9), topics=(TopicHit("ai", 4.0, 3, "AI excerpt"),),
                entities=("softbank", "son", "gizmo"), figures=(BIG, SMALL), related=("articles/2025/01/t2/",))
BETA = article(2, dt.date(2025, 1, 4), source="Reuters", entities=("softbank", "tokyo"))
GAMMA = article(3, None, source=None, title="Gamma <b>", entities=("son",))
# 21 more articles in 2024, newest first: the home page lists 20 articles in all
OLDER = tuple(article(10 + day, dt.date(2024, 12, 31 - day), source="Zeitung") for day in range(21))
ARCHIVE = Archive((ALPHA, BETA, *OLDER, GAMMA), ())


@pytest.fixture(scope="module")
def pages() -> dict[str, render.GeneratedPage]:
    return {page.path: page for page in render.all_pages(ARCHIVE, TAXONOMY, "Site", WORDS, rates_source="IMF")}


@pytest.mark.parametrize(("path", "url"), [("index.md", ""), ("archive/index.md", "archive/"),
                                           ("archive/2025/01/index.md", "archive/2025/01/"),
                                           ("articles/2025/01/x.md", "articles/2025/01/x/")])
def test_a_page_s_url_is_its_folder(path: str, url: str) -> None:
    assert render.page_url(path) == url


@pytest.mark.parametrize(("here", "there", "link"), [
    ("topics/ai/", "articles/2025/01/x/", "../../articles/2025/01/x/"),
    ("", "archive/", "archive/"),
    ("archive/2025/01/", "archive/", "../../"),
    ("archive/", "archive/", "./"),
    ("topics/ai/", "topics/chips/", "../chips/"),
    ("a/", "a/b.xml", "b.xml"),
])
def test_links_between_pages_are_relative(here: str, there: str, link: str) -> None:
    assert render.relative(here, there) == link


def test_every_kind_of_page_is_generated(pages: dict[str, render.GeneratedPage]) -> None:
    assert {path for path in pages if not path.startswith("articles/")} == {
        "index.md", "archive/index.md", "archive/2025/03/index.md", "archive/2025/01/index.md",
        "archive/2024/12/index.md", "archive/undated/index.md", "topics/index.md", "topics/ai/index.md",
        "topics/chips/index.md", "entities/index.md", "entities/son/index.md", "entities/softbank/index.md",
        "entities/tokyo/index.md", "entities/gizmo/index.md", "sources/index.md", "sources/nikkei/index.md",
        "sources/reuters/index.md", "sources/zeitung/index.md", "sources/unknown/index.md",
        "investments/index.md"}
    # an article has no navigation drawer (issue 17: no menu repeated in 60,000 pages); a listing has one
    assert all(page.meta["hide"] == (["navigation", "toc"] if path.startswith("articles/") else ["toc"])
               and page.meta["title"] == page.title for path, page in pages.items())
    assert [page.url for page in pages.values()][:3] == [ALPHA.url, BETA.url, OLDER[0].url]


def test_home_lists_the_twenty_newest_and_every_month(pages: dict[str, render.GeneratedPage]) -> None:
    home = pages["index.md"]
    assert (home.title, home.meta["title"]) == ("Site", "Site")
    assert "<h1>Site</h1>" in home.html and "24 articles. " in home.html
    assert home.html.count("<li><time") == 20
    assert '<a href="articles/2025/03/t1/">Title 1</a> <cite>Nikkei</cite>' in home.html
    assert "Title 27" in home.html and "Title 28" not in home.html and "Gamma" not in home.html
    assert ('<li><a href="archive/2025/03/">2025-03</a> <span class="na-count">1</span></li>\n'
            '<li><a href="archive/2025/01/">2025-01</a> <span class="na-count">1</span></li>\n'
            '<li><a href="archive/2024/12/">2024-12</a> <span class="na-count">21</span></li>\n'
            '<li><a href="archive/undated/">Undated</a> <span class="na-count">1</span></li>') in home.html


def test_the_archive_and_each_month(pages: dict[str, render.GeneratedPage]) -> None:
    archive = pages["archive/index.md"]
    assert archive.title == "Archive" and "newest first. 24 articles." in archive.html
    assert '<li><a href="2025/03/">2025-03</a> <span class="na-count">1</span></li>' in archive.html
    assert '<li><a href="undated/">Undated</a>' in archive.html
    month = pages["archive/2025/01/index.md"]
    assert month.title == "2025-01" and '<a href="../../">← All months</a>' in month.html
    assert '<a href="../../../articles/2025/01/t2/">Title 2</a> <cite>Reuters</cite>' in month.html
    undated = pages["archive/undated/index.md"]
    assert undated.title == "Undated"
    assert '<span class="na-undated">Undated</span> <a href="../../articles/undated/t3/">Gamma &lt;b&gt;</a></li>' in undated.html


def test_an_article_page_has_its_parts_related_and_search_text(pages: dict[str, render.GeneratedPage]) -> None:
    page = pages["articles/2025/03/t1.md"]
    assert (page.title, page.meta["description"]) == ("Title 1", "Summary 1")
    assert '<a href="../../../../sources/nikkei/">Nikkei</a>' in page.html
    assert "<p>Body 1</p>" in page.html and "<p>Body 1</p>" in page.search_html
    assert '<section class="na-related"><h2 id="related">Related articles</h2>' in page.html
    assert '<a href="../../../../articles/2025/01/t2/">Title 2</a>' in page.html
    assert '<a href="#figure-1">50亿美元</a>' in page.html and '<a href="../../../../investments/">' in page.html
    assert "na-related" not in page.search_html and "na-article-figures" not in page.search_html
    assert "na-related" not in pages["articles/2025/01/t2.md"].html  # no related articles: no section


def test_topic_pages_list_members_figures_and_feed(pages: dict[str, render.GeneratedPage]) -> None:
    topics = pages["topics/index.md"]
    assert topics.title == "Topics"
    assert ('<li><a href="ai/">人工智能 <span class="na-en">AI</span></a> <span class="na-count">1</span></li>\n'
            '<li><a href="chips/">芯片 <span class="na-en">Chips</span></a> <span class="na-count">0</span></li>'
            ) in topics.html
    ai = pages["topics/ai/index.md"]
    assert (ai.title, ai.meta["feed"], ai.meta["feed_title"]) == ("人工智能 AI", "feed-ai.xml", "人工智能 AI")
    assert "1 articles, newest first. Keywords: AI, 人工智能. " in ai.html
    assert '<a href="../../feed-ai.xml" type="application/rss+xml">' in ai.html
    assert '<a href="../../articles/2025/03/t1/">Title 1</a>' in ai.html and "AI excerpt" in ai.html
    assert "mentioned 3 times" in ai.html
    assert "1 deals, about US$50 × 100 million in all. " in ai.html
    assert '<a href="../../investments/">All investment figures →</a>' in ai.html
    assert '<a href="../../articles/2025/03/t1/#figure-1">50亿美元</a>' in ai.html and "95.2" not in ai.html
    chips = pages["topics/chips/index.md"]
    assert "No articles yet." in chips.html and 'id="figures"' not in chips.html


def test_entity_pages_by_kind_most_mentioned_first(pages: dict[str, render.GeneratedPage]) -> None:
    entities = pages["entities/index.md"]
    assert entities.title == "Organisations and people"
    html = entities.html
    assert html.index('id="company"') < html.index('id="person"') < html.index('id="place"') < html.index('id="gadget"')
    assert '<li><a href="softbank/">软银 SoftBank</a> <span class="na-count">2</span></li>' in html
    assert '<li><a href="son/">孙正义 Masayoshi Son</a> <span class="na-count">2</span></li>' in html
    assert "unused" not in html and "entities/unused/index.md" not in pages
    son = pages["entities/son/index.md"]
    assert son.title == "孙正义 Masayoshi Son" and "Mentioned in 2 articles, newest first. Also known as: 孙正义" in son.html
    assert son.html.index("Title 1") < son.html.index("Gamma")
    assert '<a href="../../articles/undated/t3/">' in son.html
    assert pages["entities/gizmo/index.md"].title == "Gizmo"


def test_an_entity_page_shows_the_deals_it_pays_or_receives(pages: dict[str, render.GeneratedPage]) -> None:
    softbank = pages["entities/softbank/index.md"].html
    assert '<h2 id="figures">Investments</h2>' in softbank and "As payer: Investment US$50 × 100 million." in softbank
    assert "As receiver" not in softbank and '<a href="../../articles/2025/03/t1/#figure-1">50亿美元</a>' in softbank
    assert 'id="figures"' not in pages["entities/son/index.md"].html  # named, but neither paying nor receiving


def test_entities_of_one_kind_most_mentioned_first_then_by_slug() -> None:
    taxonomy = Taxonomy((), (Term("b", "B", "B", ("B",), "company"), Term("a", "A", "A", ("A",), "company"),
                             Term("c", "C", "C", ("C",), "company")), 2.0, 3.0)
    archive = Archive((article(1, dt.date(2025, 1, 1), entities=("b", "a", "c")),
                       article(2, dt.date(2025, 1, 2), entities=("c",))), ())
    html = render.entity_pages(archive, taxonomy, WORDS)[0].html
    assert html.index('href="c/"') < html.index('href="a/"') < html.index('href="b/"')


def test_source_pages_the_one_with_most_articles_first(pages: dict[str, render.GeneratedPage]) -> None:
    sources = pages["sources/index.md"]
    assert sources.title == "Sources"
    assert ('<li><a href="zeitung/">Zeitung</a> <span class="na-count">21</span></li>\n'
            '<li><a href="nikkei/">Nikkei</a> <span class="na-count">1</span></li>\n'
            '<li><a href="reuters/">Reuters</a> <span class="na-count">1</span></li>\n'
            '<li><a href="unknown/">Unknown source</a> <span class="na-count">1</span></li>') in sources.html
    unknown = pages["sources/unknown/index.md"]
    assert unknown.title == "Unknown source" and "1 articles, newest first." in unknown.html
    assert '<a href="../../articles/undated/t3/">' in unknown.html
    assert pages["sources/reuters/index.md"].html.count("<li>") == 1


def test_investments_page_chart_filters_and_table(pages: dict[str, render.GeneratedPage]) -> None:
    page = pages["investments/index.md"]
    assert page.title == "Investment figures"
    assert '<h2 id="largest">The 1 largest</h2>' in page.html
    assert '<option value="ai">人工智能</option><option value="chips">芯片</option>' in page.html
    assert '<option value="USD">USD</option></select>' in page.html
    assert '>1 deals, about US$50 × 100 million in all</p>' in page.html
    assert 'data-total="{count} deals, about {usd} in all"' in page.html  # what the page's script fills in
    assert '<select data-filter="kind"><option value="">All</option><option value="investment">Investment</option>' \
        in page.html
    assert '<a href="../articles/2025/03/t1/#figure-1">50亿美元</a>' in page.html
    assert "Exchange rates: IMF." in page.html
    assert '<tr data-usd="5000000000.00" data-currency="USD" data-topics="ai" data-date="2025-03-09"' in page.html


def test_a_figure_without_an_anchor_links_to_its_article() -> None:
    figure = Figure(2e6, "EUR", "about", None, "200万欧元", "s", "acquisition")
    archive = Archive((article(1, dt.date(2025, 1, 1), figures=(figure,)),), ())
    html = render.investments_page(archive, TAXONOMY, "", WORDS).html
    assert '<a href="../articles/2025/01/t1/">200万欧元</a>' in html
    assert '<option value="EUR">EUR</option></select>' in html and '<h2 id="largest">The 1 largest</h2>' in html


def test_articles_json_has_every_field() -> None:
    records = json.loads(render.articles_json(Archive((ALPHA, GAMMA), ())))
    assert records == [
        {"url": ALPHA.url, "title": "Title 1", "date": "2025-03-09", "source": "Nikkei", "author": None,
         "original_url": None, "language": "en", "seed": "1.md", "summary": "Summary 1", "topics": ["ai"],
         "entities": ["softbank", "son", "gizmo"], "figures": 2},
        {"url": GAMMA.url, "title": "Gamma <b>", "date": None, "source": None, "author": None,
         "original_url": None, "language": "en", "seed": "3.md", "summary": "Summary 3", "topics": [],
         "entities": ["son"], "figures": 0}]


def test_pages_kept_between_builds_are_made_again_with_other_templates(tmp_path, monkeypatch) -> None:
    """An article's page and list entries are kept from build to build (mkdocs serve), and made again when
    a template they are made with is not the same (a test, or a process, with other templates)."""
    import shutil

    from jinja2 import FileSystemLoader

    from newsroom.site import templating
    first = {p.path: p for p in render.all_pages(ARCHIVE, TAXONOMY, "Site", WORDS)}
    assert {p.path: p for p in render.all_pages(ARCHIVE, TAXONOMY, "Site", WORDS)}[ALPHA.path] is first[ALPHA.path]
    edited = tmp_path / "templates"
    shutil.copytree(templating.TEMPLATES, edited)
    lists = edited / "lists.html"
    lists.write_text(lists.read_text(encoding="utf-8").replace("<cite>", '<cite class="edited">'), encoding="utf-8")
    page = edited / "article.html"
    page.write_text(page.read_text(encoding="utf-8").replace('<h2 id="related">', '<h2 id="related" class="edited">'),
                    encoding="utf-8")
    monkeypatch.setattr(templating.ENVIRONMENT, "loader", FileSystemLoader(edited))
    again = {p.path: p for p in render.all_pages(ARCHIVE, TAXONOMY, "Site", WORDS)}
    assert 'class="edited"' in again[ALPHA.path].html.split('<section class="na-related">')[1]
    assert '<cite class="edited">' in again["sources/nikkei/index.md"].html


def test_a_kept_article_page_is_made_again_when_what_its_related_list_shows_changed() -> None:
    """mkdocs serve keeps an article's page by what its related list shows of each article (its address,
    date, title, source), not by the list's HTML: an edited title of a related article is on the page."""
    from dataclasses import replace
    first = {p.path: p for p in render.all_pages(ARCHIVE, TAXONOMY, "Site", WORDS)}
    retitled = replace(BETA, title="Beta retitled")
    again = {p.path: p for p in render.all_pages(Archive((ALPHA, retitled, *OLDER, GAMMA), ()), TAXONOMY, "Site", WORDS)}
    assert "Beta retitled" in again[ALPHA.path].html and "Title 2" not in again[ALPHA.path].html
    assert "Title 2" in first[ALPHA.path].html
    assert again[GAMMA.path] is first[GAMMA.path]  # no related list that shows it: kept as it was
    fresh = render._article_pages
    render._article_pages = render.Kept()
    try:  # the page remade in place is the page a new process makes
        assert {p.path: p for p in render.all_pages(Archive((ALPHA, retitled, *OLDER, GAMMA), ()), TAXONOMY, "Site",
                                                    WORDS)}[ALPHA.path].html == again[ALPHA.path].html
    finally:
        render._article_pages = fresh


def test_a_kept_value_is_made_again_only_when_what_it_is_made_of_changed() -> None:
    from newsroom.kept import Kept
    kept: Kept[str] = Kept()
    made: list[str] = []

    def make(text: str) -> str:
        made.append(text)
        return text.upper()
    assert kept.get("a", ("x", 1), lambda: make("x")) == "X"
    assert kept.get("a", ("x", 1), lambda: make("never")) == "X" and made == ["x"]
    assert kept.get("a", ("x", 2), lambda: make("y")) == "Y" and made == ["x", "y"]
    kept.keep_only(["b"])  # "a" is gone
    assert kept.get("a", ("x", 2), lambda: make("z")) == "Z" and made == ["x", "y", "z"]
