"""Topics, entities, related articles and first-mention links: the seeds and the matching rules."""
from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup

from conftest import ALL_SEEDS, SEED_000, SEED_001, SEED_002, SEED_003, seed_bytes
from newsroom.config.taxonomy import Matcher, Term, build_taxonomy
from newsroom.model import Article, TopicHit
from newsroom.seed.analyse import ROOT_MARK, analyse
from newsroom.seed.process import process_seed
from newsroom.site.archive import assemble, sort_key
from newsroom.site.related import related_urls


@pytest.fixture(scope="module")
def seeds(rules) -> dict[str, Article]:
    articles = {}
    for name in ALL_SEEDS:
        article, _ = process_seed(name, seed_bytes(name), rules)
        articles[name] = article
    return articles


@pytest.mark.parametrize(("name", "topics"), [
    (SEED_000, {"softbank", "ai", "semiconductors"}),
    (SEED_001, {"ai", "quantum", "semiconductors"}),
    (SEED_002, {"semiconductors", "ai"}),
    (SEED_003, {"softbank", "ai"}),
])
def test_topics_of_the_seeds(seeds, name: str, topics: set[str]) -> None:
    assert {hit.slug for hit in seeds[name].topics} == topics


@pytest.mark.parametrize(("name", "present", "absent"), [
    (SEED_000, {"softbank", "masayoshi-son", "donald-trump", "openai", "vision-fund", "arm", "elon-musk", "amazon"},
     {"oracle", "ibm", "rapidus"}),
    (SEED_001, {"ibm", "nvidia", "amazon", "arm", "softbank", "microsoft", "rapidus", "us-commerce", "mext"},
     {"donald-trump", "oracle"}),
    (SEED_002, {"meti", "rapidus", "sanae-takaichi"}, {"softbank", "arm", "openai"}),
    (SEED_003, {"softbank", "masayoshi-son", "openai", "oracle", "stargate", "donald-trump", "nvidia",
                "sam-altman", "larry-ellison", "elon-musk", "wework", "ampere"}, {"ibm", "arm"}),
])
def test_entities_of_the_seeds(seeds, name: str, present: set[str], absent: set[str]) -> None:
    entities = set(seeds[name].entities)
    assert present <= entities
    assert not absent & entities


def test_related_order_of_the_seeds(seeds) -> None:
    archive, _ = assemble(list(seeds.values()), set())
    related = {a.seed: a.related for a in archive.articles}
    url = {a.seed: a.url for a in archive.articles}
    assert related[SEED_000][0] == url[SEED_003]
    assert related[SEED_003][0] == url[SEED_000]
    assert all(url[name] not in related[name] for name in ALL_SEEDS)
    assert all(len(r) <= 5 for r in related.values())


# ----- matching rules ---------------------------------------------------------------------------

def terms(*specs: tuple[str, list[str]]) -> Matcher:
    return Matcher(tuple(Term(slug, slug, slug, tuple(aliases)) for slug, aliases in specs))


def found(matcher: Matcher, text: str) -> list[tuple[str, str]]:
    return [(term.slug, text[start:end]) for term, start, end in matcher.finditer(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("AI is here", [("ai", "AI")]),
    ("he said MAIN things", []),            # no match inside words
    ("OpenAI raised money", []),            # nor at the end of another word
    ("AI用半导体和生成式AI时代", [("ai", "AI"), ("ai", "AI")]),  # Chinese around Latin is a boundary
    ("the ai of it", []),                   # an alias with capitals matches only as written
    ("SoftBank’s plan", [("softbank", "SoftBank")]),
    ("A.I. again", [("ai", "A.I.")]),
])
def test_latin_aliases_match_whole_words_as_written(text: str, expected) -> None:
    assert found(terms(("ai", ["AI", "A.I."]), ("softbank", ["SoftBank"])), text) == expected


