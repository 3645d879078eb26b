"""Stage 3: an HTML fragment (`extract.to_fragment`) -> the article's clean, safe HTML and what its text states.

    blocks.content_blocks   the fragment -> content blocks in reading order, each normalised
    PASSES                  the cleaning passes, in order: each takes out what is not the article
    sanitize.clean_html     what is left -> HTML a browser may be given (nh3's allowlist)

The rules (`CleaningRules`: the defaults and the source's entries in `data/sources.yml`) decide what
the passes take out. A new pass is a function of `passes.CleaningPass`'s shape, placed in PASSES
where what it needs has been done: after `take_top_metadata` it sees no byline or date line, after
`cut_at_end_marker` no related-articles section.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice
from urllib.parse import urldefrag

from bs4 import Tag

from ..config.rules import CleaningRules
from .blocks import attribute, content_blocks, normalised, paragraphs_in, plain_of, tags_in, text_of
from .metadata import domain_of
from .passes import (
    LABEL_WORDS,
    SENTENCE_END,
    CleaningContext,
    CleaningPass,
    CleaningState,
    cut_at_end_marker,
    drop_boilerplate_blocks,
    drop_buttons,
    drop_leading_rules,
    drop_page_menu,
    drop_site_links,
    drop_source_template,
    drop_trailing_furniture,
    is_link_only,
    is_logo,
    is_prose,
    keep_main_content,
    take_cover_image,
    take_headline,
    take_top_metadata,
)
from .sanitize import clean_html, plain_text
from .stated import MetaLine, reporter_credit

PASSES: tuple[CleaningPass, ...] = (
    drop_buttons,             # buttons left as pictures ("like.png" beside "like-active.png") and their counts
    drop_source_template,     # what the source's other articles repeat: its site's menus, banners, footers
    take_headline,            # an untitled portal page's first short line is its headline
    take_cover_image,         # images the rules name as the cover are metadata
    take_top_metadata,        # near the top: title and source repeats, bylines, date and source lines
    drop_page_menu,           # a saved page's menu before the first paragraph of prose
    keep_main_content,        # a whole page's densest run of its own text: the article, without the frame
    drop_site_links,          # rows of the site's tag and category links, a copy-link button's address
    cut_at_end_marker,        # everything from "相关资讯" / "Related stories" on
    drop_boilerplate_blocks,  # "Read more" lists, promos, empty lines; copyright lines to the credits
    drop_trailing_furniture,  # link lists, QR codes, footers, trailing images at the end
    drop_leading_rules,       # horizontal rules left at the start
)


@dataclass(frozen=True)
class CleanBody:
    html: str
    text: str  # plain text of the kept blocks, for summaries and language detection
    attribution: str | None = None
    author: str | None = None
    cover_image: str | None = None
    date: str | None = None  # as written in a line of the text ("发布时间：2025-09-18"), not yet read
    source: str | None = None  # named in a line of the text ("来源：新华社", "WASHINGTON (Reuters) -")
    headline: str | None = None  # the first line, taken out, when it reads as the headline of an untitled body
    stated_lines: tuple[MetaLine, ...] = ()  # what each line the date, source and author were read from said
    lede: str = ""  # the first paragraphs' text, captions and headings left out: for the summary
    not_an_article: str | None = None  # why what is left is no article (a captcha page, a page's frame only)


def clean_body(fragment: str, rules: CleaningRules, *, title: str | None = None, source: str | None = None,
               base_url: str | None = None, find_headline: bool = False,
               passes: Sequence[CleaningPass] = PASSES) -> CleanBody:
    """HTML fragment -> the article's content blocks, boilerplate removed, sanitized. `title` and
    `source`: what is known before the text is read (their repeats near the top go); `base_url`:
    what relative links resolve against; `find_headline`: an untitled body's first line may be its title."""
    context = CleaningContext(rules=rules, title=title, source=source, find_headline=find_headline)
    return clean_blocks(content_blocks(fragment, rules, base_url), context, passes)


def clean_blocks(blocks: Sequence[Tag], context: CleaningContext, passes: Sequence[CleaningPass] = PASSES) -> CleanBody:
    """Content blocks (`content_blocks`) -> the article's, boilerplate removed, sanitized."""
    state = CleaningState(blocks=tuple(blocks))
    page = tuple(blocks)
    for cleaning_pass in passes:
        state = cleaning_pass(state, context)
    return _clean_body(state, context, page)


def _clean_body(state: CleaningState, context: CleaningContext, page: tuple[Tag, ...]) -> CleanBody:
    """The passes' result as the article needs it: HTML, text, and each field from the first line that states it."""
    # a byline after a marker (WeChat's 原创) or an author page's link comes first
    stated = ((MetaLine(author=state.byline),) if state.byline else ()) + state.stated_lines
    editors = tuple(editor for line in stated for editor in line.editors)
    blocks = state.blocks
    return CleanBody(
        html=clean_html("\n".join(str(block) for block in blocks)),
        text="\n".join(plain_of(block) for block in blocks),
        attribution="\n".join(dict.fromkeys(editors + state.credits)) or None,
        author=_first_author(stated, context.source) or _credited_reporter(blocks),
        cover_image=state.cover_image,
        date=next((line.date for line in stated if line.date), None),
        source=next((line.source for line in stated if line.source), None),
        headline=state.headline,
        stated_lines=stated,
        lede="\n".join(plain_of(block) for block in islice(filter(_is_summary_paragraph, blocks), 3)),
        not_an_article=_not_an_article(blocks, context, page),
    )


