"""Stage 3: any body (HTML fragment, saved web page, Markdown, plain text) -> clean, safe HTML.

Everything is turned into an HTML fragment first, parsed with BeautifulSoup (lxml),
flattened into a list of content blocks (paragraph, heading, list, quote, table,
figure, code) in reading order, and then the source's rules from `data/sources.yml`
decide which blocks are boilerplate. nh3 sanitizes the result.

Whole saved web pages go through trafilatura first, which finds the article among
navigation, sidebars and footers; fragments do not need it.
"""
from __future__ import annotations

import html as htmllib
import re
import warnings
from dataclasses import dataclass
from typing import Any

import markdown
from bs4 import BeautifulSoup, Comment, Doctype, NavigableString, ProcessingInstruction, Tag, XMLParsedAsHTMLWarning

from ..model import BodyFormat
from ..config.rules import CleaningRules, Selectors
from .sanitize import clean_html, join_url, plain_text
from .stated import META_LINE_CHARS, MetaLine, looks_like_publication, read_meta_line

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
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_WHITESPACE = " \t\n\r\f\v\u3000\xa0\u2002\u2003\u2009\u200b"
_PUNCTUATION_ONLY = re.compile(r"^[\s\W_]*$")
# a headline has no full stop (a company's "Inc." is no full stop)
_PARAGRAPH_END = re.compile(r"(?:[。！!…;；:：]|(?<!Inc)(?<!Ltd)(?<!Corp)(?<!Co)(?<!Jr)\.)\W{0,2}$")
_SENTENCE_END = re.compile(r"[。！？!?；;]|\.\s|\.$")
_NORMALISE = re.compile(r"[\W_]+")
_SPACE_RUN = re.compile(r"\s+")
_MULTILINE_LINK = re.compile(r"\[(!\[[^\]\n]*\]\([^)\s]*\))[ \t]*\n[ \t]*\n([^\n\]]*)\]\(([^)\s]+)\)")
_MARKDOWN = markdown.Markdown(extensions=["extra", "sane_lists"], output_format="html")


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


def to_fragment(body: str, body_format: BodyFormat, prune: tuple[Selectors, ...] = ()) -> tuple[str, dict[str, Any]]:
    """Any body -> (HTML fragment, metadata found in the page itself). `prune`: selectors of what to
    remove from a whole saved page before its article is extracted (extraction drops the classes
    that would have named it: a newsletter box inside the article survives it)."""
    if body_format == "page":
        return _extract_page(body, prune)
    if body_format == "html":
        return _html_with_markdown_preamble(body), {}
    if body_format == "markdown":
        return _render_markdown(body), {}
    return "".join(f"<p>{htmllib.escape(line.strip())}</p>" for line in body.split("\n") if line.strip()), {}


def _render_markdown(text: str) -> str:
    # Scrapers split a linked image and its caption over two paragraphs: "[![](img)\n\ntitle](url)".
    text = _MULTILINE_LINK.sub(r"[\1 \2](\3)", text)
    _MARKDOWN.reset()
    return _MARKDOWN.convert(text)


def _html_with_markdown_preamble(body: str) -> str:
    """Jekyll-style bodies: a few Markdown lines (a title link, a rule) before the HTML."""
    lines = body.split("\n")
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("<") and not stripped.startswith("<!--"):
            preamble = "\n".join(lines[:index])
            return (_render_markdown(preamble) if preamble.strip() else "") + "\n".join(lines[index:])
    return body


