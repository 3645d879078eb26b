"""The cleaning passes: an article's content blocks -> the blocks a reader is shown.

Each pass takes the `CleaningState` the pass before it left and returns a new one: fewer blocks,
and what it took out of them that is not boilerplate but metadata (a headline, the cover image, a
byline, lines stating the date or source, credits). What every pass may read and none changes is
the `CleaningContext`: the source's rules and what was known of the article before its text was
read. `clean.PASSES` lists the passes in the order they run; a new pass is a function of this shape
added to that list.
"""
from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import accumulate
from urllib.parse import urlsplit

from bs4 import Tag

from ..config.rules import CleaningRules
from ..patterns import LazyPattern
from .blocks import HEADINGS, attribute, fingerprint, first_tag, has_tag, normalised, parent_named, tags_in, text_of
from .sanitize import plain_text
from .stated import META_LINE_CHARS, MetaLine, is_repost_line, read_meta_line


@dataclass(frozen=True)
class CleaningContext:
    """What the passes read and never change."""

    rules: CleaningRules
    title: str | None = None  # known before cleaning: its repeat near the top goes
    source: str | None = None  # the publication's name known before cleaning: a line of only that name goes
    find_headline: bool = False  # an untitled body's first short line may be its headline
    template: frozenset[str] = frozenset()  # fingerprints of the blocks its source's articles repeat
    whole_page: bool = False  # the body is a whole page saved as text, its site's frame around the article
    page_url: str | None = None  # the article's original address: a line of only it is a copy-link button


@dataclass(frozen=True)
class CleaningState:
    """The article between two passes: the blocks still shown, and what the passes took out of them."""

    blocks: tuple[Tag, ...]
    headline: str | None = None  # the first line, when it reads as the headline of an untitled body
    cover_image: str | None = None
    byline: str | None = None  # an author named after a byline marker or by a link to an author's page
    stated_lines: tuple[MetaLine, ...] = ()  # lines that only stated a date, source, author or editor
    credits: tuple[str, ...] = ()  # copyright and credit lines, shown under the article


CleaningPass = Callable[[CleaningState, CleaningContext], CleaningState]

TOP_BLOCKS = 8  # how far down metadata lines are looked for
# a headline has no full stop (a company's "Inc." is no full stop)
_PARAGRAPH_END = re.compile(r"(?:[。！!…;；:：]|(?<!Inc)(?<!Ltd)(?<!Corp)(?<!Co)(?<!Jr)\.)\W{0,2}$")
_ADDRESS = re.compile(r"^\W{0,3}(https?://|www\.)\S+$")  # a line that is one web address
_WORD = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]|[^\W\d_]+")  # a CJK character is a word
_RUNS_ON = re.compile(r"[，,、；;：:]\W{0,2}$")
SENTENCE_END = re.compile(r"[。！？!?；;]|\.\s|\.$")
_PUNCTUATION_ONLY = re.compile(r"^[\s\W_]*$")
_NAV_WORDS = re.compile(r"^(skip to( the)?( main)? content|search|menu|open menu|close|home|log ?in|sign ?in|sign up|"
                        r"subscribe|share|navigation|watch now|watch live|play video|listen|首页|搜索|登录|注册|菜单|导航|"
                        r"返回首页)$", re.IGNORECASE)
_QR_CODE = re.compile(r"qr|ewm|erweima|二维码", re.IGNORECASE)
_AUTHOR_PAGE = re.compile(r"/(author|authors|people|profile|profiles|reporter|journalist|byline)s?/", re.IGNORECASE)
_LOGO = re.compile(r"logo|icon|avatar|sprite", re.IGNORECASE)
_AVATAR_HOST = re.compile(r"(^|\.)gravatar\.com$", re.IGNORECASE)  # avatars of commenters and authors, by email hash


# ---------------------------------------------------------------------------------------------
# The passes, in the order `clean.PASSES` runs them.

_STATE_ICON = re.compile(r"[-_]?(active|hover|selected|pressed|checked)\d*$", re.IGNORECASE)  # "like-active.png"
_COUNT = re.compile(r"^\W*\d[\d,.]*\s*[kKwW万]?\W*$")
COUNTER_WORD_CHARS = 4  # the word under a button's count: "点赞", "收藏", "Like"
BUTTON_CHARS = 12  # of text a button shows beside its icons: its count and its word ("23 点赞")


def drop_buttons(state: CleaningState, context: CleaningContext) -> CleaningState:
    """A page's buttons left as pictures: a block of two or more icons, one of them a state's
    ("like.png" beside "like-active.png"; no article shows its pictures so), and the count and
    the word right under it ("23", "点赞"). First: the source's template may take a button and
    leave its count."""
    blocks = state.blocks
    gone: set[int] = set()
    for index, block in enumerate(blocks):
        items = tags_in(block, "li") if block.name in ("ul", "ol") else [block]  # a toolbar's list of them
        if not all(map(_is_button, items)):
            continue
        gone.add(index)
        after = index + 1
        if after < len(blocks) and _COUNT.match(text_of(blocks[after])):
            gone.add(after)
            after += 1
        if after < len(blocks) and 0 < len(text_of(blocks[after])) <= COUNTER_WORD_CHARS and not tags_in(blocks[after], "img"):
            gone.add(after)
    return replace(state, blocks=tuple(block for index, block in enumerate(blocks) if index not in gone)) if gone else state


def _is_button(block: Tag) -> bool:
    names = [attribute(image, "src").split("?")[0].rsplit("/", 1)[-1].rsplit(".", 1)[0] for image in tags_in(block, "img")]
    return len(names) >= 2 and any(_STATE_ICON.search(name) for name in names) and len(text_of(block)) <= BUTTON_CHARS


SHORT_RUN = 2  # lines of the source's template inside the story that are its column's heading ("2", "风险等级")
UNLINKED_RUN = 4  # and when each is short and links nowhere ("2", "风险等级", "360CERT对该漏洞的评定结果如下")
HEADING_CHARS = 40  # of such a line


