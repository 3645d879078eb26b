"""The build survives its own faults (issue 16, items 5, 6 and 8), in real builds of a copy of the project:
a read-only or damaged cache, an empty archive, a killed build, two builds in one folder at once."""
from __future__ import annotations

import errno
import functools
import http.server
import json
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import SEED_003, BuiltSite, copy_project, run_build, seed_bytes
from newsroom.build.lock import BuildLock
from test_browser import Visit, browser  # noqa: F401 (fixture)

NEW_SEED = ("---\ntitle: A new article\ndate: 2024-05-01\noriginal_url: https://example.com/new\n---\n\n"
            "A new article with words enough of its own to be published and indexed for search.\n")


def build_logged(project: Path, *, strict: bool = False) -> tuple[BuiltSite, list[tuple[str, str]]]:
    """A real build, with every message MkDocs logs (level name, message), INFO included."""
    messages: list[tuple[str, str]] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append((record.levelname, record.getMessage()))

    logger, handler = logging.getLogger("mkdocs"), Collect(logging.INFO)
    level = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    try:
        site = run_build(project, strict=strict)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    return site, messages


def cli_build(project: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """`mkdocs build` in a process of its own, as a maintainer runs it: a build in this process keeps the
    hooks module (MkDocs loads it once per path) and so its open cache from one build to the next."""
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", *options], cwd=project, text=True,
                          capture_output=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, check=False)


def seeds_published(site: BuiltSite | Path) -> set[str]:
    folder = site.site if isinstance(site, BuiltSite) else site
    return {record["seed"] for record in json.loads((folder / "articles.json").read_text(encoding="utf-8"))}


def warnings_naming(messages: list[tuple[str, str]], name: str) -> list[str]:
    return [message for level, message in messages if level == "WARNING" and name in message]


def indexed(site: BuiltSite | Path) -> int:
    """Articles in the site's search index."""
    folder = site.site if isinstance(site, BuiltSite) else site
    return sum(len(list((folder / bundle / "fragment").iterdir()))
               for bundle in os.listdir(folder) if bundle.startswith("pagefind"))


# --- 5. a read-only or damaged cache -----------------------------------------------------------------


