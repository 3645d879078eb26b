"""Every data file is checked when it is loaded: each problem is one line that names the file, the
entry, the key and the fix, and all of them are reported at once."""
from __future__ import annotations

import logging
import pickle
import shutil
import subprocess
import sys
from pathlib import Path
from typing import get_args

import pytest
import yaml
from mkdocs.exceptions import Abort

from conftest import ROOT, copy_project, run_build
from newsroom.config.rules import DATA_DIR, RulesError, load_rules
from newsroom.config.schema import EntityKind, FigureKind, Qualifier


def edited(tmp_path: Path, file: str, old: str, new: str) -> Path:
    """The data files, with `old` replaced by `new` in one of them (edits add up in one tmp_path)."""
    data = tmp_path / "data"
    if not data.exists():
        shutil.copytree(DATA_DIR, data)
    text = (data / file).read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {file}: the test needs updating"
    (data / file).write_text(text.replace(old, new, 1), encoding="utf-8")
    return data


def problems(data: Path) -> list[str]:
    with pytest.raises(RulesError) as error:
        load_rules(data)
    return str(error.value).split("\n")


def index(file: str, key: str, **match: str) -> int:
    """Where the entry with these values is in today's file: the tests do not break when entries are added."""
    entries = yaml.safe_load((DATA_DIR / file).read_text(encoding="utf-8"))[key]
    return next(i for i, entry in enumerate(entries) if all(entry.get(k) == v for k, v in match.items()))


# where today's entries are: the messages name them by their index
AT = {"tsmc": index("entities.yml", "entities", slug="tsmc"), "intel": index("entities.yml", "entities", slug="intel"),
      "sk_hynix": index("entities.yml", "entities", slug="sk-hynix"),
      "reuters": index("sources.yml", "sources", name="路透中文网"), "solidot": index("sources.yml", "sources", name="Solidot")}


def test_a_string_where_a_list_belongs_is_not_a_list_of_letters(tmp_path: Path) -> None:
    data = edited(tmp_path, "sources.yml", "{name: 网易, domains: [163.com]}", "{name: 网易, domains: 163.com}")
    assert problems(data) == [
        f"sources.yml: sources[{index('sources.yml', 'sources', name='网易')}] (name: 网易): key 'domains': "
        "expected a list of domains, got the string '163.com'; write domains: [163.com]"]


def test_an_entity_kind_is_one_the_code_knows(tmp_path: Path) -> None:
    data = edited(tmp_path, "entities.yml", "{slug: tsmc, kind: company,", "{slug: tsmc, kind: compnay,")
    assert problems(data) == [
        f"entities.yml: entities[{index('entities.yml', 'entities', slug='tsmc')}] (slug: tsmc): key 'kind': "
        "'compnay' is not one of company, government, person, project, organisation, place, entity"]


def test_the_allowed_values_are_the_ones_the_site_has_words_for() -> None:
    catalogue = yaml.safe_load((ROOT / "hooks" / "newsroom" / "site" / "words" / "zh.yml").read_text(encoding="utf-8"))
    assert set(get_args(EntityKind)) == set(catalogue["entity_kinds"])  # a heading each on the entities page
    assert set(get_args(FigureKind)) == set(catalogue["figure_kinds"])
    assert {*get_args(Qualifier), "range", "vague"} == set(catalogue["qualifiers"])  # the last two: figures.py's own