def drop_source_template(state: CleaningState, context: CleaningContext) -> CleaningState:
    """Blocks the source's other articles repeat (`context.template`, learned from the archive by
    source/template.py) are the site's frame: menus, banners, slogans, follow prompts, footers. They
    come in runs, before and after the article. They go, except a column's standing lines, which
    belong to each article they are in: a heading (or a bold line) followed by the article's own
    text ("**概述**", "**漏洞名称：**"), and a line alone among the article's own blocks ("国内联播快讯"
    heading a day's list) before its last paragraph of its own prose. A line of text, no heading,
    that the page shows again and again ("Press enter or click to view image in full size") is
    the site's widget; a picture the article repeats is its own divider, a line of a few words its
    items' standing label."""
    if not context.template:
        return state
    blocks = state.blocks
    prints = [fingerprint(block) for block in blocks]
    repeated = [block_print in context.template for block_print in prints]
    # the article's own: not repeated, and with words or a picture ("[ ]", "|" are nobody's text)
    own = [block_print is not None and not is_repeated for block_print, is_repeated in zip(prints, repeated, strict=True)]
    shown = Counter(prints)
    own_prose = [index for index, block in enumerate(blocks) if not repeated[index] and is_prose(block)]
    first, last = (own_prose[0], own_prose[-1]) if own_prose else (0, len(blocks))

    runs = _runs(repeated)
    # per block: links anywhere, or more words than a heading's (a list's item broken out of its link)
    wordy_before = list(accumulate((bool(tags_in(block, "a")) or len(text_of(block)) > HEADING_CHARS for block in blocks),
                                   initial=0))
    citing = _citations(blocks, context.rules)

    def stays(index: int) -> bool:
        if not repeated[index] or index in citing or index > first and _is_end_marker(blocks[index], context.rules):
            return True  # an end marker ("関連記事") stays for cut_at_end_marker to cut the end matter from it
        if index >= last:
            return False
        own_after = index + 1 == len(blocks) or own[index + 1]  # at the end: a list with no prose after it
        block = blocks[index]
        if block.name == "table" and first <= index:
            return True  # a table of data inside the story is its own, however many of its stories show it
        if _is_label(block) and not _is_image_only(block):
            return own_after and bool(own_prose)  # with no prose of its own, a page's headings are its menu's
        # a line the page shows again and again is its widget's; a picture it repeats is its own divider,
        # a line of a few words ("影响范围", "来源") a digest's standing label for each item
        if shown[prints[index]] > 1 and not _is_image_only(block) and not _stands_as_heading(block, text_of(block)):
            return False
        # inside the article, a short run ("2", "风险等级") is a column's numbered heading; a frame's runs are
        # long, and a promo box inside the story links to the site or says more than a heading
        run = runs[index]
        short_run = bool(own_prose) and not is_link_only(block) and not _is_image_only(block) and (
            len(run) <= SHORT_RUN or len(run) <= UNLINKED_RUN and wordy_before[run.stop] == wordy_before[run.start])
        return first <= index and (short_run or own_after and index > 0 and own[index - 1])

    kept = tuple(block for index, block in enumerate(blocks) if stays(index))
    return replace(state, blocks=kept) if len(kept) < len(blocks) else state


def keep_main_content(state: CleaningState, context: CleaningContext) -> CleaningState:
    """A whole page saved as text (a scraper's Markdown) is its article inside the site's frame: the
    article is the run of blocks with the most text of its own, outside links, less the links in it
    (the maximum-sum run of `_weight`, as Body Text Extraction finds it), with its opening lines back
    to the frame's last label or row of links and its closing ones up to the next.
    Each side of it is looked at alone, and only a side with rows of links (a frame's mark) is cut:
    all of it when it holds less than a quarter of the run's own text, else only its rows of links
    and short labels (an article a list of links cuts in two keeps its prose). A body with no rows
    of links (a poem's short lines) is left whole, and so is any body that is not a whole page (an
    article's own HTML: a feed's item, a Jekyll post, a saved page's article as trafilatura found it).
    Menus (`_is_menu`) count as rows of links, and a heading right over one (a widget's title) against
    the article; a copyright notice the run reaches past ends it (`_signed_off`); the scraper's own
    title line above a whole menu is no heading of the page's."""
    if not context.whole_page:
        return state
    blocks = state.blocks
    weights = [_weight(block) for block in blocks]
    if not blocks:
        return state
    titles = {index for index in range(len(blocks) - 1)  # a widget's title over its list of links: the frame's
              if blocks[index].name in HEADINGS
              and _is_links(blocks[index + 1])}
    for index in titles:
        weights[index] = -WIDGET_TITLE
    best, span, run, start = 0.0, None, 0.0, 0
    for index, weight in enumerate(weights):
        run, start = (weight, index) if run <= 0 else (run + weight, start)
        if run > best:
            best, span = run, (start, index)
    if span is None:
        return _without_headline(state, context)
    first, last = span
    # the article's first lines (a subheading, a short opening line) reach back to the frame's last label or row of links
    while first > 0 and weights[first - 1] >= 0 and not is_link_only(blocks[first - 1]) and blocks[first - 1].name != "hr":
        first -= 1
    # and its last ones (pictures, a closing line) on to the next label or row of links
    while last + 1 < len(blocks) and weights[last + 1] >= 0 and not is_link_only(blocks[last + 1]):
        last += 1
    signed = _signed_off(blocks, weights, first, last, context.rules)
    last = last if signed is None else signed
    citing = _citations(blocks, context.rules)  # the article's own citations stay wherever they stand
    headline = _headline_repeat(blocks, weights, last, context.title)
    if headline == 0 and _framed(blocks[1:first]):
        headline = None  # the scraper's own title line, above the site's whole menu: no heading of the page's
    if headline is not None:  # the page's own heading of the article: what stands before it is the frame's
        first = headline + 1  # the article starts under its heading
        weights = [weight if index > headline else -1.0 for index, weight in enumerate(weights)]
    kept = set(range(first, last + 1)) | citing
    for side in (range(first), range(last + 1, len(blocks))):
        if (headline is not None and side.start == 0) or (signed is not None and side.start > 0):
            continue
        if not any(_is_links(blocks[index]) for index in side):
            kept.update(side)
        elif sum(weights[index] for index in side if weights[index] > 0) >= best / 4:
            kept.update(index for index in side if weights[index] >= 0)
    # a list the article keeps (its sources, under "Further Learning") keeps its heading
    kept |= {index for index in titles if index + 1 in kept}
    if headline is None:
        key = normalised(context.title or "")
        kept -= {index for index in kept if index < last and normalised(text_of(blocks[index])) == key}
    if len(kept) == len(blocks):
        return state
    return replace(state, blocks=tuple(block for index, block in enumerate(blocks) if index in kept))


