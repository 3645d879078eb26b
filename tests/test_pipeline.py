"""The pipeline's caches and its worker processes: same results, less work."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import SEEDS
from newsroom import timing
from newsroom.build import pipeline, version, workers
from newsroom.build.cache import SeedCache, load_rules_cached
from newsroom.config import chinese_words
from newsroom.config.rules import Rules, RulesError, load_rules


def _build(seed_dir: Path, rules: Rules, cache: SeedCache | None = None) -> pipeline.BuildResult:
    return pipeline.build(seed_dir, rules, site_name="Test", cache=cache)


def _ended(pid: int) -> bool:
    """Whether the process `pid` is gone (ended and reaped)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def _seeds_with_copies(folder: Path, copies: int) -> Path:
    """The four seeds and `copies` renamed copies of each (same articles: the archive merges them)."""
    folder.mkdir()
    for path in sorted(SEEDS.iterdir()):
        for copy in range(copies + 1):
            shutil.copy(path, folder / (path.name if copy == 0 else f"copy{copy}-{path.name}"))
    return folder


def test_worker_processes_give_the_same_archive_as_one_process(tmp_path: Path, rules: Rules,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    seed_dir = _seeds_with_copies(tmp_path / "seeds", copies=2)
    monkeypatch.setattr(workers, "PARALLEL_FROM", 10**9)
    alone = _build(seed_dir, rules)
    monkeypatch.setattr(workers, "PARALLEL_FROM", 1)
    monkeypatch.setattr(chinese_words, "_copy_folder", tmp_path / "cache")  # as the hook sets it (on_config)
    timing.reset()
    parallel = _build(seed_dir, rules)
    assert alone.workers == 0 and parallel.workers > 1 and parallel.processed == alone.processed == 12
    assert list((tmp_path / "cache").glob("jieba-*.words"))  # the workers keep jieba's quick copy for later builds
    assert parallel.archive == alone.archive and parallel.problems == alone.problems
    assert [p.html for p in parallel.pages] == [p.html for p in alone.pages]
    spent = timing.totals()
    assert spent["cleaning"] > 0 and spent["reading"] > 0  # the workers' stages are counted too


def test_a_ready_worker_processes_a_few_new_seeds_as_this_process_would(tmp_path: Path, rules: Rules,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    seed_dir = _seeds_with_copies(tmp_path / "seeds", copies=0)
    alone = _build(seed_dir, rules)
    here: list[str] = []  # seeds drafted in this process (the worker's module is not patched)
    real = workers.draft_seed
    monkeypatch.setattr(workers, "draft_seed", lambda name, data, r: here.append(name) or real(name, data, r))
    ready = workers.ReadyWorker(rules)
    pid = ready._process.pid
    try:
        readied = pipeline.build(seed_dir, rules, site_name="Test", cache=SeedCache(), ready=ready)
        assert pid is not None and _ended(pid)  # ended with the seed stage: the other core is free again
    finally:
        ready.close()
    assert here == [] and readied.workers == 0 and readied.processed == 4
    assert readied.archive == alone.archive and readied.problems == alone.problems
    assert [p.html for p in readied.pages] == [p.html for p in alone.pages]


def test_a_ready_worker_that_died_leaves_its_seeds_to_this_process(tmp_path: Path, rules: Rules,
                                                                   caplog: pytest.LogCaptureFixture) -> None:
    seed_dir = _seeds_with_copies(tmp_path / "seeds", copies=0)
    alone = _build(seed_dir, rules)
    ready = workers.ReadyWorker(rules)
    ready._process.kill()  # as the system would, short of memory
    ready._process.join()
    try:
        with caplog.at_level("INFO", logger="mkdocs.plugins.archive"):
            rescued = pipeline.build(seed_dir, rules, site_name="Test", cache=SeedCache(), ready=ready)
    finally:
        ready.close()
    said = [(r.levelname, r.getMessage()) for r in caplog.records if "worker" in r.getMessage()]
    # nothing lost, nothing for the maintainer to fix: an info line, which --strict lets pass
    assert [level for level, _ in said] == ["INFO"]
    assert said[0][1].startswith("archive: worker processes failed (RuntimeError: the worker process ended")
    assert rescued.processed == 4 and rescued.archive == alone.archive
    assert [p.html for p in rescued.pages] == [p.html for p in alone.pages]


def test_a_ready_worker_that_cannot_start_is_an_info_line_and_none(rules: Rules, monkeypatch: pytest.MonkeyPatch,
                                                                 caplog: pytest.LogCaptureFixture) -> None:
    def refused(*args: object, **kwargs: object) -> None:
        raise PermissionError("no new processes here")

    monkeypatch.setattr(workers.multiprocessing, "get_context", refused)
    with caplog.at_level("INFO", logger="mkdocs.plugins.archive"):
        assert workers.ready_worker(rules) is None
    said = [(r.levelname, r.getMessage()) for r in caplog.records]
    assert said == [("INFO", "archive: no worker process could be readied (PermissionError: no new processes here); "
                             "new seeds are processed in this one")]


def test_a_ready_worker_ends_when_closed_even_while_it_loads(rules: Rules) -> None:
    ready = workers.ReadyWorker(rules)
    pid = ready._process.pid
    ready.close()  # at once: jieba is far from loaded
    assert pid is not None and _ended(pid)
    ready.close()  # twice is harmless (the seed stage's end closes it, and the hooks again)


def test_a_ready_worker_is_worth_starting_for_a_large_seed_folder_only(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers.os, "cpu_count", lambda: 2)
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for index in range(workers.PARALLEL_FROM - 1):
        (seeds / f"{index}.md").write_text("x", encoding="utf-8")
    assert not workers.worth_a_ready_worker(seeds)
    (seeds / "last.md").write_text("x", encoding="utf-8")
    assert workers.worth_a_ready_worker(seeds)
    assert not workers.worth_a_ready_worker(tmp_path / "missing")
    monkeypatch.setattr(workers.os, "cpu_count", lambda: 1)
    assert not workers.worth_a_ready_worker(seeds)  # on one core its loading would slow the build down


def test_a_cached_seed_is_not_processed_again_in_the_next_run(tmp_path: Path, rules: Rules,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    seed_dir = _seeds_with_copies(tmp_path / "seeds", copies=0)
    first = _build(seed_dir, rules, SeedCache(tmp_path / "cache", keep_in_memory=False))

    made: list[str] = []
    real = workers.draft_seed
    monkeypatch.setattr(workers, "draft_seed", lambda name, data, r: made.append(name) or real(name, data, r))
    again = _build(seed_dir, rules, SeedCache(tmp_path / "cache", keep_in_memory=False))  # a new run
    assert made == [] and again.archive == first.archive
    assert (first.processed, first.cached, again.processed, again.cached) == (4, 0, 0, 4)

    edited = sorted(seed_dir.iterdir())[0]
    edited.write_bytes(edited.read_bytes() + "\n\n补充一段。\n".encode())
    _build(seed_dir, rules, SeedCache(tmp_path / "cache", keep_in_memory=False))
    assert made == [edited.name]  # only the edited seed

    other_rules = load_rules()
    object.__setattr__(other_rules, "fingerprint", "changed")  # as if a rules file had been edited
    made.clear()
    _build(seed_dir, other_rules, SeedCache(tmp_path / "cache", keep_in_memory=False))
    assert len(made) == 4


def test_an_edited_template_remakes_the_page_parts_and_reprocesses_no_seed(tmp_path: Path, rules: Rules,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Page parts are made in the site stage from the templates and cached under SITE_CODE (a digest of
    site/, templates and words included): a template edit re-renders every article's parts from the
    cached articles. Were they made in the seed stage, the cached seeds would keep the old parts."""
    from jinja2 import FileSystemLoader

    from newsroom.site import templating
    seed_dir = _seeds_with_copies(tmp_path / "seeds", copies=0)
    first = _build(seed_dir, rules, SeedCache(tmp_path / "cache", keep_in_memory=False))
    assert first.processed == 4 and all('<dl class="na-meta">' in p.html for p in first.pages if p.search_html)

    templates = tmp_path / "templates"  # the site owner edits the article template
    shutil.copytree(templating.TEMPLATES, templates)
    article = templates / "article.html"
    article.write_text(article.read_text(encoding="utf-8").replace('<dl class="na-meta"', '<dl class="na-meta edited"'),
                       encoding="utf-8")
    monkeypatch.setattr(templating.ENVIRONMENT, "loader", FileSystemLoader(templates))
    monkeypatch.setattr(pipeline, "SITE_CODE", version.SITE_CODE + "-edited")  # what the edit does to the digest
    made: list[str] = []
    real = workers.draft_seed
    monkeypatch.setattr(workers, "draft_seed", lambda name, data, r: made.append(name) or real(name, data, r))
    again = _build(seed_dir, rules, SeedCache(tmp_path / "cache", keep_in_memory=False))
    assert (again.processed, again.cached, made) == (0, 4, [])
    article_pages = [p for p in again.pages if p.search_html]
    assert len(article_pages) == 4 and all('<dl class="na-meta edited">' in p.html for p in article_pages)
    assert [p.html.replace(" edited", "") for p in article_pages] == [p.html for p in first.pages if p.search_html]


def test_rules_come_from_the_cache_until_a_data_file_changes(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(version.PACKAGE / "data", data)
    cache = tmp_path / "cache"
    first = load_rules_cached(data, cache)
    assert list(cache.glob("rules-*.pickle"))
    assert load_rules_cached(data, cache) == first

    topics = data / "topics.yml"
    topics.write_text(topics.read_text(encoding="utf-8") + "\n  - this is not a topic\n", encoding="utf-8")
    with pytest.raises(RulesError):  # an edited, broken file is read again and reported, never served cached
        load_rules_cached(data, cache)


def test_the_seed_cache_is_keyed_by_every_module_a_seed_passes_through() -> None:
    """A module the seed stage imports but SEED_CODE does not cover would serve stale results: every
    module reached from seed/process.py is outside site/ and build/ (the packages SEED_CODE leaves out)."""
    import ast
    package = version.PACKAGE
    reached: set[Path] = set()
    todo = [package / "seed" / "process.py"]
    while todo:
        path = todo.pop()
        if path in reached:
            continue
        reached.add(path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = path.parent
                for _ in range(node.level - 1):
                    base = base.parent
                names = [node.module] if node.module else [alias.name for alias in node.names]
                for name in names:
                    target = base.joinpath(*name.split("."))
                    todo += [candidate for candidate in (target.with_suffix(".py"), target / "__init__.py")
                             if candidate.is_file()]
    stages = {path.relative_to(package).parts[0] for path in reached}
    assert {"seed", "config", "model.py"} <= stages and not stages & {"site", "build"}, stages
    assert version.SEED_CODE != version.SITE_CODE


def test_the_disk_cache_keeps_only_the_current_seeds(tmp_path: Path, rules: Rules) -> None:
    import sqlite3
    seed_dir = _seeds_with_copies(tmp_path / "seeds", copies=0)
    _build(seed_dir, rules, SeedCache(tmp_path / "cache", keep_in_memory=False))
    edited = sorted(seed_dir.iterdir())[0]
    edited.write_bytes(edited.read_bytes() + b"\n\nOne more paragraph.\n")
    sorted(seed_dir.iterdir())[1].unlink()
    _build(seed_dir, rules, SeedCache(tmp_path / "cache", keep_in_memory=False))
    keys = [key for (key,) in sqlite3.connect(tmp_path / "cache" / "seeds.sqlite").execute("SELECT key FROM seeds")]
    # the edited seed's old entries and the deleted seed's are gone, and so are their page parts:
    # three seeds, each with its prints, its draft (holding its result when no template can change it)
    # and its page parts; a result of its own only for the one whose source may have a template
    # (002's finance site: 000 is a Jekyll post's own HTML, 003 a plain text of no known source)
    assert len({key.split("\0")[1] for key in keys}) == 3
    assert sorted(key.rsplit("\0", 1)[1] for key in keys if key.endswith(("\0prints", "\0draft"))) == [
        "draft"] * 3 + ["prints"] * 3
    assert len([key for key in keys if "\0page\0" in key]) == 3
    results = [key for key in keys if not key.endswith(("\0prints", "\0draft")) and "\0page\0" not in key]
    assert [key.split("\0")[0] for key in results] == ["002_327a45d57cf2ce1d.txt"] and len(keys) == 10


def test_related_articles_are_remembered_and_updated_not_redone(tmp_path: Path, rules: Rules,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from newsroom.site import related
    seed_dir = _seeds_with_copies(tmp_path / "seeds", copies=0)
    first = _build(seed_dir, rules, SeedCache(tmp_path / "cache", keep_in_memory=False))
    ranked: list[int] = []
    real = related._ranked
    monkeypatch.setattr(related, "_ranked", lambda index, *rest: ranked.append(index) or real(index, *rest))
    again = _build(seed_dir, rules, SeedCache(tmp_path / "cache", keep_in_memory=False))
    assert ranked == [] and again.archive == first.archive
    (seed_dir / "new.md").write_text("---\ntitle: 软银与OpenAI\ndate: 2025-03-01\n---\n软银向OpenAI投资。人工智能。\n",
                                     encoding="utf-8")
    third = _build(seed_dir, rules, SeedCache(tmp_path / "cache", keep_in_memory=False))
    assert ranked  # a new article: the articles near it are ranked again ...
    places = frozenset(e.slug for e in rules.taxonomy.entities if e.kind == "place")
    articles = third.archive.articles  # ... and every list is what ranking them all afresh gives
    assert [a.related for a in articles] == related.related_urls(articles, places)
    assert any(a.related for a in articles)


def test_unchanged_seed_files_are_not_read_again(tmp_path: Path, rules: Rules, monkeypatch: pytest.MonkeyPatch) -> None:
    import os
    seed_dir = _seeds_with_copies(tmp_path / "seeds", copies=0)
    for path in seed_dir.iterdir():  # last modified a day ago: their size and time can be trusted
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns - 86_400 * 10**9))
    first = _build(seed_dir, rules, SeedCache(tmp_path / "cache", keep_in_memory=False))
    read: list[str] = []
    real = pipeline._read
    monkeypatch.setattr(pipeline, "_read", lambda path: read.append(Path(path).name) or real(path))
    again = _build(seed_dir, rules, SeedCache(tmp_path / "cache", keep_in_memory=False))
    assert read == [] and again.archive == first.archive

    edited = sorted(seed_dir.iterdir())[0]  # a new size and time: read again
    edited.write_bytes(edited.read_bytes() + b"\n\nOne more paragraph.\n")
    _build(seed_dir, rules, SeedCache(tmp_path / "cache", keep_in_memory=False))
    assert read == [edited.name]


def test_a_seed_edited_right_after_it_was_hashed_is_hashed_again(tmp_path: Path, rules: Rules) -> None:
    """Same size and the same modification time (a coarse clock): the content still decides."""
    import os
    seed_dir = tmp_path / "seeds"
    seed_dir.mkdir()
    seed = seed_dir / "a.md"
    seed.write_text("---\ntitle: First title\n---\nA body.\n", encoding="utf-8")
    stamp = seed.stat().st_mtime_ns
    first = _build(seed_dir, rules, SeedCache(tmp_path / "cache", keep_in_memory=False))
    seed.write_text("---\ntitle: Other title\n---\nA body.\n", encoding="utf-8")
    os.utime(seed, ns=(stamp, stamp))
    again = _build(seed_dir, rules, SeedCache(tmp_path / "cache", keep_in_memory=False))
    assert [a.title for a in first.archive.articles] == ["First title"]
    assert [a.title for a in again.archive.articles] == ["Other title"]


def test_a_file_given_an_old_seed_s_time_and_size_is_still_read(tmp_path: Path, rules: Rules) -> None:
    """`cp -p` or `touch -r` can give other bytes the old size and modification time: the change time differs."""
    import os
    seed_dir = tmp_path / "seeds"
    seed_dir.mkdir()
    seed = seed_dir / "a.md"
    seed.write_text("---\ntitle: First title\n---\nA body.\n", encoding="utf-8")
    old = seed.stat().st_mtime_ns - 86_400 * 10**9
    os.utime(seed, ns=(old, old))
    first = _build(seed_dir, rules, SeedCache(tmp_path / "cache", keep_in_memory=False))
    replacement = tmp_path / "other.md"
    replacement.write_text("---\ntitle: Other title\n---\nA body.\n", encoding="utf-8")
    os.utime(replacement, ns=(old, old))
    os.replace(replacement, seed)  # same name, size and modification time
    again = _build(seed_dir, rules, SeedCache(tmp_path / "cache", keep_in_memory=False))
    assert [a.title for a in first.archive.articles] == ["First title"]
    assert [a.title for a in again.archive.articles] == ["Other title"]