def _extract_page(page: str, prune: tuple[Selectors, ...] = ()) -> tuple[str, dict[str, Any]]:
    import trafilatura  # imported on first use: a second of start-up most builds never need

    if prune:
        soup = BeautifulSoup(page, "lxml")
        _remove(soup, prune, page.lower())
        for image in soup.find_all("img"):
            for attribute in ("src", "data-src", "data-original"):
                value = image.get(attribute)
                # trafilatura keeps only images whose URL ends like an image file; many Chinese image
                # servers' do not ("…/om_bt/OhqZ3b9cX/641"): a fragment it accepts, taken off after
                if isinstance(value, str) and value.startswith(("http", "//")) and not _IMAGE_FILE.search(value):
                    image[attribute] = value + _IMAGE_MARK
        page = str(soup)

    found = trafilatura.bare_extraction(page, output_format="python", include_images=True, include_links=True,
                                        include_tables=True, include_formatting=True, with_metadata=True,
                                        date_extraction_params={"extensive_search": False, "original_date": True})
    fragment = trafilatura.extract(page, output_format="html", include_images=True, include_links=True,
                                   include_tables=True, include_formatting=True, with_metadata=False) or ""
    meta: dict[str, Any] = {}
    if found is not None:
        doc = found.as_dict() if hasattr(found, "as_dict") else dict(found)
        for ours, theirs in (("title", "title"), ("author", "author"), ("date", "date"), ("source", "sitename"),
                             ("original_url", "url"), ("summary", "description"), ("image", "image"),
                             ("language", "language")):
            if doc.get(theirs):
                meta[ours] = doc[theirs]
    if not meta.get("original_url"):
        saved = _SAVED_FROM.search(page[:5000])  # the browser's or SingleFile's note of where the page was
        if saved:
            meta["original_url"] = saved.group(1) or saved.group(2)
    if meta.get("author") and looks_like_publication(str(meta["author"])):
        meta.pop("author")  # <meta name=author content="每日经济新闻">: the paper, not a writer
    source = str(meta.get("source") or "")
    if _HOSTNAME.match(source) or _NOT_A_SITE_NAME.search(source):
        meta.pop("source")  # trafilatura's fallback is the URL's host, or a <meta name=copyright>: no name
    if not meta.get("author"):
        author = _META_AUTHOR.search(page[:50_000])  # trafilatura drops a name without a space: every Chinese one
        if author and not author.group(1).strip().isdigit() and not looks_like_publication(author.group(1).strip()):
            meta["author"] = htmllib.unescape(author.group(1)).strip()
    if not fragment:
        fragment = page  # trafilatura found no article: let the generic cleaner try the whole page
    return fragment.replace(_IMAGE_MARK, ""), meta


_IMAGE_FILE = re.compile(r"\.(avif|bmp|gif|hei[cf]|jpe?g|png|webp|svg)(\b|$)", re.IGNORECASE)
_IMAGE_MARK = "#newsroom-image.jpg"


_HOSTNAME = re.compile(r"^(www\.)?[\w-]+(\.[\w-]+)+$")
# "<!-- saved from url=(0052)https://…/x.html -->" (a browser's "Save page as"), "url: https://…" (SingleFile)
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(https?://[^\s<>\"']+)\s*-->"
                         r"|<!--\s*Page saved with SingleFile\s+url:\s*(?=https?://)([^\s<>\"']+)", re.IGNORECASE)
_NOT_A_SITE_NAME = re.compile(r"版权|版權|©|copyright|rights reserved", re.IGNORECASE)
_META_AUTHOR = re.compile(r"""<meta\s+(?:name|property)=["'](?:author|article:author)["']\s+content=["']([^"'<>]{2,40})["']""",
                          re.IGNORECASE)


# ---------------------------------------------------------------------------------------------
# Flattening: nested layout markup -> a flat list of content blocks in reading order.

def _has_block_inside(tag: Tag) -> bool:
    return tag.find(lambda t: isinstance(t, Tag) and (t.name in _BLOCKS or t.name in ("div", "section", "article")))


def _is_layout_table(tag: Tag) -> bool:
    """A table of one column is page layout (an old portal's title and dateline rows), not data:
    its cells are read as the blocks they hold."""
    if tag.name != "table":
        return False
    if tag.find("img") is not None:
        return False  # an image and its caption in a table: _normalise_block makes them a figure
    rows = tag.find_all("tr")
    return bool(rows) and all(len(row.find_all(["td", "th"], recursive=False)) <= 1 for row in rows)


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

def _text(tag: Tag) -> str:
    return tag.get_text(" ", strip=True).strip(_WHITESPACE)


