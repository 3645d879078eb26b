"""Stages 2+3 on the four real seeds: metadata right, boilerplate gone, every paragraph kept."""
from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup

from conftest import SEED_000, SEED_001, SEED_002, SEED_003, seed_bytes
from newsroom.model import Article
from newsroom.seed.article import make_article
from newsroom.seed.read import read_seed


def article_of(name: str, rules) -> Article:
    raw, _ = read_seed(name, seed_bytes(name))
    article, problems = make_article(raw, rules)
    assert article is not None
    assert [p for p in problems if p.level == "warning"] == []
    return article


def text_of(article: Article) -> str:
    return BeautifulSoup(article.body_html, "lxml").get_text()


METADATA = {
    SEED_000: dict(title="孙正义承诺投资，科技界争相拜会特朗普", date=dt.date(2024, 12, 18), source="日经中文网",
                   author="陈博", language="zh",
                   original_url="https://cn.nikkei.com/politicsaeconomy/politicsasociety/57560-2024-12-18-09-32-27.html"),
    SEED_001: dict(title="日美科技合作全方位审视：从现状剖析到未来战略规划", date=dt.date(2025, 1, 10), source="情报分析师",
                   author="dt wu", language="zh"),
    SEED_002: dict(title="日本计划在预算中将对芯片和人工智能的支出支持增加至 100 亿美元，是原来的四倍",
                   date=dt.date(2025, 12, 26), source="长桥", author=None, language="en",
                   original_url="https://longbridge.com/zh-CN/news/270819101.md"),
    SEED_003: dict(date=None, source=None, author=None, original_url=None, language="en"),
}


@pytest.mark.parametrize("name", sorted(METADATA))
def test_metadata_of_each_seed(name: str, rules) -> None:
    article = article_of(name, rules)
    for field, expected in METADATA[name].items():
        assert getattr(article, field) == expected, field


def test_wechat_url_is_kept_whole(rules) -> None:
    article = article_of(SEED_001, rules)
    assert article.original_url.startswith("https://mp.weixin.qq.com/s?__biz=MzA3Mjc1MTkwOA==&mid=2650558865")


def test_plain_text_title_is_derived_from_the_first_sentence(rules) -> None:
    article = article_of(SEED_003, rules)
    assert article.title == ("Japanese investment firm SoftBank is considering investing over $1 trillion to create "
                             "industrial parks for artificial intelligence (AI) across the United States")


# What a reader must see (first, middle and last paragraphs) and must not see, per seed.
KEPT = {
    SEED_000: ["12月16日，日本软银集团（SBG）会长兼社长孙正义", "“哦，天哪，太棒了”", "软银集团还准备通过愿景基金向美国OpenAI追加投资最高15亿美元",
               "扎克伯格接近特朗普的背后原因关系到马斯克", "在科技界，试图接近特朗普的并非只有孙正义一人",
               "同时，随着马斯克事实上进入政权核心", "四方雅之、竹内弘文 纽约"],
    SEED_001: ["日美科技合作的历史可以追溯到20世纪中期", "日美科技合作案例", "人工智能与量子技术", "1.1亿美元的联合私营部门投资",
               "IBM Quantum System One", "日本政府还宣布设立半导体研发机构", "半导体与生物技术", "合作方式",
               "亚马逊网络服务公司计划在2027年之前向日本投资约270亿美元", "美国国家标准与技术研究院（NIST）"],
    SEED_002: ["TOKYO - Japan’s industry ministry is set to nearly quadruple", "3.07 trillion yen",
               "Starting with the fiscal year beginning in April", "150 billion yen for state-backed chip venture Rapidus",
               "122 billion yen is earmarked", "Some 1.78 trillion yen of special bonds"],
    SEED_003: ["Japanese investment firm SoftBank is considering investing over $1 trillion",
               "This commitment exceeds the $500 billion AI infrastructure investment",
               "We are not the bank; we are SoftBank.", "a $6.5 billion acquisition of Ampere"],
}
GONE = {
    SEED_000: ["1734481947000", "版权声明", "未经授权不得转载", "------", "　", "data-path", "style="],
    SEED_001: ["原创", "cover_image", "预览时标签不可点", "微信扫一扫", "知识星球", "二维码", "本报告共24页", "小编",
               "反恐趋势与分析", "菲律宾2025财年军费激增", "轻点两下取消赞", "听过", "向上滑动看下一个", "使用小程序"],
    SEED_002: ["相关股票", "605358.CN", "SOXL.US", "相关资讯与研究", "人工智能时代重新理解管理", "AI 芯片被收购"],
    SEED_003: ["READ:", "Softbank to invest $500 million in robotics startup Skild AI (January 29, 2025)",
               "OpenAI, SoftBank, Oracle to invest $500 billion in AI data centers under Trump"],
}


