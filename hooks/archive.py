"""MkDocs hooks: the thin adapter between MkDocs and the `newsroom` package.

Listed under `hooks:` in mkdocs.yml. Reads seeds/ in `on_files`, adds every generated
page in memory (nothing is written to docs/ or seeds/), hands each generated page its
metadata at `on_page_markdown` and its HTML at `on_page_content`, and writes the search
index at `on_post_build`.
"""
from __future__ import annotations

import functools
import gc
import importlib.metadata
import json
import logging
import os
import posixpath
import resource
import sys
import threading
import time
from pathlib import Path
from typing import Any

_import_started = time.perf_counter()

import material  # type: ignore[import-untyped]  # its folder: the theme files its version stands for
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from newsroom import timing
from newsroom.build import ledger, pipeline, site_size, workers
from newsroom.build.cache import SeedCache, load_rules_cached
from newsroom.build.lock import BuildLock
from newsroom.build.rendered import PageDigests, RenderedPages, folder_digest, frame_digest, referenced_pages
from newsroom.build.version import SITE_CODE
from newsroom.build.watching import WatcherPause
from newsroom.config import chinese_words
from newsroom.config.rules import Rules, RulesError
from newsroom.seed.process import prepare
from newsroom.site import palette, search, sitemaps
from newsroom.site.compact import compact, readable_canonical
from newsroom.site.icons import IconSprite
from newsroom.site.outputs import sitemap_date
from newsroom.site.render import NAV_PAGES, GeneratedPage
from newsroom.site.templating import CompiledTemplates

# what renders every page besides the hooks: a new version may write other bytes
_RENDERING_LIBRARIES = " ".join(f"{name}={importlib.metadata.version(name)}"
                                for name in ("mkdocs", "mkdocs-material", "jinja2", "markupsafe", "markdown"))
_LIBRARIES = Path(material.__file__).parent.parent  # site-packages: the versions above stand for what is in it
_import_seconds = time.perf_counter() - _import_started  # counted once, in the first build's "other"

log = logging.getLogger("mkdocs.plugins.archive")

# Module state survives `mkdocs serve` rebuilds on purpose: the cache of processed seeds.
_cache: SeedCache | None = None
_rules: Rules | None = None
_pages: dict[str, GeneratedPage] = {}  # generated pages by docs path, for this build
_command: str = "build"
_search_index: search.BackgroundIndex | None = None
_cache_folder: Path | None = None  # .cache/newsroom beside mkdocs.yml: seeds, and the search index's shards
_lock: BuildLock | None = None  # held from on_config to the build's end: one build at a time in a folder
_env: Any = None  # this build's theme environment: the colour-scheme script is rendered in it
_icons: IconSprite | None = None  # the theme's icons this build's pages use: written once as assets/icons.svg
_sitemap_date = ""  # every page's date in sitemap.xml: the newest article's, not the build's
_rendered: RenderedPages | None = None  # the pages this build takes whole from the last one's site
# The theme's templates as Jinja compiled them: kept for this process's builds, and in the cache for the
# next process's (compiling Material's page templates took 0.15-0.2 s of each `mkdocs build`), under the
# key of what compiling them depends on besides their sources, which Jinja checks itself (_templates_key).
_THEME_TEMPLATES = CompiledTemplates()
_templates_key = ""  # this build's
# every generated page in order: its path, and its file unless it was taken whole from the last
# build (MkDocs never sees those: making 10,000 File objects took a third of a second of a rebuild)
_generated: list[tuple[str, File | None]] = []
_prepared = False  # under `mkdocs serve`: what a new seed needs is being loaded, or is
_building = False  # a build is running in this process (an idle collection waits for the next pause)
_collector_turn = threading.Lock()  # a build and an idle collection: one at a time
IDLE_COLLECTION_SECONDS = 1.0  # under `mkdocs serve`, after a build: once the reloaded page is served
_digests = PageDigests()  # each generated page's digest, kept across `mkdocs serve` rebuilds
_watcher = WatcherPause()  # `mkdocs serve`'s polling of seeds/ and docs/, paused while it rebuilds
_serving = False  # under `mkdocs serve`, from its on_serve (after the first build) on
_served: dict[str, Any] = {}  # under `mkdocs serve`: the record of the pages its last build wrote (build/rendered.py)
_ready: workers.ReadyWorker | None = None  # `mkdocs build`: a worker loading what a new seed needs, from on_config


