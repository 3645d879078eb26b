"""Stage 1: bytes of a seed file -> RawSeed (decoded text, front matter, body format).

Every failure is a `Problem` naming the file; nothing here raises on bad input.
Decoding uses charset-normalizer, front matter python-frontmatter's splitter and
a PyYAML safe loader that also refuses aliases (no "billion laughs").
"""
from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any

import yaml

from .model import BodyFormat, Problem, RawSeed

MAX_BYTES = 5 * 1024 * 1024  # a news article is far below this; larger files are skipped
MAX_FRONT_MATTER_CHARS = 64 * 1024
SUPPORTED_SUFFIXES = {".md", ".markdown", ".txt", ".html", ".htm", ".json", ".xml", ".rss", ".atom", ""}

# Files a maintainer's tools leave behind; ignored without a word.
_IGNORED = re.compile(r"(^\.|~$|^#.*#$|\.(swp|swo|swx|tmp|bak|orig|part|crdownload)$|^(Thumbs\.db|desktop\.ini)$)",
                      re.IGNORECASE)
_BINARY_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"PK\x03\x04", b"\x7fELF", b"RIFF", b"\x1f\x8b",
                 b"BZh", b"7z\xbc\xaf")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # metadata gets the stricter sanitize._CONTROL
_HTML_DOCUMENT = re.compile(r"<(!doctype\s+html|html[\s>]|body[\s>])", re.IGNORECASE)
_HTML_BLOCK_LINE = re.compile(r"^\s*<(/?(div|article|section|main|p|table|figure|blockquote|h[1-6]|ul|ol|center|"
                              r"span|strong|font|img|br)\b|!--)", re.IGNORECASE)
_MARKDOWN_SIGNS = re.compile(r"^(#{1,6}[ \t]|[ \t]*[-*+][ \t]|[ \t]*\d+\.[ \t]|>[ \t]|!\[|\[[^\]\n]+\]\(|```|\|.*\|)"
                             r"|\*\*[^*\n]+\*\*", re.MULTILINE)


def is_ignored(name: str) -> bool:
    """Hidden files, editor backups and OS litter: not articles, not worth a warning."""
    return any(_IGNORED.search(part) for part in name.split("/") if part)


