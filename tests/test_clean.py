"""Stage 3 on crafted bodies: structure kept, layout flattened, boilerplate rules, nothing unsafe."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup, Tag

from newsroom.config.rules import CleaningRules
from newsroom.seed.blocks import plain_of
from newsroom.seed.clean import clean_body
from newsroom.seed.extract import to_fragment


def cleaned(body: str, rules, fmt: str = "html", url: str | None = None, **kwargs) -> str:
    fragment, _ = to_fragment(body, fmt)
    return clean_body(fragment, rules.for_article(url, fmt), base_url=url, **kwargs).html


def tags(html: str) -> list[str]:
    return [t.name for t in BeautifulSoup(html, "lxml").body.find_all(recursive=False)] if html else []


def test_every_kind_of_content_block_survives_in_order(rules) -> None:
    body = """<div class="wrap"><div>
      <h1>Section</h1><p>First <em>para</em> with <a href="https://e.com/x">a link</a>.</p>
      <ul><li>one</li><li>two</li></ul><blockquote><p>quoted</p></blockquote>
      <pre><code>x = 1</code></pre>
      <table><tr><th>k</th><th>v</th></tr><tr><td>a</td><td>1</td></tr></table>
      <ol><li>first</li></ol><p><strong>bold</strong> end.</p></div></div>"""
    html = cleaned(body, rules)
    assert tags(html) == ["h2", "p", "ul", "blockquote", "pre", "table", "ol", "p"]
    assert '<a href="https://e.com/x" rel="noopener noreferrer nofollow">a link</a>' in html
    assert "<em>para</em>" in html and "<code>x = 1</code>" in html


def test_loose_text_and_line_breaks_become_paragraphs(rules) -> None:
    html = cleaned("<div>First paragraph.<br><br>Second paragraph.<strong>Bold tail</strong></div>", rules)
    assert [p.get_text() for p in BeautifulSoup(html, "lxml").find_all("p")] == [
        "First paragraph.", "Second paragraph.Bold tail"]


def test_full_width_indents_and_empty_paragraphs_go(rules) -> None:
    html = cleaned("<p>　</p><p>　　正文。</p><p>&nbsp;</p><p> ，。 </p>", rules)
    assert html == "<p>正文。</p>"


@pytest.mark.parametrize("evil", [
    '<script>alert(1)</script>', '<style>body{display:none}</style>', '<iframe src="https://evil.example"></iframe>',
    '<img src="x" onerror="alert(1)">', '<a href="javascript:alert(1)">x</a>', '<p onclick="alert(1)">x</p>',
    '<svg><script>alert(1)</script></svg>', '<img src="data:image/svg+xml;base64,PHN2Zz4=">',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>', '<object data="x.swf"></object>',
    '<form action="https://evil.example"><input name=q></form>', '<p style="background:url(javascript:alert(1))">x</p>',
    '<math><mtext><script>alert(1)</script></mtext></math>', '<a href=" JaVaScRiPt:alert(1)">x</a>',
    '<img src="https://ok.example/a.png" srcset="javascript:alert(1)">',
])
@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_nothing_executable_survives(evil: str, fmt: str, rules) -> None:
    html = cleaned(f"<p>Before.</p>\n\n{evil}\n\n<p>After.</p>", rules, fmt)
    lowered = html.lower()
    for marker in ("<script", "<style", "<iframe", "<svg", "<object", "<form", "<math", "onerror", "onclick",
                   "javascript:", "data:", "style=", "srcset"):
        assert marker not in lowered, marker
    assert "Before." in html and "After." in html


def test_relative_links_and_lazy_images_are_resolved_against_the_original(rules) -> None:
    body = '<p>See <a href="/news/1.html">this</a>.</p><p><img data-src="img/a.jpg" src="data:image/gif;base64,R0l"></p>'
    html = cleaned(body, rules, url="https://news.example/2024/story.html")
    assert 'href="https://news.example/news/1.html"' in html
    assert 'src="https://news.example/2024/img/a.jpg"' in html
    assert 'referrerpolicy="no-referrer"' in html


def test_in_page_anchors_lose_their_link_but_keep_their_text(rules) -> None:
    html = cleaned('<p>Go <a href="#top">up</a>.</p>', rules)
    assert html == "<p>Go up.</p>"


def test_image_inside_layout_table_becomes_a_figure(rules) -> None:
    html = cleaned('<table><tr><td><img src="https://e.com/a.jpg"></td></tr><tr><td>Caption</td></tr></table>'
                   '<p>Text.</p>', rules)
    assert tags(html) == ["figure", "p"]
    assert "<figcaption>Caption</figcaption>" in html


def test_data_tables_are_kept_as_tables(rules) -> None:
    rows = "".join(f"<tr><td>Company {i}</td><td>{i} billion yen of investment</td></tr>" for i in range(8))
    assert tags(cleaned(f"<table>{rows}</table>", rules)) == ["table"]


def test_ad_containers_go_by_selector(rules) -> None:
    html = cleaned('<div><p>Keep.</p><div id="dfp-ad-mid"><p>Buy now</p></div>'
                   '<div class="innity-in-post"><p>Ad</p></div></div>', rules)
    assert html == "<p>Keep.</p>"


def test_navigation_sidebars_and_footers_go(rules) -> None:
    html = cleaned("<nav><a href='/'>Home</a></nav><p>Story.</p><aside>Most read</aside><footer>© X</footer>",
                   rules)
    assert html == "<p>Story.</p>"


def test_related_section_at_the_end_is_cut(rules) -> None:
    body = "Para one.\n\nPara two.\n\n## 相关阅读\n\n- [Other](https://e.com/1)\n- [More](https://e.com/2)\n"
    html = cleaned(body, rules, "markdown")
    assert tags(html) == ["p", "p"]


def test_a_related_heading_at_the_very_top_does_not_cut_the_article(rules) -> None:
    html = cleaned("## Related stories\n\nThe whole article.\n", rules, "markdown")
    assert "The whole article." in html


def test_trailing_link_lists_go_but_links_in_text_stay(rules) -> None:
    body = ("Story with [a source](https://e.com/s) cited.\n\n"
            "[Other story one](https://e.com/1)\n\n[Other story two](https://e.com/2)\n")
    html = cleaned(body, rules, "markdown")
    assert tags(html) == ["p"] and "a source" in html


def test_copyright_notice_becomes_attribution(rules) -> None:
    fragment, _ = to_fragment("<p>Story.</p><p>Copyright 2025 Example News. All rights reserved.</p>", "html")
    body = clean_body(fragment, rules.for_article(None, "html"))
    assert body.html == "<p>Story.</p>"
    assert body.attribution == "Copyright 2025 Example News. All rights reserved."


def test_the_word_copyright_inside_a_long_paragraph_is_text(rules) -> None:
    para = "The court ruled on copyright. " * 20
    fragment, _ = to_fragment(f"<p>{para}</p>", "html")
    body = clean_body(fragment, rules.for_article(None, "html"))
    assert body.attribution is None and "court ruled" in body.html


def test_scraped_markdown_link_split_over_two_paragraphs_is_repaired(rules) -> None:
    body = "Story.\n\n[![](https://e.com/t.jpg)\n\nAnother story title](https://e.com/other)\n"
    assert tags(cleaned(body, rules, "markdown")) == ["p"]
    titled = "Story.\n\n[![](https://e.com/t.jpg)\n\nAnother story title](https://e.com/other \"Another story\")\n"
    assert "](" not in cleaned(titled, rules, "markdown")  # a link's title too: no Markdown shows as text
    poster = "Story.\n\n[![\n\n](https://e.com/poster.png)](https://e.com/video.mp4)\n\nMore of the story.\n"
    assert "](" not in cleaned(poster, rules, "markdown")  # a picture's empty alt split over paragraphs


def test_a_link_the_scraper_cut_off_at_the_end_shows_no_markdown(rules) -> None:
    """Scrapers that cut a page at a length leave its last link open: its words are the article's
    last, cut; nothing of the Markdown ("](https://") shows."""
    story = "The first paragraph of the story, long enough to be prose.\n\nAs reported by [Reuters](https://www.reu..."
    html = cleaned(story, rules, "markdown")
    assert "Reuters…" in html and "](" not in html and "[" not in html
    assert "Micros…" in cleaned("The story goes on.\n\nIt ended with [Micros...", rules, "markdown")
    # a cut picture, or a card cut at its link's address, goes: nothing it could show is left
    for cut in ("![chart](https://www.example.com/uplo...", "[![thumb](https://x.com/t.png)](https://www.example.com/20..."):
        html = cleaned(f"{story.split('As reported')[0]}\n\n{cut}", rules, "markdown")
        assert "](" not in html and "![" not in html and "thumb" not in html, cut
    # the article's own list of links cut in its last address: the label, and no broken address to follow
    listed = ("Our partners:\n\n* [Name.com](https://www.example.com/partner/name)\n"
              "* [Bootstrap Studio](https://www.example.com/go?_=b3e72c8690aHR0cHM6Ly...")
    html = cleaned(listed, rules, "markdown")
    assert "Bootstrap Studio…" in html and "b3e72c8690" not in html
    # a fence the cut left open holds code: its brackets and dots stay as written
    code = cleaned('Logs:\n\n```\n[INFO] ["using config"] [config="{..., "enabl...', rules, "markdown")
    assert '[config="{...' in code


def test_plain_text_lines_are_paragraphs_and_markup_is_text(rules) -> None:
    html = cleaned("Line one <script>alert(1)</script>.\nLine two.", rules, "text")
    assert html == "<p>Line one &lt;script&gt;alert(1)&lt;/script&gt;.</p>\n<p>Line two.</p>"


def test_rules_from_a_new_source_entry_apply_only_to_its_domain() -> None:
    import re
    rules = CleaningRules(drop_blocks=(re.compile("^Subscribe"),))
    fragment, _ = to_fragment("<p>News.</p><p>Subscribe to our newsletter</p>", "html")
    assert clean_body(fragment, rules).html == "<p>News.</p>"
    assert "Subscribe" in clean_body(fragment, CleaningRules()).html


def test_whole_saved_web_page_keeps_the_article_only(rules) -> None:
    paragraphs = "".join(f"<p>Paragraph {i} of the real story about chips and investment in Japan.</p>"
                         for i in range(6))
    page = f"""<!DOCTYPE html><html><head><title>Chip story | Example News</title>
      <meta property="og:title" content="Chip story"><meta property="og:site_name" content="Example News">
      <meta name="author" content="Jane Doe"><meta property="article:published_time" content="2025-03-04T05:06:07Z">
      <script>track()</script></head><body>
      <header><nav><a href="/">Home</a><a href="/world">World</a></nav></header>
      <div class="sidebar"><h3>Most read</h3><ul><li><a href="/a">Other story</a></li></ul></div>
      <article><h1>Chip story</h1>{paragraphs}</article>
      <footer><p>About us · Contact · Terms</p></footer></body></html>"""
    fragment, meta = to_fragment(page, "page")
    html = clean_body(fragment, rules.for_article(None, "page"), title=meta.get("title")).html
    assert all(f"Paragraph {i} " in html for i in range(6))
    for junk in ("Home", "Most read", "Other story", "About us", "track()"):
        assert junk not in html
    assert meta["title"] == "Chip story" and meta["author"] == "Jane Doe" and meta["source"] == "Example News"
    assert meta["date"] == "2025-03-04"


def test_jekyll_archive_furniture_goes(rules) -> None:
    # the shape of the Reuters posts in the Jekyll news archives: timestamp line, ticker links, credits, feed footer
    body = """<div><i>2020-07-20T00:31:21</i></div><div class="StandardArticleBody_body">
      <p>The report said NEC(<a href="/companies/6701.T">6701.T</a>) and Fujitsu (6702.T) could replace Huawei.</p>
      <p>The index<a href="/investing/markets/index?symbol=.SSEC">.SSEC</a> rose 0.26%, as did artificial intelligence (AI) stocks.</p>
      <figure><img src="https://e.com/a.jpg"></figure><p>资料图片：2020年5月22日，日本东京。REUTERS/Kim Kyung-Hoon</p>
      <p>A final paragraph of the story.</p><p>编译 徐文焰/王兴亚；审校 张若琪/艾茂林</p></div>
      <hr><div>获取更多RSS：<br><a href="https://feedx.net">https://feedx.net</a></div>"""
    fragment, _ = to_fragment(body, "html")
    result = clean_body(fragment, rules.for_article("https://cn.reuters.com/article/x", "html"))
    soup = BeautifulSoup(result.html, "lxml")
    assert [p.get_text() for p in soup.find_all("p")] == [
        "The report said NEC and Fujitsu could replace Huawei.",
        "The index rose 0.26%, as did artificial intelligence (AI) stocks.",
        "A final paragraph of the story."]
    assert soup.figure.figcaption.get_text() == "资料图片：2020年5月22日，日本东京。REUTERS/Kim Kyung-Hoon"
    assert result.attribution == "编译 徐文焰/王兴亚；审校 张若琪/艾茂林"
    assert "feedx" not in result.html and "<hr" not in result.html and "2020-07-20T00:31:21" not in result.html