def _without_headline(state: CleaningState, context: CleaningContext) -> CleaningState:
    """The blocks but the title's repeats (left for `keep_main_content` to find the article by)."""
    key = normalised(context.title or "")
    kept = tuple(block for block in state.blocks if not key or normalised(text_of(block)) != key)
    return replace(state, blocks=kept) if len(kept) < len(state.blocks) else state


def take_headline(state: CleaningState, context: CleaningContext) -> CleaningState:
    """An old portal's page opens with its headline as a plain paragraph. When the body has no title
    and headlines are looked for, a short first paragraph that does not end like a sentence and is no
    date or byline line is taken out as the headline."""
    blocks = state.blocks
    if not context.find_headline or context.title or len(blocks) <= 1 or blocks[0].name != "p":
        return state
    first = text_of(blocks[0])
    if len(first) > 100 or _PARAGRAPH_END.search(first) or read_meta_line(first) is not None:
        return state
    headline = plain_text(first) or None
    return replace(state, headline=headline, blocks=blocks[1:]) if headline else state


def take_cover_image(state: CleaningState, context: CleaningContext) -> CleaningState:
    """Images whose alt text the rules name as a cover's (`cover_image_alts`), with no text beside
    them, are the article's cover: metadata, not body. The first is kept as the cover image."""
    alts = context.rules.cover_image_alts
    if not alts:
        return state
    kept = []
    cover = state.cover_image
    for block in state.blocks:
        image = first_tag(block, "img")
        alt = image.get("alt") if image is not None else None
        if image is not None and isinstance(alt, str) and alt in alts and not text_of(block):
            cover = cover or attribute(image, "src") or None
            continue
        kept.append(block)
    return replace(state, blocks=tuple(kept), cover_image=cover)


def take_top_metadata(state: CleaningState, context: CleaningContext) -> CleaningState:
    """Near the top (the first TOP_BLOCKS blocks), lines that are about the article, not of it: a repeat
    of the title or of the source's name, a byline after a marker the rules name (WeChat's 原创), and
    a line that only states a date, source, author or editor ("发布时间：… 来源：… 作者：…", "By …",
    "Published: …"), which is read into `stated_lines`."""
    rules = context.rules
    title_key = normalised(context.title or state.headline or "")
    source_key = normalised(context.source or "")
    kept: list[Tag] = []
    stated = list(state.stated_lines)
    byline = state.byline
    expect_author = False
    card: list[str] = []  # after a line that names the post's source: what that source's card may still show
    for block in state.blocks[:TOP_BLOCKS]:
        text = text_of(block)
        key = normalised(text)
        if card and _is_card_part(block, key, card[0]):
            card.pop(0)
            continue
        if title_key and key == title_key and not (context.whole_page and len(key) >= HEADLINE_CHARS):
            continue  # a whole page's repeat of its title marks where its article starts: keep_main_content takes it
        if source_key and key == source_key and block.name != "figure":
            continue
        if text in rules.byline_markers:
            expect_author = True
            continue
        if expect_author and block.name == "p" and len(text) <= 40 and not SENTENCE_END.search(text):
            labelled = read_meta_line(text, context.source)  # "作者 | 张三" after 原创: the name, not the label
            byline = plain_text(labelled.author if labelled is not None and labelled.author else text)
            expect_author = False
            continue
        expect_author = False
        info = _post_info(block, context) if block.name in ("ul", "ol") else None
        if info:
            stated.extend(info)
            continue
        if block.name == "p" and len(text) <= META_LINE_CHARS:
            line = read_meta_line(text, context.source)
            if line is not None and line.source and not line.date and has_tag(block, "a"):
                line = None  # "来源：<a href=…>" cites where a quote comes from: a link the reader keeps
            if line is not None:
                stated.append(line)
                card = [normalised(line.source), "dot", "motto"] if is_repost_line(text) and line.source else card
                continue
        card = []
        kept.append(block)
    return replace(state, blocks=(*kept, *state.blocks[TOP_BLOCKS:]), byline=byline, stated_lines=tuple(stated))


CARD_MOTTO_CHARS = 60  # a source's card shows its motto cut to about this length


def _is_card_part(block: Tag, key: str, part: str) -> bool:
    """Whether `block` is the `part` of a source's card the platform shows below the line that names
    the source ("以下文章来源于安全客"): its name, a dot, its motto ("安全客" / "." / "为安全从业者…")."""
    text = text_of(block)
    if part == "dot":
        return block.name == "p" and bool(text.strip()) and bool(_PUNCTUATION_ONLY.match(text))
    if part == "motto":
        return block.name == "p" and len(text) <= CARD_MOTTO_CHARS and not SENTENCE_END.search(text)
    return key == part  # the source's name


def _post_info(block: Tag, context: CleaningContext) -> list[MetaLine] | None:
    """A blog theme's list of facts about the post ("Post author: …", "Post published: …", "Post
    category: …", "0 Comments", "Reading time: 4 mins"): its metadata lines read, when every item is
    one of those or a row of the site's own links or a counter the rules drop; else None."""
    rules = context.rules
    items = [item for item in tags_in(block, "li") if not has_tag(item, "ul", "ol")]
    lines = []
    furniture = 0
    for item in items:
        text = text_of(item)
        line = read_meta_line(text, context.source) if len(text) <= META_LINE_CHARS else None
        if line is not None:
            lines.append(line)
        elif _links_only_after_label(item, (*rules.taxonomy_links, *rules.share_links)) or any(
                p.search(text) for p in rules.drop_blocks):
            furniture += 1
        else:
            return None
    # a post's facts name its author or its filing too: a list of dates alone ("Key dates:") is the story's
    return lines if len(items) >= 2 and (furniture or any(line.author for line in lines)) else None


