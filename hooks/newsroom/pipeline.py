"""All stages, end to end: a seeds folder -> Archive, its generated pages, and problems.

Reading and cleaning one seed depends only on its bytes and the rules, so results
are cached under (file name, content hash, rules fingerprint): a `mkdocs serve`
rebuild after one new seed re-reads that seed only.
"""
from __future__ import annotations

import hashlib
import pickle
import sqlite3
from dataclasses import dataclass, replace
from pathlib import Path

from .archive import Archive, assemble
from .article import make_article
from .model import Article, Outcome, Problem
from .read import is_ignored, read_seed
from . import feeds, investments, report
from .render import NAV_PAGES, GeneratedPage, all_pages, articles_json
from .rules import Rules
from .timing import stage


@dataclass(frozen=True)
class BuildResult:
    archive: Archive
    pages: tuple[GeneratedPage, ...]
    downloads: dict[str, str]  # non-page files by site path: articles.json, investments.*, feeds, build report
    problems: tuple[Problem, ...]


_Cached = tuple[Article | None, tuple[Problem, ...]]


def _code_version() -> str:
    """A digest of this package's source: a change to the code invalidates every cached result."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


CODE_VERSION = _code_version()


class SeedCache:
    """Article (or the reasons there is none) per seed content.

    Kept in memory across `mkdocs serve` rebuilds and, when given a folder, in a SQLite
    file there across runs. The key is the file's name and content hash, the rules'
    fingerprint and the code's version, so an edited seed, rule or module is never
    served from the cache. Pickle is safe here: the file is written by this code only,
    in a folder git ignores.
    """

    def __init__(self, folder: Path | None = None, keep_in_memory: bool = True) -> None:
        self._entries: dict[str, _Cached] = {}
        self._keep_in_memory = keep_in_memory  # for `mkdocs serve`; a one-off build needs only the disk
        self._db: sqlite3.Connection | None = None
        self._pending: list[tuple[str, bytes]] = []
        if folder is not None:
            try:
                folder.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(folder / "seeds.sqlite", check_same_thread=False)
                self._db.execute("CREATE TABLE IF NOT EXISTS seeds (key TEXT PRIMARY KEY, value BLOB)")
            except (OSError, sqlite3.Error):
                self._db = None  # a read-only checkout still builds, just without the disk cache

    def get_or_make(self, name: str, data: bytes, rules: Rules) -> _Cached:
        key = "\0".join((name, hashlib.sha256(data).hexdigest(), rules.fingerprint, CODE_VERSION))
        cached = self._entries.get(key)
        if cached is None and self._db is not None:
            row = self._db.execute("SELECT value FROM seeds WHERE key = ?", (key,)).fetchone()
            if row is not None:
                try:
                    cached = pickle.loads(row[0])
                except Exception:  # noqa: BLE001 - a damaged entry is recomputed
                    cached = None
        if cached is None:
            cached = _process_seed(name, data, rules)
            if self._db is not None:
                self._pending.append((key, pickle.dumps(cached, protocol=pickle.HIGHEST_PROTOCOL)))
                if len(self._pending) >= 500:  # write as we go: 10,000 pickles held at once cost hundreds of MB
                    self._flush()
        if self._keep_in_memory:
            self._entries[key] = cached
        return cached

    def keep_only(self, names: set[str]) -> None:
        """Forget seeds that are gone, and write this build's new results to disk."""
        self._entries = {k: v for k, v in self._entries.items() if k.split("\0", 1)[0] in names}
        self._flush()

    def _flush(self) -> None:
        if self._db is not None and self._pending:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO seeds VALUES (?, ?)", self._pending)
            self._pending.clear()


def _process_seed(name: str, data: bytes, rules: Rules) -> _Cached:
    important = frozenset(key for field in ("title", "date", "original_url") for key in rules.fields.get(field, ()))
    try:
        with stage("reading"):
            raw, problems = read_seed(name, data, important)
        if raw is None:
            return None, tuple(problems)
        article, more = make_article(raw, rules)
        return article, tuple(problems + more)
    except Exception as exc:  # noqa: BLE001 - one bad seed must never stop the build
        return None, (Problem(name, f"could not be processed ({type(exc).__name__}: {exc}); skipped"),)