class _NoAliasSafeLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors/aliases, which scraped front matter never needs."""

    def compose_node(self, parent: Any, index: Any) -> Any:  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            raise yaml.YAMLError("YAML aliases are not allowed in front matter")
        return super().compose_node(parent, index)


# Where an alias could start: "*" at the start of a token. Front matter without one is read by
# libyaml's C loader, ten times faster than the pure-Python loader above, which refuses aliases.
_MAYBE_ALIAS = re.compile(r"(?:^|[\s\[{,])\*[^\s,\[\]{}]", re.MULTILINE)
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def _load_yaml(text: str) -> Any:
    if _FAST_LOADER is not None and not _MAYBE_ALIAS.search(text):
        return yaml.load(text, Loader=_FAST_LOADER)  # noqa: S506 - libyaml's SafeLoader
    return yaml.load(text, Loader=_NoAliasSafeLoader)  # noqa: S506 - a SafeLoader subclass


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


def _normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    return _CONTROL.sub("", text)


_TOP_LEVEL_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:")


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
    return {str(k).lower(): v for k, v in data.items()}, []


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
    dangerous = False
    for lines in entries:
        match = _TOP_LEVEL_KEY.match(lines[0])
        if not match:
            continue
        key = match.group(1).lower()
        try:
            value = _load_yaml("\n".join(lines))
        except (yaml.YAMLError, ValueError, RecursionError) as exc:
            failed.append(key)
            # object-constructing tags and aliases are attacks or mistakes, never noise
            dangerous |= isinstance(exc, yaml.constructor.ConstructorError) or "alias" in str(exc)
            continue
        if isinstance(value, dict):
            meta.update({str(k).lower(): v for k, v in value.items()})
    reason = str(error).split("\n")[0]
    if not meta:
        return {}, [Problem(name, f"front matter is not valid YAML ({reason}); ignored, body kept")]
    level = "warning" if dangerous or important & set(failed) else "info"
    return meta, [Problem(name, f"front matter is not valid YAML ({reason}); "
                                f"read it key by key, could not read: {', '.join(failed)}", level=level)]


_TOML_BLOCK = re.compile(r"\A\+\+\+[ \t]*\n(.*?)\n\+\+\+[ \t]*(?:\n|\Z)", re.DOTALL)
# "Title: …", "Date: …" (Pelican, MultiMarkdown) or "标题：…", "来源：…" (copied from a portal) lines
_HEADER_LINE = re.compile(r"^[ \t]*([A-Za-z][A-Za-z _-]{0,30}?|[\u4e00-\u9fff]{1,6})[ \t]*[:：][ \t]*(\S.*?)[ \t]*$")


def split_metadata(name: str, text: str, important: frozenset[str] = frozenset(),
                   header_keys: frozenset[str] = frozenset()) -> tuple[dict[str, Any], str, list[Problem]]:
    """Text -> (metadata, body, problems), whichever way the file states its metadata.

    YAML between `---` lines (Jekyll, most scrapers), TOML between `+++` lines (Hugo), a JSON
    object at the very top, or else a block of "Key: value" lines at the top whose keys are
    field names (`header_keys`, from data/fields.yml): Pelican and MultiMarkdown headers, and
    the "标题：/来源：/作者：" lines of text copied from a news portal.
    """
    feed = _FEED.match(text)
    if feed:
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
                return meta, body, problems
    if text.startswith("+++"):
        match = _TOML_BLOCK.match(text)
        if match:
            meta, problems = _toml_front_matter(name, match.group(1))
            return meta, text[match.end():], problems
    if text.startswith("{"):
        import json

        try:
            value, end = json.JSONDecoder().raw_decode(text)
        except (ValueError, RecursionError):
            value, end = None, 0
        if isinstance(value, list) and value and all(isinstance(item, dict) for item in value) and not text[end:].strip():
            problems = [] if len(value) == 1 else [Problem(
                name, f"holds {len(value)} articles; only the first is published (save one article a file)")]
            return (*_json_article(value[0], ""), problems)
        if isinstance(value, dict) and text[end:end + 1] in ("\n", ""):
            meta, body = _json_article(value, text[end:].lstrip("\n"))
            return meta, body, []
    if PurePosixPath(name).suffix.lower() == ".json":
        return {}, "", [Problem(name, "is not a JSON object of an article's fields; skipped")]
    return _header_lines(text, header_keys)


# Where a JSON article keeps its text, when the whole file is one JSON object
_JSON_BODY_KEYS = ("content", "content_html", "body", "body_html", "html", "article", "text", "content_text",
                   "description")


def _json_article(value: dict[str, Any], body: str) -> tuple[dict[str, Any], str]:
    meta = {str(k).lower(): v for k, v in value.items()}
    if not body.strip():
        key = next((k for k in _JSON_BODY_KEYS if isinstance(meta.get(k), str) and meta[k].strip()), None)
        if key is not None:
            body = meta.pop(key)
    return meta, body


# trafilatura's XML output: <doc title=… author=… date=… url=… sitename=…><main>…</main><comments/></doc>
_TRAFILATURA_DOC = re.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?<doc\b(?P<attributes>[^>]*)>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
# its element names -> HTML: <head rend="h2">, <list>/<item>, <hi>, <ref target=…>, <quote>, <lb/>, <graphic src=…>
_TEI_TAGS = [(re.compile(r"<head\b[^>]*\brend=\"(h[1-6])\"[^>]*>(.*?)</head>", re.S), r"<\1>\2</\1>"),
             (re.compile(r"<head\b[^>]*>(.*?)</head>", re.S), r"<h2>\1</h2>"),
             (re.compile(r"<list\b[^>]*>"), "<ul>"), (re.compile(r"</list>"), "</ul>"),
             (re.compile(r"<item\b[^>]*>"), "<li>"), (re.compile(r"</item>"), "</li>"),
             (re.compile(r"<hi\b[^>]*>"), "<em>"), (re.compile(r"</hi>"), "</em>"),
             (re.compile(r"<ref\b[^>]*\btarget=\"([^\"]*)\"[^>]*>"), r'<a href="\1">'), (re.compile(r"</ref>"), "</a>"),
             (re.compile(r"<quote\b[^>]*>"), "<blockquote>"), (re.compile(r"</quote>"), "</blockquote>"),
             (re.compile(r"<lb\s*/>"), "<br>"), (re.compile(r"<graphic\b([^>]*)/?>"), r"<img\1>"),
             (re.compile(r"<row\b[^>]*>"), "<tr>"), (re.compile(r"</row>"), "</tr>"),
             (re.compile(r"<cell\b[^>]*>"), "<td>"), (re.compile(r"</cell>"), "</td>")]


def _trafilatura_doc(text: str, start: re.Match[str]) -> tuple[dict[str, Any], str, list[Problem]]:
    """trafilatura's XML: the <doc> attributes are the metadata, <main> the text (its tags made HTML)."""
    import html

    meta = {key.lower(): html.unescape(double or single) for key, double, single in
            _ATTRIBUTE.findall(start.group("attributes")) if (double or single).strip()}
    if "sitename" in meta:
        meta.setdefault("source", meta.pop("sitename"))
    body = text[start.end():]
    main = re.search(r"<main\b[^>]*>(.*?)</main>", body, re.S | re.IGNORECASE)
    body = main.group(1) if main else re.sub(r"</doc>\s*\Z", "", body)
    for pattern, replacement in _TEI_TAGS:
        body = pattern.sub(replacement, body)
    return meta, f"<div>{body}</div>", []


