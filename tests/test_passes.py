"""The cleaning steps one at a time: extraction, block normalisation, each pass, and their composition."""
from __future__ import annotations

import re
from dataclasses import replace

import pytest

from newsroom.config.rules import CleaningRules, Rules, Selectors
from newsroom.seed.blocks import content_blocks
from newsroom.seed.clean import PASSES, clean_body
from newsroom.seed.extract import to_fragment
from newsroom.seed.passes import (
    CleaningContext,
    CleaningState,
    cut_at_end_marker,
    drop_boilerplate_blocks,
    drop_buttons,
    drop_leading_rules,
    drop_page_menu,
    drop_site_links,
    drop_trailing_furniture,
    take_headline,
    take_top_metadata,
)

IMAGE = "https://e.com/a.jpg"


def blocks_of(fragment: str, rules: CleaningRules | None = None) -> list[str]:
    return [str(block) for block in content_blocks(fragment, rules or CleaningRules())]


def state_of(fragment: str) -> CleaningState:
    return CleaningState(blocks=tuple(content_blocks(fragment, CleaningRules())))


def texts(state: CleaningState) -> list[str]:
    return [block.get_text() for block in state.blocks]


# ---------------------------------------------------------------------------------------------
# Extraction

def test_links_in_a_saved_page_survive_extraction() -> None:
    paragraphs = "".join(f"<p>Paragraph {i} of the story about chip factories and their investment plans.</p>"
                         for i in range(5))
    page = (f"<html><head><title>Chips</title></head><body><article><h1>Chips</h1>{paragraphs}"
            '<p>The figures are in <a href="https://e.com/report.pdf">the ministry\'s report</a> of this week.</p>'
            "</article></body></html>")
    fragment, _ = to_fragment(page, "page")
    assert '<a href="https://e.com/report.pdf">' in fragment


@pytest.mark.parametrize("fence", ["```", "~~~~"])
def test_a_code_block_the_page_never_closed_runs_to_the_end_as_code(fence: str) -> None:
    # a scrape cut off inside a mailing-list message: its HTML sample must stay text, and so
    # must every line after it
    body = f"Advisory.\n\n{fence}\nPoC:\n<![CDATA[\n<bo<script></script>dy>AA\n]]>\n\nSolution: a fix.\n"
    fragment, _ = to_fragment(body, "markdown")
    assert fragment.count("<pre>") == 1 and fence not in fragment
    assert "&lt;![CDATA[" in fragment and "Solution: a fix." in fragment


def test_a_closed_code_block_is_left_as_written() -> None:
    fragment, _ = to_fragment("```\ncode\n```\n\nText after.\n\n```` inline", "markdown")
    assert "<pre><code>code\n</code></pre>" in fragment and "<p>Text after." in fragment


def test_an_image_without_a_file_extension_survives_extraction_unmarked(rules) -> None:
    paragraphs = "".join(f"<p>第{i}段：芯片工厂的投资计划在本周公布，规模超过市场预期，引起广泛关注。</p>" for i in range(5))
    page = (f"<html><body><article><h1>芯片</h1>{paragraphs}<p><img src=\"https://img.example.cn/om_bt/Oh3b/641\">"
            "</p><p>第六段：公司表示，新工厂将在两年内投产，并创造数千个就业岗位。</p></article></body></html>")
    fragment, _ = to_fragment(page, "page", prune=rules.defaults.remove_selectors)
    assert "https://img.example.cn/om_bt/Oh3b/641" in fragment and "newsroom-image" not in fragment


def test_a_jekyll_body_s_markdown_preamble_is_rendered_before_its_html() -> None:
    fragment, meta = to_fragment("[Title](https://e.com/t)\n\n---\n<div><p>Body.</p></div>", "html")
    assert fragment.startswith('<p><a href="https://e.com/t">Title</a></p>') and "<hr" in fragment
    assert fragment.endswith("<div><p>Body.</p></div>") and meta == {}


def story_page(extra: str, head: str = "") -> str:
    paragraphs = "".join(f"<p>Paragraph {i} of the story about chip factories and their investment plans.</p>"
                         for i in range(5))
    return f"<html><head>{head}</head><body><article><h1>Chips</h1>{paragraphs}{extra}</article></body></html>"


