"""Flattening: an HTML fragment -> the article's content blocks, in reading order.

The fragment is parsed with BeautifulSoup (lxml); what the rules' selectors name is removed; nested
layout markup is flattened into a list of blocks (paragraph, heading, list, quote, table, figure,
code); each block is normalised (absolute URLs, no stray spaces, an image with a short caption made
a figure, empty blocks dropped) and loose captions join their figure. Which blocks are boilerplate
is decided after, by the cleaning passes (`passes.py`). Also here: what the passes ask of a block
(its text, its tags).
"""
from __future__ import annotations

import functools
import hashlib
import re
import warnings
from collections.abc import Collection, Iterable
from typing import Any
from urllib.parse import urlsplit

from bs4 import (
    BeautifulSoup,
    CData,
    Comment,
    Doctype,
    NavigableString,
    PageElement,
    ProcessingInstruction,
    Tag,
    XMLParsedAsHTMLWarning,
)

from ..config.rules import CleaningRules, Selectors
from .sanitize import join_url

# A seed that looks like XML is read as the HTML it is meant to be; bs4's warning would name no file.
warnings.filterwarnings("ignore", category=XMLParsedAsHTMLWarning)

# Elements whose content is never article text.
_DROP = {"script", "style", "noscript", "iframe", "object", "embed", "form", "input", "button", "select", "textarea",
         "svg", "math", "nav", "aside", "footer", "template", "link", "meta", "title", "head", "canvas", "video",
         "audio", "source", "map", "dialog", "label"}
# Blocks kept as they are (their insides are cleaned by the sanitizer).
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "pre", "table", "figure", "dl", "hr",
           "figcaption"}