@pytest.mark.parametrize(("file", "old", "new", "message"), [
    ("topics.yml", "  - slug: quantum\n", "  - slug: quantum\n    alias: [qbit]\n",
     "topics.yml: topics[2] (slug: quantum): key 'alias': unknown key (did you mean 'aliases'?); "
     "the keys allowed here are slug, name, aliases"),
    ("topics.yml", "title_weight: 3", "title_weight: 3\ntreshold: 2",
     "topics.yml: key 'treshold': unknown key (did you mean 'threshold'?); "
     "the keys allowed here are threshold, title_weight, topics"),
    ("entities.yml", "{slug: tsmc, kind: company,", "{slug: tsmc, kind: company, country: taiwan,",
     "entities.yml: entities[{tsmc}] (slug: tsmc): key 'country': unknown key; "
     "the keys allowed here are slug, kind, name, aliases"),
    ("entities.yml", "name: {zh: 台积电, en: TSMC}", "name: {zh: 台积电, en: TSMC, ja: 台湾積体電路製造}",
     "entities.yml: entities[{tsmc}] (slug: tsmc): key 'name.ja': unknown key; the keys allowed here are zh, en"),
])
def test_an_unknown_key_is_named_with_the_allowed_ones(tmp_path: Path, file: str, old: str, new: str,
                                                       message: str) -> None:
    assert problems(edited(tmp_path, file, old, new)) == [message.format(**AT)]


@pytest.mark.parametrize(("file", "old", "new", "message"), [
    ("topics.yml", "  - slug: quantum\n", "  - slug: ai\n",
     "topics.yml: topics[2] (slug: ai): key 'slug': 'ai' is also the slug of topics[0]; every slug must be different"),
    ("entities.yml", "{slug: intel,", "{slug: tsmc,",
     "entities.yml: entities[{intel}] (slug: tsmc): key 'slug': 'tsmc' is also the slug of entities[{tsmc}]; "
     "every slug must be different"),
    ("topics.yml", "  - slug: quantum\n", "  - slug: Quantum_computing\n",
     "topics.yml: topics[2] (slug: Quantum_computing): key 'slug': 'Quantum_computing' is not a slug: lowercase "
     "letters and digits, words joined by single hyphens, as sk-hynix"),
    ("entities.yml", "{slug: sk-hynix,", "{slug: sk--hynix,",
     "entities.yml: entities[{sk_hynix}] (slug: sk--hynix): key 'slug': 'sk--hynix' is not a slug: lowercase "
     "letters and digits, words joined by single hyphens, as sk-hynix"),
    ("entities.yml", "aliases: [Intel, 英特尔, 英特爾]", "aliases: [Intel, 英特尔, 英特爾, TSMC]",
     "entities.yml: entities[{intel}] (slug: intel): key 'aliases'[3]: 'TSMC' is also an alias of entities[{tsmc}] "
     "(slug: tsmc); an alias can find only one of them: keep it in one"),
    ("topics.yml", "en: [quantum, qubit,", "en: [quantum, chip, qubit,",
     "topics.yml: topics[2] (slug: quantum): key 'aliases.en'[1]: 'chip' is also an alias of topics[1] "
     "(slug: semiconductors); an alias can find only one of them: keep it in one"),
])
def test_slugs_and_aliases_are_unique_and_slugs_well_formed(tmp_path: Path, file: str, old: str, new: str,
                                                            message: str) -> None:
    assert problems(edited(tmp_path, file, old, new)) == [message.format(**AT)]


