"""What the archive learns of each source's frame (issue 14): the template of repeated blocks, the main
content of a whole page, and pages that hold no article."""
from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest

from newsroom.build import pipeline
from newsroom.build.cache import SeedCache
from newsroom.config.rules import CleaningRules, Rules
from newsroom.model import SeedPrints
from newsroom.seed.blocks import content_blocks, fingerprint
from newsroom.seed.extract import to_fragment
from newsroom.seed.passes import (
    CleaningContext,
    CleaningState,
    cut_at_end_marker,
    drop_source_template,
    keep_main_content,
)
from newsroom.seed.process import process_seed
from newsroom.source.template import learn_templates, template_of

FIXTURES = Path(__file__).parent / "fixtures" / "scraped"


def seed_prints(source: str | None, article: str, *prints: str) -> SeedPrints:
    return SeedPrints(source=source, article=article, prints=prints, samples=tuple(p.upper() for p in prints))


# ---------------------------------------------------------------------------------------------
# Learning: how much repetition makes a template

def test_a_short_block_two_articles_show_is_the_sources_template() -> None:
    templates = learn_templates([seed_prints("a.com", "one", "smenu", "sown1"),
                                 seed_prints("a.com", "two", "smenu", "sown2"),
                                 seed_prints("b.com", "three", "smenu")])
    assert templates["a.com"].prints == frozenset({"smenu"}) and templates["a.com"].articles == 2
    assert "b.com" not in templates  # another site's same line is not a.com's repeat
    assert templates["a.com"].examples == ("SMENU",)


def test_prose_needs_three_articles_and_a_twentieth_of_a_big_source() -> None:
    quoted = [seed_prints("a.com", "one", "pquote"), seed_prints("a.com", "two", "pquote")]
    assert learn_templates(quoted) == {}  # two articles quoting one paragraph
    assert learn_templates([*quoted, seed_prints("a.com", "three", "pquote")])["a.com"].prints == {"pquote"}
    big = [seed_prints("a.com", f"article {n}", *(["pcolumn"] if n < 4 else [])) for n in range(100)]
    assert learn_templates(big) == {}  # a column's standard paragraph in 4 of 100 articles
    assert learn_templates(big[:60])["a.com"].prints == {"pcolumn"}  # 4 of 60 is a twentieth


def test_scrapes_that_missed_their_articles_share_the_frame_not_a_story() -> None:
    # four headlines, each saved as the site's menu and tagline only: the frame, not one story saved four times
    missed = [seed_prints("a.com", f"headline {n}", f"stitle{n}", "pmenu", "ptagline") for n in range(4)]
    assert learn_templates(missed)["a.com"].prints == {"pmenu", "ptagline"}
    twice = [seed_prints("a.com", f"headline {n}", "pstory", "pstory2") for n in range(2)]  # one story, two headlines
    assert learn_templates([*twice, seed_prints("a.com", "other", "pstory")]) == {}


def test_copies_of_one_article_count_once_and_unknown_sources_learn_nothing() -> None:
    copies = [seed_prints("a.com", "same title", "sline"), seed_prints("a.com", "same title", "sline")]
    assert learn_templates(copies) == {}
    assert learn_templates([seed_prints(None, "one", "sline"), seed_prints(None, "two", "sline")]) == {}


def test_one_story_saved_twice_under_two_headlines_is_one_article() -> None:
    story = ("pfirst", "psecond", "pthird")
    copies = [seed_prints("a.com", "headline", "smenu", *story), seed_prints("a.com", "headline, edited", "smenu", *story)]
    assert learn_templates(copies) == {}  # not even the menu: one article shows it
    third = seed_prints("a.com", "another story", "smenu", "pother", "panother")
    fourth = seed_prints("a.com", "a fourth", "smenu", "pfirst", "pfourth", "pmore", "pagain")  # quotes one paragraph
    assert learn_templates([*copies, third, fourth])["a.com"].prints == {"smenu"}


