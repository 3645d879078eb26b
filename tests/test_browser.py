"""What a reader sees, in a real Chromium driven by Playwright, on the built site served on localhost.

Debian's chromium is used (`executable_path`), since Playwright's own browser download
cannot work here. Without a browser these tests fail on CI and are skipped, with the
reason in the summary, elsewhere. Screenshots go to test-artifacts/ (ignored by git).
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOT, SEED_000, SEED_001, SEED_002, SEED_003, BuiltSite
from test_build import by_seed, records

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


@contextlib.contextmanager
def served(site: Path, root: Path) -> Iterator[str]:
    """`site` served under /news-archive/ (a link in the empty folder `root`), as on GitHub Pages."""
    (root / "news-archive").symlink_to(site, target_is_directory=True)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/news-archive/"
    finally:
        server.shutdown()


@pytest.fixture(scope="module")
def base_url(built_seeds: BuiltSite, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The seeds' site, served."""
    with served(built_seeds.site, tmp_path_factory.mktemp("www")) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"no browser at {CHROMIUM}: install Debian's chromium (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--no-first-run", "--disable-sync"])
        yield browser
        browser.close()


class Visit:
    """A browser page that records console errors and answers every off-site request itself."""

    def __init__(self, browser, base_url: str, width: int = 1280) -> None:
        self.base_url = base_url
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.errors: list[str] = []
        self.offsite: list[tuple[str, dict]] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.route(lambda url: not url.startswith(base_url.split("/news-archive/")[0]), self._offsite)

    def _offsite(self, route) -> None:
        # the machine is offline: hotlinked images get a tiny PNG, and we keep what was sent
        self.offsite.append((route.request.url, route.request.headers))
        route.fulfill(status=200, content_type="image/png", body=PNG)

    def open(self, path: str) -> None:
        self.page.goto(self.base_url + urllib.parse.quote(path))
        self.page.wait_for_load_state("networkidle")

    def search_box(self):  # type: ignore[no-untyped-def]
        """The home page's search dialog, opened by its keyboard shortcut: its input, once Pagefind's UI drew it."""
        self.open("")
        self.page.keyboard.press("/")
        box = self.page.locator(".pagefind-ui__search-input")
        box.wait_for()
        return box

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def visit(browser, base_url) -> Iterator[Visit]:
    visit = Visit(browser, base_url)
    yield visit
    assert visit.errors == [], visit.errors  # no errors in the browser console, on any page
    visit.close()


def test_home_lists_the_latest_articles(visit: Visit, built_seeds: BuiltSite) -> None:
    visit.open("")
    titles = visit.page.locator("ul.na-list a").all_inner_texts()
    assert titles == [r["title"] for r in records(built_seeds)]
    visit.shot("home")


def test_article_page_metadata_body_and_images_without_referer(visit: Visit, built_seeds: BuiltSite) -> None:
    for seed in (SEED_000, SEED_001):
        visit.open(by_seed(built_seeds)[seed]["url"])
        article = visit.page.locator("article.na-article")
        assert article.locator("h1").inner_text() == by_seed(built_seeds)[seed]["title"]
        assert "来源" in article.locator("dl.na-meta").inner_text()
        assert article.locator(".na-body p").count() >= 5
    body = visit.page.locator(".na-body").inner_text()
    assert "日美科技合作的历史可以追溯到20世纪中期" in body and "预览时标签不可点" not in body
    images = [(url, headers) for url, headers in visit.offsite if "mmbiz.qpic.cn" in url or "nikkei" in url]
    assert len(images) >= 4
    assert all("referer" not in {k.lower() for k in headers} for _, headers in images), images
    loaded = visit.page.evaluate("Array.from(document.querySelectorAll('.na-body img')).every(i => i.naturalWidth > 0)")
    assert loaded
    visit.shot("article")


def test_topic_page_lists_its_articles(visit: Visit, built_seeds: BuiltSite) -> None:
    visit.open("topics/softbank/")
    titles = visit.page.locator("ul.na-list > li > a").all_inner_texts()
    assert titles == [by_seed(built_seeds)[s]["title"] for s in (SEED_000, SEED_003)]
    visit.shot("topic")


