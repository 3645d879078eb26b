"""Seeds in shapes the four originals do not have (tests/fixtures/shapes/): how other sites and
tools save articles. Each is read as a reader should see it: metadata right, metadata lines and
page furniture out of the text, nothing of the article lost."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from newsroom.model import Article
from newsroom.seed.article import make_article
from newsroom.seed.read import read_seed
from newsroom.seed.stated import read_meta_line

SHAPES = Path(__file__).parent / "fixtures" / "shapes"


def article(name: str, rules) -> Article:
    raw, problems = read_seed(name, (SHAPES / name).read_bytes(),
                              header_keys=rules.header_keys)
    assert raw is not None, problems
    made, more = make_article(raw, rules)
    assert made is not None, more
    assert [p for p in problems + more if p.level == "warning"] == []
    return made


def paragraphs(made: Article) -> list[str]:
    soup = BeautifulSoup(made.body_html, "lxml")
    return [block.get_text().strip() for block in soup.find_all(["p", "li", "h2", "h3"])]


# file: (title, date, source, author, original URL, first paragraph starts, text that must be gone)
EXPECTED = {
    "01_hugo_toml.md": ("SoftBank to Invest $40 Billion in OpenAI, Valuing It at $300 Billion", dt.date(2025, 3, 31),
                        "TechWire", "Jane Doe", "https://techwire.example.com/2025/03/31/softbank-openai-40-billion/",
                        "SoftBank Group will invest", ["+++", "draft"]),
    "02_json_front.md": ("英伟达宣布在台湾投资建设AI超级计算机", dt.date(2025, 5, 19), "科技日报", "王小明",
                         "https://tech.example.cn/news/2025/0519/nvidia-taiwan.html", "英伟达首席执行官黄仁勋", ['"title"']),
    "03_pelican_header.md": ("Microsoft plans to spend $80 billion on AI data centers in fiscal 2025", dt.date(2025, 1, 4),
                             "CNBC", "Mark Jensen",
                             "https://www.cnbc.com/2025/01/03/microsoft-expects-to-spend-80-billion-on-ai-data-centers-in-fy-2025.html",
                             "Microsoft expects to spend", ["Title:", "Slug:"]),
    "05_substack.html": ("The $500 Billion Question: Is Stargate Real?", dt.date(2025, 1, 23), None, "Ben Carter", None,
                         "OpenAI, SoftBank and Oracle made a big promise", ["Ben Carter · Jan 23, 2025"]),
    "06_reuters_plain.txt": ("Meta to spend up to $65 billion on AI infrastructure this year", dt.date(2025, 1, 24),
                             "Reuters", "Katie Paul and Aditya Soni", None, "WASHINGTON (Reuters) - Meta Platforms",
                             ["By Katie Paul", "Published:", "Updated:", "Read more", "Stargate plan", "(Reporting by"]),
    "07_xinhua_plain.txt": ("国家集成电路产业投资基金三期成立 注册资本3440亿元", dt.date(2024, 5, 27), "新华社", None, None,
                            "新华社北京5月27日电", ["来源：新华社", "【字号", "【纠错】"]),
    "10_cjk_date_key.md": ("台积电宣布追加1000亿美元在美投资", dt.date(2025, 3, 4), "第一财经", "陈静",
                           "https://www.yicai.example.com/news/102345678.html", "台积电董事长魏哲家", []),
    "13_gbk_chinese.txt": ("华为发布昇腾AI芯片新路线图 将投资百亿元建设算力集群", dt.date(2025, 9, 18), "证券时报网", "刘洋", None,
                           "本报讯 华为副董事长", ["发布时间", "责任编辑", "郑重声明"]),
    "15_font_fragment.htm": ("阿里巴巴：未来三年将投入3800亿元建设云和AI硬件基础设施", dt.date(2025, 2, 24), "中国经济网", None,
                             None, "中国经济网北京2月24日讯", ["来源：中国经济网", "责任编辑", "打印本页"]),
    "16_wechat_plain.md": ("重磅！腾讯宣布2025年资本开支将超千亿元", dt.date(2025, 3, 20), "科技前沿观察", None, None,
                           "3月19日晚间，腾讯控股", ["点击上方蓝字", "原创", "END", "往期推荐", "阿里巴巴宣布", "长按识别",
                                                 "阅读原文"]),
    "18_repeated_title.md": ("字节跳动2025年资本开支计划达1600亿元", dt.date(2025, 1, 17), "界面新闻", "张三",
                             "https://www.jiemian.example.com/article/12345678.html", "据知情人士透露",
                             ["2025-01-17 09:12:45", "记者 |", "编辑 |"]),
    "23_english_dateline_only.txt": ("Samsung Electronics Co. said Wednesday it will invest 47.4 trillion won ($32.6 billion) "
                                     "in its semiconductor business this year", None, "Yonhap", None, None,
                                     "SEOUL, March 12 (Yonhap) -- Samsung", ["(END)"]),
    "24_cn_plain_meta_lines.txt": ("小米：未来五年研发投入2000亿元", dt.date(2025, 7, 19), "澎湃新闻", "周琳",
                                   "https://www.thepaper.example.cn/newsDetail_forward_31000000", "7月19日，小米集团",
                                   ["标题：", "原文链接", "仅代表该作者"]),
    "2025-03-06-jekyll-date-in-filename.md": ("SK hynix to invest 20 trillion won in new HBM plant", dt.date(2025, 3, 6),
                                              None, None, None, "SK hynix said on Thursday", []),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_shape_reads_as_a_reader_expects(name: str, rules) -> None:
    title, date, source, author, url, opening, gone = EXPECTED[name]
    made = article(name, rules)
    assert (made.title, made.date, made.source, made.author, made.original_url) == (title, date, source, author, url)
    text = paragraphs(made)
    assert text and text[0].startswith(opening), text[:2]
    assert text[0] != made.title  # the headline is not repeated as the first paragraph
    for furniture in gone:
        assert not any(furniture in block for block in text), (furniture, text)


def test_no_paragraph_of_the_article_is_lost(rules) -> None:
    """Every sentence-bearing paragraph of the plain-text shapes is on the page."""
    for name in ("06_reuters_plain.txt", "07_xinhua_plain.txt", "24_cn_plain_meta_lines.txt"):
        made = article(name, rules)
        page = "\n".join(paragraphs(made))
        source = (SHAPES / name).read_text(encoding="utf-8")
        story = [line.strip() for line in source.split("\n") if len(line.strip()) > 60 and line.strip()[-1] in "。.”\""]
        assert story and all(line in page for line in story), [line for line in story if line not in page]


def test_credits_taken_from_the_text_are_kept_below_it(rules) -> None:
    assert article("06_reuters_plain.txt", rules).attribution.startswith("(Reporting by Katie Paul")
    assert "（责任编辑：王琳）" in article("13_gbk_chinese.txt", rules).attribution
    assert "［责任编辑：赵敏］" in article("15_font_fragment.htm", rules).attribution
    assert article("18_repeated_title.md", rules).attribution == "编辑：李四"


def test_a_byline_the_front_matter_overrules_stays_in_the_credits(rules) -> None:
    raw, _ = read_seed("x.md", "---\ntitle: T\nauthor: 存档者\n---\n作者：何谦\n\n正文第一段，足够长的一句话。\n".encode())
    made, _ = make_article(raw, rules)
    assert made.author == "存档者"
    assert made.attribution == "作者：何谦"
    assert paragraphs(made) == ["正文第一段，足够长的一句话。"]


@pytest.mark.parametrize("line, expected", [
    ("2024年05月27日 10:20   来源：新华社", ("2024年05月27日 10:20", "新华社", None)),
    ("发布时间：2025-09-18 14:32:10  来源：证券时报网  作者：刘洋", ("2025-09-18 14:32:10", "证券时报网", "刘洋")),
    ("Published: January 24, 2025 4:41 PM GMT", ("January 24, 2025 4:41 PM GMT", None, None)),
    ("By Katie Paul and Aditya Soni", (None, None, "Katie Paul and Aditya Soni")),
    ("Ben Carter · Jan 23, 2025", ("Jan 23, 2025", None, "Ben Carter")),
    ("记者 | 张三", (None, None, "张三")),
])
def test_metadata_lines_are_read(line: str, expected: tuple) -> None:
    assert tuple(read_meta_line(line))[:3] == expected


@pytest.mark.parametrize("line", [
    "2024年5月27日，国家大基金三期成立。",  # a sentence that starts with a date
    "记者：得知被通缉，你的反应是什么？",  # an interview question
    "Date: the company said it would announce five things",
    "by the way, the deal closed",
    "【编者按】",
])
def test_sentences_are_not_metadata_lines(line: str) -> None:
    assert read_meta_line(line) is None


def test_a_single_key_line_is_text_not_a_header(rules) -> None:
    raw, _ = read_seed("x.txt", b"Note: this article was updated.\n\nThe body of the article goes on here.\n",
                       header_keys=rules.header_keys)
    assert raw.meta == {}
    assert raw.body.startswith("Note: this article was updated.")


def test_bad_toml_front_matter_is_reported_and_the_body_kept(rules) -> None:
    raw, problems = read_seed("x.md", b'+++\ntitle = "unclosed\n+++\n\nBody text.\n')
    assert raw is not None and raw.body.strip() == "Body text."
    assert any("not valid TOML" in p.message for p in problems)


def test_a_wechat_article_saved_without_its_url_is_cleaned_as_wechat(rules) -> None:
    """Known by its fingerprints (its image host, its interface text): the promos go, and the
    amounts in the links to other articles are not this article's figures."""
    made = article("16_wechat_plain.md", rules)
    assert [figure.text for figure in made.figures] == ["366亿元", "约为900亿至1000亿元"]
    assert "mmbiz.qpic.cn/mmbiz_jpg/qrcode" not in made.body_html  # the QR code at the end