def drop_page_menu(state: CleaningState, context: CleaningContext) -> CleaningState:
    """Before the article's first paragraph of prose, a whole saved page (Firecrawl, Jina Reader)
    has its menu: rows of links, "Skip to content", "Search", the logo. They go; a link to an
    author's page there names the author, when no byline did. Headings and pictures before the
    text stay. A body with no prose, or prose from its first block, has no menu."""
    blocks = state.blocks
    first = next((index for index, block in enumerate(blocks) if is_prose(block)), None)
    if not first:
        return state
    author = None
    kept = []
    for block in blocks[:first]:
        if block.name in ("p", "ul", "ol") and is_link_only(block):
            links = [link for link in tags_in(block, "a") if _AUTHOR_PAGE.search(attribute(link, "href"))]
            if len(links) == 1 and author is None and len(text_of(links[0])) <= 40:
                author = plain_text(text_of(links[0])) or None
            continue
        if (block.name == "p" or block.name in HEADINGS) and _NAV_WORDS.match(text_of(block)):
            continue
        image = first_tag(block, "img") if block.name == "figure" else None
        if image is not None and is_logo(image):
            continue
        kept.append(block)
    return replace(state, blocks=(*kept, *blocks[first:]), byline=state.byline or author)


LABEL_WORDS = 3  # a row of the site's listing links may carry this many words of its own ("Posted in", "Tags:")


def drop_site_links(state: CleaningState, context: CleaningContext) -> CleaningState:
    """How the site files the article, not the article: a row of links to the site's own listing
    pages (`taxonomy_links`: "Tags: [AI](/tag/ai) [Chips](/tag/chips)", "Posted in [OSINT](/category/osint/)")
    with the short label set above it ("##### TAGS", "Posted in"), and a line of only the page's
    own address, what a copy-link button leaves; a breadcrumb trail ("Home > Blog > <title>"); the
    page's table of contents, a list of its own headings (the archive's page shows its own); a list
    of pictures without a word (a strip of logos, badges or social icons). A
    sentence that links to a tag page stays, and in an article's own HTML (not a whole page) so
    does a line of one such link: a column's name linked to its tag ("【严真点评】")."""
    blocks = state.blocks
    headings = {normalised(_ITEM_NUMBER.sub("", text_of(block))) for block in blocks if _is_label(block)}
    rows = {index for index, block in enumerate(blocks)
            if _is_row_of(block, context.rules.taxonomy_links, 1 if context.whole_page else 2)
            or _is_row_of(block, context.rules.share_links) or _is_own_address(block, context.page_url)
            or _is_breadcrumb(block, context.page_url, context.title) or _is_contents(block, headings)
            or _is_picture_strip(block)}
    labels = {index - 1 for index in rows if index and index - 1 not in rows and _is_short_label(blocks[index - 1])}
    gone = rows | labels
    return replace(state, blocks=tuple(block for index, block in enumerate(blocks) if index not in gone)) if gone else state


PICTURE_TEXT = 100  # what a picture of the article's own counts as, in characters of its text
READ_BEFORE_END = 100  # characters of the article's own text: with fewer before it, no heading ends the article


def cut_at_end_marker(state: CleaningState, context: CleaningContext) -> CleaningState:
    """Everything from an end marker on is page furniture: a heading the rules name (`cut_at_headings`:
    "相关资讯", "Related stories"), a line they name (`cut_at_text`: WeChat's interface text), or
    an organisation's "about" box with little prose after it, once READ_BEFORE_END characters of
    words stand before it or nothing much after its paragraph (a recruiting post opens with its
    "关于…" box under a banner, its jobs after it; a short notice signs off with one). A
    heading never ends it before READ_BEFORE_END characters of the article's text (a sidebar's
    "Latest News" above the story goes alone), nor an author's avatar by the byline above the story;
    a line does (a page that opens with WeChat's interface holds none). A heading followed by
    the article's prose again is a box inside it ("Related" and two links, mid-story): the heading
    and its links go, the story goes on."""
    rules = context.rules
    blocks = state.blocks[:_comment_thread_start(state.blocks)]
    dropped: set[int] = set()
    read = 0.0  # how much of the article's text stands before: a heading before any is the frame's, above the article
    pictures = 0.0  # the pictures' share of it: an "about" box under a banner, with no words before it, opens a post

    @functools.cache
    def after_each() -> list[float]:
        """The article's text after each block (weighed once, and only for a page with an avatar)."""
        after = list(accumulate(max(_weight(block), 0.0) for block in reversed(blocks)))[::-1]
        return after[1:] + [0.0]

    @functools.cache
    def chars_after() -> list[int]:
        """The characters of text after each block (counted once, and only for a box near the top)."""
        after = list(accumulate(len(text_of(block)) for block in reversed(blocks)))[::-1]
        return after[1:] + [0]

    def ends_here(index: int) -> bool:
        """An "about" box (or the source's own) after the article's words, or with little after its paragraph."""
        return (_is_about_box(blocks, index, rules) or _describes_its_source(blocks, index, context)) and (
            read - pictures >= READ_BEFORE_END or index + 1 >= len(blocks) or chars_after()[index + 1] < READ_BEFORE_END)

    for index, block in enumerate(blocks):
        if index in dropped:
            continue
        text = text_of(block)
        if any(p.search(text) for p in rules.cut_at_text) or index and ends_here(index):
            return replace(state, blocks=tuple(b for i, b in enumerate(blocks[:index]) if i not in dropped))
        if index and _is_end_marker(block, rules):
            box = _inline_box(blocks, index)
            if box is None and read >= READ_BEFORE_END and not (_shows_avatar(block) and after_each()[index] > 4 * read):
                # (an author's avatar by the byline, above the story: four times as much text after it)
                return replace(state, blocks=tuple(b for i, b in enumerate(blocks[:index]) if i not in dropped))
            dropped.update(box or (index,))  # before any prose: a sidebar's "Latest News" above the article
        read += max(_weight(block), 0.0)
        if _is_image_only(block) and not first_tag(block, "a"):  # a picture, not a banner's link
            read += PICTURE_TEXT
            pictures += PICTURE_TEXT
    if not dropped and len(blocks) == len(state.blocks):
        return state
    return replace(state, blocks=tuple(b for i, b in enumerate(blocks) if i not in dropped))


COMMENT_BYLINE_CHARS = 120  # a commenter's line: a name, a date and a time, no more
_DATED = re.compile(r"(\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}(st|nd|rd|th)?,? \d{4}|"
                    r"\b\d{1,2} (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d{4}|\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|"
                    r"\d{4}年\d{1,2}月\d{1,2}日).{0,20}?\b\d{1,2}:\d\d", re.IGNORECASE)


