"""Stage 2: front matter (under whatever key names) and the text itself -> article metadata.

Each field is a chain of small extractors, first answer wins: the seed's own front
matter under any of the names in `data/fields.yml`, then what the saved page says
about itself, then the rules' name for the source's domain, then the text.
Dates are read, never guessed: no date found means an undated article.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ..config.rules import SharedSite
from ..model import Problem
from ..patterns import LazyPattern
from .sanitize import columns, plain_text, safe_url, within_width

_CJK_DATE = LazyPattern(r"^\s*(\d{4})\s*[年/.-]\s*(\d{1,2})\s*[月/.-]\s*(\d{1,2})\s*日?")
_HAN = LazyPattern(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_KANA = LazyPattern(r"[\u3040-\u30ff]")
_HANGUL = LazyPattern(r"[\uac00-\ud7af]")
_LATIN = LazyPattern(r"[A-Za-z]")
_SENTENCE = LazyPattern(r"(?<=[。！？!?])|(?<=\.)\s+(?=[A-Z\"“])")
_CLAUSE = LazyPattern(r"[,，;；:：]")
TITLE_LIMIT = 160


def first_value(meta: dict[str, Any], names: tuple[str, ...]) -> Any:
    for name in names:
        value = meta.get(name)
        if value not in (None, "", [], {}):
            return value
    return None


def as_text(value: Any) -> str | None:
    """A front matter value (string, list of authors, {name: ...} mapping) -> one line of text."""
    if isinstance(value, dict):
        value = value.get("name") or value.get("title")
    if isinstance(value, (set, frozenset)):
        value = sorted(value, key=str)  # YAML !!set: no order of its own
    if isinstance(value, (list, tuple)):
        parts = [as_text(v) for v in value[:10]]
        value = ", ".join(p for p in parts if p)
    if value is None or isinstance(value, (dict, list, tuple, set, frozenset)):
        return None
    if isinstance(value, str) and "[[" in value:
        value = _WIKILINK.sub(lambda m: m.group(2) or m.group(1), value)  # Obsidian: "[[张文]]", "[[page|name]]"
    text = plain_text(value)
    return text or None


_WIKILINK = LazyPattern(r"\[\[([^\[\]|]+)(?:\|([^\[\]]+))?\]\]")
# "Title | Site", "Title - Site", "Title_Site": a page title that ends with the site's name
_TITLE_SITE = LazyPattern(r"^(?P<title>.{4,})\s*(?:\s[|\-–—]\s|_|｜)\s*(?P<site>[^|｜_]{2,40})$")


def title_without_site(title: str, source: str | None, url: str | None) -> str:
    """A saved page's title without the site's name after it, when that name is the source's or
    the URL's ("… | The Verge" from theverge.com)."""
    names = {re.sub(r"[\W_]+", "", source or "").lower()}
    names |= {re.sub(r"[\W_]+", "", part) for part in (domain_of(url) or "").split(".")[:-1]}
    names.discard("")
    while (match := _TITLE_SITE.match(title)) and re.sub(r"[\W_]+", "", match.group("site")).lower() in names:
        title = match.group("title").strip()  # "… – 法国国际广播电台 - RFI": both go
    return title