def test_every_copyright_and_credit_line_is_kept_in_the_attribution(rules) -> None:
    fragment, _ = to_fragment("<p>Story.</p><p>责任编辑：刘毅</p><p>版权所有 © 2025 Example</p>", "html")
    body = clean_body(fragment, rules.for_article(None, "html"))
    assert body.html == "<p>Story.</p>"
    assert body.attribution == "责任编辑：刘毅\n版权所有 © 2025 Example"


def test_a_caption_repeating_the_alt_text_joins_its_image(rules) -> None:
    html = cleaned('<p><img src="https://e.com/a.jpg" alt="近日访问帕劳的美国国防部长"></p>'
                   '<p>近日访问帕劳的美国国防部长</p><p>Body text.</p>', rules)
    assert tags(html) == ["figure", "p"]
    assert "<figcaption>近日访问帕劳的美国国防部长</figcaption>" in html


def test_a_loose_figcaption_after_its_figure_joins_it(rules) -> None:
    html = cleaned('<figure><img src="https://e.com/a.jpg"></figure><figcaption>Caption here</figcaption>'
                   '<p>Text.</p><figure><img src="https://e.com/b.jpg"><figcaption> </figcaption></figure>', rules)
    soup = BeautifulSoup(html, "lxml")
    assert [f.figcaption.get_text() if f.figcaption else None for f in soup.find_all("figure")] == [
        "Caption here", None]


