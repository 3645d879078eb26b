"""The header's search button at every width, and Chinese drawn with real glyphs, in a real Chromium.

Uses test_browser's served site and browser (same fixtures, same skip/fail rule without a browser).
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from conftest import SEED_000, SEED_001, SEED_003, BuiltSite
from test_browser import ARTIFACTS, Visit, base_url, browser  # noqa: F401 (fixtures)
from test_build import by_seed

# 400: a phone, where Material shows an icon; 1280: a desktop, where Material's own search box would stand
WIDTHS = [400, 1280]


def _button_is_on_screen(visit: Visit) -> bool:
    """Whether the search button is drawn, inside the viewport, and the element a click there reaches."""
    return visit.page.evaluate("""() => {
        const button = document.querySelector('.na-search-button');
        if (!button) return false;
        const box = button.getBoundingClientRect();
        if (box.width < 16 || box.height < 16 || box.right > innerWidth || box.bottom > innerHeight) return false;
        const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
        return button.contains(hit);
    }""")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_header_search_button_is_on_screen_and_opens_search(
        browser, base_url, built_seeds: BuiltSite, width: int) -> None:  # noqa: F811 (fixtures)
    visit = Visit(browser, base_url, width=width)
    try:
        visit.open("")
        assert _button_is_on_screen(visit), f"no search button on screen at {width} px"
        if width >= 960:  # a keyboard is likely: the button says which key opens search
            assert "/" in visit.page.locator(".na-search-button").inner_text()
        visit.page.screenshot(path=str(ARTIFACTS.joinpath(f"search-button-{width}.png")))
        visit.page.locator(".na-search-button").click()
        box = visit.page.locator(".pagefind-ui__search-input")
        box.wait_for()
        assert visit.page.evaluate("document.activeElement === document.querySelector('.pagefind-ui__search-input')")
        results = visit.page.locator(".pagefind-ui__result-title a")
        for query, expected in (("量子", [SEED_001]), ("Stargate", [SEED_003])):
            box.fill(query)
            expect(results).to_have_text([by_seed(built_seeds)[s]["title"] for s in expected])  # waits for them
        visit.page.screenshot(path=str(ARTIFACTS.joinpath(f"search-open-{width}.png")))
        visit.page.keyboard.press("Escape")
        assert not visit.page.locator(".na-search__panel").is_visible()
        assert visit.errors == []
    finally:
        visit.close()


# Whether Chinese is drawn with real glyphs. Without a CJK font Chromium draws every Chinese character
# as the same "missing glyph" box (.notdef), and screenshots show boxes while every text assertion
# passes. So each distinct Han character of the article is drawn alone, in the article's own font
# stack, on a canvas (same font lookup and fallback as the page's text), and the pictures are compared:
# real glyphs of distinct characters all differ, and differ from a code point no font has (U+0378,
# unassigned), which is drawn as the box. Fonts' names are not asked for: any CJK font passes.
# (document.fonts.check() is no test: it answers true for a font that is not installed at all.)
GLYPHS = """chars => {
    const font = getComputedStyle(document.querySelector('.na-body')).fontFamily;
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 48;
    const context = canvas.getContext('2d');
    return chars.map(char => {
        context.clearRect(0, 0, 48, 48);
        context.font = '40px ' + font;
        context.textBaseline = 'top';
        context.fillText(char, 4, 4);
        return canvas.toDataURL();
    });
}"""
MISSING = "\u0378"


def test_chinese_text_is_drawn_with_real_glyphs(browser, base_url, built_seeds: BuiltSite) -> None:  # noqa: F811
    visit = Visit(browser, base_url)
    try:
        visit.open(by_seed(built_seeds)[SEED_000]["url"])
        text = visit.page.locator(".na-body").inner_text()
        chars = list(dict.fromkeys(c for c in text if "\u4e00" <= c <= "\u9fff"))[:12]
        assert len(chars) == 12
        pictures = visit.page.evaluate(GLYPHS, [*chars, MISSING])
        box = pictures[-1]
        missing = [c for c, picture in zip(chars, pictures, strict=False) if picture == box]
        assert not missing, f"drawn as the missing-glyph box (no CJK font: apt-get install fonts-noto-cjk): {missing}"
        assert len(set(pictures)) == len(pictures), "distinct Chinese characters drawn alike (missing glyphs)"
        visit.shot("glyphs-article")
        assert visit.errors == []
    finally:
        visit.close()


def test_a_first_query_searches_the_newest_articles_and_the_reader_widens_it(browser, tmp_path, monkeypatch) -> None:  # noqa: F811
    """Issue 17: a first query downloads only the newest shards (here one article a shard, a window of
    two: 2025-12, which does not name 软银, and 2025-01, which does); the button under the results
    searches the older ones too, with the query kept, and finds the 2024 article as well, still with
    the window's (widening must not lose a shard it had)."""
    import json

    from conftest import copy_project, run_build
    from test_browser import served
    monkeypatch.setenv("NEWSROOM_SEARCH_SHARD", "1")
    monkeypatch.setenv("NEWSROOM_SEARCH_WINDOW", "2")
    site = run_build(copy_project(tmp_path / "project"), strict=True).site
    records = json.loads((site / "articles.json").read_text(encoding="utf-8"))
    window = {r["title"] for r in records if r["date"] and r["date"][:7] == "2025-01"}
    older = window | {r["title"] for r in records if r["date"] and r["date"][:7] == "2024-12"}
    (tmp_path / "www").mkdir()
    with served(site, tmp_path / "www") as url:
        visit = Visit(browser, url)
        requested: list[str] = []
        visit.page.on("request", lambda request: requested.append(request.url))
        try:
            box = visit.search_box()
            box.fill("软银")
            results = visit.page.locator(".pagefind-ui__result-title a")
            expect(results).to_have_count(1, timeout=30_000)
            assert set(results.all_inner_texts()) == window
            # the newest shard (pagefind/) and the next (numbered from the oldest of four: pagefind-3/) only
            assert {u.split("/news-archive/")[1].split("/")[0] for u in requested if "/pagefind" in u} == {
                "pagefind", "pagefind-3"}
            widen = visit.page.locator(".na-search__older button")
            assert widen.is_visible() and "更早的 2 篇文章（2024 及以前）" in widen.inner_text()
            widen.click()
            expect(results).to_have_count(2, timeout=30_000)  # a loaded machine: Pagefind merges three shards
            assert set(results.all_inner_texts()) == older and box.input_value() == "软银"
            assert not visit.page.locator(".na-search__older").is_visible()  # nothing older is left
            assert visit.errors == []
        finally:
            visit.close()


