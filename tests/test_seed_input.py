"""How seeds/ is listed and read: every entry is accounted for, nothing is followed out of seeds/,
nothing blocks the build, and no seed is read past the size limit (issue 16, items 1, 4 and 7)."""
from __future__ import annotations

import json
import os
import signal
import socket
import stat
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import SEED_003, seed_bytes
from newsroom.build import pipeline
from newsroom.config.rules import Rules
from newsroom.seed.read import MAX_BYTES

SECRET = "hunter2-correct-horse"  # a password line of a file outside seeds/


class Blocked(Exception):
    """Not an OSError: the build must not take it for a seed it could not read."""


@contextmanager
def _deadline(seconds: int) -> Iterator[None]:
    """Fails what blocks (an `open` of a FIFO with no writer) instead of hanging the test run."""
    def give_up(signum: int, frame: object) -> None:
        raise Blocked(f"still blocked after {seconds} s")
    previous = signal.signal(signal.SIGALRM, give_up)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _seeds(tmp_path: Path) -> Path:
    """seeds/ with one real article, and a secret outside it."""
    seed_dir = tmp_path / "seeds"
    seed_dir.mkdir()
    (seed_dir / SEED_003).write_bytes(seed_bytes(SEED_003))
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "x.md").write_text(f"---\ntitle: Passwords\n---\nroot password: {SECRET}\n\n"
                                               f"{'A paragraph of an article. ' * 20}\n", encoding="utf-8")
    return seed_dir


def _build(seed_dir: Path, rules: Rules) -> pipeline.BuildResult:
    with _deadline(30):
        return pipeline.build(seed_dir, rules, site_name="Test")


def _swapped_after_listing(monkeypatch: pytest.MonkeyPatch, swap: Callable[[], None]) -> None:
    """The race made certain: the build lists seeds/, then `swap` changes it before a seed is read."""
    listed = pipeline.seed_files

    def listing(seed_dir: Path) -> list:
        found = listed(seed_dir)
        swap()
        return found
    monkeypatch.setattr(pipeline, "seed_files", listing)


def _outcome(result: pipeline.BuildResult, seed: str) -> tuple[str, str]:
    """The seed's status in the build report, and its reasons in one line."""
    report = json.loads(result.downloads["build-report.json"])
    item = next(item for item in report["files"] if item["seed"] == seed)
    return item["status"], " | ".join(reason["message"] for reason in item["reasons"])


def _published_text(result: pipeline.BuildResult) -> str:
    return "\n".join([*result.downloads.values(), *(page.html for page in result.pages)])


def _listed(seed_dir: Path, name: str):
    """The reading function's argument for one seed, as the build's listing gives it."""
    return next(path for listed, path, _ in pipeline.seed_files(seed_dir) if listed == name)


def test_a_seed_swapped_for_a_symbolic_link_after_the_listing_is_not_followed(
        tmp_path: Path, rules: Rules, monkeypatch: pytest.MonkeyPatch) -> None:
    seed_dir = _seeds(tmp_path)
    (seed_dir / "x.md").write_text("---\ntitle: An article\n---\nIts text.\n", encoding="utf-8")

    def swap() -> None:
        (seed_dir / "link").symlink_to(tmp_path / "outside" / "x.md")
        os.replace(seed_dir / "link", seed_dir / "x.md")
    _swapped_after_listing(monkeypatch, swap)
    result = _build(seed_dir, rules)
    assert SECRET not in _published_text(result)
    status, reasons = _outcome(result, "x.md")
    assert status == "skipped" and "symbolic link" in reasons
    assert _outcome(result, SEED_003)[0].startswith("published")


def test_a_folder_swapped_for_a_symbolic_link_after_the_listing_is_not_followed(
        tmp_path: Path, rules: Rules, monkeypatch: pytest.MonkeyPatch) -> None:
    seed_dir = _seeds(tmp_path)
    (seed_dir / "sub").mkdir()
    (seed_dir / "sub" / "x.md").write_text("---\ntitle: An article\n---\nIts text.\n", encoding="utf-8")

    def swap() -> None:
        (seed_dir / "sub" / "x.md").unlink()
        (seed_dir / "sub").rmdir()
        (seed_dir / "sub").symlink_to(tmp_path / "outside", target_is_directory=True)
    _swapped_after_listing(monkeypatch, swap)
    result = _build(seed_dir, rules)
    assert SECRET not in _published_text(result)
    status, reasons = _outcome(result, "sub/x.md")
    assert status == "skipped" and "sub/ is a symbolic link" in reasons


