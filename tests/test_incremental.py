"""Incremental rendering (issue 17, item 3): a build with the last site and caches kept renders only
the pages whose output changes, and writes the same bytes as a full build."""
from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from conftest import ALL_SEEDS, copy_project, run_build, seed_bytes
from newsroom.build.rendered import FILE_NAME, RenderedPages


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
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    seeds = {name: seed_bytes(name) for name in ALL_SEEDS}
    *first, last = sorted(seeds)
    project = copy_project(tmp_path / "kept", {name: seeds[name] for name in first})
    assert _build_and_count_reused(project, caplog) == 0  # nothing to take from
    (project / "seeds" / last).write_bytes(seeds[last])
    reused = _build_and_count_reused(project, caplog)
    assert reused > 0

    full = copy_project(tmp_path / "full", seeds)
    run_build(full, strict=True)
    files = _listing(project / "site")
    assert files == _listing(full / "site")
    assert [f for f in files if (project / "site" / f).read_bytes() != (full / "site" / f).read_bytes()] == []
    assert not (project / ".cache" / "newsroom" / "previous-site").exists()  # the old site is gone

    # a template edited: every page is rendered again
    template = project / "overrides" / "main.html"
    template.write_text(template.read_text(encoding="utf-8") + "\n{#- edited -#}\n", encoding="utf-8")
    assert _build_and_count_reused(project, caplog) == 0


def test_a_build_that_fails_leaves_no_record_and_another_site_folder_takes_nothing(tmp_path: Path) -> None:
    cache, site = tmp_path / "cache", tmp_path / "site"
    site.mkdir()
    (site / "old.html").write_text("old", encoding="utf-8")
    (cache).mkdir()
    (cache / FILE_NAME).write_text(json.dumps({"site": str(site.resolve()), "pages": {"old.html": "d1"}}),
                                   encoding="utf-8")
    rendered = RenderedPages(cache, site)
    rendered.stash()
    assert not (cache / FILE_NAME).exists()  # until this build finishes
    assert rendered.take("old.md", "old.html", "d1") and not rendered.take("new.md", "new.html", "d2")
    assert not (site / "old.html").exists() and site.is_dir()  # MkDocs writes the site anew

    # the record names another folder (`mkdocs serve` against `mkdocs build`): nothing is taken
    (cache / FILE_NAME).write_text(json.dumps({"site": str(tmp_path / "elsewhere"), "pages": {"old.html": "d1"}}),
                                   encoding="utf-8")
    (site / "old.html").write_text("old", encoding="utf-8")
    other = RenderedPages(cache, site)
    other.stash()
    assert not other.take("old.md", "old.html", "d1") and (site / "old.html").exists()
