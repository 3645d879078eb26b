"""Hostile and broken seeds: the build finishes, nothing escapes the site, nothing runs, nothing is lost.

The hostile corpus is tests/fixtures/hostile/ (small files) plus pathological files made here
(a 200,000-space line, 20,000 nested divs, a 1.3 MB line of amounts, inputs that once made a
pattern backtrack).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ALL_SEEDS, copy_project, run_build, seed_bytes
from newsroom.seed.process import process_seed

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
PATHOLOGICAL = {
    "long-spaces.txt": ("Spaces\n投资" + " " * 200_000 + "100亿美元。\n").encode(),
    "deep-nesting.html": ("<html><body>" + "<div>" * 20_000 + "<p>Deep text at the bottom of the nesting.</p>"
                          + "</div>" * 20_000 + "</body></html>").encode(),
    "one-long-line.txt": ("Long line\n" + "软银投资100亿美元，" * 50_000 + "\n").encode(),
    "brackets.md": b"---\ntitle: Brackets\n---\n" + b"[" * 20_000 + b"\nText after the brackets.\n",
    "surrogate-title.md": b'---\ntitle: "\\uD800 lone surrogate"\n---\nBody with a title YAML cannot encode.\n',
    "bad-url.md": b"---\ntitle: Bad URL\nurl: http://[x\n---\nA [link](http://[x/y) and ![img](http://[z).\n",
    # each of these once made one pattern backtrack: exponentially (comments before a feed's root, a toolbar
    # line) or quadratically (trafilatura's tags and attributes, a header value, a wire lede)
    "comments-before-root.md": ("<!---->" * 60 + "<!DOCTYPE a[]>" * 60 + "x\n\nBody text.\n").encode(),
    "toolbar-words.txt": ("Title\n\n" + "打印 " * 60 + "x\n\nBody text here.\n").encode(),
    "trafilatura-tags.xml": ("<doc title='t'><main>" + "<main><head>" * 20_000 + "<p>Text.</p></main></doc>").encode(),
    "trafilatura-attributes.xml": ("<doc " + "a" * 200_000 + " title='t'><main><p>Text.</p></main></doc>").encode(),
    "header-spaces.md": ("Title: a" + " " * 200_000 + "b\nDate: 2025-01-01\n\nBody text.\n").encode(),
    "lede-spaces.txt": ("Ab," + " " * 200_000 + "x\n\nBody text.\n").encode(),
    # a scraper's unclosed link over lines of spaces: the split-link repair backtracked exponentially
    "unclosed-link-spaces.md": ("---\ntitle: Menu\n---\n* [Home\n" + (" " * 40 + "\n") * 6 + "x\n\nBody text.\n").encode(),
}
EXECUTABLE_TAGS = ("script", "style", "iframe", "object", "embed", "form", "input", "button", "svg", "math",
                   "frame", "frameset", "applet", "base", "meta", "link")
BAD_SCHEMES = re.compile(r"^\s*(javascript|data|vbscript):", re.IGNORECASE)


def hostile_seeds() -> dict[str, bytes]:
    seeds = {p.name: p.read_bytes() for p in HOSTILE.iterdir()}
    seeds.update(PATHOLOGICAL)
    seeds.update({name: seed_bytes(name) for name in ALL_SEEDS})
    return seeds


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("hostile")
    project = copy_project(root / "project", hostile_seeds())
    outside_before = sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))
    site = run_build(project, strict=False)
    return site, root, outside_before


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL) + sorted(p.name for p in HOSTILE.iterdir()))
def test_every_pathological_seed_gives_a_result(name: str, rules) -> None:
    """Each finishes (the inputs that once took exponential or quadratic time are here: a regression
    shows as a test that never ends) with a result, never an exception. No time is asserted: the
    machines are shared; BENCHMARKS.md measures speed."""
    data = PATHOLOGICAL.get(name) or (HOSTILE / name).read_bytes()
    article, problems = process_seed(name, data, rules)
    assert article is not None or problems


def test_the_build_finishes_and_writes_only_inside_the_site(hostile_site) -> None:
    site, root, outside_before = hostile_site
    # the site, the cache and where each article is published (build/ledger.py): nothing else
    written = ("project/site", "project/.cache", "project/published-urls.json")
    outside_after = sorted(p.relative_to(root).as_posix() for p in root.rglob("*")
                           if not p.relative_to(root).as_posix().startswith(written))
    assert outside_after == [p for p in outside_before if not p.startswith(written)]
    assert not Path("/tmp/newsroom-pwned").exists() and not Path("/tmp/newsroom-evil").exists()
    assert not Path("/etc/newsroom-evil").exists()
    assert (site.site / "index.html").exists()


def test_no_generated_page_carries_anything_executable_from_a_seed(hostile_site) -> None:
    site, _, _ = hostile_site
    about = BeautifulSoup((site.site / "about" / "index.html").read_text(encoding="utf-8"), "lxml")

    def scripts(soup: BeautifulSoup) -> list[str]:  # the theme's scripts, with the page's depth taken out
        return sorted(re.sub(r"(\.\./)+|\.\.(?=[\"/])|\./", "", str(s)) for s in soup.find_all("script"))

    theme_scripts = scripts(about)
    checked = 0
    for record in json.loads((site.site / "articles.json").read_text(encoding="utf-8")):
        page = BeautifulSoup(site.page(record["url"]), "lxml")
        # the only scripts are the theme's own, the same on every page
        assert scripts(page) == theme_scripts, record["seed"]
        content = page.find("div", class_="md-content")
        for tag in content.find_all(True):
            assert tag.name not in EXECUTABLE_TAGS, (record["seed"], tag.name)
            for attribute, value in tag.attrs.items():
                assert not attribute.lower().startswith("on"), (record["seed"], attribute)
                values = value if isinstance(value, list) else [value]
                if attribute in ("href", "src", "action", "formaction", "xlink:href", "poster"):
                    assert not any(BAD_SCHEMES.match(v) for v in values), (record["seed"], value)
        head = page.head
        assert "<" not in head.title.get_text() and "pwned" not in str(head.find("meta", attrs={"name": "description"}))
        assert "window.__pwned" not in str(head)
        checked += 1
    assert checked >= 20


def test_every_seed_is_in_the_build_report(hostile_site) -> None:
    site, _, _ = hostile_site
    report = json.loads((site.site / "build-report.json").read_text(encoding="utf-8"))
    by_name = site.outcomes()  # the report's files, and articles.json's for those it has nothing to say of
    names = set(by_name)
    assert names == set(hostile_seeds()) - {"hidden"}
    assert report["seeds"] == report["published"] + report["merged"] + report["skipped"] == len(names)
    assert by_name["svg-file.svg"]["status"] == "skipped"
    assert by_name["deep-nesting.html"]["status"] == "published with warnings"
    assert by_name["slug-taken-twice.md"]["status"] == "published with warnings"
    for item in by_name.values():
        if item["status"] != "published":
            assert item["reasons"], item
            # and the same words were in the build log, naming the file
            assert any(w.startswith(f"seeds/{item['seed']}: ") for w in site.warnings), item["seed"]
    page = BeautifulSoup(site.page("build-report"), "lxml")
    listed = len(page.find("table", class_="na-report").tbody.find_all("tr"))
    assert listed == len(report["files"]) == len(names) - report["published_as_is"] and listed > 20
    nav = page.find("nav", class_="md-nav--primary")
    assert "构建报告" not in nav.get_text()  # for the maintainer, not in the readers' navigation


def test_slugs_never_leave_articles(hostile_site) -> None:
    site, _, _ = hostile_site
    urls = {r["seed"]: r["url"] for r in json.loads((site.site / "articles.json").read_text(encoding="utf-8"))}
    assert all(url.startswith("articles/") and ".." not in url for url in urls.values())
    assert urls["slug-taken.md"] != "articles/index/" and not urls["slug-taken.md"].endswith("/index/")
    assert urls["title-like-a-page.md"].startswith("articles/undated/")


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    seeds = {p.name: p.read_bytes() for p in HOSTILE.iterdir()}
    seeds.update({name: seed_bytes(name) for name in ALL_SEEDS})
    first = run_build(copy_project(tmp_path / "one", seeds), strict=False).site
    second = run_build(copy_project(tmp_path / "a" / "different" / "place", dict(reversed(seeds.items()))),
                       strict=False).site
    # Pagefind indexes pages in parallel, so the names and bytes of its index files (in every shard's
    # bundle: pagefind/, pagefind-1/, …) vary from run to run; everything else, the pages and the list of
    # shards included (they load the index by fixed names), must not.
    def listing(site: Path) -> list[str]:
        return sorted(p.relative_to(site).as_posix() for p in site.rglob("*")
                      if p.is_file() and not re.match(r"pagefind(-\d+)?/", p.relative_to(site).as_posix()))

    files = listing(first)
    assert files == listing(second)
    different = [f for f in files if (first / f).read_bytes() != (second / f).read_bytes()]
    assert different == [], different
    assert {"articles.json", "investments.csv", "investments.json", "feed.xml", "build-report.json",
            "search-shards.json"} <= set(files)
