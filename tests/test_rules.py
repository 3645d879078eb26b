"""The rules files: validated at start-up, so a typo is one clear error, not a broken article each."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newsroom.config.rules import DATA_DIR, RulesError, load_rules

SOURCES = len(load_rules().sources)  # the index of an entry added at the end


def data_with(tmp_path: Path, extra_source: str) -> Path:
    shutil.copytree(DATA_DIR, tmp_path / "data")
    with (tmp_path / "data" / "sources.yml").open("a", encoding="utf-8") as handle:
        handle.write(extra_source)
    return tmp_path / "data"


@pytest.mark.parametrize(("entry", "message"), [
    ("  - name: X\n    domains: [x.com]\n    remove_selectors: ['ul:has(> li > a']\n",
     "key 'remove_selectors'[0]: invalid CSS selector 'ul:has(> li > a': "),
    ("  - name: X\n    domains: [x.com]\n    drop_blocks: ['([unclosed']\n",
     "key 'drop_blocks'[0]: invalid regular expression '([unclosed': "),
    ("  - name: X\n    domains: [x.com]\n    drop_blocs: ['x']\n",
     "key 'drop_blocs': unknown key (did you mean 'drop_blocks'?); the keys allowed here are name, domains, "),
    ("  - name: X\n", "needs `domains`, `formats` or `fingerprints`"),
    ("  - name: X\n    formats: [pdf]\n", "key 'formats'[0]: 'pdf' is not one of html, page, markdown, text"),
    ("  - name: X\n    fingerprints: 'x\\.com/'\n",
     "key 'fingerprints': expected a list of regular expressions, got the string 'x\\.com/'; "
     "write fingerprints: [x\\.com/]"),
])
def test_broken_rules_name_the_entry_and_key(tmp_path: Path, entry: str, message: str) -> None:
    with pytest.raises(RulesError) as error:
        load_rules(data_with(tmp_path, entry))
    assert str(error.value).startswith(f"sources.yml: sources[{SOURCES}] (name: X): {message}")
    assert "\n" not in str(error.value)  # one problem, one line


def test_a_new_source_is_a_data_entry(tmp_path: Path) -> None:
    rules = load_rules(data_with(tmp_path, "  - name: Example Daily\n    domains: [example.com]\n"
                                           "    drop_blocks: ['^Subscribe']\n"))
    matched = rules.for_article("https://news.example.com/a", "html")
    assert matched.name == "Example Daily"
    assert any(p.pattern == "^Subscribe" for p in matched.drop_blocks)
    assert rules.for_article("https://other.org/a", "html").name is None


def test_rules_fingerprint_changes_with_the_data(tmp_path: Path) -> None:
    assert load_rules().fingerprint != load_rules(data_with(tmp_path, "  - name: Y\n    domains: [y.com]\n")).fingerprint


def test_domain_with_a_path_matches_only_that_section() -> None:
    rules = load_rules()
    assert rules.for_article("https://www.bbc.com/zhongwen/simp/world-1", "html").name == "BBC 中文"
    assert rules.for_article("https://www.bbc.com/news/world-1", "html").name is None


def _kept(fragment: str, *selectors: str, split_contains: bool = True) -> list[str]:
    """The texts of the blocks left after removing what the selectors match (one rules entry)."""
    from newsroom.config.rules import CleaningRules, Selectors
    from newsroom.seed.blocks import content_blocks, text_of

    rules = CleaningRules(remove_selectors=(Selectors("t", list(selectors), split_contains=split_contains),))
    return [text_of(block) for block in content_blocks(fragment, rules)]


@pytest.mark.parametrize(("selector", "fragment"), [
    ('div:has(> a[href*="feedx.net"])', '<div><a href="https://feedx.net/x">Promo</a></div>'),
    ("div:has(> a[href*=feedx])", '<div><a href="https://feedx.net/x">Promo</a></div>'),
    ('img[width="1"]', '<p><img src="a.gif" width="1"></p>'),
    (".Promo-Box", '<p class="Promo-Box">Promo</p>'),
    ("#ad", '<p id="ad">Promo</p>'),
    ('p:-soup-contains("Read More")', "<p>Promo: Read More</p>"),
    ("p:-soup-contains-own('关注我们')", "<p>Promo 关注我们</p>"),
    ("p.x, P.promo", '<p class="promo">Promo</p>'),
    ("P:not(.story)", '<p class="ad">Promo</p>'),
    ("p:is(.promo)", '<p class="promo">Promo</p>'),
    ("p:where(.promo)", '<p class="promo">Promo</p>'),
    ("[class*=promo]", '<p class="big-promo">Promo</p>'),
    ("[class*=PROMO i]", '<p class="big-Promo">Promo</p>'),
    ("[id*='promo']", '<p id="promo-1">Promo</p>'),
])
def test_a_selector_removes_what_it_matches_whatever_its_case(selector: str, fragment: str) -> None:
    story = '<p class="story">The story is here.</p>'
    assert _kept(fragment + story, selector) == ["The story is here."]
    assert _kept(fragment + story, selector, split_contains=False) == ["The story is here."]


def test_a_case_sensitive_contains_selector_keeps_other_cases() -> None:
    assert _kept('<p class="big-Promo">Kept</p>', "[class*=promo]") == ["Kept"]


@pytest.mark.parametrize(("url", "fmt", "name"), [
    ("https://www.bbc.com/zhongwen/simp/world-1", "html", "BBC 中文"),
    ("https://BBC.com/zhongwen/trad/x", "html", "BBC 中文"),
    ("https://www.bbc.com/news/zhongwen/x", "html", None),
    ("https://notbbc.com/zhongwen/x", "html", None),
    ("https://mp.weixin.qq.com/s/x", "markdown", "微信公众号"),
    (None, "html", None),
    ("", "html", None),
])
def test_an_entry_is_for_its_sites_and_their_sections(url: str | None, fmt: str, name: str | None) -> None:
    assert load_rules().for_article(url, fmt).name == name


def test_text_gives_the_source_away_only_without_a_known_site() -> None:
    rules = load_rules()
    wechat = "![](https://mmbiz.qpic.cn/x.jpg)\n\nText"
    unknown = rules.for_article(None, "markdown", wechat)
    assert unknown.name is None and any("往期推荐" in p.pattern for p in unknown.list_labels)  # its cleaning, not its name
    assert not any("往期推荐" in p.pattern for p in rules.for_article(None, "markdown", "Text").list_labels)
    known = rules.for_article("https://www.bbc.com/zhongwen/simp/x", "markdown", wechat)
    assert known.name == "BBC 中文" and not any("往期推荐" in p.pattern for p in known.list_labels)
    for text, found in (("x" * 99_995 + "长按二维码", True), ("x" * 99_996 + "长按二维码", False)):
        labels = rules.for_article(None, "markdown", text).list_labels  # the first 100,000 characters tell
        assert any("往期推荐" in p.pattern for p in labels) is found


def test_an_entry_s_lists_add_to_the_defaults() -> None:
    rules = load_rules()
    merged = rules.for_article("https://mp.weixin.qq.com/s/x", "html")
    for key in ("remove_selectors", "strip_text", "drop_blocks", "cut_at_text", "list_labels", "byline_markers"):
        defaults = getattr(rules.defaults, key)
        assert getattr(merged, key)[:len(defaults)] == defaults
    assert len(merged.list_labels) > len(rules.defaults.list_labels)


def test_the_key_names_of_a_header() -> None:
    rules = load_rules()
    assert {"title", "date"} <= rules.important_keys <= rules.header_keys
    assert "author" in rules.header_keys and "author" not in rules.important_keys


def test_selectors_from_the_cache_are_not_compiled_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """The rules come from the build cache pickled: their selectors load compiled (a tenth of a second
    per build), and still match."""
    import pickle

    import soupsieve
    from bs4 import BeautifulSoup

    from newsroom.config.rules import Selectors

    cached = pickle.loads(pickle.dumps(Selectors("t", [".promo", "p:-soup-contains('More')"])))

    def compile_again(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled again")

    monkeypatch.setattr(soupsieve, "compile", compile_again)
    soup = BeautifulSoup('<p class="promo">A</p><p>More</p><p>Story</p>', "lxml")
    assert sorted(tag.get_text() for tag in cached.select(soup, str(soup).lower())) == ["A", "More"]


def test_an_entry_for_a_body_format_applies_to_every_article_in_it(tmp_path: Path) -> None:
    rules = load_rules(data_with(tmp_path, "  - name: Saved pages\n    formats: [page]\n    drop_blocks: ['^Paged$']\n"))
    assert rules.for_article(None, "page").name == "Saved pages"
    assert rules.for_article("https://www.bbc.com/zhongwen/simp/x", "page").name == "Saved pages"
    assert rules.for_article(None, "html").name is None
    wechat = rules.for_article(None, "page", "![](https://mmbiz.qpic.cn/x.jpg)")  # a format is no site: text still tells
    assert wechat.name == "Saved pages" and any("往期推荐" in p.pattern for p in wechat.list_labels)


def test_rules_entries_are_equal_when_their_selectors_are() -> None:
    from newsroom.config.rules import Selectors

    assert Selectors("a", [".x"]) == Selectors("b", [".x"]) and hash(Selectors("a", [".x"])) == hash(Selectors("b", [".x"]))
    assert Selectors("a", [".x"]) != Selectors("a", [".y"]) and Selectors("a", [".x"]) != (".x",)


def test_an_entry_matched_by_its_format_leaves_the_text_to_tell_the_source(tmp_path: Path) -> None:
    rules = load_rules(data_with(tmp_path, "  - name: Both\n    domains: [x.com]\n    formats: [page]\n"))
    wechat = "![](https://mmbiz.qpic.cn/x.jpg)"
    assert any("往期推荐" in p.pattern for p in rules.for_article("https://x.com/a", "page", wechat).list_labels)
    assert not any("往期推荐" in p.pattern for p in rules.for_article("https://x.com/a", "html", wechat).list_labels)
