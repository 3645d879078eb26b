"""MkDocs hooks: the thin adapter between MkDocs and the `newsroom` package.

Listed under `hooks:` in mkdocs.yml. Reads seeds/ in `on_files`, adds every generated
page in memory (nothing is written to docs/ or seeds/), and swaps each generated
page's HTML in at `on_page_content`.
"""
from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

import yaml
from newsroom import pipeline, search
from newsroom.render import NAV_PAGES
from newsroom.rules import Rules, RulesError, load_rules

log = logging.getLogger("mkdocs.plugins.archive")

# Module state survives `mkdocs serve` rebuilds on purpose: the cache of processed seeds.
_cache = pipeline.SeedCache()
_rules: Rules | None = None
_html_by_path: dict[str, str] = {}
_command: str = "build"


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _rules
    try:
        # the data files beside this hook file: the project's own, wherever it is checked out
        _rules = load_rules(Path(__file__).parent / "newsroom" / "data")
    except RulesError as exc:
        raise PluginError(f"archive: {exc}") from exc
    return config


@event_priority(100)  # before Material's plugins look at the files
def on_files(files: Files, config: MkDocsConfig) -> Files:
    assert _rules is not None
    seed_dir = Path(config.config_file_path).parent / "seeds"
    reserved = {f.src_uri for f in files}
    result = pipeline.build(seed_dir, _rules, site_name=config.site_name, site_url=config.site_url or "",
                            reserved=reserved, cache=_cache)
    for problem in result.problems:
        (log.warning if problem.level == "warning" else log.info)(str(problem))

    _html_by_path.clear()
    for page in result.pages:
        if files.get_file_from_path(page.path) is not None:
            log.warning(f"docs/{page.path} is hand-written and replaces the generated page of the same path")
            continue
        front_matter = yaml.safe_dump(page.meta, allow_unicode=True, sort_keys=True)
        file = File.generated(config, page.path, content=f"---\n{front_matter}---\n")
        if page.path not in NAV_PAGES:
            # Listing thousands of articles in the sidebar would render them into every page.
            file.inclusion = InclusionLevel.NOT_IN_NAV
        files.append(file)
        _html_by_path[page.path] = page.html
    for path, content in result.downloads.items():
        if files.get_file_from_path(path) is None:
            files.append(File.generated(config, path, content=content))
    return files


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return _html_by_path.get(page.file.src_uri, html)


def on_post_build(config: MkDocsConfig) -> None:
    # Indexing takes seconds per thousand pages: `mkdocs serve` skips it to stay instant.
    if _command == "serve":
        log.info("archive: search index not rebuilt under `mkdocs serve` (run `make build` for search)")
        return
    try:
        search.index_site(Path(config.site_dir))
    except search.SearchIndexError as exc:
        raise PluginError(f"archive: {exc}") from exc
