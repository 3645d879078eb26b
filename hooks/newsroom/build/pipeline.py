"""The whole build, stage by stage: a seeds folder -> Archive, its generated pages, and problems.

    list and read seeds/  -> seed stage per seed (cached, in workers when many are new)
                          -> page parts per article (cached by the site code's version)
                          -> archive (duplicates, URLs, related) -> pages, downloads, report
"""
from __future__ import annotations

import gc
import hashlib
import logging
import os
import stat
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..config.rules import Rules
from ..model import Article, Outcome, Problem, SeedPrints, updated
from ..seed.process import Drafted, SeedResult
from ..seed.read import MAX_BYTES, is_ignored, too_large
from ..site.archive import Archive, Memo, PublishedUrl, assemble
from ..site.article_page import page_parts
from ..site.outputs import site_outputs
from ..site.render import NAV_PAGES, GeneratedPage
from ..site.templating import COMPILED, FALLBACK_LANGUAGE, Words, words_for
from ..source.template import SourceTemplate, learn_templates, template_of
from ..timing import stage
from . import ledger
from .cache import FileState, SeedCache, known_digest
from .version import SITE_CODE
from .workers import ReadyWorker, Workers


@dataclass(frozen=True)
class BuildResult:
    archive: Archive
    pages: tuple[GeneratedPage, ...]
    downloads: dict[str, str]  # non-page files by site path: articles.json, investments.*, feeds, build report
    problems: tuple[Problem, ...]
    processed: int = 0  # seeds read and cut into blocks in this build (the rest came from the cache)
    recleaned: int = 0  # seeds cleaned and analysed in this build (new ones, and those whose source's template changed)
    workers: int = 0  # worker processes they were spread over (0: this process)
    cached: int = 0  # seeds whose results came from the cache
    templates: dict[str, SourceTemplate] = field(default_factory=dict)  # what each source's articles repeat

log = logging.getLogger("mkdocs.plugins.archive")  # MkDocs shows it (and counts it under --strict)


@dataclass(frozen=True)
class SeedFile:
    """Where one seed is: seeds/ (followed if it is a link: the maintainer's choice) and its name below it
    (never followed: read through _open). A path to os and pathlib."""

    root: str
    name: str  # relative to seeds/, folders separated by "/"

    def __fspath__(self) -> str:
        return os.path.join(self.root, self.name)


def seed_files(seed_dir: Path) -> list[tuple[str, SeedFile, int]]:
    """Every entry under seeds/ but its folders, as (name relative to seeds/, where it is, its file type:
    stat.S_IFREG for a file), in a stable order.

    Symbolic links, FIFOs, sockets and devices are listed (the build reports and skips them) but never
    opened. os.scandir knows each entry's type without a stat call: a tenth of a second less at 10,000 seeds.
    """
    if not seed_dir.is_dir():
        return []
    found = []
    folders = [(str(seed_dir), "")]
    while folders:
        folder, prefix = folders.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.is_symlink():
                kind = stat.S_IFLNK
            elif entry.is_file(follow_symlinks=False):
                kind = stat.S_IFREG
            elif entry.is_dir(follow_symlinks=False):
                folders.append((entry.path, f"{prefix}{entry.name}/"))
                continue
            else:
                try:
                    kind = stat.S_IFMT(entry.stat(follow_symlinks=False).st_mode)
                except OSError:  # gone since it was listed
                    continue
            found.append((prefix + entry.name, SeedFile(str(seed_dir), prefix + entry.name), kind))
    return sorted(found, key=lambda entry: entry[0])


@contextmanager
def _collector_paused():
    """Unpickling the cached articles and building the pages make about a million objects that
    live until MkDocs is done, and hardly any reference cycles: the cyclic collector walking them
    again and again was a tenth of the hooks' time at 10,000 articles. Cleaning seeds is never
    done inside: parsed pages are cycles, and they must be collected as they go."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _Refused(OSError):
    """A seed the build will not read (a link, a FIFO, a file over the size limit): the warning's words."""


_KINDS = {stat.S_IFLNK: "a symbolic link", stat.S_IFIFO: "a FIFO (named pipe)", stat.S_IFSOCK: "a socket",
          stat.S_IFCHR: "a device", stat.S_IFBLK: "a device", stat.S_IFDIR: "a folder"}


def _not_a_file(kind: int) -> str:
    """Why an entry of seeds/ of this file type (stat.S_IFMT) is skipped."""
    if kind == stat.S_IFLNK:  # it could point anywhere on the machine: never read through it
        return "is a symbolic link; skipped (copy the file into seeds/ instead)"
    return f"is {_KINDS.get(kind, 'no regular file')}, not a file; skipped"


