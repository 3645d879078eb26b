"""sitemap.xml past the protocol's limit: a sitemap index and its parts.

The sitemap protocol allows 50,000 URLs a file (sitemaps.org), and a 60,000-article archive
lists more pages than that. MkDocs writes one sitemap.xml (overrides/sitemap.xml: one line a
page); past the limit it becomes an index of sitemap-1.xml, sitemap-2.xml, … that hold the
same lines in the same order, and sitemap.xml.gz the index's, with MkDocs' own timestamp.
"""
from __future__ import annotations

import gzip
import io
from pathlib import Path

from .templating import render

LIMIT = 50_000  # URLs a sitemap file may list


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