@pytest.mark.parametrize(("file", "old", "new", "message"), [
    ("entities.yml", "name: {zh: 台积电, en: TSMC}", "name: 台积电",
     "entities.yml: entities[{tsmc}] (slug: tsmc): key 'name': expected a mapping with the keys zh, en, "
     "got the string '台积电'"),
    ("entities.yml", "name: {zh: 台积电, en: TSMC}", "name: {zh: 台积电}",
     "entities.yml: entities[{tsmc}] (slug: tsmc): key 'name.en': missing: this key is required"),
    ("entities.yml", "aliases: [TSMC, 台积电, 台積電]", "aliases: []",
     "entities.yml: entities[{tsmc}] (slug: tsmc): key 'aliases': is empty: it needs at least one entry"),
    ("entities.yml", "aliases: [TSMC, 台积电, 台積電]", "aliases: [TSMC, 2330]",
     "entities.yml: entities[{tsmc}] (slug: tsmc): key 'aliases'[1]: expected a string, got the number 2330: "
     "put it in quotes, '2330'"),
    ("topics.yml", "threshold: 2", "threshold: two",
     "topics.yml: key 'threshold': expected a number, got the string 'two'"),
    ("topics.yml", "threshold: 2", "threshold: 0", "topics.yml: key 'threshold': 0 must be more than 0"),
    ("fields.yml", "slug: [slug]", "slug: slug",
     "fields.yml: key 'slug': expected a list of key names, got the string 'slug'; write slug: [slug]"),
    ("fields.yml", "slug: [slug]", "slug: [slug, on]",
     "fields.yml: key 'slug'[1]: expected a string, got true (YAML reads an unquoted yes, no, on, off as true or "
     "false): put the word in quotes"),
    ("fields.yml", "slug: [slug]", "slgu: [slug]",
     "fields.yml: key 'slgu': unknown key (did you mean 'slug'?); the keys allowed here are title, date, "
     "saved_date, original_url, source, author, summary, language, image, slug, source_lists"),
    ("sources.yml", "    drop_trailing_images: true", "    drop_trailing_images: yes please",
     "sources.yml: sources[0] (name: 微信公众号): key 'drop_trailing_images': expected true or false, "
     "got the string 'yes please'"),
    ("sources.yml", "  - name: Solidot\n    domains: [solidot.org]\n",
     "  - name: Solidot\n    domains: [https://solidot.org/]\n",
     "sources.yml: sources[{solidot}] (name: Solidot): key 'domains'[0]: 'https://solidot.org/' is not a domain: write "
     "the host, optionally with a path, as example.com or example.com/news"),
    ("sources.yml", "defaults:\n", "defaults:\n  name: Everyone\n",
     "sources.yml: defaults: key 'name': unknown key; the keys allowed here are remove_selectors, "
     "unwrap_selectors, strip_text, captions, cut_at_headings, cut_at_text, drop_blocks, list_labels, copyright, "
     "byline_markers, cover_image_alts, not_an_article, citations, taxonomy_links, share_links, about_labels, "
     "about_descriptions, drop_trailing_images"),
    ("sources.yml", "    - \"[class*=trustBadge]\"", "    - \"ul:has(> li > a\"",
     "sources.yml: sources[{reuters}] (name: 路透中文网): key 'remove_selectors'[0]: invalid CSS selector "
     "'ul:has(> li > a': "),
    ("sources.yml", "      - '^我们的标准[:：]'", "      - '^我们的标准[:：'",
     "sources.yml: sources[{reuters}] (name: 路透中文网): key 'drop_blocks'[0]: invalid regular expression "
     "'^我们的标准[:：': unterminated character set at position 6"),
])
def test_every_key_has_a_type_and_its_allowed_values(tmp_path: Path, file: str, old: str, new: str,
                                                     message: str) -> None:
    found = problems(edited(tmp_path, file, old, new))
    assert len(found) == 1 and found[0].startswith(message.format(**AT)), found