def test_what_the_prune_selectors_name_goes_before_extraction() -> None:
    box = '<div class="xq-box"><p>Sign up for the daily letter and receive every story in your inbox each morning.</p></div>'
    assert "Sign up" in to_fragment(story_page(box), "page")[0]
    assert "Sign up" not in to_fragment(story_page(box), "page", prune=(Selectors("t", [".xq-box"]),))[0]


def test_a_saved_page_keeps_its_data_tables() -> None:
    table = "<table><tr><th>Plant</th><th>Cost</th></tr><tr><td>Kumamoto</td><td>1 trillion yen</td></tr></table>"
    assert "<table>" in to_fragment(story_page(table), "page")[0]


@pytest.mark.parametrize(("content", "expected"), [("王小明", "王小明"), ("每日经济新闻", None), ("12345", None)])
def test_a_name_trafilatura_drops_is_read_from_the_author_meta_tag(content: str, expected: str | None) -> None:
    _, meta = to_fragment(story_page("", f'<meta name="author" content="{content}">'), "page")
    assert meta.get("author") == expected


def test_a_jekyll_preamble_keeps_its_line_breaks() -> None:
    fragment, _ = to_fragment("第一行\n第二行\n<div><p>Body.</p></div>", "html")
    assert fragment.startswith("<p>第一行\n第二行</p>")


# ---------------------------------------------------------------------------------------------
# Blocks: where a paragraph's image goes

def test_an_icon_in_a_heading_is_dropped_and_the_heading_kept() -> None:
    assert blocks_of(f'<h3><img src="{IMAGE}"> Markets</h3>') == ["<h3>Markets</h3>"]


def test_a_heading_of_only_an_icon_is_dropped() -> None:
    assert blocks_of(f'<h2><img src="{IMAGE}"></h2><p>Text.</p>') == ["<p>Text.</p>"]


def test_an_image_with_no_usable_address_is_dropped_from_its_paragraph() -> None:
    assert blocks_of('<p>Text before <img src="javascript:alert(1)"> and after.</p>') == [
        "<p>Text before  and after.</p>"]
    assert blocks_of('<p><img alt="no source"></p>') == []


def test_a_paragraph_of_an_image_and_a_short_line_is_a_figure() -> None:
    assert blocks_of(f'<p><img src="{IMAGE}">A caption</p>') == [
        f'<figure><img src="{IMAGE}"/><figcaption>A caption</figcaption></figure>']


def test_a_paragraph_with_long_or_linked_text_keeps_its_image_inline() -> None:
    long_text = "word " * 30
    assert blocks_of(f'<p><img src="{IMAGE}">{long_text}</p>')[0].startswith(f'<p><img src="{IMAGE}"/>')
    linked = blocks_of(f'<p><img src="{IMAGE}"><a href="https://e.com/x">link</a></p>')
    assert linked == [f'<p><img src="{IMAGE}"/><a href="https://e.com/x">link</a></p>']


# ---------------------------------------------------------------------------------------------
# Blocks: lists, tables, quotes, figures

def test_a_list_loses_its_empty_items_and_keeps_those_with_an_image() -> None:
    assert blocks_of(f'<ul><li>one</li><li> </li><li><img src="{IMAGE}"></li></ul>') == [
        f'<ul><li>one</li><li><img src="{IMAGE}"/></li></ul>']


@pytest.mark.parametrize("empty", ["<ul><li> </li></ul>", "<ol></ol>", "<blockquote> </blockquote>",
                                   "<table><tr><td> </td><td> </td></tr></table>",
                                   "<figure></figure>", "<figcaption> </figcaption>", "<dl> </dl>"])
def test_an_empty_list_table_quote_or_figure_is_dropped(empty: str) -> None:
    assert blocks_of(f"{empty}<p>Text.</p>") == ["<p>Text.</p>"]


def test_a_quote_with_text_is_kept_whole() -> None:
    assert blocks_of("<blockquote><p>He said so.</p></blockquote>") == ["<blockquote><p>He said so.</p></blockquote>"]


def test_a_data_table_around_an_image_with_a_short_caption_is_a_figure() -> None:
    table = f'<table><tr><td><img src="{IMAGE}"></td><td>Caption</td></tr></table>'
    assert blocks_of(table) == [f'<figure><img src="{IMAGE}"/><figcaption>Caption</figcaption></figure>']


