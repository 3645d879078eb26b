"""A whole page's paragraph of short lines is judged line by line (issue 14): a scrape joins a page's
date and reading time, its "Posted in" and its tags, by Markdown's soft line breaks, into one
paragraph that no rule for a line could take apart (seed/blocks.py: lines_apart)."""
from __future__ import annotations

import datetime as dt

from bs4 import BeautifulSoup

from newsroom.config.rules import Rules
from newsroom.seed.blocks import lines_apart
from newsroom.seed.process import process_seed

PAGE = """---
title: Why we patch
url: https://blog.example.org/2023/01/why-we-patch/
---
[Example Blog](https://blog.example.org/)

* [Home](https://blog.example.org/)
* [About](https://blog.example.org/about/)
* [Archive](https://blog.example.org/archive/)

# Why we patch

January 4, 2023
1 Minute

Patching is the quiet work that keeps systems safe, and it deserves more attention than it gets from most teams.

Every unpatched server is an open door; we walk through how our team schedules updates without downtime.

Posted in
[Security](https://blog.example.org/category/security/), [Ops](https://blog.example.org/category/ops/)

* [Privacy](https://blog.example.org/privacy/)
* [Contact](https://blog.example.org/contact/)
"""


def test_a_date_and_a_reading_time_on_two_lines_are_read_and_dropped_apart(rules: Rules) -> None:
    article, _ = process_seed("patch.md", PAGE.encode(), rules)
    assert article is not None and article.date == dt.date(2023, 1, 4)  # the date line is metadata now
    body = article.body_html
    assert "1 Minute" not in body and "Posted in" not in body and "Security" not in body
    assert body.count("<p>") == 2 and "Every unpatched server" in body


def _paragraph(text: str):
    return BeautifulSoup(f"<p>{text}</p>", "html.parser").p


def test_only_a_paragraph_of_short_lines_is_set_apart(rules: Rules) -> None:
    cleaning = rules.defaults
    assert [p.get_text() for p in lines_apart(_paragraph("By Ann Lee\n3 comments\n<a href='/t'>Ops</a>"), cleaning)] \
        == ["By Ann Lee", "3 comments", "Ops"]
    wrapped = ("Patching is the quiet work that keeps our systems safe, and it\n"
               "deserves more attention than it gets from most of the teams we meet.")
    assert len(lines_apart(_paragraph(wrapped), cleaning)) == 1  # prose a scraper wrapped stays one paragraph
    assert len(lines_apart(_paragraph("One line only"), cleaning)) == 1


def test_a_paragraph_a_rule_names_whole_stays_whole(rules: Rules) -> None:
    wechat = rules.cleaning_of(rules.entries_for("https://mp.weixin.qq.com/s/abc", "markdown", ""))
    widget = _paragraph("视频\n小程序\n赞\n，轻点两下取消赞\n在看\n，轻点两下取消在看")
    assert len(lines_apart(widget, wechat)) == 1  # cut_at_text '^视频\\s*小程序\\s*赞' sees it as it was written


def test_an_article_s_own_html_keeps_its_paragraphs(rules: Rules) -> None:
    post = ("---\nlayout: post\ntitle: A post\ndate: 2024-01-02\nfrom: https://news.example.com/a\n---\n"
            "<p>First short line\nsecond short line</p>\n<p>A sentence of the post that says something.</p>\n")
    article, _ = process_seed("2024-01-02-post.md", post.encode(), rules)
    assert article is not None and "First short line\nsecond short line" in article.body_html