def _unread(name: str, exc: OSError) -> Problem:
    """The warning for a seed that was not read."""
    return Problem(name, str(exc) if isinstance(exc, _Refused) else f"cannot be read ({exc.strerror}); skipped")


def _open(seed: SeedFile) -> int:
    """A descriptor of the seed, reached from seeds/ without following a symbolic link on the way (a
    seed or a folder swapped for one after the listing) and opened without blocking (a FIFO swapped in)."""
    *folders, file = seed.name.split("/")
    parent = os.open(seed.root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        for depth, folder in enumerate(folders):
            inside = _open_at(parent, folder, os.O_DIRECTORY, "/".join(folders[:depth + 1]))
            os.close(parent)
            parent = inside
        return _open_at(parent, file, os.O_NONBLOCK)
    finally:
        os.close(parent)


def _open_at(parent: int, name: str, flags: int, folder: str | None = None) -> int:
    """`name` in the folder open as `parent`, not followed if it is a link; `folder`: its path, if it is one."""
    try:
        return os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | flags, dir_fd=parent)
    except OSError:  # a link (ELOOP, or ENOTDIR for a folder), a socket (ENXIO): say what is there
        kind = stat.S_IFMT(os.stat(name, dir_fd=parent, follow_symlinks=False).st_mode)
        if kind in (stat.S_IFREG, stat.S_IFDIR):
            raise
        raise _Refused(_not_a_file(kind) if folder is None else
                       f"{folder}/ is {_KINDS.get(kind, 'no folder')}, not a folder; skipped") from None


def _read(seed: SeedFile) -> tuple[bytes, os.stat_result]:
    """The seed's bytes and what it was when read, both from one descriptor: a regular file within the
    size limit, checked before reading it, and never read past the limit (a file growing meanwhile)."""
    descriptor = _open(seed)
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise _Refused(_not_a_file(stat.S_IFMT(status.st_mode)))
        if status.st_size > MAX_BYTES:
            raise _Refused(too_large(status.st_size))
        with open(descriptor, "rb", closefd=False) as file:
            data = file.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise _Refused(too_large(os.fstat(descriptor).st_size))
    finally:
        os.close(descriptor)
    return data, status


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _with_page_parts(articles: list[tuple[str, Article]], rules: Rules, words: Words, cache: SeedCache
                     ) -> tuple[list[Article], set[str]]:
    """Each article with its page's own parts (site/article_page.py), and their cache keys. They depend
    on the article, the site's code, templates and words (SITE_CODE) and the interface's language only:
    kept in the cache beside the seed's result under a key of these, they are made again when a
    template or a word changes, the seed is not."""
    keys = [f"{key}\0page\0{SITE_CODE}\0{words.locale}" for key, _ in articles]
    found = cache.lookup(keys)
    done = []
    for part_key, (_, article) in zip(keys, articles, strict=True):
        parts = found.get(part_key)
        if parts is None:
            parts = page_parts(article, rules.taxonomy, words)
            cache.store(part_key, parts)
        done.append(updated(article, page=parts))
    return done, set(keys)


@contextmanager
def _compiled_templates(cache: SeedCache) -> Iterator[None]:
    """The site's templates as the last build compiled them (site/templating.py), and this build's kept."""
    memo = cache.memo("templates")
    codes = memo.get(SITE_CODE)
    COMPILED.codes = codes if isinstance(codes, dict) else {}
    yield
    if COMPILED.added:
        memo[SITE_CODE] = COMPILED.codes
        COMPILED.added = False