def test_a_figure_loses_an_empty_caption_and_a_loose_caption_with_no_image_is_a_paragraph() -> None:
    assert blocks_of(f'<figure><img src="{IMAGE}"><figcaption> </figcaption></figure>') == [
        f'<figure><img src="{IMAGE}"/></figure>']
    assert blocks_of("<p>Text.</p><figcaption>Loose words</figcaption>") == ["<p>Text.</p>", "<p>Loose words</p>"]


def test_a_lazy_loading_image_s_real_address_wins_over_its_placeholder() -> None:
    assert blocks_of(f'<p><img src="https://e.com/blank.gif" data-lazy-src="{IMAGE}"></p>') == [
        f'<figure><img src="{IMAGE}"/></figure>']


def test_line_breaks_at_a_paragraph_s_ends_go() -> None:
    assert blocks_of("<p><br><br>　Text.<br></p>") == ["<p>Text.</p>"]


def test_a_figure_with_a_caption_takes_no_second_one() -> None:
    figure = f'<figure><img src="{IMAGE}" alt="The minister at the plant"><figcaption>Cap</figcaption></figure>'
    assert blocks_of(f"{figure}<p>The minister at the plant</p>")[1] == "<p>The minister at the plant</p>"


def test_the_page_s_h1_becomes_an_h2_without_attributes() -> None:
    assert blocks_of('<h1 class="title" id="t">Title</h1>') == ["<h2>Title</h2>"]


# ---------------------------------------------------------------------------------------------
# Passes

def test_the_headline_is_read_from_the_first_block_only() -> None:
    context = CleaningContext(rules=CleaningRules(), find_headline=True)
    first_short = take_headline(state_of("<p>Old portal headline</p><p>The story begins here.</p>"), context)
    assert first_short.headline == "Old portal headline" and texts(first_short) == ["The story begins here."]
    second_short = take_headline(state_of("<p>The story begins here, with a sentence.</p><p>A short line</p>"), context)
    assert second_short.headline is None and len(second_short.blocks) == 2


@pytest.mark.parametrize("context", [CleaningContext(rules=CleaningRules()),
                                     CleaningContext(rules=CleaningRules(), title="Known", find_headline=True)])
def test_no_headline_is_looked_for_unless_asked_or_when_the_title_is_known(context: CleaningContext) -> None:
    state = take_headline(state_of("<p>Old portal headline</p><p>The story begins here.</p>"), context)
    assert state.headline is None and len(state.blocks) == 2


def test_a_dateline_or_the_only_block_is_no_headline() -> None:
    context = CleaningContext(rules=CleaningRules(), find_headline=True)
    assert take_headline(state_of("<p>2025年03月04日 10:30</p><p>正文。</p>"), context).headline is None
    assert take_headline(state_of("<p>A lone line</p>"), context).headline is None


def test_a_line_of_only_the_source_s_name_goes_near_the_top_but_a_figure_captioned_so_stays() -> None:
    fragment = f"<figure><img src='{IMAGE}'><figcaption>新华社</figcaption></figure><p>新华社</p><p>正文第一段。</p>"
    body = clean_body(fragment, CleaningRules(), source="新华社")
    assert body.html.count("新华社") == 1 and "<figcaption>新华社</figcaption>" in body.html


def test_a_linked_source_line_cites_a_quote_and_stays() -> None:
    body = clean_body('<p>来源：<a href="https://e.com/q">国家统计局</a></p><p>正文第一段。</p>', CleaningRules())
    assert body.source is None and "国家统计局" in body.html
    assert clean_body("<p>来源：国家统计局</p><p>正文第一段。</p>", CleaningRules()).source == "国家统计局"


def test_only_rows_of_links_and_menu_words_go_before_the_first_paragraph() -> None:
    state = drop_page_menu(state_of('<p><a href="https://e.com/">Home</a> <a href="https://e.com/world">World</a></p><p>Search</p>'
                                    '<p>Key takeaways</p><p>The story begins here, with a sentence.</p>'),
                           CleaningContext(CleaningRules()))
    assert texts(state) == ["Key takeaways", "The story begins here, with a sentence."]