def test_lowercase_aliases_match_any_case_and_plurals() -> None:
    matcher = terms(("semi", ["semiconductor", "chip"]))
    assert found(matcher, "Semiconductors and CHIPS and a chipmaker") == [("semi", "Semiconductors"),
                                                                           ("semi", "CHIPS")]


def test_arm_the_company_is_not_every_arm() -> None:
    matcher = terms(("arm", ["Arm", "ARM"]))
    assert found(matcher, "He hurt his arm; Arm and ARM chips; armed forces; Armstrong") == [
        ("arm", "Arm"), ("arm", "ARM")]


def test_chinese_aliases_match_as_substrings_and_overlaps_count_once() -> None:
    matcher = terms(("ai", ["人工智能", "超级人工智能", "AI"]), ("sb", ["软银", "软银集团"]))
    assert found(matcher, "软银集团发展超级人工智能（ASI）和人工智能") == [
        ("sb", "软银集团"), ("ai", "超级人工智能"), ("ai", "人工智能")]


def test_multiword_aliases_span_line_breaks_and_spaces() -> None:
    assert found(terms(("ai", ["artificial intelligence"])), "Artificial\nIntelligence rules") == [
        ("ai", "Artificial\nIntelligence")]


def taxonomy_with(threshold=2, title_weight=3):
    return build_taxonomy(
        {"threshold": threshold, "title_weight": title_weight,
         "topics": [{"slug": "ai", "name": {"zh": "人工智能", "en": "AI"}, "aliases": {"zh": ["人工智能"], "en": ["AI"]}},
                    {"slug": "quantum", "name": {"zh": "量子", "en": "Quantum"}, "aliases": {"zh": ["量子"],
                                                                                       "en": ["quantum"]}}]},
        {"entities": [{"slug": "ibm", "kind": "company", "name": {"zh": "IBM", "en": "IBM"}, "aliases": ["IBM"]}]})


def rules_with():
    from dataclasses import replace as dc_replace

    from newsroom.config.rules import load_rules
    return dc_replace(load_rules(), taxonomy=taxonomy_with())


@pytest.mark.parametrize(("title", "body", "topics"), [
    ("量子计算新进展", "正文没有提到。", {"quantum"}),          # one title mention weighs 3
    ("标题", "量子一次。", set()),                           # one body mention is below the threshold
    ("标题", "量子一次，量子两次。", {"quantum"}),
    ("AI and quantum", "", {"ai", "quantum"}),
])
def test_topic_threshold_and_title_weight(title: str, body: str, topics: set[str]) -> None:
    analysis = analyse(title, body, f"<p>{body}</p>", rules_with())
    assert {hit.slug for hit in analysis.topics} == topics


def test_first_mentions_are_linked_except_in_headings_links_and_code() -> None:
    html = ('<h2>量子 heading</h2><p><a href="https://e.com">量子 link</a> and <code>量子</code></p>'
            '<figure><img src="https://e.com/a.jpg"><figcaption>量子</figcaption></figure>'
            '<p>第一次量子，第二次量子，IBM 和 IBM。</p>')
    analysis = analyse("量子", "量子 量子 量子 IBM", html, rules_with())
    soup = BeautifulSoup(analysis.body_html, "lxml")
    links = [(a["href"], a.get_text()) for a in soup.find_all("a", class_="na-term")]
    assert links == [(f"{ROOT_MARK}topics/quantum/", "量子"), (f"{ROOT_MARK}entities/ibm/", "IBM")]
    assert soup.find_all("p")[1].get_text() == "第一次量子，第二次量子，IBM 和 IBM。"  # text unchanged
    assert soup.h2.find("a") is None and soup.figcaption.find("a") is None


def test_excerpt_is_around_the_strongest_match() -> None:
    body = "First line without it.\nA line about quantum and more quantum computing words here."
    hit = analyse("t", body, "<p>x</p>", rules_with()).topics[0]
    assert hit.excerpt.startswith("A line about quantum") and hit.mentions == 2