@pytest.mark.parametrize(("old", "new", "message"), [
    ("target_markers: ", "target_markrs: ", ["money.yml: key 'target_markers': missing: this key is required",
                                              "money.yml: key 'target_markrs': unknown key (did you mean "
                                              "'target_markers'?); the keys allowed here are currency_prefixes, "
                                              "currency_suffixes, scales, qualifiers_before, qualifiers_after, kinds, "
                                              "not_kind_words, copula_words, pledge_words, rate_words, bare_yuan_means, "
                                              "yen_sign_means, bare_yuan_places, "
                                              "place_currency, money_before_bare_amount, needs_scale, target_markers, "
                                              "actor_markers, buyer_markers, deal_price_words, not_paying_words, "
                                              "investing_words, receiving_words, selling_or_helping_words, borrowing_words, "
                                              "government_debt_words, compared_words, cut_words"]),
    ('"兆": 1.0e12', '"兆": lots', ["money.yml: scales: key '兆': expected a number, got the string 'lots'"]),
    ('"兆": 1.0e12', '"兆": -1.0e12', ["money.yml: scales: key '兆': '-1.0e12' must be more than 0"]),
    ("  valuation: [", "  valuaton: [", ["money.yml: kinds: key 'valuaton': 'valuaton' is not one of investment, "
                                         "pledge, acquisition, funding round, fund size, government spending, "
                                         "loan or debt, valuation, not an investment"]),
    ('  about: ["约合"', '  roughly: ["约合"', ["money.yml: qualifiers_before: key 'roughly': 'roughly' is not one "
                                             "of about, over, up to, at least"]),
    ('  AED: ["AED"]', '  aed: ["AED"]', ["money.yml: currency_prefixes: key 'aed': 'aed' is not a currency code: "
                                          "three capital letters (ISO 4217), as EUR, or YEN_SIGN"]),
    ('  HKD: ["港元"', '  HKD: ["新台币", "港元"', ["money.yml: currency_suffixes: key 'TWD'[0]: '新台币' is also "
                                              "listed under HKD; a word can mean only one of them"]),
    ('needs_scale: ["pounds"', 'needs_scale: ["poundz"', ["money.yml: key 'needs_scale'[0]: 'poundz' is not one "
                                                         "of the words under currency_suffixes"]),
    ('actor_markers: ["由", "by", "from"]', 'actor_markers: "by"',
     ["money.yml: key 'actor_markers': expected a list of words, got the string 'by'; write actor_markers: [by]"]),
    ('actor_markers: ["由", "by", "from"]', "actor_markers: []",
     ["money.yml: key 'actor_markers': is empty: it needs at least one entry"]),
    ('  JPY: ["JPY"]', '  JPY: ["JPY", ""]', ["money.yml: currency_prefixes: key 'JPY'[1]: is empty: "
                                              "write something or remove it"]),
])
def test_every_money_problem_names_its_key(tmp_path: Path, old: str, new: str, message: list[str]) -> None:
    assert problems(edited(tmp_path, "money.yml", old, new)) == message


@pytest.mark.parametrize(("old", "new", "message"), [
    ("  IDR: {2016: 13300", '  IDR: {"2016": -1', ["rates.yml: per_usd: key 'IDR.2016': expected a whole number, "
                                                   "got the string '2016'",
                                                   "rates.yml: per_usd: key 'IDR.2016': -1 must be more than 0"]),
    ("  IDR: {", "  USD: {2016: 1}\n  IDR: {", ["rates.yml: per_usd: key 'USD': amounts in US dollars need no rate: "
                                                "remove it"]),
    ("per_usd:", "without_rate: [EUR]\nper_usd:", ["rates.yml: key 'without_rate'[0]: EUR has a rate under per_usd: "
                                                   "remove one of the two"]),
    ('source: "US', 'sauce: "US', ["rates.yml: key 'source': missing: this key is required",
                                   "rates.yml: key 'sauce': unknown key (did you mean 'source'?); the keys allowed "
                                   "here are source, per_usd, without_rate"]),
])
def test_every_rates_problem_names_its_key(tmp_path: Path, old: str, new: str, message: list[str]) -> None:
    assert problems(edited(tmp_path, "rates.yml", old, new)) == message


def test_a_currency_without_a_rate_is_an_error(tmp_path: Path) -> None:
    data = edited(tmp_path, "money.yml", '  RUB: ["卢布"', '  NGN: ["naira"]\n  RUB: ["卢布"')
    assert problems(data) == [
        "money.yml: currency_suffixes: key 'NGN': NGN has no rate in rates.yml: add NGN under per_usd there, or list "
        "it under without_rate to give its amounts no US-dollar value"]


def test_a_currency_deliberately_without_a_rate_has_no_dollar_value(tmp_path: Path) -> None:
    edited(tmp_path, "money.yml", '  RUB: ["卢布"', '  NGN: ["naira"]\n  RUB: ["卢布"')
    rules = load_rules(edited(tmp_path, "rates.yml", "per_usd:", "without_rate: [NGN]\nper_usd:"))
    assert rules.money is not None
    assert rules.money.usd(5e9, "NGN", 2024) is None
    assert rules.money.usd(5e9, "RUB", 2024) == pytest.approx(5e9 / 92.8)