def _timed(handler):
    """Count an event handler's time as the hooks' own (timing's "other" is what no stage names)."""
    @functools.wraps(handler)
    def timed(*args, **kwargs):
        start = timing.enter_hook()
        try:
            return handler(*args, **kwargs)
        finally:
            timing.leave_hook(start)
    return timed


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    global _serving
    _serving = True  # `mkdocs serve --clean` reports its rebuilds as "build"
    _watcher.watch(server)
    return server


def on_shutdown() -> None:
    _watcher.resume()


def _previewing() -> bool:
    """Whether this process is `mkdocs serve`'s (whose --clean reports its builds as "build": on_serve
    says so from the first rebuild on)."""
    return _command == "serve" or _serving


@_timed
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _rules, _cache, _cache_folder, _import_seconds, _lock, _building
    _watcher.pause()  # resumed when the build ends (_release): a change meanwhile starts the next rebuild
    with _collector_turn:  # an idle collection running (at most a second) finishes first
        _building = True
    _cache_folder = Path(config.config_file_path).parent / ".cache" / "newsroom"
    # Before MkDocs cleans the site folder; under `mkdocs serve`, each rebuild takes it in turn.
    _lock = BuildLock(_cache_folder)
    _lock.acquire(lambda message: log.info(f"archive: {message}"))
    timing.reset()
    timing.add_hook_time(_import_seconds)
    _import_seconds = 0.0
    chinese_words.keep_copy_in(_cache_folder)  # jieba's dictionary, loaded for a new seed: a quicker copy
    if _cache is None:  # one per process: kept across `mkdocs serve` rebuilds, and on disk across runs
        _cache = SeedCache(_cache_folder, keep_in_memory=_command == "serve")
    try:
        # the data files beside this hook file: the project's own, wherever it is checked out
        _rules = load_rules_cached(Path(__file__).parent / "newsroom" / "data", _cache_folder)
    except RulesError as exc:
        raise PluginError(f"archive: {exc}") from exc
    # `mkdocs serve` loads the same in a thread of its own after its first build (_prepare_for_a_new_seed)
    global _ready
    seeds = Path(config.config_file_path).parent / "seeds"
    _close_ready()  # one a build ended without closing (a build stopped outright) has the last build's rules
    if not _previewing() and workers.worth_a_ready_worker(seeds):
        _ready = workers.ready_worker(_rules)
    return config


@_timed
def on_pre_build(config: MkDocsConfig) -> None:
    # before MkDocs empties the site folder: the last site, for the pages that have not changed
    global _rendered
    assert _cache_folder is not None
    _rendered = RenderedPages(_cache_folder, Path(config.site_dir), kept=_served if _previewing() else None)
    _rendered.stash()
    if _rendered.problem:
        log.info(f"archive: {_rendered.problem}")


def _frame(config: MkDocsConfig) -> str:
    """What every generated page's HTML depends on besides the page: the settings in effect
    (mkdocs.yml and the command line's), the theme and its overrides, the libraries that render,
    the hooks' code, the search index's shards."""
    settings = {key: config[key] for key in ("site_name", "site_url", "site_description", "repo_url", "repo_name",
                                             "edit_uri", "copyright", "use_directory_urls", "nav", "extra",
                                             "extra_css", "extra_javascript", "markdown_extensions", "mdx_configs")}
    theme = config.theme
    return frame_digest((json.dumps(settings, sort_keys=True, default=str), theme.name or "",
                         json.dumps(dict(theme), sort_keys=True, default=str),
                         *(folder_digest(Path(folder)) for folder in theme.dirs if Path(folder).is_dir()
                           and not Path(folder).is_relative_to(_LIBRARIES)),
                         _RENDERING_LIBRARIES, SITE_CODE, Path(__file__).read_bytes()))


