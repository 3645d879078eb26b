"""Long lists are cut into pages (issue 17, item 2): a month, a topic, an entity and a source show
render.PER_PAGE articles a page (the first, up to twice as many less one); the first page keeps the
list's URL, the others are runs counted from the oldest at <list>/page/k/ (item 3: a new article
changes the first page only), each links to the others, and the list's count is the whole list's."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import copy_project, run_build
from newsroom.site import render


def test_pages_of_a_list_link_each_other_and_keep_the_first_url() -> None:
    pages = render.paged("sources/x/", list(range(5)), 2)
    assert [(here, chunk) for here, chunk, _ in pages] == [("sources/x/", [0, 1, 2]), ("sources/x/page/1/", [3, 4])]
    first, last = (pager for _, _, pager in pages)
    assert first.previous is None and first.next == "page/1/" and first.number == 1
    assert last.previous == "../../" and last.next is None and [n for n, _ in last.links] == [1, 2]
    assert render.paged("sources/x/", [], 2)[0][1] == []  # an empty list is one page
    assert [len(chunk) for _, chunk, _ in render.paged("x/", list(range(9)), 2)] == [3, 2, 2, 2]


def test_new_articles_at_the_top_of_a_list_leave_its_older_pages_as_they_were() -> None:
    """The pages after the first are runs counted from the oldest: adding at the top changes the first
    page only, so a build after one new seed renders that page again, not every page of the list."""
    before = {here: chunk for here, chunk, _ in render.paged("x/", list(range(10)), 3)}
    for added in range(1, 8):
        after = {here: chunk for here, chunk, _ in render.paged("x/", [-n for n in range(added, 0, -1)] + list(range(10)), 3)}
        assert all(after[here] == chunk for here, chunk in before.items() if here != "x/"), added
        assert all(3 <= len(chunk) <= 5 for here, chunk in after.items() if here == "x/")


def test_a_built_site_pages_its_long_lists(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render, "PER_PAGE", 1)
    monkeypatch.setattr(render, "PER_PAGE_WITH_EXCERPTS", 1)
    seeds = {f"2025-01-0{day}-post.md": (f"---\ntitle: 软银第{day}篇\ndate: 2025-01-0{day}\nsource: 测试社\n---\n"
                                         f"软银集团在日本宣布新的人工智能计划，第{day}篇报道。\n").encode()
             for day in range(1, 4)}
    site = run_build(copy_project(tmp_path, seeds), strict=True).site
    paged = sorted(str(p.parent.parent.relative_to(site)) for p in site.rglob("page/2"))
    # (these seeds have nothing to report: the build report's pages are the next test's)
    assert {folder.split("/")[0] for folder in paged} == {"archive", "entities", "sources", "topics"}, paged
    for folder in paged:
        first = BeautifulSoup((site / folder / "index.html").read_text(encoding="utf-8"), "lxml")
        oldest = BeautifulSoup((site / folder / "page/1/index.html").read_text(encoding="utf-8"), "lxml")
        assert not (site / folder / "page/3").exists(), folder
        assert len(first.select("ul.na-list > li")) == 1 and len(oldest.select("ul.na-list > li")) == 1, folder
        assert "软银第3篇" in first.select_one("ul.na-list").get_text()  # newest first
        assert "软银第1篇" in oldest.select_one("ul.na-list").get_text()
        pager = oldest.select_one("nav.na-pager")
        assert pager is not None and pager.select_one("[aria-current=page]").get_text() == "3"  # shown from the newest
        assert pager.select_one("a[rel=prev]")["href"] == "../2/" and pager.select_one("a[rel=next]") is None
        assert [a["href"] for a in pager.select("a:not([rel])")] == ["../../", "../2/"]
        if folder.split("/")[0] in ("entities", "sources", "topics"):
            assert first.select_one("h1 + p").get_text().startswith("3 篇文章")  # the whole list's count, not the page's


def test_a_new_seed_leaves_the_older_pages_of_its_lists_byte_for_byte(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render, "PER_PAGE", 2)
    monkeypatch.setattr(render, "PER_PAGE_WITH_EXCERPTS", 2)

    def post(day: int) -> bytes:
        return (f"---\ntitle: 软银第{day}篇\ndate: 2025-01-0{day}\nsource: 测试社\n---\n"
                f"软银集团在日本宣布新的人工智能计划，第{day}篇报道。\n").encode()
    project = copy_project(tmp_path, {f"2025-01-0{day}-post.md": post(day) for day in range(1, 5)})
    site = run_build(project, strict=True).site
    older = {path: path.read_bytes() for path in site.rglob("page/1/index.html")}
    assert {str(path.relative_to(site)).split("/")[0] for path in older} == {"archive", "entities", "sources", "topics"}
    (project / "seeds" / "2025-01-05-post.md").write_bytes(post(5))
    run_build(project, strict=True)
    assert {path: path.read_bytes() for path in site.rglob("page/1/index.html")} == older


def test_the_build_report_pages_its_files_with_warnings_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render, "PER_PAGE", 2)
    # four with a note (no date), one published as it was, one with a warning
    seeds = {f"post-{day}.md": f"---\ntitle: 第{day}篇\n---\n第{day}篇报道的正文。\n".encode() for day in range(1, 5)}
    seeds["2025-01-05-dated.md"] = "---\ntitle: 第5篇\ndate: 2025-01-05\nsource: 新华社\n---\n第5篇报道的正文。\n".encode()
    seeds["empty.md"] = b""
    site = run_build(copy_project(tmp_path, seeds), strict=False).site
    first = BeautifulSoup((site / "build-report/index.html").read_text(encoding="utf-8"), "lxml")
    rows = [row.select_one("code").get_text() for row in first.select("table.na-report tbody tr")]
    assert rows[0] == "empty.md" and len(rows) == 3  # what the maintainer has to fix comes first
    # the file published as it was is counted, not listed; articles.json has its URL
    assert first.select_one("p.na-total + p").get_text().startswith("另有 1 个文件照原样发布")
    assert "2025-01-05-dated.md" not in first.get_text()
    last = BeautifulSoup((site / "build-report/page/1/index.html").read_text(encoding="utf-8"), "lxml")
    assert len(last.select("table.na-report tbody tr")) == 2 and last.select_one("p.na-total") is None
    assert last.select_one("nav.na-pager a")["href"] == "../../"
    assert not (site / "build-report/page/2").exists()


def test_a_topic_shows_its_largest_deals_and_says_how_many_there_are(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render, "DEALS_SHOWN", 1)
    site = run_build(copy_project(tmp_path), strict=True).site
    page = BeautifulSoup((site / "topics/softbank/index.html").read_text(encoding="utf-8"), "lxml")
    rows = page.select("table.na-figures tbody tr")
    assert len(rows) == 1 and float(rows[0]["data-usd"]) == 1e12  # the largest
    note = page.select_one("table.na-figures + p.na-note")
    assert note is not None and note.select_one("a")["href"] == "../../investments/"
    assert re.match(r"共 ([2-9]|\d\d+) 笔，这里列出最大的 1 笔。", note.get_text())  # how many there are in all