HAN = "[\u3400-\u4dbf\u4e00-\u9fff]"
SEARCHES = [
    ("孙正义", [SEED_000]),
    ("量子", [SEED_001]),
    ("半导体", [SEED_001, SEED_000]),
    ("日美科技合作", [SEED_001]),  # as a string: not 000, which has 科技 and 合作 apart
    ("Rapidus", [SEED_002, SEED_001]),
    ("Stargate", [SEED_003]),
    ("SoftBank", [SEED_003]),
    # across the edges of the entity links (社长<a>孙正义</a>, <a>ARM</a>所研发), Latin and Chinese together
    ("社长孙正义", [SEED_000]),
    ("ARM所研发的AI", [SEED_000]),
    # marks of punctuation in the query, as the article has them (・ and （） beside a link)
    ("埃隆・马斯克", [SEED_000]),
    ("人工智能（AI）投资", [SEED_000]),
]


@pytest.mark.parametrize(("query", "expected"), SEARCHES, ids=[q for q, _ in SEARCHES])
def test_search_finds_the_right_articles(visit: Visit, built_seeds: BuiltSite, query: str, expected) -> None:
    box = visit.search_box()
    box.fill(query)
    results = visit.page.locator(".pagefind-ui__result-title a")
    results.first.wait_for()
    visit.page.wait_for_timeout(300)
    titles = results.all_inner_texts()
    wanted = [by_seed(built_seeds)[s]["title"] for s in expected]
    assert sorted(titles) == sorted(wanted), titles  # these articles, and no article that lacks the words
    excerpt = visit.page.locator(".pagefind-ui__result-excerpt").first
    assert excerpt.locator("mark").count() >= 1  # the match is highlighted
    # the spaces the index put between Chinese characters are not shown
    assert not re.search(f"{HAN}\\s+{HAN}|{HAN}\\s+[，。：]", excerpt.inner_text()), excerpt.inner_text()
    if query in ("孙正义", "SoftBank"):
        if query == "孙正义":
            visit.shot("search")
        results.first.click()
        visit.page.wait_for_load_state("networkidle")
        assert "highlight=" in visit.page.url
        marks = visit.page.locator("mark.na-highlight")
        marks.first.wait_for()
        # the query is marked whole where it stands (not each of its characters wherever they occur)
        marked = "".join(marks.all_inner_texts()).lower()
        assert marked and marked.replace(query.lower(), "") == "", marked
        assert visit.page.evaluate("document.querySelector('mark.na-highlight').getBoundingClientRect().top") >= 0
        if query == "孙正义":
            visit.page.screenshot(path=str(ARTIFACTS / "search-highlight.png"))  # the viewport: scrolled to the mark


def test_words_of_a_query_found_apart_are_each_marked(visit: Visit, built_seeds: BuiltSite) -> None:
    url = by_seed(built_seeds)[SEED_003]["url"]
    visit.page.goto(visit.base_url + urllib.parse.quote(url) + "?highlight=SoftBank&highlight=Stargate")
    visit.page.wait_for_load_state("networkidle")
    marks = visit.page.locator("mark.na-highlight")
    marks.first.wait_for()
    assert {text.lower() for text in marks.all_inner_texts()} == {"softbank", "stargate"}
    assert visit.errors == []