def test_related_uses_nearest_in_time_and_never_itself() -> None:
    def art(i: int, topics: tuple[str, ...], entities: tuple[str, ...] = (), day: int = 1) -> Article:
        return Article(seed=f"{i}.md", title=f"T{i}", date=dt.date(2025, 1, day), source=None, author=None,
                       original_url=None, language="en", summary="", body_html="",
                       topics=tuple(TopicHit(t, 3, 3, "") for t in topics), entities=entities, url=f"a/{i}/")
    items = (art(0, ("ai",), ("ibm",), 20), art(1, ("ai",), ("ibm",), 19), art(2, ("ai",), (), 2),
             art(3, ("quantum",), ("ibm",), 20), art(4, (), ("x",), 20))
    related = related_urls(items)
    assert related[0] == ("a/1/", "a/2/")  # shares topic+entity and is a day away; then the topic only
    assert related[3] == ()  # one shared entity is not enough
    assert related[4] == ()


def test_related_looks_only_at_a_window_of_neighbours(monkeypatch) -> None:
    # One topic shared by 3,000 articles: each article scores only its WINDOW nearest neighbours in time
    # on each feature, never all 2,999 others, so the work grows linearly with the archive.
    from newsroom.site import related as related_module
    monkeypatch.setattr(related_module, "WINDOW", 3)
    items = tuple(Article(seed=f"{i}", title=f"T{i}", date=dt.date(2020, 1, 1) + dt.timedelta(days=i),
                          source=None, author=None, original_url=None, language="en", summary="", body_html="",
                          topics=(TopicHit("ai", 3, 3, ""),), url=f"a/{i}/") for i in range(3000))
    result = related_urls(items)
    assert set(result[1500]) <= {f"a/{i}/" for i in range(1497, 1504)}
    assert result[1500][:2] in (("a/1499/", "a/1501/"), ("a/1501/", "a/1499/"))
    assert len(result[0]) == 3  # the first article has neighbours on one side only


def test_related_updated_from_the_last_build_equals_related_worked_out_afresh(monkeypatch) -> None:
    """Articles added, removed and edited in many small steps: the updated lists are the full ones."""
    import dataclasses
    import random

    from newsroom.site import related as related_module
    monkeypatch.setattr(related_module, "WINDOW", 3)  # small windows: edits reach past their edges
    chance = random.Random(6)
    topics, entities = ("ai", "chips", "quantum"), ("ibm", "tsmc", "softbank", "japan")

    def art(i: int) -> Article:  # few dates, so the title often decides the order (and an edit may move it)
        return Article(seed=f"{i}.md", title=f"T{chance.randrange(1000)}",
                       date=dt.date(2024, 1, 1) + dt.timedelta(days=chance.randrange(20)),
                       source=None, author=None, original_url=None, language="en", summary="", body_html="",
                       topics=tuple(TopicHit(t, 3, 3, "") for t in chance.sample(topics, chance.randrange(3))),
                       entities=tuple(chance.sample(entities, chance.randrange(3))), url=f"a/{i}/")

    def ordered(items: dict[int, Article]) -> tuple[Article, ...]:
        return tuple(sorted(items.values(), key=sort_key))  # archive order, as the archive stage sorts

    live = {i: art(i) for i in range(120)}
    state = related_module.related_state(ordered(live), frozenset({"japan"}))
    next_id = 120
    for _ in range(40):
        for _ in range(chance.randrange(1, 4)):
            action = chance.choice(("add", "remove", "edit", "retitle"))
            if action == "add":
                live[next_id] = art(next_id)
                next_id += 1
            elif action == "remove":
                live.pop(chance.choice(sorted(live)))
            elif action == "edit":
                victim = chance.choice(sorted(live))
                live[victim] = art(victim)
            else:  # the same URL, date and features: only its place among same-day articles moves
                victim = chance.choice(sorted(live))
                live[victim] = dataclasses.replace(live[victim], title=f"T{chance.randrange(1000)}")
        articles = ordered(live)
        state = related_module.related_state(articles, frozenset({"japan"}), previous=state)
        assert list(state.related) == related_urls(articles, frozenset({"japan"}))


