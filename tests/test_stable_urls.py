"""An article's URL survives edits of its title and text; a corrected date or original URL moves it,
and every URL it had redirects to the new one (issue 16, item 13). site/archive.py decides; build/ledger.py
keeps where each article is published, in published-urls.json beside mkdocs.yml."""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import urllib.parse
from pathlib import Path

import pytest

from conftest import SEED_000, SEED_003, copy_project, run_build, seed_bytes
from newsroom.build import ledger
from newsroom.site.archive import PublishedUrl, assemble
from test_archive import art
from test_browser import CHROMIUM, Visit, browser, served  # noqa: F401 (fixtures)


def publish(articles, last=(), reserved=frozenset()):
    archive, problems = assemble(list(articles), set(reserved), published=list(last))
    return archive, {a.seed: a.url for a in archive.articles}, problems


def test_a_title_edit_keeps_the_url_and_says_nothing() -> None:
    first, before, _ = publish([art("a.md", title="Chips in Japan", url="https://e.com/1")])
    archive, after, problems = publish([art("a.md", title="Chips in Japan, corrected", url="https://e.com/1")],
                                       first.published)
    assert after == before and archive.redirects == () and problems == []
    # without the last build's URLs, the edited title would have made another one
    assert publish([art("a.md", title="Chips in Japan, corrected", url="https://e.com/1")])[1] != before


def test_a_corrected_date_moves_the_article_and_the_old_url_redirects() -> None:
    first, before, _ = publish([art("a.md", url="https://e.com/1", date=dt.date(2025, 1, 2))])
    archive, after, problems = publish([art("a.md", url="https://e.com/1", date=dt.date(2025, 2, 3))], first.published)
    assert after["a.md"].startswith("articles/2025/02/")
    assert archive.redirects == ((before["a.md"], after["a.md"]),)
    assert [p.level for p in problems] == ["info"] and "its date changed" in problems[0].message
    # and once more: both former URLs go straight to the newest
    third, newest, _ = publish([art("a.md", url="https://e.com/1", date=dt.date(2025, 3, 4))], archive.published)
    assert dict(third.redirects) == {before["a.md"]: newest["a.md"], after["a.md"]: newest["a.md"]}


def test_a_corrected_original_url_is_found_by_its_seed_and_redirects() -> None:
    first, before, _ = publish([art("a.md", url="https://e.com/wrong")])
    archive, after, problems = publish([art("a.md", url="https://e.com/right")], first.published)
    assert after != before and archive.redirects == ((before["a.md"], after["a.md"]),)
    assert "its original URL changed" in problems[0].message
    assert archive.published[0].identity == "https://e.com/right"


def test_a_slug_moves_the_article_and_redirects() -> None:
    first, before, _ = publish([art("a.md", url="https://e.com/1")])
    archive, after, problems = publish([art("a.md", url="https://e.com/1", slug="chips")], first.published)
    assert after["a.md"] == "articles/chips/" and archive.redirects == ((before["a.md"], "articles/chips/"),)
    assert "slug" in problems[0].message


def test_a_slug_taken_away_moves_the_article_back_and_says_why() -> None:
    first, _, _ = publish([art("a.md", url="https://e.com/1", slug="chips")])
    archive, after, problems = publish([art("a.md", url="https://e.com/1")], first.published)
    assert archive.redirects == (("articles/chips/", after["a.md"]),) and "slug" in problems[0].message


def test_no_redirect_where_a_page_stands_now() -> None:
    first, before, _ = publish([art("a.md", url="https://e.com/1")])
    moved = dataclasses.replace(first.published[0], url="articles/2025/01/elsewhere/",
                                former=(before["a.md"],))
    # another article holds the old URL now (its own, from the ledger): it stays; nothing redirects over it
    other = PublishedUrl("b.md", "https://e.com/2", before["a.md"])
    archive, after, _ = publish([art("a.md", url="https://e.com/1"), art("b.md", url="https://e.com/2")],
                                [moved, other])
    assert after == {"a.md": "articles/2025/01/elsewhere/", "b.md": before["a.md"]} and archive.redirects == ()
    # nor over a hand-written page
    archive, _, _ = publish([art("a.md", url="https://e.com/1")], [moved], reserved={before["a.md"] + "index.md"})
    assert archive.redirects == ()


def test_a_held_url_is_never_taken_by_a_new_article() -> None:
    first, before, _ = publish([art("a.md", title="Old title", url="https://e.com/1")])
    held = before["a.md"]
    # b's title and identity would derive exactly a's held URL if the id were not grown
    twin = art("b.md", title="Old title", url="https://e.com/1")
    archive, after, _ = publish([art("a.md", title="New title", url="https://e.com/1"),
                                 dataclasses.replace(twin, seed="b.md", original_url="https://e.com/1?x=1")],
                                first.published)
    assert after["a.md"] == held and len(set(after.values())) == 2


def test_a_skipped_seed_keeps_its_entry_and_a_removed_one_is_forgotten() -> None:
    last = [PublishedUrl("a.md", "https://e.com/1", "articles/2025/01/a-123456/"),
            PublishedUrl("gone.md", "https://e.com/2", "articles/2025/01/g-654321/")]
    kept = ledger.carried(last, [], skipped={"a.md"})
    assert kept == last[:1]