def _plain(block: Tag) -> str:
    """A block's words for analysis: inline markup joins without a space ("Open<b>AI</b>" is
    "OpenAI"), list items and table cells are separate lines."""
    if block.name in ("ul", "ol", "dl", "table", "blockquote", "figure"):
        return "\n".join(_SPACE_RUN.sub(" ", line).strip() for line in block.get_text("\n").split("\n") if line.strip())
    return _SPACE_RUN.sub(" ", block.get_text("")).strip(_WHITESPACE)


def _normalised(text: str) -> str:
    return _NORMALISE.sub("", text).lower()


def _tags(block: Tag, *names: str) -> list[Tag]:
    """`block.find_all(names)` without bs4's search machinery (a filter object per call): cleaning
    calls it on each of an article's thirty-odd blocks, and this is three times faster."""
    return [node for node in block.descendants if isinstance(node, Tag) and node.name in names]


def _strings(block: Tag) -> list[NavigableString]:
    """The text nodes under `block` (not comments), as `find_all(string=True)` finds them, faster."""
    return [node for node in block.descendants if type(node) is NavigableString]


def _fix_urls(block: Tag, base_url: str | None) -> None:
    tags = _tags(block, "img", "a")
    for img in (tag for tag in tags if tag.name == "img"):
        src = next((img.get(key) for key in ("data-src", "data-original", "data-lazy-src", "src") if img.get(key)), "")
        url = join_url(base_url, str(src).strip()) if src else None
        if url is None:
            img.decompose()
            continue
        attrs = {"src": url}
        for key in ("alt", "title", "width", "height"):
            if img.get(key):
                attrs[key] = img[key]
        img.attrs = attrs
    for link in (tag for tag in tags if tag.name == "a"):
        href = str(link.get("href") or "").strip()
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
    images = _tags(block, "img")
    for img in images:
        img.extract()
    caption_text = _text(block)
    figure = soup.new_tag("figure")
    for img in images:
        figure.append(img)
    if caption_text:
        caption = soup.new_tag("figcaption")
        caption.string = caption_text
        figure.append(caption)
    return figure


def _normalise_block(soup: BeautifulSoup, block: Tag, base_url: str | None, rules: CleaningRules,
                     page: str | None = None) -> Tag | None:
    _fix_urls(block, base_url)
    _strip_inline(block, rules, page)
    name = block.name
    if name in _HEADINGS:
        for img in _tags(block, "img"):
            img.decompose()  # icons in headings
        _strip_edges(block)
        if not _text(block):
            return None
        if name == "h1":
            block.name = "h2"  # the page's own title is the only h1
        block.attrs = {}
        return block
    if name == "p":
        _strip_edges(block)
        images = _tags(block, "img")
        text = _text(block)
        linked_text = any(_text(link) for link in _tags(block, "a") if link.has_attr("href"))
        if images and len(text) <= 120 and not linked_text:
            return _as_figure(soup, block)
        if not text and not images:
            return None
        block.attrs = {}
        return block
    if name == "table":
        cells_text = _text(block)
        if block.find("img") and len(cells_text) <= 120:
            return _as_figure(soup, block)  # a layout table around an image
        return block if cells_text else None
    if name in ("ul", "ol", "dl", "blockquote"):
        for item in _tags(block, "li"):
            if not _text(item) and not item.find("img"):
                item.decompose()
        return block if _text(block) or block.find("img") else None
    if name in ("figure", "figcaption"):
        for caption in _tags(block, "figcaption"):
            if not _text(caption):
                caption.decompose()
        if name == "figcaption" and not _text(block):
            return None
        return block if block.find("img") or _text(block) else None
    return block


