"""Markdown that Python-Markdown would take minutes over is shown as plain text, with a warning; every
other Markdown is rendered as Python-Markdown renders it (seed/markdown_cost.py), but for the tags of
no HTML element its scraper left unescaped, which are the article's text (seed/extract.py).

No time is asserted (the machines are shared; BENCHMARKS.md, "Hostile Markdown", measures it): the
hostile bodies are rendered with Python-Markdown made to fail, so a test passes only if it never ran.
"""
from __future__ import annotations

import html
import re

import markdown
import pytest
from bs4 import BeautifulSoup

from newsroom.seed import markdown_cost
from newsroom.seed.extract import extract, to_fragment
from newsroom.seed.markdown_cost import MAX_DEPTH, too_costly
from newsroom.seed.process import process_seed

EMPHASIS_LINE = "a**b_c*" * 2800  # 19,600 characters: under the 20,000-character line limit
# unbounded, each took Python-Markdown from ten seconds to many minutes (issue 16; BENCHMARKS.md)
HOSTILE = {
    "emphasis, one paragraph of 314 KB": "\n".join([EMPHASIS_LINE] * 16),
    "emphasis, one paragraph of 3.9 MB": "\n".join([EMPHASIS_LINE] * 200),
    "emphasis, 250 paragraphs": "\n\n".join([EMPHASIS_LINE] * 250),
    "quotes 2,000 deep (4 MB)": "\n".join("> " * depth + "x" for depth in range(1, 2001)),
    "1,000 unclosed brackets before 190 KB": "[" * 1000 + "\n" + "\n".join(["x" * 19_000] * 10),
    "100,000 paragraphs": "x\n\n" * 100_000,
    "a quote of 200,000 paragraphs": "> x\n>\n" * 200_000,
    "lists 300 deep": "\n".join("    " * depth + "- x" for depth in range(300)),
    "definitions nested 5,000 deep": "\n".join(f"term\n: definition {n}" for n in range(5000)),
}
ORDINARY = """# A headline

Some *emphasis*, some **strong** text, `code`, a [link](https://e.com/a "title") and an
![image](https://e.com/i.png), escaped \\*stars\\*, snake_case_words and 5 * 3 = 15.

> A quote with **bold** words,
> > a quote in it,
> > > and one more.

- a list
    - nested *once*
        1. and [twice](https://e.com/b)

| a | b |
| --- | --- |
| *x* | [y](https://e.com/y) |

>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>

```
a**b_c* a**b_c* a**b_c* [ [ [ ``a`
```
"""


def plain(text: str) -> str:
    """Text shown as plain paragraphs, one a line: nothing dropped."""
    return "".join(f"<p>{html.escape(line.strip())}</p>" for line in text.split("\n") if line.strip())


@pytest.fixture
def markdown_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_args: object) -> str:
        raise AssertionError("Python-Markdown ran")

    monkeypatch.setattr(markdown.Markdown, "convert", fail)


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_markdown_never_reaches_python_markdown_and_is_shown_whole(name: str, markdown_fails: None) -> None:
    fragment, meta, why = extract(HOSTILE[name], "markdown")
    assert why and fragment == plain(HOSTILE[name]) and meta == {}


def test_the_reason_names_what_is_too_costly() -> None:
    assert too_costly(HOSTILE["emphasis, one paragraph of 314 KB"]) == "179,200 inline marks such as * _ ` [ < &"
    assert too_costly(HOSTILE["quotes 2,000 deep (4 MB)"]) == "quotes or lists nested up to 2,000 deep"
    assert too_costly(HOSTILE["100,000 paragraphs"]) == "100,001 paragraphs"
    assert too_costly(HOSTILE["lists 300 deep"]) == f"lists nested {MAX_DEPTH + 1} deep (more than {MAX_DEPTH})"
    paragraph = "\n".join([EMPHASIS_LINE] * 4)
    assert too_costly(paragraph) == ("a paragraph of 78,403 characters with 44,800 inline marks "
                                     "such as * _ ` [ < &")