PAGE = "https://blog.example.com/2025/06/chips-act/"


def site_links(fragment: str, rules: Rules, title: str | None = "The Chips Act, one year on", whole_page: bool = True
               ) -> list[str]:
    context = CleaningContext(rules.defaults, title=title, page_url=PAGE, whole_page=whole_page)
    return texts(drop_site_links(CleaningState(blocks=tuple(content_blocks(fragment, rules.defaults, PAGE))), context))


@pytest.mark.parametrize("row", [
    '<h5>TAGS</h5><p><a href="/blog/tags/chips">Chips</a> <a href="/blog/tags/policy">Policy</a></p>',
    '<ul><li><strong>Tags:</strong></li><li><a href="/blog?tag=Chips">Chips</a></li></ul>',
    '<ul><li>Posted in</li></ul><p><a href="/category/osint/">OSINT</a>, <a href="/category/podcast/">Podcast</a></p>',
    '<p>Filed under <a href="https://blog.example.com/argomenti/cyber/">Cyber</a> | <a href="/topics/ai/">AI</a></p>',
    '<p><a href="https://blog.example.com/">Home</a> &gt; <a href="/news/">News</a> &gt; The Chips Act, one year on</p>',
    '<ul><li><a href="https://www.blog.example.com">Home</a></li><li><a href="/blog/">Blog</a></li></ul>',
    "<p>https://blog.example.com/2025/06/chips-act</p>",  # what a copy-link button leaves
    '<h1><a href="/?page=Blog&amp;tag=QBot">QBot</a></h1>',  # a heading that is only a tag's link
    "<p>Copier le lien https://blog.example.com/2025/06/chips-act/</p>",  # a copy-link button's words and address
    '<h1><a href="https://blog.example.com/">Example Blog</a></h1>',  # the site's name linked to its home
    "<ul><li>1. Why</li><li>2. How</li><li>2.1. Costs</li></ul><h2>Why</h2><h2>How</h2><h3>2.1. Costs</h3>",  # contents
    '<ul><li><a href="https://x.com/u"><img src="https://e.org/x.svg"></a></li><li><img src="https://e.org/in.svg"></li>'
    '<li><img src="https://e.org/fb.svg"></li></ul>',  # a strip of icons
])
def test_how_the_site_files_the_article_goes_and_the_article_stays(rules: Rules, row: str) -> None:
    story = "<p>The act paid for four factories, the report says.</p>"
    left = [text for text in site_links(f"{story}{row}{story}", rules) if text not in ("Why", "How", "2.1. Costs")]
    assert left == ["The act paid for four factories, the report says."] * 2


@pytest.mark.parametrize("kept", [
    '<p>Our <a href="/tags/chips">coverage of chips</a> goes on next week.</p>',  # a sentence with its own words
    '<h2>Why <a href="/tag/tsmc">TSMC</a> waits</h2>',  # a heading heads text
    '<p>《<a href="/tag/show">时事纵横</a>》制作组</p>',  # words of its own after the link
    '<p><a href="https://other.example.org/">Home</a> &gt; <a href="/news/">News</a></p>',  # another site's home
    '<p>See https://blog.example.com/2025/06/other-story/ for more.</p>',
])
def test_a_sentence_or_heading_that_links_to_a_tag_page_stays(rules: Rules, kept: str) -> None:
    assert len(site_links(f"<p>The act paid for four factories, the report says.</p>{kept}", rules)) == 2


def test_in_an_articles_own_html_a_column_name_linked_to_its_tag_stays(rules: Rules) -> None:
    column = '<p>【 <a href="https://www.epochtimes.com/gb/tag/严真点评.html">严真点评</a> 】</p>'
    story = "<p>The act paid for four factories, the report says.</p>"
    assert len(site_links(story + column + story, rules, whole_page=False)) == 3
    assert len(site_links(story + column + story, rules, whole_page=True)) == 2


@pytest.mark.parametrize("line", ["5 min read", "2 Minutes", "3 minuti di lettura", "阅读时间：5 分钟", "Partager sur",
                                  "Share on", "复制链接", "修改于", "Volume Slider", "*00:00*", "10s", "1.5x",
                                  "阅读 ( 2625 )", "热度: 15782", "(Visited 325 times, 2 visits today)", "本文字数： 2.3k", "阅读时长 ≈ 2 分钟", "点赞(3)", "0 推荐 收藏",
                                  "Found this article interesting? Follow us on Twitter"])
