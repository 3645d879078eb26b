"""The rules files: validated at start-up, so a typo is one clear error, not a broken article each."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newsroom.config.rules import DATA_DIR, RulesError, load_rules

SOURCES = len(load_rules().sources)  # the index of an entry added at the end


def data_with(tmp_path: Path, extra_source: str) -> Path:
    shutil.copytree(DATA_DIR, tmp_path / "data")
    with (tmp_path / "data" / "sources.yml").open("a", encoding="utf-8") as handle:
        handle.write(extra_source)
    return tmp_path / "data"


@pytest.mark.parametrize(("entry", "message"), [
    ("  - name: X\n    domains: [x.com]\n    remove_selectors: ['ul:has(> li > a']\n",
     "key 'remove_selectors'[0]: invalid CSS selector 'ul:has(> li > a': "),
    ("  - name: X\n    domains: [x.com]\n    drop_blocks: ['([unclosed']\n",
     "key 'drop_blocks'[0]: invalid regular expression '([unclosed': "),
    ("  - name: X\n    domains: [x.com]\n    drop_blocs: ['x']\n",
     "key 'drop_blocs': unknown key (did you mean 'drop_blocks'?); the keys allowed here are name, domains, "),
    ("  - name: X\n", "needs `domains`, `formats` or `fingerprints`"),
    ("  - name: X\n    formats: [pdf]\n", "key 'formats'[0]: 'pdf' is not one of html, page, markdown, text"),
    ("  - name: X\n    fingerprints: 'x\\.com/'\n",
     "key 'fingerprints': expected a list of regular expressions, got the string 'x\\.com/'; "
     "write fingerprints: [x\\.com/]"),
])
def test_broken_rules_name_the_entry_and_key(tmp_path: Path, entry: str, message: str) -> None:
    with pytest.raises(RulesError) as error:
        load_rules(data_with(tmp_path, entry))
    assert str(error.value).startswith(f"sources.yml: sources[{SOURCES}] (name: X): {message}")
    assert "\n" not in str(error.value)  # one problem, one line


def test_a_new_source_is_a_data_entry(tmp_path: Path) -> None:
    rules = load_rules(data_with(tmp_path, "  - name: Example Daily\n    domains: [example.com]\n"
                                           "    drop_blocks: ['^Subscribe']\n"))
    matched = rules.for_article("https://news.example.com/a", "html")
    assert matched.name == "Example Daily"
    assert any(p.pattern == "^Subscribe" for p in matched.drop_blocks)
    assert rules.for_article("https://other.org/a", "html").name is None


def test_rules_fingerprint_changes_with_the_data(tmp_path: Path) -> None:
    assert load_rules().fingerprint != load_rules(data_with(tmp_path, "  - name: Y\n    domains: [y.com]\n")).fingerprint


def test_domain_with_a_path_matches_only_that_section() -> None:
    rules = load_rules()
    assert rules.for_article("https://www.bbc.com/zhongwen/simp/world-1", "html").name == "BBC 中文"
    assert rules.for_article("https://www.bbc.com/news/world-1", "html").name is None