def test_fingerprints_do_not_override_a_known_site(rules) -> None:
    wechat_text = "点击上方蓝字关注我们\n\n正文。"
    assert rules.for_article(None, "markdown", wechat_text).name is None  # the rules, not WeChat's name
    assert "阅读原文" in {p.pattern.strip("^$") for p in rules.for_article(None, "markdown", wechat_text).drop_blocks}
    reuters = rules.for_article("https://cn.reuters.com/article/x", "markdown", wechat_text)
    assert reuters.name == "路透中文网" and "阅读原文" not in {p.pattern.strip("^$") for p in reuters.drop_blocks}


@pytest.mark.parametrize(("name", "title", "date", "source", "author", "url"), [
    ("20_article.json", "OpenAI closes $6.6 billion funding round", dt.date(2024, 10, 2), "news.example.com", None,
     "https://news.example.com/openai-6-6-billion"),
    ("21_rss_item.html", "百度计划今年投入超百亿元用于AI基础设施", dt.date(2025, 3, 18), "经济观察网", "陈伟",
     "https://www.eeo.example.com.cn/2025/0318/700001.shtml"),
    ("22_atom_entry.xml", "Oracle to invest $40 billion in Nvidia chips", dt.date(2025, 5, 23), None, None, None),
])
def test_feed_items_and_json_articles(name, title, date, source, author, url, rules) -> None:
    made = article(name, rules)
    assert (made.title, made.date, made.source, made.author, made.original_url) == (title, date, source, author, url)
    assert paragraphs(made) and all("<" not in block and "http" not in block for block in paragraphs(made))


