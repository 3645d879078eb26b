"""The site's templates and interface words: every word from a catalogue, a missing one named, English by translation."""
from __future__ import annotations

import ast
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from jinja2 import UndefinedError

from conftest import SEEDS
from newsroom.build import pipeline
from newsroom.build.cache import SeedCache
from newsroom.config.rules import Rules
from newsroom.site import templating
from newsroom.site.templating import WordsError, words_for

SITE = templating.TEMPLATES.parent
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


@pytest.fixture
def words_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of site/words/ that the catalogue is read from, to edit."""
    folder = tmp_path / "words"
    shutil.copytree(templating.WORDS, folder)
    monkeypatch.setattr(templating, "WORDS", folder)
    words_for.cache_clear()
    yield folder
    words_for.cache_clear()


def test_no_interface_text_is_written_in_the_code() -> None:
    """Chinese in a string of the site stage's code or in a template is an interface word the catalogue
    lacks (docstrings and comments may quote Chinese)."""
    found = []
    for path in [*SITE.glob("*.py"), SITE.parent / "build" / "pipeline.py"]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef) and node.body
                      and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
        found += [f"{path.name}:{node.lineno}: {node.value!r}" for node in ast.walk(tree)
                  if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
                  and _CJK.search(node.value)]
    for path in templating.TEMPLATES.glob("*.html"):
        found += [f"{path.name}: {line}" for line in path.read_text(encoding="utf-8").splitlines() if _CJK.search(line)]
    assert found == []


def test_every_word_of_the_catalogue_is_used() -> None:
    code = "\n".join(path.read_text(encoding="utf-8") for path in
                     [*SITE.glob("*.py"), *templating.TEMPLATES.glob("*.html"), SITE.parent / "build" / "pipeline.py"])
    catalogue = yaml.safe_load((templating.WORDS / "zh.yml").read_text(encoding="utf-8"))
    assert [key for key in catalogue if not re.search(rf"\bwords\.{key}\b", code)] == []


def test_every_catalogue_has_every_word() -> None:
    for path in templating.WORDS.glob("*.yml"):
        words = words_for(path.stem)
        assert (words.locale, words.fallback, words.file) == (path.stem, False, path)


def test_a_missing_word_names_its_key_and_its_file(words_folder: Path) -> None:
    english = words_folder / "en.yml"
    english.write_text(re.sub(r"(?m)^unknown_source:.*\n", "", english.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(WordsError, match=r"en\.yml: no interface word 'unknown_source' \(it is in zh\.yml\)"):
        words_for("en")
    with pytest.raises(WordsError, match=r"zh\.yml: no interface word 'no_such_word'"):
        templating.ENVIRONMENT.from_string("{{ words.no_such_word }}").render(words=words_for("zh"))


def test_a_translation_may_only_use_its_word_s_placeholders(words_folder: Path) -> None:
    english = words_folder / "en.yml"
    english.write_text(english.read_text(encoding="utf-8").replace('"{count} articles, newest first."',
                                                                   '"{number} articles, newest first."'), encoding="utf-8")
    with pytest.raises(WordsError, match=r"en\.yml: source_lede: \{number\} is no placeholder of this word \(it has: \{count\}\)"):
        words_for("en")


def test_the_catalogue_follows_the_theme_language_with_chinese_as_the_fallback() -> None:
    assert (words_for("en").locale, words_for("en").date) == ("en", "Date")
    assert (words_for("zh").locale, words_for("zh").date) == ("zh", "日期")
    assert (words_for("zh-TW").locale, words_for("zh-TW").fallback) == ("zh", False)
    assert (words_for("de").locale, words_for("de").fallback) == ("zh", True)
    assert words_for("../zh").fallback  # a language is never a path


def test_a_name_a_template_lacks_fails_the_build_instead_of_writing_nothing() -> None:
    with pytest.raises(UndefinedError):
        templating.render("month.html", title="x", back="../", entries=[])  # no `words`


def test_words_are_escaped_and_placeholders_filled_in_templates() -> None:
    template = templating.ENVIRONMENT.from_string('{{ text|fill(count=count, link=link) }}')
    html = template.render(text="<{count}> & {link}", count=3, link=template.environment.from_string(
        '{% set a %}<a href="x">y</a>{% endset %}{{ a }}').render())
    assert html == '&lt;3&gt; &amp; &lt;a href=&#34;x&#34;&gt;y&lt;/a&gt;'  # plain text in: escaped
    markup = templating.ENVIRONMENT.from_string('{% set a %}<a href="x">{{ t }}</a>{% endset %}{{ "{a}!"|fill(a=a) }}')
    assert markup.render(t="<b>") == '<a href="x">&lt;b&gt;</a>!'  # HTML the template made: kept


def test_an_english_site_is_a_translation(tmp_path: Path, rules: Rules) -> None:
    """The same archive in English from en.yml, and the page parts cached per language: a Chinese build
    first leaves no Chinese parts for the English one."""
    cache = tmp_path / "cache"
    chinese = pipeline.build(SEEDS, rules, site_name="Test", cache=SeedCache(cache, keep_in_memory=False))
    english = pipeline.build(SEEDS, rules, site_name="Test", cache=SeedCache(cache, keep_in_memory=False),
                             language="en")
    assert english.processed == 0 and [a.url for a in english.archive.articles] == [a.url for a in chinese.archive.articles]
    pages = {page.path: page for page in english.pages}
    article = next(page for page in english.pages if page.search_html)
    assert "<dt>Date</dt>" in article.html and "<dt>Source</dt>" in article.html and "<dt>日期</dt>" not in article.html
    assert '<h2 id="latest">Latest articles</h2>' in pages["index.md"].html
    assert (pages["archive/index.md"].title, pages["build-report/index.md"].title) == ("Archive", "Build report")
    assert "<language>en</language>" in english.downloads["feed.xml"]
    assert "<description>Test: latest articles</description>" in english.downloads["feed.xml"]
    assert not _CJK.search(pages["archive/index.md"].html)  # months and counts: interface only


@pytest.mark.parametrize(("old", "new", "message"), [
    ("date: Date\n", "date: [Date]\n", r"en\.yml: date: must be a text, or a map of keys to texts"),
    ("date: Date\n", "date: {a: 1}\n", r"en\.yml: date: must be a text, or a map of keys to texts"),
    ("date: Date\n", "date: {a: Date}\n", r"en\.yml: date: must be a text like the one in zh\.yml"),
    ("entity_kinds:\n", "entity_kinds: Kinds\nold_kinds:\n",
     r"en\.yml: entity_kinds: must be a map like the one in zh\.yml"),
    ("  place: Countries and regions\n", "",
     r"en\.yml: entity_kinds: no word for place \(they are in zh\.yml\)"),
    ("date: Date\n", "date: Date\nlocale: en\nfile: x\n", r"en\.yml: file, locale: reserved, not a word's key"),
    ("undated: Undated\n", "undated: \"{when}\"\n",
     r"en\.yml: undated: \{when\} is no placeholder of this word \(it has: none\)"),
])
def test_a_broken_catalogue_names_the_word_and_the_fix(words_folder: Path, old: str, new: str, message: str) -> None:
    english = words_folder / "en.yml"
    text = english.read_text(encoding="utf-8")
    assert old in text
    english.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(WordsError, match=message):
        words_for("en")


@pytest.mark.parametrize(("text", "message"), [("- a list\n", r"en\.yml: must map each word's key to its text"),
                                               ("a: [unclosed\n", r"en\.yml: cannot be read: ")])
def test_a_catalogue_that_is_no_mapping_is_named(words_folder: Path, text: str, message: str) -> None:
    (words_folder / "en.yml").write_text(text, encoding="utf-8")
    with pytest.raises(WordsError, match=message):
        words_for("en")


def test_a_language_with_a_region_uses_its_language_s_catalogue(words_folder: Path) -> None:
    assert (words_for("en-GB").locale, words_for("en_US").file.name, words_for("en-GB").fallback) == ("en", "en.yml", False)
    assert words_for("zh-Hans").fallback is False and words_for("zh-Hans").locale == "zh"
    assert words_for("e").fallback and words_for("english").fallback  # not a language code
    shutil.copy(words_folder / "en.yml", words_folder / "en-GB.yml")
    (words_folder / "en-GB.yml").write_text((words_folder / "en-GB.yml").read_text(encoding="utf-8")
                                            .replace("date: Date\n", "date: Date (GB)\n"), encoding="utf-8")
    words_for.cache_clear()
    assert (words_for("en-GB").locale, words_for("en-GB").date) == ("en-GB", "Date (GB)")


def test_a_missing_word_is_an_error_but_python_s_probes_are_not() -> None:
    words = words_for("en")
    with pytest.raises(AttributeError):
        words.__html__  # noqa: B018 - markupsafe asks every value for it
    with pytest.raises(WordsError, match=r"en\.yml: no interface word 'colour'"):
        words.colour  # noqa: B018


def test_templates_compiled_once_are_loaded_not_compiled_again() -> None:
    """What the pipeline keeps between builds: the next build's templates load and compile nothing."""
    from jinja2 import Environment, FileSystemLoader

    first = templating.CompiledTemplates()
    assert not first.added
    Environment(loader=FileSystemLoader(templating.TEMPLATES), bytecode_cache=first).get_template("month.html")
    assert first.added and first.codes
    again = templating.CompiledTemplates()
    again.codes = dict(first.codes)
    Environment(loader=FileSystemLoader(templating.TEMPLATES), bytecode_cache=again).get_template("month.html")
    assert not again.added