def _first_author(stated: tuple[MetaLine, ...], source: str | None) -> str | None:
    """The first author a line names, but the publication's own name (WeChat's line after 原创 may
    be the account's) when another line names a writer ("作者 | 张三")."""
    authors = [line.author for line in stated if line.author]
    own = normalised(source or "")
    return next((name for name in authors if normalised(name) != own), None) or next(iter(authors), None)


CREDIT_BLOCKS = 3  # how far from the top and the end a reporter's credit is looked for


def _credited_reporter(blocks: tuple[Tag, ...]) -> str | None:
    """The reporter a story credits in its text, first or last ("（大纪元记者刘毅报导）"): its writer,
    when no byline named one. The credit stays in the text."""
    ends = blocks[:CREDIT_BLOCKS] + blocks[-CREDIT_BLOCKS:]
    return next((name for name in map(reporter_credit, map(text_of, ends)) if name), None)


LITTLE_TEXT = 200  # characters outside links: with less, and no paragraph of prose, a page holds no article


def _not_an_article(blocks: tuple[Tag, ...], context: CleaningContext, page: tuple[Tag, ...]) -> str | None:
    """Why a cleaned body is no article, or None. A failed scrape leaves little of its own text: a
    check page says so (`not_an_article`: "当前环境异常，完成验证后即可继续访问"), a deleted post says
    so, and a whole page whose article the scrape missed leaves no sentence and no picture once its
    frame is gone: nothing at all, or whatever its rows of links left (`page`: the blocks before
    cleaning). A short note with no frame is an article, and so is a feed's item with a title and
    no text, or a list of links that is the page's content."""
    own = [text_of(block) for block in blocks if not is_link_only(block)]
    length = sum(map(len, own))
    if length >= 2 * LITTLE_TEXT:
        return None
    # a page that opens with the check's words may explain them at more length ("Please enable
    # JavaScript to proceed. A required part of this site couldn't load…")
    said = next((text for text in (own if length < LITTLE_TEXT else own[:1])
                 for pattern in context.rules.not_an_article if pattern.search(text)), None)
    if said is not None:
        return f"the page says {plain_text(said, limit=60)!r}, not an article"
    if length >= LITTLE_TEXT:
        return None
    pictures = any(not is_logo(image) for block in blocks if not is_link_only(block)  # not a card's or a logo's
                   for image in tags_in(block, "img"))
    if not context.whole_page or pictures or any(map(is_prose, blocks)):
        return None
    if own and not any(_A_WORD.search(text) for text in own):
        return f"only numbers and dates are left ({plain_text(' '.join(own), limit=40)!r}): the scrape missed the article"
    title = normalised(context.title or "")
    left = {id(block) for block in blocks}  # by identity: Tag's == compares whole subtrees
    frame = [block for block in page if id(block) not in left and normalised(text_of(block)) != title]
    framed = sum(1 for block in page if is_link_only(block)) >= FRAME_ROWS
    if (not blocks and frame) or (framed and paragraphs_in(frame) > paragraphs_in(blocks)) \
            or _only_its_menu(blocks, context.page_url):
        return "only the page's own links and labels are left: the scrape missed the article"
    return None


_A_WORD = re.compile(r"[^\W\d_]{2,}|[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")  # two letters, or a CJK character


def _only_its_menu(blocks: tuple[Tag, ...], page_url: str | None) -> bool:
    """Nothing left but rows of links, nearly all to the site's own pages (a scrape cut off inside its
    menu), and logos: a list of links to other sites is a page's content (a roundup)."""
    links = [attribute(link, "href") for block in blocks for link in tags_in(block, "a")]
    if not page_url or len(links) < FRAME_ROWS or not all(map(_is_menu_or_logo, blocks)):
        return False
    site, page = domain_of(page_url), urldefrag(page_url).url
    # a link into the page itself ("#184834") is its own contents: a day's digest is a list of them
    return sum(domain_of(link) == site and urldefrag(link).url != page for link in links) >= OWN_LINKS * len(links)


OWN_LINKS = 0.8  # of a page's links that lead to its own site, when what is left is its menu
def _is_menu_or_logo(block: Tag) -> bool:
    # a menu's item that is no link is a label of a few words ("Most Viewed")
    items = tags_in(block, "li") if block.name in ("ul", "ol") else ()
    return (is_link_only(block) or not text_of(block)
            or bool(items) and all(is_link_only(item) or len(text_of(item).split()) <= LABEL_WORDS for item in items))


FRAME_ROWS = 3  # rows of links that make a page's frame


def _is_summary_paragraph(block: Tag) -> bool:
    """What the summary is made of: paragraphs, not captions, headings or a lone label ("Key takeaways")."""
    if block.name not in ("p", "li", "ul", "ol", "blockquote"):
        return False
    text = text_of(block)
    return len(text) > 20 or bool(SENTENCE_END.search(text))
