"""Aliases match at word boundaries (issue 16, item 12): a short Chinese alias not inside a longer word
(东大 in 股东大会), a Latin one not beside an accented letter (Arm in Armée)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from newsroom.config.taxonomy import Matcher, Term
from newsroom.seed.analyse import analyse

HOOKS = Path(__file__).resolve().parent.parent / "hooks"


def found(matcher: Matcher, text: str) -> list[tuple[str, str]]:
    return [(term.slug, text[start:end]) for term, start, end in matcher.finditer(text)]


def test_university_of_tokyo_is_not_in_a_shareholders_meeting(rules) -> None:
    text = "格力电器将于下月召开临时股东大会，审议董事会的提名。"
    analysis = analyse("格力电器召开股东大会", text, f"<p>{text}</p>", rules)
    assert "university-of-tokyo" not in analysis.entities
    assert "entities/university-of-tokyo/" not in analysis.body_html


def test_university_of_tokyo_is_found_where_a_sentence_names_it(rules) -> None:
    text = "他在股东大会上说，他毕业于东大。"
    analysis = analyse("t", text, f"<p>{text}</p>", rules)
    assert "university-of-tokyo" in analysis.entities
    assert analysis.body_html == ('<p>他在股东大会上说，他毕业于'
                                  '<a class="na-term" href="@@root@@/entities/university-of-tokyo/">东大</a>。</p>')


@pytest.mark.parametrize(("text", "expected"), [
    # inside a longer word: not a mention; beside it, the same alias still is
    ("小米和三星在股东大会上", [("xiaomi", "小米"), ("samsung", "三星")]),
    ("山东大学与东大合作", [("university-of-tokyo", "东大")]),
    ("美国对华为的制裁也波及欧美国家", [("united-states", "美国"), ("huawei", "华为")]),  # jieba cuts 对华/为
    ("发展中国家与中国政府", [("china", "中国")]),
    ("中国台湾地区，其中国有企业", [("china", "中国"), ("taiwan", "台湾")]),
    ("国务院台湾事务办公室说，南美国家", [("state-council", "国务院"), ("taiwan", "台湾")]),  # a word inside a long name is still one
    ("继美国务院之后，百度和腾讯在股东大会", [("united-states", "美国"), ("baidu", "百度"), ("tencent", "腾讯")]),
])
def test_short_chinese_aliases_match_at_word_boundaries(rules, text: str, expected) -> None:
    assert found(rules.taxonomy.entity_matcher, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Les chars de l'Armée française", []),
    ("L'ARMÉE DE TERRE", []),
    ("Armádní technika", []),
    ("Arm, ARM和Arm的芯片；Arm의 설계, l'Armée", [("arm", "Arm"), ("arm", "ARM"), ("arm", "Arm"), ("arm", "Arm")]),
    ("ÐArm and éArm", []),  # nor after an accented letter
])
def test_latin_aliases_end_at_unicode_word_edges(text: str, expected) -> None:
    assert found(Matcher((Term("arm", "Arm", "Arm", ("Arm", "ARM")),)), text) == expected


def test_an_accented_letter_in_the_next_tag_glues_a_mention(rules) -> None:
    text = "Arm Arm"
    analysis = analyse("t", text, "<p><b>Arm</b>ée et Arm.</p>", rules)
    assert analysis.body_html == '<p><b>Arm</b>ée et <a class="na-term" href="@@root@@/entities/arm/">Arm</a>.</p>'


def test_the_segmenter_loads_only_for_a_short_chinese_alias_between_chinese_characters() -> None:
    script = """
import sys
from newsroom.config.taxonomy import Matcher, Term
matcher = Matcher((Term("cn", "中国", "China", ("中国", "China")),))
list(matcher.finditer("China and 中国, (中国) 中国"))
assert "jieba" not in sys.modules, "loaded for no reason"
assert [t.slug for t, _, _ in matcher.finditer("在中国的工厂")] == ["cn"]
assert "jieba" in sys.modules
"""
    subprocess.run([sys.executable, "-c", script], check=True, env={"PYTHONPATH": str(HOOKS)})