@pytest.mark.parametrize("name", sorted(KEPT))
def test_real_paragraphs_are_kept_in_order(name: str, rules) -> None:
    text = text_of(article_of(name, rules))
    positions = [text.find(snippet) for snippet in KEPT[name]]
    assert -1 not in positions, [s for s, p in zip(KEPT[name], positions, strict=True) if p == -1]
    assert positions == sorted(positions)


@pytest.mark.parametrize("name", sorted(GONE))
def test_boilerplate_is_gone(name: str, rules) -> None:
    article = article_of(name, rules)
    for snippet in GONE[name]:
        assert snippet not in article.body_html, snippet


@pytest.mark.parametrize(("name", "paragraphs"), [(SEED_000, 11), (SEED_002, 7), (SEED_003, 8)])
def test_paragraph_count(name: str, paragraphs: int, rules) -> None:
    soup = BeautifulSoup(article_of(name, rules).body_html, "lxml")
    assert len(soup.find_all("p")) == paragraphs


def test_the_title_is_not_repeated_in_the_body(rules) -> None:
    for name in (SEED_000, SEED_001, SEED_002):
        article = article_of(name, rules)
        assert article.title not in text_of(article)


def test_copyright_becomes_the_attribution_line(rules) -> None:
    article = article_of(SEED_000, rules)
    assert article.attribution == "版权声明：日本经济新闻社版权所有，未经授权不得转载或部分复制，违者必究。"


def test_wechat_headings_lose_their_icons_and_empty_ones_go(rules) -> None:
    soup = BeautifulSoup(article_of(SEED_001, rules).body_html, "lxml")
    headings = [h.get_text(strip=True) for h in soup.find_all(["h1", "h2", "h3", "h4"])]
    assert headings == ["日美科技合作案例", "半导体与生物技术", "合作方式"]
    assert not soup.find(["h2", "h3"], string=None, recursive=True).find("img")


def test_wechat_cover_is_metadata_and_content_images_stay(rules) -> None:
    article = article_of(SEED_001, rules)
    assert article.image.startswith("https://mmbiz.qpic.cn/sz_mmbiz_jpg/Mkvak7WiccmWeql4")
    images = BeautifulSoup(article.body_html, "lxml").find_all("img")
    # the article's own pictures; not the report previews, QR codes and promo thumbnails after its last paragraph
    assert len(images) == 4
    assert all(img["referrerpolicy"] == "no-referrer" for img in images)


def test_images_in_jekyll_body_become_figures_with_captions(rules) -> None:
    soup = BeautifulSoup(article_of(SEED_000, rules).body_html, "lxml")
    figures = soup.find_all("figure")
    assert len(figures) == 2
    assert figures[1].figcaption.get_text() == "扎克伯格接近特朗普的背后原因关系到马斯克"
    assert all(f.img["src"].startswith("https://cn.nikkei.com/images/2024/12/1218/") for f in figures)


def made_from(text: str, rules, name: str = "x.md") -> tuple[Article | None, list]:
    raw, _ = read_seed(name, text.encode())
    assert raw is not None
    return make_article(raw, rules)


