"""Whole saved web pages: decoded as they declare, pruned without losing the article, read by trafilatura
as it reads the page itself, with its text deciding and its markup dressing (issue 14, item 7).

The benchmark on trafilatura's own evaluation pages is `tests/html_eval.py` (BENCHMARKS.md)."""
from __future__ import annotations

from pathlib import Path

import pytest

from newsroom.config.rules import Selectors
from newsroom.seed.extract import to_fragment
from newsroom.seed.process import process_seed
from newsroom.seed.read import declared_charset, detect_format, read_seed

PAGES = Path(__file__).parent / "fixtures" / "pages"
PARAGRAPHS = ["Die Stadtwerke haben am Montag angekündigt, das Fernwärmenetz bis zum Jahr 2030",
              "Nach Angaben des Unternehmens sollen zunächst die Stadtteile im Süden",
              "Der Ausbau sei die größte Investition in der Geschichte der Stadtwerke",
              "Kritik kommt von den Grünen im Stadtrat",
              "Anwohner werden vorher in Versammlungen über die Baustellen informiert."]


def story_page(inside: str = "", *, article_class: str = "story", extra_body: str = "") -> str:
    paragraphs = "".join(f"<p>Paragraph {i} of the story about chip factories and their investment plans in Japan.</p>"
                         for i in range(6))
    return (f"<html><head><title>Chips</title></head><body><nav><a href='/'>Home</a></nav>"
            f"<article class='{article_class}'><h1>Chips</h1>{paragraphs}{inside}</article>{extra_body}</body></html>")


# ---------------------------------------------------------------------------------------------
# One real-shaped page: a WordPress post saved as ISO-8859-1

@pytest.fixture(scope="module")
def wordpress(rules):
    return process_seed("latin1-wordpress.html", (PAGES / "latin1-wordpress.html").read_bytes(), rules)


def test_the_article_of_a_page_whose_classes_say_share_and_social_media_is_published(wordpress) -> None:
    # <article class="post category-social-media no-share">: `[class*=share]` and `[class*=social]` once took it whole
    article, _ = wordpress
    assert all(paragraph in article.body_html for paragraph in PARAGRAPHS)


def test_readers_comments_photo_credits_and_share_buttons_are_not_the_article(wordpress) -> None:
    article, _ = wordpress
    for furniture in ("Leserbrief", "Kommentare", "Foto: Max Muster", "Auf Facebook teilen", "Impressum"):
        assert furniture not in article.body_html
    assert '<img' in article.body_html and "netz.jpg" in article.body_html  # the photo stays, without its credit


def test_a_page_is_decoded_as_it_declares(wordpress) -> None:
    article, problems = wordpress
    assert "größte" in article.body_html and "\ufffd" not in article.body_html
    assert any(p.level == "info" and "as it declares" in p.message for p in problems)


def test_soft_hyphens_are_taken_out_of_the_words(wordpress) -> None:
    assert "informiert" in wordpress[0].body_html and "\u00ad" not in wordpress[0].body_html


# ---------------------------------------------------------------------------------------------
# Decoding

def test_a_long_page_with_a_few_latin1_letters_is_not_read_as_broken_utf8() -> None:
    # few bad bytes in a long page once meant "UTF-8 with a few errors": every ä became \ufffd
    page = ('<html><head><meta charset="iso-8859-1"><title>x</title></head><body>'
            + "<p>" + "plain ascii text " * 2000 + "</p><p>Gr\xfc\xdfe aus M\xfcnchen</p></body></html>")
    raw, problems = read_seed("page.html", page.encode("latin-1"))
    assert "Grüße aus München" in raw.body and "\ufffd" not in raw.body
    assert [p.level for p in problems] == ["info"]


@pytest.mark.parametrize(("head", "expected"), [
    ('<meta charset="windows-1252">', "cp1252"),
    ("<meta http-equiv='Content-Type' content='text/html; charset=ISO-8859-1'>", "cp1252"),  # as browsers read it
    ('<meta http-equiv="Content-Type" content="text/html; charset=Windows-1250">', "cp1250"),
    ('<?xml version="1.0" encoding="gb2312"?>', "gb18030"),
    ('<meta charset="utf-8">', None),  # a file that says UTF-8 and is not: the UTF-8 path decides
    ('<meta charset="no-such-encoding">', None),
    ("<title>none declared</title>", None),
])
def test_the_declared_charset_is_read(head: str, expected: str | None) -> None:
    assert declared_charset(f"<html><head>{head}</head><body></body></html>".encode()) == expected


def test_a_page_whose_document_starts_after_kilobytes_of_scripts_is_a_page() -> None:
    late = ("<!-- saved from url=(0030)http://example.com/blog/post -->\n"
            + "<script>var ad = 1;</script>\n" * 300 + "<div><script>counter()</script></div>\n"
            + "<html><head><title>Post</title></head><body><p>Text.</p></body></html>")
    assert detect_format("post.html", late) == "page"
    about_tags = "A post about HTML.\n\n" + "Some prose. " * 400 + "\n\n```\n<html><head></head><body></body></html>\n```\n"
    assert detect_format("post.md", about_tags) != "page"  # prose first: a page's tags quoted, not a page


# ---------------------------------------------------------------------------------------------
# Pruning before trafilatura

def test_class_selectors_match_at_the_start_of_a_word() -> None:
    prune = (Selectors("t", ["[class*=side]"]),)
    aside = "<div class='side-note'><p>Subscribe to the weekly letter for every story in your inbox each week.</p></div>"
    inside = "<div class='inside-story'><p>An unplanned visit by the minister ended the negotiations early that day.</p></div>"
    fragment, _ = to_fragment(story_page(aside + inside), "page", prune)
    assert "Subscribe" not in fragment and "unplanned visit" in fragment


def test_no_selector_takes_the_article_or_most_of_the_page() -> None:
    prune = (Selectors("t", ["[class*=share]"]),)
    fragment, _ = to_fragment(story_page(article_class="post no-share"), "page", prune)
    assert all(f"Paragraph {i} " in fragment for i in range(6))
    wrapped = story_page().replace("<article class='story'>", "<div class='share-wrapper'><div class='story'>")
    fragment, _ = to_fragment(wrapped.replace("</article>", "</div></div>"), "page", prune)
    assert all(f"Paragraph {i} " in fragment for i in range(6))


# ---------------------------------------------------------------------------------------------
# The text extraction decides, the markup extraction dresses

def test_images_stay_where_they_stood_and_links_and_emphasis_stay_on_their_words() -> None:
    inside = ('<p><img src="https://example.com/plant.jpg" alt="The plant"></p>'
              '<p>The plant was built by <a href="https://e.com/tsmc">TSMC</a> with <b>record</b> subsidies.</p>')
    fragment, _ = to_fragment(story_page(inside), "page")
    assert fragment.index("plant.jpg") < fragment.index("The plant was built")
    assert '<a href="https://e.com/tsmc">TSMC</a>' in fragment and "<strong>record</strong>" in fragment


def test_a_page_trafilatura_finds_no_text_in_is_cleaned_whole() -> None:
    fragment, _ = to_fragment("<html><body><nav><a href='/'>Home</a></nav></body></html>", "page")
    assert "Home" in fragment
