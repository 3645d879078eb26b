"""Extraction: any body (HTML fragment, saved web page, Markdown, plain text) -> an HTML fragment.

Markdown is rendered; a Jekyll body's Markdown lines before its HTML too; plain text becomes one
paragraph a line, and so does Markdown that Python-Markdown would take too long over (`markdown_cost`).
A whole saved web page goes through trafilatura, which finds the article among navigation, sidebars
and footers and reads what the page says about itself (its page metadata).
Nothing is judged boilerplate here: that is `blocks` and `passes`' work.
"""
from __future__ import annotations

import html as htmllib
import re
import unicodedata
from typing import Any, NamedTuple

import markdown
from bs4 import BeautifulSoup
from lxml import etree
from lxml.html import defs as html_defs

from ..config.rules import Selectors
from ..model import BodyFormat
from .blocks import may_remove, selected
from .markdown_cost import fenced_code, too_costly
from .sanitize import plain_text
from .stated import looks_like_publication

# What a saved page says about itself, under the front matter's field names: title, author, date,
# source, original_url, summary, image, language (only those it states).
PageMeta = dict[str, Any]

# a link's text: no brackets but whole images ("![alt](src "title")") in it
_LINK_TEXT = r"(?:[^\[\]\n]|!\[[^\]\n]*\]\([^)\n]*\))"
LINK_PARTS = 4  # a link split into more paragraphs than this is left as the scraper wrote it
# a part starts at a line break: spaces around it are the link text's own (_LINK_TEXT takes them), so no
# two ways to match a run of blank-ish lines (which backtracked for minutes on an unclosed "[")
_MULTILINE_LINK = re.compile(rf"\[({_LINK_TEXT}+?)((?:\n(?:[ \t]*\n)?{_LINK_TEXT}*?){{1,{LINK_PARTS}}})"
                             rf"\]\(([^)\s]+(?:[ \t]+\"[^\"\n]*\")?)\)")  # an address, and its title
_SPLIT_EMPTY_ALT = re.compile(r"!\[[ \t]*\n(?:[ \t]*\n)*[ \t]*\]\(")
_MARKDOWN = markdown.Markdown(extensions=["extra", "sane_lists"], output_format="html")


class Extracted(NamedTuple):
    """A body as an HTML fragment, what the page says about itself, and why Markdown in the body is
    shown as plain text instead of rendered (None when it is rendered, or there is none)."""

    fragment: str
    meta: PageMeta
    plain_markdown: str | None = None


def extract(body: str, body_format: BodyFormat, prune: tuple[Selectors, ...] = ()) -> Extracted:
    """Any body -> its HTML fragment and what the page says about itself. `prune`: selectors of what to
    remove from a whole saved page before its article is extracted (extraction drops the classes
    that would have named it: a newsletter box inside the article survives it)."""
    if body_format == "page":
        return Extracted(*_extract_page(body, prune))
    if body_format in ("html", "markdown"):
        fragment, plain_markdown = (_html_with_markdown_preamble if body_format == "html" else _render_markdown)(body)
        return Extracted(fragment, {}, plain_markdown)
    return Extracted(_plain_paragraphs(body), {})


def to_fragment(body: str, body_format: BodyFormat, prune: tuple[Selectors, ...] = ()) -> tuple[str, PageMeta]:
    """Any body -> (HTML fragment, metadata found in the page itself): `extract`, without why Markdown
    was shown as plain text."""
    fragment, meta, _ = extract(body, body_format, prune)
    return fragment, meta


def first_heading(fragment: str) -> str | None:
    """The fragment's first <h1>: Markdown and HTML seeds without front matter usually open with their headline."""
    heading = BeautifulSoup(fragment[:20_000], "lxml").find(["h1"])
    text = heading.get_text(" ", strip=True) if heading else ""
    return plain_text(text) or None


def nested_html_text(fragment: str) -> str:
    """The text of HTML nested too deeply to flatten, one line per text run (get_text walks without
    recursion; it leaves out script and style contents)."""
    text = BeautifulSoup(fragment, "lxml").get_text("\n")
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


def _render_markdown(text: str) -> tuple[str, str | None]:
    """Markdown -> HTML; or, where Python-Markdown would take too long over it (`markdown_cost`), its
    lines as plain paragraphs: with why."""
    # Scrapers split a link around block content over paragraphs: "[![](img)\n\ntitle](url)",
    # "[**Burp AI**\n\n**Read more**](url)": joined again, it is one link (a card, a menu item)
    # and a picture's empty alt over paragraphs: "[![\n\n](poster.png)](video.mp4)" is a linked picture
    joined = _text_tags_escaped(_MULTILINE_LINK.sub(_joined_link, _SPLIT_EMPTY_ALT.sub("![](", _cut_off_closed(text))))
    why = too_costly(joined)
    if why is None:
        _MARKDOWN.reset()
        try:
            return _MARKDOWN.convert(_closed_fences(joined)), None
        except RecursionError:  # nesting the estimate did not foresee, deeper in a deeper call stack
            why = "nesting too deep for Python-Markdown"
    return _plain_paragraphs(text), why


