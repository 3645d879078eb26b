"""Stage 3c: amounts of money in an article's text -> normalised figures.

No library reads "1.23 万亿日元", "最高15亿美元" and "US$2.5bn" alike, so this is a
small grammar of rules whose word lists are data (`data/money.yml`): an optional
qualifier, an optional currency prefix, a number (Arabic, with thousands separators,
or Chinese numerals read by cn2an), an optional scale word, an optional range, and a
currency suffix. A number with no currency is money only right after a word of money
("投资100亿"). A figure followed by the same amount in another currency in brackets
("1.23 trillion yen (S$10.1 billion)") is one figure. The same amount twice in one
article is one row. US-dollar values come from the yearly rates in `data/rates.yml`.
"""
from __future__ import annotations

import bisect
import datetime as dt
import functools
import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from ..config.money import NUMBER, MoneyRules
from ..config.taxonomy import Taxonomy
from ..model import TABLE_KINDS, Figure
from .parties import (
    RESPECTIVELY,
    Pointer,
    Subject,
    clause_words,
    level_payer,
    named_at,
    named_investor,
    names_a_noun,
    opens_with_its_verb,
    points_back,
    respective,
    spends_on,
    use_at,
    written_payer,
    written_receiver,
    written_subject,
)

# Full-width ASCII (０-９, ＄, ．, ，) -> ASCII, one character for one, so offsets stay valid.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_HAS_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]")
_COMPOUND_PARTS = re.compile(r"(\d+(?:\.\d+)?)([万萬亿億兆])(?:零?(\d{1,4})[万萬])?零?(\d,\d{3}|\d[千百](?:\d[百十])*\d*|\d{1,4})")
# a measure word after a number says what it counts: no currency, no money ("1万度", "14亿人")
_MEASURE_WORD = re.compile(r"\s*(度|人|个|個|台|吨|噸|户|戶|辆|輛|平方|公里|千瓦|瓦|件|份|股|张|張|次|名|家|位|头|頭|桶|"
                           r"立方|公顷|公頃|亩|畝|册|冊|部|条|條|只|隻|架|艘|颗|顆|枚|块|塊|剂|劑|例|支|套|座|所|项|項)")
