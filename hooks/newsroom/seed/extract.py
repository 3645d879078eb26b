"""Extraction: any body (HTML fragment, saved web page, Markdown, plain text) -> an HTML fragment.

Markdown is rendered; a Jekyll body's Markdown lines before its HTML too; plain text becomes one
paragraph a line. A whole saved web page goes through trafilatura, which finds the article among
navigation, sidebars and footers and reads what the page says about itself (its page metadata).
Nothing is judged boilerplate here: that is `blocks` and `passes`' work.
"""
from __future__ import annotations

import html as htmllib
import re
from typing import Any

import markdown
from bs4 import BeautifulSoup

from ..config.rules import Selectors
from ..model import BodyFormat
from .blocks import remove_selected
from .sanitize import plain_text
from .stated import looks_like_publication

# What a saved page says about itself, under the front matter's field names: title, author, date,
# source, original_url, summary, image, language (only those it states).
PageMeta = dict[str, Any]

_MULTILINE_LINK = re.compile(r"\[(!\[[^\]\n]*\]\([^)\s]*\))[ \t]*\n[ \t]*\n([^\n\]]*)\]\(([^)\s]+)\)")
_MARKDOWN = markdown.Markdown(extensions=["extra", "sane_lists"], output_format="html")


def to_fragment(body: str, body_format: BodyFormat, prune: tuple[Selectors, ...] = ()) -> tuple[str, PageMeta]:
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


# ---------------------------------------------------------------------------------------------
# Whole saved web pages: trafilatura finds the article and reads the page's metadata.

# trafilatura's names for the page metadata this project reads, under the front matter's names
_TRAFILATURA_FIELDS = (("title", "title"), ("author", "author"), ("date", "date"), ("source", "sitename"),
                       ("original_url", "url"), ("summary", "description"), ("image", "image"),
                       ("language", "language"))
_TRAFILATURA_OPTIONS: dict[str, Any] = {"include_images": True, "include_links": True, "include_tables": True,
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


def _extract_page(page: str, prune: tuple[Selectors, ...] = ()) -> tuple[str, PageMeta]:
    """A whole saved page -> (its article as an HTML fragment, its page metadata)."""
    import trafilatura  # imported on first use: a second of start-up most builds never need

    if prune:
        page = _pruned(page, prune)
    found = trafilatura.bare_extraction(page, output_format="python", with_metadata=True,
                                        date_extraction_params={"extensive_search": False, "original_date": True},
                                        **_TRAFILATURA_OPTIONS)
    fragment = trafilatura.extract(page, output_format="html", with_metadata=False, **_TRAFILATURA_OPTIONS) or ""
    if not fragment:
        fragment = page  # trafilatura found no article: let the generic cleaner try the whole page
    return fragment.replace(_IMAGE_MARK, ""), _page_meta(page, found)


def _pruned(page: str, prune: tuple[Selectors, ...]) -> str:
    """The page without what the selectors name, its images marked so that trafilatura keeps them."""
    soup = BeautifulSoup(page, "lxml")
    remove_selected(soup, prune, page.lower())
    for image in soup.find_all("img"):
        for attribute in ("src", "data-src", "data-original"):
            value = image.get(attribute)
            # trafilatura keeps only images whose URL ends like an image file; many Chinese image
            # servers' do not ("…/om_bt/OhqZ3b9cX/641"): a fragment it accepts, taken off after
            if isinstance(value, str) and value.startswith(("http", "//")) and not _IMAGE_FILE.search(value):
                image[attribute] = value + _IMAGE_MARK
    return str(soup)


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