def test_a_feed_of_several_items_publishes_the_first_and_says_so(rules) -> None:
    feed = (b"<rss version='2.0'><channel><title>F</title><item><title>One</title><description>First text.</description>"
            b"</item><item><title>Two</title><description>Second text.</description></item></channel></rss>")
    raw, problems = read_seed("feed.xml", feed)
    assert raw.meta["title"] == "One" and "First text." in raw.body
    assert [p.message for p in problems] == ["is a feed of 2 items; only the first is published (save one item a file)"]


def test_a_json_file_that_is_no_article_is_skipped_with_a_warning() -> None:
    raw, problems = read_seed("x.json", b"[1, 2, 3]")
    assert raw is None and "is not a JSON object" in problems[0].message


def test_the_maintainer_is_told_what_an_article_lacks(rules) -> None:
    """Not warnings (a strict build passes), but notes in the build report: what to fill in."""
    raw, _ = read_seed("bare.txt", "这是一篇没有标题、日期和来源的文章，它的第一句话很长，足以成为一个句子。\n\n第二段。\n".encode())
    made, problems = make_article(raw, rules)
    assert [(p.level, p.message) for p in problems] == [
        ("info", "has no title; its first sentence is used"),
        ("info", "states no date; listed as undated"),
        ("info", "names no publication; shown without a source")]


