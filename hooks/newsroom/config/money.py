"""The grammar of amounts of money and the exchange rates, built from money.yml and rates.yml."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..patterns import LazyPattern, lazy_compile

if TYPE_CHECKING:
    from .schema import MoneyFile, RatesFile

NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
CN_NUMBER = r"[零〇一二两兩三四五六七八九十百千]+(?:[点點][零〇一二两三四五六七八九]+)?"
# Two or three scale words in one number: 134万9084亿 (= 1,349,084 亿), 1亿2000万 (= 12,000 万), 1万2000,
# 1兆1235億, 1亿零500万 (= 10,500 万), 8億573萬1040 (= 805,731,040), 2亿3千万 (= 23,000 万).
COMPOUND = r"\d+(?:\.\d+)?[万萬亿億兆](?:零?\d{1,4}[万萬])?零?(?:\d,\d{3}|\d[千百](?:\d[百十])*\d*|\d{1,4})(?![\d.千百十]|,\d)"
# Arabic digits with Chinese units: 7千4百亿 (= 7,400 亿), 1千1百多亿; cn2an reads them.
MIXED = r"\d+[千百](?:\d+[百十])*\d*"
# Amounts given only by their size: 数十亿 (a few tens of 亿), 几百万, 十几亿 (11 to 19 亿).
VAGUE = r"(?:好几|好幾|数|數|几|幾)[十百千]?|[一二两三四五六七八九]?十[几幾]"
# Two neighbouring digits, a range said loosely: 四五亿 (4 to 5 亿), 六七十亿 (60 to 70 亿), 两三百万; and
# 上亿, 逾亿, 过亿, 上千万, 上万亿 ("upwards of" one 亿, a thousand 万, one 万亿). A scale word must follow (figures.py).
APPROX = r"(?:一二|两三|兩三|二三|三四|四五|五六|六七|七八|八九)[十百千]?|(?<![不跌])(?:上|逾|过|過|破)[十百千]?(?=[万萬亿億])"  # not "跌破万元", "不过亿元"
# The same in English: "several billion", "a few hundred million" (a scale word follows), "billions
# of", "tens of billions of", "hundreds of millions of" (the scale is in the phrase): 2 to 9 of the unit.
VAGUE_EN = (r"(?<![A-Za-z])(?i:(?:several|a\s+few|a\s+couple\s+of)(?:\s+hundred)?(?=\s+(?:tr|b|m)illion\b)"
           r"|(?:(?:tens|hundreds)\s+of\s+)?(?:tr|b|m)illions\s+of)(?=\s)")


@dataclass(frozen=True)
class MoneyRules:
    """The compiled grammar and the exchange-rate table."""

    pattern: LazyPattern
    currency_hint: LazyPattern  # a cheap test: a sentence without any currency word holds no figure
    prefix_currency: dict[str, str]
    suffix_currency: dict[str, str]
    scales: dict[str, float]
    qualifier_of: dict[str, str]
    needs_scale: frozenset[str]
    kind_words: LazyPattern  # every kind keyword (and not_kind_words), longest first, on lowercased text
    kind_of: dict[str, tuple[int, str]]  # a lowercased keyword -> (its kind's place in money.yml, the kind); "": none
    pledge_words: LazyPattern
    copula: LazyPattern  # a copula right before an amount (its start: a qualifier such as 超过 included)
    target_markers: LazyPattern
    actor_markers: LazyPattern
    buyer_markers: LazyPattern  # before an entity: it buys what is sold ("出售给X", "sold to X"), so it pays
    buyers: LazyPattern  # the same words anywhere in a clause, for a buyer the gazetteer does not know
    deal_price: frozenset[str]  # price words that yield to an acquisition in their clause ("以…的价格收购"), lowercased
    not_paying: frozenset[str]  # words after a clause's subject: it is not the payer ("获得", "出售", "透露"), lowercased
    investing: frozenset[str]  # words after a funding round's subject: it invests in the round ("领投"), lowercased
    receiving: frozenset[str]  # words after a clause's subject: it receives the money ("获得", "received"), lowercased
    selling_or_helping: frozenset[str]  # words after a known name: it sells or helps, does not pay ("出售", "帮助")
    borrowing: frozenset[str]  # words after a clause's subject: it borrows or owes ("举债", "borrowed"), lowercased
    government_debt: LazyPattern  # a government's bonds named in a clause ("主权债", "treasury bond")
    compared: LazyPattern  # what opens a clause whose amount compares with the one before it ("较去年增加")
    cut: LazyPattern  # a verb of cutting right before an amount ("削减20亿美元的资本支出"): money not spent
    rates: dict[str, dict[int, float]]
    rates_source: str
    rate_words: LazyPattern
    bare_yuan: tuple[tuple[str, tuple[str, ...]], ...]  # per currency, the words that make a bare 元 it
    yen_sign: tuple[tuple[str, tuple[str, ...]], ...]  # the same for a ¥
    bare_yuan_places: tuple[tuple[str, tuple[str, ...]], ...]  # per currency, the places whose 元 it is
    place_currency: dict[str, str]  # a domain's country code -> its currency
    money_before: LazyPattern  # a word of money right before an amount with a scale word and no currency

    def usd(self, value: float, currency: str, year: int | None) -> float | None:
        if currency == "USD":
            return value
        table = self.rates.get(currency)
        if not table:
            return None
        years = sorted(table)
        year = min(max(year or years[-1], years[0]), years[-1])
        return value / table[year]


def _alternation(words: list[str], latin_edges: bool = True) -> str:
    parts = []
    for word in sorted(set(words), key=lambda w: (-len(w), w)):
        escaped = re.escape(word).replace(r"\ ", r"\s+")
        if latin_edges and word[-1].isalpha() and word[-1].isascii():
            escaped += r"(?![A-Za-z])"
        if latin_edges and word[0].isalpha() and word[0].isascii():
            escaped = r"(?<![A-Za-z])" + escaped
        parts.append(escaped)
    return "|".join(parts)


def build_money_rules(money: MoneyFile, rates: RatesFile) -> MoneyRules:
    """The grammar and the rates of the checked money.yml and rates.yml."""
    prefixes = {word: cur for cur, words in money.currency_prefixes.items() for word in words}
    suffixes = {word: cur for cur, words in money.currency_suffixes.items() for word in words}
    scales = dict(money.scales)
    before = {w: q for q, words in money.qualifiers_before.items() for w in words}
    after = {w: q for q, words in money.qualifiers_after.items() for w in words}
    kind_of: dict[str, tuple[int, str]] = {word.lower(): (priority, kind)
                                          for priority, (kind, words) in enumerate(money.kinds.items()) for word in words}
    # matched like keywords (the longest wins), then dropped: "低收入国家" is no "收入"
    kind_of |= {word.lower(): (-1, "") for word in money.not_kind_words}
    targets, actors = money.target_markers, money.actor_markers
    needs_scale = frozenset(money.needs_scale)
    rate_words = lazy_compile("|".join(map(re.escape, money.rate_words or ["(?!)"])), re.IGNORECASE)
    bare_yuan = tuple((cur, tuple(w.lower() for w in words)) for cur, words in money.bare_yuan_means.items())
    yen_sign = tuple((cur, tuple(w.lower() for w in words)) for cur, words in money.yen_sign_means.items())
    yuan_places = tuple((cur, tuple(w.lower() for w in words)) for cur, words in money.bare_yuan_places.items())
    table = {cur: dict(years) for cur, years in rates.per_usd.items()}
    number = f"(?:{COMPOUND}|{MIXED}|{VAGUE}|{APPROX}|{VAGUE_EN}|{NUMBER}|{CN_NUMBER})"
    scale = f"(?:{_alternation(list(scales))})"
    prefix = f"(?:{_alternation(list(prefixes))})"
    pattern = lazy_compile(
        # a match never starts inside a run of spaces: tried at each of 50,000 spaces, the pattern was quadratic
        rf"(?=\S)(?P<qual>(?i:{_alternation(list(before))}))?\s*+(?:为|為|是|达到|達到|到)?\s*+"
        rf"(?P<pre>{prefix})?\s*+"
        rf"(?<!\d)(?<!\d[.,])(?P<n1>{number})\s*+(?P<more>多|余|餘)?\s*+(?P<s1>(?i:{scale}))?(?P<more2>多|余|餘)?"
        # a range: "100亿至200亿美元", "$1-2 billion", and "700、800億元" (a 、 right after bare digits; not "10亿元、20亿元")
        rf"(?:(?:(?:\s*+(?:{_alternation(list(suffixes))}))?\s*+(?:-|–|—|~|～|至|到|to)|(?<=\d)、(?=\d))\s*+(?:{prefix})?\s*+"
        rf"(?P<n2>{number})\s*+(?P<s2>(?i:{scale}))?)?"
        rf"\s*+(?P<suf>{_alternation(list(suffixes))})?"
        rf"(?P<qa>{_alternation(list(after))})?"
        r"(?![年素件器旦宵朗满滿])"  # 元年, 元素, 元朗, 圓滿: not money
    )
    # matched on lowercased text, without IGNORECASE: a case-blind alternation is 17 times slower in `re`
    hint = lazy_compile("|".join(re.escape(w.lower()) for w in sorted({*prefixes, *suffixes, *money.money_before_bare_amount},
                                                                      key=len, reverse=True)))
    return MoneyRules(pattern, hint, prefixes, suffixes, scales, {**before, **after}, needs_scale,
                      lazy_compile(_keyword_alternation(list(kind_of))), kind_of,
                      lazy_compile(_keyword_alternation([w.lower() for w in money.pledge_words]) or "(?!)"),
                      lazy_compile(rf"(?:{_keyword_alternation([w.lower() for w in money.copula_words]) or '(?!)'})\s*$"),
                      _marker_regex(targets), _marker_regex(actors),
                      _marker_regex(money.buyer_markers),
                      lazy_compile(_keyword_alternation([w.lower() for w in money.buyer_markers]) or "(?!)"),
                      frozenset(w.lower() for w in money.deal_price_words),
                      frozenset(w.lower() for w in money.not_paying_words),
                      frozenset(w.lower() for w in money.investing_words),
                      frozenset(w.lower() for w in money.receiving_words),
                      frozenset(w.lower() for w in money.selling_or_helping_words),
                      frozenset(w.lower() for w in money.borrowing_words),
                      lazy_compile(_keyword_alternation([w.lower() for w in money.government_debt_words]) or "(?!)"),
                      lazy_compile(rf"\s*(?:{_keyword_alternation([w.lower() for w in money.compared_words]) or '(?!)'})"),
                      # the verb, then up to 4 characters of qualifiers ("削减约", "cut about", "减少了")
                      lazy_compile(rf"(?:{_keyword_alternation([w.lower() for w in money.cut_words]) or '(?!)'})"
                                   r"[了约約近超过過逾达達共计計总總額额]{0,4}\s*(?:(?:by|about|nearly|some|more than)\s+)*$"),  # not 至: "削减至N" is the new level
                      table, rates.source, rate_words, bare_yuan,
                      yen_sign, yuan_places, dict(money.place_currency),
                      # the word, then up to 4 characters of qualifiers, copulas and verbs of change ("超过", "达",
                      # "则有", "将增至"; not "人数达": a count)
                      lazy_compile(rf"(?:{'|'.join(map(re.escape, money.money_before_bare_amount)) or '(?!)'})"
                                   r"[了约約近超过過逾达達为為是有将將增减減至到则則最多少高共计計总額额规模規]{0,4}\s*$"))


def _keyword_alternation(words: list[str]) -> str:
    """Keywords for lowercased text, longest first: a Latin one starts a word ("raise" is not in
    "praise"), and one of four letters or fewer is a whole word or its plural ("arr" is not in
    "carry"; "loans" is a loan)."""
    parts = []
    for word in sorted(words, key=len, reverse=True):
        escaped = re.escape(word)
        if word[0].isascii() and word[0].isalpha():
            escaped = r"(?<![a-z])" + escaped
            if len(word) <= 4 and word[-1].isalpha():
                escaped += r"s?(?![a-z])"
        parts.append(escaped)
    return "|".join(parts)


def _marker_regex(words: list[str]) -> LazyPattern:
    """A marker at the end of the text before a mention: "向" right before it, "in" up to four words before."""
    cjk = [w for w in words if not w.isascii()]
    latin = [w for w in words if w.isascii()]
    parts = []
    if cjk:
        parts.append(rf"(?:{'|'.join(map(re.escape, cjk))})\s*$")
    if latin:
        parts.append(rf"(?<![A-Za-z])(?:{'|'.join(map(re.escape, latin))})\s+(?:[\w’'-]+\s+){{0,4}}$")
    return lazy_compile("|".join(parts) or "(?!)", re.IGNORECASE)  # no words: never a marker