def test_a_body_that_is_only_a_link_list_is_kept(rules) -> None:
    body = "".join(f'<p><a href="https://e.com/{i}">Segment {i} of tonight\'s programme</a></p>' for i in range(4))
    assert len(BeautifulSoup(cleaned(body, rules), "lxml").find_all("a")) == 4


def test_paragraph_wrapping_blocks_is_flattened(rules) -> None:
    html = cleaned("<p>Lead <div>inner block</div> tail</p>", rules)
    assert "<p></p>" not in html and "inner block" in html and "Lead" in html


def test_glossary_popup_does_not_split_the_lead_sentence(rules) -> None:
    body = ("<div class='dictionary'><span>根據報導，</span><span class='news-dic-inline'><span>魯卡申柯</span></span>"
            "<div class='dictionary-box'><p class='dictionary-title'>魯卡申柯小檔案</p>"
            "<div class='news-dic-all'>看更多</div></div><span>致電蒲亭。</span></div>")
    fragment, _ = to_fragment(body, "html")
    html = clean_body(fragment, rules.for_article("https://www.cna.com.tw/news/x.aspx", "html")).html
    assert html == "<p>根據報導，魯卡申柯致電蒲亭。</p>"


def test_compiled_selectors_work_the_same_after_the_rules_cache() -> None:
    import pickle

    from newsroom.config.rules import Selectors
    fresh = CleaningRules(remove_selectors=(Selectors("t", ["ul:has(a.more)", "[class*=ad-]"]),),
                          unwrap_selectors=(Selectors("t", ["a.ticker"], split_contains=False),))
    cached = pickle.loads(pickle.dumps(fresh))
    upgraded = pickle.loads(pickle.dumps(fresh))
    for selectors in upgraded.remove_selectors + upgraded.unwrap_selectors:
        selectors._version = "0.0"  # compiled by an older soupsieve: compiled again, not unpickled
    fragment = ('<p>Shares of <a class="ticker" href="/q/abc">ABC</a> rose.</p>'
                '<ul><li><a class="more" href="/y">More stories</a></li></ul><div class="ad-box">Buy now</div>')
    for rules in (fresh, cached, upgraded):
        html = clean_body(fragment, rules).html
        assert "More stories" not in html and "Buy now" not in html
        assert "ABC" in html and "<a" not in html