def test_a_credited_caption_joins_its_image_and_stays_out_of_the_summary(rules) -> None:
    made = article("17_captions_ads.md", rules)
    assert "<figcaption>Elon Musk speaks at an event in Los Angeles. Photo: Getty Images</figcaption>" in made.body_html
    assert made.summary.startswith("Elon Musk's artificial intelligence company xAI has raised $6 billion")
    assert not any(line.startswith(("Subscribe to our newsletter", "Share this article")) for line in paragraphs(made))


def test_an_ambiguous_date_is_read_month_first_and_noted(rules) -> None:
    raw, _ = read_seed("x.md", b"---\ntitle: T\ndate: 03/04/2025\n---\nBody text.\n")
    made, problems = make_article(raw, rules)
    assert made.date == dt.date(2025, 3, 4)
    assert [p.level for p in problems if "day/month or month/day" in p.message] == ["info"]
    raw, _ = read_seed("y.md", b"---\ntitle: T\ndate: 03/24/2025\n---\nBody text.\n")
    assert not any("day/month" in p.message for p in make_article(raw, rules)[1])


# Scraping, clipping and read-later tools, and more sites (tests/fixtures/shapes/tool-*):
# file: (title, date, source, author, original URL, first paragraph starts, text that must be gone)
TOOLS = {
    "tool-01_jina_reader.md": ("Nvidia to invest $2.5 billion in Vietnam AI data centre push", dt.date(2025, 3, 4),
                               "techwire-asia.example.com", None,
                               "https://www.techwire-asia.example.com/2025/03/nvidia-vietnam-ai-investment/",
                               "HANOI — Nvidia will invest", ["Markdown Content", "URL Source", "Skip to content", "Home"]),
    "tool-02_markdownload.md": ("Apple commits $1 billion to expand iPhone production in India", dt.date(2025, 3, 5),
                                "theverge-example.com", "Jess Weatherbed",
                                "https://www.theverge-example.com/2025/3/4/apple-india-manufacturing-investment",
                                "Apple will invest $1 billion", ["Excerpt", "Most Popular"]),
    "tool-03_obsidian_clipper.md": ("宁德时代宣布在匈牙利追加投资73亿欧元建设电池工厂", dt.date(2025, 3, 3), "caixin-example.com",
                                    "张文, 李明阳", "https://www.caixin-example.com/2025-03-03/102294567.html",
                                    "【财新网】宁德时代", ["[["]),
    "tool-04_firecrawl.md": ("Rivian secures $6.6 billion federal loan to restart Georgia factory", dt.date(2025, 3, 6), None,
                             "Fred Lambert", None, "Rivian has finalized", ["Skip to main content", "Search", "12 Comments",
                                                                            "Featured", "Google News"]),
    "tool-06_trafilatura.xml": ("比亚迪将投资10亿美元在印尼建厂 年产能15万辆", dt.date(2025, 3, 2), "第一财经", "第一财经记者 陈姗姗",
                                "https://www.yicai-example.com/news/102501234.html", "比亚迪3月2日宣布", ["<doc"]),
    "tool-07_trafilatura.json": ("Microsoft to spend $80 billion on AI data centers this fiscal year", dt.date(2025, 1, 3),
                                 "CNBC", "Jordan Novet",
                                 "https://www.cnbc-example.com/2025/01/03/microsoft-expects-to-spend-80-billion-on-ai-data-"
                                 "centers-in-fy-2025.html", "Microsoft expects to spend", []),
    "tool-09_pocket_export.html": ("Intel delays Ohio chip plant, cuts investment plans", None, "Reuters", "Stephen Nellis",
                                   None, "SAN FRANCISCO, Feb 28 (Reuters)", ["(Reporting by"]),
    "tool-10_notion_export.md": ("沙特阿美与中国石化签署协议 拟投资百亿美元扩建福建炼化项目", dt.date(2025, 3, 4),
                                 "jiemian-example.com", "界面新闻记者 侯瑞宁", "https://www.jiemian-example.com/article/12345678.html",
                                 "沙特阿美与中国石化3月4日", ["Created:", "Tags:", "URL:"]),
    "tool-12_sina_finance.txt": ("中芯国际拟投资75亿美元在京建设12英寸晶圆厂", dt.date(2025, 3, 3), "新浪财经-自媒体综合", None, None,
                                 "新浪财经讯", ["尽在新浪财经APP", "风险提示", "新浪声明", "19:45"]),
    "tool-13_36kr.md": ("独家｜蔚来能源拟获合肥国资20亿元战略投资，换电站将扩张至全国", None, None, "李安琪", None,
                        "36氪独家获悉", ["文｜", "编辑｜", "题图来源", "经授权发布", "仅代表作者"]),
    "tool-14_gov_cn.txt": ("国家发展改革委关于下达2025年中央预算内投资计划的通知", dt.date(2025, 3, 3), "国家发展改革委网站", None,
                           None, "3月3日，国家发展改革委", ["【字体", "扫一扫", "相关稿件", "加快推进重大项目建设"]),
    "tool-15_prnewswire.txt": ("Helios Energy Announces $2.5 Billion Investment in Texas Solar Manufacturing Campus",
                               dt.date(2025, 3, 4), "PR Newswire", None, None, "New facility expected",
                               ["NEWS PROVIDED BY", "04 Mar, 2025", "About Helios", "Forward-Looking", "Media Contact",
                                "SOURCE Helios", "###", "WANT YOUR COMPANY"]),
    "tool-17_bloomberg.txt": ("Saudi Wealth Fund Plans $10 Billion Push Into Chinese Tech Stocks", None, "Bloomberg", None,
                              None, "(Bloomberg) -- Saudi Arabia", ["Most Read", "Rotisserie Chicken", "Tariffs on Canada"]),
    "tool-18_nikkei_cn.txt": ("丰田将投资1.4万亿日元在日本新建电池工厂", dt.date(2025, 3, 4), "日经中文网", None, None,
                              "丰田汽车将在福冈县", ["2025/03/04 10:30", "https://cn.nikkei.com"]),
    "tool-19_cna_traditional.txt": ("台積電宣布加碼美國投資1000億美元 新建3座晶圓廠", dt.date(2025, 3, 4), "中央社", None, None,
                                    "（中央社記者張建中新竹4日電）", ["更新", "1140304"]),
}