def test_reading_times_share_words_players_and_wechat_s_edited_mark_go(rules: Rules, line: str) -> None:
    state = drop_boilerplate_blocks(state_of(f"<p>{line}</p><p>The story, in a sentence of its own.</p>"),
                                    CleaningContext(rules.defaults))
    assert texts(state) == ["The story, in a sentence of its own."]


@pytest.mark.parametrize(("image", "goes"), [
    ("https://e.org/media/DeCapria_Dan.max-180x180.format-webp.webp", True),  # an author's headshot
    ("https://miro.medium.com/v2/resize:fill:64:64/1*ocQXH46k.jpeg", True),  # an avatar
    ("https://e.org/uploads/2025/09/annullare-email-110x110.jpg", True),  # a related post's card
    ("https://e.org/uploads/2025/09/chart-800x500.jpg", False),  # the article's figure
    ("https://s.rfi.fr/media/display/ff0f/w:310/p:16x9/BIDEN.JPG", False),  # a shape, not a size
    ("https://mmbiz.qpic.cn/mmbiz_jpg/UZ1NGUYLEx4yVSaQx6XdUEn/640?wx_fmt=jpeg", False),  # letters around digits
])
def test_a_picture_its_address_sizes_as_a_thumbnail_goes(rules: Rules, image: str, goes: bool) -> None:
    state = drop_boilerplate_blocks(state_of(f'<p>The story, in a sentence of its own.</p><p><img src="{image}"></p>'),
                                    CleaningContext(rules.defaults))
    assert len(state.blocks) == (1 if goes else 2)


def test_a_code_box_s_language_name_above_its_code_goes_and_a_word_elsewhere_stays(rules: Rules) -> None:
    state = drop_boilerplate_blocks(state_of("<p>bash</p><pre><code>ls -l</code></pre><p>python</p><p>Python is a language.</p>"),
                                    CleaningContext(rules.defaults))
    assert texts(state) == ["ls -l", "python", "Python is a language."]


def test_a_series_label_lists_the_accounts_older_posts_but_a_promo_line_is_alone(rules: Rules) -> None:
    older = '<ul><li><a href="https://mp.weixin.qq.com/s?x=1">旧文一</a></li></ul><p><strong>小标题</strong></p>'
    state = drop_boilerplate_blocks(state_of(f"<p>前情回顾·美国网络安全立法</p>{older}<p>正文从这里开始，讲述事情的经过。</p>"),
                                    CleaningContext(rules.defaults))
    assert texts(state) == ["正文从这里开始，讲述事情的经过。"]
    promo = '<p><a href="https://e.com/x">延伸阅读：长平观察：支持黎智英</a></p><p><strong>极权统治下的人们</strong></p>'
    state = drop_boilerplate_blocks(state_of(promo), CleaningContext(rules.defaults))
    assert texts(state) == ["极权统治下的人们"]  # a promo line is no label of a list: the subheading after it stays


def test_copyright_lines_are_counted_among_the_last_six_blocks_as_the_pass_found_them() -> None:
    rules = CleaningRules(copyright=(re.compile("^Copyright"),), list_labels=(re.compile("^Read more:$"),))
    context = CleaningContext(rules=rules)
    headlines = "".join(f"<p>Other story {i}</p>" for i in range(5))
    state = drop_boilerplate_blocks(state_of(f"<p>Story.</p><p>Copyright 2025 X</p><p>Read more:</p>{headlines}"),
                                    context)
    assert texts(state) == ["Story.", "Copyright 2025 X"] and state.credits == ()
    near_end = drop_boilerplate_blocks(state_of("<p>Story.</p><p>Copyright 2025 X</p><p>More.</p>"), context)
    assert texts(near_end) == ["Story.", "More."] and near_end.credits == ("Copyright 2025 X",)


def test_leading_rules_go_and_later_ones_stay() -> None:
    state = drop_leading_rules(state_of("<hr><hr><p>Text.</p><hr><p>More.</p>"), CleaningContext(CleaningRules()))
    assert [block.name for block in state.blocks] == ["p", "hr", "p"]


