"""Generated pages a build takes whole from the previous build's site (issue 17, item 3).

A generated page's HTML is a function of the page (its path, metadata and body) and of what every
page shares: mkdocs.yml, the theme and its overrides, the hooks' code, the search index's shards.
Each build that finishes records a digest of both for each page it wrote (`rendered-<key>.json` in
the cache folder, one per site folder), and the key of each search bundle's shard. The next build into the same folder moves the old
site aside before MkDocs empties the folder (`stash`); a page whose digest has not changed is then
not rendered again: it is left out of MkDocs' list of files, and the old site's folders that hold
such pages are moved back whole (`put_back`). The stash goes when the build finishes, deleted by a process of
its own (10,000 pages took 5 s to delete: the build does not wait). A build that fails leaves no
record, so the build after it renders everything.
"""
from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Collection, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..kept import Kept

STASH = "previous-site"  # in the cache folder (or beside a site on another file system): the last site, while a build runs


def frame_digest(parts: Iterable[bytes | str]) -> str:
    """One digest of what every page's HTML depends on besides the page itself."""
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def folder_digest(folder: Path) -> str:
    """The names and bytes of every file under `folder` (the theme's overrides)."""
    return frame_digest(part for path in sorted(p for p in folder.rglob("*") if p.is_file())
                        for part in (path.relative_to(folder).as_posix(), path.read_bytes()))


class RenderedPages:
    """The record of the last build's pages into one site folder, and the pages this build takes from it.

    Anything the file system refuses (a read-only cache, a site folder that is a mount point) turns
    reuse off for the build, with the reason in `problem`: the whole site is then rendered, right."""

    def __init__(self, cache_folder: Path, site_dir: Path, kept: dict[str, Any] | None = None) -> None:
        self._site = site_dir.resolve()
        # One record per site folder: `mkdocs serve`'s and `mkdocs build`'s do not forget each other's.
        # `kept`: a mapping this process keeps, instead of a file. `mkdocs serve` builds into a new temporary
        # folder each time it starts, so its record serves that process alone: on disk, one a preview piled
        # up in the cache (1.4 MB each at 10,000 pages; writing and reading it, 0.03 s a rebuild).
        self._kept = kept
        key = "serve" if kept is not None else hashlib.blake2b(str(self._site).encode(), digest_size=6).hexdigest()
        self._record = cache_folder / f"rendered-{key}.json"
        self._cache = cache_folder
        self._stash = cache_folder / f"{STASH}-{key}"
        self._previous: dict[str, str] = {}
        self._icons: list[str] = []
        self._search: dict[str, str] = {}  # the last site's search bundles: folder -> shard key
        self.digests: dict[str, str] = {}  # this build's, by output path
        self.reused: dict[str, str] = {}  # the pages taken whole: source path -> output path
        self.problem: str | None = None

    def stash(self) -> None:
        """Before MkDocs empties the site folder: read the record, forget it (a build that fails
        must leave none) and move the old site's entries aside (its hidden ones, `.git` or
        `.nojekyll`, stay, as MkDocs' own cleaning leaves them)."""
        try:
            if self._kept is not None:  # forgotten first, whatever fails next
                record = self._kept.pop("record", {})
            else:
                record = _read(self._record)
                self._record.unlink(missing_ok=True)
            self._cache.mkdir(parents=True, exist_ok=True)
            for left in [self._stash, *self._cache.glob(f"{self._stash.name}.old-*")]:
                _delete_in_background(left)  # a failed build's, or one still being deleted
            if record.get("site") != str(self._site) or not self._site.is_dir():
                return
            if self._site.stat().st_dev != self._cache.stat().st_dev:
                self._stash = self._site.parent / f".{self._site.name}.{STASH}"  # a rename stays on one file system
                _delete_in_background(self._stash)
            self._stash.mkdir()
            for entry in self._site.iterdir():
                if not entry.name.startswith("."):
                    os.replace(entry, self._stash / entry.name)
        except OSError as exc:
            self.problem = f"the last site could not be moved aside ({exc}): every page is rendered"
            return
        self._previous = dict(record.get("pages", {}))
        self._icons = list(record.get("icons", []))
        self._search = dict(record.get("search", {}))

    def previous_bundle(self, bundle: str, key: str) -> Path | None:
        """The last site's copy of the search bundle `bundle`, when it holds the shard `key`."""
        folder = self._stash / bundle
        return folder if self.problem is None and self._search.get(bundle) == key and folder.is_dir() else None

    @property
    def previous_icons(self) -> list[str]:
        """The icons the last build's pages used: pages taken whole use them without rendering."""
        return self._icons

    def take(self, source: str, output: str, digest: str) -> bool:
        """Whether the page at `source` (written to `output`) is taken whole from the last build."""
        self.digests[output] = digest
        if (self.problem is None and self._previous.get(output) == digest
                and os.path.isfile(os.path.join(self._stash, output))):  # a string path: 10,000 stats a rebuild
            self.reused[source] = output
            return True
        return False

    def put_back(self) -> None:
        """Once MkDocs has emptied the site folder and the pages to take are known: move the old
        site's folders that hold them back whole (a rename each, however many pages they hold),
        then delete from them every file that is not such a page (MkDocs writes the rest anew;
        a page removed since must not stay)."""
        outputs = set(self.reused.values())
        tops = {output.split("/", 1)[0] for output in outputs}
        try:
            for top in sorted(tops):
                os.replace(self._stash / top, self._site / top)
            emptied: set[Path] = set()
            for top in tops:
                for relative in _files_under(str(self._site), top):
                    if relative not in outputs:
                        path = self._site / relative
                        path.unlink()
                        emptied.add(path.parent)
            for folder in sorted(emptied, key=lambda path: len(path.parts), reverse=True):
                while folder != self._site and folder.is_dir() and not any(folder.iterdir()):
                    folder.rmdir()
                    folder = folder.parent
        except OSError as exc:
            self.problem = f"the last site's pages could not be put back ({exc}): every page is rendered"
            self.reused.clear()

    def finish(self, icons: Iterable[str], search: Mapping[str, str] | None = None) -> None:
        """After a build that finished: record its pages and drop the old site (waited for in CI,
        whose cache step would save a half-deleted one)."""
        record = {"site": str(self._site), "icons": sorted(icons), "pages": self.digests, "search": dict(search or {})}
        if self._kept is not None:
            self._kept["record"] = record
            _delete_in_background(self._stash)
            return
        try:
            temporary = self._record.with_suffix(".tmp")
            temporary.write_text(json.dumps(record, ensure_ascii=False, sort_keys=True), encoding="utf-8")
            os.replace(temporary, self._record)
        except OSError as exc:
            self.problem = f"the record of rendered pages could not be written ({exc}): the next build renders every page"
        _delete_in_background(self._stash, wait=bool(os.environ.get("CI")))


