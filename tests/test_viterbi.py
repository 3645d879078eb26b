"""config/viterbi.py against jieba's own part-of-speech Viterbi: the same probability to the bit and the
same states, on the runs jieba's tagger hands it in the seeds and the fixtures and on odd strings; and the
tagger over it (config/chinese_words.py: `tagger`) gives jieba's words and tags."""
from __future__ import annotations

import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jieba.posseg
import pytest
from jieba.posseg.viterbi import viterbi as jiebas_viterbi

from newsroom.config import viterbi as ours
from newsroom.config.chinese_words import segmenter, tagger

ROOT = Path(__file__).resolve().parent.parent
TABLES = (jieba.posseg.char_state_tab_P, jieba.posseg.start_P, jieba.posseg.trans_P, jieba.posseg.emit_P)
_CLAUSE_ENDS = re.compile(r"[。！？；，、：,.;:!?\n]")


def _clauses() -> list[str]:
    """The clauses of the seeds and of the fixtures' articles, each once, the tags and markup left in."""
    fixtures = ROOT / "tests" / "fixtures"
    paths = [*sorted((ROOT / "seeds").glob("*.txt")), *sorted((fixtures / "shapes").glob("*.[tm][xd]*")),
             *sorted((fixtures / "scraped").glob("*.md"))]
    found: dict[str, None] = {}
    for path in paths:
        for clause in _CLAUSE_ENDS.split(path.read_text(encoding="utf-8", errors="replace")):
            if re.search("[\u4e00-\u9fd5]", clause):
                found[clause.strip()] = None
    return list(found)


CLAUSES = _clauses()

# Strings the tagger would not hand it but jieba's function takes: a character outside jieba's table has
# all 256 states (the widest steps), and ties are many once a sum holds jieba's -3.14e100.
ODD = ["中", "的", "了", "龘", "𠀀", "A", "7", "，", "。。。", "……", "——", "Ａ", "😀", "ab", "x的", "的x", "中国",
       "龘龘", "2024年", "OpenAI投资", "投资OpenAI", "第3季度", "GPU芯片", "孙正义说：“好”", "、、", "（完）",
       "【关闭】", "一一一一一一", "的的的的", "特朗普特朗普", "甲乙丙丁戊己庚辛壬癸", "亚利桑那州凤凰城", "龘中龘国龘",
       "  ", "\n"]


@pytest.fixture
def no_memo() -> Iterator[None]:
    """Each answer worked out, not one the memo kept from another test."""
    ours._tables_for(*TABLES).memo.clear()
    yield
    ours._tables_for(*TABLES).memo.clear()


def _same(theirs: tuple[float, list[Any]], mine: tuple[float, list[Any]]) -> bool:
    return theirs[0].hex() == mine[0].hex() and theirs[1] == mine[1]


def _runs(monkeypatch: pytest.MonkeyPatch) -> tuple[list[tuple[str, tuple[float, list[Any]]]], Any]:
    """jieba's own tagger over the same dictionary, and each run it hands its Viterbi with the answer."""
    seen: list[tuple[str, tuple[float, list[Any]]]] = []

    def recorded(obs: str, *tables: Any) -> tuple[float, list[Any]]:
        answer = jiebas_viterbi(obs, *tables)
        seen.append((obs, answer))
        return answer

    monkeypatch.setattr(jieba.posseg, "viterbi", recorded)
    plain = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
    plain.tokenizer, plain.word_tag_tab = segmenter(), jieba.posseg.dt.word_tag_tab
    return seen, plain


def test_the_runs_of_the_seeds_and_fixtures_get_jiebas_answers(monkeypatch: pytest.MonkeyPatch, no_memo: None) -> None:
    seen, plain = _runs(monkeypatch)
    for clause in CLAUSES:
        list(plain.cut(clause, HMM=True))
    assert len(seen) > 300
    wrong = [obs for obs, answer in seen if not _same(answer, ours.viterbi(obs, *TABLES))]
    assert not wrong
    # the memo's answers are the same, in lists of their own
    obs, answer = seen[0]
    again, again_too = ours.viterbi(obs, *TABLES), ours.viterbi(obs, *TABLES)
    assert _same(answer, again) and _same(answer, again_too) and again[1] is not again_too[1]


