"""Stage 1: bytes of a seed file -> RawSeed (decoded text, front matter, body format).

Every failure is a `Problem` naming the file; nothing here raises on bad input.
A file that is not UTF-8 is decoded as it declares (a page's <meta charset>), else as
charset-normalizer guesses; text its scraper had mis-decoded is repaired where that is certain
(`mojibake`). Front matter is split by python-frontmatter's splitter and read by a PyYAML safe
loader that also refuses aliases (no "billion laughs").
"""
from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any, NamedTuple

import yaml

from ..model import BodyFormat, Problem, RawSeed
from ..patterns import LazyPattern
from . import mojibake

MAX_BYTES = 5 * 1024 * 1024  # a news article is far below this; larger files are skipped
MAX_FRONT_MATTER_CHARS = 64 * 1024
SUPPORTED_SUFFIXES = {".md", ".markdown", ".txt", ".html", ".htm", ".json", ".xml", ".rss", ".atom", ""}

# Files a maintainer's tools leave behind; ignored without a word.
_IGNORED = LazyPattern(r"(^\.|~$|^#.*#$|\.(swp|swo|swx|tmp|bak|orig|part|crdownload)$|^(Thumbs\.db|desktop\.ini)$)",
                      re.IGNORECASE)
_BINARY_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"PK\x03\x04", b"\x7fELF", b"RIFF", b"\x1f\x8b",
                 b"BZh", b"7z\xbc\xaf")