def test_a_read_only_cache_warns_once_and_the_build_publishes_the_new_seed(tmp_path: Path, monkeypatch) -> None:
    project = copy_project(tmp_path, {SEED_003: seed_bytes(SEED_003)})
    assert cli_build(project, "--strict").returncode == 0  # not in this process, whose build would keep its cache open
    (project / "seeds" / "new.md").write_text(NEW_SEED, encoding="utf-8")
    cache = project / ".cache" / "newsroom"
    # As after a `sudo make build`. The tests run as root, where chmod does not stop writes, so: SQLite
    # opens the file read-only (a URI with mode=ro: SQLite's own "attempt to write a readonly database"),
    # and no folder can be made in the search index's cache (mkdtemp there raises EACCES).
    connect, mkdtemp = sqlite3.connect, tempfile.mkdtemp

    def read_only(path, *args, **kwargs):
        if Path(path).parent == cache:
            return connect(f"{Path(path).as_uri()}?mode=ro", *args, uri=True, **kwargs)
        return connect(path, *args, **kwargs)

    def no_new_folder(*args, dir=None, **kwargs):  # `dir`: mkdtemp's own name
        if dir is not None and Path(dir).is_relative_to(cache):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(dir))
        return mkdtemp(*args, dir=dir, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", read_only)
    monkeypatch.setattr(tempfile, "mkdtemp", no_new_folder)
    site, messages = build_logged(project)
    for name in ("seeds.sqlite", "search"):  # once each, naming the file and what to do
        [warning] = warnings_naming(messages, str(cache / name))
        assert "cannot be written" in warning and "chown" in warning
    assert seeds_published(site) == {SEED_003, "new.md"}
    assert indexed(site) == 2


def _damage_a_page(path: Path) -> None:
    """Overwrite the page at the root of the table of seeds' results."""
    with sqlite3.connect(path) as db:
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
        root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'seeds'").fetchone()[0]
    db.close()
    with open(path, "r+b") as file:
        file.seek((root - 1) * page_size)
        file.write(b"\x07" * page_size)


DAMAGE: dict[str, Callable[[Path], object]] = {
    "a damaged page": _damage_a_page,
    "garbage": lambda path: path.write_bytes(os.urandom(64 * 1024)),
    "truncated": lambda path: path.write_bytes(path.read_bytes()[:5000]),
}


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_damaged_cache_is_replaced_with_one_info_line(tmp_path: Path, damage) -> None:
    # handled as designed, nothing for the maintainer to fix: an info line, and --strict passes (a CI
    # job that failed here would never save the repaired cache, and fail again at every run)
    project = copy_project(tmp_path, {SEED_003: seed_bytes(SEED_003)})
    assert cli_build(project, "--strict").returncode == 0
    database = project / ".cache" / "newsroom" / "seeds.sqlite"
    damage(database)
    (project / "seeds" / "new.md").write_text(NEW_SEED, encoding="utf-8")
    built = cli_build(project, "--strict")
    assert built.returncode == 0, built.stderr
    assert not [line for line in built.stderr.splitlines() if line.startswith("WARNING")]
    [info] = [line for line in built.stderr.splitlines() if str(database) in line]
    assert info.startswith("INFO") and "damaged" in info and "started a new one" in info
    assert seeds_published(project / "site") == {SEED_003, "new.md"} and indexed(project / "site") == 2
    again = cli_build(project, "--strict")  # the cache works again, without a word
    assert again.returncode == 0, again.stderr
    assert "archive: 0 seed(s) read and cleaned, 2 from the cache" in again.stderr


# --- 6. an archive without articles ------------------------------------------------------------------


@pytest.mark.parametrize("seeds", [{}, {"empty.md": b""}], ids=["no seeds", "every seed skipped"])
def test_an_archive_without_articles_builds_with_an_empty_search(tmp_path: Path, seeds: dict[str, bytes]) -> None:
    site, messages = build_logged(copy_project(tmp_path, seeds), strict=not seeds)
    assert site.warnings == ([] if not seeds else ["seeds/empty.md: is empty; skipped"])
    assert seeds_published(site) == set()
    assert not list(site.site.glob("pagefind*"))  # Pagefind cannot index nothing: no bundle
    home = (site.site / "index.html").read_text(encoding="utf-8")
    # the dialog says there is nothing to search (the browser test below)
    assert json.loads((site.site / "search-shards.json").read_text(encoding="utf-8"))["shards"] == []
    assert 'class="md-header__button md-icon na-search-button"' in home


@pytest.fixture
def empty_site_url(tmp_path: Path) -> Iterator[str]:
    site = run_build(copy_project(tmp_path / "project", {}), strict=True).site
    (tmp_path / "www").mkdir()
    (tmp_path / "www" / "news-archive").symlink_to(site, target_is_directory=True)  # as on GitHub Pages
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path / "www"))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/news-archive/"
    server.shutdown()


def test_the_search_of_an_empty_archive_opens_without_errors(browser, empty_site_url: str) -> None:  # noqa: F811
    visit = Visit(browser, empty_site_url)
    try:
        visit.open("")
        visit.page.keyboard.press("/")
        message = visit.page.locator(".na-search__empty")
        message.wait_for()
        assert message.inner_text() == "还没有文章可以搜索。"
        assert visit.errors == []
    finally:
        visit.close()


# --- 8. a killed build, the site's copy of the index, two builds at once -----------------------------


def test_a_killed_builds_scratch_folders_are_removed_by_the_next_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path, {SEED_003: seed_bytes(SEED_003)})
    run_build(project, strict=True)
    search = project / ".cache" / "newsroom" / "search"
    stale = search / "shard-0123abcd-k9x2"  # as a build killed while Pagefind ran leaves it (search.py's name)
    (stale / "pages" / "articles").mkdir(parents=True)
    (stale / "pages" / "articles" / "index.html").write_text("<p>half</p>", encoding="utf-8")
    run_build(project, strict=True)
    assert not stale.exists()
    assert len(list(search.iterdir())) == 1  # the one shard this archive uses