def test_the_file_round_trips_and_bad_files_warn_and_are_left_alone(tmp_path: Path) -> None:
    entries = [PublishedUrl("b.md", "seed:b.md", "articles/undated/b-1/"),
               PublishedUrl("a.md", "https://e.com/1", "articles/2025/01/中文-2/", ("articles/2024/12/x-2/",))]
    assert ledger.parse(ledger.dump(entries)) == sorted(entries, key=lambda e: e.seed)
    path = tmp_path / ledger.FILE_NAME
    article = '{"articles": [%s]}'
    for text, complaint in [("[unclosed", "is not JSON"),
                            ("[]", "is not {"),
                            (article % '{"seed": "a.md", "identity": "x", "url": "/etc/"}', "is not a URL of an article"),
                            (article % '{"seed": "a.md", "identity": "x", "url": "articles/../../x/"}',
                             "is not a URL of an article"),
                            (article % '{"seed": "a.md", "identity": "x", "url": 3}', "other than text"),
                            (article % '{"seed": "a.md", "identity": "x", "url": "articles/a/"}, '
                                       '{"seed": "b.md", "identity": "y", "url": "articles/a/"}',
                             "names url 'articles/a/' twice")]:
        path.write_text(text, encoding="utf-8")
        entries_read, warning = ledger.load(path, None)
        assert entries_read == [] and warning is not None and complaint in warning and str(path) in warning
    assert ledger.load(tmp_path / "missing.yml", None) == ([], None)
    # the cache's copy adds what the file does not name, if it is what the file could hold
    bad = (PublishedUrl("d.md", "https://e.com/4", "../../etc/"),)
    assert ledger.load(tmp_path / "missing.yml", bad) == ([], None)
    remembered = (PublishedUrl("c.md", "https://e.com/3", "articles/2025/01/c-3/"),)
    path.write_text(ledger.dump(entries), encoding="utf-8")
    assert ledger.load(path, remembered)[0] == [*sorted(entries, key=lambda e: e.seed), *remembered]


def test_the_file_is_readable_by_all_as_a_file_the_maintainer_wrote(tmp_path: Path) -> None:
    path = tmp_path / ledger.FILE_NAME
    umask = os.umask(0o022)
    try:
        ledger.save(path, [PublishedUrl("a.md", "seed:a.md", "articles/undated/a-1/")])
    finally:
        os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o644  # mkstemp makes its files 0600: a later user could not read it
    path.chmod(0o640)
    ledger.save(path, [PublishedUrl("b.md", "seed:b.md", "articles/undated/b-1/")])
    assert path.stat().st_mode & 0o777 == 0o640  # a file keeps its mode


def _title(data: bytes, title: str) -> bytes:
    return re.sub(rb"(?m)^title: .*$", f"title: \"{title}\"".encode(), data, count=1)


def _date(data: bytes, date: str) -> bytes:
    return re.sub(rb"(?m)^date: .*$", f"date: {date}".encode(), data, count=1)


@pytest.fixture(scope="module")
def moved_site(tmp_path_factory: pytest.TempPathFactory):
    """A real project built three times: as is; with seed 000's title edited; with its date corrected."""
    project = copy_project(tmp_path_factory.mktemp("stable"), {SEED_000: seed_bytes(SEED_000),
                                                               SEED_003: seed_bytes(SEED_003)})
    seed = project / "seeds" / SEED_000
    first = run_build(project, strict=True)
    ledger_text = (project / ledger.FILE_NAME).read_text(encoding="utf-8")
    url = next(e.url for e in ledger.parse(ledger_text) if e.seed == SEED_000)
    seed.write_bytes(_title(seed.read_bytes(), "孙正义承诺千亿投资（更正）"))
    second = run_build(project, strict=True)
    page_after_title = second.page(url)  # the next build writes over the site
    ledger_after_title = (project / ledger.FILE_NAME).read_text(encoding="utf-8")
    seed.write_bytes(_date(seed.read_bytes(), "2024-11-18"))
    third = run_build(project, strict=True)
    new_url = next(e.url for e in ledger.parse((project / ledger.FILE_NAME).read_text(encoding="utf-8"))
                   if e.seed == SEED_000)
    return dict(first=first, second=second, third=third, url=url, new_url=new_url,
                ledger=ledger_text, ledger_after_title=ledger_after_title,
                page_after_title=page_after_title)


def test_a_real_build_keeps_the_url_through_a_title_edit(moved_site) -> None:
    assert "孙正义承诺千亿投资（更正）" in moved_site["page_after_title"] and moved_site["ledger_after_title"] == moved_site["ledger"]
    assert moved_site["second"].warnings == []


def test_a_real_build_redirects_the_old_url_after_a_date_correction(moved_site) -> None:
    site, old, new = moved_site["third"], moved_site["url"], moved_site["new_url"]
    assert new.startswith("articles/2024/11/") and "孙正义承诺千亿投资（更正）" in site.page(new)
    redirect = site.page(old)
    assert 'http-equiv="refresh"' in redirect and 'name="robots" content="noindex"' in redirect
    assert urllib.parse.quote("../../11/") in redirect
    sitemap = (site.site / "sitemap.xml").read_text(encoding="utf-8")
    assert urllib.parse.quote(old) not in sitemap and old not in sitemap
    assert site.warnings == []


def test_a_reader_following_an_old_link_lands_on_the_article(browser, moved_site, tmp_path) -> None:  # noqa: F811
    with served(moved_site["third"].site, tmp_path) as base_url:
        visit = Visit(browser, base_url)
        try:
            visit.open(moved_site["url"])
            visit.page.wait_for_url(re.compile(re.escape(urllib.parse.quote(moved_site["new_url"]))))
            assert "孙正义承诺千亿投资（更正）" in visit.page.locator("h1").first.inner_text()
            assert visit.errors == []
        finally:
            visit.close()