@event_priority(100)  # before Material's plugins look at the files
@_timed
def on_files(files: Files, config: MkDocsConfig) -> Files:
    assert _rules is not None
    project = Path(config.config_file_path).parent
    reserved = {f.src_uri for f in files}
    # the ready worker ends with the seed stage (build/workers.py), or with a failed build (_release)
    result = pipeline.build(project / "seeds", _rules, site_name=config.site_name, site_url=config.site_url or "",
                            reserved=reserved, cache=_cache, language=config.theme.get("language") or "zh",
                            published_urls=project / ledger.FILE_NAME, ready=_ready)
    # The archive and its pages live until the build ends at least and hold hardly a reference cycle: out
    # of the cyclic collector's reach, which walked them again at each full collection (0.5 s of a build
    # at 10,000 articles, 0.7 s of a preview's rebuild). Frozen objects are still freed when dropped;
    # under `mkdocs serve` they are handed back to the collector once the preview is idle
    # (_collect_when_idle), so garbage in cycles (the last build's MkDocs pages and settings) goes too.
    gc.freeze()
    global _sitemap_date
    _sitemap_date = sitemap_date(result.archive)
    for problem in result.problems:
        (log.warning if problem.level == "warning" else log.info)(str(problem))
    log.info(f"archive: {result.processed} seed(s) read and cleaned"
             + (f" in {result.workers} worker processes" if result.workers else "")
             + f", {result.cached} from the cache")

    # Search indexing runs beside MkDocs' rendering; `mkdocs serve` skips it to stay instant.
    global _search_index
    if _command != "serve" and _cache_folder is not None:
        with timing.stage("search index"):
            _search_index = search.BackgroundIndex([(p.url, p.title, p.search_html, p.month) for p in result.pages
                                                    if p.search_html], cache_dir=_cache_folder / "search",
                                                   site_dir=Path(config.site_dir),
                                                   previous=_rendered.previous_bundle if _rendered is not None else None)
        for warning in _search_index.warnings:
            log.warning(warning)
        log.info(f"archive: search index in {len(_search_index.bundles)} shard(s), "
                 f"{_search_index.reused} unchanged since the last build")

    _pages.clear()
    _generated.clear()
    frame = _frame(config) if _rendered is not None else ""
    linked = referenced_pages(config.nav, ((f.src_uri, Path(f.abs_src_path).read_text(encoding="utf-8", errors="replace"))
                                           for f in files.documentation_pages() if f.abs_src_path)) \
        if _rendered is not None else set()
    with timing.stage("page generation"):
        for page in result.pages:
            if page.path in reserved:  # the files MkDocs found in docs/
                log.warning(f"docs/{page.path} is hand-written and replaces the generated page of the same path")
                continue
            _pages[page.path] = page
            # unchanged since the last build and linked by no hand-written page: MkDocs never sees it,
            # its old file is moved back
            if page.path not in NAV_PAGES and _rendered is not None and page.path not in linked and _rendered.take(
                    page.path, _destination(page.path, config.use_directory_urls),
                    _digests.of(frame, page.path, page.meta, page.html)):
                _generated.append((page.path, None))
                continue
            file = _generated_file(config, page.path)
            _generated.append((page.path, file))
            files.append(file)
        _digests.keep_only(_pages)
    for path, content in result.downloads.items():
        if files.get_file_from_path(path) is None:
            files.append(File.generated(config, path, content=content))
    if _rendered is not None:
        _rendered.put_back()
        if _rendered.problem:  # nothing taken after all: MkDocs renders them
            log.info(f"archive: {_rendered.problem}")
            for index, (path, taken) in enumerate(_generated):
                if taken is None:
                    file = _generated_file(config, path)
                    _generated[index] = (path, file)
                    files.append(file)
        log.info(f"archive: {len(_rendered.reused)} of {len(_pages)} pages unchanged since the last build, "
                 "not rendered again")
    return files


