"""Property-based tests: whatever a seed holds, reading and cleaning never raise, and what they
publish holds nothing executable. Hypothesis generates front matter, bodies and raw bytes."""
from __future__ import annotations

import re

import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsroom.config.rules import load_rules
from newsroom.seed.article import make_article
from newsroom.seed.read import read_seed

RULES = load_rules()
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200) | st.sampled_from([
    "孙正义承诺投资1000亿美元", "SoftBank invests $4.4 billion", "\x00\x01\x1b[31m", "\u202e\u200b", "a" * 5000,
    "<script>alert(1)</script>", "javascript:alert(1)", "&lt;/title&gt;", "1.23 万亿日元（约合 101 亿美元）",
])
tags = st.sampled_from(["p", "div", "span", "a", "img", "script", "style", "iframe", "svg", "math", "table", "tr", "td",
                        "ul", "li", "h1", "h2", "b", "em", "figure", "figcaption", "form", "object", "article", "nav"])
attributes = st.sampled_from(['onclick="alert(1)"', 'href="javascript:alert(1)"', 'src="data:text/html,x"',
                              'src="https://e.example/a.jpg"', 'href="https://e.example/"', 'style="x:expression(1)"',
                              'class="dfp-ad"', 'onerror=alert(1)', 'href=" JaVaScRiPt:x"', ""])


@st.composite
def html(draw, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        if depth < 4 and draw(st.booleans()):
            tag, attribute = draw(tags), draw(attributes)
            parts.append(f"<{tag} {attribute}>{draw(html(depth + 1))}</{tag}>")
        else:
            parts.append(draw(texts))
    return "".join(parts)


front_values = st.recursive(st.none() | st.booleans() | st.integers() | texts | st.dates(),
                            lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
                            max_leaves=8)
front_keys = st.sampled_from(["title", "date", "datetime", "published", "url", "from", "link", "source", "author",
                              "description", "slug", "tags", "categories", "lang", "image"]) | texts


def assert_safe(html_text: str) -> None:
    """Markup, not text: what a browser would parse as tags and attributes."""
    for tag in BeautifulSoup(html_text, "lxml").find_all(True):
        assert tag.name not in ("script", "style", "iframe", "object", "embed", "svg", "math", "form"), tag.name
        for attribute, value in tag.attrs.items():
            assert not attribute.lower().startswith("on"), attribute
            if attribute in ("href", "src"):
                assert not re.match(r"\s*(javascript|data|vbscript):", str(value), re.IGNORECASE), value


@SETTINGS
@given(front=st.dictionaries(front_keys, front_values, max_size=8), body=html(), name=st.sampled_from(
    ["a.md", "b.html", "c.txt", "d", "e.markdown"]))
def test_generated_seeds_never_raise_and_publish_nothing_executable(front, body, name) -> None:
    try:
        front_matter = yaml.safe_dump(front, allow_unicode=True)
    except yaml.YAMLError:
        front_matter = "title: x\n"
    data = f"---\n{front_matter}---\n{body}".encode("utf-8", errors="surrogatepass")
    raw, problems = read_seed(name, data)
    if raw is None:
        assert problems and all(p.seed == name for p in problems)
        return
    article, more = make_article(raw, RULES)
    if article is None:
        assert more
        return
    assert_safe(article.body_html)
    for value in (article.title, article.source or "", article.author or "", article.summary):
        assert "<" not in value and '"' not in value


@SETTINGS
@given(st.binary(max_size=3000))
def test_any_bytes_read_without_raising(data: bytes) -> None:
    raw, problems = read_seed("x.txt", data)
    assert raw is not None or problems


@SETTINGS
@given(st.text(max_size=500))
def test_any_front_matter_text_reads_without_raising(front: str) -> None:
    raw, problems = read_seed("x.md", f"---\n{front}\n---\nBody text.\n".encode("utf-8", errors="surrogatepass"))
    if raw is not None:
        article, _ = make_article(raw, RULES)
        assert article is None or "Body text" in article.body_html or article.body_html == ""