# A query typed as the article has it, marks and all, is found there and only there (site/search.py, words_apart;
# docs/assets/search.js, cut): what Pagefind's Chinese segmenter, and a first cut without the marks, missed.
MARKED = ("---\ntitle: 标点测试\ndate: 2025-02-03\nurl: https://example.org/marks\n---\n\n"
          "孙正义(软银创始人)表示,中国,美国和日本:三方合作。价格500元/吨，中国-东盟自贸区。"
          "特斯拉CEO埃隆・马斯克周二抵达。疫情（COVID-19）期间，5G与AI芯片需求大增，售价$999。\n\n"
          "位于华中\n\n国际机场的扩建。\n")
FOUND = ["孙正义(软银创始人)", "中国,美国", "元/吨", "中国-东盟", "埃隆・马斯克", "疫情（COVID-19）期间", "COVID-19",
         "AI芯片", "售价$999", "国际机场"]
# across two paragraphs, or across a mark of its own (an ASCII one beside Chinese is kept with the character,
# so 正义软银 is found in 孙正义(软银: the price of finding 孙正义(软银 typed as the article has it)
NOT_FOUND = ["中国国际", "华中国际", "期间5G", "吨中国"]


def test_a_query_with_marks_is_found_where_the_article_has_it_and_only_there(browser, tmp_path) -> None:  # noqa: F811
    from conftest import copy_project, run_build
    from test_browser import served

    site = run_build(copy_project(tmp_path / "project", {"marks.md": MARKED.encode()}), strict=True).site
    (tmp_path / "www").mkdir()
    with served(site, tmp_path / "www") as url:
        visit = Visit(browser, url)
        try:
            box = visit.search_box()
            results = visit.page.locator(".pagefind-ui__result-title a")
            for query in FOUND:
                box.fill(query)
                expect(results).to_have_text(["标点测试"], timeout=30_000)
            excerpt = visit.page.locator(".pagefind-ui__result-excerpt").first.inner_text()
            # the spaces the index put in are not shown
            assert "孙正义(软银创始人)" in excerpt and "元/吨，中国-东盟" in excerpt and "埃隆・马斯克" in excerpt, excerpt
            assert not re.search("[\u4e00-\u9fff] [\u4e00-\u9fff]", excerpt), excerpt
            for query in NOT_FOUND:
                box.fill(query)
                expect(visit.page.locator(".pagefind-ui__message")).to_contain_text(query, timeout=30_000)
                assert results.count() == 0, query
            assert visit.errors == []
        finally:
            visit.close()