def parse_date(value: Any) -> dt.date | None:
    """A front matter date -> date, taking its calendar day as written (no timezone shift)."""
    result: dt.date | None
    if isinstance(value, dt.datetime):
        result = value.date()
    elif isinstance(value, dt.date):
        result = value
    elif isinstance(value, int) and not isinstance(value, bool) and 19000101 <= value <= 21001231:
        try:
            result = dt.date(value // 10000, value // 100 % 100, value % 100)  # 20240315
        except ValueError:
            return None
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = value / 1000 if value > 1e11 else value  # epoch milliseconds or seconds
        if not seconds >= _EPOCH_DAY:  # before or on 1970-01-01: a zero, a negative, a bare year; or NaN
            return None
        try:
            result = dt.datetime.fromtimestamp(seconds, tz=dt.UTC).date()
        except (OverflowError, OSError, ValueError):
            return None
    elif isinstance(value, str) and value.strip():
        text = value.strip()[:64]
        match = _CJK_DATE.match(text)
        try:
            if match:
                result = dt.date(*(int(g) for g in match.groups()))
            else:
                try:
                    result = dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
                except ValueError:
                    result = _full_date(text)
                    if result is None:
                        return None
        except (ValueError, OverflowError, TypeError):  # dateutil's ParserError is a ValueError
            return None
    else:
        return None
    return result if 1900 <= result.year <= 2100 else None


_EPOCH_DAY = 86400  # a timestamp is a date only after the epoch's first day
_DEFAULTS = (dt.datetime(2001, 1, 1), dt.datetime(2002, 2, 2))


def _full_date(text: str) -> dt.date | None:
    """A free-form date only if it names year, month and day: dateutil fills gaps from a default,
    so a date that parses differently with two defaults ("March 2024", "10:30") is incomplete."""
    from dateutil import parser as dateparser  # imported here: a cached build parses no date

    # the day is what counts: time zones are ignored ("9:41 am PT" is not one dateutil knows)
    first, second = (dateparser.parse(text, fuzzy=False, default=d, ignoretz=True) for d in _DEFAULTS)
    return first.date() if first.date() == second.date() else None


def detect_language(text: str, declared: str | None = None) -> str:
    """Language code from the script of the text; a declared Latin-script language wins for Latin text."""
    sample = text[:5000]
    han, kana, hangul, latin = (len(p.findall(sample)) for p in (_HAN, _KANA, _HANGUL, _LATIN))
    if kana > 0.05 * (han + kana):
        return "ja" if kana + han > latin / 4 else "en"
    if hangul > han and hangul > latin / 4:
        return "ko"
    # Chinese text is dense: one Han character carries what four or five Latin letters do.
    if han * 4 > latin:
        return "zh"
    if declared:
        code = declared.replace("_", "-").split("-")[0].lower()
        if code.isalpha() and len(code) in (2, 3) and code not in ("zh", "ja", "ko"):
            return code
    return "en"


def title_from_text(text: str) -> str | None:
    """The first line, if it reads like a headline; else the first sentence, cut at a clause."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if not lines:
        return None
    first = plain_text(lines[0], limit=10_000)
    if len(lines) > 1 and len(first) <= 100 and not re.search(r"[。.!?！？]$", first):
        return first
    sentence = _SENTENCE.split(first)[0].strip()
    if len(sentence) > TITLE_LIMIT:
        clauses = [m.start() for m in _CLAUSE.finditer(sentence) if 20 <= m.start() <= TITLE_LIMIT]
        if clauses:
            sentence = sentence[: clauses[-1]]
        else:
            cut = sentence[:TITLE_LIMIT].rsplit(" ", 1)[0] if " " in sentence[:TITLE_LIMIT] else sentence[:TITLE_LIMIT]
            sentence = cut + "…"
    return sentence.rstrip(" ,，.。") or None


def domain_of(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def template_source(url: str | None, named: str | None, shared_sites: tuple[SharedSite, ...]) -> str | None:
    """Which source's template a seed shares (source/template.py): its site's registrable domain; on a site of many
    publications (WeChat), the publication the seed names, else the one its URL names; None when
    nothing tells (a plain text, an unnamed account), and the seed shares no template."""
    domain = domain_of(url)
    for site in shared_sites:
        publication = site.publication(url) if url else None
        if publication is not None or (domain and (domain == site.domain or domain.endswith("." + site.domain))):
            return f"{site.domain}/{named or publication}" if named or publication else None
    return _registrable(domain) if domain else (f"/{named}" if named else None)


@functools.cache
def _public_suffixes() -> Any:
    from publicsuffixlist import PublicSuffixList  # the list's bundled copy: no network

    return PublicSuffixList()


def _registrable(host: str) -> str:
    """A site's registrable domain, its subdomains together (insights.sei.cmu.edu is cmu.edu), a
    blog host's user apart (a.blogspot.com); an address as it is."""
    if not re.search(r"[a-z]", host, re.IGNORECASE) or ":" in host:
        return host
    return _public_suffixes().privatesuffix(host) or host


def source_from_lists(meta: dict[str, Any], names: tuple[str, ...]) -> str | None:
    """Jekyll news archives put the publication first in both `categories` and `tags`.

    Only when two such lists agree on it: a blog's own `categories: [semiconductors]` is a topic.
    """
    firsts = []
    for name in names:
        value = meta.get(name)
        if isinstance(value, str):
            value = [v for v in re.split(r"[,，]", value) if v.strip()]
        if isinstance(value, list) and value:
            firsts.append(as_text(value[0]))
    return firsts[0] if len(firsts) >= 2 and firsts[0] and len(set(firsts)) == 1 else None


_NAME_DATE = LazyPattern(r"(?:^|/)(\d{4})-(\d\d)-(\d\d)-[^/]*$")


def date_from_name(name: str) -> dt.date | None:
    """A Jekyll post's file name starts with its date: `2025-03-06-sk-hynix-hbm.md`."""
    match = _NAME_DATE.search(name)
    if not match:
        return None
    try:
        date = dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None
    return date if 1900 <= date.year <= 2100 else None


def read_date(seed: str, meta: dict[str, Any], names: tuple[str, ...]) -> tuple[dt.date | None, list[Problem]]:
    value = first_value(meta, names)
    if value is None:
        return None, []
    date = parse_date(value)
    if date is None:
        shown = plain_text(value, limit=60)
        return None, [Problem(seed, f"cannot read the date {shown!r}; the article is listed as undated")]
    ambiguous = _SLASH_DATE.match(value.strip()) if isinstance(value, str) else None
    if ambiguous and ambiguous.group(1) != ambiguous.group(2):
        return date, [Problem(seed, f"the date {value.strip()!r} could be day/month or month/day; read as month "
                                    f"first ({date.isoformat()}); write it as YYYY-MM-DD to be sure", level="info")]
    return date, []


# 03/04/2025: both first numbers could be the month
_SLASH_DATE = LazyPattern(r"^(0?[1-9]|1[0-2])[/.-](0?[1-9]|1[0-2])[/.-]\d{4}\b")


def read_url(seed: str, meta: dict[str, Any], names: tuple[str, ...]) -> tuple[str | None, list[Problem]]:
    value = first_value(meta, names)
    if value is None:
        return None, []
    url = safe_url(value.strip() if isinstance(value, str) else value)
    if url is None:
        shown = plain_text(value, limit=80)
        return None, [Problem(seed, f"the original URL {shown!r} is not an http(s) address; not linked")]
    return url, []


# Query parameters that say how a link was shared, not which article it is.
_TRACKING = LazyPattern(r"^(utm_\w+|fbclid|gclid|spm|scene|subscene|chksm|srcid|sharer_\w+|isappinstalled|clicktime|"
                       r"enterid|share_\w+|from_\w+|ref|ref_src|cmpid|mc_\w+)$", re.IGNORECASE)
# 16 Chinese characters or 32 letters: an article's slug stands in a dozen places of the site (its
# listings' links, other articles' related lists, the sitemap percent-encoded, feeds, downloads, search),
# about 50 bytes a Chinese character in all, 60,000 times (issue 17); the id after it keeps it unique
SLUG_COLUMNS = 32


def article_identity(original_url: str | None, seed: str) -> str:
    """What makes two seeds the same article: the normalised original URL, else the file."""
    if not original_url:
        return "seed:" + seed
    parts = urlsplit(original_url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                             if not _TRACKING.match(k))) if parts.query else ""
    return urlunsplit(("https", host, parts.path.rstrip("/") or "/", query, ""))


def title_slug(title: str) -> str:
    """The title part of an article's URL: at most SLUG_COLUMNS wide (a Chinese character two columns),
    cut at a word boundary when there is one."""
    from slugify import slugify

    slug = slugify(title, allow_unicode=True)
    fits = within_width(slug, SLUG_COLUMNS)
    if fits < len(slug):
        head = slug[:fits]
        # inside a word of letters: back to its start (Chinese has no spaces: any character ends a word)
        if slug[fits] != "-" and columns(slug[fits]) == 1 and columns(head[-1]) == 1 and "-" in head:
            head = head.rsplit("-", 1)[0]
        slug = head.rstrip("-")
    return slug