def _comment_thread_start(blocks: tuple[Tag, ...]) -> int:
    """Where readers' comments start: the first of two or more short lines stamped with a date and a
    time ("From: A Reader (Apr 28 2023, at 11:53)", "March 3, 2023 at 5:12 pm") in the body's second
    half, a name line just before it ("Jane says:") included; the body's length when there are none."""
    stamped = [index for index, block in enumerate(blocks)
               if block.name == "p" and len(text_of(block)) <= COMMENT_BYLINE_CHARS and _DATED.search(text_of(block))]
    if len(stamped) < 2:  # most bodies: no prose weighed
        return len(blocks)
    prose = [len(text_of(block)) if is_prose(block) else 0 for block in blocks]
    if sum(prose[:stamped[0]]) < sum(prose) / 2:
        return len(blocks)
    start = stamped[0]
    before = blocks[start - 1] if start else None
    if before is not None and _stands_as_heading(before, text_of(before)) and not is_prose(before):
        start -= 1
    return start


def _is_end_marker(block: Tag, rules: CleaningRules) -> bool:
    """A heading the rules name as where the end matter starts (`cut_at_headings`), a line they name
    (`cut_at_text`), or a block that shows a commenter's or an author's avatar from an avatar
    service (Gravatar: WordPress's comments and author boxes; no article shows one)."""
    text = text_of(block)
    return ((block.name in HEADINGS or _stands_as_heading(block, text)) and any(p.search(text) for p in rules.cut_at_headings)
            or any(p.search(text) for p in rules.cut_at_text) or _shows_avatar(block))


ABOUT_PARAGRAPHS = 3  # of prose, at most, from an "about" box's label to the end: the box and maybe another
ABOUT_NAME_WITHIN = 200  # characters: the box's paragraph names the organisation and what it does this soon
_ABOUT_WORD = re.compile(r"^\W*(关于|關於|about|à propos de|über|acerca de|chi siamo)\s*", re.IGNORECASE)


def _is_about_box(blocks: tuple[Tag, ...], label: int, rules: CleaningRules) -> bool:
    """An organisation's "about" box after the article: a label (`about_labels`: "关于Portal Lab",
    "About Acme") over a paragraph that says what the organisation is or does (`about_descriptions`:
    "… 致力于 …", "is a leading …"), with little prose after it. A section of the story about a
    company has the story's prose after it, and stays."""
    block = blocks[label]
    text = text_of(block)
    if block.name not in ("p", *HEADINGS) or SENTENCE_END.search(text) or not any(p.search(text) for p in rules.about_labels):
        return False
    following = next((b for b in blocks[label + 1:] if not _is_image_only(b)), None)
    opening = text_of(following)[:ABOUT_NAME_WITHIN] if following is not None else ""
    if not any(p.search(opening) for p in rules.about_descriptions):
        return False
    # the paragraph is about what the label names: "关于Portal Lab" over "星阑科技 Portal Lab 致力于…"; a
    # story's "About 200 jobs at risk" over "The company, founded in 1998, …" is no such box
    name = normalised(_ABOUT_WORD.sub("", text))
    return len(name) >= 2 and name in normalised(opening) and _ends_the_page(blocks, label + 1)


def _describes_its_source(blocks: tuple[Tag, ...], index: int, context: CleaningContext) -> bool:
    """The publication's own box after the article, with no label: a paragraph that opens with its
    name and says what it is or does ("Tide安全团队正式成立于2019年1月…", "安全分析与研究，专注于…"),
    with little prose after it: a WeChat account signs off every article so."""
    block = blocks[index]
    name = normalised(context.source or "")
    opening = text_of(block)[:ABOUT_NAME_WITHIN]
    return (block.name == "p" and len(name) >= 2 and normalised(opening).startswith(name)
            and any(p.search(opening) for p in context.rules.about_descriptions)
            and _ends_the_page(blocks, index + 1, ABOUT_PARAGRAPHS - 1))  # the box's paragraph and two more


def _ends_the_page(blocks: tuple[Tag, ...], start: int, paragraphs: int = ABOUT_PARAGRAPHS) -> bool:
    """Little prose from `start` on: an "about" box and maybe one more, not the story going on."""
    return sum(1 for b in blocks[start:] if is_prose(b)) <= paragraphs


def _shows_avatar(block: Tag) -> bool:
    return any(_AVATAR_HOST.search(urlsplit(attribute(image, "src")).netloc) for image in tags_in(block, "img"))


def _stands_as_heading(block: Tag, text: str) -> bool:
    """A line a page set as a heading without the markup: a few words on their own line, bold or
    not ("ABOUT THE AUTHOR", "Trending News", "往期推荐"); not a promo's line ("延伸阅读：白宫顾问…")."""
    return block.name == "p" and len(_WORD.findall(text)) <= 6 and not SENTENCE_END.search(text)


INLINE_BOX_BLOCKS = 4  # a box inside a story lists this many links at most before its prose goes on
STORY_GOES_ON = 200  # characters of a paragraph after the box that say the story goes on


def _inline_box(blocks: tuple[Tag, ...], heading: int) -> range | None:
    """The blocks of a "Related" box inside the story (its heading and the links right after it)
    when a long paragraph of prose follows them, else None: the heading starts the end matter."""
    end = heading + 1
    while end < len(blocks) and end - heading <= INLINE_BOX_BLOCKS and (
            is_link_only(blocks[end]) or blocks[end].name in ("ul", "ol")):
        end += 1
    after = blocks[end] if end < len(blocks) else None
    if after is not None and is_prose(after) and len(text_of(after)) >= STORY_GOES_ON:
        return range(heading, end)
    return None


