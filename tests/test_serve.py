"""`mkdocs serve`: a seed dropped into seeds/ appears after the automatic rebuild, with no rebuild loop."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from conftest import SEED_000, copy_project, seed_bytes


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(condition, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.3)
    return None


def test_dropped_seed_appears_while_serving(tmp_path: Path) -> None:
    project = copy_project(tmp_path, {SEED_000: seed_bytes(SEED_000)})
    port = free_port()
    base = f"http://127.0.0.1:{port}/news-archive/"
    log = (tmp_path / "serve.log").open("w+")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"),
                               "-a", f"127.0.0.1:{port}"], cwd=project, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        assert wait_for(lambda: fetch(base + "articles.json")), "mkdocs serve did not start"
        docs_before = sorted(p.as_posix() for p in (project / "docs").rglob("*"))

        (project / "seeds" / "新文章 new.md").write_text(
            "---\ntitle: 预览中新加的文章\ndate: 2025-03-01\n---\n正文第一段。\n", encoding="utf-8")

        def new_record():
            records = json.loads(fetch(base + "articles.json") or "[]")
            return next((r for r in records if r["seed"] == "新文章 new.md"), None)

        record = wait_for(new_record)
        assert record, "the new seed never appeared"
        page = fetch(base + urllib.request.quote(record["url"]))
        assert page and "预览中新加的文章" in page and "正文第一段。" in page

        # A seed dropped while a rebuild runs (the watcher is paused then) is built by the next one.
        def builds_so_far() -> int:
            log.seek(0)
            return log.read().count("Building documentation")

        builds = builds_so_far()
        (project / "seeds" / "first.md").write_text("---\ntitle: 第一篇\ndate: 2025-03-02\n---\n一。\n", encoding="utf-8")
        assert wait_for(lambda: builds_so_far() > builds), "the first seed started no rebuild"
        (project / "seeds" / "second.md").write_text("---\ntitle: 第二篇\ndate: 2025-03-03\n---\n二。\n", encoding="utf-8")
        def seeds_published() -> set[str]:
            return {r["seed"] for r in json.loads(fetch(base + "articles.json") or "[]")}

        assert wait_for(lambda: {"first.md", "second.md"} <= seeds_published()), "a seed dropped during a rebuild was never built"

        # A seed edited in place (its folder's modification time unchanged: the watcher lists every file then)
        edited = project / "seeds" / "first.md"
        with open(edited, "r+", encoding="utf-8") as file:  # the same file, not a new one renamed over it
            file.write("---\ntitle: 改过的第一篇\n")
            file.truncate()
            file.write("date: 2025-03-02\n---\n一。\n")

        def titles() -> set[str]:
            return {r["title"] for r in json.loads(fetch(base + "articles.json") or "[]")}

        assert wait_for(lambda: "改过的第一篇" in titles()), "a seed edited in place was never built again"

        # No rebuild loop: once the change is built, the server stays quiet.
        time.sleep(3)
        log.seek(0)
        builds = log.read().count("Building documentation")
        time.sleep(3)
        log.seek(0)
        assert log.read().count("Building documentation") == builds
        assert sorted(p.as_posix() for p in (project / "docs").rglob("*")) == docs_before
        assert sorted(p.name for p in (project / "seeds").iterdir()) == sorted([SEED_000, "新文章 new.md", "first.md", "second.md"])
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def test_what_a_new_seed_needs_is_loaded_ahead() -> None:
    """`mkdocs serve` loads the parsers and jieba (dictionary and tagger) in the background after its
    first build (hooks/archive.py), so that a dropped seed does not wait for them: `prepare` loads both
    (in a fresh process, where nothing has loaded them yet)."""
    code = ("import sys; sys.path.insert(0, 'hooks')\n"
            "from newsroom.config import chinese_words\n"
            "from newsroom.seed.process import prepare\n"
            "assert chinese_words._tokenizer is None and chinese_words._tagger is None\n"
            "prepare()\n"
            "assert chinese_words._tokenizer is not None and chinese_words._tagger is not None\n"
            "assert 'newsroom.seed.article' in sys.modules\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parent.parent,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_an_idle_preview_hands_what_a_build_froze_back_to_the_collector() -> None:
    """hooks/archive.py freezes the archive out of the cyclic collector's reach in on_files; under
    `mkdocs serve` an idle moment after the build collects what became garbage, cycles too."""
    import gc
    import weakref

    import archive

    class Node:
        pass

    node = Node()
    node.itself = node  # a cycle: only the cyclic collector frees it
    gone = weakref.ref(node)
    gc.freeze()
    try:
        del node
        gc.collect()
        assert gone() is not None  # frozen: out of the collector's reach
        archive._building = True
        archive._collect_idle()
        assert gone() is not None  # a build is running: not now
        archive._building = False
        archive._collect_idle()
        assert gone() is None
    finally:
        archive._building = False
        gc.unfreeze()


def test_a_paused_watcher_reports_a_change_made_meanwhile_once_resumed(tmp_path: Path) -> None:
    """hooks/archive.py pauses `mkdocs serve`'s polling while it rebuilds (build/watching.py): nothing is
    polled meanwhile, and a seed dropped then still starts the next rebuild. A real polling observer, as
    MkDocs uses."""
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers.polling import PollingObserver

    from newsroom.build.watching import WatcherPause

    seen: list[str] = []

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            if not event.is_directory:
                seen.append(Path(str(event.src_path)).name)

    observer = PollingObserver(timeout=0.05)
    observer.schedule(Handler(), str(tmp_path), recursive=True)
    observer.start()

    class Server:  # what MkDocs' LiveReloadServer gives on_serve: its observer, and its shutdown
        def __init__(self) -> None:
            self.observer = observer
            self.stopped = False

        def shutdown(self) -> None:  # MkDocs' stops the observer, which joins its pollers
            stopping = threading.Thread(target=observer.stop, daemon=True)
            stopping.start()
            stopping.join(10)
            self.stopped = not stopping.is_alive()

    server = Server()
    pause = WatcherPause()
    pause.watch(server)
    try:
        (tmp_path / "before.md").write_text("x", encoding="utf-8")
        assert wait_for(lambda: "before.md" in seen, timeout=10), "the observer never polled"
        pause.pause()
        pause.pause()  # a second pause is one pause
        (tmp_path / "dropped.md").write_text("x", encoding="utf-8")
        time.sleep(0.5)  # ten polling intervals
        assert "dropped.md" not in seen
        pause.resume()
        assert wait_for(lambda: "dropped.md" in seen, timeout=10), "the change made while paused was lost"
        # a rebuild stopped by Ctrl-C never resumes the watcher: MkDocs' shutdown does, first
        pause.pause()
        time.sleep(0.5)  # the poller now waits on the pause, past its interval's wait
        server.shutdown()
        assert server.stopped, "the observer's shutdown waited on the paused watcher"
    finally:
        pause.resume()
        observer.stop()
        observer.join()


def test_a_poller_lists_every_file_only_when_a_folder_changed_or_the_listing_is_due(tmp_path: Path) -> None:
    """build/watching.py's SparingPoll over an emitter's poll, on a real folder with watchdog's own snapshot
    and a clock of its own."""
    from watchdog.utils.dirsnapshot import DirectorySnapshot

    from newsroom.build.watching import SparingPoll

    seeds = tmp_path / "seeds"
    (seeds / "nested").mkdir(parents=True)
    (seeds / "one.md").write_text("1", encoding="utf-8")
    now = [0.0]

    class Emitter:  # a polling emitter's parts SparingPoll uses: wait, list, compare
        def __init__(self) -> None:
            self.stopped_event = threading.Event()
            self.listings: list[DirectorySnapshot] = []

        def _take_snapshot(self) -> DirectorySnapshot:
            self.listings.append(DirectorySnapshot(str(seeds), recursive=True))
            now[0] += 0.3  # the listing takes 0.3 s: the next is due 2.7 s after it
            return self.listings[-1]

        def queue_events(self, timeout: float) -> None:
            self._take_snapshot()  # as watchdog's: a snapshot, compared with the last

    emitter = Emitter()
    SparingPoll(emitter, clock=lambda: now[0], cpu_clock=lambda: now[0])
    emitter._take_snapshot()  # the first listing, as the emitter's thread starts
    emitter.queue_events(0)  # the first poll lists (none was timed yet): 0.3 s, so the next is due in 2.7 s
    assert len(emitter.listings) == 2
    now[0] += 0.5
    emitter.queue_events(0)
    assert len(emitter.listings) == 2  # nothing changed, nothing due: no poll
    (seeds / "nested" / "two.md").write_text("2", encoding="utf-8")  # a seed dropped into a subfolder
    emitter.queue_events(0)
    assert len(emitter.listings) == 3 and str(seeds / "nested" / "two.md") in emitter.listings[-1].paths
    (seeds / "one.md").write_text("edited in place", encoding="utf-8")  # no folder changes
    now[0] += 0.5
    emitter.queue_events(0)
    assert len(emitter.listings) == 3  # not yet: the next listing is due 2.7 s after the last
    now[0] += 2.5
    emitter.queue_events(0)
    assert len(emitter.listings) == 4 and emitter.listings[-1].size(str(seeds / "one.md")) == len("edited in place")
    (seeds / "nested").rename(seeds / "moved")
    emitter.queue_events(0)
    assert len(emitter.listings) == 5  # a folder gone
    emitter.stopped_event.set()
    emitter.queue_events(0)
    assert len(emitter.listings) == 5  # stopped: no poll at all


def test_the_folders_mkdocs_serve_watches_are_polled_sparingly(tmp_path: Path) -> None:
    """The hooks hand MkDocs' server to WatcherPause (on_serve): the pollers of what it watched before and
    of what it watches after (seeds/, from mkdocs.yml's `watch`) list sparingly."""
    from mkdocs.livereload import LiveReloadServer

    from newsroom.build.watching import SparingPoll, WatcherPause

    (tmp_path / "docs").mkdir()
    (tmp_path / "seeds").mkdir()
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path / "site"))
    try:
        server.watch(str(tmp_path / "docs"))
        WatcherPause().watch(server)
        server.watch(str(tmp_path / "seeds"))
        pollers = {emitter.watch.path: emitter.queue_events for emitter in server.observer.emitters}
        assert sorted(pollers) == [str(tmp_path / "docs"), str(tmp_path / "seeds")]
        assert all(isinstance(poll.__self__, SparingPoll) for poll in pollers.values())
    finally:
        server.server_close()