def seed_files(seed_dir: Path) -> list[tuple[str, Path]]:
    """Every file under seeds/, as (name relative to seeds/, path), in a stable order."""
    if not seed_dir.is_dir():
        return []
    found = []
    for path in seed_dir.rglob("*"):
        if path.is_file() or path.is_symlink():
            found.append((path.relative_to(seed_dir).as_posix(), path))
    return sorted(found)


def build(seed_dir: Path, rules: Rules, *, site_name: str, site_url: str = "", reserved: set[str] = frozenset(),
          cache: SeedCache | None = None) -> BuildResult:
    cache = cache or SeedCache()
    articles: list[Article] = []
    problems: list[Problem] = []
    skipped: dict[str, tuple[Problem, ...]] = {}
    ignored: list[str] = []
    names = set()
    for name, path in seed_files(seed_dir):
        if is_ignored(name):
            ignored.append(name)
            continue
        names.add(name)
        if path.is_symlink():  # it could point anywhere on the machine: never read through it
            problem = Problem(name, "is a symbolic link; skipped (copy the file into seeds/ instead)")
            problems.append(problem)
            skipped[name] = (problem,)
            continue
        try:
            data = path.read_bytes()
        except OSError as exc:
            problem = Problem(name, f"cannot be read ({exc.strerror}); skipped")
            problems.append(problem)
            skipped[name] = (problem,)
            continue
        article, seed_problems = cache.get_or_make(name, data, rules)
        problems.extend(seed_problems)
        if article is None:
            skipped[name] = seed_problems
        else:
            articles.append(article)
    cache.keep_only(names)

    reserved = set(reserved) | set(NAV_PAGES)
    places = frozenset(e.slug for e in rules.taxonomy.entities if e.kind == "place")
    with stage("archive"):
        archive, archive_problems = assemble(articles, reserved, places)
    problems.extend(archive_problems)
    by_seed: dict[str, list[Problem]] = {}
    for problem in problems:
        by_seed.setdefault(problem.seed, []).append(problem)
    outcomes = [replace(o, problems=tuple(by_seed.get(o.seed, ()))) for o in archive.outcomes]
    outcomes += [Outcome(name, "skipped", None, ps) for name, ps in skipped.items()]
    archive = Archive(archive.articles, tuple(sorted(outcomes, key=lambda o: o.seed)))

    with stage("page generation"):
        return _generate(archive, rules, site_name, site_url, problems, ignored)


def _generate(archive: Archive, rules: Rules, site_name: str, site_url: str, problems: list[Problem],
              ignored: list[str]) -> BuildResult:
    pages = all_pages(archive, rules.taxonomy, site_name, rules.money.rates_source)
    build_report = report.report_data(archive.outcomes, ignored)
    pages.append(GeneratedPage("build-report/index.md", "构建报告", report.report_html(build_report, "../"),
                               {"title": "构建报告", "hide": ["toc"], "search": {"exclude": True}}))
    figure_rows = investments.rows(archive.articles)
    downloads = {
        "articles.json": articles_json(archive),
        "investments.csv": investments.figures_csv(figure_rows, rules.taxonomy),
        "investments.json": investments.figures_json(figure_rows, rules.taxonomy, rules.money.rates_source),
        "build-report.json": report.report_json(build_report),
        "feed.xml": feeds.rss(archive.articles, title=site_name, description=f"{site_name}：最新文章",
                              site_url=site_url, feed_path="feed.xml"),
    }
    for topic in rules.taxonomy.topics:
        members = [a for a in archive.articles if any(hit.slug == topic.slug for hit in a.topics)]
        # at the site root: Material fetches "sitemap.xml" beside every rel=alternate link's URL
        path = f"feed-{topic.slug}.xml"
        downloads[path] = feeds.rss(members, title=f"{site_name}：{topic.name_zh} {topic.name_en}",
                                    description=f"专题“{topic.name_zh}”的最新文章", site_url=site_url,
                                    feed_path=path, page_path=f"topics/{topic.slug}/")
    return BuildResult(archive, tuple(pages), downloads, tuple(problems))