def drop_boilerplate_blocks(state: CleaningState, context: CleaningContext) -> CleaningState:
    """Single blocks of boilerplate: a label the rules name (`list_labels`: "Read more:") and the
    other articles' headlines listed after it; promos and notices the rules name (`drop_blocks`);
    empty or punctuation-only paragraphs; pictures sized as thumbnails; a code box's language name
    left above its code; and a short copyright or credit line (`copyright`) among
    the last six blocks, kept in `credits`. One walk: "the last six" are counted among the blocks
    as this pass found them, before any of them went."""
    rules = context.rules
    blocks = state.blocks
    kept = []
    credits: list[str] = []
    in_list = False  # after a "Read more:" label, while the blocks are other articles' headlines
    after_label = False  # after a line the rules drop ("点赞："): a count on the next line is its counter's
    for index, block in enumerate(blocks):
        text = text_of(block)
        if in_list and (block.name in ("ul", "ol") or is_link_only(block)
                        or (block.name == "p" and len(text) <= 150 and not _PARAGRAPH_END.search(text))
                        ) and not any(p.search(text) for p in rules.copyright):
            continue
        in_list = block.name in ("p", *HEADINGS) and any(p.search(text) for p in rules.list_labels)
        if in_list:
            continue
        if block.name in ("p", "li", "ul", "ol", "blockquote") and any(p.search(text) for p in rules.drop_blocks):
            after_label = not _COUNT.match(text)
            continue
        if after_label and _COUNT.match(text):
            after_label = False
            continue
        after_label = False
        if block.name == "p" and not has_tag(block, "img") and _PUNCTUATION_ONLY.match(text):
            continue
        if _is_thumbnail(block) or _is_code_label(block, blocks[index + 1] if index + 1 < len(blocks) else None):
            continue
        if (index >= len(blocks) - 6 and block.name == "p" and len(text) <= 300
                and any(p.search(text) for p in rules.copyright)):
            credits.append(plain_text(text))
            continue
        kept.append(block)
    return replace(state, blocks=tuple(kept), credits=state.credits + tuple(credits))


# more pictures than this at the end, after less text than PICTURE_TEXT characters a picture, are the
# article's own (a paper shown as photographed pages), not the account's closing banners
TRAILING_IMAGES = 3


def drop_trailing_furniture(state: CleaningState, context: CleaningContext) -> CleaningState:
    """At the end: rules, lists of links to other articles, QR codes, a footer's row of short links
    and, where the rules say so (`drop_trailing_images`), images without text. A body that is
    nothing but such a list (a programme's running order, say) is the article: it stays."""
    blocks = state.blocks
    citing = _citations(blocks, context.rules)

    def end_of(rules: CleaningRules) -> int:
        end = len(blocks)
        while end and end - 1 not in citing and _is_trailing_furniture(blocks[end - 1], rules):
            end -= 1
        return end

    end = end_of(context.rules)
    pictures = sum(_is_image_only(block) for block in blocks[end:])
    if pictures > TRAILING_IMAGES and sum(len(text_of(block)) for block in blocks[:end]) < PICTURE_TEXT * pictures:
        end = end_of(replace(context.rules, drop_trailing_images=False))  # an article told in pictures
    if end == len(blocks) or not any(text_of(block) for block in blocks[:end]):
        return state
    return replace(state, blocks=blocks[:end])


def drop_leading_rules(state: CleaningState, context: CleaningContext) -> CleaningState:
    """Horizontal rules before the first block of content: they separated what earlier passes took out."""
    blocks = state.blocks
    start = 0
    while start < len(blocks) and blocks[start].name == "hr":
        start += 1
    return replace(state, blocks=blocks[start:]) if start else state


# ---------------------------------------------------------------------------------------------
# What the passes recognise.

def is_link_only(block: Tag) -> bool:
    """A block that is (nearly) all links: a menu, a list of other articles."""
    links = tags_in(block, "a")
    if not links:
        return False
    # compared without spaces: in a list of short links ("Home News") the spaces between would count
    linked = sum(len(text_of(link).replace(" ", "")) for link in links)
    return linked >= 0.9 * len(text_of(block).replace(" ", "")) or (text_of(block) == "" and bool(links))


MENU_ITEMS = 3  # a list this long, of links with at most a label each, is a menu


def _is_links(block: Tag) -> bool:
    """A row of links or a menu: what a page's frame is made of."""
    return is_link_only(block) or _is_menu(block)


def _is_menu(block: Tag) -> bool:
    """A list of links, some items with a label of their own ("Expand/collapse submenu for News"):
    a site's menu. Items are weighed one by one: a long address in one step of a how-to is no menu."""
    if block.name not in ("ul", "ol"):
        return False
    items = [item for item in block.children if isinstance(item, Tag) and item.name == "li"]
    linked = [item for item in items if 2 * sum(len(text_of(link)) for link in tags_in(item, "a")) >= len(text_of(item))]
    return len(items) >= MENU_ITEMS and 3 * len(linked) >= 2 * len(items)


CITED_BLOCKS = 12  # blocks of links after a citation's label that are its list


def _citations(blocks: tuple[Tag, ...], rules: CleaningRules) -> set[int]:
    """Which blocks cite the article's sources: a line the rules name (`citations`: "原文链接：…",
    "参考来源", "References") and the links, lists and quoted addresses listed right after it."""
    if not rules.citations:
        return set()
    found: set[int] = set()
    for index, block in enumerate(blocks):
        text = text_of(block)
        if len(text) > 300 or not any(pattern.search(text) for pattern in rules.citations):
            continue
        found.add(index)
        for after in range(index + 1, min(index + 1 + CITED_BLOCKS, len(blocks))):
            listed = blocks[after]
            if not (is_link_only(listed) or listed.name in ("ul", "ol", "blockquote") or _ADDRESS.match(text_of(listed))):
                break
            found.add(after)
    return found


HEADLINE_CHARS = 10  # a title this long (letters and digits) repeated as a line is the article's heading


def _headline_repeat(blocks: tuple[Tag, ...], weights: list[float], last: int, title: str | None) -> int | None:
    """Where a whole page repeats the article's title as a line of its own, past its frame's part
    (a "Cite this post" box, a teaser above it): the last such line with more of the article's text
    after it than before, up to the article's end; None when there is none."""
    key = normalised(title or "")
    if len(key) < HEADLINE_CHARS:
        return None
    found = None
    for index, block in enumerate(blocks[:last + 1]):
        if normalised(text_of(block)) == key:
            before = sum(weight for weight in weights[:index] if weight > 0)
            after = sum(weight for weight in weights[index + 1:last + 1] if weight > 0)
            if after > before:
                found = index
    return found