@pytest.mark.parametrize("text", ODD)
def test_odd_strings_get_jiebas_answers(text: str, no_memo: None) -> None:
    assert _same(jiebas_viterbi(text, *TABLES), ours.viterbi(text, *TABLES))


def test_an_empty_string_fails_as_in_jieba() -> None:
    for viterbi in (jiebas_viterbi, ours.viterbi):
        with pytest.raises(IndexError):
            viterbi("", *TABLES)


def test_prefixes_and_suffixes_get_jiebas_answers(no_memo: None) -> None:
    runs = {run for clause in CLAUSES[::7] for run in re.findall("[\u4e00-\u9fd5]+", clause)}
    pieces = sorted({piece for run in runs for piece in (run[:1], run[:2], run[:3], run[-2:], run[1:6]) if piece})
    wrong = [piece for piece in pieces if not _same(jiebas_viterbi(piece, *TABLES), ours.viterbi(piece, *TABLES))]
    assert len(pieces) > 200 and not wrong


def test_the_tagger_gives_jiebas_words_and_tags_without_jiebas_viterbi(monkeypatch: pytest.MonkeyPatch) -> None:
    seen, plain = _runs(monkeypatch)
    for clause in [*CLAUSES, *ODD]:
        theirs = [(pair.word, pair.flag) for pair in plain.cut(clause, HMM=True)]
        before = len(seen)
        mine = [(pair.word, pair.flag) for pair in tagger().cut(clause, HMM=True)]
        assert len(seen) == before, "the tagger called jieba's Viterbi"
        assert mine == theirs, clause
    assert len(seen) > 300  # the Viterbi was in play


def _small_tables(seed: int) -> tuple[dict[str, tuple[Any, ...]], dict[Any, float], dict[Any, dict[Any, float]],
                                      dict[Any, dict[str, float]]]:
    """Made-up tables of a dozen states whose log-probabilities are a few round numbers: many equal sums
    (the ties), characters whose states cannot follow, states that lead nowhere, missing emissions, -inf starts."""
    chance = random.Random(seed)
    names = [(position, tag) for position in "BMES" for tag in "nvx"]
    start = {name: chance.choice([-1.0, -2.0, ours.MIN_FLOAT, ours.MIN_INF if seed % 3 else -1.0])
             for name in names}
    # a transition as unlikely as jieba's missing emission: a state far below the best can then win or tie
    unlikely = -1.5 if seed % 2 else ours.MIN_FLOAT
    trans = {name: {to: chance.choice([-0.5, -1.0, -1.5, unlikely])
                    for to in chance.sample(names, chance.choice([0, 1, 2, 4, 8]))} for name in names}
    emit = {name: {char: chance.choice([-1.0, -2.0, -3.0]) for char in chance.sample("abcdefg", 3)} for name in names}
    char_states = {char: tuple(chance.sample(names, chance.choice([1, 2, 5]))) for char in "abcde"}
    if seed % 10 == 0:  # a state the other tables do not have: jieba's KeyError
        char_states["f"] = (("X", "z"),)
    return char_states, start, trans, emit


def test_made_up_tables_with_many_ties_get_jiebas_answers_or_errors(no_memo: None) -> None:
    chance = random.Random(7)
    compared = 0
    for seed in range(300):
        tables = _small_tables(seed)
        for _ in range(10):
            text = "".join(chance.choice("abcdefgh") for _ in range(chance.randint(1, 8)))
            try:
                theirs: Any = jiebas_viterbi(text, *tables)
            except Exception as error:  # noqa: BLE001 - jieba's failure is the answer to match
                theirs = type(error)
            try:
                mine: Any = ours.viterbi(text, *tables)
            except Exception as error:  # noqa: BLE001 - as jieba's
                mine = type(error)
            assert mine == theirs if isinstance(theirs, type) else _same(theirs, mine), (seed, text)
            compared += 1
    assert compared == 3000