_CONTROL = LazyPattern(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # metadata gets the stricter sanitize._CONTROL
_HTML_DOCUMENT = LazyPattern(r"<(!doctype\s+html|html[\s>]|body[\s>])", re.IGNORECASE)
# A document that starts late (24 kB of scripts, comments and injected markup before its <html> in
# one saved page): a file that starts with markup and has both an <html> or <head> tag and a <body> tag
_HTML_OR_HEAD_TAG = LazyPattern(r"<(html|head)[\s>]", re.IGNORECASE)
_BODY_TAG = LazyPattern(r"<body[\s>]", re.IGNORECASE)
_HTML_BLOCK_LINE = LazyPattern(r"^\s*<(/?(div|article|section|main|p|table|figure|blockquote|h[1-6]|ul|ol|center|"
                              r"span|strong|font|img|br)\b|!--)", re.IGNORECASE)
_MARKDOWN_SIGNS = LazyPattern(r"^(#{1,6}[ \t]|[ \t]*[-*+][ \t]|[ \t]*\d+\.[ \t]|>[ \t]|!\[|\[[^\]\n]+\]\(|```|\|.*\|)"
                             r"|\*\*[^*\n]+\*\*", re.MULTILINE)


def too_large(size: int) -> str:
    """What the report says of a seed over the size limit."""
    return f"is {size:,} bytes, over the {MAX_BYTES:,}-byte limit for one article; skipped"


def is_ignored(name: str) -> bool:
    """Hidden files, editor backups and OS litter: not articles, not worth a warning."""
    return any(_IGNORED.search(part) for part in name.split("/") if part)


class _NoAliasSafeLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors/aliases, which scraped front matter never needs."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            raise yaml.YAMLError("YAML aliases are not allowed in front matter")
        return super().compose_node(parent, index)


# Where an alias could start: "*" at the start of a token. Front matter without one is read by
# libyaml's C loader, ten times faster than the pure-Python loader above, which refuses aliases.
_MAYBE_ALIAS = LazyPattern(r"(?:^|[\s\[{,])\*[^\s,\[\]{}]", re.MULTILINE)
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def _load_yaml(text: str) -> Any:
    if _FAST_LOADER is not None and not _MAYBE_ALIAS.search(text):
        return yaml.load(text, Loader=_FAST_LOADER)
    return yaml.load(text, Loader=_NoAliasSafeLoader)


def decode(name: str, data: bytes) -> tuple[str | None, str, list[Problem]]:
    """Bytes -> (text or None, encoding, problems). None means: not a text file."""
    problems: list[Problem] = []
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        encoding = "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _normalise(data.decode("utf-16")), "utf-16", problems
        except UnicodeDecodeError:
            return None, "", [Problem(name, "starts like UTF-16 but is not valid UTF-16; skipped")]
    else:
        encoding = "utf-8"
    if data.startswith(_BINARY_MAGIC) or data[:4096].count(b"\x00") > 16:
        return None, "", [Problem(name, "is a binary file, not an article; skipped")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        declared = declared_charset(data)
        if declared is not None:  # a page that names its encoding, and is not valid UTF-8: take its word
            text = data.decode(declared, errors="replace")
            problems.append(Problem(name, f"is not UTF-8; decoded as {declared}, as it declares", level="info"))
            return _normalise(text), declared, problems
        import charset_normalizer  # only for the rare file that is not UTF-8

        best = charset_normalizer.from_bytes(data).best()
        # A few bad bytes in an otherwise UTF-8 file: keep UTF-8, replace just those bytes.
        mostly_utf8 = data.decode("utf-8", errors="replace").count("\ufffd") <= max(2, len(data) // 1000)
        if mostly_utf8 or best is None or best.encoding in ("utf_8", "ascii"):
            text = data.decode("utf-8", errors="replace")
            problems.append(Problem(name, f"contains invalid UTF-8 at byte {exc.start}; "
                                          "the bad bytes were replaced with \ufffd"))
        else:
            text = str(best)
            encoding = best.encoding
            problems.append(Problem(name, f"is not UTF-8; decoded as {encoding}", level="info"))
    if "\x00" in text:
        problems.append(Problem(name, "contains NUL bytes; they were removed"))
    return _normalise(text), encoding, problems


# <meta charset="…">, <meta http-equiv="Content-Type" content="text/html; charset=…">, <?xml … encoding="…"?>
_DECLARED_CHARSET = LazyPattern(r"""<meta\s[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml\s[^>]*?encoding\s*=\s*["']([\w.:-]+)""",
                                re.IGNORECASE)
# What browsers decode these labels as (the WHATWG Encoding Standard): windows-1252 is a superset of Latin-1
_CHARSET_ALIASES = {"iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
                    "l1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252", "gb2312": "gb18030", "gbk": "gb18030",
                    "x-gbk": "gb18030", "iso-8859-9": "cp1254", "tis-620": "cp874", "iso-8859-11": "cp874"}


def declared_charset(data: bytes) -> str | None:
    """The encoding a page (or an XML file) declares in its first 4,000 bytes, as a codec name; None
    when it declares none, an unknown one or UTF-8 (which a file that is not valid UTF-8 is not)."""
    import codecs

    match = _DECLARED_CHARSET.search(data[:4000].decode("latin-1"))  # any bytes, one character each
    if match is None:
        return None
    label = (match.group(1) or match.group(2)).lower()
    try:
        codec = codecs.lookup(_CHARSET_ALIASES.get(label, label)).name
    except LookupError:
        return None
    return None if codec in ("utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32") else codec


def _normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    return _CONTROL.sub("", text)


_TOP_LEVEL_KEY = LazyPattern(r"^([A-Za-z_][\w-]*)\s*:")


def parse_front_matter(name: str, block: str, important: frozenset[str] = frozenset()
                       ) -> tuple[dict[str, Any], list[Problem]]:
    """YAML front matter -> dict with lower-cased keys.

    Scraped front matter is often not valid YAML as a whole (an unquoted Markdown link
    in a list, say). Then each top-level key is parsed on its own, so one bad entry
    does not lose the title and date; keys that still fail are reported and dropped.
    """
    if len(block) > MAX_FRONT_MATTER_CHARS:
        return {}, [Problem(name, f"front matter is longer than {MAX_FRONT_MATTER_CHARS} characters; ignored")]
    try:
        data = _load_yaml(block)
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        return _parse_key_by_key(name, block, exc, important)
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        return {}, [Problem(name, "front matter is not a mapping of keys to values; ignored")]
    return _hashes_kept(block, {str(k).lower(): v for k, v in data.items()}), []


# "title: Daily Blog #735: …": YAML reads " #" as the start of a comment, a scraper means the text
_COMMENTED_VALUE = LazyPattern(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]+([^'\"\s|>&*!%@`{\[#].*?)[ \t]+(#.*?)[ \t]*$", re.MULTILINE)


_WORDS_KEYS = frozenset({"title", "subtitle", "author", "source"})  # values that are words, never an address or a code


def _hashes_kept(block: str, meta: dict[str, Any]) -> dict[str, Any]:
    """`meta` with a title's or a name's value that YAML cut at " #" whole again: there the rest is
    part of it ("Daily Blog #735"); elsewhere (`url: … # via RSS`, `lang: fr # french`) it is the
    comment YAML says it is."""
    for match in _COMMENTED_VALUE.finditer(block):
        key = match.group(1).lower()
        if key in _WORDS_KEYS and isinstance(meta.get(key), str) and meta[key] == match.group(2).strip():
            meta[key] = f"{match.group(2).strip()} {match.group(3)}"
    return meta


def _parse_key_by_key(name: str, block: str, error: Exception, important: frozenset[str]
                      ) -> tuple[dict[str, Any], list[Problem]]:
    entries: list[list[str]] = []
    for line in block.split("\n"):
        if _TOP_LEVEL_KEY.match(line) or not entries:
            entries.append([line])
        else:
            entries[-1].append(line)
    meta: dict[str, Any] = {}
    failed: list[str] = []
    as_written: list[str] = []  # one-line values YAML refused for a ": " inside, read as they are written
    dangerous = False
    for lines in entries:
        match = _TOP_LEVEL_KEY.match(lines[0])
        if not match:
            continue
        key = match.group(1).lower()
        try:
            value = _load_yaml("\n".join(lines))
        except (yaml.YAMLError, ValueError, RecursionError) as exc:
            written = _PLAIN_LINE.match(lines[0]) if len([line for line in lines if line.strip()]) == 1 else None
            if written:  # "title: Taiwan: a chip war" reads as written: nothing is lost
                meta[key] = written.group(1).strip()
                as_written.append(key)
                continue
            failed.append(key)
            # object-constructing tags and aliases are attacks or mistakes, never noise
            dangerous |= isinstance(exc, yaml.constructor.ConstructorError) or "alias" in str(exc)
            continue
        if isinstance(value, dict):
            meta.update(_hashes_kept("\n".join(lines), {str(k).lower(): v for k, v in value.items()}))
    reason = str(error).split("\n")[0]
    if not meta:
        return {}, [Problem(name, f"front matter is not valid YAML ({reason}); ignored, body kept")]
    if not failed:  # everything read: the values YAML refused as written, the lines without a key dropped
        read = f"read {', '.join(as_written)} as written" if as_written else "read it key by key"
        return meta, [Problem(name, f"front matter is not valid YAML ({reason}); {read}", level="info")]
    message = f"front matter is not valid YAML ({reason}); read it key by key, could not read: {', '.join(failed)}"
    if dangerous or important & set(failed):
        return meta, [Problem(name, message)]
    return meta, [Problem(name, message, level="info")]


# a one-line value YAML refuses for a ": " inside it, written by hand or by a scraper: not a list, a
# mapping, a quoted string, an anchor, an alias or a tag, which YAML reads otherwise; a bracketed
# label before the words is no list ("[AI安全论文] (37)CCS21 DeepAID：…")
_PLAIN_LINE = LazyPattern(r"^[A-Za-z_][\w-]*\s*:[ \t]+([^\s\[\]{}&*!|>'\"%@`#][^\n]*|\[[^\]\n]*\][ \t]*[^\s,\]}][^\n]*)$")


# "---" then "key: value" lines and a blank line, with no closing "---": front matter left open
_UNCLOSED_FRONT_MATTER = LazyPattern(r"\A---[ \t]*\n((?:[A-Za-z_][\w-]*[ \t]*:(?!//)[^\n]*\n)+)(?:[ \t]*\n|\Z)")


_TOML_BLOCK = LazyPattern(r"\A\+\+\+[ \t]*\n(.*?)\n\+\+\+[ \t]*(?:\n|\Z)", re.DOTALL)
# "Title: …", "Date: …" (Pelican, MultiMarkdown) or "标题：…", "来源：…" (copied from a portal) lines
_HEADER_LINE = LazyPattern(r"^[ \t]*([A-Za-z][A-Za-z _-]{0,30}?|[\u4e00-\u9fff]{1,6})[ \t]*[:：][ \t]*(\S(?:.*\S)?)[ \t]*$")


class Split(NamedTuple):
    """A seed's text taken apart: its metadata, its body and, where the shape says, the body's format."""

    meta: dict[str, Any]
    body: str
    problems: list[Problem]
    body_format: BodyFormat | None = None  # None: detect_format decides


def split_metadata(name: str, text: str, important: frozenset[str] = frozenset(),
                   header_keys: frozenset[str] = frozenset()) -> Split:
    """Text -> its metadata, body and problems, whichever way the file states its metadata.

    YAML between `---` lines (Jekyll, most scrapers), TOML between `+++` lines (Hugo), a JSON
    object at the very top (or a whole .json file), a feed item (RSS, Atom), trafilatura's XML, or
    else a block of "Key: value" lines at the top whose keys are field names (`header_keys`, from
    data/fields.yml): Pelican and MultiMarkdown headers, and the "标题：/来源：/作者：" lines of
    text copied from a news portal.
    """
    suffix = PurePosixPath(name).suffix.lower()
    feed = _FEED.match(text)
    if feed and (feed.group("root").lower() in ("rss", "feed", "rdf:rdf") or suffix in _FEED_SUFFIXES):
        return _feed_item(name, text, feed.group("root"))
    extracted = _TRAFILATURA_DOC.match(text)
    if extracted:
        return _trafilatura_doc(text, extracted)
    if text.startswith("---"):
        from frontmatter.default_handlers import YAMLHandler  # imported here: a cached build reads no seed

        handler = YAMLHandler()
        if handler.detect(text):
            try:
                front, body = handler.split(text)
            except ValueError:
                front = None
            if front is not None:
                meta, problems = parse_front_matter(name, front, important)
                return Split(meta, body, problems)
        unclosed = _UNCLOSED_FRONT_MATTER.match(text)
        keys = {key.group(1).lower() for line in unclosed.group(1).split("\n")
                if (key := _TOP_LEVEL_KEY.match(line))} if unclosed else set()
        if unclosed and keys & (header_keys | important):
            # "---" and lines of field names ("title: …"), no "---" after them: the keys up to the first
            # blank line; a rule over a paragraph of "WASHINGTON: …" or "Update: …" lines stays text
            meta, problems = parse_front_matter(name, unclosed.group(1), important)
            if meta:
                problem = Problem(name, "front matter never closes (no '---' line after it); read its keys up to "
                                        "the first blank line, the rest as the text")
                return Split(meta, text[unclosed.end():], [problem, *problems])
    if text.startswith("+++"):
        match = _TOML_BLOCK.match(text)
        if match:
            meta, problems = _toml_front_matter(name, match.group(1))
            return Split(meta, text[match.end():], problems)
    stripped = text.lstrip()
    if stripped[:1] in ("{", "["):
        import json

        try:
            value, end = json.JSONDecoder().raw_decode(stripped)
        except (ValueError, RecursionError):
            value, end = None, 0
        rest = stripped[end:]
        if isinstance(value, list) and value and all(isinstance(item, dict) for item in value) and not rest.strip():
            problems = [] if len(value) == 1 else [Problem(
                name, f"holds {len(value)} articles; only the first is published (save one article a file)")]
            return _json_article(value[0], "", problems)
        if isinstance(value, dict) and (not rest.strip() or rest.lstrip(" \t")[:1] == "\n"):
            return _json_article(value, rest.strip("\n") if rest.strip() else "", [])
    if suffix == ".json":
        return Split({}, "", [Problem(name, "is not a JSON object (or list of them) of an article's fields; skipped")])
    return _header_lines(text, header_keys)


# Where a JSON article keeps its text, when the whole file is one JSON object
_JSON_BODY_KEYS = ("content", "content_html", "body", "body_html", "html", "article", "text", "content_text",
                   "description")


def _json_article(value: dict[str, Any], body: str, problems: list[Problem]) -> Split:
    meta = {str(k).lower(): v for k, v in value.items()}
    body_format: BodyFormat | None = None
    if not body.strip():
        for key in _JSON_BODY_KEYS:
            text = meta.get(key)
            if isinstance(text, dict):  # WordPress' REST API: {"content": {"rendered": "<p>…"}}
                text = text.get("rendered") or text.get("raw")
            if isinstance(text, str) and text.strip():
                body, rendered = text, isinstance(meta.pop(key), dict)
                body_format = "html" if "html" in key or rendered else None
                break
    for key, item in list(meta.items()):
        if isinstance(item, dict) and "rendered" in item:
            meta[key] = item["rendered"]  # {"title": {"rendered": "…"}}
    return Split(meta, body, problems, body_format)


# trafilatura's XML output: <doc title=… author=… date=… url=… sitename=…><main>…</main><comments/></doc>
_TRAFILATURA_DOC = LazyPattern(r"\A\s*+(?:<\?xml[^>]*+>\s*+)?<doc\b(?P<attributes>[^>]*+)>", re.IGNORECASE)
_ATTRIBUTE = LazyPattern(r"""(?<![\w:-])([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
# its elements, each renamed to the HTML one in one pass over the tags (never matching their content)
_TEI_TAG = LazyPattern(r"<(/?)(head|list|item|hi|ref|quote|lb|graphic|row|cell|table|main|comments|doc)\b([^<>]*+)>",
                      re.IGNORECASE)
_TEI_HTML = {"list": "ul", "item": "li", "hi": "em", "ref": "a", "quote": "blockquote", "lb": "br", "graphic": "img",
             "row": "tr", "cell": "td", "table": "table"}
_REND = LazyPattern(r"""\brend\s*=\s*["'](h[1-6])["']""")
_TARGET = LazyPattern(r"""\btarget\s*=\s*("[^"]*"|'[^']*')""")


def _tei_tag(match: re.Match[str]) -> str:
    closing, name, attributes = match.group(1), match.group(2).lower(), match.group(3)
    if name in ("main", "comments", "doc"):
        return ""
    if name == "head":
        level = _REND.search(attributes)
        return f"<{closing}{level.group(1) if level else 'h2'}>"
    html_name = _TEI_HTML[name]
    if name == "ref" and not closing:
        target = _TARGET.search(attributes)
        return f"<a href={target.group(1)}>" if target else "<a>"
    if name == "graphic":
        return f"<img{attributes.rstrip('/')}>"
    return f"<{closing}{html_name}>"


def _trafilatura_doc(text: str, start: re.Match[str]) -> Split:
    """trafilatura's XML: the <doc> attributes are the metadata, <main> the text (its tags made HTML)."""
    import html

    meta = {key.lower(): html.unescape(double or single) for key, double, single in
            _ATTRIBUTE.findall(start.group("attributes")) if (double or single).strip()}
    if "sitename" in meta:
        meta.setdefault("source", meta.pop("sitename"))
    body = text[start.end():]
    comments = body.lower().find("<comments")  # readers' comments, when trafilatura kept them, are no article
    body = body[:comments] if comments != -1 else body
    return Split(meta, f"<div>{_TEI_TAG.sub(_tei_tag, body)}</div>", [], "html")


# A feed, or one item or entry of one, saved as a file (a feed reader's export). Possessive, and comments
# that cannot run past their end: "<!---->" * 40 took the backtracking version days.
_FEED = LazyPattern(r"\A\s*+(?:<\?xml[^>]*+>\s*+)?(?:<!--(?:[^-]|-(?!->))*+-->\s*+|<!DOCTYPE[^\[>]*+(?:\[[^\]]*+\])?\s*+>\s*+)*+"
                   r"<(?P<root>rss|feed|rdf:RDF|item|entry)[\s>]", re.IGNORECASE)
_FEED_SUFFIXES = (".xml", ".rss", ".atom")  # where a lone <item> or <entry> is a feed's, not an HTML page's
_XML_DECLARATION = LazyPattern(r"\A\s*+<\?xml[^>]*+>")


def _feed_item(name: str, text: str, root: str) -> Split:
    """A feed's first item -> its metadata, body html and problems, read by feedparser."""
    import io

    import feedparser

    root = root.lower()
    text = _XML_DECLARATION.sub("", text)  # the text is decoded already: feedparser gets UTF-8 bytes
    if root == "entry":  # a lone Atom entry or RSS item: feedparser reads whole feeds
        text = '<feed xmlns="http://www.w3.org/2005/Atom">' + text + "</feed>"
    elif root == "item":
        text = '<rss version="2.0"><channel>' + text + "</channel></rss>"
    # bytes, not a string: feedparser tries a string as a file name or URL first
    data = io.BytesIO(('<?xml version="1.0" encoding="utf-8"?>' + text).encode("utf-8", "surrogatepass"))
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)  # we sanitize, later
    if not parsed.entries:
        return Split({}, "", [Problem(name, "is a feed without items; skipped")])
    entry = parsed.entries[0]
    problems = [] if len(parsed.entries) == 1 else [Problem(
        name, f"is a feed of {len(parsed.entries)} items; only the first is published (save one item a file)")]
    contents = [c for c in entry.get("content") or [] if c.get("value")]
    detail = contents[0] if contents else entry.get("summary_detail") or {}
    body = detail.get("value", "")
    meta = {"title": entry.get("title"), "url": entry.get("link"), "author": entry.get("author"),
            "date": entry.get("published") or entry.get("updated"), "source": parsed.feed.get("title")}
    if contents and entry.get("summary") and entry.get("summary") != detail.get("value"):
        meta["summary"] = entry.get("summary")
    return Split({k: v for k, v in meta.items() if v}, body, problems,
                 "html" if "html" in (detail.get("type") or "") else "text")


def _toml_front_matter(name: str, block: str) -> tuple[dict[str, Any], list[Problem]]:
    import tomllib

    if len(block) > MAX_FRONT_MATTER_CHARS:
        return {}, [Problem(name, f"front matter is longer than {MAX_FRONT_MATTER_CHARS} characters; ignored")]
    try:
        data = tomllib.loads(block)
    except (tomllib.TOMLDecodeError, RecursionError) as exc:
        return {}, [Problem(name, f"front matter is not valid TOML ({exc}); ignored, body kept")]
    return {str(k).lower(): v for k, v in data.items()}, []


def _header_lines(text: str, header_keys: frozenset[str]) -> Split:
    """Leading "Key: value" lines, when at least two of their keys are field names; else no metadata.

    Blank lines may separate them (Jina Reader), a Markdown headline may come first and stays in the
    body (Notion's export), and a last "Markdown Content:" line with no value ends them. After them
    comes a blank line or that end line: a lone "Note: …" line, or one running into text, is body.
    """
    lines = text.split("\n", 80)
    index = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    headline = lines[index] if index < len(lines) and _MARKDOWN_H1.match(lines[index]) else None
    index += headline is not None
    meta: dict[str, Any] = {}
    end, closed = index, False
    while index < min(len(lines), 80):
        line = lines[index]
        match = _HEADER_LINE.match(line)
        if match:
            key = re.sub(r"[ -]+", "_", match.group(1).strip().lower())
            meta.setdefault(key, match.group(2))
            index = end = index + 1
        elif not line.strip():
            index += 1
        elif meta and _HEADER_END.match(line):
            end, closed = index + 1, True
            break
        else:
            break
    known = sum(key in header_keys for key in meta)
    ends_well = closed or end >= len(lines) or not lines[end].strip()
    if known < 2 or not ends_well or end >= len(lines):
        return Split({}, text, [])
    body = "\n".join(lines[end:]).lstrip("\n")
    return Split(meta, (headline + "\n\n" + body if headline else body), [])


_MARKDOWN_H1 = LazyPattern(r"^#[ \t]+\S")
_HEADER_END = LazyPattern(r"^[ \t]*(Markdown Content|Content|Body|Text|正文|内容)[ \t]*[:：][ \t]*$", re.IGNORECASE)


def detect_format(name: str, body: str) -> BodyFormat:
    suffix = PurePosixPath(name).suffix.lower()
    head = body[:4000]
    if _HTML_DOCUMENT.search(head) or (body.lstrip()[:1] == "<" and _BODY_TAG.search(body)
                                       and _HTML_OR_HEAD_TAG.search(body)):
        return "page"
    lines = [line for line in body.split("\n") if line.strip()]
    if suffix in (".html", ".htm"):
        return "html"
    if lines:
        html_chars = sum(len(line) for line in lines if _HTML_BLOCK_LINE.match(line))
        if html_chars > 0.5 * sum(len(line) for line in lines):
            return "html"
    if suffix in (".md", ".markdown") or _MARKDOWN_SIGNS.search(body):
        return "markdown"
    return "text"


def read_seed(name: str, data: bytes, important: frozenset[str] = frozenset(), header_keys: frozenset[str] = frozenset()
              ) -> tuple[RawSeed | None, list[Problem]]:
    """Bytes of one seed -> RawSeed, or None with the problems that explain why not."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        return None, [Problem(name, f"unsupported file type {suffix!r} (use .md, .markdown, .txt, .html, .htm, "
                                    ".json, .xml, .rss or .atom); "
                                    "skipped")]
    if len(data) > MAX_BYTES:
        return None, [Problem(name, too_large(len(data)))]
    if not data.strip():
        return None, [Problem(name, "is empty; skipped")]
    text, encoding, problems = decode(name, data)
    if text is None:
        return None, problems
    text, repairs = mojibake.repair(name, text)
    problems += repairs
    # soft hyphens are hints where a word may break, not text: left in, they split the words they sit
    # in (taken out after the repair: "正" read as Latin-1 is "æ\u00ad£")
    text = text.replace("\u00ad", "")

    meta, body, fm_problems, body_format = split_metadata(name, text, important, header_keys)
    problems += fm_problems
    if not body.strip():
        return None, problems + [Problem(name, "has front matter but no text; skipped")]
    return RawSeed(name=name, meta=meta, body=body, body_format=body_format or detect_format(name, body),
                   encoding=encoding), problems