# what a scraper that cuts pages at a length leaves open at the cut ("[Scuola digitale](https://www.agendadigit...")
_CUT = ("...", "…")  # how it marks the cut
_CUT_OFF_PICTURE = re.compile(r"\[?!\[[^\[\]\n]*(?:\]\([^()\s]*)?$")  # its alt or its address cut, in a link or not
_CUT_OFF_ADDRESS = re.compile(r"\]\([^()\s]*$")
_CUT_OFF_LABEL = re.compile(r"\[([^\[\]\n]*)$")
_LINK_LINE = re.compile(r"\s*(?:[*+-]\s+)?\[")  # a line that opens with a link: a menu's item, a list's
_INDENTED_CODE = re.compile(r"(?: {4}|\t)")


def _cut_off_closed(text: str) -> str:
    """A body its scraper cut off (its last line ends "..."), inside a link or a picture, closed there
    so that no Markdown shows: a picture whose alt or address was cut goes; a link whose address was
    cut is, in a list of links (a menu: a line of links right after a line of links), the link it
    was with no address (its label still reads as a menu's item; a cut address leads nowhere), and
    anywhere else its words, cut ("Reuters…"); a label cut before its address, its words. Code (a
    fence the cut left open; an indented line with a bare "[") is left as it is."""
    body = text.rstrip()
    head, _, last = body.rpartition("\n")
    if not last.endswith(_CUT) or fenced_code(body)[1]:
        return text
    picture = _CUT_OFF_PICTURE.search(last)
    if picture:
        return f"{head}\n{last[:picture.start()]}"
    address = _CUT_OFF_ADDRESS.search(last)
    if address:
        opening = _opening_bracket(body, len(head) + 1 + address.start())
        if opening is None:
            return f"{head}\n{last[:address.start()]}…"
        label = body[opening + 1:len(head) + 1 + address.start()]
        if "![" in label:  # a picture's card cut at its address: the picture goes with its link
            return body[:opening]
        if _LINK_LINE.match(last) and _LINK_LINE.match(head.rpartition("\n")[2]):
            return f"{body[:opening]}<a>{htmllib.escape(label)}…</a>"  # a list of links goes on
        return f"{body[:opening]}{label}…"
    bare = _CUT_OFF_LABEL.search(last)
    if bare and not _INDENTED_CODE.match(last):  # an indented line may be code: "buf[..."
        return f"{head}\n{last[:bare.start()]}{bare[1].rstrip('.…')}…"
    return text


def _opening_bracket(text: str, closing: int) -> int | None:
    """Where the "[" that a link's "]" at `closing` closes stands (brackets inside it balanced: a
    picture's alt), on its line or the ones before (a label split over lines); None if none."""
    depth = 0
    for at in range(closing - 1, max(-1, closing - 2000), -1):
        if text[at] == "]":
            depth += 1
        elif text[at] == "[":
            if depth == 0:
                return at
            depth -= 1
    return None


def _plain_paragraphs(text: str) -> str:
    return "".join(f"<p>{htmllib.escape(line.strip())}</p>" for line in text.split("\n") if line.strip())


# HTML's elements (lxml's list, with what it lacks, and SVG's that pages inline): a tag of any other
# name in Markdown is the article's text that its scraper left unescaped ("nxc ldap <target> -u
# <username>", a plist's "<key>PayloadContent</key>"), which the sanitizer would delete with its words
_HTML_ELEMENTS = html_defs.tags | html_defs.html5_tags | {
    "bdi", "data", "dialog", "frame", "main", "nobr", "picture", "rb", "rtc", "search", "slot", "template",
    "g", "path", "circle", "ellipse", "line", "polyline", "polygon", "rect", "text", "tspan", "defs", "use",
    "symbol", "clippath", "lineargradient", "radialgradient", "stop", "mask", "pattern", "image", "foreignobject"}
_TAG_LIKE = re.compile(r"<(?:/?([A-Za-z][A-Za-z0-9]*)(?=[\s/>])[^<>\n]*|\?[^<>\n]*\?)>")  # "<?xml …?>" too
_CODE_SPAN = re.compile(r"(`+).+?\1")


def _text_tags_escaped(text: str) -> str:
    """Markdown whose tags of no HTML element are written as text, as its page showed them; code
    (fenced, indented, or in backticks) is left as it is: Markdown shows its brackets already."""
    if "<" not in text:
        return text
    pieces, at = [], 0
    for start, end in [*fenced_code(text)[0], (len(text), len(text))]:
        pieces.append("\n".join(map(_line_tags_escaped, text[at:start].split("\n"))))
        pieces.append(text[start:end])
        at = end
    return "".join(pieces)