def test_a_seed_swapped_for_a_fifo_after_the_listing_does_not_block_the_build(
        tmp_path: Path, rules: Rules, monkeypatch: pytest.MonkeyPatch) -> None:
    seed_dir = _seeds(tmp_path)
    (seed_dir / "x.md").write_text("---\ntitle: An article\n---\nIts text.\n", encoding="utf-8")

    def swap() -> None:
        os.mkfifo(seed_dir / "fifo")
        os.replace(seed_dir / "fifo", seed_dir / "x.md")
    _swapped_after_listing(monkeypatch, swap)
    result = _build(seed_dir, rules)
    status, reasons = _outcome(result, "x.md")
    assert status == "skipped" and "is a FIFO" in reasons


def test_the_reading_function_follows_no_link_and_opens_a_fifo_without_blocking(tmp_path: Path) -> None:
    seed_dir = _seeds(tmp_path)
    (seed_dir / "link.md").write_text("an article\n", encoding="utf-8")
    (seed_dir / "fifo.md").write_text("an article\n", encoding="utf-8")
    link, fifo = _listed(seed_dir, "link.md"), _listed(seed_dir, "fifo.md")
    (seed_dir / "link.md").unlink()
    (seed_dir / "link.md").symlink_to(tmp_path / "outside" / "x.md")
    (seed_dir / "fifo.md").unlink()
    os.mkfifo(seed_dir / "fifo.md")
    with _deadline(10):
        with pytest.raises(OSError, match="is a symbolic link"):
            pipeline._read(link)
        with pytest.raises(OSError, match=r"is a FIFO \(named pipe\), not a file"):
            pipeline._read(fifo)


def test_a_seed_over_the_size_limit_is_skipped_without_being_read(tmp_path: Path, rules: Rules) -> None:
    seed_dir = _seeds(tmp_path)
    huge = seed_dir / "huge.md"
    huge.touch()
    os.truncate(huge, 2 * 1024**3)  # sparse: 2 GB that take no disk
    tracemalloc.start()
    try:
        with pytest.raises(OSError, match=rf"is 2,147,483,648 bytes, over the {MAX_BYTES:,}-byte limit"):
            pipeline._read(_listed(seed_dir, "huge.md"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1024**2  # its size was checked on the open file: nothing of it was read

    result = _build(seed_dir, rules)
    status, reasons = _outcome(result, "huge.md")
    assert status == "skipped" and f"is 2,147,483,648 bytes, over the {MAX_BYTES:,}-byte limit" in reasons
    assert _outcome(result, SEED_003)[0].startswith("published")


def test_a_seed_that_grows_after_its_size_was_checked_is_not_read_past_the_limit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seed_dir = _seeds(tmp_path)
    grown = seed_dir / "grown.md"
    grown.touch()
    os.truncate(grown, 64 * MAX_BYTES)
    listed = _listed(seed_dir, "grown.md")
    real_fstat, calls = os.fstat, []

    def small_when_first_asked(descriptor: int) -> os.stat_result:  # the file was small when its size was checked
        status = real_fstat(descriptor)
        calls.append(descriptor)
        return status if len(calls) > 1 else os.stat_result((*status[:6], 100, *status[7:]))
    monkeypatch.setattr(os, "fstat", small_when_first_asked)
    tracemalloc.start()
    try:
        with pytest.raises(OSError, match=rf"is {64 * MAX_BYTES:,} bytes, over the {MAX_BYTES:,}-byte limit"):
            pipeline._read(listed)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert calls and peak < 2 * MAX_BYTES + 1024**2  # read no further than the limit


def test_every_entry_of_seeds_is_in_the_build_report(tmp_path: Path, rules: Rules) -> None:
    seed_dir = _seeds(tmp_path)
    os.mkfifo(seed_dir / "pipe.md")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(seed_dir / "server.sock"))
    (seed_dir / "sub").mkdir()
    os.mkfifo(seed_dir / "sub" / "pipe")
    kinds = {"pipe.md": "a FIFO (named pipe)", "server.sock": "a socket", "sub/pipe": "a FIFO (named pipe)"}
    if os.geteuid() == 0:  # only root makes device files
        os.mknod(seed_dir / "null", 0o600 | stat.S_IFCHR, os.makedev(1, 3))
        kinds["null"] = "a device"
    try:
        result = _build(seed_dir, rules)
    finally:
        server.close()
    report = json.loads(result.downloads["build-report.json"])
    assert {item["seed"] for item in report["files"]} == {SEED_003, *kinds}
    assert report["seeds"] == report["published"] + report["merged"] + report["skipped"] == len(kinds) + 1
    for name, kind in kinds.items():
        status, reasons = _outcome(result, name)
        assert status == "skipped" and reasons == f"is {kind}, not a file; skipped"
    assert {p.seed for p in result.problems} >= set(kinds)  # warned, so the build log names each
