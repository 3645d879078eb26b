"""Incremental rendering (issue 17, item 3): a build with the last site and caches kept renders only
the pages whose output changes, and writes the same bytes as a full build."""
from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from conftest import ALL_SEEDS, copy_project, run_build, seed_bytes
from newsroom.build import workers
from newsroom.build.rendered import RenderedPages, referenced_pages
from newsroom.site import sitemaps


def _listing(site: Path) -> list[str]:
    # Pagefind names its index files by their content, which varies with its parallel indexing
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*")
                  if p.is_file() and not p.relative_to(site).as_posix().startswith("pagefind"))


def _build_and_count_reused(project: Path, caplog: pytest.LogCaptureFixture) -> int:
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.archive"):
        run_build(project, strict=True)
    said = [r.getMessage() for r in caplog.records if "unchanged since the last build, not rendered" in r.getMessage()]
    assert len(said) == 1, said
    return int(said[0].split("archive: ")[1].split(" of ")[0])


def test_a_build_after_one_new_seed_takes_the_unchanged_pages_and_matches_a_full_build(
        tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    seeds = {name: seed_bytes(name) for name in ALL_SEEDS}
    *first, last = sorted(seeds)
    project = copy_project(tmp_path / "kept", {name: seeds[name] for name in first})
    assert _build_and_count_reused(project, caplog) == 0  # nothing to take from
    # a hand-written page linking to an article the new seed leaves alone: MkDocs checks the link
    article = json.loads((project / "site" / "articles.json").read_text(encoding="utf-8"))[0]["url"].rstrip("/")
    note = f"A hand-written page linking to a generated one: [an article]({article}.md).\n"
    (project / "docs" / "notes.md").write_text(note, encoding="utf-8")
    pages = {path: (path.stat().st_ino, path.stat().st_mtime_ns) for path in (project / "site" / "articles").rglob("*.html")}
    assert _build_and_count_reused(project, caplog) > 0
    # every article's page but the one the hand-written page links is the same file, moved back, not written again
    kept = [path for path, state in pages.items() if (path.stat().st_ino, path.stat().st_mtime_ns) == state]
    assert len(kept) == len(pages) - 1 >= 2
    (project / "seeds" / last).write_bytes(seeds[last])
    # as in a large archive: the new seed is read and cleaned in the worker the build readied as it began
    started: list[workers.ReadyWorker] = []

    class Recorded(workers.ReadyWorker):
        def begin(self, function, arguments):  # type: ignore[no-untyped-def]
            started.append(self)
            return super().begin(function, arguments)

    small = workers.PARALLEL_FROM
    monkeypatch.setattr(workers, "PARALLEL_FROM", len(seeds))
    monkeypatch.setattr(workers, "ReadyWorker", Recorded)
    reused = _build_and_count_reused(project, caplog)
    monkeypatch.setattr(workers, "PARALLEL_FROM", small)
    assert reused > 0
    assert started and started[0]._closed  # used, then ended with the seed stage
    assert not [r for r in caplog.records if "worker processes failed" in r.getMessage()]  # and it did the work

    full = copy_project(tmp_path / "full", seeds)
    (full / "docs" / "notes.md").write_text(note, encoding="utf-8")
    run_build(full, strict=True)
    files = _listing(project / "site")
    assert files == _listing(full / "site")
    assert [f for f in files if (project / "site" / f).read_bytes() != (full / "site" / f).read_bytes()] == []
    assert not (project / ".cache" / "newsroom" / "previous-site").exists()  # the old site is gone

    # a template edited: every page is rendered again
    template = project / "overrides" / "main.html"
    template.write_text(template.read_text(encoding="utf-8") + "\n{#- edited -#}\n", encoding="utf-8")
    assert _build_and_count_reused(project, caplog) == 0
    assert (project / "site" / "pagefind" / "pagefind.js").is_file()  # its unchanged search shard, taken whole


def _site_with(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_a_failed_build_leaves_no_record_and_hidden_files_and_other_folders_are_left_alone(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    site = _site_with(tmp_path / "site", {"old/index.html": "old", ".nojekyll": ""})
    first = RenderedPages(cache, site)
    first.stash()
    first.take("old.md", "old/index.html", "d1")
    first.finish(icons=(), search={"pagefind": "k1"})  # the record of a build that wrote old/index.html
    _site_with(site, {"old/index.html": "old", "old/page/2/index.html": "a page since removed", "gone/index.html": "x",
                      "pagefind/pagefind.js": "index"})

    rendered = RenderedPages(cache, site)
    rendered.stash()
    assert not list(cache.glob("rendered-*.json"))  # until this build finishes: a failed one leaves none
    assert rendered.take("old.md", "old/index.html", "d1") and not rendered.take("new.md", "new/index.html", "d2")
    assert not (site / "old").exists() and (site / ".nojekyll").exists()  # MkDocs' cleaning keeps hidden files too
    rendered.put_back()
    assert (site / "old/index.html").read_text(encoding="utf-8") == "old"
    assert not (site / "old/page").exists() and not (site / "gone").exists()  # nothing else of the old site
    # the search index's bundle holding the same shard is taken whole too; another shard's is not
    assert rendered.previous_bundle("pagefind", "k2") is None
    assert (rendered.previous_bundle("pagefind", "k1") / "pagefind.js").read_text(encoding="utf-8") == "index"

    # another site folder (`mkdocs serve`'s) has its own record: it takes nothing and forgets nothing
    elsewhere = _site_with(tmp_path / "elsewhere", {"old/index.html": "stale"})
    other = RenderedPages(cache, elsewhere)
    other.stash()
    assert not other.take("old.md", "old/index.html", "d1") and (elsewhere / "old/index.html").exists()
    rendered.finish(icons=())
    assert len(list(cache.glob("rendered-*.json"))) == 1

    # `mkdocs serve` builds into a new temporary folder each time it starts: its record stays in the process
    kept: dict[str, object] = {}
    for preview in range(2):
        folder = _site_with(tmp_path / f"preview-{preview}", {"old/index.html": "old"})
        served = RenderedPages(cache, folder, kept=kept)
        served.stash()
        assert not served.take("old.md", "old/index.html", "d1")  # the last preview's folder is not this one
        served.finish(icons=())
        again = RenderedPages(cache, folder, kept=kept)  # the preview's next rebuild
        again.stash()
        assert again.take("old.md", "old/index.html", "d1")
        again.put_back()
        again.finish(icons=())
        assert (folder / "old/index.html").read_text(encoding="utf-8") == "old"
    assert len(list(cache.glob("rendered-*.json"))) == 1  # none written for the previews


def test_a_page_gone_from_the_last_site_is_rendered_again(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    site = _site_with(tmp_path / "site", {"a/index.html": "a", "b/index.html": "b"})
    first = RenderedPages(cache, site)
    first.stash()
    assert not first.take("a.md", "a/index.html", "da")  # no record yet
    first.take("b.md", "b/index.html", "db")
    first.finish(icons=())
    (site / "b" / "index.html").unlink()  # deleted by hand from the built site
    _site_with(site, {"a/stray.txt": "left by hand", "b/other.html": "not a page"})

    again = RenderedPages(cache, site)
    again.stash()
    assert again.take("a.md", "a/index.html", "da") and not again.take("b.md", "b/index.html", "db")
    again.put_back()
    assert _listing(site) == ["a/index.html"]  # the stray file and the folder without its page are gone


def test_what_the_navigation_and_hand_written_pages_link_to_is_always_rendered() -> None:
    nav = [{"首页": "index.md"}, {"专题": [{"AI": "topics/ai/index.md"}]}]
    pages = [("about.md", "See [the chips](topics/semiconductors/index.md#top) and [x](https://e.com/a.md)."),
             ("notes/one.md", "[up](../archive/index.md)")]
    assert referenced_pages(nav, pages) == {"index.md", "topics/ai/index.md", "topics/semiconductors/index.md",
                                            "archive/index.md"}


@pytest.mark.parametrize("site_url", ["https://example.org/news-archive/", "https://example.org", "",
                                      "https://example.org/a/../b/", "https://example.org/x?q=1", "https://example.org/x#top"])
@pytest.mark.parametrize("directory_urls", [True, False])
def test_a_page_taken_whole_is_in_the_sitemap_as_mkdocs_would_list_it(
        tmp_path: Path, site_url: str, directory_urls: bool) -> None:
    """sitemap.xml reads a taken page's address from sitemaps.Addresses, not from MkDocs' File and Page."""
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File
    from mkdocs.structure.pages import Page

    import archive

    config = MkDocsConfig()
    config.load_dict({"site_name": "t", "site_url": site_url, "use_directory_urls": directory_urls,
                      "docs_dir": str(tmp_path)})
    assert config.validate() == ([], [])
    addresses = sitemaps.Addresses(config.site_url or "", directory_urls)  # as validated, as the hook reads it
    for path in ("index.md", "topics/index.md", "topics/ai/page/2/index.md", "articles/2025/01/软银-投资.md",
                 "sources/a b?c#d.md", "articles/undated/x.md"):
        page = Page(None, File(path, str(tmp_path), str(tmp_path / "site"), directory_urls), config)
        page.update_date = "2025-01-02"
        address = addresses(archive._destination(path, directory_urls))
        assert ((address, "2025-01-02") if address else None) == sitemaps.page_entry(page), path


def test_a_generated_page_is_rendered_without_markdown_as_mkdocs_renders_its_empty_source(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import markdown
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

    import archive

    config = MkDocsConfig()
    config.load_dict({"site_name": "t", "docs_dir": str(tmp_path)})
    assert config.validate() == ([], [])
    pages = []
    for _ in range(2):
        file = File("articles/2025/01/x.md", str(tmp_path), str(tmp_path / "site"), True)
        file.content_string = ""
        page = Page(None, file, config)
        page.read_source(config)
        pages.append(page)
    files = Files([pages[0].file])
    pages[0].render(config, files)  # MkDocs' own
    monkeypatch.setitem(archive._pages, "articles/2025/01/x.md", object())
    monkeypatch.setattr(markdown, "Markdown", None)  # no converter is made
    archive.on_pre_page(pages[1], config, files).render(config, files)
    mkdocs_s, ours = pages
    assert (ours.content, ours.title, ours.present_anchor_ids, ours.links_to_anchors, list(ours.toc)) == \
           (mkdocs_s.content, mkdocs_s.title, mkdocs_s.present_anchor_ids, mkdocs_s.links_to_anchors, list(mkdocs_s.toc))
    assert ours._title_from_render is mkdocs_s._title_from_render is None


def test_an_address_is_quoted_as_urllib_quotes_it() -> None:
    from urllib.parse import quote

    for text in ("articles/2025/01/软银-投资-ab12/", "a b?c#d%e&f=g+h:i;j@k!l'm(n)*o,p$q[r]s", "~_.-/", "ñ é ß 𝔸 \u200b",
                 "".join(chr(code) for code in range(1, 300))):
        assert sitemaps.quoted(text) == quote(text), text


def test_the_theme_s_compiled_templates_are_kept_for_the_next_build_and_an_edited_one_is_compiled_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from newsroom.build.cache import SeedCache
    from newsroom.site.templating import CompiledTemplates

    project = copy_project(tmp_path / "project", {name: seed_bytes(name) for name in ALL_SEEDS[:1]})
    run_build(project, strict=True)
    memo = SeedCache(project / ".cache" / "newsroom").memo("theme-templates")
    hooks = sys.modules["hooks/archive.py"]  # the hook file MkDocs loaded for this project (kept for the process)
    codes = memo.get(hooks._templates_key)
    assert isinstance(codes, dict) and len(codes) >= 5  # Material's page templates and their partials

    class Counted(CompiledTemplates):
        compiled = 0

        def dump_bytecode(self, bucket):  # type: ignore[no-untyped-def]
            Counted.compiled += 1
            super().dump_bytecode(bucket)

    # as a new process: nothing compiled in memory; other libraries or plugins: another key
    monkeypatch.setattr(hooks, "_THEME_TEMPLATES", Counted())
    monkeypatch.setattr(hooks, "_templates_key", "")
    page = project / "overrides" / "404.html"
    page.write_text(page.read_text(encoding="utf-8").replace("找不到这个页面", "这一页不在这里"), encoding="utf-8")
    run_build(project, strict=True)
    # the rest came from the cache; the edited template was compiled again (Jinja checks its source)
    assert Counted.compiled == 1
    assert "这一页不在这里" in (project / "site" / "404.html").read_text(encoding="utf-8")