@pytest.mark.parametrize("name", sorted(TOOLS))
def test_each_tool_shape_reads_as_a_reader_expects(name: str, rules) -> None:
    EXPECTED[name] = TOOLS[name]
    test_each_shape_reads_as_a_reader_expects(name, rules)


def test_a_saved_date_is_used_only_when_nothing_else_dates_the_article(rules) -> None:
    made, problems = make_article(read_seed("x.md", (SHAPES / "tool-02_markdownload.md").read_bytes())[0], rules)
    assert made.date == dt.date(2025, 3, 5)
    assert any("the date it was saved (2025-03-05)" in p.message and p.level == "info" for p in problems)
    raw, _ = read_seed("y.md", b"---\ntitle: T\ncreated: 2025-03-05\npublished: 2025-03-01\n---\nBody text.\n")
    assert make_article(raw, rules)[0].date == dt.date(2025, 3, 1)


def test_press_release_and_share_price_amounts(rules) -> None:
    """A press release's company boilerplate carries no figures, and a share price is no investment."""
    from newsroom.site.investments import rows

    release = article("tool-15_prnewswire.txt", rules)
    assert [f.text for f in release.figures] == ["$2.5 billion", "$15 million"]
    sina = article("tool-12_sina_finance.txt", rules)
    assert "95.20元" in [f.text for f in sina.figures]  # money, marked in its article
    assert "95.20元" not in [f.text for _, f in rows([sina])]  # but not an investment