def test_a_short_post_sharing_only_its_footer_with_a_long_one_is_no_copy_of_it() -> None:
    footer = ("pabout the journal", "pwebsite and phone")
    long_post = seed_prints("a.com", "long", "pone", "ptwo", "pthree", "pfour", "pfive", *footer)
    short_post = seed_prints("a.com", "short", "pnotice", *footer)  # most of its paragraphs are the footer
    third = seed_prints("a.com", "third", "psix", "pseven", *footer)
    assert learn_templates([long_post, short_post, third])["a.com"].prints == set(footer)


def test_what_is_learned_does_not_depend_on_the_order_of_the_seeds() -> None:
    seeds = [seed_prints("a.com", "one", "smenu", "sfoot", "pabout"), seed_prints("a.com", "two", "smenu", "pabout"),
             seed_prints("a.com", "three", "sfoot", "pabout"), seed_prints("b.com", "four", "sx")]
    first = learn_templates(seeds)
    assert all(learn_templates(list(order)) == first for order in itertools.permutations(seeds))
    templates = learn_templates(seeds)
    assert template_of(seeds[1], templates) == {"smenu", "pabout"}  # the part of it one seed shows
    assert template_of(seeds[3], templates) == frozenset()


# ---------------------------------------------------------------------------------------------
# Taking a template out of one article

def _blocks(markdown: str) -> tuple:
    return tuple(content_blocks(to_fragment(markdown, "markdown")[0], CleaningRules()))


def _texts(state: CleaningState) -> list[str]:
    return [block.get_text(" ", strip=True) for block in state.blocks]


PROSE = "This is the article's own paragraph, long enough to read as prose and ending with a full stop."


def test_the_frame_goes_and_a_columns_standing_labels_stay() -> None:
    blocks = _blocks("[Home](https://x.com/) [News](https://x.com/news)\n\nFollow us on WeChat\n\n**Summary**\n\n" + PROSE + "\n\n"
                     "**Analysis**\n\n" + PROSE.replace("own", "second") + "\n\nAbout us: a security company\n\n"
                     "© 2025 Example Inc.")
    repeated = {"Home News", "Follow us on WeChat", "Summary", "Analysis", "About us: a security company",
                "© 2025 Example Inc."}
    template = frozenset(filter(None, (fingerprint(b) for b in blocks if b.get_text(" ", strip=True) in repeated)))
    state = drop_source_template(CleaningState(blocks=blocks), CleaningContext(rules=CleaningRules(), template=template))
    assert _texts(state) == ["Summary", PROSE, "Analysis", PROSE.replace("own", "second")]


def test_a_columns_numbered_heading_of_a_few_unlinked_lines_stays_and_a_linked_promo_box_goes() -> None:
    heading = ["2", "Risk level", "How the team rates this flaw"]  # every bulletin of the column shows them
    promo = ["Our services", "[Threat feed](https://x.com/feed): new rules every day",
             "[Contact us](https://x.com/contact) for a demo"]
    blocks = _blocks("\n\n".join([PROSE, *heading, PROSE.replace("own", "second"), *promo, PROSE.replace("own", "last")]))
    template = frozenset(fingerprint(b) for b in blocks[1:4] + blocks[5:8])
    state = drop_source_template(CleaningState(blocks=blocks), CleaningContext(rules=CleaningRules(), template=template))
    assert _texts(state) == [PROSE, *heading, PROSE.replace("own", "second"), PROSE.replace("own", "last")]


def test_a_data_table_the_sources_stories_repeat_stays_inside_the_story() -> None:
    status = "| Patch | Released |\n| --- | --- |\n| Exploited | Yes |"  # a bulletin's standard tables
    risk = "| Difficulty | Low |\n| --- | --- |\n| Score | 9.8 |"
    blocks = _blocks(f"{PROSE}\n\n**Status:**\n\n{status}\n\n**Risk:**\n\n{risk}\n\n**Fix:**\n\n"
                     f"{PROSE.replace('own', 'second')}")
    template = frozenset(fingerprint(block) for block in blocks[1:6])  # a run too long to be a heading
    state = drop_source_template(CleaningState(blocks=blocks), CleaningContext(rules=CleaningRules(), template=template))
    assert [block.name for block in state.blocks].count("table") == 2


