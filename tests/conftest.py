"""Shared fixtures: the project's real seeds and rules, and a real MkDocs build in a temp copy."""
from __future__ import annotations

import json
import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from newsroom.config.rules import Rules, load_rules

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_000 = "000_8e3272804162002f.txt"  # Jekyll post, HTML body (cn.nikkei.com)
SEED_001 = "001_369960b55c081c8d.txt"  # scraped WeChat Markdown
SEED_002 = "002_327a45d57cf2ce1d.txt"  # finance-site Markdown, Chinese title, English body
SEED_003 = "003_4e7bfcbcf39ce857.txt"  # plain text, no front matter
ALL_SEEDS = (SEED_000, SEED_001, SEED_002, SEED_003)


@pytest.fixture(scope="session")
def rules() -> Rules:
    return load_rules()


def seed_bytes(name: str) -> bytes:
    return (SEEDS / name).read_bytes()


def copy_project(dest: Path, seeds: dict[str, bytes] | None = None) -> Path:
    """A copy of the project (config, docs, hooks, overrides) with the real or the given seeds."""
    dest.mkdir(parents=True, exist_ok=True)
    for item in ("mkdocs.yml", "docs", "hooks", "overrides"):
        source = ROOT / item
        if source.is_dir():
            shutil.copytree(source, dest / item, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, dest / item)
    seed_dir = dest / "seeds"
    if seeds is None:
        shutil.copytree(SEEDS, seed_dir)
    else:
        seed_dir.mkdir()
        for name, data in seeds.items():
            (seed_dir / name).parent.mkdir(parents=True, exist_ok=True)
            (seed_dir / name).write_bytes(data)
    return dest


@dataclass
class BuiltSite:
    project: Path
    site: Path
    warnings: list[str]

    def page(self, url: str) -> str:
        return (self.site / url / "index.html").read_text(encoding="utf-8")

    def outcomes(self) -> dict[str, dict]:
        """Every seed's entry in the build report by name, as a maintainer reads it: build-report.json
        lists the files it has something to say of, articles.json has each of the others' URL."""
        report = json.loads((self.site / "build-report.json").read_text(encoding="utf-8"))
        files = {entry["seed"]: entry for entry in report["files"]}
        for record in json.loads((self.site / "articles.json").read_text(encoding="utf-8")):
            files.setdefault(record["seed"], {"seed": record["seed"], "status": "published", "url": record["url"],
                                              "reasons": []})
        assert len(files) == report["seeds"]
        return files


def run_build(project: Path, *, strict: bool) -> BuiltSite:
    """A real `mkdocs build` of `project`; collects the warnings MkDocs logs."""
    records: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.WARNING:
                records.append(record.getMessage())

    handler = Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        site = project / "site"
        config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site), strict=strict)
        build(config)
    finally:
        logger.removeHandler(handler)
    return BuiltSite(project, site, records)


@pytest.fixture(scope="session")
def built_seeds(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The four seeds built once with `--strict`, shared by the tests that only read the result."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    return run_build(project, strict=True)


class FigureScores:
    """Precision and recall of figure extraction over the test table, printed after the run."""

    def __init__(self) -> None:
        self.true_positive = self.false_positive = self.false_negative = 0
        self.sentences = 0

    def record(self, sentence: str, got: list, want: list) -> None:
        self.sentences += 1
        remaining = list(want)
        for item in got:
            if item in remaining:
                remaining.remove(item)
                self.true_positive += 1
            else:
                self.false_positive += 1
        self.false_negative += len(remaining)

    def summary(self) -> str | None:
        if not self.sentences:
            return None
        found = self.true_positive + self.false_positive
        expected = self.true_positive + self.false_negative
        precision = self.true_positive / found if found else 1.0
        recall = self.true_positive / expected if expected else 1.0
        return (f"figure extraction over {self.sentences} test sentences: precision {precision:.3f} "
                f"({self.true_positive}/{found}), recall {recall:.3f} ({self.true_positive}/{expected})")


_FIGURE_SCORES = FigureScores()


@pytest.fixture(scope="session")
def figure_scores() -> FigureScores:
    return _FIGURE_SCORES


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    line = _FIGURE_SCORES.summary()
    if line:
        terminalreporter.write_sep("-", "figures")
        terminalreporter.write_line(line)