def test_a_new_pass_is_one_more_entry_in_the_list() -> None:
    seen: list[list[str]] = []

    def drop_known_furniture(state: CleaningState, context: CleaningContext) -> CleaningState:
        seen.append(texts(state))
        return replace(state, blocks=tuple(b for b in state.blocks if b.get_text() != "Site furniture line"))

    fragment = "<p>By Jane Doe</p><p>Site furniture line</p><p>The story.</p>"
    index = PASSES.index(take_top_metadata) + 1
    body = clean_body(fragment, CleaningRules(), passes=(*PASSES[:index], drop_known_furniture, *PASSES[index:]))
    assert seen == [["Site furniture line", "The story."]]  # after the byline was read
    assert body.html == "<p>The story.</p>" and body.author == "Jane Doe"
    assert clean_body(fragment, CleaningRules()).html == "<p>Site furniture line</p>\n<p>The story.</p>"


def test_the_passes_leave_the_fields_to_the_first_line_that_states_them() -> None:
    body = clean_body("<p>来源：甲报</p><p>发布时间：2025-03-04 来源：乙报 作者：张三</p><p>正文第一段。</p>",
                      CleaningRules())
    assert (body.source, body.date, body.author) == ("甲报", "2025-03-04", "张三")
    assert body.html == "<p>正文第一段。</p>"


def test_the_summary_s_lede_skips_headings_captions_and_labels() -> None:
    fragment = (f"<h2>Heading</h2><p>Key takeaways</p><figure><img src='{IMAGE}'><figcaption>Cap</figcaption>"
                "</figure><p>First real paragraph.</p><p>Second one.</p><p>Third one.</p><p>Fourth one.</p>")
    assert clean_body(fragment, CleaningRules()).lede == "First real paragraph.\nSecond one.\nThird one."


@pytest.mark.parametrize(("fragment", "expected"), [
    ("<p>前文 **一线成上涨龙头** 后文</p>", "<p>前文 <strong>一线成上涨龙头</strong> 后文</p>"),
    ("<p>上课越多。** 大学层次越低，学生读书越少。** 一段时间</p>", "<p>上课越多。 大学层次越低，学生读书越少。 一段时间</p>"),
    ("<p>不是我的** 。我自己的生活。**</p>", "<p>不是我的 。我自己的生活。</p>"),
    ("<p>2**8 and <code>**kwargs</code></p>", "<p>2**8 and <code>**kwargs</code></p>"),
    ("<p>****</p><p>ok ****</p>", "<p>ok</p>"),
])
def test_markdown_bold_in_an_html_body_never_shows_its_asterisks(fragment: str, expected: str) -> None:
    assert "".join(blocks_of(fragment)) == expected


LONG = " ".join(["The story goes on after the box, with a paragraph long enough to be its own text and more words."] * 3)


def test_a_related_box_inside_the_story_goes_and_the_story_goes_on() -> None:
    rules = CleaningRules(cut_at_headings=(re.compile("^Related$"),))
    state = state_of(f"<p>{LONG}</p><h3>Related</h3><p><a href='https://e.com/1'>Another story</a></p><p>{LONG}</p>"
                     "<h3>Related</h3><ul><li><a href='https://e.com/2'>More</a></li></ul><p>Short.</p>")
    kept = cut_at_end_marker(state, CleaningContext(rules=rules))
    assert texts(kept) == [LONG, LONG]  # the box inside goes; the second heading ends the article


def test_an_interface_line_ends_the_article_even_first_and_a_heading_never_does_first() -> None:
    rules = CleaningRules(cut_at_text=(re.compile("^向上滑动看下一个"),), cut_at_headings=(re.compile("^Related$"),))
    shell = state_of("<p>向上滑动看下一个</p><p>知道了</p><p>微信扫一扫可打开此内容</p>")
    assert texts(cut_at_end_marker(shell, CleaningContext(rules=rules))) == []  # a page that opens with the interface
    opens = state_of(f"<h3>Related</h3><p>{LONG}</p>")
    assert texts(cut_at_end_marker(opens, CleaningContext(rules=rules))) == ["Related", LONG]


