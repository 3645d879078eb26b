"""The search index: Pagefind, built from the article pages while MkDocs renders the site.

Pagefind (the `pagefind-bin` wheel: the build separates Chinese characters itself) splits its index into
small fragments that a query loads on demand, so a reader's first search downloads a few
hundred kilobytes however large the archive grows; Material's own lunr index is one file
every reader downloads whole. Only article bodies are indexed (each written to a page of its own),
all as one language, so a query finds Chinese and English articles alike.

The article HTML is known before MkDocs renders anything, so indexing starts then, in a
thread that writes the article bodies to a scratch folder and runs the Pagefind CLI on
it, on the other core; the build only waits for what is left when MkDocs has finished.

Large archives are indexed in shards, by the month an article was published (newest first); a
busy month is cut by a hash of the URL. So a new article changes one shard only, and a first query
searches the newest shards only, which the reader widens to the older (`WINDOW`, docs/assets/search.js,
`search-shards.json`); each shard's index is kept in a cache folder
under a digest of its documents and copied from there while its documents are unchanged
(copied into the site as soon as it is ready, while MkDocs renders, and never linked:
editing the built site must not edit the cache).
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import zlib
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from html import escape as escape_text
from html import unescape
from pathlib import Path
from typing import NamedTuple

from markupsafe import escape

BUNDLE = "pagefind"  # the folder under the site root; more shards go to pagefind-1, pagefind-2, ...
# Pagefind's memory grows with what one run indexes (about 300 KB an article: 384 MB for 1,250), so
# large archives are indexed in shards, which the search page merges (mergeIndex). Smaller shards make a
# new article's re-index shorter and a query over all of them heavier (BENCHMARKS.md, session 16).
SHARD_SIZE = 1250  # articles per shard, at most about; NEWSROOM_SEARCH_SHARD overrides it (the tests use 2)
# A first query searches the newest articles, about this many (the shards that hold them), and a reader
# widens it to the older ones: a query over every shard of 60,000 articles downloads over 2 MB, most of
# it Pagefind's metadata of every shard and each shard's postings of the query's characters
# (BENCHMARKS.md, issue 17). NEWSROOM_SEARCH_WINDOW overrides it.
WINDOW = 8000
SHARDS_FILE = "search-shards.json"  # in the site's root: the bundles, newest first, their months and sizes
PARALLEL_SHARDS = 2  # Pagefind runs at once: it keeps about one core busy; two stay under 1 GB

Document = tuple[str, str, str, str]  # url, title, body html, month of publication ("2025-03"; "" undated)


# What a reader's browser never fetches of a bundle, left out of the site (issue 17: 560 KB a shard, 26 MB at
# 60,000 articles). docs/assets/search.js loads Pagefind's default UI (pagefind-ui.js, .css) from the first
# bundle, whose pagefind.js, worker and WebAssembly search every shard: a merged shard is read for its
# entry, metadata, index, fragments and filters alone (Pagefind's mergeIndex loads no WebAssembly of its own).
_NEVER_FETCHED = re.compile(r"pagefind-(component-ui|modular-ui)\.(js|css)|pagefind-highlight\.js")
_FETCHED_FROM_THE_FIRST = re.compile(r"pagefind(-worker|-ui)?\.js|pagefind-ui\.css|wasm\..*\.pagefind")


def _unread_by(bundle: str) -> Callable[[str, list[str]], set[str]]:
    """copytree's `ignore`: the files of a bundle's top folder that the site does not publish."""
    def ignore(folder: str, names: list[str]) -> set[str]:
        if Path(folder).name in ("fragment", "index", "filter"):
            return set()
        return {name for name in names if _NEVER_FETCHED.fullmatch(name)
                or bundle != BUNDLE and _FETCHED_FROM_THE_FIRST.fullmatch(name)}
    return ignore


class SearchIndexError(RuntimeError):
    """Pagefind did not produce an index."""


# Chinese characters; the punctuation and symbols of Chinese and of typeset text (Latin-1's upper half,
# General Punctuation, ℃ ℉ № ™, CJK Symbols and Punctuation, ・, the full-width forms): words of their own;
# ASCII's punctuation and symbols. As regular expressions' escapes: docs/assets/search.js holds the same
# (a test compares them). Every shard's pagefind-entry.json lists the marks, and a query reads each of its
# shards' (13 at 10,000 articles): arrows, mathematical operators and shapes (1,000 more) made it 6 KB.
HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
MARKS = (r"\u00a1-\u00a9\u00ab\u00ac\u00ae-\u00b1\u00b4\u00b6-\u00b8\u00bb\u00bf\u00d7\u00f7\u2010-\u2027"
         r"\u2030-\u205e\u2103\u2109\u2116\u2122\u3001-\u3004\u3008-\u3020\u3030\u303d\u30fb\uff01-\uff0f"
         r"\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\uffe0-\uffe6\uffe8-\uffee")
SYMBOLS = r"$+<=>`|~^"  # ASCII's symbols: words of their own too (售价$999, 涨幅+5%, 利率<5%)
ASCII_MARKS = r"!-#%-*,-/:;?@\[-\]_{}"  # ASCII's punctuation
# the marks as Pagefind's --include-characters: words of their own that a query can hold (埃隆・马斯克)
_PLANE_0 = "".join(map(chr, range(0x10000)))
INCLUDED = "".join(re.findall(f"[{MARKS}{SYMBOLS}]", _PLANE_0))
# str.translate's table: each Chinese character and each mark a word of its own; the emoji's text and picture
# selectors left out (Pagefind's query drops them: ❤️)
_APART = {ord(char): f" {char} " for char in re.findall(f"[{HAN}{MARKS}{SYMBOLS}]", _PLANE_0)}
_APART.update({0xFE0E: "", 0xFE0F: ""})
# An ASCII mark beside a Chinese character is kept with it (元/吨, 孙正义(软银), 中国,美国): alone, Pagefind
# would count it as a word and drop it from a query, and the phrase would not be found.
_HAN_THEN_ASCII = re.compile(f"(?<=[{HAN}]) (?=[{ASCII_MARKS}](?:\\s|$))")  # not 病(COVID-19): a Latin word's own
_ASCII_THEN_HAN = re.compile(f"(?<=[{ASCII_MARKS}])(?<![^\\s][{ASCII_MARKS}]) (?=[{HAN}])")
_TAG = re.compile(r"(<[^>]*>)")
# where Pagefind ends a block's text (it adds a "." glued to a last letter or character); inline closing
# tags before it are looked through
_BLOCK_END = re.compile(r"</(?:h[1-6]|p|td|div|ul|li|article|section)>", re.IGNORECASE)
_INLINE_END = re.compile(r"</(?:a|b|i|em|strong|span|code|small|sub|sup|u|s|mark|abbr|cite|q)>", re.IGNORECASE)


def words_apart(text: str) -> str:
    """Text cut into the words the index holds: each Chinese character and each mark of punctuation a
    word of its own (Pagefind splits at spaces). The search box cuts a query the same way
    (docs/assets/search.js, `cut`) and sends it as a phrase, so a query typed as an article has it is
    found, and only there: 中国 is not found in 华中，国际, the comma stands between."""
    return _ASCII_THEN_HAN.sub("", _HAN_THEN_ASCII.sub("", text.translate(_APART)))


def _kept(text: str) -> int:
    return len(text) - text.count(" ")


def _past(cut: str, count: int) -> int:
    """Where `cut` is past its first `count` characters that are not a space."""
    index = 0
    while count:
        count -= cut[index] != " "
        index += 1
    return index


def _one_token_per_character(html: str) -> str:
    """The text (not the tags) cut by `words_apart` as Pagefind reads it, the text of inline tags joined
    (在<a>中国</a>的 is cut at the link's edges), and each block ended with a "." of its own.

    Pagefind's segmenter kept a name such as 孙正义 whole in running text but split it when it was
    typed alone, so the query missed the very articles that name it: the index holds one word per
    character, and a Chinese query is sent as a phrase of characters. Spaces do it, not Pagefind's
    Chinese segmenter (its extended binary), which took twice the time and memory to index, glued
    characters across inline tags (在中 and 国的), cut words the query keeps whole (5G, COVID-19) and
    dropped the marks a query holds (埃隆・马斯克 found nothing): over 264 queries of a 1,250-article shard
    it missed 441 articles that hold the query, this misses 2 (BENCHMARKS.md, session 22). The search box
    takes the spaces out of Pagefind's excerpts again (search.js, `tight`).
    """
    parts = _TAG.split(html)  # text, tag, text, ..., text
    texts = [unescape(parts[index]).replace("\ufe0e", "").replace("\ufe0f", "") for index in range(0, len(parts), 2)]
    joined = "".join(texts)
    start = 0
    for number, text in enumerate(texts):
        end = start + len(text)
        if text:
            # cut as Pagefind reads the text, tags taken out: it joins inline text (孙正义</a>(<a>软银 is one
            # run), so the two characters on either side of this text count; the cut only puts spaces in
            # and takes out what it put in, so the text's own part is found by counting the others
            preceding, following = joined[max(0, start - 2):start], joined[end:end + 2]
            cut = words_apart(preceding + text + following)
            # the spaces between this text and the next are the next one's
            text = cut[_past(cut, _kept(preceding)):len(cut) - _past(cut[::-1], _kept(following))].rstrip(" ") \
                if following else cut[_past(cut, _kept(preceding)):]
        parts[2 * number] = escape_text(text, quote=False)  # & < > as the HTML had them
        start = end
    for index in range(0, len(parts), 2):
        after = index + 1
        while after + 1 < len(parts) and _INLINE_END.fullmatch(parts[after]) and not parts[after + 1].strip():
            after += 2
        if after < len(parts) and _BLOCK_END.fullmatch(parts[after]):
            text = parts[index].rstrip(" ")
            # a "." of its own ends a block that ends in a letter, a digit or a Chinese character: Pagefind's
            # own, glued to it, would leave nothing between the blocks, and 中国 would be found in
            # <p>华中</p><p>国际</p>
            parts[index] = text + " ." if text[-1:].isalnum() else text
    return "".join(parts)


_FIRST_HEADING = re.compile(r"<h1\b")
# What Pagefind leaves out of an article: its metadata list (templates/article.html), dates and labels.
NOT_INDEXED = ".na-meta"


def _document(title: str, body_html: str, language: str) -> str:
    """The page Pagefind indexes for an article: its body alone, the title given whole (Pagefind would take
    the heading's text, which carries the spaces put between Chinese characters). The article's page does
    not carry these marks (issue 17: a tenth of a kilobyte each of 60,000 pages)."""
    marked = _FIRST_HEADING.sub(f'<h1 data-pagefind-meta="title:{escape(title)}"', body_html, count=1)
    return (f'<!doctype html><html lang="{language}"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f"</head><body>{_one_token_per_character(marked)}</body></html>")


def pagefind_command(pages: Path, bundle: Path, language: str) -> list[str]:
    """Pagefind's CLI indexing the documents under `pages` into `bundle`: measured 15 times faster than
    feeding the same pages through Pagefind's Python API."""
    return [sys.executable, "-m", "pagefind_bin", "--site", str(pages), "--output-path", str(bundle),
            "--force-language", language, "--include-characters", INCLUDED, "--exclude-selectors", NOT_INDEXED,
            "--quiet"]


def _version() -> str:
    """What else an index depends on: Pagefind's version and this module's text transform."""
    try:
        pagefind = importlib.metadata.version("pagefind-bin")
    except importlib.metadata.PackageNotFoundError:
        pagefind = "unknown"
    return pagefind + hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


class Shard(NamedTuple):
    period: str  # "2025-03", a whole year "2024" (a year of few articles is one shard), or "undated"
    documents: list[Document]


def _period(month: str) -> tuple[int, int]:
    return (int(month[:4]), int(month[5:7])) if month else (0, 0)  # undated: the oldest


def shards(documents: list[Document], shard_size: int) -> list[Shard]:
    """The documents in shards by when they were published, newest first: a year of at most
    `shard_size` articles is one shard, a busier year one shard a month, and a month of more than
    `shard_size` is cut in several by a hash of the URL (about `shard_size` each); undated ones last.

    What picks an article's shard is its month (and its URL), not its position, so a new or edited
    article changes one shard and the others keep their cached index, and a first query can search
    the newest shards only (WINDOW).
    """
    by_month: dict[tuple[int, int], list[Document]] = defaultdict(list)
    for document in documents:
        by_month[_period(document[3])].append(document)
    by_year: dict[int, int] = defaultdict(int)
    for (year, _), published in by_month.items():
        by_year[year] += len(published)
    groups: dict[tuple[int, int], list[Document]] = defaultdict(list)
    for (year, number), published in by_month.items():
        groups[(year, 0) if year and by_year[year] <= shard_size else (year, number)].extend(published)
    result: list[Shard] = []
    for (year, number), group in sorted(groups.items(), reverse=True):
        period = "undated" if not year else f"{year}-{number:02d}" if number else str(year)
        count = max(1, math.ceil(len(group) / shard_size))
        buckets: list[list[Document]] = [[] for _ in range(count)]
        for document in group:
            buckets[zlib.crc32(document[0].encode("utf-8")) % count].append(document)
        result.extend(Shard(period, sorted(bucket)) for bucket in buckets if bucket)
    return result


def bundle_names(count: int) -> list[str]:
    """The site folders of `count` shards, newest first: the newest is pagefind/ (its scripts search
    every shard), the others are numbered from the oldest (pagefind-1/ …), so a new month renames one
    bundle, the last newest, not all of them (the last site's bundles are moved back by name)."""
    return [BUNDLE if index == 0 else f"{BUNDLE}-{count - index}" for index in range(count)]


def shard_key(documents: list[Document], language: str, version: str) -> str:
    digest = hashlib.sha256(f"{version}\0{language}".encode())
    for url, title, html, _ in documents:  # the month picks the shard: the shard's documents are its content
        for part in (url, title, html):
            digest.update(part.encode("utf-8", "surrogatepass"))
            digest.update(b"\0")
    return digest.hexdigest()[:32]


def _renamed(source: Path, target: Path) -> bool:
    try:
        os.replace(source, target)
    except OSError:
        return False
    return True


class BackgroundIndex:
    """Index (url, title, html) documents in a background thread; `write_to` puts the bundles in a site.

    Given `site_dir`, each bundle is copied there as soon as it is ready (a cached one at once), while
    MkDocs renders; `write_to` then waits for the rest. `cache_dir` keeps each shard's index for the
    next build; without it, or when this user cannot write there, new shards are indexed in a scratch
    folder for this build only (shards already in a read-only cache are still used).
    """

    def __init__(self, documents: list[Document], cache_dir: Path | None = None, language: str = "zh",
                 shard_size: int | None = None, site_dir: Path | None = None,
                 previous: Callable[[str, str], Path | None] | None = None) -> None:
        self._language = language
        size = max(1, shard_size or int(os.environ.get("NEWSROOM_SEARCH_SHARD") or SHARD_SIZE))
        # No documents, no bundle (Pagefind cannot index nothing): the search dialog says there is nothing to search.
        self._shards = shards(documents, size)
        self.bundles = bundle_names(len(self._shards))
        version = _version()
        self._keys = [shard_key(shard.documents, language, version) for shard in self._shards]
        self.warnings: list[str] = []  # for the build log: a cache folder this build could not write
        self._read_only: Path | None = None  # a cache folder whose shards are used but that takes no new ones
        if cache_dir is not None:
            try:
                cache_dir.mkdir(parents=True, exist_ok=True)
                os.rmdir(tempfile.mkdtemp(prefix="shard-", dir=cache_dir))  # new shards are indexed there
            except OSError as exc:
                if cache_dir.is_dir():
                    self._read_only = cache_dir
                    self.warnings.append(
                        f"archive: the search index's cache {cache_dir} cannot be written ({exc.strerror}): this "
                        "build indexes its new shards in a scratch folder, and so will every build. Give the folder "
                        'back to your user (sudo chown -R "$USER" .cache) or delete .cache/newsroom/')
                cache_dir = None  # without a cache folder at all, the cache's own warning (build/cache.py) says why
        self._scratch = cache_dir is None
        self._store = Path(tempfile.mkdtemp(prefix="pagefind-")) if cache_dir is None else cache_dir
        self.reused = sum(self._built(key) is not None for key in self._keys)
        self._site_dir = site_dir
        # the last build's copy of a bundle, by its name and shard key, when that site was moved aside
        # (build/rendered.py): moved into the new site, a rename, instead of copied from the cache
        self._previous = previous
        self._in_site: set[str] = set()  # bundles copied into site_dir so far
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="pagefind-index", daemon=True)
        self._thread.start()

    def _built(self, key: str) -> Path | None:
        """The folder holding the index of the shard `key`, if any build made it."""
        for store in (self._store, self._read_only):
            if store is not None and (store / key / "pagefind.js").exists():
                return store / key
        return None

    def _run(self) -> None:
        try:
            with ThreadPoolExecutor(max(1, min(PARALLEL_SHARDS, os.cpu_count() or 1))) as pool:
                indexing = []
                for key, (_, documents), bundle in zip(self._keys, self._shards, self.bundles, strict=True):
                    if self._built(key) is None:
                        indexing.append(pool.submit(self._index, key, documents, bundle))
                    elif self._site_dir is not None:
                        self._copy(key, bundle, self._site_dir)  # while Pagefind indexes the others
                for done in indexing:
                    done.result()
        except BaseException as exc:  # noqa: BLE001 - reported by write_to, in the build's thread
            self._error = exc

    def _index(self, key: str, documents: list[Document], bundle: str) -> None:
        work = Path(tempfile.mkdtemp(prefix=f"shard-{key[:8]}-", dir=self._store))
        try:
            pages = work / "pages"
            for url, title, html, _ in documents:
                folder = pages / url
                folder.mkdir(parents=True, exist_ok=True)
                (folder / "index.html").write_text(_document(title, html, self._language), encoding="utf-8")
            done = subprocess.run(pagefind_command(pages, work / "bundle", self._language),
                                  capture_output=True, text=True, timeout=1800, check=False)
            if done.returncode != 0:
                raise SearchIndexError(f"exit {done.returncode}: {(done.stderr or done.stdout).strip()[-500:]}")
            try:
                os.replace(work / "bundle", self._store / key)  # whole or not at all: a cut build leaves no half index
            except OSError:
                if not (self._store / key / "pagefind.js").exists():
                    raise
        finally:
            shutil.rmtree(work, ignore_errors=True)
        if self._site_dir is not None:
            self._copy(key, bundle, self._site_dir)

    def _copy(self, key: str, bundle: str, site_dir: Path) -> None:
        built = self._built(key)
        if built is None:
            raise SearchIndexError(f"Pagefind wrote no {bundle}/pagefind.js")
        shutil.rmtree(site_dir / bundle, ignore_errors=True)
        last = self._previous(bundle, key) if self._previous is not None and site_dir == self._site_dir else None
        if last is None or not _renamed(last, site_dir / bundle):
            shutil.copytree(built, site_dir / bundle, copy_function=shutil.copyfile,  # copies: the site's files are its own
                            ignore=_unread_by(bundle))
        if site_dir == self._site_dir:
            self._in_site.add(bundle)

    def shards_json(self) -> str:
        """What the search dialog reads (docs/assets/search.js): the bundles, newest first, with the
        period and the count of articles each holds, and how many articles a first query searches."""
        window = int(os.environ.get("NEWSROOM_SEARCH_WINDOW") or WINDOW)
        return json.dumps({"window": window, "shards": [
            {"bundle": bundle, "period": shard.period, "articles": len(shard.documents)}
            for bundle, shard in zip(self.bundles, self._shards, strict=True)]},
            ensure_ascii=False, separators=(",", ":")) + "\n"

    @property
    def shard_keys(self) -> dict[str, str]:
        """Each bundle's folder and the key of the shard it holds (the next build may take it whole)."""
        return dict(zip(self.bundles, self._keys, strict=True))

    def write_to(self, site_dir: Path, timeout: float = 900) -> None:
        """Wait for the index and have its bundles in `site_dir`. Raises SearchIndexError."""
        self._thread.join(timeout)
        try:
            if self._thread.is_alive():
                raise SearchIndexError(f"Pagefind did not finish within {timeout:.0f} s")
            if self._error is not None:
                raise SearchIndexError(f"Pagefind failed: {type(self._error).__name__}: {self._error}")
            for key, bundle in zip(self._keys, self.bundles, strict=True):
                if site_dir != self._site_dir or bundle not in self._in_site:
                    self._copy(key, bundle, site_dir)
            (site_dir / SHARDS_FILE).write_text(self.shards_json(), encoding="utf-8")
            self._prune()
        finally:
            if self._scratch:
                shutil.rmtree(self._store, ignore_errors=True)

    def _prune(self) -> None:
        """Drop the cached shards this build did not use, and scratch folders a killed build left
        (`shard-*`; one build at a time uses the cache, see build/lock.py): the cache holds one
        archive's index."""
        if self._scratch or not self._store.is_dir():
            return
        for entry in self._store.iterdir():
            if entry.name not in self._keys:
                shutil.rmtree(entry, ignore_errors=True)
