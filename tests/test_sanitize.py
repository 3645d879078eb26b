"""The sanitizer: what markup and metadata text a reader's browser is given."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from newsroom.seed.sanitize import clean_html, join_url, plain_text, safe_url

# Every element and attribute an article body may keep, each with its attributes.
ARTICLE_MARKUP = """
<h2>Two</h2><h3>Three</h3><h4>Four</h4><h5>Five</h5><h6>Six</h6>
<p><a href="https://e.com/x" title="more">link</a> <a href="http://e.com/y">plain</a> <a href="mailto:desk@e.com">mail</a>
<em>em</em> <strong>strong</strong> <b>b</b> <i>i</i> <u>u</u> <s>s</s> <del>del</del> <ins>ins</ins> H<sub>2</sub>O
m<sup>2</sup> <mark>mark</mark> <small>small</small><br><abbr title="Gross domestic product">GDP</abbr>
<q>quoted</q> <cite>cited</cite> <time datetime="2024-05-01">1 May</time></p><hr>
<ul><li>one</li></ul><ol start="3"><li>three</li></ol><dl><dt>term</dt><dd>meaning</dd></dl>
<blockquote><p>words</p></blockquote><pre><code>x = 1</code></pre>
<table><caption>Sales</caption><thead><tr><th scope="col" colspan="2" rowspan="3">k</th></tr></thead>
<tbody><tr><td colspan="2" rowspan="2">v</td></tr></tbody><tfoot><tr><td>total</td></tr></tfoot></table>
<figure><img src="https://e.com/a.jpg" alt="a" title="t" width="10" height="5"><figcaption>Photo</figcaption></figure>
"""
KEPT = {"h2", "h3", "h4", "h5", "h6", "p", "a", "em", "strong", "b", "i", "u", "s", "del", "ins", "sub", "sup", "mark",
        "small", "br", "abbr", "q", "cite", "time", "hr", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "code",
        "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "figure", "img", "figcaption"}


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def test_every_element_of_an_article_is_kept() -> None:
    assert {tag.name for tag in soup(clean_html(ARTICLE_MARKUP)).find_all(True)} == KEPT


def test_the_attributes_that_carry_meaning_are_kept() -> None:
    page = soup(clean_html(ARTICLE_MARKUP))
    links = page.find_all("a")
    assert [a["href"] for a in links] == ["https://e.com/x", "http://e.com/y", "mailto:desk@e.com"]
    assert links[0]["title"] == "more"
    assert all(a["rel"] == ["noopener", "noreferrer", "nofollow"] for a in links)
    assert page.abbr["title"] == "Gross domestic product"
    assert page.time["datetime"] == "2024-05-01"
    assert page.ol["start"] == "3"
    assert page.th.attrs == {"scope": "col", "colspan": "2", "rowspan": "3"}
    assert page.td.attrs == {"colspan": "2", "rowspan": "2"}


def test_an_image_tag_is_the_same_bytes_in_every_build() -> None:
    """Sorted attributes, and the ones that make a hotlinked image load (no Referer) and load late."""
    html = clean_html('<p><img width="10" src="https://e.com/a.jpg" height="5" alt="a" title="t"></p>')
    assert html == ('<p><img alt="a" decoding="async" height="5" loading="lazy" referrerpolicy="no-referrer" '
                    'src="https://e.com/a.jpg" title="t" width="10"></p>')


@pytest.mark.parametrize("element", [
    "<script>hidden()</script>", "<style>.hidden{}</style>", "<noscript>hidden</noscript>",
    '<iframe src="https://e.com">hidden</iframe>', '<object data="x">hidden</object>',
    "<template>hidden</template>", "<svg><text>hidden</text></svg>", "<math><mi>hidden</mi></math>",
    "<textarea>hidden</textarea>", "<select><option>hidden</option></select>", "<title>hidden</title>",
])
def test_the_text_inside_scripts_forms_and_embeds_is_not_shown(element: str) -> None:
    html = clean_html(f"<p>Before.</p>{element}<p>After.</p>")
    assert "hidden" not in html
    assert "Before." in html and "After." in html


@pytest.mark.parametrize("href", ["javascript:alert(1)", "data:text/html,x", "ftp://e.com/file", "vbscript:x"])
def test_links_to_other_schemes_lose_their_target(href: str) -> None:
    assert "href" not in clean_html(f'<p><a href="{href}">x</a></p>')


def test_comments_are_not_published() -> None:
    assert clean_html("<p>Text<!-- editor's note --></p>") == "<p>Text</p>"


@pytest.mark.parametrize("raw, shown", [
    ("AT&amp;T <b>beats</b> estimates", "AT&T beats estimates"),  # entities decoded once, tags dropped
    ("Shares &lt;script&gt; fall", "Shares ＜script＞ fall"),  # what decodes to a tag is shown, never opened
    ("a < b > c `d`", "a ＜ b ＞ c ｀d｀"),
    ('He said "no" and then "yes"', "He said “no” and then “yes”"),  # a quote cannot end an attribute
    ('A "quoted', "A “quoted"),
    ("Write &amp;amp; for &", "Write ＆amp; for &"),  # text that looks like an entity stays text
    ("&#60;b&#62;", "＜b＞"),
    ("Tabs\tand\n  new lines ", "Tabs and new lines"),
    ("zero\u200bwidth\ufeff and \x07bell", "zerowidth and bell"),
    (None, ""),
    (2024, "2024"),
])
def test_metadata_text_is_one_safe_line(raw: object, shown: str) -> None:
    assert plain_text(raw) == shown


def test_long_metadata_is_cut_with_an_ellipsis_at_the_limit() -> None:
    assert plain_text("x" * 500) == "x" * 500
    assert plain_text("x" * 501) == "x" * 499 + "…"
    assert plain_text("The quick brown fox", limit=11) == "The quick…"  # no space before the ellipsis


@pytest.mark.parametrize("value, url", [
    ("https://e.com/a b\"c", "https://e.com/a%20b%22c"),
    (" http://e.com/新闻?q=1#top ", "http://e.com/%E6%96%B0%E9%97%BB?q=1#top"),
    ("HTTPS://E.com/x", "HTTPS://E.com/x"),
    ("javascript:alert(1)", None),
    ("mailto:desk@e.com", None),  # a page's own URL must be a web page
    ("https://", None),
    ("http://[x", None),
    ("http://e.com:port/", None),
    (None, None),
    (["https://e.com"], None),
])
def test_urls_shown_as_links_are_web_urls(value: object, url: str | None) -> None:
    assert safe_url(value) == url


def test_urls_longer_than_2000_characters_are_dropped() -> None:
    base = "https://e.com/"
    assert safe_url(base + "a" * (2000 - len(base))) == base + "a" * (2000 - len(base))
    assert safe_url(base + "a" * (2001 - len(base))) is None


@pytest.mark.parametrize("base, ref, url", [
    ("https://news.example/2024/story.html", "img/a.jpg", "https://news.example/2024/img/a.jpg"),
    ("https://news.example/2024/story.html", "/a.jpg", "https://news.example/a.jpg"),
    (None, "https://cdn.example/a.jpg", "https://cdn.example/a.jpg"),
    (None, "img/a.jpg", None),  # relative, with nothing to resolve it against
    ("https://news.example/", "javascript:alert(1)", None),
    ("https://news.example/", "http://[x", None),
])
def test_references_resolve_against_the_original_page(base: str | None, ref: str, url: str | None) -> None:
    assert join_url(base, ref) == url