def test_a_widget_line_the_page_repeats_goes_and_a_repeated_standing_heading_stays() -> None:
    widget = "Press enter or click to view image in full size"
    blocks = _blocks(f"**Details**\n\n{PROSE}\n\n![](https://x.com/a.png)\n\n{widget}\n\n**Details**\n\n"
                     f"{PROSE.replace('own', 'second')}\n\n![](https://x.com/b.png)\n\n{widget}\n\n{PROSE.replace('own', 'last')}")
    template = frozenset(fingerprint(b) for b in blocks if b.get_text(" ", strip=True) in (widget, "Details"))
    state = drop_source_template(CleaningState(blocks=blocks), CleaningContext(rules=CleaningRules(), template=template))
    assert widget not in _texts(state) and _texts(state).count("Details") == 2


def test_screenshots_under_one_standing_caption_are_each_articles_own() -> None:
    # a blog host names every pasted screenshot "image.png" and shows the name under it: the caption
    # repeats across the source, the pictures do not
    def article(*pictures: str) -> tuple:
        return _blocks("\n\n".join(f"[![image.png](https://img.x.com/{p}.png)](https://img.x.com/{p}.png)\n\nimage.png"
                                    for p in pictures))
    one, two = article("a1", "a2"), article("b1", "b2")
    learned = learn_templates([SeedPrints("x.com", title, tuple(filter(None, map(fingerprint, blocks))),
                                          tuple(block.get_text() for block in blocks))
                               for title, blocks in (("one", one), ("two", two))])
    assert learned == {}


def test_a_banners_slogan_is_the_frame_whatever_its_pictures_path() -> None:
    # WeChat stores each post's copy of a picture anew: the same banner has a new path in every post
    def article(picture: str, own: str) -> tuple:
        return _blocks(f"{own}\n\n![](https://mmbiz.qpic.cn/mmbiz_png/{picture}/640)**感谢合作伙伴的助力 让我们走得更高更远**")
    posts = (("one", article("AAA1", PROSE)), ("two", article("BBB2", PROSE.replace("own", "other"))))
    learned = learn_templates([SeedPrints("x", title, tuple(filter(None, map(fingerprint, blocks))),
                                          tuple(block.get_text() for block in blocks)) for title, blocks in posts])
    assert learned["x"].articles == 2 and len(learned["x"].prints) == 1


def test_an_end_marker_the_source_repeats_still_ends_the_article(rules: Rules) -> None:
    blocks = _blocks(f"{PROSE}\n\n{PROSE.replace('own', 'second')}\n\n関連記事\n\n"
                     "* [![card](https://x.com/c.png)](https://x.com/old)\n\n  [An older post](https://x.com/old)\n\n"
                     "  An older post's first words, cut short…")
    template = frozenset({fingerprint(blocks[2])})  # every post of the blog shows the label; its cards differ
    context = CleaningContext(rules=rules.defaults, template=template)
    state = cut_at_end_marker(drop_source_template(CleaningState(blocks=blocks), context), context)
    assert _texts(state) == [PROSE, PROSE.replace("own", "second")]


def test_a_standing_item_alone_in_a_list_without_prose_stays() -> None:
    blocks = _blocks("[Today's first story](https://x.com/1)\n\n[国内联播快讯](https://x.com/2)\n\n"
                     "[Today's last story](https://x.com/3)")
    template = frozenset({fingerprint(blocks[1])})
    state = drop_source_template(CleaningState(blocks=blocks), CleaningContext(rules=CleaningRules(), template=template))
    assert len(state.blocks) == len(blocks)


# ---------------------------------------------------------------------------------------------
# The main content of a whole page

MENU = ("* [Home](https://x.com/)\n* [World](https://x.com/world)\n* [Business](https://x.com/business)\n"
        "* [Technology](https://x.com/tech)\n\n")
RELATED = ("## Related\n\n* [Another story with a long headline](https://x.com/a)\n"
           "* [A third story, also linked](https://x.com/b)\n\n")


