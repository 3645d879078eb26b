"""The last line of defence: what may reach a reader's browser.

Body HTML goes through nh3 (the Ammonia sanitizer) with an allowlist; metadata
text goes through `plain_text`, because Material's templates print page titles
and descriptions without escaping them.
"""
from __future__ import annotations

import html
import re
import unicodedata
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

import nh3

ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "code", "table", "thead", "tbody",
    "tfoot", "tr", "th", "td", "caption", "figure", "figcaption", "img", "a", "em", "strong", "b", "i", "u", "s",
    "del", "ins", "sub", "sup", "mark", "small", "br", "hr", "dl", "dt", "dd", "abbr", "q", "cite", "time",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "abbr": {"title"},
    "time": {"datetime"},
    "ol": {"start"},
}
# Hotlinked images must load without a Referer: WeChat's image host refuses foreign ones.
_IMAGE_ATTRIBUTES = {"img": {"referrerpolicy": "no-referrer", "loading": "lazy", "decoding": "async"}}
_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags={"script", "style", "noscript", "iframe", "object", "embed", "template", "svg", "math",
                        "textarea", "select", "title"},
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes={"http", "https", "mailto"},
    link_rel="noopener noreferrer nofollow",
    set_tag_attribute_values=_IMAGE_ATTRIBUTES,
    strip_comments=True,
)

# control characters, zero-width characters, every bidirectional control (Unicode's Bidi_Control: marks,
# embeddings, overrides, isolates; they reorder what a reader sees around them), BOMs, and lone surrogates
# (from YAML "\uD800" escapes: they cannot be written as UTF-8 and would stop the build)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069"
                      r"\ufeff\ud800-\udfff]")
_SPACES = re.compile(r"\s+")
_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")
_URL_SAFE = "/:?#[]@!$&()*+,;=%~-._"  # everything else (spaces, quotes, <>, non-ASCII) is percent-encoded


# nh3 writes every attribute as name="value" (a quote inside is &quot;), so this finds whole tags
_IMG_TAG = re.compile(r'<img((?: [a-z-]+="[^"]*")*)>')
_ATTRIBUTE = re.compile(r' ([a-z-]+)="([^"]*)"')


def _sorted_attributes(tag: re.Match[str]) -> str:
    return "<img" + "".join(f' {name}="{value}"' for name, value in sorted(_ATTRIBUTE.findall(tag.group(1)))) + ">"


def clean_html(fragment: str) -> str:
    """Allowlist-sanitize an HTML fragment: no script, handler, style or foreign scheme survives.

    nh3 adds the image attributes in the order of a hash map whose seed changes from process
    to process; sorted, the same seed gives the same bytes in every build.
    """
    return _IMG_TAG.sub(_sorted_attributes, _CLEANER.clean(fragment))


def plain_text(value: Any, limit: int = 500) -> str:
    """Any metadata value -> one line of text that is safe wherever a template prints it.

    Tags are removed, entities decoded once, and the characters that could open a tag,
    an entity or leave an attribute are replaced with their full-width look-alikes.
    """
    if value is None:
        return ""
    text = str(value)
    if "<" in text or "&" in text:
        text = nh3.clean(text, tags=set())  # drops tags and their dangerous contents, keeps text
        text = html.unescape(text)
    text = _CONTROL.sub("", text)
    text = _SPACES.sub(" ", text).strip()
    text = text.replace("<", "＜").replace(">", "＞").replace("`", "｀")
    text = _curly_quotes(text)
    text = _ENTITY_LIKE.sub("＆", text)
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def columns(char: str) -> int:
    """How wide a character shows: two columns for a Chinese (wide or full-width) one, one for the rest."""
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def within_width(text: str, width: int) -> int:
    """How many of the first characters of `text` show in at most `width` columns (see columns)."""
    if len(text) * 2 <= width:  # fits however wide its characters are
        return len(text)
    used = 0
    for index, char in enumerate(text):
        used += columns(char)
        if used > width:
            return index
    return len(text)


def cut_to_width(text: str, width: int) -> str:
    """`text` in at most `width` columns, ended by "…" when cut: a length that reads the same in
    Chinese and English (a search result's snippet)."""
    if within_width(text, width) == len(text):
        return text
    return text[:within_width(text, width - 1)].rstrip() + "…"  # the ellipsis takes a column


def _curly_quotes(text: str) -> str:
    """Straight double quotes -> typographic pairs, so a title cannot end an HTML attribute."""
    parts = text.split('"')
    out = [parts[0]]
    for index, part in enumerate(parts[1:]):
        out.append("“" if index % 2 == 0 else "”")
        out.append(part)
    return "".join(out)


def join_url(base: str | None, ref: str) -> str | None:
    """A link or image reference resolved against the article's original URL, if it is a safe URL."""
    try:
        return safe_url(urljoin(base or "", ref))
    except ValueError:
        return None


def safe_url(value: Any) -> str | None:
    """An absolute http(s) URL, or None: metadata URLs are shown as links to readers."""
    if not isinstance(value, str):
        return None
    # Scraped URLs carry raw spaces and quotes: percent-encode them rather than lose the link.
    url = quote(_CONTROL.sub("", value).strip(), safe=_URL_SAFE)
    if len(url) > 2000:
        return None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError:  # "http://[x": not a URL
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url
