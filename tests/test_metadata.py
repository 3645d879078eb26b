"""Stage 2 helpers: dates as written, language by script, titles from plain text, other key names."""
from __future__ import annotations

import datetime as dt

import pytest

from newsroom.model import RawSeed
from newsroom.seed.article import make_article
from newsroom.seed.metadata import detect_language, parse_date, title_from_text
from newsroom.seed.read import read_seed


@pytest.mark.parametrize(("value", "expected"), [
    ("2024-12-18T00:32:27.000Z", dt.date(2024, 12, 18)),
    ("2019-08-01T14:38:21+01:00", dt.date(2019, 8, 1)),
    ("2025-01-10", dt.date(2025, 1, 10)),
    (dt.datetime(2025, 12, 26, 4, 0, 50), dt.date(2025, 12, 26)),
    (dt.date(2001, 5, 6), dt.date(2001, 5, 6)),  # far-off dates are taken as given
    ("2025年1月10日", dt.date(2025, 1, 10)),
    ("2025/01/10 08:00", dt.date(2025, 1, 10)),
    ("January 22, 2025", dt.date(2025, 1, 22)),
    ("Wed, 22 Jan 2025 10:00:00 GMT", dt.date(2025, 1, 22)),
    (1734481947000, dt.date(2024, 12, 18)),  # epoch milliseconds
    ("yesterday-ish", None),
    ("9999-99-99", None),
    ("", None),
    (["2025-01-01"], None),
])
def test_parse_date(value, expected) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(("text", "declared", "expected"), [
    ("孙正义承诺投资，科技界争相拜会特朗普", None, "zh"),
    ("日本軟銀集團會長兼社長孫正義", None, "zh"),
    ("SoftBank is considering investing over $1 trillion in AI.", None, "en"),
    ("日本计划在预算中将对芯片\nTOKYO - Japan's industry ministry is set to nearly quadruple its budgeted support for "
     "cutting-edge semiconductors and artificial intelligence development", "zh-CN", "en"),
    ("ソフトバンクグループは人工知能に投資する", None, "ja"),
    ("삼성전자는 반도체에 투자한다", None, "ko"),
    ("La France investit dans l'intelligence artificielle.", "fr", "fr"),
    ("英伟达（NVIDIA）与 OpenAI 合作", None, "zh"),
])
def test_detect_language(text: str, declared: str | None, expected: str) -> None:
    assert detect_language(text, declared) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Chip makers race to Japan\nThe first paragraph is here.", "Chip makers race to Japan"),
    ("A short first sentence. Then more text follows here.\nSecond line.", "A short first sentence"),
    ("日本计划增加芯片预算。随后是正文。\n第二段。", "日本计划增加芯片预算"),
    ("word " * 60, ("word " * 32).strip() + "…"),
    ("", None),
])
def test_title_from_text(text: str, expected: str | None) -> None:
    assert title_from_text(text) == expected


@pytest.mark.parametrize(("front", "field", "expected"), [
    ("published: 2025-02-03", "date", dt.date(2025, 2, 3)),
    ("datetime: '2025-02-03T10:00:00Z'", "date", dt.date(2025, 2, 3)),
    ("link: https://e.example/a", "original_url", "https://e.example/a"),
    ("source_url: https://e.example/b", "original_url", "https://e.example/b"),
    ("from: https://e.example/c", "original_url", "https://e.example/c"),
    ("publisher: Example Daily", "source", "Example Daily"),
    ("authors: [Ann, Bob]", "author", "Ann, Bob"),
    ("author: {name: Ann}", "author", "Ann"),
    ("headline: The headline", "title", "The headline"),
    ("Title: Capitalised key", "title", "Capitalised key"),
])
def test_other_key_names_for_the_same_field(front: str, field: str, expected, rules) -> None:
    raw, _ = read_seed("x.md", f"---\n{front}\n---\nBody text here.\n".encode())
    article, _ = make_article(raw, rules)
    assert getattr(article, field) == expected


@pytest.mark.parametrize(("front", "message"), [
    ("date: not a date at all", "cannot read the date"),
    ("url: javascript:alert(1)", "not an http(s) address"),
])
def test_unreadable_fields_warn_and_are_left_out(front: str, message: str, rules) -> None:
    raw, _ = read_seed("x.md", f"---\ntitle: T\n{front}\n---\nBody.\n".encode())
    article, problems = make_article(raw, rules)
    assert article is not None and article.date is None and article.original_url is None
    assert any(message in p.message and p.level == "warning" for p in problems)


def test_html_in_front_matter_is_plain_text(rules) -> None:
    front = ('title: "<script>alert(1)</script><b>Bold</b> \\"quoted\\" &lt;/title&gt;"\n'
             'author: "<img src=x onerror=alert(1)>Ann"\nsource: "<a href=javascript:x>Daily</a>"\n'
             'description: "\\" onmouseover=\\"alert(1)"')
    raw, _ = read_seed("x.md", f"---\n{front}\n---\nBody.\n".encode())
    article, _ = make_article(raw, rules)
    for value in (article.title, article.author, article.source, article.summary):
        assert not any(c in value for c in '<>"'), value
    assert article.title == "Bold “quoted” ＜/title＞"
    assert article.author == "Ann" and article.source == "Daily"


def test_an_author_that_is_only_the_publication_is_no_author(rules) -> None:
    raw, _ = read_seed("x.md", "---\ntitle: T\nauthor: 路透\ncategories: [ 路透 ]\n---\nBody.\n".encode())
    article, _ = make_article(raw, rules)
    assert article.author is None