def test_a_whole_pages_frame_around_the_article_goes() -> None:
    body = "\n\n".join([PROSE, PROSE.replace("own", "next"), PROSE.replace("own", "last")])
    blocks = _blocks(MENU + "Share\n\n" + body + "\n\nCopy link\n\n" + RELATED + "Subscribe\n\n© Example")
    state = keep_main_content(CleaningState(blocks=blocks), CleaningContext(rules=CleaningRules(), whole_page=True))
    assert _texts(state) == [PROSE, PROSE.replace("own", "next"), PROSE.replace("own", "last")]
    untouched = keep_main_content(CleaningState(blocks=blocks), CleaningContext(rules=CleaningRules()))
    assert len(untouched.blocks) == len(blocks)  # not a whole page: an article's own HTML has no frame


def test_an_article_a_list_of_links_cuts_in_two_keeps_both_halves() -> None:
    half = "\n\n".join([PROSE] * 3)
    blocks = _blocks(MENU + half + "\n\n" + RELATED + half.replace("own", "other"))
    state = keep_main_content(CleaningState(blocks=blocks), CleaningContext(rules=CleaningRules(), whole_page=True))
    texts = _texts(state)
    assert texts[:3] == [PROSE] * 3 and texts[-3:] == [PROSE.replace("own", "other")] * 3  # the menu went
    assert len(texts) < len(blocks)


def test_short_lines_without_a_row_of_links_are_left_whole() -> None:
    poem = "The river runs,\n\nand the night\n\nis long\n\n" + PROSE
    blocks = _blocks(poem)
    state = keep_main_content(CleaningState(blocks=blocks), CleaningContext(rules=CleaningRules(), whole_page=True))
    assert len(state.blocks) == len(blocks)


# ---------------------------------------------------------------------------------------------
# Not an article

@pytest.mark.parametrize(("body", "reason"), [
    ("# 抖音云游戏调度优化实践\n\n## 环境异常\n\n当前环境异常，完成验证后即可继续访问。\n\n去验证\n", "环境异常"),
    ("# A title\n\nJust a moment...\n\nChecking your browser before accessing example.com.\n", "Just a moment"),
    ("# 第13期\n\n该内容已被发布者删除\n\n[微信公众平台运营中心](https://mp.weixin.qq.com/x)\n", "该内容已被发布者删除"),
    ("# Server Error (500)\n\nServer Error (500)\n", "Server Error"),
    # a page that needs its scripts, explained at more length than a check page's little text
    ("# A story\n\nPlease enable JavaScript to proceed.\n\nA required part of this site couldn’t load. This may be due to "
     "a browser extension, network issues, or browser settings. Please check your connection, disable any ad "
     "blockers, or try using a different browser.\n", "Please enable JavaScript"),
])
def test_a_check_or_notice_in_the_articles_place_is_skipped_with_its_words(rules: Rules, body: str, reason: str) -> None:
    article, problems = process_seed("page.md", f"---\ntitle: A story\nurl: https://x.com/a\n---\n{body}".encode(), rules)
    assert article is None
    assert any(p.level == "warning" and "is not an article" in p.message and reason in p.message for p in problems)


def test_a_whole_page_left_with_only_numbers_and_dates_is_skipped(rules: Rules) -> None:
    page = f"{MENU}45952018459\n\n14-02-2023\n\n{MENU}"
    article, problems = process_seed("avast.md", f"---\ntitle: A story\nurl: https://x.com/a\n---\n{page}".encode(), rules)
    assert article is None
    assert any(p.level == "warning" and "only numbers and dates" in p.message for p in problems)


def test_a_page_with_only_its_frame_left_is_skipped(rules: Rules) -> None:
    shell = Path(__file__).parent / "fixtures" / "hostile" / "wechat-shell.md"  # a WeChat page scraped without its article
    article, problems = process_seed(shell.name, shell.read_bytes(), rules)
    assert article is None and any("the scrape missed the article" in p.message for p in problems)