WIDGET_TITLE = 20.0  # what a heading right over a list of links counts against the article
COPYRIGHT_CHARS = 300  # a copyright line is no longer than this
# what makes a copyright line the site's notice, not a sentence of the story ("该作品的版权所有者表示…",
# "Copyright holders say…", a photo's "© Getty Images"): a year or the rights it reserves
_NOTICE = re.compile(r"(?:©|\(c\)|copyright|版权|版權).{0,80}?(?:(?:19|20)\d\d|rights reserved|版权所有|版權所有)|"
                     r"(?:(?:19|20)\d\d|rights reserved).{0,80}?(?:©|copyright)", re.IGNORECASE)


def _signed_off(blocks: tuple[Tag, ...], weights: list[float], first: int, last: int, rules: CleaningRules) -> int | None:
    """A copyright line the run reaches past ("© 2020 CBS Interactive Inc. All Rights Reserved."),
    with three times as much of the run's text before it as after: the article's end, the page's
    footer after it. None when there is none."""
    total = sum(weight for weight in weights[first:last + 1] if weight > 0)
    before = 0.0
    for index in range(first, last):
        before += max(weights[index], 0.0)
        text = text_of(blocks[index])
        if (blocks[index].name == "p" and len(text) <= COPYRIGHT_CHARS and before >= 3 * (total - before)
                and _NOTICE.search(text) and any(pattern.search(text) for pattern in rules.copyright)):
            return index
    return None


def _framed(blocks: tuple[Tag, ...]) -> bool:
    """Whether blocks are a site's menu, not an article's opening: a list of links among them, and
    more links than text of their own."""
    linked = sum(len(text_of(link)) for block in blocks for link in tags_in(block, "a"))
    return any(_is_menu(block) for block in blocks) and linked > sum(len(text_of(block)) for block in blocks) - linked


def _runs(marks: list[bool]) -> list[range]:
    """For each item, the run of equal marks it stands in."""
    runs: list[range] = []
    start = 0
    for index in range(1, len(marks) + 1):
        if index == len(marks) or marks[index] != marks[start]:
            runs.extend([range(start, index)] * (index - start))
            start = index
    return runs


def _weight(block: Tag) -> float:
    """How much a block counts toward being the article (`keep_main_content`): its own text, less
    half again its linked text; a row of links or a menu counts against; a short line that is no sentence
    a little against; headings and pictures nothing."""
    text = len(text_of(block))
    linked = sum(len(text_of(link)) for link in tags_in(block, "a"))
    if _is_links(block):
        return -(linked + 10.0)
    if block.name in HEADINGS or _is_image_only(block) or block.name == "hr":
        return 0.0
    if block.name in ("p", "blockquote") and not is_prose(block):
        # a line that runs on ("如果您无缘KCon 2024现场，") is prose set as verse; one of a few words, a label
        line = text_of(block)
        return text / 2 if _RUNS_ON.search(line) else -3.0 if len(_WORD.findall(line)) <= 4 else 0.0
    own = text - linked - 1.5 * linked
    return own if block.name in ("p", "blockquote") else max(own / 2, 0.0)


def _is_row_of(block: Tag, addresses: tuple[LazyPattern, ...], fewest: int = 1) -> bool:
    """Links of one kind (`addresses`: the site's listing pages, share buttons) and nothing else but a
    label before them ("Tags:", "Posted in", "Share"): a list of such items and labels counts as one
    row; a heading never does (it heads text)."""
    if not addresses or block.name not in ("p", "ul", "ol", *HEADINGS) or len(tags_in(block, "a")) < fewest:
        return False
    if block.name in HEADINGS:  # only a heading that is nothing but such a link ("#[QBot](/?tag=QBot)"): most head text
        return _links_only_after_label(block, addresses) and not _WORD.search(unlinked_text(block))
    items = tags_in(block, "li") if block.name != "p" else [block]
    rows = [item for item in items if has_tag(item, "a")]
    return bool(rows) and all(_links_only_after_label(item, addresses) for item in rows) and all(
        item in rows or _is_short_label(item) for item in items)


def _links_only_after_label(item: Tag, addresses: tuple[LazyPattern, ...]) -> bool:
    if not all(any(pattern.search(attribute(link, "href")) for pattern in addresses) for link in tags_in(item, "a")):
        return False
    label_words, linked = 0, False
    for string in item.find_all(string=True):
        in_link = parent_named(string, ("a",)) is not None
        words = len(_WORD.findall(str(string)))
        if in_link:
            linked = True
        elif words and linked:
            return False  # words of its own after a link: a sentence that links to a tag page
        else:
            label_words += words
    return label_words <= LABEL_WORDS


def _is_breadcrumb(block: Tag, page_url: str | None, title: str | None) -> bool:
    """Links from the site's home page down to the article's section, the title maybe after them; or
    the site's name linked to its home page, as a heading or a line ("# [TaoSecurity Blog](/)")."""
    links = tags_in(block, "a")
    if not page_url or not links or block.name not in ("p", "ul", "ol", *HEADINGS):
        return False
    home = urlsplit(attribute(links[0], "href"))
    if home.path.strip("/") or _bare_address(home.netloc) != _bare_address(urlsplit(page_url).netloc):
        return False
    unlinked = unlinked_text(block)
    if title and len(normalised(title)) >= HEADLINE_CHARS:
        unlinked = unlinked.replace(title, " ")
    return not _WORD.search(unlinked) and all(len(_WORD.findall(text_of(link))) <= LABEL_WORDS for link in links)


CONTENTS_ITEMS = 3  # a list opening with this many of the page's own headings is its table of contents
CONTENTS_SHARE = 3  # one item in this many, at least, is a heading the page shows
_ITEM_NUMBER = re.compile(r"^\s*(\d+(\.\d+)*\.?|[ivx]+\.)\s*", re.IGNORECASE)  # "3.1.2.", "iv."


def _is_contents(block: Tag, headings: set[str]) -> bool:
    """A list that opens with the page's headings (numbered or not), and a third of whose items are:
    a page cut off by its scraper lists headings it never reached, and a contents list may end with
    an entry the page shows as no heading ("7. 相关文章")."""
    if block.name not in ("ul", "ol"):
        return False
    items = [_ITEM_NUMBER.sub("", "".join(str(string) for string in item.find_all(string=True)
                                        if parent_named(string, ("ul", "ol")) is item.parent))
             for item in tags_in(block, "li")]
    found = [normalised(item) in headings for item in items if item.strip()]
    return (len(found) >= CONTENTS_ITEMS and all(found[:CONTENTS_ITEMS])
            and CONTENTS_SHARE * sum(found) >= len(found))


