"""What a built site weighs per article, by part (issue 17, item 1: at most 16 KB per article).

    python tests/site_weight.py site/ [--page articles/2019/11/…/index.html]

Parts: article pages (articles/), the search index (pagefind*/), listings and other pages (every
other HTML page), downloads (JSON and CSV), feeds and sitemaps, assets (the fixed rest). Each is its
bytes on disk divided by the articles published (article pages counted). With --page, one page's
HTML is split into what it is made of: <head>, the header, the navigation, the article and the rest.
Not a test: pytest does not collect it.
"""
from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

PARTS = ("article pages", "search index", "listings and other pages", "downloads", "feeds and sitemaps", "assets")


def part_of(path: Path) -> str:
    top = path.parts[0]
    if top == "articles" and path.suffix == ".html":
        return "article pages"
    if top.startswith("pagefind") or top == "search-shards.json":
        return "search index"
    if path.suffix == ".html":
        return "listings and other pages"
    if path.suffix in (".json", ".csv"):
        return "downloads"
    if path.name.startswith(("feed", "sitemap")):
        return "feeds and sitemaps"
    return "assets"


def weigh(site: Path) -> tuple[Counter[str], int]:
    sizes: Counter[str] = Counter()
    articles = 0
    for file in site.rglob("*"):
        if file.is_file():
            relative = file.relative_to(site)
            part = part_of(relative)
            sizes[part] += file.stat().st_size
            articles += part == "article pages"
    return sizes, articles


def anatomy(html: str) -> dict[str, int]:
    """One page's bytes by region (the markers are Material's and the project's own)."""
    marks = [("<head>", "<head"), ("header", "<header"), ("navigation", 'data-md-component="sidebar"'),
             ("article", '<article'), ("after the article", "</article>"), ("footer and scripts", "<footer")]
    found = sorted((html.find(mark), name) for name, mark in marks if html.find(mark) >= 0)
    regions = {}
    for (start, name), (end, _) in zip(found, [*found[1:], (len(html), "")], strict=True):
        regions[name] = len(html[start:end].encode("utf-8"))
    return regions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--page", help="a page of the site (its path under site/) to split into regions")
    args = parser.parse_args()
    sizes, articles = weigh(args.site)
    total = sum(sizes.values())
    print(f"{articles} article pages, site {total / 1e6:.1f} MB")
    for part in PARTS:
        print(f"  {part:26} {sizes[part] / 1e6:8.2f} MB  {sizes[part] / max(articles, 1) / 1000:6.2f} KB per article")
    print(f"  {'site':26} {total / 1e6:8.2f} MB  {total / max(articles, 1) / 1000:6.2f} KB per article")
    if args.page:
        html = (args.site / args.page).read_text(encoding="utf-8")
        print(f"{args.page}: {len(html.encode('utf-8'))} bytes")
        for name, size in anatomy(html).items():
            print(f"  {name:22} {size:6}")


if __name__ == "__main__":
    main()