def test_a_last_label_that_introduces_nothing_goes() -> None:
    state = state_of(f"<p>{LONG}</p><p>你可能还对这些内容感兴趣：</p>")
    assert texts(drop_trailing_furniture(state, CleaningContext(rules=CleaningRules()))) == [LONG]
    state = state_of(f"<p>{LONG}</p><p>Auch lesen:</p>")
    assert texts(drop_trailing_furniture(state, CleaningContext(rules=CleaningRules()))) == [LONG]


@pytest.mark.parametrize("label", ["Reader comments", "3 comment(s)", "1 commento", "网友评论", "最新文章", "30天最热"])
def test_a_comment_section_or_a_tab_of_other_posts_ends_the_article(label: str) -> None:
    from newsroom.config.rules import load_rules
    state = state_of(f"<p>{LONG}</p><h2>{label}</h2><p>From: A Reader (Apr 28 2023, at 11:53)</p><p>{LONG}</p>")
    assert texts(cut_at_end_marker(state, CleaningContext(rules=load_rules().defaults))) == [LONG]


def test_a_commenters_or_authors_gravatar_ends_the_article() -> None:
    avatar = '<p><img src="https://secure.gravatar.com/avatar/5aa27ebc?s=32&amp;d=mm"> Adrian says:</p>'
    state = state_of(f"<p>{LONG}</p>{avatar}<p>Very interesting hardware indeed.</p>")
    assert texts(cut_at_end_marker(state, CleaningContext(rules=CleaningRules()))) == [LONG]
    photo = '<p><img src="https://e.org/uploads/avatar-generator-screenshot.png"></p>'  # an article's picture
    state = state_of(f"<p>{LONG}</p>{photo}<p>{LONG}</p>")
    assert len(cut_at_end_marker(state, CleaningContext(rules=CleaningRules())).blocks) == 3


def test_readers_comments_stamped_with_a_date_and_time_end_the_article_and_a_timeline_does_not() -> None:
    comments = ("<p>From: David Chase (Apr 28 2023, at 11:53)</p><p>Proscriptive or prescriptive? I can see reasons.</p>"
                "<p>Jane says:</p><p>March 3, 2023 at 5:12 pm</p><p>Nice.</p>")
    state = state_of(f"<p>{LONG}</p><p>{LONG}</p>{comments}")
    assert texts(cut_at_end_marker(state, CleaningContext(rules=CleaningRules()))) == [LONG, LONG]
    timeline = "<p>2024-07-11 09:00 disclosed to the vendor</p><p>2024-08-01 10:30 fixed</p>"
    state = state_of(f"{timeline}<p>{LONG}</p><p>{LONG}</p>")  # stamped lines before the text are no comments
    assert len(cut_at_end_marker(state, CleaningContext(rules=CleaningRules())).blocks) == 4


def test_a_bare_comments_heading_may_head_the_articles_own_comments() -> None:
    from newsroom.config.rules import load_rules
    state = state_of(f"<p>{LONG}</p><h2>Comments</h2><p>{LONG}</p>")  # a conversation's experts, answering
    assert len(cut_at_end_marker(state, CleaningContext(rules=load_rules().defaults)).blocks) == 3


def test_a_pages_end_matter_label_ends_the_article_and_a_promo_line_does_not() -> None:
    from newsroom.config.rules import load_rules
    rules = load_rules().defaults
    state = state_of(f"<p>{LONG}</p><p>ABOUT THE AUTHOR</p><p>Jane Doe writes about security, from Berlin.</p>")
    assert texts(cut_at_end_marker(state, CleaningContext(rules=rules))) == [LONG]
    promo = state_of(f"<p>{LONG}</p><p><b>延伸阅读：白宫顾问: 中国10到15年间或将有能力攻台</b></p><p>“不管你说什么”</p><p>{LONG}</p>")
    assert len(cut_at_end_marker(promo, CleaningContext(rules=rules)).blocks) == 4


@pytest.mark.parametrize("heading", ["Add a comment:", "Leave a Reply", "Latest Articles", "Top Posts & Pages",
                                     "Blog Archive", "Archivio blog", "Labels"])