def _line_tags_escaped(line: str) -> str:
    if "<" not in line or line.startswith(("    ", "\t")):  # an indented line may be code
        return line
    pieces, at = [], 0
    for span in [*_CODE_SPAN.finditer(line), None]:
        end = span.start() if span else len(line)
        pieces.append(_TAG_LIKE.sub(_as_text, line[at:end]))
        if span:
            pieces.append(span[0])
            at = span.end()
    return "".join(pieces)


def _as_text(tag: re.Match[str]) -> str:
    return tag[0] if tag[1] and tag[1].lower() in _HTML_ELEMENTS else "&lt;" + tag[0][1:]


def _closed_fences(text: str) -> str:
    """The text with a code block its page never closed closed at the end, as CommonMark reads it:
    Python-Markdown would show the fence as text and the code as paragraphs, HTML in it as markup."""
    fence = fenced_code(text)[1]
    return f"{text}\n{fence}\n" if fence else text


def _joined_link(match: re.Match[str]) -> str:
    parts = " ".join(part.strip() for part in match[2].split("\n") if part.strip())
    return f"[{match[1]} {parts}]({match[3]})"


def _html_with_markdown_preamble(body: str) -> tuple[str, str | None]:
    """Jekyll-style bodies: a few Markdown lines (a title link, a rule) before the HTML."""
    lines = body.split("\n")
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("<") and not stripped.startswith("<!--"):
            preamble = "\n".join(lines[:index])
            fragment, plain_markdown = _render_markdown(preamble) if preamble.strip() else ("", None)
            return fragment + "\n".join(lines[index:]), plain_markdown
    return body, None


# ---------------------------------------------------------------------------------------------
# Whole saved web pages: trafilatura finds the article and reads the page's metadata.
#
# It runs twice on the same tree. Once as its own evaluation runs it (text and tables, no comments),
# which decides what text is the article: links, formatting and above all images change what it
# keeps (an image makes a teaser list or a photo credit look like content). Once with links,
# formatting and images, which only dress that text: its blocks that hold the same words lend their
# markup, its images go where they stood, and whatever else it kept is dropped.

# trafilatura's names for the page metadata this project reads, under the front matter's names
_TRAFILATURA_FIELDS = (("title", "title"), ("author", "author"), ("date", "date"), ("source", "sitename"),
                       ("original_url", "url"), ("summary", "description"), ("image", "image"),
                       ("language", "language"))
_TEXT_OPTIONS: dict[str, Any] = {"include_tables": True, "include_comments": False}
_MARKUP_OPTIONS: dict[str, Any] = {**_TEXT_OPTIONS, "include_images": True, "include_links": True,
                                   "include_formatting": True}
_IMAGE_FILE = re.compile(r"\.(avif|bmp|gif|hei[cf]|jpe?g|png|webp|svg)(\b|$)", re.IGNORECASE)
_IMAGE_MARK = "#newsroom-image.jpg"
_HOSTNAME = re.compile(r"^(www\.)?[\w-]+(\.[\w-]+)+$")
# "<!-- saved from url=(0052)https://…/x.html -->" (a browser's "Save page as"), "url: https://…" (SingleFile)
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(https?://[^\s<>\"']+)\s*-->"
                         r"|<!--\s*Page saved with SingleFile\s+url:\s*(?=https?://)([^\s<>\"']+)", re.IGNORECASE)
_NOT_A_SITE_NAME = re.compile(r"版权|版權|©|copyright|rights reserved", re.IGNORECASE)
_META_AUTHOR = re.compile(r"""<meta\s+(?:name|property)=["'](?:author|article:author)["']\s+content=["']([^"'<>]{2,40})["']""",
                          re.IGNORECASE)
# the blocks whose words are compared between the two extractions
_LEAVES = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "pre", "blockquote", "dt", "dd", "figcaption")
_NO_SPACE = re.compile(r"\s+")
_ELEMENT_ID = "data-newsroom-id"


def _extract_page(page: str, prune: tuple[Selectors, ...] = ()) -> tuple[str, PageMeta]:
    """A whole saved page -> (its article as an HTML fragment, its page metadata)."""
    import copy

    import trafilatura  # imported on first use: a second of start-up most builds never need
    from trafilatura.htmlprocessing import build_html_output

    tree = trafilatura.load_html(page)
    if tree is None:
        return page, _page_meta(page, None)  # not HTML to trafilatura: the generic cleaner tries the whole page
    if prune:
        _prune(tree, prune, page.lower())
    _mark_images(tree)
    found = trafilatura.bare_extraction(copy.deepcopy(tree), with_metadata=True,
                                        date_extraction_params={"extensive_search": False, "original_date": True},
                                        **_TEXT_OPTIONS)
    dressed = trafilatura.extract(tree, output_format="html", with_metadata=False, **_MARKUP_OPTIONS) or ""
    if found is None or isinstance(found, dict) or found.body is None or not len(found.body):
        fragment = dressed or page  # nothing found as text: the dressed extraction, else the whole page
    else:
        fragment = _dressed(unicodedata.normalize("NFC", build_html_output(found)), dressed)
    return fragment.replace(_IMAGE_MARK, ""), _page_meta(page, found)