def build(seed_dir: Path, rules: Rules, *, site_name: str, site_url: str = "", reserved: Collection[str] = frozenset(),
          cache: SeedCache | None = None, language: str = FALLBACK_LANGUAGE,
          published_urls: Path | None = None, ready: ReadyWorker | None = None) -> BuildResult:
    """`language` is the interface's (MkDocs' theme.language): it picks the words catalogue (site/words/);
    `published_urls` the file that keeps each article's URL from build to build (build/ledger.py), if any;
    `ready` a worker process the caller started for the few seeds that may be new (build/workers.py)."""
    cache = cache or SeedCache()
    words = words_for(language)
    if words.fallback:
        log.info(f"archive: no interface words for language {language!r} in {words.file.parent}; "
                 f"using {words.file.name}")
    cached_articles: list[tuple[str, Article]] = []  # (cache key, article)
    problems: list[Problem] = []
    skipped: dict[str, tuple[Problem, ...]] = {}
    ignored: list[str] = []
    readable: list[tuple[str, str, SeedFile, bytes | None]] = []  # (cache key, name, path, bytes if read), in seed order
    unread: dict[str, SeedResult] = {}  # seeds trusted by their stat, gone when read
    known, states = cache.file_states(), {}
    with stage("reading"):
        for name, path, kind in seed_files(seed_dir):
            if is_ignored(name):
                ignored.append(name)
                continue
            if kind != stat.S_IFREG:
                problem = Problem(name, _not_a_file(kind))
                problems.append(problem)
                skipped[name] = (problem,)
                continue
            data = None
            try:
                status = os.stat(path, follow_symlinks=False)  # an unchanged file is not opened: nothing is read
                digest = known_digest(known.get(name), status) if stat.S_ISREG(status.st_mode) else None
                if digest is None:
                    data, status = _read(path)
                    digest = _digest(data)
            except OSError as exc:
                problem = _unread(name, exc)
                problems.append(problem)
                skipped[name] = (problem,)
                continue
            states[name] = FileState.of(status, digest) if data is not None else known[name]
            readable.append((SeedCache.key(name, digest, rules), name, path, data))
        with _collector_paused():
            prints = cache.lookup([key + _PRINTS for key, _, _, _ in readable])
        todo = []  # seeds the cache has no draft of, with their bytes
        for index, (key, name, path, data) in enumerate(readable):
            if key + _PRINTS in prints:
                continue
            if data is None:  # trusted by its stat but not in the cache: read it now, keyed by what was read
                try:
                    data, status = _read(path)
                except OSError as exc:
                    unread[key] = (None, (_unread(name, exc),))
                    continue
                digest = _digest(data)
                key = SeedCache.key(name, digest, rules)
                readable[index] = (key, name, path, data)
                states[name] = FileState.of(status, digest)
            todo.append((key, name, data))
    cache.remember_files(states)
    with Workers(rules, cache, ready) as workers:
        seeds = _seed_results(readable, prints, todo, rules, cache, workers)
    for key, name, _, _ in readable:
        article, seed_problems = unread.get(key) or seeds.results[key]
        problems.extend(seed_problems)
        if article is None:
            skipped[name] = seed_problems
        else:
            cached_articles.append((seeds.final_keys[key], article))
    with _collector_paused(), _compiled_templates(cache):
        with stage("page generation"):
            articles, part_keys = _with_page_parts(cached_articles, rules, words, cache)
        cache.keep_only(seeds.kept_keys | part_keys)

        reserved = set(reserved) | set(NAV_PAGES)
        places = frozenset(e.slug for e in rules.taxonomy.entities if e.kind == "place")
        with stage("archive"):
            published = cache.memo(ledger.MEMO)
            last, ledger_warning = ledger.load(published_urls, published.get(ledger.MEMO_KEY)) \
                if published_urls is not None else ([], None)
            archive, archive_problems = assemble(articles, reserved, places, memo=cache.memo("related"),
                                                 published=last)
            if published_urls is not None:
                _keep_published_urls(published_urls, ledger_warning, last, archive, set(skipped), published)
        problems.extend(archive_problems)
        by_seed: dict[str, list[Problem]] = {}
        for problem in problems:
            by_seed.setdefault(problem.seed, []).append(problem)
        outcomes = [updated(o, problems=tuple(by_seed.get(o.seed, ()))) for o in archive.outcomes]
        outcomes += [Outcome(name, "skipped", None, ps) for name, ps in skipped.items()]
        archive = replace(archive, outcomes=tuple(sorted(outcomes, key=lambda o: o.seed)))

        with stage("page generation"):
            result = _generate(archive, rules, site_name, site_url, problems, ignored, words, seeds.templates)
    return replace(result, processed=seeds.drafted, recleaned=seeds.finished, workers=workers.used,
                   cached=len(readable) - seeds.drafted, templates=seeds.templates)


def _keep_published_urls(path: Path, warning: str | None, last: list[PublishedUrl], archive: Archive,
                         skipped: set[str], remembered: Memo) -> None:
    """Write where each article is published now (and, for a seed skipped this time, where it was), to
    the file unless it could not be read (the maintainer mends it), and to the cache's copy."""
    entries = ledger.carried(last, archive.published, skipped)
    if warning is not None:
        log.warning(warning)
    else:
        try:
            ledger.save(path, entries)
        except OSError as exc:
            log.warning(f"archive: {path} cannot be written ({exc}): an article whose title is edited before "
                        "a build can write it gets a new URL; make the file writable")
    if remembered.get(ledger.MEMO_KEY) != tuple(entries):
        remembered[ledger.MEMO_KEY] = tuple(entries)


_PRINTS, _DRAFT = "\0prints", "\0draft"  # cache keys of a seed's prints and draft: its seed key and these


@dataclass(frozen=True)
class _SeedResults:
    results: dict[str, SeedResult]  # by seed key
    final_keys: dict[str, str]  # seed key -> the key of its result: the seed's and the template's it shows
    kept_keys: set[str]  # every cache entry this build used
    templates: dict[str, SourceTemplate]
    drafted: int  # seeds read and cut into blocks in this build
    finished: int  # seeds cleaned and analysed in this build