@pytest.mark.parametrize(("title", "source", "url", "expected"), [
    ("港股收小红 – 法国国际广播电台 - RFI", "法国国际广播电台", "http://www.rfi.fr/cn/x", "港股收小红"),
    ("Apple commits $1 billion | The Verge", None, "https://www.theverge.com/x", "Apple commits $1 billion"),
    ("Apple - the company", "Reuters", "https://www.reuters.com/x", "Apple - the company"),  # not the site's name
])
def test_the_site_name_is_cut_from_a_title(title, source, url, expected) -> None:
    from newsroom.seed.metadata import title_without_site

    assert title_without_site(title, source, url) == expected


def test_indonesia_is_not_india(rules) -> None:
    assert "india" not in article("tool-06_trafilatura.xml", rules).entities
    assert "indonesia" in article("tool-06_trafilatura.xml", rules).entities



def made(name: str, text: str, rules) -> tuple[Article, list]:
    raw, problems = read_seed(name, text.encode(), header_keys=rules.header_keys)
    result, more = make_article(raw, rules)
    return result, problems + more


def test_a_json_list_and_whitespace_around_a_json_article(rules) -> None:
    assert made("a.json", '[{"title": "T", "content": "Body text."}]', rules)[0].title == "T"
    assert made("b.json", '\n{"title": "T", "content": "Body text."} \n', rules)[0].title == "T"
    wordpress = ('{"title": {"rendered": "WP title"}, "content": {"rendered": "<p>WP <b>body</b>.</p>"}, '
                 '"link": "https://e.com/x"}')
    article_, _ = made("c.json", wordpress, rules)
    assert (article_.title, article_.original_url, article_.body_html) == ("WP title", "https://e.com/x",
                                                                          "<p>WP <b>body</b>.</p>")


def test_a_feed_body_is_read_as_html_however_many_lines_it_has(rules) -> None:
    feed = ("<rss><channel><item><title>T</title><description>&lt;div&gt;&lt;b&gt;Hi&lt;/b&gt;\nline two\n"
            "line three&lt;/div&gt;</description></item></channel></rss>")
    assert "&lt;" not in made("a.xml", feed, rules)[0].body_html


def test_an_html_page_that_starts_with_an_item_tag_is_no_feed(rules) -> None:
    article_, _ = made("a.html", "<item>Cart</item><p>Hello world, this is a page.</p>", rules)
    assert "Hello world" in article_.body_html


@pytest.mark.parametrize(("text", "title", "author", "date"), [
    ("By Katie Paul\n\nMeta said on Friday it would spend a lot of money on things this year.", None, "Katie Paul",
     None),
    ("2025-03-04 10:30\n\nMeta said on Friday it would spend a lot of money on things this year.", None, None,
     dt.date(2025, 3, 4)),
])
def test_a_byline_or_date_first_is_no_headline(text, title, author, date, rules) -> None:
    article_, _ = made("a.md", text, rules)
    assert article_.title.startswith("Meta said on Friday")
    assert (article_.author, article_.date) == (author, date)


@pytest.mark.parametrize("text", [
    "Tesla (TSLA) - shares rose on Friday after results.",  # a ticker in brackets is no agency
    "By 2030\n\nThe company plans to double its capacity.",  # a year is no author
    "Source: company filings\n\nThe company plans to double its capacity.",
])
def test_words_that_only_look_like_metadata_stay_text(text, rules) -> None:
    article_, _ = made("a.md", "---\ntitle: T\nurl: https://example.com/a\n---\n" + text, rules)
    assert (article_.source, article_.author) == ("example.com", None)
    assert text.split("\n")[0] in BeautifulSoup(article_.body_html, "lxml").get_text()


def test_metadata_read_from_the_text_is_plain_text(rules) -> None:
    article_, _ = made("a.txt", "Headline\n\n来源：</title><img src=x onerror=alert(1)>新华社\n\nBody text here.", rules)
    assert article_.source == "新华社"  # the markup is gone, the name stays
    assert "onerror" not in article_.body_html