def test_editing_the_built_sites_index_leaves_the_cache_alone(tmp_path: Path) -> None:
    project = copy_project(tmp_path, {SEED_003: seed_bytes(SEED_003)})
    site = run_build(project, strict=True).site
    [cached] = (project / ".cache" / "newsroom" / "search").iterdir()
    before = (cached / "pagefind.js").read_bytes()
    with open(site / "pagefind" / "pagefind.js", "ab") as file:  # an edit in place
        file.write(b"\n// edited\n")
    assert (cached / "pagefind.js").read_bytes() == before
    assert all(path.stat().st_nlink == 1 for path in (site / "pagefind").rglob("*") if path.is_file())


def _mkdocs_build(project: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "mkdocs", "build"], cwd=project, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def test_a_second_build_in_the_folder_says_so_and_waits(tmp_path: Path) -> None:
    project = copy_project(tmp_path, {SEED_003: seed_bytes(SEED_003)})
    marker = project / "site" / "kept.txt"
    marker.parent.mkdir()
    marker.write_text("a running build's site", encoding="utf-8")
    running = BuildLock(project / ".cache" / "newsroom")  # a build running in this folder
    running.acquire(lambda message: pytest.fail(message))
    try:
        second = _mkdocs_build(project)
        assert second.stdout is not None
        said = next((line for line in second.stdout if "another build is running" in line), None)
        assert said is not None, "the second build did not say that a build is running"
        assert f"process {os.getpid()}" in said
        assert marker.exists()  # it waits before MkDocs cleans the site folder
    finally:
        running.release()
    output = second.communicate()[0]
    assert second.returncode == 0, output
    assert not marker.exists() and (project / "site" / "pagefind" / "pagefind.js").exists()


def _processes() -> dict[int, tuple[int, str, str]]:
    """pid -> (parent pid, state, command line), from /proc."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            command = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, IndexError):
            continue
        found[int(stat.parent.name)] = (int(fields[1]), fields[0], command)
    return found


def _results_stored(database: Path) -> int:
    """Seed results a running build has written to its cache (it writes them 500 at a time)."""
    try:
        with sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True) as db:
            return db.execute("SELECT count(*) FROM seeds").fetchone()[0]
    except sqlite3.Error:  # not made yet, or being written
        return 0


@pytest.mark.skipif(not Path("/proc/self/stat").exists() or (os.cpu_count() or 1) < 2,
                    reason="needs /proc and two cores (worker processes start only with two)")
def test_worker_processes_end_when_the_build_is_killed(tmp_path: Path) -> None:
    body = "\n\n".join(f"Paragraph {j} says something about markets, chips and quantum computers." for j in range(20))
    seeds = {f"s{i:03}.md": (f"---\ntitle: Article {i}\noriginal_url: https://example.com/a/{i}\n---\n\n"
                             f"Article {i}. {body}").encode() for i in range(800)}  # many: read in workers
    project = copy_project(tmp_path, seeds)
    with open(tmp_path / "build.log", "w") as log:  # a file, not a pipe: the workers would hold a pipe open
        build = subprocess.Popen([sys.executable, "-m", "mkdocs", "build"], cwd=project, stdout=log, stderr=log,
                                 env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    # Killed once 500 results came back: the workers are past their start and wait on the pool's queue
    # (a worker killed while it still reads its start from the build's pipe ends by itself).
    while build.poll() is None and _results_stored(project / ".cache" / "newsroom" / "seeds.sqlite") < 500:
        time.sleep(0.05)
    workers = [pid for pid, (parent, _, command) in _processes().items()
               if parent == build.pid and "spawn_main" in command]
    assert workers, "the build ended before its worker processes were seen"
    os.kill(build.pid, signal.SIGKILL)
    build.wait()
    deadline = time.monotonic() + 60  # a bound on waiting, not a measure: they end within a second
    while time.monotonic() < deadline:
        alive = [pid for pid in workers if pid in (processes := _processes()) and processes[pid][1] != "Z"]
        if not alive:
            break
        time.sleep(0.1)
    for pid in alive:  # not left behind by the test either
        os.kill(pid, signal.SIGKILL)
    assert not alive, f"worker processes {alive} outlived the killed build"