def test_investments_table_sorts_and_filters(visit: Visit) -> None:
    visit.open("investments/")
    # the investments' table (the valuations' follows it), its rows shown
    shown = "Array.from(document.querySelector('table.na-figures').querySelectorAll('tbody tr:not([hidden])'))"
    usd = shown + ".map(r => +r.dataset.usd)"
    header = visit.page.locator("table.na-figures th", has_text="约合美元").first
    header.click()
    ascending = visit.page.evaluate(usd)
    assert ascending == sorted(ascending)
    header.click()
    descending = visit.page.evaluate(usd)
    assert descending == sorted(ascending, reverse=True) and descending[0] == 1e12
    visit.page.select_option("select[data-filter=currency]", "JPY")
    currencies = visit.page.evaluate(shown + ".map(r => r.dataset.currency)")
    assert currencies and set(currencies) == {"JPY"}
    assert visit.page.locator(".na-total").inner_text().startswith(f"共 {len(currencies)} 笔")
    visit.page.select_option("select[data-filter=currency]", "")
    visit.page.select_option("select[data-filter=kind]", "pledge")
    kinds = visit.page.evaluate(shown + ".map(r => r.dataset.kind)")
    assert kinds and set(kinds) == {"pledge"}
    visit.shot("investments")


def test_the_chart_is_readable_on_a_phone(browser, base_url, built_seeds: BuiltSite) -> None:
    visit = Visit(browser, base_url, width=390)
    try:
        visit.open("investments/")
        # the height of a label's glyphs as drawn: a 960-unit-wide chart drew them 4.5 px high here
        heights = visit.page.evaluate("Array.from(document.querySelectorAll('.na-chart text'))"
                                      ".map(t => t.getBoundingClientRect().height)")
        assert heights and min(heights) >= 11, heights
        visit.shot("phone-investments")
        assert visit.errors == []
    finally:
        visit.close()


PHONE_PAGES = ["", "archive/", "topics/", "topics/ai/", "entities/", "sources/", "investments/"]


def test_no_page_scrolls_sideways_on_a_phone(browser, base_url, built_seeds: BuiltSite) -> None:
    visit = Visit(browser, base_url, width=390)
    try:
        for path in PHONE_PAGES + [r["url"] for r in records(built_seeds)]:
            visit.open(path)
            overflow = visit.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
        visit.shot("phone-article")
        assert visit.errors == []
    finally:
        visit.close()


def test_on_a_phone_an_article_s_header_leads_home(browser, base_url, built_seeds: BuiltSite) -> None:
    """An article has no navigation drawer (issue 17): where Material would show the drawer's menu, the
    logo stands, and it leads to the home page."""
    visit = Visit(browser, base_url, width=390)
    visit.open(by_seed(built_seeds)[SEED_000]["url"])
    assert visit.page.locator("label.md-header__button[for=__drawer]").count() == 0
    logo = visit.page.locator(".md-header .md-logo")
    assert logo.is_visible()
    logo.click()
    visit.page.wait_for_load_state()
    assert visit.page.url.rstrip("/") == base_url.rstrip("/")
    assert visit.errors == [], visit.errors
    visit.close()


def test_the_reader_s_colour_scheme_holds_across_pages(browser, base_url, built_seeds: BuiltSite) -> None:
    """The dark scheme a reader picks on an article is the scheme of the next page: Material's settings
    scripts, served from assets/base.js and assets/palette.js (issue 17; the latter also puts the
    colour-scheme form in the header), keep it for the whole site."""
    visit = Visit(browser, base_url, width=1280)
    visit.open(by_seed(built_seeds)[SEED_000]["url"])
    assert visit.page.get_attribute("body", "data-md-color-scheme") == "default"
    toggle = visit.page.locator("label[for=__palette_1]")  # put in by assets/palette.js, its icon from the sprite
    assert toggle.locator("use").get_attribute("href").endswith("/assets/icons.svg#material-weather-night")
    toggle.click()
    assert visit.page.get_attribute("body", "data-md-color-scheme") == "slate"
    visit.open("archive/")
    assert visit.page.get_attribute("body", "data-md-color-scheme") == "slate"
    assert visit.errors == [], visit.errors
    visit.close()