def _attach_captions(soup: BeautifulSoup, blocks: list[Tag], rules: CleaningRules) -> list[Tag]:
    """Captions that scrapers leave beside their image become the figure's caption.

    A loose <figcaption> after a figure, or a short paragraph right after an uncaptioned
    figure that repeats the image's alt text or reads like a caption (the `captions`
    rules: "资料图片：…", "…REUTERS/Name"), is that figure's caption.
    """
    result: list[Tag] = []
    for block in blocks:
        previous = result[-1] if result else None
        uncaptioned = previous is not None and previous.name == "figure" and previous.find("figcaption") is None
        if uncaptioned and previous.find("img") is not None:
            alt = _normalised(str(previous.find("img").get("alt") or ""))
            text = _text(block)
            repeats_alt = bool(alt) and len(alt) >= 4 and _normalised(text) in (alt, alt + alt)
            reads_like_caption = len(text) <= 200 and any(p.search(text) for p in rules.captions)
            if block.name == "figcaption" or (block.name == "p" and (repeats_alt or reads_like_caption)):
                caption = soup.new_tag("figcaption")
                caption.string = text
                previous.append(caption)
                continue
        if block.name == "figcaption":
            block.name = "p"  # a caption with no image to belong to is a paragraph
        result.append(block)
    return result


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


# ---------------------------------------------------------------------------------------------
# Rules over the block list.

def _is_image_only(block: Tag) -> bool:
    return block.name == "figure" and not block.find("figcaption") or (bool(block.find("img")) and not _text(block))


def _is_footer_links(block: Tag) -> bool:
    """A site footer's row of short items: "关于网易 | About NetEase | 公司资讯 | 广告服务"."""
    items = [item.strip() for item in _text(block).split("|")]
    return block.name == "p" and len(items) >= 3 and all(0 < len(item) <= 16 for item in items)


def _is_qr_code(block: Tag) -> bool:
    """An image whose file is named as a QR code ("ewm.png", "qrcode.jpg"), with no text: an app or account promo."""
    image = block.find("img") if block.name in ("figure", "p") else None
    return (image is not None and not _text(block)
            and bool(_QR_CODE.search(str(image.get("src") or "").rsplit("/", 1)[-1])))


def _is_link_only(block: Tag) -> bool:
    links = _tags(block, "a")
    if not links:
        return False
    # compared without spaces: in a list of short links ("Home News") the spaces between would count
    linked = sum(len(_text(link).replace(" ", "")) for link in links)
    return linked >= 0.9 * len(_text(block).replace(" ", "")) or (_text(block) == "" and bool(links))


_NAV_WORDS = re.compile(r"^(skip to( the)?( main)? content|search|menu|open menu|close|home|log ?in|sign ?in|sign up|"
                        r"subscribe|share|navigation|watch now|watch live|play video|listen|首页|搜索|登录|注册|菜单|导航|"
                        r"返回首页)$", re.IGNORECASE)
_QR_CODE = re.compile(r"qr|ewm|erweima|二维码", re.IGNORECASE)
_AUTHOR_PAGE = re.compile(r"/(author|authors|people|profile|profiles|reporter|journalist|byline)s?/", re.IGNORECASE)
_LOGO = re.compile(r"logo|icon|avatar|sprite", re.IGNORECASE)


def _is_prose(block: Tag) -> bool:
    text = _text(block)
    return (block.name in ("p", "blockquote") and not _is_link_only(block)
            and (len(text) >= 60 or bool(_SENTENCE_END.search(text))))


def _without_page_furniture(blocks: list[Tag]) -> tuple[list[Tag], str | None]:
    """Before the article's first paragraph of prose, a whole saved page (Firecrawl, Jina Reader)
    has its menu: links, "Skip to content", "Search", the logo. They go; a link to an author's
    page there names the author. Headings and pictures before the text stay."""
    first = next((index for index, block in enumerate(blocks) if _is_prose(block)), None)
    if not first:
        return blocks, None
    author = None
    kept = []
    for block in blocks[:first]:
        if block.name in ("p", "ul", "ol") and _is_link_only(block):
            links = [link for link in _tags(block, "a") if _AUTHOR_PAGE.search(str(link.get("href") or ""))]
            if len(links) == 1 and author is None and len(_text(links[0])) <= 40:
                author = plain_text(_text(links[0])) or None
            continue
        if (block.name == "p" or block.name in _HEADINGS) and _NAV_WORDS.match(_text(block)):
            continue
        image = block.find("img") if block.name == "figure" else None
        if image is not None and _is_logo(image):
            continue
        kept.append(block)
    return kept + blocks[first:], author