def test_a_yen_sign_needs_the_rates_of_the_yen_and_the_yuan(tmp_path: Path) -> None:
    data = edited(tmp_path, "rates.yml", "  JPY: {", "  XXX: {")
    assert problems(data) == [
        "money.yml: currency_prefixes: key 'JPY': JPY has no rate in rates.yml: add JPY under per_usd there, or list "
        "it under without_rate to give its amounts no US-dollar value"]


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    edited(tmp_path, "sources.yml", "{name: 网易, domains: [163.com]}", "{name: 网易, domains: 163.com}")
    edited(tmp_path, "sources.yml", "{name: 搜狐, domains: [sohu.com]}", "{name: 搜狐, domain: [sohu.com]}")
    edited(tmp_path, "entities.yml", "{slug: tsmc, kind: company,", "{slug: tsmc, kind: compnay,")
    data = edited(tmp_path, "money.yml", '"兆": 1.0e12', '"兆": lots')
    netease, sohu = index("sources.yml", "sources", name="网易"), index("sources.yml", "sources", name="搜狐")
    assert problems(data) == [
        f"sources.yml: sources[{netease}] (name: 网易): key 'domains': expected a list of domains, got the string "
        "'163.com'; write domains: [163.com]",
        f"sources.yml: sources[{sohu}] (name: 搜狐): key 'domain': unknown key (did you mean 'domains'?); the keys "
        "allowed here are name, domains, formats, fingerprints, remove_selectors, unwrap_selectors, strip_text, "
        "captions, cut_at_headings, cut_at_text, drop_blocks, list_labels, copyright, byline_markers, "
        "cover_image_alts, not_an_article, citations, taxonomy_links, share_links, about_labels, about_descriptions, "
        "drop_trailing_images",
        f"entities.yml: entities[{AT['tsmc']}] (slug: tsmc): key 'kind': 'compnay' is not one of company, "
        "government, person, project, organisation, place, entity",
        "money.yml: scales: key '兆': expected a number, got the string 'lots'"]


def test_today_s_data_files_are_valid_and_give_the_same_rules() -> None:
    rules = load_rules()
    assert rules.taxonomy is not None and rules.money is not None
    assert rules.taxonomy.entity("tsmc").kind == "company"
    assert rules.money.scales["兆"] == 1e12 and rules.money.rates["KRW"][2016] == 1160.0
    assert rules.for_article("https://www.163.com/a", "html").name == "网易"


def test_rules_from_the_cache_need_no_pydantic(tmp_path: Path) -> None:
    """The checked rules are pickled by build/cache.py: a build that reads them imports no schema."""
    (tmp_path / "rules.pickle").write_bytes(pickle.dumps(load_rules()))
    script = ("import pickle, sys; rules = pickle.load(open(sys.argv[1], 'rb')); "
              "rules.for_article('https://www.163.com/a', 'html', 'text'); "
              "assert 'pydantic' not in sys.modules and 'newsroom.config.schema' not in sys.modules, 'imported'")
    subprocess.run([sys.executable, "-c", script, str(tmp_path / "rules.pickle")], check=True,
                   env={"PYTHONPATH": str(ROOT / "hooks")})


def test_a_broken_data_file_stops_the_build_with_its_message(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    project = copy_project(tmp_path / "project", seeds={})
    edited(tmp_path, "entities.yml", "{slug: tsmc, kind: company,", "{slug: tsmc, kind: compnay,")
    shutil.copy2(tmp_path / "data" / "entities.yml", project / "hooks" / "newsroom" / "data" / "entities.yml")
    with pytest.raises(Abort):  # MkDocs logs the hook's PluginError as the build's error, then aborts
        run_build(project, strict=True)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == [
        f"archive: entities.yml: entities[{AT['tsmc']}] (slug: tsmc): key 'kind': 'compnay' is not one of company, "
        "government, person, project, organisation, place, entity"]
