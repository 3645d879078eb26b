"""Article ids that collide, invisible direction controls in metadata, impossible dates, a dated sitemap.

Each of these once went wrong without a word: two seeds whose URL ids shared 12 characters were both
"published" at one URL; bidirectional isolates in titles reached every page, feed and download;
`date: -1` became 1969-12-31; sitemap.xml carried the day of the build.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
from pathlib import Path

import pytest

from conftest import BuiltSite, copy_project, run_build
from newsroom.model import Article
from newsroom.seed.metadata import parse_date, read_date
from newsroom.seed.sanitize import plain_text
from newsroom.site.archive import Archive, assemble
from newsroom.site.outputs import sitemap_date

# Two original URLs whose SHA-1 digests share their first 12 hex digits (found by brute force).
COLLIDING = ("https://news.example.com/a/12668006", "https://news.example.com/a/15815074")
# Unicode's Bidi_Control characters: the isolates and the Arabic letter mark were let through.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def _seed(title: str, date: str, url: str, body: str, author: str = "") -> bytes:
    author_line = f'author: "{author}"\n' if author else ""
    return f'---\ntitle: "{title}"\n{author_line}date: {date}\nurl: {url}\n---\n\n{body}\n'.encode()


SEEDS = {
    "alpha.md": _seed("Same headline", "2024-05-01", COLLIDING[0], "Alpha's own body, about chips in Kumamoto."),
    "beta.md": _seed("Same headline", "2024-05-01", COLLIDING[1], "Beta's own body, about quantum computers."),
    "bidi.md": _seed("Soft\u2067Bank\u2069 invests\u061c in chips\u2066 today\u2068", "2024-06-03",
                     "https://news.example.com/b/1",
                     "SoftBank will invest $10 billion in OpenAI, the company said on Tuesday.",
                     author="Jane\u2068 Doe\u2069\u061c"),
    "minus-one.md": b"---\ntitle: Minus one\ndate: -1\n---\n\nAn article whose date is impossible.\n",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return run_build(copy_project(tmp_path_factory.mktemp("ids") / "project", SEEDS), strict=False)


def _report(site: BuiltSite) -> dict[str, dict]:
    return site.outcomes()


# ----- colliding ids -----------------------------------------------------------------------------

def test_articles_whose_ids_collide_each_get_their_own_page(site: BuiltSite) -> None:
    report = _report(site)
    alpha, beta = report["alpha.md"], report["beta.md"]
    assert alpha["status"] == beta["status"] == "published"
    assert alpha["url"] != beta["url"]
    assert "Alpha's own body" in site.page(alpha["url"]) and "Beta's own body" not in site.page(alpha["url"])
    assert "Beta's own body" in site.page(beta["url"]) and "Alpha's own body" not in site.page(beta["url"])
    assert not any("hand-written" in warning for warning in site.warnings), site.warnings


def test_every_published_url_in_the_report_is_a_page_of_its_own(site: BuiltSite) -> None:
    published = [entry["url"] for entry in _report(site).values() if entry["status"].startswith("published")]
    assert len(published) == len(set(published)) == len(SEEDS)
    assert all((site.site / url / "index.html").is_file() for url in published)


def _article(seed: str, url: str) -> Article:
    return Article(seed=seed, title="Same headline", date=dt.date(2024, 5, 1), source=None, author=None,
                   original_url=url, language="en", summary="", body_html="<p>x</p>")


def test_extended_ids_do_not_depend_on_the_order_of_the_seeds() -> None:
    items = [_article("a.md", COLLIDING[0]), _article("b.md", COLLIDING[1]),
             _article("c.md", "https://news.example.com/a/3")]
    forward, _ = assemble(items, set())
    backward, _ = assemble(items[::-1], set())
    urls = {a.seed: a.url for a in forward.articles}
    assert urls == {a.seed: a.url for a in backward.articles}
    assert len(set(urls.values())) == 3
    assert len(urls["c.md"].rstrip("/").rsplit("-", 1)[1]) == 6  # only the clashing ones grow
    assert {len(urls[seed].rstrip("/").rsplit("-", 1)[1]) for seed in ("a.md", "b.md")} == {18}  # they did clash


def test_an_article_behind_a_hand_written_page_is_reported_so() -> None:
    item = _article("a.md", COLLIDING[0])
    alone, _ = assemble([item], set())
    url = alone.articles[0].url
    archive, problems = assemble([item], {url.rstrip("/") + ".md"})
    outcome = archive.outcomes[0]
    assert outcome.url == url and [p.level for p in outcome.problems] == ["warning"]
    assert f"docs/{url.rstrip('/')}.md is hand-written" in outcome.problems[0].message
    assert problems == list(outcome.problems)


# ----- bidirectional controls --------------------------------------------------------------------

def test_plain_text_removes_every_bidirectional_control() -> None:
    assert plain_text(f"a{BIDI_CONTROLS}b") == "ab"


def test_no_bidirectional_control_reaches_a_page_feed_or_download(site: BuiltSite) -> None:
    leaks = {}
    for path in site.site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".csv", ".json"):
            found = sorted({f"U+{ord(c):04X}" for c in path.read_text(encoding="utf-8") if c in BIDI_CONTROLS})
            if found:
                leaks[path.relative_to(site.site).as_posix()] = found
    assert leaks == {}
    csv = (site.site / "investments.csv").read_text(encoding="utf-8")
    assert ",SoftBank invests in chips today," in csv  # the title is there, only without the controls
    assert "Jane Doe" in site.page(_report(site)["bidi.md"]["url"])


# ----- impossible dates --------------------------------------------------------------------------

@pytest.mark.parametrize("value", [-1, -1.5, 0, 1, 2024, -86400 * 365 * 50, -1_000_000_000_000])
def test_a_timestamp_on_or_before_the_epoch_is_not_a_date(value: float) -> None:
    assert parse_date(value) is None
    date, problems = read_date("x.md", {"date": value}, ("date",))
    assert date is None and [p.level for p in problems] == ["warning"]
    assert repr(str(value)) in problems[0].message


@pytest.mark.parametrize(("value", "expected"), [(1_700_000_000, dt.date(2023, 11, 14)),
                                                 (1_700_000_000_000, dt.date(2023, 11, 14)),
                                                 (20240315, dt.date(2024, 3, 15))])
def test_real_timestamps_are_still_dates(value: int, expected: dt.date) -> None:
    assert parse_date(value) == expected


def test_date_minus_one_warns_and_leaves_the_article_undated(site: BuiltSite) -> None:
    entry = _report(site)["minus-one.md"]
    assert entry["url"].startswith("articles/undated/")
    assert any(reason["level"] == "warning" and "'-1'" in reason["message"] for reason in entry["reasons"])
    assert any(w.startswith("seeds/minus-one.md: ") and "'-1'" in w for w in site.warnings), site.warnings
    assert "1969" not in site.page(entry["url"])


# ----- the sitemap -------------------------------------------------------------------------------

def test_the_sitemap_date_is_the_newest_articles() -> None:
    items = [_article("a.md", COLLIDING[0]), dataclasses.replace(_article("b.md", COLLIDING[1]), date=dt.date(2025, 2, 3))]
    assert sitemap_date(Archive(tuple(items), ())) == "2025-02-03"
    assert sitemap_date(Archive((), ())) == "2000-01-01"  # no dated article: the feeds' date for none


def test_two_builds_on_different_days_write_the_same_sitemap(tmp_path: Path, monkeypatch) -> None:
    sitemaps = []
    for day, epoch in (("one", "1600000000"), ("two", "1900000000")):  # MkDocs' build date: 2020, 2030
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        built = run_build(copy_project(tmp_path / day, SEEDS), strict=False).site
        sitemaps.append(((built / "sitemap.xml").read_bytes(), (built / "sitemap.xml.gz").read_bytes()))
    assert sitemaps[0] == sitemaps[1]
    xml = sitemaps[0][0].decode()
    assert "<lastmod>2024-06-03</lastmod>" in xml and "2020-" not in xml
    assert gzip.decompress(sitemaps[0][1]) == sitemaps[0][0]


def test_a_sitemap_over_the_protocols_limit_becomes_an_index_of_parts(tmp_path: Path, monkeypatch) -> None:
    """sitemaps.org allows 50,000 URLs a file; a 60,000-article archive lists more (LIMIT made 3 here)."""
    from xml.etree import ElementTree

    from newsroom.site import sitemaps
    monkeypatch.setattr(sitemaps, "LIMIT", 3)
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    written = []
    for day, epoch in (("one", "1600000000"), ("two", "1900000000")):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        built = run_build(copy_project(tmp_path / day, SEEDS), strict=False).site
        written.append({path.name: path.read_bytes() for path in built.glob("sitemap*")})
    assert written[0] == written[1]  # reproducible, parts and the compressed index too
    files = written[0]
    index = ElementTree.fromstring(files["sitemap.xml"])
    assert index.tag == f"{namespace}sitemapindex"
    parts = [loc.text for loc in index.iter(f"{namespace}loc")]
    assert parts == [f"https://example.github.io/news-archive/sitemap-{n}.xml" for n in range(1, len(parts) + 1)]
    urls = []
    for part in parts:
        part_urls = [loc.text for loc in ElementTree.fromstring(files[part.rsplit("/", 1)[1]]).iter(f"{namespace}loc")]
        assert 1 <= len(part_urls) <= 3
        urls += part_urls
    pages = {path.parent.relative_to(built).as_posix() for path in built.rglob("index.html")}
    assert len(urls) == len(set(urls)) >= len(pages) - 1 > 6  # every page (not the search page) once
    assert gzip.decompress(files["sitemap.xml.gz"]) == files["sitemap.xml"]