_INLINE = {"a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "del", "dfn", "em", "i", "img", "ins", "kbd",
           "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "font", "wbr",
           "picture", "big", "strike", "tt"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_WHITESPACE = " \t\n\r\f\v\u3000\xa0\u2002\u2003\u2009\u200b"
_NORMALISE = re.compile(r"[\W_]+")
_SPACE_RUN = re.compile(r"\s+")
_HOLDS_LINES = frozenset({"ul", "ol", "dl", "table", "blockquote", "figure"})  # blocks whose items are lines
# what starts a line of its own inside them: items, cells, rows, paragraphs, captions, breaks
_LINE_ELEMENTS = frozenset({"li", "dt", "dd", "tr", "td", "th", "p", "div", "ul", "ol", "dl", "table", "blockquote",
                            "figure", "figcaption", "caption", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "section",
                            "article", "header", "footer", "aside", "address", "details", "summary", "hr", "center"})
_WORD_CHAR = re.compile(r"[^\W_]")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
PROSE_CHARS = 80  # letters and digits: a block this long is a paragraph of prose, not a line of a page's frame


def content_blocks(fragment: str, rules: CleaningRules, base_url: str | None = None, *,
                   short_lines_apart: bool = False) -> list[Tag]:
    """HTML fragment -> its content blocks in reading order, each normalised, captions joined to their figures.
    Relative links and images are resolved against `base_url`. `short_lines_apart`: a paragraph of
    short lines (Markdown's soft line breaks, not wrapped prose) is a block per line (`lines_apart`)."""
    soup = BeautifulSoup(fragment, "lxml")
    page = fragment.lower()  # for the selectors' needles
    remove_selected(soup, rules.remove_selectors, page)
    raw_blocks: list[Tag] = []
    _flatten(soup, soup.body or soup, raw_blocks)
    if short_lines_apart:
        raw_blocks = [line for block in raw_blocks for line in lines_apart(block, rules)]
    blocks = [b for b in (_normalise_block(soup, block, base_url, rules, page) for block in raw_blocks) if b is not None]
    return _attach_captions(soup, blocks, rules)


def parsed_blocks(html: str) -> list[Tag]:
    """Content blocks kept as HTML (`"".join(str(block) for block in content_blocks(…))`) -> the blocks
    again, the same: each was a whole element in a parsed tree, so parsing their HTML gives them back."""
    body = BeautifulSoup(html, "lxml").body
    return [child for child in body.children if isinstance(child, Tag)] if body is not None else []


def selected(soup: BeautifulSoup, selectors: tuple[Selectors, ...], page: str) -> list[Tag]:
    """The elements the rules name: `[class*=x]` / `[id*=x]` checked here, in one walk, taking x at
    the start of a word of the class or id (`share` takes `share-bar` and `post-share`, not
    `timeshare`: a class name's substring says little); every other selector by soupsieve, compiled
    when the rules were loaded. Removing them is the caller's, within `may_remove`."""
    starts = _word_starts(selectors)
    found = []
    if starts:
        for tag in soup.descendants:  # find_all(function) made a filter of bs4's for each of a page's elements
            if not isinstance(tag, Tag) or not ("class" in tag.attrs or "id" in tag.attrs):
                continue
            for attr, start in starts:
                value = tag.get(attr)
                if start.search(" ".join(value) if isinstance(value, list) else str(value or "")):
                    found.append(tag)
                    break
    for entry in selectors:
        found += entry.select(soup, page)
    return found


@functools.lru_cache(maxsize=64)  # a build has a few cleaning rules, each used for thousands of seeds
def _word_starts(selectors: tuple[Selectors, ...]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each `[class*=x]` / `[id*=x]` as its attribute and a pattern of x at the start of a word."""
    return tuple((attr, re.compile(r"(?<![^\W_])" + re.escape(needle), re.IGNORECASE if folded else 0))
                 for entry in selectors for attr, needle, folded in entry.contains)


MOST_OF_THE_TEXT = 0.5  # an element holding more of the page's text than this is its content, whatever its class
CONTENT_ELEMENTS = ("html", "body", "main", "article")  # the page's own marks of its content: never removed


def may_remove(name: str, chars: int, page_chars: int) -> bool:
    """May a selector remove an element named `name` holding `chars` of the page's `page_chars` characters?"""
    return name not in CONTENT_ELEMENTS and chars <= MOST_OF_THE_TEXT * page_chars


def remove_selected(soup: BeautifulSoup, selectors: tuple[Selectors, ...], page: str) -> None:
    """Delete the elements the rules name (`selected`), but never an <article> or <main> element nor
    one holding most of the text (`[class*=social]` on a post in category-social-media)."""
    doomed = selected(soup, selectors, page)
    if not doomed:
        return
    page_chars = len(soup.get_text())
    for tag in doomed:
        if tag.parent is not None and may_remove(tag.name, len(tag.get_text()), page_chars):
            tag.decompose()


# ---------------------------------------------------------------------------------------------
# What the passes ask of a block.

# what get_text() reads in an ordinary tag (bs4's Tag.MAIN_CONTENT_STRING_TYPES): text and CDATA, not comments
_TEXT_TYPES: set[type] = {NavigableString, CData}


def text_of(tag: Tag) -> str:
    """The words of a tag as a reader sees them, words of inline elements apart ("Open AI"):
    `tag.get_text(" ", strip=True)`, the same, in one loop (cleaning asks it 270 times an article)."""
    if tag.interesting_string_types != _TEXT_TYPES:  # a <script>, <style> or <template>: bs4's own way
        return tag.get_text(" ", strip=True).strip(_WHITESPACE)
    words = []
    for node in tag.descendants:
        if isinstance(node, NavigableString) and type(node) in _TEXT_TYPES:  # isinstance: for the type checker
            word = node.strip()
            if word:
                words.append(word)
    return " ".join(words).strip(_WHITESPACE)


def plain_of(block: Tag) -> str:
    """A block's words for analysis: inline markup joins without a space ("Open<b>AI</b>" is
    "OpenAI", in a list's item too: "<b>超17亿美元</b>用于…" is one sentence), list items and table
    cells are separate lines."""
    if block.name not in _HOLDS_LINES:
        return _SPACE_RUN.sub(" ", block.get_text("")).strip(_WHITESPACE)
    pieces: list[str] = []
    line: Tag | None = None  # the element whose line the last text was on
    for node in block.descendants:
        if isinstance(node, Tag):
            if node.name == "br":
                pieces.append("\n")
        elif type(node) is NavigableString:  # text, not comments
            # a new line wherever the text's nearest line element changes: into an item, and back out
            # of a nested list to the rest of its item ("item", "sub", "tail")
            owner = parent_named(node, _LINE_ELEMENTS) or block
            if owner is not line:
                pieces.append("\n")
                line = owner
            pieces.append(str(node))
    return "\n".join(_SPACE_RUN.sub(" ", text).strip() for text in "".join(pieces).split("\n") if text.strip())


def normalised(text: str) -> str:
    """Text without punctuation, spaces or case, to compare a line with a title or a name."""
    return _NORMALISE.sub("", text).lower()


_FILE_NAME = re.compile(r"^\S+\.(?:png|jpe?g|gif|webp|svg|bmp)$", re.IGNORECASE)  # a caption that is a picture's file


def fingerprint(block: Tag) -> str | None:
    """What a block is, word for word or nearly, for finding the blocks a source's articles repeat
    (source/template.py): a digest of its words without punctuation, spaces, case or years (a copyright
    line's "© 2024"), or of an image's file when it has no words of its own: none, or only the
    picture's file name or alt ("image.png", the standing caption a blog host puts under every
    screenshot: the screenshots are each article's own). A banner's slogan is told by its words: a
    host that stores each post's copy of a picture anew (WeChat) gives it a new path every time.
    Other numbers count: a market report's standard sentence with this day's rates is the day's news,
    not the site's frame. A long block is marked "p" (prose: learning asks more repetition of it),
    any other "s"; None: nothing to tell."""
    words = text_of(block).strip()
    text = _YEAR.sub("0", normalised(words))
    image = first_tag(block, "img")
    if image is not None and (not text or _FILE_NAME.match(words) or words == attribute(image, "alt").strip()):
        source = urlsplit(attribute(image, "src")).path
        text += "image:" + source if source else ""
    if not text:
        return None
    kind = "p" if len(text) >= PROSE_CHARS else "s"
    return kind + hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def tags_in(block: Tag, *names: str) -> list[Tag]:
    """`block.find_all(names)` without bs4's search machinery (a filter object per call): cleaning
    calls it on each of an article's thirty-odd blocks, and this is three times faster."""
    return [node for node in block.descendants if isinstance(node, Tag) and node.name in names]


def first_tag(block: Tag, *names: str) -> Tag | None:
    """`block.find(names)`, typed and without bs4's filter object per call (cleaning asks it of every
    block: "has it an image?")."""
    for node in block.descendants:
        if isinstance(node, Tag) and node.name in names:
            return node
    return None


def has_tag(block: Tag, *names: str) -> bool:
    return first_tag(block, *names) is not None


def parent_named(node: PageElement, names: Collection[str]) -> Tag | None:
    """`node.find_parent(names)`: the nearest element above it of one of these names."""
    parent = node.parent
    while parent is not None:
        if parent.name in names:
            return parent
        parent = parent.parent
    return None


def attribute(tag: Tag, name: str) -> str:
    """An attribute's value as text ("" when missing)."""
    return str(tag.get(name) or "")


def _strings(block: Tag) -> list[NavigableString]:
    """The text nodes under `block` (not comments), as `find_all(string=True)` finds them, faster."""
    return [node for node in block.descendants if type(node) is NavigableString]


# ---------------------------------------------------------------------------------------------
# Flattening: nested layout markup -> a flat list of content blocks in reading order.

def _has_block_inside(tag: Tag) -> bool:
    return any(isinstance(t, Tag) and (t.name in _BLOCKS or t.name in ("div", "section", "article"))
               for t in tag.descendants)


def _is_layout_table(tag: Tag) -> bool:
    """A table of one column is page layout (an old portal's title and dateline rows), not data:
    its cells are read as the blocks they hold."""
    if tag.name != "table":
        return False
    if has_tag(tag, "img"):
        return False  # an image and its caption in a table: _normalise_block makes them a figure
    rows = tag.find_all("tr")
    return bool(rows) and all(len(row.find_all(["td", "th"], recursive=False)) <= 1 for row in rows)


LINE_OF = "data-line-of"  # on a line of a paragraph set apart: which paragraph (its id()) it was
_NEW_TAGS = BeautifulSoup("", "html.parser")  # makes the new paragraphs; they are moved into the article
SHORT_LINE = 50  # characters: a line of a date, a byline, a counter, a row of tags; wrapped prose runs longer


def lines_apart(block: Tag, rules: CleaningRules) -> list[Tag]:
    """A paragraph whose lines are all short ("January 4, 2023\n1 Minute", "By Ann\n3 comments") as
    one paragraph per line, so each is judged on its own: a scraped page joins its date, its byline
    and its counters so (Markdown's soft line breaks). Anything else stays as it is, and so does a
    paragraph a rule names whole (WeChat's "视频 小程序 赞 ，轻点两下取消赞" widget: `cut_at_text`)."""
    if block.name != "p" or "\n" not in block.get_text():
        return [block]
    whole = text_of(block)
    if any(pattern.search(whole) for pattern in (*rules.cut_at_text, *rules.drop_blocks, *rules.not_an_article)):
        return [block]
    lines: list[list[Any]] = [[]]
    for child in list(block.children):
        if isinstance(child, NavigableString) and "\n" in child:
            first, *rest = str(child).split("\n")
            lines[-1].append(first)
            lines.extend([part] for part in rest)
        elif isinstance(child, Tag) and "\n" in child.get_text():
            return [block]  # a break inside a link or a mark: keep the paragraph whole
        else:
            lines[-1].append(child)
    texts = ["".join(n if isinstance(n, str) else n.get_text() for n in line).strip() for line in lines]
    if len([t for t in texts if t]) < 2 or any(len(text) > SHORT_LINE and not _is_link_row(line)
                                                for line, text in zip(lines, texts, strict=True)):
        return [block]
    paragraphs = []
    for line, text in zip(lines, texts, strict=True):
        if not text:
            continue
        # the lines of one paragraph count as one where blocks are counted (clean._not_an_article);
        # the sanitizer drops the attribute
        paragraph = _NEW_TAGS.new_tag("p", attrs={LINE_OF: str(id(block))})
        for node in line:
            paragraph.append(NavigableString(node) if isinstance(node, str) else node.extract())
        paragraphs.append(paragraph)
    return paragraphs


def _is_link_row(line: list[Any]) -> bool:
    """A line of two or more links and the commas between them ("[News](/category/news/), [Attacks](…)"):
    a row of categories or tags, however long; a sentence has words outside its links, and a long
    link alone on a line is a wrapped sentence's."""
    return sum(1 for node in line if isinstance(node, Tag) and node.name == "a") >= 2 and all(
        isinstance(node, Tag) and node.name == "a" or not _WORD_CHAR.search(str(node)) for node in line)


def paragraphs_in(blocks: Iterable[Tag]) -> int:
    """How many blocks, the lines of a paragraph set apart (`_lines_apart`) counted once."""
    return len({block.get(LINE_OF) or id(block) for block in blocks})


def _flatten(soup: BeautifulSoup, node: Tag, blocks: list[Tag]) -> None:
    pending: list[Any] = []

    def flush() -> None:
        if not pending:
            return
        paragraph = soup.new_tag("p")
        for item in pending:
            paragraph.append(item.extract() if item.parent is not None else item)
        pending.clear()
        blocks.append(paragraph)

    for child in list(node.children):
        if isinstance(child, (Comment, Doctype, ProcessingInstruction)):
            continue
        if isinstance(child, NavigableString):
            if str(child).strip(_WHITESPACE) or pending:
                pending.append(child)
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name
        if name in _DROP:
            continue
        if name == "br" and pending and getattr(pending[-1], "name", None) == "br":
            pending.pop()  # two line breaks in a row separate paragraphs
            flush()
            continue
        if name in _BLOCKS and not (name == "p" and _has_block_inside(child)) and not _is_layout_table(child):
            flush()
            blocks.append(child)
        elif name in _INLINE and not _has_block_inside(child):
            pending.append(child)
        else:  # div, section, article, unknown tags, inline tags wrapping blocks: look inside
            flush()
            _flatten(soup, child, blocks)
            flush()
    flush()


# ---------------------------------------------------------------------------------------------
# Normalising single blocks.

def _fix_urls(block: Tag, base_url: str | None) -> None:
    """Links and images made absolute (an image's lazy-loading source preferred); those without a
    usable address go (a link keeps its text), and so do all their other attributes."""
    tags = tags_in(block, "img", "a")
    for img in (tag for tag in tags if tag.name == "img"):
        src = next((img.get(key) for key in ("data-src", "data-original", "data-lazy-src", "src") if img.get(key)), "")
        url = join_url(base_url, str(src).strip()) if src else None
        if url is None:
            img.decompose()
            continue
        attrs: dict[str, Any] = {"src": url}
        for key in ("alt", "title", "width", "height"):
            if img.get(key):
                attrs[key] = img[key]
        img.attrs = attrs
    for link in (tag for tag in tags if tag.name == "a"):
        href = attribute(link, "href").strip()
        url = join_url(base_url, href) if href and not href.startswith("#") else None
        if url is None:
            link.unwrap()
        else:
            link.attrs = {"href": url}


def _strip_edges(block: Tag) -> None:
    """Remove the full-width indents and stray spaces at a paragraph's start and end."""
    for index, strip in ((0, str.lstrip), (-1, str.rstrip)):
        strings = _strings(block)
        if not strings:
            return
        node = strings[index]
        text = str(node)
        new = strip(text, _WHITESPACE)
        if new != text:
            node.replace_with(new)
    while block.contents and getattr(block.contents[0], "name", None) == "br":
        block.contents[0].extract()
    while block.contents and getattr(block.contents[-1], "name", None) == "br":
        block.contents[-1].extract()


def _as_figure(soup: BeautifulSoup, block: Tag) -> Tag:
    """A paragraph or layout table that holds images and at most a short caption -> <figure>."""
    images = tags_in(block, "img")
    for img in images:
        img.extract()
    caption_text = text_of(block)
    figure = soup.new_tag("figure")
    for img in images:
        figure.append(img)
    if caption_text:
        caption = soup.new_tag("figcaption")
        caption.string = caption_text
        figure.append(caption)
    return figure


def _strip_inline(block: Tag, rules: CleaningRules, page: str | None = None) -> None:
    """Inline clutter the rules name: unwrap elements (ticker links), then cut text patterns."""
    for entry in rules.unwrap_selectors:
        for tag in entry.select(block, page):
            tag.unwrap()
    if not rules.strip_text:
        return
    block.smooth()
    for node in _strings(block):
        text = str(node)
        new = text
        for pattern in rules.strip_text:
            new = pattern.sub("", new)
        if new != text:
            node.replace_with(new)


_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\s*\*\*")  # Markdown's bold, left as text in an HTML body
_STRAY_STARS = re.compile(r"(?:^|(?<=\s))\*{2,}\s*|\s*\*{2,}(?=\s|$)")  # "…不是我的** 。", a line's "****"


def _mark_emphasis(soup: BeautifulSoup, block: Tag) -> None:
    """Markdown's `**bold**` written inside an HTML body (or not rendered, "** 大学层次越低 **") becomes
    bold, and a stray run of asterisks beside a space or at an end goes: a reader never sees the
    asterisks. Code is left alone ("2**8", "**kwargs")."""
    for node in _strings(block):
        text = str(node)
        if "**" not in text or parent_named(node, ("code", "pre", "kbd", "samp")) is not None:
            continue
        parts = _BOLD.split(text)
        pieces: list[Any] = []
        for index, part in enumerate(parts):
            if index % 2:
                strong = soup.new_tag("strong")
                strong.string = part
                pieces.append(strong)
            elif _STRAY_STARS.sub("", part):
                pieces.append(NavigableString(_STRAY_STARS.sub("", part)))
        if pieces:
            node.replace_with(*pieces)
        else:
            node.extract()


def _normalise_block(soup: BeautifulSoup, block: Tag, base_url: str | None, rules: CleaningRules,
                     page: str | None = None) -> Tag | None:
    """One block made ready for the passes, or None when nothing of it is left to show."""
    _fix_urls(block, base_url)
    _strip_inline(block, rules, page)
    if block.name != "pre":
        _mark_emphasis(soup, block)
    name = block.name
    if name in HEADINGS:
        for img in tags_in(block, "img"):
            img.decompose()  # icons in headings
        _strip_edges(block)
        if not text_of(block):
            return None
        if name == "h1":
            block.name = "h2"  # the page's own title is the only h1
        block.attrs = {}
        return block
    if name == "p":
        _strip_edges(block)
        images = tags_in(block, "img")
        text = text_of(block)
        linked_text = any(text_of(link) for link in tags_in(block, "a") if link.has_attr("href"))
        if images and len(text) <= 120 and not linked_text:
            return _as_figure(soup, block)
        if not text and not images:
            return None
        block.attrs = {}
        return block
    if name == "table":
        cells_text = text_of(block)
        if has_tag(block, "img") and len(cells_text) <= 120:
            return _as_figure(soup, block)  # a layout table around an image
        return block if cells_text else None
    if name in ("ul", "ol", "dl", "blockquote"):
        for item in tags_in(block, "li"):
            if not text_of(item) and not has_tag(item, "img"):
                item.decompose()
        return block if text_of(block) or has_tag(block, "img") else None
    if name in ("figure", "figcaption"):
        for caption in tags_in(block, "figcaption"):
            if not text_of(caption):
                caption.decompose()
        if name == "figcaption" and not text_of(block):
            return None
        return block if has_tag(block, "img") or text_of(block) else None
    return block


def _attach_captions(soup: BeautifulSoup, blocks: list[Tag], rules: CleaningRules) -> list[Tag]:
    """Captions that scrapers leave beside their image become the figure's caption.

    A loose <figcaption> after a figure, or a short paragraph right after an uncaptioned
    figure that repeats the image's alt text or reads like a caption (the `captions`
    rules: "资料图片：…", "…REUTERS/Name"), is that figure's caption.
    """
    result: list[Tag] = []
    for block in blocks:
        image = _uncaptioned_image(result[-1]) if result else None
        if image is not None:
            alt = normalised(attribute(image, "alt"))
            text = text_of(block)
            repeats_alt = bool(alt) and len(alt) >= 4 and normalised(text) in (alt, alt + alt)
            reads_like_caption = len(text) <= 200 and any(p.search(text) for p in rules.captions)
            if block.name == "figcaption" or (block.name == "p" and (repeats_alt or reads_like_caption)):
                caption = soup.new_tag("figcaption")
                caption.string = text
                result[-1].append(caption)
                continue
        if block.name == "figcaption":
            block.name = "p"  # a caption with no image to belong to is a paragraph
        result.append(block)
    return result


def _uncaptioned_image(block: Tag) -> Tag | None:
    """The image of a figure that has no caption yet."""
    if block.name != "figure" or has_tag(block, "figcaption"):
        return None
    return first_tag(block, "img")
