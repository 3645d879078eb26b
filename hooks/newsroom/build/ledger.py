"""Where each article is published, from one build to the next: `published-urls.json` beside mkdocs.yml.

An article's URL holds its title, so the build must remember where it published each article for
the URL to stay put when the title is edited, and for an old URL to redirect when a corrected date
or original URL moves the article (site/archive.py decides). The file is the maintainer's to commit
with the seeds: a fresh clone, and the Pages workflow, then publish every article where it was. The
cache keeps a copy too, so that articles added where nobody commits the file (a seed uploaded on
GitHub) keep their URLs from one workflow run to the next.

A file the build cannot read is a warning naming it and what is wrong; the build then derives the
URLs it cannot tell and leaves the file as it is, for the maintainer to mend.
"""
from __future__ import annotations

import functools
import json
import os
import re
import stat
import tempfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from ..kept import Kept
from ..site.archive import PublishedUrl

# JSON, an article a line: git shows what changed line by line, and 60,000 articles are read in a
# tenth of a second (YAML, even libyaml's, takes five)
FILE_NAME = "published-urls.json"
MEMO = "published-urls"  # the cache's copy (build/cache.py's memo)
MEMO_KEY = "1"
_ABOUT = ("Where each article is published, kept by the build: an article keeps its URL when its title or text "
          "is edited, and a URL it had before (former) redirects to it. Commit this file with the seeds. Deleting "
          "it and .cache/ gives every article the URL its title and date make (old links then break).")
# A path below articles/, ending in "/": what the build makes, and nothing a redirect could escape by.
_URL = re.compile(r"articles/(?:(?!\.\.?/)[^/\\\s\x00-\x1f<>\"'?#%]+/)+")


class LedgerError(ValueError):
    """published-urls.json is not what the build writes."""


def _entry(item: object, where: str) -> PublishedUrl:
    if not isinstance(item, dict) or not {"seed", "identity", "url"} <= item.keys() \
            or not item.keys() <= {"seed", "identity", "url", "former"}:
        raise LedgerError(f"{where} is not a mapping of seed, identity, url and former")
    former = item.get("former") or []
    if not all(isinstance(item[field], str) for field in ("seed", "identity", "url")) \
            or not isinstance(former, list) or not all(isinstance(url, str) for url in former):
        raise LedgerError(f"{where} holds something other than text")
    for url in (item["url"], *former):
        if not _URL.fullmatch(url):
            raise LedgerError(f"{where}: {url!r} is not a URL of an article (articles/…/)")
    return PublishedUrl(item["seed"], item["identity"], item["url"], tuple(sorted(set(former) - {item["url"]})))


def parse(text: str) -> list[PublishedUrl]:
    """The entries of a published-urls.json; LedgerError says what is wrong with it."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LedgerError(f"is not JSON ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("articles"), list):
        raise LedgerError('is not {"articles": [...]}')
    entries = [_entry(item, f"article {number}") for number, item in enumerate(data["articles"], 1)]
    for field in ("seed", "identity", "url"):
        counts = Counter(getattr(entry, field) for entry in entries)
        twice = sorted(value for value, count in counts.items() if count > 1)
        if twice:
            raise LedgerError(f"names {field} {twice[0]!r} twice")
    return entries


# The file's text as last read and written, with its entries, and each entry's line: under `mkdocs serve`
# each rebuild reads and writes the same file, and parsing and writing 10,000 entries took half a second
# of a preview's rebuild.
_parsed: tuple[str | None, list[PublishedUrl]] = (None, [])
_lines: Kept[str] = Kept()


def _parse_again(text: str) -> list[PublishedUrl]:
    """parse, unless the text is the one parsed last."""
    global _parsed
    if text != _parsed[0]:
        _parsed = (text, parse(text))
    return list(_parsed[1])


def _line(entry: PublishedUrl) -> str:
    return json.dumps({"seed": entry.seed, "identity": entry.identity, "url": entry.url,
                       **({"former": list(entry.former)} if entry.former else {})}, ensure_ascii=False)


def dump(entries: Iterable[PublishedUrl]) -> str:
    entries = sorted(entries, key=lambda e: e.seed)
    lines = [_lines.get(entry, None, functools.partial(_line, entry)) for entry in entries]
    _lines.keep_only(entries)
    return '{"about": ' + json.dumps(_ABOUT) + ',\n"articles": [\n' + ",\n".join(lines) + "\n]}\n"


def load(path: Path, remembered: object) -> tuple[list[PublishedUrl], str | None]:
    """The file's entries, and the cache's copy (`remembered`) for articles the file does not name;
    with the warning to give if the file cannot be read."""
    entries: list[PublishedUrl] = []
    warning = None
    try:
        entries = _parse_again(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        pass
    except (OSError, UnicodeDecodeError, LedgerError) as exc:
        warning = (f"archive: {path} {exc}: articles it would have kept in place get the URL their title and "
                   "date make, and the file is left as it is; mend it (git diff shows what changed) or delete it")
    # the cache's copy is checked as the file is: a damaged or older one adds nothing
    if isinstance(remembered, tuple) and all(isinstance(entry, PublishedUrl) and isinstance(entry.former, tuple)
                                             and all(_URL.fullmatch(url) for url in (entry.url, *entry.former))
                                             for entry in remembered):
        entries += _not_in(entries, remembered)
    return entries, warning


def _not_in(entries: list[PublishedUrl], others: Iterable[PublishedUrl]) -> list[PublishedUrl]:
    """The `others` that name no seed, identity or URL `entries` name."""
    named = {entry.seed for entry in entries} | {entry.identity for entry in entries}
    urls = {entry.url for entry in entries}
    return [entry for entry in others if not {entry.seed, entry.identity} & named and entry.url not in urls]


def carried(last: Iterable[PublishedUrl], now: Iterable[PublishedUrl], skipped: set[str]) -> list[PublishedUrl]:
    """Where each article is published now, and where a seed skipped this time (a fault to mend) was:
    it gets its URL back once it is published again. A seed taken out of seeds/ is forgotten."""
    now = list(now)
    return now + _not_in(now, (entry for entry in last if entry.seed in skipped))


def save(path: Path, entries: Iterable[PublishedUrl]) -> None:
    """Write the file if its text changes (atomically: a build killed half-way leaves the old one)."""
    global _parsed
    entries = sorted(entries, key=lambda entry: entry.seed)
    text = dump(entries)
    _parsed = (text, entries)  # what the next build reads back, as parse gives it (in the file's order)
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except (OSError, UnicodeDecodeError):
        pass
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        # mkstemp's file is its owner's only: the file keeps its mode, or a new one gets the usual one
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