def _prune(tree: Any, prune: tuple[Selectors, ...], page: str) -> None:
    """Remove from trafilatura's own tree of the page what the selectors name (each element found
    through BeautifulSoup, by a number it carries there): trafilatura then reads the same tree as
    without them, where a page written out again by BeautifulSoup reads differently to it. What is
    named and what may go are cleaning's rules too (blocks.selected, blocks.may_remove)."""
    import lxml.html

    elements = {}
    for number, element in enumerate(tree.iter(tag=etree.Element)):
        element.set(_ELEMENT_ID, str(number))
        elements[str(number)] = element
    soup = BeautifulSoup(lxml.html.tostring(tree, encoding="unicode"), "lxml")
    for element in elements.values():
        element.attrib.pop(_ELEMENT_ID)
    doomed = selected(soup, prune, page)
    if not doomed:
        return
    page_chars = _visible_chars(tree)
    for tag in doomed:
        element = elements.get(str(tag.get(_ELEMENT_ID)))
        if (element is not None and element.getparent() is not None
                and may_remove(element.tag, _visible_chars(element), page_chars)):
            element.drop_tree()  # keeps the text after it


# the text a reader sees: not scripts' or styles'
_VISIBLE_TEXT = etree.XPath(".//text()[not(ancestor::script or ancestor::style or ancestor::noscript)]")


def _visible_chars(element: Any) -> int:
    """How many characters of text, spaces left out, a reader sees in the element."""
    return sum(len(_NO_SPACE.sub("", text)) for text in _VISIBLE_TEXT(element))


def _mark_images(tree: Any) -> None:
    """trafilatura keeps only images whose URL ends like an image file; many Chinese image servers'
    do not ("…/om_bt/OhqZ3b9cX/641"): a fragment it accepts, taken off after."""
    for image in tree.iter("img"):
        for attribute in ("src", "data-src", "data-original"):
            value = image.get(attribute)
            if value and value.startswith(("http", "//")) and not _IMAGE_FILE.search(value):
                image.set(attribute, value + _IMAGE_MARK)


def _words(tag: Any) -> str:
    return _NO_SPACE.sub("", tag.get_text(""))


def _is_leaf(tag: Any) -> bool:
    return tag.name in _LEAVES and tag.find(_LEAVES) is None


def _dressed(text_html: str, markup_html: str) -> str:
    """The text extraction (`text_html`), its blocks dressed in the links and formatting of the
    markup extraction's blocks with the same words, and the markup extraction's images placed
    before the block that followed them there (images after its last such block were around the
    article, not in it)."""
    text = BeautifulSoup(text_html, "lxml")
    body = text.body or text
    markup = BeautifulSoup(markup_html, "lxml") if markup_html else None
    if markup is not None:
        twins: dict[str, list[Any]] = {}
        for leaf in (markup.body or markup).find_all(_is_leaf):
            twins.setdefault(_words(leaf), []).append(leaf)
        dressing: dict[int, Any] = {}  # id(markup leaf) -> its text leaf
        for leaf in body.find_all(_is_leaf):
            if candidates := twins.get(_words(leaf)):
                dressing[id(candidates.pop(0))] = leaf
        waiting: list[Any] = []
        for element in (markup.body or markup).find_all(lambda t: t.name == "img" or _is_leaf(t)):
            if element.name == "img":
                if not any(id(parent) in dressing for parent in element.parents):
                    waiting.append(element)
                continue
            leaf = dressing.get(id(element))
            if leaf is None:
                continue
            leaf.clear()
            leaf.extend(list(element.contents))
            top = leaf
            while top.parent is not None and top.parent is not body:
                top = top.parent
            for image in waiting:
                top.insert_before(image.extract())
            waiting = []
    return "".join(str(child) for child in body.contents)


def _page_meta(page: str, found: Any) -> PageMeta:
    """What trafilatura read from the page (`found`), corrected: no host name or copyright line as
    the site's name, no paper's name as the author, and what it misses read from the page itself."""
    meta: PageMeta = {}
    if found is not None:
        doc = found.as_dict() if hasattr(found, "as_dict") else dict(found)
        for ours, theirs in _TRAFILATURA_FIELDS:
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
    return meta