def test_sanitized_images_are_the_same_bytes_in_every_process() -> None:
    """nh3 adds referrerpolicy, loading and decoding in a hash map's order, seeded anew in each process."""
    import subprocess
    import sys
    from pathlib import Path

    hooks = Path(__file__).resolve().parent.parent / "hooks"
    script = (f"import sys; sys.path.insert(0, {str(hooks)!r}); from newsroom.seed.sanitize import clean_html; "
              "print(clean_html('<p>x</p><img src=\"https://example.com/a.jpg\" alt=\"a > b\">'))")
    outputs = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
               for _ in range(6)}
    assert outputs == {'<p>x</p><img alt="a &gt; b" decoding="async" loading="lazy" referrerpolicy="no-referrer" '
                       'src="https://example.com/a.jpg">\n'}


def test_wire_sign_offs_credits_and_feed_footers_go(rules) -> None:
    body = ("<p>台积电股价周二上涨。</p><p>公司未回应置评请求。(完)</p>"
            "<p>Feed enhanced by Better Feed from Ozh</p>")
    html = cleaned(body, rules)
    assert "(完)" not in html and "Better Feed" not in html and "公司未回应置评请求。" in html
    rfi = cleaned("<p>法国总统周一表示支持。（译者：陈家伦/核稿：林治平）</p>", rules, url="https://www.rfi.fr/cn/x")
    assert rfi == "<p>法国总统周一表示支持。</p>"
    kept = cleaned("<p>他说：“这件事（完）全没有可能。”</p>", rules)  # not at the end: text
    assert "（完）全没有可能" in kept