def test_ordinary_markdown_is_rendered_exactly_as_python_markdown_renders_it() -> None:
    assert too_costly(ORDINARY) is None
    fragment, _, why = extract(ORDINARY, "markdown")
    expected = markdown.Markdown(extensions=["extra", "sane_lists"], output_format="html").convert(ORDINARY)
    assert why is None and fragment == expected
    assert all(tag in fragment for tag in ("<em>", "<strong>", "<blockquote>", "<ol>", "<table>", "<pre>"))


def test_long_ordinary_articles_stay_far_under_the_budget(monkeypatch) -> None:
    # the corpus' costliest bodies are estimated at under 5% of the budget: this is 20 of them at once
    article = "\n\n".join([ORDINARY.replace("```", "")] * 20 + ["Words, *more words* and [a link](https://e.com)." * 40] * 200)
    assert too_costly(article) is None
    one = "\n\n".join([ORDINARY.replace("```", "")] + ["Words, *more words* and [a link](https://e.com)." * 40] * 10)
    monkeypatch.setattr(markdown_cost, "BUDGET_NS", markdown_cost.BUDGET_NS / 20)
    assert too_costly(one) is None  # and one of them, under a twentieth of it


def test_a_warning_names_the_seed_and_the_text_is_published(rules) -> None:
    data = ("---\ntitle: Stars\ndate: 2025-01-01\n---\n" + "\n".join([EMPHASIS_LINE] * 4) + "\n").encode()
    article, problems = process_seed("stars.md", data, rules)
    warnings = [problem for problem in problems if problem.level == "warning"]
    assert len(warnings) == 1 and re.fullmatch(
        r"seeds/stars\.md: has Markdown that would take too long to render \(a paragraph of 78,40\d characters "
        r"with 44,800 inline marks such as \* _ ` \[ < &\); it is shown as plain text", str(warnings[0]))
    assert article is not None  # every word kept (cleaning still turns a pair of ** into bold, as in any text)
    assert BeautifulSoup(article.body_html, "lxml").get_text().count("b_c") == 4 * 2800


def test_markdown_before_a_jekyll_body_s_html_is_bounded_too(markdown_fails: None) -> None:
    preamble = "\n".join([EMPHASIS_LINE] * 16)
    fragment, _, why = extract(f"{preamble}\n<div><p>The article.</p></div>", "html")
    assert why and fragment == plain(preamble) + "<div><p>The article.</p></div>"


def test_nesting_the_estimate_cannot_see_is_shown_as_plain_text_not_lost() -> None:
    # HTML blocks that ask for Markdown inside them, nested 400 deep, overflow Python-Markdown's stack
    body = '<div markdown="1">\n\n' * 400 + "Deep text.\n\n" + "</div>\n\n" * 400
    fragment, _, why = extract(body, "markdown")
    assert why == "nesting too deep for Python-Markdown" and "Deep text." in fragment
    assert to_fragment("Then *ordinary* text.", "markdown")[0] == "<p>Then <em>ordinary</em> text.</p>"


def test_a_tag_of_no_html_element_is_the_article_s_text_and_code_is_left_as_it_is() -> None:
    """A scraper that converts a page to Markdown leaves "<target>" in a command line and a plist's
    "<key>" unescaped: as tags the sanitizer would delete them and their words. HTML, autolinks and
    code (fenced, indented, in backticks) render as before."""
    body = ("nxc ldap <target> -u <username>\n\n* <target>: the host.\n\n"
            "| key |\n|---|\n| <key>PayloadContent</key> |\n\n<?xml version=\"1.0\"?>\n\n"
            "`<code>` and <b>bold</b>, <https://example.com/> and <ann@example.com>\n\n"
            "```\n#include <stdio.h>\n```\n\n    indented <span>\n")
    fragment, _ = to_fragment(body, "markdown")
    text = BeautifulSoup(fragment, "lxml").get_text()
    for shown in ("nxc ldap <target> -u <username>", "<target>: the host.", "<key>PayloadContent</key>",
                  '<?xml version="1.0"?>', "#include <stdio.h>", "indented <span>", "<code>"):
        assert shown in text, shown
    assert "<b>bold</b>" in fragment and 'href="https://example.com/"' in fragment and "mailto" in html.unescape(fragment)
    assert "&amp;lt;" not in fragment  # code is escaped once, by Markdown
