"""What a clause's structure says of who pays and who receives an amount (figures.py asks).

figures.py finds the gazetteer's entities first. Where the clause names a receiver the gazetteer
does not know ("向中橡（鞍山）化学工业有限公司增资", "a $100m investment in Staple Street"), the run
of nouns (Chinese, tagged by jieba) or of capitalised words (English) right after a receiver's
marker (向, 对, 给, in, into, to, for) or an acquiring verb (收购, acquire) is shown as written.

A payer is not read so: the subject a clause opens with was wrong in half the cases measured
(bylines, datelines, "目标", "数据"), and an empty cell is better than a wrong one. A clause that
opens with its verb shares the sentence's subject (`opens_with_its_verb`).
"""
from __future__ import annotations

import functools
import re
from typing import Any

from ..config.taxonomy import segmenter

# jieba's part-of-speech tags of a name or a noun: nouns, people, places, organisations, other proper
# nouns, Latin words, abbreviations, and the direction words names open with
_NOMINAL = {"n", "nw", "nr", "ns", "nt", "nz", "nrt", "nrfg", "eng", "j", "ng", "f"}  # f: 中 in 中橡
# a run ending so is who reports, not a party: "财新记者", "路透上海12月9日电"
_REPORTING = ("记者", "記者", "报道", "報導", "电", "電", "社", "网", "網", "消息", "报", "報")
_JOINING = {"和", "与", "與", "及"}  # "深圳市人力资源和社会保障局": one name
_BRACKETS = set("（）()")
_GENERIC = {"公司", "企业", "企業", "政府", "方面", "当局", "當局", "双方", "雙方", "该公司", "該公司", "集团", "集團"}
# Receiver markers in Chinese: a preposition before the receiver, or a verb whose object it is
_CJK_MARKERS = re.compile(r"向|对|對|给|給|为|為|入股|收购|收購|并购|併購|注资|注資|投资于|投資於|买下|買下")
_NAME_CHARS = 40  # the longest receiver's name read after its marker
_MARKERS_TRIED = 3  # the markers nearest the amount: a receiver stands by its verb
_CAPITALISED = r"(?:[A-Z][\w&'’.-]*|[A-Z]{2,})"
_LATIN_NAME = re.compile(rf"{_CAPITALISED}(?:\s+(?:of|and|&|de|la)?\s*{_CAPITALISED})*")
_LATIN_RECEIVER = re.compile(rf"\b(?:in|into|to|for|acquired?|acquiring|acquires|buy|buys|bought|of)\s+(?:the\s+)?"
                             rf"({_LATIN_NAME.pattern})")
_NOT_NAMES = {"The", "It", "He", "She", "They", "We", "I", "This", "That", "These", "Those", "A", "An", "Its",
              "Their", "His", "Her", "Our", "US", "U.S.", "UK", "EU", "CEO", "AI",
              # "in April": a time, not a receiver
              "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Sep", "Oct", "Nov",
              "Dec", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}


@functools.cache
def _tagger() -> Any:
    """jieba's part-of-speech tagger over the taxonomy's tokenizer (one dictionary per process)."""
    import jieba.posseg  # type: ignore[import-untyped]

    return jieba.posseg.POSTokenizer(segmenter())


@functools.lru_cache(maxsize=4096)  # an amount's clause is read for each amount in it
def _noun_runs(text: str) -> tuple[tuple[int, int], ...]:
    """Where the runs of nominal words in `text` start and end ("和" between two nouns joins them)."""
    runs: list[tuple[int, int]] = []
    at = 0
    run: list[int] = []  # start, end of the open run
    for pair in _tagger().cut(text, HMM=True):
        word, tag = pair.word, pair.flag
        start, at = at, at + len(word)
        if tag in _NOMINAL or run and (word in _BRACKETS or word in _JOINING and run[1] == start):
            if not run:
                run = [start, at]
            if word not in _JOINING:
                run[1] = at
        elif run:
            runs.append((run[0], run[1]))
            run = []
    if run:
        runs.append((run[0], run[1]))
    return tuple(runs)


def _name(text: str) -> str | None:
    name = text.strip(" （）()“”\"'.,")
    if len(name) < 2 or name in _GENERIC or name in _NOT_NAMES or name.endswith(_REPORTING):
        return None
    return name


def opens_with_its_verb(clause: str) -> bool:
    """Does the clause leave its subject to the sentence ("…，将其投资额提高到2000亿美元", "bringing …")?"""
    clause = clause.lstrip()
    if not re.search(r"[\u4e00-\u9fff]", clause):
        return clause[:1].islower()
    first = next(iter(_tagger().cut(clause[:8], HMM=True)), None)  # its first word is all that counts
    return first is not None and first.flag[:1] in ("v", "d", "p")


def names_a_noun(text: str) -> bool:
    """Does Chinese text open with a noun ("运营商投资…" after 中国: the country says whose operators)?"""
    if not re.match(r"[\u4e00-\u9fff]", text):
        return False
    first = next(iter(_tagger().cut(text[:6], HMM=True)), None)
    return first is not None and first.flag in _NOMINAL - {"f"}


def written_receiver(clause: str, amount_start: int, amount_end: int) -> str | None:
    """The receiver the clause names after a receiver's marker, as written."""
    if not re.search(r"[\u4e00-\u9fff]", clause):
        found = _LATIN_RECEIVER.search(clause, amount_end) or _LATIN_RECEIVER.search(clause[:amount_start])
        return _name(found.group(1)) if found else None
    # the marker nearest the amount: "通过网络向媒体泄露的草案要求中国向伊朗…投资" is about 伊朗, not 媒体
    markers = [m for m in _CJK_MARKERS.finditer(clause) if not amount_start <= m.end() < amount_end]
    nearest = sorted(markers, key=lambda m: amount_start - m.end() if m.end() <= amount_start else m.start() - amount_end)
    for marker in nearest[:_MARKERS_TRIED]:  # a clause of a thousand 对 is not tagged a thousand times per amount
        # only the words right after the marker are tagged: jieba's tagger costs a millisecond a clause
        after = clause[marker.end():marker.end() + _NAME_CHARS]
        runs = _noun_runs(after)
        if runs and runs[0][0] == 0:
            return _name(after[:runs[0][1]])
    return None