def test_the_theme_s_icons_are_drawn_from_the_one_sprite(browser, base_url, built_seeds: BuiltSite) -> None:
    """The header's icons reference assets/icons.svg (issue 17: no icon inline in every page) and are
    drawn: on a listing (an article has neither), the repository's mark on a wide screen and the menu on a
    phone, each painted, not blank."""
    for width, selector, url in ((1280, ".md-header__source .md-source__icon svg", "archive/"),
                                 (390, "label[for=__drawer] svg", "archive/")):
        visit = Visit(browser, base_url, width=width)
        requested: list[str] = []
        visit.page.on("request", lambda request, requested=requested: requested.append(request.url))
        visit.open(url)
        icon = visit.page.locator(selector).first
        assert icon.locator("use").get_attribute("href").endswith("assets/icons.svg#" + (
            "fontawesome-brands-git-alt" if width == 1280 else "material-menu"))
        box = icon.bounding_box()
        assert box is not None and box["width"] >= 12 and box["height"] >= 12
        drawn = icon.screenshot()
        icon.evaluate("svg => svg.querySelector('use').remove()")
        assert icon.screenshot() != drawn, "the icon is blank"  # the symbol painted something
        assert any(url.endswith("/assets/icons.svg") for url in requested)
        assert visit.errors == [], visit.errors
        visit.close()


def test_the_investments_table_loads_its_other_rows_when_asked(browser, tmp_path: Path, monkeypatch) -> None:
    """Issue 17: the page holds the first rows; the rest come from investments/rows/<k>.json when a
    reader asks for more, sorts or filters; sorting and filtering act on all of them, shown a page's
    worth at a time. Other tables (a topic's) show all their rows after a sort; a file that does not
    come leaves the rows at hand sortable."""
    from conftest import copy_project, run_build
    from newsroom.site import render
    monkeypatch.setattr(render, "TABLE_ROWS", 1)
    monkeypatch.setattr(render, "ROWS_PER_FILE", 2)
    site = run_build(copy_project(tmp_path / "project"), strict=True).site
    assert (site / "investments/rows/2.json").exists()  # at least 4 rows: 1 in the page, 2 files
    (tmp_path / "www").mkdir()
    shown = "Array.from(document.querySelector('table.na-figures').querySelectorAll('tbody tr:not([hidden])'))"
    with served(site, tmp_path / "www") as url:
        visit = Visit(browser, url)
        visit.open("investments/")
        table = visit.page.locator("table.na-figures").first
        assert table.locator("tbody tr").count() == 1
        visit.page.locator("[data-more-rows]").first.click()
        visit.page.wait_for_function(shown + ".length === 2")  # one page more: the page held one row
        valuations = "document.querySelectorAll('table.na-figures')[1].querySelectorAll('tbody tr:not([hidden])').length"
        assert visit.page.evaluate(valuations) == 1  # the valuations' own table loads its rows on its own
        visit.page.locator("[data-more-rows]").nth(1).click()
        visit.page.wait_for_function(valuations + " === 2")
        header = table.locator("th", has_text="约合美元")
        header.click()
        header.click()
        usd = visit.page.evaluate(shown + ".map(r => +r.dataset.usd)")
        every = visit.page.evaluate("Array.from(document.querySelector('table.na-figures').tBodies[0].rows)"
                                    ".map(r => +r.dataset.usd)")
        assert len(every) >= 4 and usd == sorted(every, reverse=True)[:len(usd)] and usd[0] == 1e12
        visit.page.select_option("select[data-filter=currency]", "JPY")
        currencies = visit.page.evaluate(shown + ".map(r => r.dataset.currency)")
        assert currencies and set(currencies) == {"JPY"}
        assert visit.errors == [], visit.errors
        visit.close()

        topic = Visit(browser, url)
        topic.open("topics/softbank/")
        small = topic.page.locator("table.na-figures").first
        small.locator("th").nth(1).click()
        assert small.locator("tbody tr").count() >= 2 and small.locator("tbody tr[hidden]").count() == 0
        topic.close()

        (site / "investments/rows/2.json").unlink()  # a partial deploy
        broken = Visit(browser, url)
        broken.open("investments/")
        broken.page.locator("table.na-figures th", has_text="约合美元").first.click()
        # sorted all the same: the rows of the page and of the file that came
        broken.page.wait_for_function("document.querySelector('table.na-figures th[aria-sort=ascending]') !== null")
        assert broken.page.evaluate(shown + ".length") >= 1
        broken.close()