def test_a_dated_or_credited_line_under_an_image_is_its_caption(rules) -> None:
    body = ('<p><img src="https://e.com/a.jpg"></p><p>蓬佩奥在记者会上发言。（2020年7月13日）</p>'
            "<p>美国国务卿周一宣布了新的政策，引起各方关注。</p>")
    soup = BeautifulSoup(cleaned(body, rules), "lxml")
    assert soup.figure.figcaption.get_text() == "蓬佩奥在记者会上发言。（2020年7月13日）"
    assert soup.find("p").get_text().startswith("美国国务卿")


@pytest.mark.parametrize(("html", "text"), [
    ("<ul><li><strong>超17亿美元</strong>用于网络安全工作；</li><li>Open<b>AI</b> raised</li></ul>",
     "超17亿美元用于网络安全工作；\nOpenAI raised"),  # inline markup joins, in an item too
    ("<ul><li>item<ul><li>sub</li></ul>tail</li></ul>", "item\nsub\ntail"),  # back out of a nested list
    ("<ol><li>run:<pre>a = 1\nb = 2</pre>done</li></ol>", "run:\na = 1\nb = 2\ndone"),
    ("<blockquote><p>The quote.</p><cite>Author</cite></blockquote>", "The quote.\nAuthor"),
    ("<table><tr><th>x</th><td>a <b>b</b></td></tr></table>", "x\na b"),
    ("<ul><li>a<br>b<!-- note --></li></ul>", "a\nb"),
])
def test_analysis_reads_a_list_line_by_line_and_inline_markup_as_one(html: str, text: str) -> None:
    assert plain_of(BeautifulSoup(html, "lxml").body.contents[0]) == text