def _files_under(root: str, relative: str) -> Iterator[str]:
    """Every file under root/relative (or that file itself), by its path from `root` with "/": os.scandir
    and plain strings (os.walk and a Path per file took 0.5 s over 10,000 article folders)."""
    try:
        entries = list(os.scandir(os.path.join(root, relative)))
    except NotADirectoryError:
        yield relative
        return
    for entry in entries:
        inner = f"{relative}/{entry.name}"
        if entry.is_dir(follow_symlinks=False):
            yield from _files_under(root, inner)
        else:
            yield inner


_MARKDOWN_LINK = re.compile(r"\]\(\s*<?(?![a-zA-Z][a-zA-Z0-9+.-]*:)([^)\s>#?]+\.md)\b")  # not another site's


def referenced_pages(nav: object, pages: Iterable[tuple[str, str]]) -> set[str]:
    """The pages the navigation (mkdocs.yml's `nav`) and the hand-written pages (`pages`: their path
    and Markdown) link to: always rendered, since MkDocs resolves and checks those links against
    its list of files."""
    found: set[str] = set()

    def walk(item: object) -> None:
        if isinstance(item, str) and item.endswith(".md"):
            found.add(posixpath.normpath(item))
        elif isinstance(item, dict):
            for value in item.values():
                walk(value)
        elif isinstance(item, list):
            for value in item:
                walk(value)

    walk(nav)
    for path, markdown in pages:
        for target in _MARKDOWN_LINK.findall(markdown):
            found.add(posixpath.normpath(target.lstrip("/") if target.startswith("/")
                                         else posixpath.join(posixpath.dirname(path), target)))
    return found


def page_digest(frame: str, path: str, meta: Mapping[str, object], html: str) -> str:
    # the metadata's repr, keys in order: its values are strings and lists of them (json.dumps cost 0.2 s
    # of a 10,000-page rebuild)
    return frame_digest((frame, path, repr(sorted(meta.items())), html))


class PageDigests:
    """page_digest, remembered from build to build by page: under `mkdocs serve` a rebuild makes most
    pages again with the same HTML (the very same string, for an unchanged article's page), and
    digesting 10,000 of them again took a third of a second."""

    def __init__(self) -> None:
        self._kept: Kept[str] = Kept()

    def of(self, frame: str, path: str, meta: Mapping[str, object], html: str) -> str:
        return self._kept.get(path, (frame, html, meta), lambda: page_digest(frame, path, meta, html))

    def keep_only(self, paths: Collection[str]) -> None:
        """Forget the pages that are gone."""
        self._kept.keep_only(paths)


def _delete_in_background(folder: Path, wait: bool = False) -> None:
    """Rename `folder` (if it is there) out of the way and delete it in a process that outlives this build."""
    doomed = folder.with_name(f"{folder.name.split('.old-')[0]}.old-{os.getpid()}-{time.time_ns()}")
    try:
        os.replace(folder, doomed)
    except FileNotFoundError:  # none, or another build's deleter got there first
        return
    if wait:
        shutil.rmtree(doomed, ignore_errors=True)
        return
    subprocess.Popen([sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)",
                      str(doomed)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                     start_new_session=True)


def _read(record: Path) -> dict:
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