def test_a_url_with_spaces_is_percent_encoded_not_dropped(rules) -> None:
    raw, _ = read_seed("x.md", "---\ntitle: T\nfrom: https://www.dw.com/zh/因祸得福？ /a-54264209\n---\nBody.\n".encode())
    article, problems = make_article(raw, rules)
    assert article.original_url == "https://www.dw.com/zh/%E5%9B%A0%E7%A5%B8%E5%BE%97%E7%A6%8F%EF%BC%9F%20/a-54264209"
    assert article.source == "德国之声" and [p.message for p in problems] == ["states no date; listed as undated"]


@pytest.mark.parametrize(("value", "expected"), [
    (20240315, dt.date(2024, 3, 15)),  # a date written as a number
    (20241301, None),  # eight digits that are no date
    (1734481947, dt.date(2024, 12, 18)),  # epoch seconds
    ("2025年13月10日", None),
    ("March 2024", None),  # no day: never guessed
    (True, None),
])
def test_dates_given_as_numbers_or_partly(value, expected) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(("text", "declared", "expected"), [
    ("Sony 说", None, "en"),  # four Latin letters to one Han character: not yet Chinese
    ("Sony 说了", None, "zh"),
    ("O Brasil investe em inteligência artificial.", "pt_BR", "pt"),  # a region after an underscore
    ("The chip plant opens in Kumamoto.", "english", "en"),  # not a language code
    ("The chip plant opens in Kumamoto.", "zh-TW", "en"),  # a Chinese label on English text
])
def test_the_language_of_a_mixed_or_labelled_text(text: str, declared: str | None, expected: str) -> None:
    assert detect_language(text, declared) == expected


def test_a_headline_of_100_characters_is_the_title_even_with_a_full_stop_inside() -> None:
    headline = "U.S. Chips Act: What It Means for Intel, TSMC and Samsung as the Subsidies Finally Start to Flow Now"
    assert len(headline) == 100
    assert title_from_text(headline + "\nThe body starts here.") == headline


def test_a_long_title_makes_a_url_cut_at_a_word_and_as_wide_in_chinese() -> None:
    from newsroom.seed.metadata import title_slug
    assert title_slug("SoftBank pledges a hundred billion dollars for American artificial intelligence") == \
        "softbank-pledges-a-hundred"
    assert title_slug("孙正义承诺投资" * 10) == ("孙正义承诺投资" * 10)[:16]  # a Chinese character is two columns
    assert title_slug("软银 SoftBank 承诺向美国投资一千亿美元用于人工智能") == "软银-softbank-承诺向美国投资一千"


def test_the_domain_shown_for_an_original_drops_www() -> None:
    from newsroom.seed.metadata import domain_of
    assert domain_of("https://www.reuters.com/technology/x") == "reuters.com"
    assert domain_of("https://asia.nikkei.com/x") == "asia.nikkei.com"
    assert domain_of(None) is None


@pytest.mark.parametrize(("line", "source", "expected"), [
    ("来源：新华社 | 作者：张三 |", None, ("新华社", "张三", None)),  # a trailing separator
    ("发布时间：2025-01-17 09:12 界面新闻", "界面新闻", (None, None, "2025-01-17 09:12")),  # the known source after it
    ("发布时间：2025-01-17 09:12 界面新闻", None, None),  # an unknown name: not a line of metadata
    ("Updated: Jan 6, 2025 | Published: Jan 5, 2025", None, (None, None, "Jan 5, 2025")),  # published, not updated
    ("Updated: Jan 6, 2025", None, (None, None, "Jan 6, 2025")),  # only an update: that date
    ("Author: staff reports", None, None),  # words after the label, not a name
    ("Author: Ann Lee", None, (None, "Ann Lee", None)),
    ("来源：证券时报网 " * 20, None, None),  # too long for a line of metadata: a paragraph
])
def test_a_line_stating_the_source_author_or_date(line: str, source: str | None, expected) -> None:
    from newsroom.seed.stated import read_meta_line
    found = read_meta_line(line, source)
    assert (found if found is None else (found.source, found.author, found.date)) == expected


@pytest.mark.parametrize(("line", "name"), [
    ("（大纪元记者刘毅报导/责任编辑：林妍）", "刘毅"),
    ("自由亚洲电台记者 夏小华\xa0 台北报导 责编 许书婷 胡力汉", "夏小华"),
    ("【記者王小明／台北報導】", "王小明"),
    ("（大纪元记者李净综合报导）", "李净"),
    ("中央社记者杨明珠巴黎15日电）法国总统说", None),  # a place glued to the name: not guessed
    ("记者会上，他说", None),
])
def test_a_reporters_credit_in_the_text_names_the_writer(line: str, name: str | None) -> None:
    from newsroom.seed.stated import reporter_credit
    assert reporter_credit(line) == name


def test_a_credit_at_the_end_of_the_story_is_its_author_when_nothing_else_names_one(rules) -> None:
    raw = RawSeed("a.md", {"title": "杭州房租水平跌至3年前"}, "<p>第一段。</p><p>第二段。</p><p>（大纪元记者刘毅报导/责任编辑：林妍）</p>",
                  "html", "utf-8")
    article, _ = make_article(raw, rules)
    assert article is not None and article.author == "刘毅" and "刘毅报导" in article.body_html


def test_a_wechat_articles_own_author_line_wins_over_the_account_name(rules) -> None:
    text = ("---\ntitle: 标题\nurl: https://mp.weixin.qq.com/s/abc\nsource: 安全视界\n---\n# 标题\n\n原创\n\n安全视界\n\n"
            "作者 | 张三\n\n正文第一段，足够长的一句话，讲了一件事情。\n")
    raw, _ = read_seed("w.md", text.encode(), rules.important_keys, rules.header_keys)
    assert raw is not None
    article, _ = make_article(raw, rules)
    assert article is not None and article.author == "张三"