# Each case takes away the place the case before it took its source from (README: "The source shown is
# the first of: the front matter's, the site's name in sources.yml (by the URL), one the text names, a
# Jekyll archive's category, the wire lede's agency, the URL's domain").
SOURCE_PLACES = {
    "front matter": ("source: 前报\n", "https://www.163.com/a.html", "来源：文中报\n\n", "[类目报]", "前报"),
    "site": ("", "https://www.163.com/a.html", "来源：文中报\n\n", "[类目报]", "网易"),
    "text": ("", "https://www.unknown.example/a.html", "来源：文中报\n\n", "[类目报]", "文中报"),
    "categories": ("", "https://www.unknown.example/a.html", "", "[类目报]", "类目报"),
    "wire lede": ("", "https://www.unknown.example/a.html", "", "[]", "Reuters"),
    "domain": ("", "https://www.unknown.example/a.html", "", "[]", "unknown.example"),
}


@pytest.mark.parametrize("place", list(SOURCE_PLACES))
def test_the_source_is_the_first_of_the_places_in_the_readme_s_order(place: str, rules) -> None:
    front, url, line, categories, expected = SOURCE_PLACES[place]
    lede = "WASHINGTON (Reuters) - " if place != "domain" else ""
    made, _ = made_from(f"---\ntitle: Chip plant\n{front}url: {url}\ncategories: {categories}\ntags: {categories}\n"
                        f"---\n{line}{lede}The company said on Monday it would build a chip plant.\n\nMore text.\n",
                        rules)
    assert made is not None and made.source == expected
    assert "文中报" not in made.body_html  # the line that named it is metadata, whichever source is shown


def test_the_date_is_the_first_of_front_matter_page_file_name_text_and_clip_day(rules) -> None:
    body = "发布时间：2025-03-04 10:30\n\nThe company said on Monday it would build a chip plant.\n"
    assert made_from(f"---\ntitle: T\ndate: 2025-01-02\n---\n{body}", rules, "2025-02-03-t.md")[0].date == dt.date(2025, 1, 2)
    assert made_from(f"---\ntitle: T\n---\n{body}", rules, "2025-02-03-t.md")[0].date == dt.date(2025, 2, 3)
    assert made_from(f"---\ntitle: T\ncreated: 2025-05-06\n---\n{body}", rules)[0].date == dt.date(2025, 3, 4)
    clipped, problems = made_from("---\ntitle: T\ncreated: 2025-05-06\n---\nText without a date.\n", rules)
    assert clipped is not None and clipped.date == dt.date(2025, 5, 6)
    assert [p.level for p in problems if "the date it was saved (2025-05-06)" in p.message] == ["info"]


def test_an_unreadable_front_matter_date_is_not_replaced_by_a_guess(rules) -> None:
    made, problems = made_from("---\ntitle: T\ndate: not a date\n---\n发布时间：2025-03-04 10:30\n\nText.\n",
                               rules, "2025-02-03-t.md")
    assert made is not None and made.date is None
    assert [p.message for p in problems if "date" in p.message] == ["cannot read the date 'not a date'; the article "
                                                                    "is listed as undated"]


def test_a_url_given_as_the_source_is_the_original_url_not_the_source(rules) -> None:
    made, _ = made_from("---\ntitle: T\nsource: https://www.163.com/a.html\n---\nText of the story.\n", rules)
    assert made is not None and (made.original_url, made.source) == ("https://www.163.com/a.html", "网易")


def test_a_seed_with_no_title_and_no_text_is_skipped(rules) -> None:
    made, problems = made_from("<div><script>track()</script></div>\n", rules, "x.html")
    assert made is None and problems[-1].message == "has no title and no text to take one from; skipped"


@pytest.mark.parametrize(("text", "title", "notes"), [
    ("Chip plant opens in Kumamoto\nThe plant will make chips for cars.\n", "Chip plant opens in Kumamoto", []),
    ("The plant will make chips for cars. It opens in May.\nMore text.\n", "The plant will make chips for cars",
     ["has no title; its first sentence is used"]),
])
def test_a_plain_text_s_first_line_is_its_title_only_when_it_reads_as_a_headline(text, title, notes, rules) -> None:
    made, problems = made_from(text, rules, "x.txt")
    assert made is not None and made.title == title
    assert [p.message for p in problems if "title" in p.message] == notes
    assert "states no date; listed as undated" in [p.message for p in problems if p.level == "info"]