# A feed, or one item or entry of one, saved as a file (a feed reader's export)
_FEED = re.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>\s*)*<(?P<root>rss|feed|rdf:RDF|item|entry)[\s>]",
                   re.IGNORECASE | re.DOTALL)


def _feed_item(name: str, text: str, root: str) -> tuple[dict[str, Any], str, list[Problem]]:
    """A feed's first item -> (metadata, body html, problems), read by feedparser."""
    import feedparser

    root = root.lower()
    if root == "entry":  # a lone Atom entry or RSS item: feedparser reads whole feeds
        text = '<feed xmlns="http://www.w3.org/2005/Atom">' + re.sub(r"\A\s*<\?xml[^>]*>", "", text) + "</feed>"
    elif root == "item":
        text = '<rss version="2.0"><channel>' + re.sub(r"\A\s*<\?xml[^>]*>", "", text) + "</channel></rss>"
    parsed = feedparser.parse(text, sanitize_html=False, resolve_relative_uris=False)  # we sanitize, later
    if not parsed.entries:
        return {}, "", [Problem(name, "is a feed without items; skipped")]
    entry = parsed.entries[0]
    problems = [] if len(parsed.entries) == 1 else [Problem(
        name, f"is a feed of {len(parsed.entries)} items; only the first is published (save one item a file)")]
    contents = [c for c in entry.get("content") or [] if c.get("value")]
    detail = contents[0] if contents else entry.get("summary_detail") or {}
    body = detail.get("value", "")
    if "html" in (detail.get("type") or ""):
        body = f"<div>{body}</div>"  # read as the HTML it is, whatever its first tag
    meta = {"title": entry.get("title"), "url": entry.get("link"), "author": entry.get("author"),
            "date": entry.get("published") or entry.get("updated"), "source": parsed.feed.get("title")}
    if contents and entry.get("summary") and entry.get("summary") != detail.get("value"):
        meta["summary"] = entry.get("summary")
    return {k: v for k, v in meta.items() if v}, body, problems


def _toml_front_matter(name: str, block: str) -> tuple[dict[str, Any], list[Problem]]:
    import tomllib

    if len(block) > MAX_FRONT_MATTER_CHARS:
        return {}, [Problem(name, f"front matter is longer than {MAX_FRONT_MATTER_CHARS} characters; ignored")]
    try:
        data = tomllib.loads(block)
    except (tomllib.TOMLDecodeError, RecursionError) as exc:
        return {}, [Problem(name, f"front matter is not valid TOML ({exc}); ignored, body kept")]
    return {str(k).lower(): v for k, v in data.items()}, []


def _header_lines(text: str, header_keys: frozenset[str]) -> tuple[dict[str, Any], str, list[Problem]]:
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
        return {}, text, []
    body = "\n".join(lines[end:]).lstrip("\n")
    return meta, (headline + "\n\n" + body if headline else body), []


_MARKDOWN_H1 = re.compile(r"^#[ \t]+\S")
_HEADER_END = re.compile(r"^[ \t]*(Markdown Content|Content|Body|Text|正文|内容)[ \t]*[:：][ \t]*$", re.IGNORECASE)


def detect_format(name: str, body: str) -> BodyFormat:
    suffix = PurePosixPath(name).suffix.lower()
    head = body[:4000]
    if _HTML_DOCUMENT.search(head):
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
        return None, [Problem(name, f"is {len(data):,} bytes, over the {MAX_BYTES:,}-byte limit for one article; "
                                    "skipped")]
    if not data.strip():
        return None, [Problem(name, "is empty; skipped")]
    text, encoding, problems = decode(name, data)
    if text is None:
        return None, problems

    meta, body, fm_problems = split_metadata(name, text, important, header_keys)
    problems += fm_problems
    if not body.strip():
        return None, problems + [Problem(name, "has front matter but no text; skipped")]
    return RawSeed(name=name, meta=meta, body=body, body_format=detect_format(name, body), encoding=encoding), problems