MENU_CUT_OFF = ("[![Example News logo](https://www.example.com/logo.png)](https://www.example.com/)\n\n"
                "* [News](https://www.example.com/)\n  + Featured\n  + [Clop emails claim Oracle data theft]"
                "(https://www.example.com/news/clop)\n  + [Windows 11 update is out](https://www.example.com/news/win)\n"
                "* [Tutorials](https://www.example.com/tutorials/)\n  + Popular\n")


def test_a_page_cut_off_inside_its_menu_is_skipped_and_a_roundup_of_other_sites_is_not(rules: Rules) -> None:
    header = "---\ntitle: A story\nurl: https://www.example.com/news/a-story\n---\n"
    article, problems = process_seed("cut.md", (header + MENU_CUT_OFF).encode(), rules)
    assert article is None and any("the scrape missed the article" in p.message for p in problems)
    # cut in the middle of a menu's link: the rest of a link is the menu's item, no sentence of the article's
    cut_in_a_link = MENU_CUT_OFF + "[Documents](https://www.example.com/documents/)\n[School](https://www.example.com/sch..."
    assert "<a>School…</a>" in to_fragment(cut_in_a_link, "markdown")[0]
    article, problems = process_seed("cut-link.md", (header + cut_in_a_link).encode(), rules)
    assert article is None and any("the scrape missed the article" in p.message for p in problems)
    roundup = "".join(f"* [A story on site {n}](https://site{n}.org/story)\n" for n in range(5))
    article, _ = process_seed("roundup.md", (header + roundup).encode(), rules)
    assert article is not None


def test_short_articles_and_title_only_feed_items_are_still_published(rules: Rules) -> None:
    note, _ = process_seed("note.md", b"---\ntitle: A note\n---\nShort, but mine\n", rules)
    assert note is not None and "Short, but mine" in note.body_html
    item, problems = process_seed("item.html", b"---\ntitle: Only a title\nurl: https://x.com/a\n---\n"
                                               b"<div>Only a title</div>", rules)
    assert item is not None and any("published with an empty body" in p.message for p in problems)


# ---------------------------------------------------------------------------------------------
# In the build: real pages of one site, learned from each other

def _copy_seeds(folder: Path, names: list[str]) -> Path:
    folder.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(FIXTURES / name, folder / name)
    return folder


def _body(result: pipeline.BuildResult, seed: str) -> str:
    return next(article.body_html for article in result.archive.articles if article.seed == seed)


def test_a_sites_frame_is_learned_from_its_articles_and_the_first_one_is_recleaned(tmp_path: Path, rules: Rules) -> None:
    names = sorted(path.name for path in FIXTURES.iterdir())
    seeds = _copy_seeds(tmp_path / "seeds", names[:1])
    cache = SeedCache(tmp_path / "cache", keep_in_memory=False)
    alone = pipeline.build(seeds, rules, site_name="Test", cache=cache)
    # nothing to learn from yet: the date line stays in the text, below the frame's many blocks
    assert "February 6, 2025" in _body(alone, names[0]) and not alone.templates

    _copy_seeds(seeds, names[1:])
    together = pipeline.build(seeds, rules, site_name="Test", cache=SeedCache(tmp_path / "cache", keep_in_memory=False))
    assert (together.processed, together.recleaned) == (2, 3)  # the first is re-cleaned, not read again
    for name in names:
        body = _body(together, name)
        assert "/b-sysdig/1.png" not in body  # an ad's banner two of the articles show (others differ: they stay)
        assert "About the Author" not in body and "Skip to content" not in body and "Advertisement" not in body
    assert "February 6, 2025" not in _body(together, names[0])  # the frame gone, the date line is read as the date
    assert "have remained among the top three" in _body(together, "18f015b6ab7d.md")
    template = together.templates["krebsonsecurity.com"]
    assert template.articles == 3 and len(template.prints) >= 5 and "Advertisement" in template.examples
    report = together.downloads["build-report.json"]
    assert '"source":"krebsonsecurity.com"' in report and '"blocks":' in report
    page = next(p for p in together.pages if p.path == "build-report/index.md")
    assert "krebsonsecurity.com" in page.html and "Advertisement" in page.html

    again = pipeline.build(seeds, rules, site_name="Test", cache=SeedCache(tmp_path / "cache", keep_in_memory=False))
    assert (again.processed, again.recleaned) == (0, 0)
    assert [p.html for p in again.pages] == [p.html for p in together.pages]
    fresh = pipeline.build(seeds, rules, site_name="Test", cache=SeedCache())
    assert [p.html for p in fresh.pages] == [p.html for p in together.pages]  # the cache changes nothing