@_timed
def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    # MkDocs dates every page by the build (sitemap.xml's lastmod, sitemap.xml.gz's timestamp):
    # the newest article's date instead, so two builds of the same seeds give the same bytes
    for file in files.documentation_pages():
        if file.page is not None:
            file.page.update_date = _sitemap_date
    # MkDocs makes the theme's environment anew each build: its templates as this process, or the last
    # build under the same key, compiled them (_THEME_TEMPLATES), a fifth of a second a build
    global _templates_key
    key = _compiling_key(env, config)
    if key != _templates_key:  # a new process, or other libraries or plugins
        _THEME_TEMPLATES.codes = _theme_templates_kept(_cache.memo("theme-templates").get(key)) if _cache else {}
        _templates_key = key
    env.bytecode_cache = _THEME_TEMPLATES
    global _icons, _env
    _env = env
    _icons = IconSprite()
    env.globals["na_icon"] = functools.partial(_icons.reference, env)  # overrides/partials: icons by reference
    for name in _rendered.previous_icons if _rendered is not None and _rendered.reused else ():
        _icons.reference(env, name, "")  # the pages taken whole show them
    _icons.reference(env, "material/close", "")  # the search dialog's close button (docs/assets/search.js)
    return env


@_timed
def on_template_context(context: Any, template_name: str, config: MkDocsConfig) -> Any:
    # sitemap.xml (overrides/sitemap.xml) reads each page's address and date from `na_sitemap`: MkDocs'
    # pages, then the generated ones in the order a full build has, those taken whole from the last build
    # too (MkDocs never saw them). Under `mkdocs serve`, only what it rendered: a preview is never published.
    if template_name == "sitemap.xml":
        generated = {path for path, _ in _generated}
        addresses = sitemaps.Addresses(config.site_url or "", config.use_directory_urls)
        entries = [sitemaps.page_entry(file.page) for file in context["pages"] if file.src_uri not in generated]
        for path, file in _generated:
            if file is not None:
                entries.append(sitemaps.page_entry(file.page))
            elif _command != "serve" and _rendered is not None and (address := addresses(_rendered.reused[path])):
                entries.append((address, _sitemap_date))  # taken whole: where it was written, from on_files
        context["na_sitemap"] = [entry for entry in entries if entry is not None]
    return context


def _generated_file(config: MkDocsConfig, path: str) -> File:
    """A generated page's file for MkDocs: an empty Markdown file (its metadata and HTML are handed over
    in on_page_markdown / on_page_content), out of the navigation unless mkdocs.yml's nav lists it
    (listing thousands of articles in the sidebar would render them into every page)."""
    file = File.generated(config, path, content="")
    if path not in NAV_PAGES:
        file.inclusion = InclusionLevel.NOT_IN_NAV
    return file


def _destination(path: str, use_directory_urls: bool) -> str:
    """Where MkDocs writes the page of a generated Markdown file (File.dest_uri, without making a File)."""
    stem = path.removesuffix(".md")
    if use_directory_urls and posixpath.basename(stem) != "index":
        return f"{stem}/index.html"
    return f"{stem}.html"


@_timed
def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> Page:
    if page.file.src_uri in _pages:
        page.render = functools.partial(_render_handed_over, page)  # type: ignore[method-assign]
    return page


def _render_handed_over(page: Page, config: MkDocsConfig, files: Files) -> None:
    """Page.render for a generated page, whose HTML on_page_content hands over: what MkDocs' render sets from
    the page's empty Markdown source, without making a Markdown converter with every extension for it (a
    fifth of a millisecond a page: 2 s of a cold build at 10,000 articles)."""
    page.content = ""
    page.toc = get_toc([])
    page._title_from_render = None  # what render leaves for a source without a heading
    page.present_anchor_ids = set()
    page.links_to_anchors = {}


@_timed
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    generated = _pages.get(page.file.src_uri)
    if generated is not None:
        page.meta = dict(generated.meta)  # title, description, hide, feed
    return markdown


@_timed
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    generated = _pages.get(page.file.src_uri)
    return generated.html if generated is not None else html


@_timed
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return compact(readable_canonical(output))