def _is_logo(image: Tag) -> bool:
    """A logo, avatar or QR code by its file (and folder) name or a short alt text ("Electrek logo"),
    not a photo of one ("Toyota logo is seen at the company's plant …")."""
    alt, src = str(image.get("alt") or ""), str(image.get("src") or "").split("?")[0]
    tail = "/".join(src.rsplit("/", 2)[-2:])  # ".../mrj_avatar/0"
    return bool(_LOGO.search(tail) or len(alt) <= 30 and _LOGO.search(alt) or _QR_CODE.search(src.rsplit("/", 1)[-1]))


def _apply_rules(blocks: list[Tag], rules: CleaningRules, title: str | None, source: str | None
                 ) -> tuple[list[Tag], str | None, list[MetaLine], str | None]:
    attribution = author = cover = None
    stated_lines: list[MetaLine] = []

    # 1. Cover images are metadata, not body.
    if rules.cover_image_alts:
        kept = []
        for block in blocks:
            img = block.find("img")
            if img and img.get("alt") in rules.cover_image_alts and not _text(block):
                cover = cover or img.get("src")
                continue
            kept.append(block)
        blocks = kept

    # 2. Near the top: repeats of the title, the source's name, bylines.
    title_key = _normalised(title or "")
    source_key = _normalised(source or "")
    top: list[Tag] = []
    expect_author = False
    for index, block in enumerate(blocks):
        if index >= 8:
            top.append(block)
            continue
        text = _text(block)
        key = _normalised(text)
        if title_key and key == title_key:
            continue
        if source_key and key == source_key and block.name != "figure":
            continue
        if text in rules.byline_markers:
            expect_author = True
            continue
        if expect_author and block.name == "p" and len(text) <= 40 and not _SENTENCE_END.search(text):
            author = plain_text(text)
            expect_author = False
            continue
        expect_author = False
        if block.name == "p" and len(text) <= META_LINE_CHARS:
            line = read_meta_line(text, source)
            if line is not None and line.source and not line.date and block.find("a") is not None:
                line = None  # "来源：<a href=…>" cites where a quote comes from: a link the reader keeps
            if line is not None:  # "发布时间：… 来源：… 作者：…", "By …", "Published: …": metadata, not body
                stated_lines.append(line)
                continue
        top.append(block)
    blocks = top
    blocks, linked_author = _without_page_furniture(blocks)
    author = author or linked_author
    if author:  # a byline after a marker (WeChat's 原创) or an author page's link comes first
        stated_lines.insert(0, MetaLine(author=author))

    # 3. Everything from an end marker on is page furniture ("相关资讯", WeChat's interface text).
    for index, block in enumerate(blocks):
        if index == 0:
            continue
        text = _text(block)
        heading_end = block.name in _HEADINGS and any(p.search(text) for p in rules.cut_at_headings)
        if heading_end or any(p.search(text) for p in rules.cut_at_text):
            blocks = blocks[:index]
            break

    # 4. Single boilerplate blocks: promos, empty or punctuation-only lines, copyright and credit lines.
    kept = []
    attributions: list[str] = []
    in_list = False  # after a "Read more:" label, while the blocks are other articles' headlines
    for index, block in enumerate(blocks):
        text = _text(block)
        if in_list and (block.name in ("ul", "ol") or _is_link_only(block)
                        or (block.name == "p" and len(text) <= 150 and not _PARAGRAPH_END.search(text))
                        ) and not any(p.search(text) for p in rules.copyright):
            continue
        in_list = block.name in ("p", *_HEADINGS) and any(p.search(text) for p in rules.list_labels)
        if in_list:
            continue
        if block.name in ("p", "li", "ul", "ol", "blockquote") and any(p.search(text) for p in rules.drop_blocks):
            continue
        if block.name == "p" and not block.find("img") and _PUNCTUATION_ONLY.match(text):
            continue
        if (index >= len(blocks) - 6 and block.name == "p" and len(text) <= 300
                and any(p.search(text) for p in rules.copyright)):
            attributions.append(plain_text(text))
            continue
        kept.append(block)
    blocks = kept
    editors = tuple(editor for line in stated_lines for editor in line.editors)
    attribution = "\n".join(dict.fromkeys(editors + tuple(attributions))) or None

    # 5. Trailing lists of links to other articles (and, where the rules say so, trailing images).
    #    A body that is nothing but such a list (a programme's running order, say) is the article: keep it.
    end = len(blocks)
    while end and (blocks[end - 1].name == "hr" or (blocks[end - 1].name != "blockquote" and _is_link_only(blocks[end - 1]))
                   or _is_qr_code(blocks[end - 1]) or _is_footer_links(blocks[end - 1])
                   or (rules.drop_trailing_images and _is_image_only(blocks[end - 1]))):
        end -= 1
    if any(_text(block) for block in blocks[:end]):
        blocks = blocks[:end]
    while blocks and blocks[0].name == "hr":
        blocks.pop(0)
    return blocks, attribution, stated_lines, cover