def test_a_new_article_recleans_only_its_own_sources_articles(tmp_path: Path, rules: Rules) -> None:
    names = sorted(path.name for path in FIXTURES.iterdir())
    seeds = _copy_seeds(tmp_path / "seeds", names[:1])
    for name in ("000_8e3272804162002f.txt", "001_369960b55c081c8d.txt"):
        shutil.copy(Path(__file__).parent.parent / "seeds" / name, seeds / name)
    cache = SeedCache(tmp_path / "cache")
    pipeline.build(seeds, rules, site_name="Test", cache=cache)
    _copy_seeds(seeds, names[1:2])
    again = pipeline.build(seeds, rules, site_name="Test", cache=cache)
    assert (again.processed, again.recleaned) == (1, 2)  # the new one and its site's first; the other seeds not at all


@pytest.mark.parametrize("label", ["参考链接：", "参考：", "参考文档：", "项目地址：", "References"])
def test_the_articles_own_citations_stay_after_the_frame_goes(rules: Rules, label: str) -> None:
    body = "\n\n".join([PROSE, PROSE.replace("own", "next"), PROSE.replace("own", "last")])
    page = (MENU + body + f"\n\n{label}\n\n* [https://nvd.nist.gov/vuln/detail/CVE-2025-1](https://nvd.nist.gov/x)\n"
            "* [Vendor advisory](https://vendor.example/advisory)\n\n" + RELATED + "[Privacy](https://x.com/p) "
            "[Terms](https://x.com/t)\n")
    article, _ = process_seed("cited.md", f"---\ntitle: A story\nurl: https://x.com/a\n---\n{page}".encode(), rules)
    assert article is not None
    assert label.rstrip("：") in article.body_html and "https://vendor.example/advisory" in article.body_html
    assert "A third story" not in article.body_html and "https://x.com/world" not in article.body_html


def test_a_whole_page_s_article_starts_under_its_own_heading(rules: Rules) -> None:
    cite = "Doe, J. (2025). A long story about things. Retrieved from the institute's blog, a citation of the post."
    body = "\n\n".join([PROSE, PROSE.replace("own", "next"), PROSE.replace("own", "last")])
    page = (MENU + "### Cite This Post\n\n" + cite + "\n\nCopy\n\n" + cite.replace("Doe", "Roe") + "\n\nCopy\n\n"
            "## A long story about things\n\nMay 1, 2025\n\n" + body + "\n")
    article, _ = process_seed("cite.md", f"---\ntitle: A long story about things\nurl: https://x.com/a\n---\n{page}".encode(),
                              rules)
    assert article is not None
    assert "Cite This Post" not in article.body_html and "Retrieved from" not in article.body_html
    assert "A long story about things" not in article.body_html and PROSE.split(",")[0] in article.body_html


def test_the_scrapers_title_line_above_a_whole_menu_is_no_heading_of_the_page(rules: Rules) -> None:
    # npr.org's page saved under a feed item's title: the scraper's "# title" line, then the site's
    # menu, whose items carry words of their own ("Expand/collapse submenu"), then the story
    submenu = "".join(f"  + [{name}](https://x.com/{name.lower()})\n" for name in ("National", "World", "Politics", "Business", "Health", "Science", "Climate"))
    menu = ("Accessibility links\n\n* [Skip to main content](#main)\n* Open Navigation Menu\n\n"
            f"* [Home](/)\n* [News](/news/)\n  Expand/collapse submenu for News\n\n{submenu}"
            "* [Culture](/culture/)\n  Expand/collapse submenu for Culture\n\n* [Search](/search/)\n\nClose Navigation Menu\n\n")
    body = "\n\n".join([PROSE, PROSE.replace("own", "next"), PROSE.replace("own", "last")])
    page = f"# In the News!\n\n{menu}# A small town protects its water\n\n{body}\n"
    article, _ = process_seed("npr.md", f"---\ntitle: In the News!\nurl: https://x.com/a\n---\n{page}".encode(), rules)
    assert article is not None
    assert PROSE.split(",")[0] in article.body_html
    assert "Expand/collapse" not in article.body_html and "Navigation Menu" not in article.body_html
    assert "https://x.com/politics" not in article.body_html