def _is_picture_strip(block: Tag) -> bool:
    items = tags_in(block, "li") if block.name in ("ul", "ol") else []
    return len(items) >= CONTENTS_ITEMS and all(has_tag(item, "img") and not text_of(item).strip() for item in items)


def unlinked_text(block: Tag) -> str:
    """A block's text outside its links."""
    text = text_of(block)
    for link in tags_in(block, "a"):
        text = text.replace(text_of(link), " ", 1)
    return text


def _is_own_address(block: Tag, page_url: str | None) -> bool:
    """The page's own address on a line, with a button's few words ("Copier le lien https://…")."""
    if not page_url or block.name != "p":
        return False
    words = text_of(block).split()
    own = [word for word in words if _ADDRESS.match(word) and _bare_address(word) == _bare_address(page_url)]
    return bool(own) and len(_WORD.findall(" ".join(word for word in words if word not in own))) <= LABEL_WORDS


def _bare_address(url: str) -> str:
    return re.sub(r"^\W*(https?://)?(www\.)?", "", url).rstrip("/")


def _is_short_label(block: Tag) -> bool:
    """A label of a few words set above what it names ("TAGS", "Posted in", "Filed under:"), no sentence."""
    text = text_of(block)
    return (block.name in ("p", "li", "ul", "ol", *HEADINGS) and 0 < len(text) <= 30 and len(_WORD.findall(text)) <= LABEL_WORDS
            and not SENTENCE_END.search(text.rstrip(":：")) and not has_tag(block, "img"))


def _is_label(block: Tag) -> bool:
    """A heading, or a short paragraph all in bold: how a Markdown page writes a subheading."""
    if block.name in HEADINGS:
        return True
    text = text_of(block)
    bold = "".join(text_of(tag) for tag in block.children if isinstance(tag, Tag) and tag.name in ("strong", "b"))
    return block.name == "p" and 0 < len(text) <= 40 and bold.replace(" ", "") == text.replace(" ", "")


def is_prose(block: Tag) -> bool:
    """A paragraph of the article's text: a sentence of a few words, or long enough to be one, not a
    row of links ("[Contact Us](/co..." cut off by a scraper ends with a full stop, and is no sentence)."""
    text = text_of(block)
    return (block.name in ("p", "blockquote") and not is_link_only(block)
            and (len(text) >= 60 or bool(SENTENCE_END.search(text)) and len(_WORD.findall(text)) >= 4))


def is_logo(image: Tag) -> bool:
    """A logo, avatar or QR code by its file (and folder) name or a short alt text ("Electrek logo"),
    not a photo of one ("Toyota logo is seen at the company's plant …")."""
    alt, src = attribute(image, "alt"), attribute(image, "src").split("?")[0]
    tail = "/".join(src.rsplit("/", 2)[-2:])  # ".../mrj_avatar/0"
    return bool(_LOGO.search(tail) or len(alt) <= 30 and _LOGO.search(alt) or _QR_CODE.search(src.rsplit("/", 1)[-1]))


def _is_trailing_furniture(block: Tag, rules: CleaningRules) -> bool:
    return (block.name == "hr" or (block.name != "blockquote" and is_link_only(block)) or _introduces_nothing(block)
            or _is_qr_code(block) or _is_footer_links(block)
            or (rules.drop_trailing_images and _is_image_only(block)))


def _introduces_nothing(block: Tag) -> bool:
    """A short label ending in a colon with nothing after it, at the end ("Auch lesen:", "Czytaj też:",
    "Temas relacionados:", "延伸阅读："): what it introduced was taken out or never saved."""
    text = text_of(block)
    return block.name in ("p", *HEADINGS) and len(text) <= 40 and text.endswith((":", "：")) and not has_tag(block, "img")


def _is_code_label(block: Tag, after: Tag | None) -> bool:
    """The language name a code box's header shows ("bash", "csharp"), left as a line above the code."""
    text = text_of(block).strip()
    if after is None or after.name != "pre" or block.name != "p" or not text or len(text) > 20 or " " in text:
        return False
    from pygments.lexers import find_lexer_class_by_name  # only for a line above code
    from pygments.util import ClassNotFound

    try:
        find_lexer_class_by_name(text.lower())
    except ClassNotFound:
        return False
    return True


THUMBNAIL_PIXELS = 200  # an image its address sizes this small either way is an avatar or a card's thumbnail
ASPECT_RATIO = 32  # numbers this small in an address are a shape ("p:16x9", "4:3"), not pixels
_SIZE_IN_ADDRESS = re.compile(r"(?<![A-Za-z\d.])(\d{1,4})(?:x|×|:)(\d{1,4})(?![A-Za-z\d])")  # "-110x110.jpg", "max-180x180", "fill:64:64"


def _is_thumbnail(block: Tag) -> bool:
    """A picture alone whose address asks for it this small: an author's headshot, an avatar, the
    thumbnail of a related post's card; an article's own figure is served larger."""
    if not _is_image_only(block):
        return False
    sizes = [_SIZE_IN_ADDRESS.findall(urlsplit(attribute(image, "src")).path) for image in tags_in(block, "img")]
    return all(found and all(ASPECT_RATIO < int(w) <= THUMBNAIL_PIXELS and ASPECT_RATIO < int(h) <= THUMBNAIL_PIXELS
                             for w, h in found) for found in sizes)


def _is_image_only(block: Tag) -> bool:
    return block.name == "figure" and not has_tag(block, "figcaption") or (has_tag(block, "img") and not text_of(block))


def _is_footer_links(block: Tag) -> bool:
    """A site footer's row of short items: "关于网易 | About NetEase | 公司资讯 | 广告服务"."""
    items = [item.strip() for item in text_of(block).split("|")]
    return block.name == "p" and len(items) >= 3 and all(0 < len(item) <= 16 for item in items)


def _is_qr_code(block: Tag) -> bool:
    """An image whose file is named as a QR code ("ewm.png", "qrcode.jpg"), with no text: an app or account promo."""
    image = first_tag(block, "img") if block.name in ("figure", "p") else None
    return (image is not None and not text_of(block)
            and bool(_QR_CODE.search(attribute(image, "src").rsplit("/", 1)[-1])))