def _remove(soup: BeautifulSoup, selectors: tuple[Selectors, ...], page: str) -> None:
    """Delete the elements the rules name: `[class*=x]` / `[id*=x]` checked here, in one walk;
    every other selector by soupsieve, compiled when the rules were loaded."""
    contains = [item for entry in selectors for item in entry.contains]
    doomed = []
    if contains:
        for tag in soup.find_all(lambda t: "class" in t.attrs or "id" in t.attrs):
            for attr, needle, folded in contains:
                value = tag.get(attr)
                value = " ".join(value) if isinstance(value, list) else str(value or "")
                if needle in (value.lower() if folded else value):
                    doomed.append(tag)
                    break
    for entry in selectors:
        doomed += entry.select(soup, page)
    for tag in doomed:
        if tag.name not in ("html", "body") and tag.parent is not None:
            tag.decompose()


def clean_body(fragment: str, rules: CleaningRules, *, title: str | None = None, source: str | None = None,
               base_url: str | None = None, find_headline: bool = False) -> CleanBody:
    """HTML fragment -> the article's content blocks, boilerplate removed, sanitized."""
    soup = BeautifulSoup(fragment, "lxml")
    page = fragment.lower()  # for the selectors' needles
    _remove(soup, rules.remove_selectors, page)
    root = soup.body or soup
    raw_blocks: list[Tag] = []
    _flatten(soup, root, raw_blocks)
    blocks = [b for b in (_normalise_block(soup, block, base_url, rules, page) for block in raw_blocks) if b is not None]
    blocks = _attach_captions(soup, blocks, rules)
    headline = None
    if find_headline and not title and len(blocks) > 1 and blocks[0].name == "p":
        first = _text(blocks[0])
        if len(first) <= 100 and not _PARAGRAPH_END.search(first) and read_meta_line(first) is None:
            headline = plain_text(first) or None  # an old portal's page: the headline opens the text
            blocks = blocks[1:] if headline else blocks
    blocks, attribution, stated_lines, cover = _apply_rules(blocks, rules, title or headline, source)
    # each field from the first line that states it
    date, stated_source, author = (next((line[i] for line in stated_lines if line[i]), None) for i in range(3))
    body_html = clean_html("\n".join(str(block) for block in blocks))
    text = "\n".join(_plain(block) for block in blocks)
    # the summary's text: paragraphs, not captions, headings or a lone label ("Key takeaways")
    lede = "\n".join(_plain(block) for block in [b for b in blocks if b.name in ("p", "li", "ul", "ol", "blockquote")
                                                  and (len(_text(b)) > 20 or _SENTENCE_END.search(_text(b)))][:3])
    return CleanBody(html=body_html, text=text, attribution=attribution, author=author, cover_image=cover,
                     date=date, source=stated_source, headline=headline, stated_lines=tuple(stated_lines), lede=lede)
