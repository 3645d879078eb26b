"""sitemap.xml: each page's line, and past the protocol's limit, a sitemap index and its parts.

MkDocs writes sitemap.xml from overrides/sitemap.xml, one line a page, each an address and a date the
hooks hand it (`page_entry` for a page MkDocs rendered, `Addresses` for one taken whole from the last
build, which MkDocs never saw).

The sitemap protocol allows 50,000 URLs a file (sitemaps.org), and a 60,000-article archive
lists more pages than that. Past the limit sitemap.xml becomes an index of sitemap-1.xml,
sitemap-2.xml, … that hold the same lines in the same order, and sitemap.xml.gz the index's,
with MkDocs' own timestamp.
"""
from __future__ import annotations

import gzip
import io
import posixpath
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from .templating import render

LIMIT = 50_000  # URLs a sitemap file may list


def page_entry(page: Any) -> tuple[str, str] | None:
    """A page's line of sitemap.xml as MkDocs' own template writes it, its address and its date; None
    for a link or a page without an address (no site_url)."""
    if page is None or page.is_link or not (page.canonical_url or page.abs_url):
        return None
    return page.canonical_url or page.abs_url, page.update_date or ""


class Addresses:
    """The address MkDocs gives the page it writes at `destination` (its canonical URL: site_url joined
    with the page's URL, that URL quoted), without MkDocs' File and Page: a tenth of the cost, over
    10,000 pages taken whole from the last build."""

    def __init__(self, site_url: str, use_directory_urls: bool) -> None:
        self._base = (site_url if site_url.endswith("/") else site_url + "/") if site_url else ""
        # the folder urljoin resolves a page's URL against ("a/../b/" is "b/"; a query or fragment is dropped)
        self._folder = urljoin(self._base, "./") if site_url else ""
        self._directory_urls = use_directory_urls

    def __call__(self, destination: str) -> str | None:
        if not self._base:
            return None  # MkDocs gives no address to any page without site_url
        directory, name = posixpath.split(destination)
        url = quoted(directory + "/" if self._directory_urls and name == "index.html" else destination)
        return self._base if url == "/" else self._folder + url  # "/": the home page, site_url itself


# quote(text) as MkDocs writes an address (urllib.parse.quote, "/" safe) by one str.translate over the
# UTF-8 bytes read as Latin-1: quote itself cost a quarter of a second over 10,000 Chinese slugs.
_QUOTED = {byte: f"%{byte:02X}" for byte in range(256)
           if not (chr(byte).isascii() and (chr(byte).isalnum() or chr(byte) in "_.-~/"))}


def quoted(text: str) -> str:
    return text.encode("utf-8").decode("latin-1").translate(_QUOTED)


def split(site_dir: Path, site_url: str) -> int:
    """Split the site's sitemap.xml when it lists over LIMIT pages; the number of parts written (0: none)."""
    sitemap = site_dir / "sitemap.xml"
    if not sitemap.is_file():
        return 0
    text = sitemap.read_text(encoding="utf-8")
    lines = text.split("\n")
    urls = [line for line in lines if line.startswith("<url>")]
    if len(urls) <= LIMIT:
        return 0
    head = "\n".join(line for line in lines if line and not line.startswith(("<url>", "</urlset>")))
    names = [f"sitemap-{number}.xml" for number in range(1, (len(urls) - 1) // LIMIT + 2)]
    for number, name in enumerate(names):
        part = urls[number * LIMIT:(number + 1) * LIMIT]
        (site_dir / name).write_text("\n".join([head, *part, "</urlset>"]) + "\n", encoding="utf-8")
    base = site_url if not site_url or site_url.endswith("/") else site_url + "/"
    index = render("sitemap-index.xml", parts=[base + name for name in names])
    sitemap.write_text(index, encoding="utf-8")
    compressed = site_dir / "sitemap.xml.gz"
    stamp = _gzip_time(compressed)
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, filename=str(compressed), mode="wb", mtime=stamp) as gz:
        gz.write(index.encode("utf-8"))
    compressed.write_bytes(buffer.getvalue())
    return len(names)


def _gzip_time(path: Path) -> int:
    """The timestamp MkDocs gave sitemap.xml.gz (the newest article's date: a reproducible build), or 0."""
    try:
        header = path.read_bytes()[:8]
    except OSError:
        return 0
    return int.from_bytes(header[4:8], "little") if len(header) == 8 else 0
