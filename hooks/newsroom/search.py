"""The search index: Pagefind, built from the article pages while MkDocs renders the site.

Pagefind (the `pagefind[extended]` wheel, which segments Chinese) splits its index into
small fragments that a query loads on demand, so a reader's first search downloads a few
hundred kilobytes however large the archive grows; Material's own lunr index is one file
every reader downloads whole. Only article bodies (`data-pagefind-body`) are indexed,
all as one language, so a query finds Chinese and English articles alike.

The article HTML is known before MkDocs renders anything, so indexing starts then, in a
thread that writes the article bodies to a scratch folder and runs the Pagefind CLI on
it, on the other core; the build only waits for what is left when MkDocs has finished.
"""
from __future__ import annotations

import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from markupsafe import escape

BUNDLE = "pagefind"  # the folder under the site root; more shards go to pagefind-1, pagefind-2, ...
# Pagefind's memory grows with what one run indexes (about 290 KB an article: 2.9 GB at 10,000), so
# large archives are indexed in shards, one after another, which the search page merges (mergeIndex).
SHARD_SIZE = 2500  # articles per shard; NEWSROOM_SEARCH_SHARD overrides it (the tests use 2)


class SearchIndexError(RuntimeError):
    """Pagefind did not produce an index."""


_HAN_PAIR = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])(?=[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])")
_TAG = re.compile(r"(<[^>]*>)")


def _one_token_per_character(html: str) -> str:
    """Put a zero-width space between Chinese characters in the text (not in tags).

    Pagefind's segmenter keeps a name such as 孙正义 whole in running text but splits it when it is
    typed alone, so the query missed the very articles that name it. With one token per character
    in the index, and the query sent as a phrase of characters (docs/assets/search.js), a Chinese
    query matches exactly the articles that contain it as a string. The space is invisible in excerpts.
    """
    return "".join(part if part.startswith("<") else _HAN_PAIR.sub("\\1\u200b", part) for part in _TAG.split(html))


def _document(title: str, body_html: str, language: str) -> str:
    return (f'<!doctype html><html lang="{language}"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f"</head><body>{_one_token_per_character(body_html)}</body></html>")


class BackgroundIndex:
    """Index (url, title, html) documents in a background thread; `write_to` puts the bundle in a site."""

    def __init__(self, documents: list[tuple[str, str, str]], language: str = "zh", shard_size: int | None = None
                 ) -> None:
        self._documents = documents
        self._language = language
        self._shard_size = max(1, shard_size or int(os.environ.get("NEWSROOM_SEARCH_SHARD") or SHARD_SIZE))
        count = max(1, math.ceil(len(documents) / self._shard_size))
        self.bundles = [BUNDLE] + [f"{BUNDLE}-{index}" for index in range(1, count)]  # folder names, in order
        self._output = Path(tempfile.mkdtemp(prefix="pagefind-"))
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="pagefind-index", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            for index, bundle in enumerate(self.bundles):
                pages = self._output / f"pages-{index}"
                for url, title, html in self._documents[index * self._shard_size:(index + 1) * self._shard_size]:
                    folder = pages / url
                    folder.mkdir(parents=True, exist_ok=True)
                    (folder / "index.html").write_text(_document(title, html, self._language), encoding="utf-8")
                # The CLI: measured 15 times faster than feeding the same pages through Pagefind's Python API.
                command = [sys.executable, "-m", "pagefind", "--site", str(pages), "--output-path",
                           str(self._output / bundle), "--force-language", self._language, "--quiet"]
                done = subprocess.run(command, capture_output=True, text=True, timeout=1800, check=False)
                if done.returncode != 0:
                    raise SearchIndexError(f"exit {done.returncode}: {(done.stderr or done.stdout).strip()[-500:]}")
                shutil.rmtree(pages, ignore_errors=True)
        except BaseException as exc:  # noqa: BLE001 - reported by write_to, in the build's thread
            self._error = exc

    def write_to(self, site_dir: Path, timeout: float = 900) -> None:
        """Wait for the index and move it to `site_dir/pagefind`. Raises SearchIndexError."""
        self._thread.join(timeout)
        try:
            if self._thread.is_alive():
                raise SearchIndexError(f"Pagefind did not finish within {timeout:.0f} s")
            if self._error is not None:
                raise SearchIndexError(f"Pagefind failed: {type(self._error).__name__}: {self._error}")
            for bundle in self.bundles:
                built = self._output / bundle
                if not (built / "pagefind.js").exists():
                    raise SearchIndexError(f"Pagefind wrote no {bundle}/pagefind.js")
                target = site_dir / bundle
                shutil.rmtree(target, ignore_errors=True)
                shutil.move(str(built), str(target))
        finally:
            shutil.rmtree(self._output, ignore_errors=True)