_ODD_PAGE = ("<div> Open<b>AI</b> <!-- a comment --><script>var x = 1;</script><style>p {}</style>"
             "<template><p>hidden</p></template><p>\u3000软银\xa0</p><![CDATA[ data ]]><ruby>漢<rt>kan</rt></ruby></div>")


def _real_pages() -> list[str]:
    """Odd markup, the fixtures' saved pages, and the scraped fixtures and seeds rendered from Markdown."""
    from pathlib import Path

    import markdown
    here = Path(__file__).parent
    pages = [_ODD_PAGE] + [path.read_text(encoding="utf-8", errors="replace")
                           for path in sorted(here.joinpath("fixtures", "pages").glob("*.htm*"))]
    pages += [markdown.markdown(path.read_text(encoding="utf-8", errors="replace"))  # an HTML body is kept as it is
              for path in [*sorted(here.joinpath("fixtures", "scraped").glob("*.md")),
                           *sorted(here.parent.joinpath("seeds").glob("*"))]]
    return pages


def test_text_of_reads_what_bs4_s_get_text_reads() -> None:
    """text_of is bs4's get_text(" ", strip=True) in one loop: the same words, and none of a comment,
    a script, a style or a template's, on every element of real pages."""
    from newsroom.seed.blocks import text_of

    compared = 0
    for html in _real_pages():
        soup = BeautifulSoup(html, "lxml")
        for tag in [soup, *soup.find_all(True)]:
            assert text_of(tag) == tag.get_text(" ", strip=True).strip(" \t\n\r\f\v\u3000\xa0\u2002\u2003\u2009\u200b")
            compared += 1
    assert compared > 400
    assert text_of(BeautifulSoup(_ODD_PAGE, "lxml").div) == "Open AI 软银 漢"  # a ruby annotation is not read, as in bs4


@pytest.mark.parametrize("names", [("img",), ("figcaption",), ("a",), ("strong", "b"), ("ul", "ol"), ("li", "p", "td")])
def test_the_quick_searches_find_what_bs4_s_find_and_find_parent_find(names: tuple[str, ...]) -> None:
    """first_tag / has_tag / tags_in / parent_named walk the tree without bs4's filter objects: the same
    elements as `find(names)`, `find_all(names)` and `find_parent(names)`, from every element and every
    text of real pages."""
    from newsroom.seed.blocks import first_tag, has_tag, parent_named, tags_in

    found = 0
    for html in _real_pages():
        soup = BeautifulSoup(html, "lxml")
        for node in [soup, *soup.descendants]:
            if isinstance(node, Tag):
                assert first_tag(node, *names) is node.find(names)
                assert has_tag(node, *names) is (node.find(names) is not None)
                assert list(map(id, tags_in(node, *names))) == list(map(id, node.find_all(names)))  # the same elements
                found += first_tag(node, *names) is not None
            assert parent_named(node, names) is node.find_parent(names)
    assert found >= 5  # the searches found something, not only nothing
