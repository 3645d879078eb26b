"""The gazetteer's payers and receivers (issue 15): the institutions money news names find their entity,
and the aliases kept out because they are words or other bodies' names do not."""
from __future__ import annotations

import pytest

from newsroom.config.rules import Rules


def found(rules: Rules, text: str) -> list[tuple[str, str]]:
    return [(term.slug, text[start:end]) for term, start, end in rules.taxonomy.entity_matcher.finditer(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("美联储和欧洲央行维持利率不变", [("federal-reserve", "美联储"), ("ecb", "欧洲央行")]),
    ("聯準會與日本央行", [("federal-reserve", "聯準會"), ("bank-of-japan", "日本央行")]),
    ("The Fed and the IMF", [("federal-reserve", "Fed"), ("imf", "IMF")]),
    ("亚投行向印尼贷款", [("aiib", "亚投行"), ("indonesia", "印尼")]),
    ("高盛、摩根士丹利和贝莱德", [("goldman-sachs", "高盛"), ("morgan-stanley", "摩根士丹利"), ("blackrock", "贝莱德")]),
    ("沙特阿美与沙特公共投资基金", [("saudi-aramco", "沙特阿美"), ("pif", "沙特公共投资基金")]),
    # the longer name wins: another body than the short one inside it
    ("京东方与京东", [("boe", "京东方"), ("jd-com", "京东")]),
    ("新加坡金管局与香港金管局", [("mas", "新加坡金管局"), ("hkma", "香港金管局")]),
    ("香港证监会与中国证监会", [("hk-sfc", "香港证监会"), ("csrc", "中国证监会")]),
    ("美国国务院与中国国务院", [("us-state-department", "美国国务院"), ("state-council", "中国国务院")]),
    ("欧盟委员会", [("european-commission", "欧盟委员会")]),
])
def test_institutions_are_found(rules: Rules, text: str, expected) -> None:
    assert found(rules, text) == expected


@pytest.mark.parametrize(("text", "absent"), [
    # bare 高通 is left out: the segmenter does not keep it out of 高通胀 (high inflation)
    ("美国即将经历一轮高通胀", "qualcomm"),
    ("人行道与丽人行", "pboc"),  # 人行, a short name of the central bank, is inside common words
    ("美国银行业危机", "bank-of-america"),  # 美国银行 is also the start of the American banks
    ("珠海市国资委与保定市发改委", "sasac"),  # local offices, not the national ones
    ("珠海市国资委与保定市发改委", "ndrc"),
])
def test_words_and_local_offices_are_no_institution(rules: Rules, text: str, absent: str) -> None:
    assert absent not in {slug for slug, _ in found(rules, text)}