def _dated(i: int, topics: tuple[str, ...], entities: tuple[str, ...] = (), date: dt.date | None = None) -> Article:
    return Article(seed=f"{i}.md", title=f"T{i}", date=date, source=None, author=None, original_url=None,
                   language="en", summary="", body_html="", topics=tuple(TopicHit(t, 3, 3, "") for t in topics),
                   entities=entities, url=f"a/{i}/")


def test_related_weighs_shared_subjects_against_closeness_in_time() -> None:
    day = dt.date(2025, 6, 1)
    items = (_dated(0, ("ai",), ("ibm", "japan"), day),
             _dated(1, ("ai",), ("japan",), day - dt.timedelta(days=365)),  # topic and a place, a year apart
             _dated(2, ("ai",), (), day),  # the topic only, the same day: closeness outweighs a place
             _dated(3, ("ai",), ("ibm",), day - dt.timedelta(days=365)),  # topic and a company: outweighs a day
             _dated(4, (), ("ibm",), day),  # one shared company is not enough, however close
             _dated(5, (), ("ibm", "japan"), day))  # nor a company and a place
    related = related_urls(items, frozenset({"japan"}))
    assert related[0] == ("a/3/", "a/2/", "a/1/")
    assert related[4] == () and related[5] == ()
    assert related[2][0] == "a/0/"  # the newest article is someone's neighbour too


def test_undated_articles_are_related_after_dated_ones_of_the_same_score() -> None:
    items = (_dated(0, ("ai",), (), dt.date(2025, 1, 1)), _dated(1, ("ai",), ()),
             _dated(2, ("ai",), (), dt.date(2020, 1, 1)))
    assert related_urls(items)[0] == ("a/2/", "a/1/")


def test_related_lists_are_worked_out_again_when_the_places_change() -> None:
    from newsroom.site.related import method_digest
    assert method_digest(frozenset({"japan"})) != method_digest(frozenset())
    assert method_digest(frozenset({"japan"})) == method_digest(frozenset({"japan"}))
    assert method_digest(frozenset({"a", "bc"})) != method_digest(frozenset({"ab", "c"}))  # "abc" run together


def test_three_shared_companies_outweigh_one_shared_topic() -> None:
    day = dt.date(2025, 6, 1)
    items = (_dated(0, ("ai",), ("ibm", "tsmc", "sony"), day), _dated(1, ("ai",), (), day),
             _dated(2, (), ("ibm", "tsmc", "sony"), day))
    assert related_urls(items)[0] == ("a/2/", "a/1/")


def test_one_new_article_ranks_only_its_neighbours_again(monkeypatch) -> None:
    """A build that adds one seed to a large archive must not redo every related list (the cached build's time)."""
    from newsroom.site import related as related_module
    monkeypatch.setattr(related_module, "WINDOW", 3)
    articles = tuple(_dated(i, ("ai" if i % 2 else "chips",), (), dt.date(2024, 1, 1) + dt.timedelta(days=i))
                     for i in range(400, 0, -1))
    added = (_dated(1000, ("ai",), (), dt.date(2025, 6, 1)), *articles)
    state, afresh = related_module.related_state(articles), related_urls(added)
    ranked = []
    real_ranked = related_module._ranked
    monkeypatch.setattr(related_module, "_ranked", lambda index, *rest: ranked.append(index) or real_ranked(index, *rest))
    assert list(related_module.related_state(added, previous=state).related) == afresh
    assert 1 < len(ranked) <= 2 * (3 + 1) + 1  # the new article and the neighbours whose windows reach it


