"""Stage 1: bytes -> RawSeed, with a named problem for every kind of bad input."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ALL_SEEDS, SEED_000, SEED_001, SEED_002, SEED_003, seed_bytes
from newsroom.seed.read import detect_format, is_ignored, parse_front_matter, read_seed, split_metadata


@pytest.mark.parametrize(("name", "fmt", "key"), [
    (SEED_000, "html", "layout"),
    (SEED_001, "markdown", "fetch_date"),
    (SEED_002, "markdown", "datetime"),
    (SEED_003, "text", None),
])
def test_each_seed_is_read_with_its_format(name: str, fmt: str, key: str | None) -> None:
    raw, problems = read_seed(name, seed_bytes(name))
    assert raw is not None
    assert raw.body_format == fmt
    assert [p for p in problems if p.level == "warning"] == []
    if key:
        assert key in raw.meta
    else:
        assert raw.meta == {}


def test_broken_front_matter_is_read_key_by_key() -> None:
    # seed 002's `locales:` list is not valid YAML; the other keys must survive it
    raw, problems = read_seed(SEED_002, seed_bytes(SEED_002), frozenset({"title", "datetime", "url"}))
    assert raw.meta["title"].startswith("日本计划在预算中")
    assert raw.meta["url"] == "https://longbridge.com/zh-CN/news/270819101.md"
    assert "locales" not in raw.meta
    assert [p.level for p in problems] == ["info"]
    assert "locales" in problems[0].message


ARTICLE = "---\ntitle: 标题\ndate: 2025-01-02\n---\n正文第一段。\n"


@pytest.mark.parametrize(("name", "data", "expected"), [
    ("empty.md", b"", "is empty"),
    ("blank.md", b"  \n\n\t\n", "is empty"),
    ("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary"),
    ("nul.txt", b"abc\x00\x00" * 100, "binary"),
    ("report.pdf", b"%PDF-1.4 ...", "unsupported file type '.pdf'"),
    ("huge.txt", b"a" * (5 * 1024 * 1024 + 1), "over the 5,242,880-byte limit"),
    ("only-front-matter.md", b"---\nfoo: bar\n---\n", "has front matter but no text"),
])
def test_unusable_files_are_skipped_with_a_reason(name: str, data: bytes, expected: str) -> None:
    raw, problems = read_seed(name, data)
    assert raw is None
    assert problems and expected in problems[-1].message
    assert problems[-1].level == "warning"
    assert str(problems[-1]).startswith(f"seeds/{name}: ")


@pytest.mark.parametrize(("encoding", "text"), [
    ("gb18030", "日本软银集团会长兼社长孙正义与美国下任总统特朗普举行会谈，承诺对美国进行投资。" * 3),
    ("gbk", "半导体和人工智能的预算增加四倍，达到一点二三万亿日元。这一增加是整体预算上升的一部分。" * 3),
    ("big5", "日本軟銀集團會長兼社長孫正義與美國下任總統特朗普舉行會談，承諾對美國進行投資。" * 3),
])
def test_legacy_chinese_encodings_are_detected(encoding: str, text: str) -> None:
    data = f"---\ntitle: 標題\n---\n{text}\n".encode(encoding)
    raw, problems = read_seed("legacy.txt", data)
    assert raw is not None
    assert text[:20] in raw.body
    assert all(p.level == "info" for p in problems)


def test_bom_and_crlf_are_normalised() -> None:
    raw, problems = read_seed("bom.md", b"\xef\xbb\xbf" + ARTICLE.replace("\n", "\r\n").encode())
    assert problems == []
    assert raw.meta["title"] == "标题"
    assert "\r" not in raw.body


def test_invalid_utf8_in_the_middle_is_replaced_and_reported() -> None:
    data = ARTICLE.encode() + b"bad \xff\xfe byte\n" + "更多正文。\n".encode() * 50
    raw, problems = read_seed("bad.md", data)
    assert raw is not None and "更多正文" in raw.body and "\ufffd" in raw.body
    assert any("invalid UTF-8" in p.message and p.level == "warning" for p in problems)


def test_nul_bytes_inside_text_are_removed_and_reported() -> None:
    raw, problems = read_seed("nul.md", ARTICLE.replace("正文", "正\x00文").encode())
    assert "\x00" not in raw.body and "正文" in raw.body
    assert any("NUL" in p.message for p in problems)


@pytest.mark.parametrize(("front", "expected"), [
    ("title: [unclosed\ndate: 2025-01-02", "title"),
    ("title: !!python/object/apply:os.system ['echo pwned']\ndate: 2025-01-02", "title"),
    ("a: &a [x, x, x]\nb: &b [*a, *a, *a]\ntitle: *b", "not valid YAML"),
])
def test_bad_yaml_warns_and_keeps_the_body(front: str, expected: str) -> None:
    raw, problems = read_seed("bad.md", f"---\n{front}\n---\n正文第一段。\n".encode(), frozenset({"title", "date"}))
    assert raw is not None and "正文第一段" in raw.body
    assert any(p.level == "warning" and expected in p.message for p in problems)
    assert not any(isinstance(v, (list, dict)) and len(str(v)) > 1000 for v in raw.meta.values())


def test_yaml_that_constructs_objects_never_runs(tmp_path) -> None:
    marker = tmp_path / "pwned"
    front = f"title: !!python/object/apply:os.system ['touch {marker}']"
    read_seed("evil.md", f"---\n{front}\n---\nbody\n".encode())
    assert not marker.exists()


@pytest.mark.parametrize("name", [".DS_Store", ".hidden.md", "draft.md~", "#draft.md#", ".draft.md.swp", "sub/.git/x",
                                  "Thumbs.db", "notes.md.tmp"])
def test_hidden_and_temporary_files_are_ignored(name: str) -> None:
    assert is_ignored(name)


@pytest.mark.parametrize("name", ["报道 一.md", "孙正义？，“投资”.txt", "a (1).md", "x.html"])
def test_ordinary_names_are_not_ignored(name: str) -> None:
    assert not is_ignored(name)


@pytest.mark.parametrize(("name", "body", "fmt"), [
    ("a.html", "<p>Hello</p>", "html"),
    ("a.txt", "<!doctype html><html><body><p>x</p></body></html>", "page"),
    ("a.md", "Just words.\nMore words.", "markdown"),
    ("a.txt", "# Title\n\nText", "markdown"),
    ("a.txt", "Plain line one.\nPlain line two.", "text"),
])
def test_format_detection(name: str, body: str, fmt: str) -> None:
    assert detect_format(name, body) == fmt


def test_all_seeds_read_without_warnings() -> None:
    for name in ALL_SEEDS:
        raw, problems = read_seed(name, seed_bytes(name))
        assert raw is not None, name
        assert not [p for p in problems if p.level == "warning"], name


@pytest.mark.parametrize("block", [
    'title: "软银 SoftBank"\ndate: 2025-01-02\ntags: [AI, 半导体]\n',
    "title: 5 * 3 = 15\nnote: a*b\n",  # a "*" that is no alias: the fast loader may take it
    "list:\n  - one\n  - two: {k: v}\nurl: https://example.com/a?b=1&c=*\n",
])
def test_the_fast_yaml_loader_reads_what_the_careful_one_reads(block: str) -> None:
    import yaml

    from newsroom.seed.read import _load_yaml, _NoAliasSafeLoader
    assert _load_yaml(block) == yaml.load(block, Loader=_NoAliasSafeLoader)


def test_an_alias_in_front_matter_is_refused_by_either_loader() -> None:
    import yaml

    from newsroom.seed.read import _load_yaml
    for block in ("a: &x [1, 2]\nb: *x\n", "a: &x [1]\nb: [*x, *x]\n", "a: &x 1\n- *x\n"):
        with pytest.raises(yaml.YAMLError):
            _load_yaml(block)


def test_trafilatura_xml_becomes_html_with_its_metadata() -> None:
    data = (b"<doc title='T' sitename='Example Daily'><main><p>Intro <ref target='https://e.com/a'>link</ref></p>"
            b"<list><item>one</item><item>two</item></list></main><comments><p>Reader says hi</p></comments></doc>")
    raw, problems = read_seed("t.xml", data)
    assert raw.meta == {"title": "T", "source": "Example Daily"} and problems == []
    assert raw.body == "<div><p>Intro <a href='https://e.com/a'>link</a></p><ul><li>one</li><li>two</li></ul></div>"


def test_a_wordpress_json_body_given_raw_is_read() -> None:
    raw, _ = read_seed("wp.json", b'{"title": {"rendered": "T"}, "content": {"raw": "<p>Body text.</p>"}}')
    assert raw.meta == {"title": "T"} and raw.body == "<p>Body text.</p>" and raw.body_format == "html"


def test_oversized_front_matter_is_ignored_with_a_warning() -> None:
    raw, problems = read_seed("big.md", ("---\ntitle: T\nnotes: " + "x" * 70_000 + "\n---\nBody.\n").encode())
    assert raw.meta == {} and "Body." in raw.body
    assert [p.message for p in problems] == ["front matter is longer than 65536 characters; ignored"]


def test_front_matter_with_no_readable_key_is_dropped_and_the_body_kept() -> None:
    raw, problems = read_seed("bad.md", b"---\ntitle: [unclosed\n---\nBody.\n")
    assert raw.meta == {} and "Body." in raw.body
    assert [(p.level, p.message) for p in problems] == [
        ("warning", "front matter is not valid YAML (while parsing a flow sequence); ignored, body kept")]


# ---------------------------------------------------------------------------------------------
# Mojibake: text the tool that saved it had decoded with the wrong encoding (issue 14, item 5)

MOJIBAKE = Path(__file__).parent / "fixtures" / "mojibake"


def test_utf8_read_as_latin1_then_as_gbk_is_repaired() -> None:
    # the shape of corpus file 78132ddc549f.md: "信息技术分享" saved as "盲驴隆忙聛炉忙聤聙忙聹炉氓聢聠盲潞芦"
    raw, problems = read_seed("blog.md", (MOJIBAKE / "latin1-then-gbk.md").read_bytes())
    assert "[Example Blog | 信息技术分享](/)" in raw.body
    assert "其实细数AI的发展历程非常之久，而让AI的应用一下子出现在人们眼前的其实就是ChatGPT的出现。" in raw.body
    assert '"了解技术沙龙"' in raw.body  # a line the scraper wrapped inside a character
    assert "而第二部分就..." in raw.body  # an excerpt cut inside its last character
    assert raw.meta["title"] == "打造自己的AIGC应用（一）入门篇"
    assert [(p.level, "UTF-8 read as latin-1, then as gbk" in p.message) for p in problems] == [("info", True)]


def test_utf8_read_as_windows_1252_is_repaired_by_ftfy() -> None:
    raw, problems = read_seed("post.md", "---\ntitle: Defaults\n---\nDonâ€™t rely on users â€“ change it.\n".encode())
    assert "Don’t rely on users – change it." in raw.body
    assert [p.level for p in problems] == ["info"] and "windows-1252" in problems[0].message


@pytest.mark.parametrize("text", [
    "每个人都没有什么媒体贸易，煤炭价格每年都在变。猫没有眉毛。",  # characters mojibake is made of, in real Chinese
    "Привет, мир! «ТАСС» сообщает о встрече в Москве.",
    "Grüße aus München, Ærø und Åland — «déjà vu».",
    "7.0.0\u00a0≤\u00a0Bitbucket\u00a0<\u00a07.6.19\n\n7.7.0\u00a0≤\u00a0Bitbucket\n\n7.8.0\u00a0≤\u00a0Bitbucket",
])
def test_text_that_was_never_mis_decoded_is_left_alone(text: str) -> None:
    raw, problems = read_seed("post.md", f"---\ntitle: t\n---\n{text}\n".encode())
    assert raw.body.strip() == text and problems == []


def test_mojibake_that_cannot_be_repaired_with_certainty_is_kept_and_named() -> None:
    good = "信息技术分享".encode().decode("latin-1").encode().decode("gbk")
    made = "打造自己的应用".encode().decode("latin-1").encode().decode("gbk")
    broken = made[:4] + made[5:]  # a character the scraper lost: what is left is no UTF-8
    raw, problems = read_seed("blog.md", f"---\ntitle: t\n---\n{good}\n\n{broken}\n".encode())
    assert "信息技术分享" in raw.body and broken in raw.body
    warnings = [p for p in problems if p.level == "warning"]
    assert len(warnings) == 1 and str(warnings[0]).startswith("seeds/blog.md: ") and "could not be repaired" in str(warnings[0])


FIELDS = frozenset({"title", "date", "url", "source", "author"})


def test_front_matter_that_never_closes_is_read_and_warned_about() -> None:
    split = split_metadata("open.md", "---\ntitle: 软银投资\ndate: 2025-01-02\n\n软银集团宣布投资。\n", FIELDS, FIELDS)
    assert split.meta["title"] == "软银投资" and split.body == "软银集团宣布投资。\n"
    assert [(p.level, "never closes" in p.message) for p in split.problems] == [("warning", True)]


@pytest.mark.parametrize("text", ["---\nWASHINGTON: The president said on Monday that tariffs will rise.\n\nMore.\n",
                                  "---\nUpdate: the company responded.\nNote: edited.\n\nMore.\n",
                                  "---\nhttps://example.com/story\n\nMore.\n"])
def test_a_rule_over_lines_with_colons_is_text_not_front_matter(text: str) -> None:
    split = split_metadata("rule.md", text, FIELDS, FIELDS)
    assert split.meta == {} and not split.problems and text.split("\n")[1] in split.body


def test_a_comment_after_an_address_or_a_code_stays_a_comment() -> None:
    meta, _ = parse_front_matter("c.md", "url: https://example.com/a # via RSS\nlang: fr # french\n"
                                         "title: Daily Blog #735 x")
    assert meta == {"url": "https://example.com/a", "lang": "fr", "title": "Daily Blog #735 x"}


def test_a_value_with_an_unquoted_colon_is_read_as_written_and_is_only_an_info_line() -> None:
    meta, problems = parse_front_matter("c.md", "title: Taiwan: a chip war\ndate: 2020-01-01", frozenset({"title"}))
    assert meta["title"] == "Taiwan: a chip war"
    assert [p.level for p in problems] == ["info"]


def test_a_bracketed_label_before_a_title_is_no_list() -> None:
    meta, problems = parse_front_matter("b.md", "title: [AI安全论文] (37)CCS21 DeepAID：基于深度学习\n", frozenset({"title"}))
    assert meta["title"] == "[AI安全论文] (37)CCS21 DeepAID：基于深度学习" and [p.level for p in problems] == ["info"]
    _, problems = parse_front_matter("u.md", "title: [unclosed\n", frozenset({"title"}))
    assert [p.level for p in problems] == ["warning"]  # a list left open: not read, and said so
