"""money.yml and rates.yml as the figure finder uses them: US-dollar values by the article's year, and
the grammar's words (Latin words whole, never inside another word)."""
from __future__ import annotations

import pytest

from newsroom.config.money import _alternation, _marker_regex
from newsroom.config.rules import Rules


@pytest.mark.parametrize(("currency", "year", "usd"), [
    ("USD", 2016, 100.0), ("USD", None, 100.0),
    ("JPY", 2016, 100 / 108.8), ("JPY", 2010, 100 / 108.8),  # before the table: its first year
    ("JPY", 2025, 100 / 150.0), ("JPY", 2031, 100 / 150.0), ("JPY", None, 100 / 150.0),  # undated: its last
    ("JPY", 2020, 100 / 106.8), ("XYZ", 2020, None),
])
def test_dollars_by_the_rate_of_the_year(rules: Rules, currency: str, year: int | None, usd: float | None) -> None:
    assert rules.money.usd(100.0, currency, year) == (pytest.approx(usd) if usd is not None else None)


@pytest.mark.parametrize(("text", "found"), [
    ("USD 5", "USD"), ("xUSD 5", None), ("5 USDx", None), ("5 US dollars", "US  dollars"), ("5美元", "美元"),
    ("5 million", "million"), ("5 millions", None),
])
def test_latin_words_of_the_grammar_stand_alone(text: str, found: str | None) -> None:
    import re
    pattern = re.compile(_alternation(["USD", "US dollars", "美元", "million", "mil"]))
    match = pattern.search(text.replace("US dollars", "US  dollars"))
    assert (match.group(0) if match else None) == found


@pytest.mark.parametrize(("before", "found"), [
    ("软银向", True), ("软银向 ", True), ("向软银", False),
    ("invested in ", True), ("invested in the new ", True), ("in one two three four five ", False),
    ("within ", False), ("IN ", True), ("in", False),
])
def test_a_marker_stands_right_before_a_mention(before: str, found: bool) -> None:
    assert bool(_marker_regex(["向", "in"]).search(before)) is found