def _seed_results(readable: list[tuple[str, str, SeedFile, bytes | None]], prints: dict[str, SeedPrints | None],
                  todo: list[tuple[str, str, bytes]], rules: Rules, cache: SeedCache, workers: Workers) -> _SeedResults:
    """Every seed's result, in the seed stage's two steps, each from the cache when it has it:

        draft    seeds the cache has no prints of: read, cut into blocks and fingerprinted; a seed no
                 source's template can change is finished at once (its result is kept with its draft)
        learn    each source's template from all the prints (source/template.py)
        finish   seeds the cache has no result of for the part of its source's template they show:
                 cleaned and analysed (a new article re-cleans only its source's articles that share
                 a block with it)
    """
    drafting = workers.drafts_begun([(key + _DRAFT, name, data) for key, name, data in todo])
    # Meanwhile (the new seeds are drafted in a worker process when there is one): the results no template
    # can change, of the seeds the cache holds prints of that were finished when drafted, keyed by the draft
    new = {key for key, _, _ in todo}
    with _collector_paused():
        early = cache.lookup([key + _DRAFT for key, _, _, _ in readable
                              if key not in new and key + _PRINTS in prints and prints[key + _PRINTS] is None])
    drafted = drafting()
    for key, _, _ in todo:
        draft = drafted[key + _DRAFT].draft
        prints[key + _PRINTS] = draft.prints if draft is not None else None
        cache.store(key + _PRINTS, prints[key + _PRINTS])
    with stage("templates"):
        templates = learn_templates(seed for seed in prints.values() if seed is not None)
    final_keys, shown = {}, {}
    for key, _, _, _ in readable:
        seed_prints = prints.get(key + _PRINTS)
        if seed_prints is None:  # finished when drafted: its result is in its draft's entry
            final_keys[key] = key + _DRAFT
        else:
            shown[key] = template_of(seed_prints, templates)
            final_keys[key] = f"{key}\0{_template_digest(shown[key])}"
    with _collector_paused():
        found = cache.lookup([final for final in final_keys.values() if not final.endswith(_DRAFT)])
        found.update((k, v) for k, v in drafted.items() if v.finished is not None)
        found.update(early)
        found.update(cache.lookup([final for final in final_keys.values() if final.endswith(_DRAFT) and final not in found]))
    results: dict[str, SeedResult] = {}
    for final, value in found.items():
        result = value.finished if isinstance(value, Drafted) else value
        if result is not None:
            results[final] = result
    missing = [(key, name, path) for key, name, path, _ in readable if final_keys[key] not in results]
    drafts = {key: drafted[key + _DRAFT] for key, _, _ in missing if key + _DRAFT in drafted}
    drafts.update((key[:-len(_DRAFT)], value) for key, value in
                  cache.lookup([key + _DRAFT for key, _, _ in missing if key not in drafts], memory=False).items())
    again = []  # drafts the cache lost (a damaged entry): read again
    for key, name, path in missing:
        if key not in drafts:
            try:
                again.append((key, name, _read(path)[0]))
            except OSError as exc:
                results[final_keys[key]] = (None, (_unread(name, exc),))
    drafts.update((key[:-len(_DRAFT)], value) for key, value in
                  workers.drafts([(key + _DRAFT, name, data) for key, name, data in again]).items())
    todo_finish = []
    for key, name, _ in missing:
        if final_keys[key] in results:
            continue
        entry = drafts[key]
        if entry.finished is not None:  # re-read, and finished at once
            final_keys[key] = key + _DRAFT
            results[final_keys[key]] = entry.finished
        else:
            todo_finish.append((final_keys[key], name, entry.draft, shown.get(key, frozenset())))
    results.update(workers.finished(todo_finish))
    kept = {key + suffix for key, _, _, _ in readable for suffix in (_PRINTS, _DRAFT)} | set(final_keys.values())
    return _SeedResults({key: results[final] for key, final in final_keys.items() if final in results},
                        final_keys, kept, templates, len(todo) + len(again), len(todo_finish))


def _template_digest(template: frozenset[str]) -> str:
    return hashlib.sha256("\0".join(sorted(template)).encode()).hexdigest()[:16]


def _generate(archive: Archive, rules: Rules, site_name: str, site_url: str, problems: list[Problem],
              ignored: list[str], words: Words, templates: dict[str, SourceTemplate]) -> BuildResult:
    pages, downloads = site_outputs(archive, rules, site_name, site_url, ignored, words, templates)
    return BuildResult(archive, tuple(pages), downloads, tuple(problems))
