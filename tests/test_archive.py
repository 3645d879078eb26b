"""Stage 4: stable, readable URLs; duplicates merged; slug overrides that cannot escape."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from newsroom.model import Article, TopicHit
from newsroom.site.archive import assemble, identity


def art(seed: str, title: str = "Chips in Japan", date=dt.date(2025, 1, 2), url: str | None = None,
        body: str = "<p>x</p>", slug: str | None = None) -> Article:
    return Article(seed=seed, title=title, date=date, source=None, author=None, original_url=url, language="en",
                   summary="", body_html=body, slug=slug)


def urls(articles, reserved=frozenset()) -> dict[str, str]:
    archive, _ = assemble(list(articles), set(reserved))
    return {a.seed: a.url for a in archive.articles}


def test_url_is_readable_and_dated() -> None:
    url = urls([art("a.md", title="孙正义承诺投资，科技界争相拜会特朗普", date=dt.date(2024, 12, 18))])["a.md"]
    assert url.startswith("articles/2024/12/孙正义承诺投资-科技界争相拜会特-") and url.endswith("/")  # 32 columns


def test_undated_articles_live_under_undated() -> None:
    assert urls([art("a.md", date=None)])["a.md"].startswith("articles/undated/chips-in-japan-")


def test_url_survives_body_edits_and_other_seeds_coming_and_going() -> None:
    first = urls([art("a.md", url="https://e.com/1")])["a.md"]
    assert urls([art("a.md", url="https://e.com/1", body="<p>edited</p>")])["a.md"] == first
    crowd = [art(f"{i}.md", title=f"Other {i}", url=f"https://e.com/o{i}") for i in range(50)]
    assert urls([art("a.md", url="https://e.com/1"), *crowd])["a.md"] == first


def test_same_title_and_date_get_two_stable_urls() -> None:
    alone = urls([art("a.md", url="https://e.com/1")])["a.md"]
    both = urls([art("a.md", url="https://e.com/1"), art("b.md", url="https://e.com/2")])
    assert len(set(both.values())) == 2
    assert both["a.md"] == alone


def test_long_titles_are_cut_at_a_word() -> None:
    url = urls([art("a.md", title="Japanese investment firm SoftBank is considering investing over $1 trillion")])
    assert url["a.md"].split("/")[3].startswith("japanese-investment-firm-")  # "softbank" would pass 32 columns


def test_same_original_url_publishes_one_and_reports_the_other() -> None:
    a = art("a.md", url="https://e.com/story?utm_source=x#top")
    b = art("b.md", url="http://www.e.com/story/", body="<p>longer body wins</p>")
    archive, problems = assemble([a, b], set())
    assert [x.seed for x in archive.articles] == ["b.md"]
    assert [(o.seed, o.status) for o in archive.outcomes] == [("a.md", "merged"), ("b.md", "published")]
    assert problems[0].seed == "a.md" and "seeds/b.md" in problems[0].message


def test_identity_keeps_the_parameters_that_name_the_article() -> None:
    wechat = "https://mp.weixin.qq.com/s?__biz=MzA3&mid=265&idx=2&sn=c54&chksm=8711&scene=58#rd"
    assert identity(art("a", url=wechat)) == identity(art("b", url=wechat.replace("scene=58", "scene=21")))
    assert identity(art("a", url=wechat)) != identity(art("b", url=wechat.replace("idx=2", "idx=1")))


def test_slug_override() -> None:
    assert urls([art("a.md", slug="my-story")])["a.md"] == "articles/my-story/"


@pytest.mark.parametrize("slug", ["../../etc/passwd", "/abs/path", "a/b", "..", "x" * 150, "-lead", "a b"])
def test_slug_that_leaves_its_folder_is_refused(slug: str) -> None:
    archive, problems = assemble([art("a.md", slug=slug)], set())
    assert archive.articles[0].url.startswith("articles/2025/01/chips-in-japan-")
    assert problems and "slug" in problems[0].message


def test_slug_that_takes_another_page_is_refused() -> None:
    archive, problems = assemble([art("a.md", slug="taken"), art("b.md", title="B", slug="taken")],
                                 {"articles/other.md"})
    assert {a.seed: a.url for a in archive.articles}["a.md"] == "articles/taken/"  # first file keeps it
    assert len(problems) == 1 and "another page" in problems[0].message
    archive, problems = assemble([art("a.md", slug="other")], {"articles/other.md"})
    assert archive.articles[0].url != "articles/other/" and problems


def test_order_is_newest_first_undated_last_and_independent_of_input_order() -> None:
    items = [art("old.md", "Old", dt.date(2020, 1, 1)), art("new.md", "New", dt.date(2025, 1, 1)),
             art("none.md", "None", None)]
    forward, _ = assemble(items, set())
    backward, _ = assemble(items[::-1], set())
    assert [a.seed for a in forward.articles] == ["new.md", "old.md", "none.md"]
    assert forward == backward


@pytest.mark.parametrize("slug", ["index", "README", "readme"])
def test_a_slug_that_would_replace_the_articles_index_is_refused(slug: str) -> None:
    archive, problems = assemble([art("a.md", slug=slug)], set())
    assert archive.articles[0].url.startswith("articles/2025/01/chips-in-japan-")
    assert "not be index or README" in problems[0].message


def test_a_slug_that_is_a_hand_written_folder_is_refused() -> None:
    archive, problems = assemble([art("a.md", slug="guide")], {"articles/guide/index.md"})
    assert archive.articles[0].url != "articles/guide/" and "another page" in problems[0].message


def test_of_two_copies_the_dated_one_is_published_even_if_shorter() -> None:
    dated = art("b.md", url="https://e.com/1")
    undated = art("a.md", url="https://e.com/1", date=None, body="<p>a much longer body than the other</p>")
    archive, _ = assemble([undated, dated], set())
    assert [a.seed for a in archive.articles] == ["b.md"]


def test_a_url_carries_a_six_character_id_unless_two_would_clash() -> None:
    url = urls([art("a.md", url="https://e.com/1")])["a.md"]
    assert len(url.rstrip("/").rsplit("-", 1)[1]) == 6


def test_related_articles_are_remembered_between_builds_by_the_places_they_weigh() -> None:
    items = [art("a.md", url="https://e.com/1"), art("b.md", title="B", url="https://e.com/2")]
    items = [dataclasses.replace(a, topics=(TopicHit("ai", 3, 3, ""),)) for a in items]
    memo: dict[str, object] = {}
    first, _ = assemble(items, set(), frozenset({"japan"}), memo=memo)
    assert len(memo) == 1 and [a.related for a in first.articles] == [(first.articles[1].url,),
                                                                      (first.articles[0].url,)]
    again, _ = assemble(items, set(), frozenset({"japan"}), memo=memo)
    assert again == first and len(memo) == 1
    assemble(items, set(), frozenset(), memo=memo)  # other places: worked out again, kept under another key
    assert len(memo) == 2