def test_a_blogs_end_matter_heading_ends_the_article(rules: Rules, heading: str) -> None:
    state = state_of(f"<p>{LONG}</p><p>{LONG}</p><h2>{heading}</h2><p>A reader's line, or another post's title.</p>")
    assert texts(cut_at_end_marker(state, CleaningContext(rules=rules.defaults))) == [LONG, LONG]


def test_buttons_left_as_pictures_go_with_their_counts_and_an_articles_pictures_stay() -> None:
    icons = "https://cdn.example/img/toolbar/"
    toolbar = "".join(f"<li><img src='{icons}{name}-active.png'/><img src='{icons}{name}.png'/><p>{count}</p><p>{word}</p></li>"
                      for name, count, word in (("like", 23, "点赞"), ("collect", 28, "收藏")))
    state = state_of(f"<p><img src='{icons}newHeart2023Active.png'/><img src='{icons}newHeart2023Black.png'/></p>"
                     f"<p>23</p><p>{LONG}</p><p><img src='https://e.com/step1.png'/><img src='https://e.com/step2.png'/></p>"
                     f"<p>2</p><ul>{toolbar}</ul>")
    kept = drop_buttons(state, CleaningContext(rules=CleaningRules()))
    assert texts(kept) == [LONG, "", "2"]  # two screenshots side by side and a count after them are the article's


def test_a_counters_label_goes_with_the_count_on_the_line_after_it(rules: Rules) -> None:
    state = state_of(f"<p>{LONG}</p><p>点赞：</p><p>1</p><p>Comments :</p><p>0</p><p>{LONG}</p><p>2024</p>")
    kept = drop_boilerplate_blocks(state, CleaningContext(rules=rules.defaults))
    assert texts(kept) == [LONG, LONG, "2024"]  # a number after the story's own text stays


def test_closing_banners_go_and_an_article_told_in_pictures_keeps_them() -> None:
    rules = CleaningRules(drop_trailing_images=True)
    pages = "".join(f"<p><img src='https://e.com/page{n}.jpg'></p>" for n in range(6))
    told_in_pictures = state_of(f"<p>今天和大家分享的是公号君的拙作。</p>{pages}")
    assert len(drop_trailing_furniture(told_in_pictures, CleaningContext(rules=rules)).blocks) == 7
    banners = state_of(f"<p>{LONG}</p>" * 3 + pages)  # as many pictures after a long article: its account's banners
    assert texts(drop_trailing_furniture(banners, CleaningContext(rules=rules))) == [LONG] * 3


def test_a_sidebars_latest_news_heading_above_the_article_does_not_end_it() -> None:
    rules = CleaningRules(cut_at_headings=(re.compile("^Latest News$"),))
    banner = "<p><a href='https://ads.example/'><img src='https://e.com/banner.jpg'></a></p>"
    above = state_of(f"<p>Latest update May 6th</p>{banner}<h3>Latest News</h3><p>{LONG}</p><h3>Latest News</h3><p>Other.</p>")
    assert texts(cut_at_end_marker(above, CleaningContext(rules=rules))) == ["Latest update May 6th", "", LONG]
    slides = "".join(f"<p><img src='https://e.com/slide{n}.png'></p>" for n in range(3))
    told_in_slides = state_of(f"<p>演讲议题：大模型</p>{slides}<h3>Latest News</h3><p>Other.</p>")
    assert len(cut_at_end_marker(told_in_slides, CleaningContext(rules=rules)).blocks) == 4


def test_an_authors_avatar_by_the_byline_above_the_story_does_not_end_it() -> None:
    avatar = "<p><img src='https://secure.gravatar.com/avatar/abc?s=60'></p>"
    state = state_of(f"<p>Was zeichnet erfolgreiche Tweets aus? (Foto: Pixabay)</p><p><img src='https://e.com/a.jpg'></p>"
                     f"{avatar}<p>geschrieben von Meike Neitz</p>" + f"<p>{LONG}</p>" * 3)
    assert texts(cut_at_end_marker(state, CleaningContext(rules=CleaningRules())))[-3:] == [LONG] * 3
    under = state_of(f"<p>{LONG}</p>" * 3 + f"{avatar}<p>Jane Doe writes about chips and more.</p>")
    assert texts(cut_at_end_marker(under, CleaningContext(rules=CleaningRules()))) == [LONG] * 3  # the author box under it goes