def test_every_overruled_field_of_a_line_is_kept(rules) -> None:
    text = "---\ntitle: T\nauthor: 甲\nsource: 乙报\n---\n来源：新华社 作者：张三\n\n正文第一段，足够长的一句话。\n"
    assert made("x.md", text, rules)[0].attribution == "来源：新华社\n作者：张三"


# Whole pages saved from news sites (tests/fixtures/shapes/page-*): the page's own names win over a
# host name or a copyright line, bylines and promos leave the text, the article's paragraphs stay.
PAGES = {
    "page-01_sina_finance.html": ("新浪财经", "王小明", ["新浪财经APP"]),
    "page-02_163.html": ("网易", "李娜", ["原标题", "网友评论仅供", "About NetEase"]),
    "page-03_qq.html": ("腾讯新闻", "可杨", ["每经编辑"]),  # (the caption's "每经记者 可杨 摄" stays)
    "page-04_sohu.html": ("搜狐", None, ["校对", "责任编辑"]),
    "page-07_people.html": ("人民网－人民日报", None, ["来源：人民网", "2024年05月20日08:15"]),
    "page-08_thepaper.html": ("澎湃新闻", "周頔", ["扫码下载", "iPhone版"]),
    "page-10_reuters.html": ("Reuters", "David Shepardson", ["Reporting by", "Sign up here"]),
    "page-11_apnews.html": ("AP News", "Josh Boak, Tom Krisher", []),
    "page-12_cnbc.html": ("CNBC", "Arjun Kharpal", ["watch now"]),
    "page-14_techcrunch.html": ("TechCrunch", "Romain Dillet", ["REGISTER NOW", "Techcrunch event"]),
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_saved_news_pages(name: str, rules) -> None:
    source, author, gone = PAGES[name]
    made = article(name, rules)
    assert (made.source, made.author) == (source, author)
    text = paragraphs(made)
    for furniture in gone:
        assert not any(furniture in block for block in text), (furniture, text)


def test_a_photo_of_a_logo_is_a_photo(rules) -> None:
    assert "<img" in article("page-10_reuters.html", rules).body_html  # alt: "Toyota logo is seen at …"



def test_a_photo_from_an_image_server_without_file_extensions_is_kept(rules) -> None:
    """trafilatura drops an image whose URL does not end like an image file (…/om_bt/OhqZ3b9cX/641)."""
    made = article("page-03_qq.html", rules)
    assert 'src="https://inews.gtimg.com/om_bt/OhqZ3b9cX/641"' in made.body_html
    assert "<figcaption>图为腾讯云国际业务负责人在峰会现场发言。（每经记者 可杨 摄）</figcaption>" in made.body_html
    assert "avatar" not in made.body_html


def test_the_publications_own_name_is_no_mention(rules) -> None:
    """中国 in "中国经济网北京2月24日讯" is the paper speaking: no China entity, no link inside its name."""
    made = article("15_font_fragment.htm", rules)
    assert made.source == "中国经济网"
    assert 'entities/china/">中国</a>经济网' not in made.body_html
    assert 'entities/china/">中国</a>民营企业' in made.body_html  # the first real mention is linked


def test_a_saved_pages_own_note_of_its_address_is_its_link(rules) -> None:
    """A browser's "Save page as" writes <!-- saved from url=(…)… -->: the link to the original, and
    the base its relative image addresses resolve against."""
    page = (SHAPES / "page-06_xinhuanet.html").read_text(encoding="utf-8")
    saved = "<!-- saved from url=(0062)http://www.news.cn/local/20250415/abc123def456/c.html -->\n" + page
    made, _ = make_article(read_seed("x.html", saved.encode())[0], rules)
    assert made.original_url == "http://www.news.cn/local/20250415/abc123def456/c.html"
    assert made.source == "新华网"
    assert 'src="http://www.news.cn/local/20250415/abc123def456/20250415abc1_5a6b7c8d-img.jpg"' in made.body_html