@_timed
def on_post_build(config: MkDocsConfig) -> None:
    global _search_index
    bundles = _search_index.shard_keys if _search_index is not None else {}
    try:
        if _search_index is None:
            log.info("archive: no search index under `mkdocs serve` (run `make build` for search)")
        else:
            with timing.stage("search index"):
                _search_index.write_to(Path(config.site_dir))
        if _env is not None:  # before the sprite: the colour-scheme form names its icons
            palette.write_to(Path(config.site_dir), _env, config)
        if _icons is not None:
            _icons.write_to(Path(config.site_dir))
        parts = sitemaps.split(Path(config.site_dir), config.site_url or "")
        if parts:
            log.info(f"archive: sitemap.xml lists more pages than a sitemap may ({sitemaps.LIMIT:,}): "
                     f"it is an index of {parts} sitemaps")
        if _command != "serve":  # a preview is never published
            size = site_size.measure(Path(config.site_dir))
            problem = site_size.over_limit(size, site_size.limit_of(config.extra))
            if problem:
                raise PluginError(f"archive: {problem}")
            log.info(f"archive: the site weighs {size.total / site_size.MB:.1f} MB in {size.files} files")
        if _THEME_TEMPLATES.added and _cache is not None:  # compiled in this build: for the next process's
            _cache.memo("theme-templates")[_templates_key] = _THEME_TEMPLATES.codes
            _THEME_TEMPLATES.added = False
        if _rendered is not None:
            _rendered.finish(_icons.names() if _icons is not None else (), search=bundles)
            if _rendered.problem:
                log.info(f"archive: {_rendered.problem}")
    except (search.SearchIndexError, ValueError) as exc:
        raise PluginError(f"archive: {exc}") from exc
    finally:
        _search_index = None
        _release()
    _prepare_for_a_new_seed()
    _collect_when_idle()
    if os.environ.get("NEWSROOM_TIMINGS"):  # the benchmark reads the hooks' time by stage from here
        Path(os.environ["NEWSROOM_TIMINGS"]).write_text(json.dumps(timing.totals()), encoding="utf-8")
        memory = {"mkdocs": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
                  "pagefind": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024}
        Path(os.environ["NEWSROOM_TIMINGS"] + ".memory").write_text(json.dumps(memory), encoding="utf-8")


def _compiling_key(env: Any, config: MkDocsConfig) -> str:
    """What compiled templates depend on besides their sources: Jinja checks a source's digest, its bytecode
    format and Python's version, not the filters, tests and extensions the code was compiled against, nor
    how each is called; those come with the libraries (the pins in requirements.txt) and the plugins."""
    pins = Path(config.config_file_path).parent / "requirements.txt"
    return frame_digest((_RENDERING_LIBRARIES, sys.version, pins.read_bytes() if pins.is_file() else b"",
                         " ".join(config.plugins), " ".join(sorted(env.filters)), " ".join(sorted(env.tests)),
                         " ".join(sorted(env.extensions)), repr(env.autoescape) if isinstance(env.autoescape, bool)
                         else getattr(env.autoescape, "__qualname__", "a function")))


def _theme_templates_kept(codes: object) -> dict[str, bytes]:
    """The compiled templates the cache holds, or none (absent, or not what this code wrote)."""
    if isinstance(codes, dict) and all(isinstance(k, str) and isinstance(v, bytes) for k, v in codes.items()):
        return codes
    return {}


def _prepare_for_a_new_seed() -> None:
    """Under `mkdocs serve`, after the first build: load in the background what a seed dropped into seeds/
    will need (its parsers, jieba: about 1.4 s of a preview's rebuild at 10,000 articles otherwise)."""
    global _prepared
    if _command == "serve" and not _prepared:
        _prepared = True
        threading.Thread(target=prepare, name="newsroom-prepare", daemon=True).start()


def on_build_error(error: Exception) -> None:
    _release()


def _close_ready() -> None:
    global _ready
    if _ready is not None:
        _ready.close()
        _ready = None


def _release() -> None:
    global _building
    _building = False
    _watcher.resume()
    _close_ready()
    if _lock is not None:
        _lock.release()


def _collect_when_idle() -> None:
    """Under `mkdocs serve`: once the preview is idle after a build, hand what on_files froze back to the
    collector and collect, then freeze what lives on for the next build. A full collection over the
    archive takes about half a second at 10,000 articles: here, not in the next rebuild."""
    if _previewing():
        timer = threading.Timer(IDLE_COLLECTION_SECONDS, _collect_idle)
        timer.daemon = True
        timer.start()


def _collect_idle() -> None:
    with _collector_turn:
        if not _building:  # a build started meanwhile: the one after it collects
            gc.unfreeze()
            gc.collect()
            gc.freeze()