@pytest.mark.parametrize(("text", "expected"), [
    ("xAI raises money; AI grows", [("ai", "AI")]),  # a one-letter prefix still makes another word
    ("İstanbul chips", [("chips", "chips")]),  # a letter whose lower case is longer does not shift the match
    ("İİİ CHIPS and Chips", [("chips", "CHIPS"), ("chips", "Chips")]),
])
def test_matches_stay_on_the_words_they_name(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(terms(("ai", ["AI"]), ("chips", ["chips"])), text) == expected


def test_two_terms_matching_the_same_words_give_the_first_by_slug() -> None:
    matcher = terms(("zeta", ["acme"]), ("alpha", ["Acme"]))  # one matched in any case, one as written
    assert found(matcher, "Acme rises") == [("alpha", "Acme")]


def test_a_topic_named_only_in_the_title_has_the_title_as_its_excerpt() -> None:
    (hit,) = analyse("量子计算新进展", "正文没有提到。", "<p>正文没有提到。</p>", rules_with()).topics
    assert hit.excerpt == "量子计算新进展"


def test_an_excerpt_starts_and_ends_on_whole_words() -> None:
    line = ("Researchers in several laboratories around the world reported that quantum computers with many more "
            "qubits now run quantum chemistries faster than classical supercomputers can manage today")
    (hit,) = analyse("t", line, "<p>x</p>", rules_with()).topics
    assert hit.excerpt == "…the world reported that quantum computers with many more qubits now run quantum…"


@pytest.mark.parametrize(("html", "linked"), [
    ("<p><b>x</b>AI is here. AI again.</p>", '<p><b>x</b>AI is here. <a class="na-term" href="@@root@@/topics/ai/">AI</a>'
                                             ' again.</p>'),  # glued to the letter before it
    ("<p>We use AI<b>y</b> and AI.</p>", '<p>We use AI<b>y</b> and <a class="na-term" href="@@root@@/topics/ai/">AI</a>'
                                         '.</p>'),  # glued to the letter after it
    ("<p>We use AI</p><p>yes, AI.</p>", '<p>We use <a class="na-term" href="@@root@@/topics/ai/">AI</a></p>'
                                        '<p>yes, AI.</p>'),  # the next paragraph is not glued
])
def test_a_mention_glued_to_letters_in_the_next_tag_is_not_linked(html: str, linked: str) -> None:
    assert analyse("t", "AI AI", html, rules_with()).body_html == linked


def test_an_article_with_nothing_to_mark_keeps_its_html_byte_for_byte() -> None:
    assert analyse("t", "nothing here", "<p>a &amp; b<br>c</p>", rules_with()).body_html == "<p>a &amp; b<br>c</p>"


@pytest.mark.parametrize(("body_html", "marked", "anchor"), [
    ("<p>软银投资100亿美元。</p>", '<span class="na-figure" id="figure-1">100亿美元</span>', "figure-1"),
    ("<p>软银投资<b>100亿</b>美元。</p>", '<p id="figure-1">', "figure-1"),  # split by a tag: its paragraph
    ("<p>软银大举投资。</p>", None, ""),  # not in the HTML at all: no anchor to link to
])
def test_each_figure_gets_an_anchor_where_it_stands(body_html: str, marked: str | None, anchor: str, rules) -> None:
    analysis = analyse("t", "软银投资100亿美元。", body_html, rules)
    assert [f.anchor for f in analysis.figures] == [anchor]
    assert marked is None or marked in analysis.body_html
    assert "id=" not in analysis.body_html if marked is None else True


def test_a_three_character_publication_name_is_no_mention_of_what_it_contains(rules) -> None:
    analysis = analyse("t", "中国网北京讯 软银投资。", "<p>中国网北京讯 软银投资。</p>", rules, source="中国网")
    assert analysis.entities == ("softbank",)


def test_at_equal_scores_the_nearer_in_time_comes_first() -> None:
    day = dt.date(2025, 6, 1)
    items = (_dated(0, ("ai",), ("japan",), day),
             _dated(1, ("ai",), ("japan",), day - dt.timedelta(days=30)),  # 2.5 shared + 0.5 for a month: 3.0
             _dated(2, ("ai",), (), day))  # 2.0 shared + 1.0 for the same day: 3.0
    assert related_urls(items, frozenset({"japan"}))[0] == ("a/2/", "a/1/")