@pytest.mark.parametrize("heading", ["Ähnliche Beiträge", "Articoli correlati", "Artículos relacionados", "You might like"])
def test_related_posts_under_the_article_go_in_the_themes_languages(rules: Rules, heading: str) -> None:
    body = "\n\n".join([PROSE, PROSE.replace("own", "next")])
    page = f"# A long story about things\n\n{body}\n\n### {heading}\n\nAnother post, with a teaser sentence that reads as prose.\n"
    article, _ = process_seed("wp.md", f"---\ntitle: A long story about things\nurl: https://x.com/a\n---\n{page}".encode(), rules)
    assert article is not None
    assert PROSE.replace("own", "next") in article.body_html and heading not in article.body_html
    assert "Another post" not in article.body_html


def test_a_whole_pages_footer_after_the_articles_copyright_line_goes(rules: Rules) -> None:
    body = "\n\n".join([PROSE, PROSE.replace("own", "next"), PROSE.replace("own", "last")])
    promo = "Watch the network's news anytime, anywhere with our digital news service, streaming live and on demand."
    page = f"{body}\n\n© 2020 Example Interactive Inc. All Rights Reserved.\n\n## Follow Us\n\n{MENU}{promo}\n\n* [Watch Now](/live)\n"
    article, _ = process_seed("cbs.md", f"---\ntitle: A long story about things\nurl: https://x.com/a\n---\n{page}".encode(), rules)
    assert article is not None
    assert PROSE.replace("own", "last") in article.body_html
    assert "anytime, anywhere" not in article.body_html and "Follow Us" not in article.body_html


@pytest.mark.parametrize("line", ["该作品的版权所有者表示将继续上诉。", "Copyright holders say they will appeal the ruling.", "© Getty Images"])
def test_a_sentence_or_credit_that_names_copyright_does_not_end_a_whole_pages_article(rules: Rules, line: str) -> None:
    body = "\n\n".join([PROSE, PROSE.replace("own", "next"), PROSE.replace("own", "third"), PROSE.replace("own", "fourth")])
    page = f"{MENU}{body}\n\n{line}\n\n{PROSE.replace('own', 'closing')}\n\n{MENU}"
    article, _ = process_seed("story.md", f"---\ntitle: A long story about things\nurl: https://x.com/a\n---\n{page}".encode(), rules)
    assert article is not None and PROSE.replace("own", "closing") in article.body_html


def test_a_widgets_title_over_its_links_counts_with_the_frame() -> None:
    body = "\n\n".join([PROSE, PROSE.replace("own", "next"), PROSE.replace("own", "last")])
    widgets = "".join(f"## {title}\n\n{MENU}" for title in ("Follow Us", "Popular", "Categories"))
    # the site's blurb after them outweighs the rows of links alone, not with their titles counted
    about = "The site's newsroom publishes stories every day, from its desks in three cities and abroad, in print and online, and on the radio."
    blocks = _blocks(f"{body}\n\n{widgets}{about}")
    state = keep_main_content(CleaningState(blocks=blocks), CleaningContext(rules=CleaningRules(), whole_page=True))
    texts = _texts(state)
    assert texts[:3] == [PROSE, PROSE.replace("own", "next"), PROSE.replace("own", "last")]
    assert not {"Follow Us", "Popular", "Categories"} & set(texts)  # (prose after rows of links stays, as designed)