_INNER = {"万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8, "兆": 1e12}
_VAGUE_PARTS = re.compile(r"(?:好几|好幾|数|數|几|幾)([十百千]?)|([一二两三四五六七八九]?)十[几幾]")
_APPROX_PARTS = re.compile(r"([一二两兩三四五六七八])([二三四五六七八九])([十百千]?)|[上逾过過破]([十百千]?)")
_VAGUE_EN_PARTS = re.compile(r"(?:several|a\s+few|a\s+couple\s+of)(\s+hundred)?"
                             r"|(?:(tens|hundreds)\s+of\s+)?(tr|b|m)illions\s+of", re.IGNORECASE)
_EN_SCALES = {"tr": 1e12, "b": 1e9, "m": 1e6}
_UNITS = {"": 1, "十": 10, "百": 100, "千": 1000}
_DIGITS = {"": 1, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SENTENCES = re.compile(r"(?<=[。！？!?；])|(?<=[.;])\s+(?=[A-Z\"“(])|\n")
_A_FUND = ("基金", "fund")  # how a fund's name ends: a fund's size is money it holds, it pays nothing
# a comma or colon between digits is inside a number ("$4,400", "10:30"), not between clauses
_GOVERNMENTS_PAY = ("government spending", "loan or debt")  # kinds a country pays as its government ("德国将为印度提供…贷款")
# what may stand before an amount that opens a budget's line: "另外3200万美元用于…", "其中…"
_LINE_ITEM = re.compile(r"\s*(?:(?:另外|另有|其中|其余|其餘|此外|还有|還有|并|並|及)\s*)*")  # "此外还有27亿欧元…"
_CLAUSE_BREAK = re.compile(r"(?:[，；;：]|(?<!\d)[,:]|[,:](?!\d))\s*")
# What stands between an amount and the same amount in another currency: "100亿美元（约合…）",
# "$5bn (S$6.7bn)", "1500亿美元，合约1万亿元人民币"
_CLOSE_BRACKET = re.compile(r"^\s*[（(]\s*(?:约合|約合|约|約|相当于|相當於|合|about|approximately|roughly|or|around|some)?\s*$",
                            re.IGNORECASE)
_RESTATED = re.compile(r"^\s*[，,]?\s*(?:约合|約合|折合|合|相当于|相當於|或|即|or about|or roughly|or)\s*$", re.IGNORECASE)


NOT_INVESTMENT = "not an investment"
_PRICE = "price"  # a price keyword's kind while read: no investment, or an acquisition's price (_kind)
UNKNOWN = ""  # no keyword governs the amount: another mention of it may tell; else it is no investment
NEAR = 300  # characters around an amount where its kind, payer and receiver are looked for


def _number(text: str) -> float | None:
    if re.fullmatch(NUMBER, text):
        value = float(text.replace(",", ""))
        return value if math.isfinite(value) else None  # 400 nines are no amount ("inf" is no JSON)
    if text[:1] in ("百", "千"):
        text = "一" + text  # "逾千亿美元": cn2an wants 一千
    try:
        import cn2an  # 0.1 s to import: loaded only when a seed is processed, not on a cached build

        return float(cn2an.cn2an(text.replace("兩", "两").replace("點", "点"), "smart"))
    except (ValueError, KeyError, TypeError):
        return None


# What may stand between an amount and its restatement in another currency, when both are worth about as
# much: a comma and "about" ("4534亿新台币，约152亿美元"), or a bracket still open after it holding only
# restatements, currency labels and "about" ("（约合220亿美元，185亿欧元）", "（人民币，下同，98.58万新元）";
# not "（其中…", "（去年为…", "（腾讯投资…": a part, another year, another deal)
_COMMA = re.compile(r"\s*[，,]\s*")  # then "about": the later amount's qualifier
_IN_BRACKET = re.compile(r"\s*[（(](?:[\s，,、.\d亿億万萬千百兆约約合折相当當于於即下同人民币幣新台港美元欧歐英镑鎊日圆圓韩韓澳加]"
                         r"|[A-Z$€£¥]|about|or)*", re.IGNORECASE)
SAME_WORTH = 1.3  # restated amounts' US-dollar values differ by our yearly rates' error, not more


def _restates(amount: _Match, later: _Match, between: str, rules: MoneyRules, year: int | None) -> bool:
    """Is `later` the same amount as `amount`, restated in another currency? In brackets right after it
    or after 合/约合/or, as written; after a comma and "about", or in a bracket of restatements, only
    when both are worth about as much at our rates."""
    if _CLOSE_BRACKET.match(between):
        return True
    if later.currency == amount.currency:
        return False
    if _RESTATED.match(between):
        return True
    return bool(_COMMA.fullmatch(between) and later.qualifier == "about" or _IN_BRACKET.fullmatch(between)) and same_worth(
        rules.usd(amount.value, amount.currency, year), rules.usd(later.value, later.currency, year))


def same_worth(one: float | None, other: float | None) -> bool:
    """Are two US-dollar values one amount's, as restated by our yearly rates? Not judged (False)
    for a currency we hold no rate for."""
    if not one or not other:
        return False
    return max(one, other) <= SAME_WORTH * min(one, other)


def _compound(parts: re.Match[str], scale_after: bool) -> float:
    """A number of two or three scale words: with a scale word after it, each inner word counts ten
    thousand of the next (1亿2000万 = (1 × 10,000 + 2000) 万; 1亿3千万; 134万9084亿); without, its
    own value (8億573萬1040 = 805,731,040)."""
    big, inner, middle = float(parts.group(1)), parts.group(2), parts.group(3)
    small = _number(parts.group(4).replace(",", "")) or 0.0  # "3千": cn2an reads digits with units
    if scale_after:
        return (big * 1e4 + float(middle)) * 1e4 + small if middle else big * 1e4 + small
    return big * _INNER[inner] + (float(middle) * 1e4 if middle else 0.0) + small


def sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs of a text: where each sentence starts in it, and the sentence."""
    result, start = [], 0
    for boundary in [*_SENTENCES.finditer(text), None]:
        end = boundary.start() if boundary else len(text)
        piece = text[start:end]
        if piece.strip():
            result.append((start + len(piece) - len(piece.lstrip()), piece.strip()))
        if boundary:
            start = boundary.end()
    return result


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    value: float
    high: float | None
    currency: str
    qualifier: str | None
    stated_usd: tuple[float, float | None] | None = None  # the same amount in US dollars, as written
    scaled: bool = True  # had a scale word (亿, billion): never a price or a rate
    number_start: int = 0  # where its number (or currency sign) starts, after any qualifier ("超过")
    sign: str | None = None  # "元" or "¥" when that was all it said: its currency is read from the words around


def _read(match: re.Match[str], rules: MoneyRules, language: str) -> _Match | None:
    pre, suf = match.group("pre"), match.group("suf")
    # no currency: money only with a Chinese scale word, right after a word of money ("投资100亿")
    bare = not pre and not suf
    if bare and not (match.group("s1") and not match.group("s1").isascii()
                     and rules.money_before.search(match.string[max(0, match.start() - 12):match.start()])
                     and not _MEASURE_WORD.match(match.string, match.end())):  # "补贴1万度": kilowatt hours
        return None
    first = match.group("n1")
    compound, english = _COMPOUND_PARTS.fullmatch(first), _VAGUE_EN_PARTS.fullmatch(first)
    vague = _VAGUE_PARTS.fullmatch(first) or english
    approx = _APPROX_PARTS.fullmatch(first)
    inner_scale = english.group(3) if english else None  # "billions of": the scale is in the phrase
    scale_word = (match.group("s1") or match.group("s2") or (compound.group(2) if compound else None)
                  or inner_scale)
    if suf in rules.needs_scale and not scale_word or (vague or approx) and not scale_word:
        return None  # 数十元 is no investment
    scale1 = rules.scales.get((match.group("s1") or "").lower(), None) or (_EN_SCALES[inner_scale.lower()] if inner_scale else None)
    scale2 = rules.scales.get((match.group("s2") or "").lower(), None)
    low: float | None
    high: float | None
    if compound:
        low, high = _compound(compound, bool(scale1)), None
    elif english:  # several hundred million: 2 to 9 hundreds of millions
        unit = 100 if english.group(1) or (english.group(2) or "").lower() == "hundreds" else 10 if english.group(2) else 1
        low, high = 2.0 * unit, 9.0 * unit
    elif approx and approx.group(1):  # 四五亿: 4 to 5 亿; 六七十亿: 60 to 70 亿
        unit = _UNITS[approx.group(3)]
        low, high = _DIGITS[approx.group(1)] * unit, _DIGITS[approx.group(2)] * unit
    elif approx:  # 上亿: upwards of one 亿
        low, high = float(_UNITS[approx.group(4)]), None
    elif vague:  # 数十亿: 2 to 9 tens of 亿; 十几亿: 11 to 19 亿
        if vague.group(1) is not None:
            unit = _UNITS[vague.group(1)]
            low, high = 2.0 * unit, 9.0 * unit
        else:
            tens = 10 * _DIGITS[vague.group(2)]
            low, high = tens + 1.0, tens + 9.0
    else:
        low, high = _number(first), _number(match.group("n2")) if match.group("n2") else None
    if low is None or high is not None and "、" in match.group() and RESPECTIVELY.search(match.string):
        return None  # "分别投资10、20亿元": two amounts, no range
    low *= scale1 or scale2 or 1.0
    if high is not None:
        high *= scale2 or scale1 or 1.0
        if high <= low:
            return None  # "2019-2020" style pairs are not ranges of money
    currency = rules.suffix_currency.get(suf) if suf else "CNY" if bare else None
    if pre:
        pre_currency = rules.prefix_currency.get(re.sub(r"\s+", " ", pre))
        if pre_currency == "YEN_SIGN":
            pre_currency = currency or "YEN_SIGN"
        currency = pre_currency if pre_currency != "USD" or not currency else currency
    if not currency or low <= 0 or not math.isfinite(low * 1e3) or high is not None and not math.isfinite(high * 1e3):
        return None
    qualifier = None
    if vague:
        qualifier = "vague"
    elif high is not None:
        qualifier = "range"
    elif match.group("qual"):
        qualifier = rules.qualifier_of.get(re.sub(r"\s+", " ", match.group("qual").lower()),
                                           rules.qualifier_of.get(match.group("qual")))
    elif match.group("more") or match.group("more2") or approx:
        qualifier = "over"
    elif match.group("qa"):
        qualifier = rules.qualifier_of.get(match.group("qa"))
    start = match.start("qual") if match.group("qual") else match.start("pre") if pre else match.start("n1")
    return _Match(start, match.end(), low, high, currency, qualifier, scaled=bool(scale_word),
                  number_start=match.start("pre") if pre else match.start("n1"),
                  sign="¥" if currency == "YEN_SIGN" else "元" if suf == "元" and not pre or bare else None)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _ascii_lower(text: str) -> str:
    """Latin letters lowercased, every other character kept: offsets stay those of `text` ("İ".lower()
    is two characters); the keywords of money.yml are ASCII or Chinese."""
    return text.translate(_ASCII_LOWER)


def _kind_words(sentence: str, rules: MoneyRules) -> list[tuple[int, int, int, str]]:
    """Every kind keyword in a sentence: (start, end, priority, kind), in order; where keywords
    overlap, the longest ("funding", not "fund")."""
    kind_of = rules.kind_of
    found = [(m.start(), m.end(), *(kind_of.get(m.group()) or kind_of[m.group()[:-1]]))  # "loans": a loan
             for m in rules.kind_words.finditer(_ascii_lower(sentence))]
    # a price may be a deal's: _kind reads it so when its clause says an acquisition
    return [(*word[:3], _PRICE) if sentence[word[0]:word[1]].lower() in rules.deal_price else word
            for word in found if word[3]]  # not_kind_words hold a keyword but are none


# an amount, then 的 and the noun it measures ("对75亿美元的欧盟商品征收关税", "减少3.5亿欧元的资本支出")
_PREPOSITION = re.compile(r"[对對向为為把给給从從]")  # between a keyword and the amount: the keyword is not its verb
_SIZES = re.compile(r"\s*(?:左右|以上|以内|之多)?\s*[的之]\s*[^，,。；;、的之（(]{0,6}")


def _kind(words: list[tuple[int, int, int, str]], start: int, end: int, clause: tuple[int, int],
          linked: bool = False, sized_until: int | None = None) -> str | None:
    """What the amount is: the keyword nearest it in its own clause, or, where a copula links it to
    what its clause says before it (`linked`: "资产净值在特斯拉上市后已经超过1850亿美元", "预算赤字有望
    超过1万亿美元"), the nearest measure there (revenue, worth, a deficit: what "X is N" states); else the nearest in the clauses before it (its sentence's
    subject and verb: "完成新一轮融资，金额达66亿美元"); else the nearest after it. A keyword the amount
    measures ("N的X", `sized_until`: where X may end) comes first. Ties go to the kind listed first in
    money.yml; None when no keyword is near."""
    def distance(word: tuple[int, int, int, str]) -> tuple[int, int]:
        return (start - word[1] if word[1] <= start else max(0, word[0] - end), word[2])

    def price(kind: str, candidates: list[tuple[int, int, int, str]]) -> str:
        """A price is a deal's where its clause says an acquisition ("以69亿美元的价格收购"), else no investment."""
        if kind != _PRICE:
            return kind
        return "acquisition" if any(w[3] == "acquisition" for w in candidates) else NOT_INVESTMENT

    # "N的X": the amount is X's size, whatever stands before it ("因空客补贴对75亿美元的欧盟商品…")
    measured = [w for w in words if end <= w[0] and sized_until is not None and w[1] <= sized_until]
    if measured and not linked:
        return price(min(measured, key=distance)[3], [w for w in words if clause[0] <= w[0] and w[1] <= clause[1]])
    measures = [w for w in words if clause[0] <= w[0] and w[1] <= start and w[3] in (NOT_INVESTMENT, "valuation", _PRICE)]
    if linked and measures:
        return price(min(measures, key=distance)[3], measures)

    for candidates in ([w for w in words if clause[0] <= w[0] and w[1] <= clause[1]],
                       [w for w in words if w[1] <= clause[0]],
                       [w for w in words if w[0] >= clause[1]]):
        if candidates:
            return price(min(candidates, key=distance)[3], candidates)
    return None


def _clause(breaks: list[tuple[int, int]], start: int, end: int, length: int) -> tuple[int, int]:
    """The amount's clause: from the clause break before it to the one after it."""
    at = bisect.bisect_left(breaks, (start, -1))  # breaks: the sentence's clause breaks, (start, end), sorted
    after = bisect.bisect_left(breaks, (end, -1))
    return breaks[at - 1][1] if at else 0, breaks[after][0] if after < len(breaks) else length


def _parties(sentence: str, start: int, end: int, mentions: list, rules: MoneyRules, kind: str,
             breaks: list[tuple[int, int]]) -> tuple[str | None, str | None]:
    """Who pays (actor) and who receives (target), from the gazetteer's mentions in the sentence.

    A mention right after a target marker (向, 对, in, into, for, of ...) is a target; where
    several mentions follow each other ("向美国OpenAI"), the last, most specific one is.
    After an actor marker (由, by, from) it is the actor; otherwise the actor is the first
    other mention before the amount in its clause, or else in its sentence (the subject),
    companies and people before countries. Receivers are looked for in the amount's clause.
    """
    mentions = [(term, s, e) for term, s, e in mentions if e <= start or s >= end]
    tagged: list[tuple[str, str, int, str | None]] = []  # slug, kind, start, role
    previous_end = 0
    for term, s, e in mentions:
        role: str | None
        between = sentence[max(previous_end, end if s >= end else 0):s]
        if tagged and not between.strip() and tagged[-1][3] == "target":
            tagged[-1] = tagged[-1][:3] + (None,)  # "美国OpenAI": the role moves to the later mention
            role = "target"
        elif rules.buyer_markers.search(between[-60:]):
            # the buyer pays, though 给 marks a receiver; not a country before a name ("出售给美国Liberty": whose)
            role = None if term.kind == "place" and (names_a_noun(sentence[e:]) or sentence[e:e + 1].isupper()) else "actor"
        elif rules.target_markers.search(between[-60:]) and not (term.kind == "place" and names_a_noun(sentence[e:])):
            role = "target"  # not "在中国运营商投资…": a country before a noun says whose, not where
        elif rules.actor_markers.search(between[-60:]):
            role = "actor"
        else:
            role = None
        tagged.append((term.slug, term.kind, s, role))
        previous_end = e
    # the amount's own clause first: "…，亚马逊计划向日本投资约270亿美元" names its payer and receiver there
    clause_start, clause_end = _clause(breaks, start, end, len(sentence))
    in_clause = [t for t in tagged if clause_start <= t[2] < clause_end]
    targets = [t for t in in_clause if t[3] == "target"]
    target = None
    if targets:
        following = [t for t in targets if t[2] >= end]
        target = (following[0] if following else targets[-1])[0]

    def subjects(candidates):
        return sorted((t for t in candidates if t[3] is None and t[0] != target and t[2] < end),
                      key=lambda t: (t[1] == "place", t[2]))

    others = subjects(in_clause)
    if not others:
        # the clause leaves its subject to the sentence ("孙正义与特朗普举行会谈，承诺…，对美国进行1000亿
        # 美元的投资"): the nearest clause before it that names one
        for before_start, before_end in _sharing_its_subject(sentence, breaks, clause_start, start):
            others = subjects([t for t in tagged if before_start <= t[2] < before_end])
            if others:
                break
    if kind in (NOT_INVESTMENT, UNKNOWN):  # revenue, a price, a fine: nobody pays anybody in the table's sense
        return None, None
    if kind == "valuation":  # a company's worth: nobody pays it; the company is the nearest name before it
        before = [t for t in tagged if t[2] < start and t[1] != "place"]
        return None, target or (before[-1][0] if before else None)
    marked = [t for t in tagged if t[3] == "actor"]
    actor = marked[0][0] if marked else others[0][0] if others else None
    if actor and not marked and others[0][1] == "place" and kind not in _GOVERNMENTS_PAY:
        actor = None  # a country pays only as its government ("美国原油期货…" is not the US paying)
    if not actor or marked:
        return actor, target
    # what the clause says of the subject, up to the amount
    said = clause_words(sentence[max(others[0][2], clause_start):start])
    if _says_any(rules.receiving | rules.selling_or_helping, said):
        return None, target  # it receives, sells or helps: "中国企业…获得了4.19亿美元的贷款"
    if not target and (kind == "loan or debt" and _says_any(rules.borrowing, said)
                       or kind == "funding round" and not _says_any(rules.investing, said)):
        # who borrows or raises money receives it: "德国政府2021年欲举债1800亿欧元", "xAI has raised $6
        # billion" (not who leads the round)
        return None, actor
    return actor, target


# what follows 较 when it is an adverb, not a comparison: 较早, 较大, 较多 ("relatively")
_NOT_COMPARED = set("早晚大小多少高低快慢长短好强弱为為")


def _compares(scan: str, clause: tuple[int, int], breaks: list[tuple[int, int]], merged: list[_Match],
              match: _Match, rules: MoneyRules) -> bool:
    """Does the amount's clause open comparing it with the amount of the clause right before
    ("…拨款29亿美元，较2022财年高出3.135亿美元", "同比多增1676亿元"; not "较早前…")?"""
    opening = rules.compared.match(_ascii_lower(scan[clause[0]:match.start]))
    if opening is None or scan[clause[0] + opening.end():clause[0] + opening.end() + 1] in _NOT_COMPARED:
        return False
    earlier = [m for m in merged if m.end <= clause[0]]
    return bool(earlier) and _clause(breaks, earlier[-1].start, earlier[-1].end, len(scan))[1] == max(
        (b_start for b_start, b_end in breaks if b_end <= clause[0]), default=-1)


_ISSUING = re.compile(r"发行|發行|发债|發債|issu|sale of|sell|sold")  # a bond issued, not its yield named


def _issues_government_bonds(clause: str, rules: MoneyRules) -> bool:
    """Does the (lowercased) clause say a government's bonds are issued ("发行境外主权债筹资…"; not
    "as treasury bond yields fell")?"""
    return bool(rules.government_debt.search(clause)) and bool(_ISSUING.search(clause))


def _says_any(words: frozenset[str], said: tuple[str, ...]) -> bool:
    """Does the text of these words (`said`: jieba's, lowercased) hold one of `words`: one of one
    character or in English as a whole word (说 is not in 说明), a longer Chinese one anywhere
    (jieba cuts 领投 in two)?"""
    text = "".join(said)
    return any(word in words for word in said) or any(len(word) > 1 and not word.isascii() and word in text
                                                        for word in words)


_COPULAS = {"是", "为", "為"}
# a verb of spending right before an amount ("花数十亿美元租赁…", not "花旗"; 花费 alone is also a cost's noun,
# "花费了" and "花费N来…" spend)
_SPENT_RIGHT_BEFORE = re.compile(r"(?:花|花了|花掉|花费了|花費了|耗资|耗資|耗费了|耗費了)\s*$")
# what a business sells: its shares, a unit, land or buildings (not "一批库存商品", "自己的房子")
_A_BUSINESS = re.compile(r"股份|股权|股權|业务|業務|子公司|公司|地块|地塊|地皮|物业|物業|房产|房產|资产|資產|酒店|大厦|大廈|厂房|廠房|项目|項目")
# an amount opened by 以 ("for"), a verb of selling or auctioning right after it (and its price's words)
_BY_AN_AMOUNT = re.compile(r"以\s*$")
_AFTER_A_BRACKET = r"\s*(?:[（(][^）)]{0,30}[）)])?\s*"  # a restatement in brackets may stand between
_SOLD_FOR = re.compile(_AFTER_A_BRACKET + r"(?:的)?\s*(?:价格|價格|价|價)?\s*(?:成功|顺利|順利|正式|已)?\s*(?:出售|出讓|出让|卖出|賣出|售出|转让|轉讓|拍出|脱手|脫手)")
_THRESHOLD = re.compile(_AFTER_A_BRACKET + r"(?:及以上|及以下|或以上|或以下|以上（含）|以上\(含\))")  # "N及以上": a bar to pass
_CUT_OF = 6  # characters from an amount cut to the word of spending it is cut from ("…以上的资本支出")
SHARED_CLAUSES = 6  # clauses back an amount's clause that opens with its verb is read for its subject


def _sharing_its_subject(sentence: str, breaks: list[tuple[int, int]], clause_start: int,
                         start: int) -> Iterator[tuple[int, int]]:
    """The clauses before the amount's, nearest first, that share its subject: none unless the
    amount's clause opens with its verb; then each before it, up to one that does not."""
    if not clause_start or not opens_with_its_verb(sentence[clause_start:start]):
        return
    starts = [0, *(e for _, e in breaks if e <= clause_start)]
    pairs = zip(starts[-2::-1], starts[:0:-1], strict=True)
    for before_start, before_end in itertools.islice(pairs, SHARED_CLAUSES):  # a run-on list of clauses is no subject's
        yield before_start, before_end
        if not opens_with_its_verb(sentence[before_start:before_end]):
            return


def _written_subject(sentence: str, clause: tuple[int, int], breaks: list[tuple[int, int]],
                     start: int, named_before: Callable[[int, Pointer], str | None]) -> Subject | None:
    """The name the amount's clause opens with, as written; a clause that opens with its verb
    ("…，将其投资额提高到…") leaves it to the nearest clause before it that names one. A clause
    opening with a pointer ("该公司", "这家工程集团", "它们") names the party `named_before` finds
    before that clause."""
    subject = written_subject(sentence[clause[0]:start])
    for before_start, before_end in [] if subject else [clause, *_sharing_its_subject(sentence, breaks, clause[0], start)]:
        text = sentence[before_start:min(before_end, start)]
        subject = written_subject(text)
        pointing = None if subject else points_back(text)
        if pointing is not None:
            name = named_before(before_start, pointing)
            subject = Subject(name, pointing.words, False) if name else None
        if subject:
            # what its own clause says it is ("广东仍然是贡献最大的省份，上缴资金…") is not what it does with the money
            return subject._replace(words=tuple(word for word in subject.words if word not in _COPULAS))
    return subject


_SPEAKS = {"表示", "说", "說", "称", "稱", "认为", "認為", "指出", "透露", "强调", "強調", "表明", "宣称", "宣稱"}
ANTECEDENT_SENTENCES = 3  # sentences back a pointer's party is looked for: it points at what was just said


def _named_before(pieces: list[tuple[int, str]], index: int, sentence: str, at: int, pointer: Pointer) -> str | None:
    """The party a pointer at `at` in the article's sentence `index` points at: the first subject of a
    clause before it there, else of the sentences before it, nearest first, that it could name."""
    earlier = [piece for _, piece in pieces[max(0, index - ANTECEDENT_SENTENCES):index]]
    for text in [sentence[:at], *reversed(earlier)]:
        subjects = [subject for clause in _CLAUSE_BREAK.split(text) if clause.strip()
                    and (subject := written_subject(clause)) is not None and pointer.could_name(subject)]
        # who speaks of it only when nobody else is named: "特朗普周三表示，苹果公司将…。该公司将投资…" is
        # 苹果公司; "星门科技周二表示，该公司将投资…" is 星门科技
        named = next((s for s in subjects if not _SPEAKS.intersection(s.words[:3])), subjects[0] if subjects else None)
        if named is not None:
            return named.name
    return None


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Does [start, end) overlap one of the sorted, disjoint spans?"""
    at = bisect.bisect_right(spans, (start, float("inf"))) - 1
    return any(s < end and start < e for s, e in spans[max(at, 0):at + 2])


SENTENCE_CHARS = 400  # longer is no sentence but a run-on text (a table flattened, a hostile seed)
_CLAUSE_END = re.compile(r"[，,；;、]")


def _pieces(sentence: str) -> list[str]:
    """A sentence, or a run-on text's pieces of at most SENTENCE_CHARS cut after a clause's end: who
    pays whom is read within a piece, so the work stays linear in the text's length."""
    pieces, start = [], 0
    while len(sentence) - start > SENTENCE_CHARS:
        cut = max((m.end() for m in _CLAUSE_END.finditer(sentence, start, start + SENTENCE_CHARS)),
                  default=start + SENTENCE_CHARS)
        pieces.append(sentence[start:cut])
        start = cut
    return [*pieces, sentence[start:]]


class _Evidence:
    """Which currency a sign that names none ("元", "¥") is: the one its sentence names, else its
    paragraph (a line of `text`), else the article's title (a currency, or the places of one: "人行
    大額度續操作MLF" is the mainland's), else where the article is written. A text in Simplified
    Chinese writes its own yuan bare and marks others' (港元, 新台币): its bare 元 is the yuan, unless
    its site's country says otherwise (money.yml: place_currency) or it names one other currency more
    often than it writes a bare 元. Any other text takes the currency it names at least twice and
    more often than any other, or of two named equally often the one of the place it names most
    (money.yml: bare_yuan_places); else its site's country's, else `default`."""

    def __init__(self, means: tuple[tuple[str, tuple[str, ...]], ...], text: str, places: dict[str, str],
                 site: str | None, default: str, named_places: tuple[tuple[str, tuple[str, ...]], ...] = (),
                 title: str = "") -> None:
        self.means, self.text = means, text
        self.paragraph_starts = [0, *(m.end() for m in re.finditer(r"\n", text))]
        self.paragraphs: dict[int, list[str]] = {}  # what each paragraph names, read once (one long paragraph)
        lowered = text.lower()
        place = places.get((site or "").rsplit(".", 1)[-1])
        titled = self.named(title)
        if not titled:  # the places a title names decide only where its text names theirs most (or as much)
            titled = [currency for currency, words in named_places if any(w in title.lower() for w in words)]
            named_counts = {currency: count for count, currency in _counts(named_places, lowered)}
            titled = titled if len(titled) == 1 and named_counts.get(titled[0], 0) >= max(named_counts.values(), default=0) else []
        counts = _counts(means, lowered)
        tied = {currency for count, currency in counts if count and count == counts[0][0]}
        leader = _leader(counts) or (
            # currencies named equally often (港幣99億元（約新台幣369億元）): the place named most among theirs
            _leader(_counts(tuple(p for p in named_places if p[0] in tied), lowered)) if len(tied) > 1 else None)
        site_currency = place if place in dict(means) else None
        if titled and len(titled) == 1:
            self.fallback = titled[0]
        elif named_places and _in_simplified(text):
            # the yuan, unless its site says otherwise or it names another currency more often than it
            # writes a bare 元 (a story of 台积电 in 新台币 throughout, one 元 left bare)
            dominant = leader if leader and counts[0][0] > _bare_yuan_amounts(text, means) else None
            self.fallback = site_currency or dominant or "CNY"
        else:
            self.fallback = leader or site_currency or default

    def named(self, text: str) -> list[str]:
        lowered = text.lower()
        return [currency for currency, words in self.means if any(w in lowered for w in words)]

    def currency(self, sentence: str, offset: int) -> str:
        """The currency of a sign in `sentence`, which starts at `offset` of the text."""
        named = self.named(sentence)
        if len(named) != 1:
            at = bisect.bisect_right(self.paragraph_starts, offset) - 1
            if at not in self.paragraphs:
                end = self.paragraph_starts[at + 1] if at + 1 < len(self.paragraph_starts) else len(self.text)
                self.paragraphs[at] = self.named(self.text[self.paragraph_starts[at]:end])
            named = self.paragraphs[at]
        return named[0] if len(named) == 1 else self.fallback


def _bare_yuan_amounts(text: str, means: tuple[tuple[str, tuple[str, ...]], ...]) -> int:
    """How many amounts the text gives in a bare 元: no currency's word before it ("新台币600元") nor
    in it (港元, 美元)."""
    words = "|".join(re.escape(word) for _, currency_words in means for word in currency_words)
    return sum(1 for m in re.finditer(rf"({words})?\s*[\d.,]+\s*[万萬亿億千百]*\s*元", text, re.IGNORECASE) if not m.group(1))


# characters each script writes its own way (們/们, 這/这 …): which one a text is written in
_TRADITIONAL_ONLY = set("們這個為說經國會時來對發與將後過還從當於業區銀億萬灣並資產團體總關進開間無長見門問題應")
_SIMPLIFIED_ONLY = set("们这个为说经国会时来对发与将后过还从当于业区银亿万湾并资产团体总关进开间无长见门问题应")


def _in_simplified(text: str) -> bool:
    """Is the text written in Simplified Chinese (more of its own characters than Traditional's)?"""
    sample = text[:4000]  # a page's opening says its script
    return sum(char in _SIMPLIFIED_ONLY for char in sample) > sum(char in _TRADITIONAL_ONLY for char in sample)


def _counts(words_of: tuple[tuple[str, tuple[str, ...]], ...], lowered: str) -> list[tuple[int, str]]:
    """How often the text names each currency's words, most first (each mention once: "新台币" is not also a "台币")."""
    return sorted(((len(re.findall("|".join(map(re.escape, sorted(words, key=len, reverse=True))), lowered)),
                   currency) for currency, words in words_of if words), reverse=True)


def _leader(counts: list[tuple[int, str]]) -> str | None:
    """The currency named at least twice and more often than any other."""
    return counts[0][1] if counts and counts[0][0] >= 2 and (len(counts) < 2 or counts[1][0] < counts[0][0]) else None


def extract_figures(text: str, *, date: dt.date | None, language: str, taxonomy: Taxonomy,
                    rules: MoneyRules, site: str | None = None, title: str = "") -> tuple[Figure, ...]:
    """Every amount of money in `text`, normalised, one row per amount per article; `site` the host
    name of the article's original URL and `title` its title (where a bare 元 is likely from)."""
    year = date.year if date else None
    evidence: dict[str, _Evidence] = {}  # read from the whole text only if a sign that names no currency is met

    def currency_of(sign: str, sentence: str, offset: int) -> str:
        if sign not in evidence:
            means, default = (rules.bare_yuan, rules.bare_yuan[0][0]) if sign == "元" else \
                (rules.yen_sign, "CNY" if language == "zh" else "JPY")
            evidence[sign] = _Evidence(means, text, rules.place_currency, site, default,
                                       rules.bare_yuan_places if sign == "元" else (), title)
        return evidence[sign].currency(sentence, offset)

    found: list[Figure] = []
    spent_on: set[int] = set()  # amounts only said to be used for something: their kind is the article's
    pieces = [(offset, piece) for offset, whole in sentences(text) for piece in _pieces(whole)]
    for index, (offset, sentence) in enumerate(pieces):
        scan = sentence.translate(_FULL_WIDTH) if _HAS_FULL_WIDTH.search(sentence) else sentence
        if not rules.currency_hint.search(scan.lower()):
            continue
        matches = [m for m in (_read(x, rules, language) for x in rules.pattern.finditer(scan)) if m]
        if matches and rules.rate_words.search(scan):  # "人民币兑美元报6.57元": a rate, not an amount
            matches = [m for m in matches if m.scaled]
        if any(m.sign for m in matches):
            matches = [replace(m, currency=currency_of(m.sign, scan, offset)) if m.sign else m for m in matches]
        merged: list[_Match] = []
        for match in matches:
            between = scan[merged[-1].end:match.start] if merged else ""
            if merged and _restates(merged[-1], match, between, rules, year):
                # the same amount in another currency, in brackets: one figure; a stated USD value beats our rates
                if match.currency == "USD" and merged[-1].currency != "USD":
                    merged[-1] = replace(merged[-1], stated_usd=(match.value, match.high))
                continue
            merged.append(match)
        # the sentence's entities, once; a name inside an amount ("U.S.$69,000") is not a party
        spans = [(x.start, x.end) for x in merged]
        mentions = [m for m in taxonomy.entity_matcher.finditer(scan) if merged and not _inside(m[1], m[2], spans)]
        words = sorted(_kind_words(scan, rules)) if merged else []
        breaks = [(m.start(), m.end()) for m in _CLAUSE_BREAK.finditer(scan)] if merged else []
        word_starts = [w[0] for w in words]
        mention_starts = [m[1] for m in mentions]
        first_of_sentence = len(found)
        for match in merged:
            # only what stands near the amount can qualify it: this also bounds the work on run-on "sentences"
            low, high = match.start - NEAR, match.end + NEAR
            near_words = words[bisect.bisect_left(word_starts, low):bisect.bisect_right(word_starts, high)]
            clause = _clause(breaks, match.start, match.end, len(scan))
            # "…已经超过1850亿美元", "revenue was $5bn": a copula ties the amount to what its clause opens with
            linked = bool(rules.copula.search(_ascii_lower(scan[max(clause[0], match.start - 12):match.number_start])))
            sized = _SIZES.match(scan, match.end, clause[1])  # "75亿美元的欧盟商品": the amount measures what follows 的
            # unless a verb of a deal governs it right before ("总投资50亿元的商品房项目"; not "补贴对75亿美元的…")
            if sized and any(clause[0] <= w[0] and 0 <= match.start - w[1] <= 4 and w[3] not in (NOT_INVESTMENT, _PRICE)
                             and not _PREPOSITION.search(scan, w[1], match.start) for w in near_words):
                sized = None
            following = _clause(breaks, clause[1] + 1, clause[1] + 1, len(scan)) if clause[1] < len(scan) else clause
            used = use_at(scan[match.end:clause[1]], scan[following[0]:following[1]] if following != clause else "")
            # money used for salaries or sales is spent, not a salary ("…，主要用作资助雇员薪酬"); a subsidy it is
            # used for still says what it is ("将有395亿欧元用于为经济界提供补助")
            use = None if used is None else (match.end + used[1], clause[1]) if used[0] == 0 else (following[0] + used[1], following[1])
            kind_words = near_words if use is None else [w for w in near_words if not (use[0] <= w[0] < use[1] and w[3] in _NO_DEAL)]
            kind = _kind(kind_words, match.start, match.end, clause, linked, sized.end() if sized else None)
            if kind in (None, NOT_INVESTMENT) and _SPENT_RIGHT_BEFORE.search(scan, max(clause[0], match.start - 8),
                                                                             match.start) and spends_on(scan[match.end:clause[1]]):
                # spent on building, research or buying: "还需要花数十亿美元租赁…" (not "花了4833万美元做广告")
                kind = "investment"
            sold_for = kind in (None, NOT_INVESTMENT) and bool(
                _BY_AN_AMOUNT.search(scan, max(clause[0], match.start - 4), match.start)) and bool(
                _SOLD_FOR.match(scan, match.end, clause[1])) and bool(_A_BUSINESS.search(scan, match.end, clause[1]) or "法拍" in scan)
            if sold_for:
                kind = "acquisition"  # sold for it: "以港幣25億元出售了…地皮", a judicial auction's "以近8.06億元價格成功拍出"
            if kind and _THRESHOLD.match(scan, match.end, clause[1]):
                kind = NOT_INVESTMENT  # a criterion, no sum paid: "到账经费1000万元及以上", "投资额5000万美元或以上的项目"
            if kind and rules.cut.search(_ascii_lower(scan[max(clause[0], match.start - 16):match.number_start])) and any(
                    0 <= w[0] - match.end <= _CUT_OF and w[3] in TABLE_KINDS for w in near_words):
                kind = NOT_INVESTMENT  # spending cut is not spent: "削减20亿美元以上的资本支出" (not "减少3亿元损失")
            # a state borrows by its bonds: "中国通过发行境外主权债筹资约60亿美元" (and receives the money, as a round's raiser)
            issued = kind == "funding round" and _issues_government_bonds(_ascii_lower(scan[clause[0]:clause[1]]), rules)
            if kind is None and _LINE_ITEM.fullmatch(scan[clause[0]:match.start]) and used is not None:
                # no keyword, but an amount that opens its clause and is used for something is a budget's
                # line: "超17亿美元用于网络安全工作" (not "他把3000万元用于偿还房贷": somebody's own money)
                kind = "investment"
                spent_on.add(len(found))
            if kind == "investment":
                # a promise, not money spent: "软银承诺对美国进行1000亿美元的投资", and with the verb
                # one clause before ("承诺在…任期内，对美国进行1000亿美元的投资")
                before = next((_clause(breaks, b_start, b_start, len(scan))[0] for b_start, b_end in breaks
                               if b_end == clause[0]), clause[0])
                # the amount's own words are not searched: 将近 ("nearly") promises nothing
                if rules.pledge_words.search(_ascii_lower(scan[before:match.start] + " " + scan[match.end:clause[1]])):
                    kind = "pledge"
            near = mentions[bisect.bisect_left(mention_starts, low):bisect.bisect_right(mention_starts, high)]
            actor, target = _parties(scan, match.start, match.end, near, rules, kind or UNKNOWN, breaks)
            if issued:
                kind, actor, target = "loan or debt", None, target or actor
            target_name = actor_name = None
            deal = kind not in (None, NOT_INVESTMENT, "valuation")
            if deal and not target:  # a deal's receiver, as written
                target_name = written_receiver(sentence[clause[0]:clause[1]], match.start - clause[0], match.end - clause[0],
                                               sentence[following[0]:following[1]] if following != clause else "")
                payer = taxonomy.entity(actor) if actor else None
                if target_name and payer and any(target_name in name for name in (payer.name_zh, payer.name_en, *payer.aliases)):
                    target_name = None  # "Bank of America said…": "of America" is the payer's own name
            if deal and not actor:  # and its payer
                actor_name = written_payer(sentence[clause[0]:match.start])  # "由X出资…": X pays, whoever the subject
                if kind == "government spending":  # a breakdown by level: "其中省级5315万元，市级3964万元"
                    actor_name = actor_name or level_payer(sentence[clause[0]:match.start])
                subject = None if actor_name else _written_subject(
                    sentence, clause, breaks, match.start,
                    functools.partial(_named_before, pieces, index, sentence))
                own_words = clause_words(sentence[clause[0]:match.start]) if subject else ()
                if subject is None or sold_for or target_name and (subject.name in target_name or target_name in subject.name):
                    pass  # (who sells for the amount receives it, and pays nothing)
                elif kind == "funding round" or issued:  # who raises money receives it: "中国中通招股…", not who leads it
                    if not target and not target_name and not _says_any(rules.investing, subject.words):
                        target_name = subject.name
                elif kind == "fund size" and subject.name.lower().endswith(_A_FUND):  # "省技改投资基金扩大至200亿元"
                    target_name = target_name or subject.name
                elif kind == "loan or debt" and _says_any(rules.borrowing, subject.words + own_words) \
                        or _says_any(rules.receiving, subject.words) or own_words[:1] and own_words[0] in rules.receiving:
                    # who borrows or gets the money receives it: "德国政府欲举债…", "Bluesky received $13M",
                    # "星门科技宣布，获得100亿元投资" (the amount's clause opening with it: not "Banks引用报告称，
                    # …企业获得了…", whose subject is its own)
                    target_name = target_name or (None if target else subject.name)
                elif _says_any(rules.not_paying, subject.words + own_words):
                    pass  # it receives, sells or speaks ("获得", "出售", "透露"), there or in the amount's own clause
                elif not subject.place or kind in _GOVERNMENTS_PAY:  # a country pays as its government
                    actor_name = subject.name
            if kind == "funding round" and not actor and not actor_name:
                actor_name = named_investor(sentence)  # "投资方包括BlackPine、中金公司…", "led by Sequoia"
                target_name = None if _names_one(target_name, actor_name) else target_name
            if kind == "acquisition" and not actor:
                # what is sold is bought by who it is sold to: "…出售给无线运营商" (the subject sells, it pays nothing)
                sold_to = rules.buyers.search(_ascii_lower(scan), clause[0], clause[1])
                buyer = named_at(sentence, sold_to.end()) if sold_to and language == "zh" else None
                if buyer:
                    actor_name = buyer
                    target_name = None if _names_one(target_name, buyer) else target_name
            previous = found[-1] if len(found) > first_of_sentence and _compares(scan, clause, breaks, merged, match,
                                                                                  rules) else None
            if previous and deal and not (actor or target or actor_name or target_name):
                # "…拨款29亿美元，较2022财年高出3.135亿美元": the change of the deal before it, between its parties
                actor, target = previous.actor, previous.target
                actor_name, target_name = previous.actor_name, previous.target_name
            usd: float | None
            if match.stated_usd:
                usd, usd_high = match.stated_usd
            else:
                usd = rules.usd(match.value, match.currency, year)
                usd_high = rules.usd(match.high, match.currency, year) if match.high else None
            found.append(Figure(value=match.value, value_high=match.high, currency=match.currency,
                                qualifier=match.qualifier, usd=usd, usd_high=usd_high,
                                text=sentence[match.start:match.end].strip(), sentence=sentence, actor=actor,
                                target=target, kind=kind or UNKNOWN, target_name=target_name, actor_name=actor_name))
        found[first_of_sentence:] = _respectively(found[first_of_sentence:], scan, [m.start for m in merged], taxonomy)
    found = _as_the_article_spends(found, spent_on)
    # an amount no keyword governed (another mention of it may have told) is no investment, and no deal has parties
    return tuple(replace(f, kind=NOT_INVESTMENT, actor=None, target=None, actor_name=None, target_name=None)
                 if f.kind == UNKNOWN
                 else f for f in _dedupe(found))


def _respectively(figures: list[Figure], sentence: str, starts: list[int], taxonomy: Taxonomy) -> list[Figure]:
    """A sentence's amounts given to the names it lists before "分别", in order: those of the clause
    that says it ("…分别投资10亿元、20亿元，合计30亿元": not the total), as many as the names. Payers,
    or receivers when the words between say they receive ("获拨付"). The list says better than the
    nearest mention whose each amount is."""
    if not any(f.kind in TABLE_KINDS for f in figures):
        return figures
    said = RESPECTIVELY.search(sentence)  # looked for once: a sentence may hold thousands of amounts
    at = next((at for at, start in enumerate(starts) if start >= said.end()), None) if said else None
    listed = respective(sentence, starts[at]) if said and at is not None else None
    if said is None or listed is None:
        return figures
    limit = next((m.start() for m in _CLAUSE_BREAK.finditer(sentence, said.end())), len(sentence))
    paired = [index for index in range(len(figures)) if said.end() <= starts[index] < limit]
    if len(paired) != len(listed.names):
        return figures
    # each name as the gazetteer's entity when it is one whole
    slugs = {name: next((term.slug for term, start, end in taxonomy.entity_matcher.finditer(name)
                         if end - start == len(name)), None) for name in listed.names}
    listed_as = {slugs[name] or name for name in listed.names}
    result = list(figures)
    for index, name in zip(paired, listed.names, strict=True):
        f, slug = result[index], slugs[name]
        if f.kind not in TABLE_KINDS:
            continue
        if listed.receiving:  # and a listed name is no payer of what the list receives ("腾讯、阿里巴巴分别获得软银投资…")
            payer_listed = (f.actor or f.actor_name) in listed_as
            result[index] = replace(f, target=slug, target_name=None if slug else name,
                                    actor=None if payer_listed else f.actor,
                                    actor_name=None if payer_listed else f.actor_name)
        else:
            result[index] = replace(f, actor=slug, actor_name=None if slug else name)
    return result


def _as_the_article_spends(found: list[Figure], spent_on: set[int]) -> list[Figure]:
    """Amounts only said to be used for something ("1700万美元用于紧急通信准备") take the kind the
    article's other spending has most, when that is government spending: a budget's lines."""
    kinds = Counter(f.kind for at, f in enumerate(found) if at not in spent_on and f.kind in TABLE_KINDS)
    if not spent_on or 2 * kinds["government spending"] <= sum(kinds.values()):  # more than half of it
        return found
    return [replace(f, kind="government spending") if at in spent_on and f.kind == "investment" else f
            for at, f in enumerate(found)]


def _dedupe(figures: list[Figure]) -> tuple[Figure, ...]:
    """The same amount repeated in one article is about the same thing (a headline and its story):
    one row, details filled in. Unless the two name different receivers: two deals of one size; or
    the amount is given by its size only ("数十亿美元"), which says nothing of which sum it is.
    (A payer is read less surely: "特朗普要求已表示将投资1000亿美元的孙正义…" repeats 孙正义's pledge.)"""
    rows: list[Figure] = []
    by_amount: dict[tuple, list[int]] = defaultdict(list)  # an amount -> its rows
    for figure in figures:
        if figure.qualifier == "vague":  # "数十亿美元" four times is four sums of some billions, not one
            rows.append(figure)
            continue
        same = by_amount[(figure.currency, round(figure.value, 6), round(figure.value_high or 0, 6))]
        at = next((i for i in same if not _other_deal(rows[i], figure)), None)
        if at is None:
            same.append(len(rows))
            rows.append(figure)
            continue
        first = rows[at]
        actor = first.actor or (figure.actor if figure.actor != (first.target or figure.target) else None)
        target_name = first.target_name or figure.target_name
        # a name one mention gives as payer and the other as receiver ("为CISA拨款…", "CISA拨款…") is the receiver
        actor_name = first.actor_name or (figure.actor_name if not _names_one(figure.actor_name, target_name) else None)
        rows[at] = replace(first, actor=actor, target=first.target or (figure.target if figure.target != actor else None),
                           qualifier=first.qualifier or figure.qualifier, kind=first.kind or figure.kind,
                           actor_name=actor_name, target_name=target_name)
    return tuple(rows)


def _names_one(name: str | None, other: str | None) -> bool:
    """Do two names as written name one party ("CISA", "网络安全与基础设施安全局（CISA）")?"""
    return bool(name and other and (name in other or other in name))


def _other_deal(one: Figure, other: Figure) -> bool:
    """Two mentions of one size that are two things: different receivers, or a deal and revenue."""
    if one.kind and other.kind and (one.kind in _NO_DEAL) != (other.kind in _NO_DEAL):
        return True
    if one.target and other.target:
        return one.target != other.target
    # receivers as written: two deals when neither names the other ("省技改投资基金", "粤澳合作发展基金")
    return bool(one.target_name and other.target_name and not _names_one(one.target_name, other.target_name))


_NO_DEAL = (NOT_INVESTMENT, "valuation")
