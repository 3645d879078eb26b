"""What a clause's structure says of who pays and who receives an amount (figures.py asks).

figures.py finds the gazetteer's entities first. Where the clause names a receiver the gazetteer
does not know ("向中橡（鞍山）化学工业有限公司增资", "a $100m investment in Staple Street"), the run
of nouns (Chinese, tagged by jieba) or of capitalised words (English) right after a receiver's
marker (向, 对, 给, 增资, 帮助, 捐助, in, into, to, for) or an acquiring verb (收购, acquire) is shown as
written, to a registered name's suffix (有限公司); else what the clause, or the next one opening with
it, says the money is used for ("用于…"); else what a spending verb buys, or the plan, bill or fund
the amount is the size of ("83亿美元的…法案", "a $100m initiative to …"); in English, whom loans or
grants go to ("in loans … to minority households").

A payer the gazetteer does not know is the subject its clause opens with (`written_subject`), and only
when it is a name: a proper noun (jieba's tags of organisations, places, people) or a run of nouns
ending as a body that spends does (政府, 国会, 委员会, 银行, 集团, 运营商, 县 ...), or in English a
capitalised name before a verb of paying or planning to ("Walmart said it would set up a $100m
initiative"). Subjects that are no party (bylines, datelines, "目标", "数据", "该计划") were wrong in
half the cases measured when any noun was taken; figures.py also drops a subject whose words say it
receives, sells or speaks (money.yml: not_paying_words) and a country outside government spending
and loans, and shows a subject that receives or borrows as the receiver. A clause that opens with its
verb, or with the size of what the clause before did (总额…), shares the sentence's subject
(`opens_with_its_verb`). A level of government opening a budget's line pays it (`level_payer`), the
name after 出售给 buys (`named_at`).
"""
from __future__ import annotations

import functools
import re
from typing import NamedTuple

from ..config.chinese_words import tagger

# jieba's part-of-speech tags of a name or a noun: nouns, people, places, organisations, other proper
# nouns, Latin words, abbreviations, and the direction words names open with
_NOMINAL = {"n", "nw", "nr", "ns", "nt", "nz", "nrt", "nrfg", "eng", "j", "ng", "f"}  # f: 中 in 中橡
# a run ending so is who reports, not a party: "财新记者", "路透上海12月9日电"
_REPORTING = ("记者", "記者", "报道", "報導", "电", "電", "社", "网", "網", "消息", "报", "報")
_JOINING = {"和", "与", "與", "及"}  # "深圳市人力资源和社会保障局": one name
_HAN = re.compile(r"[\u4e00-\u9fff]")  # Chinese text is tagged by jieba; other text read as English
_BRACKETS = set("（）()")
_OPENING, _CLOSING = "（(「《“", "）)」》”"  # pairs, by place
_GENERIC = {"公司", "企业", "企業", "政府", "方面", "当局", "當局", "双方", "雙方", "该公司", "該公司", "集团", "集團"}
# Receiver markers in Chinese: a preposition before the receiver, or a verb whose object it is
_CJK_MARKERS = re.compile(r"向|对(?!外)|對(?!外)|给|給|名为|名為|为|為|入股|收购|收購|并购|併購|买下|買下|买走|買走|购得|購得|购入|購入|认购(?!额)|認購(?!額)|注资|注資|增资|增資|投资于|投資於|帮助|幫助|协助|協助|捐助|捐赠|捐贈|捐给|捐給")
_NAME_CHARS = 40  # the longest receiver's name read after its marker
# jieba's tags of a proper name: organisation, place, person (not its "other proper noun", nz: "力争")
_PROPER = {"nt", "ns", "nr", "nrt", "nrfg"}
# what opens a clause before its subject: time words, numbers, adverbs, conjunctions, determiners ("这家")
_BEFORE_A_POINTER = ("t", "m", "q", "d", "c")
_BEFORE_SUBJECT = (*_BEFORE_A_POINTER, "r")  # and determiners ("这家"), which a pointer opens with
_POINTING = set("这這该該此那其")  # what opens a phrase that points back: "这家", "该公司", "其"
_POINTING_WORDS = ("后者", "後者", "前者", "对方", "對方")
_DATELINE = re.compile(r"\s*\d{1,2}月\d{1,2}日\s*(?:电|電|讯|訊|[-–—])")  # "路透10月1日 -": who reports, not who pays
_SUBJECT_CHARS = 80  # of a clause read for its subject and its verb
# how a paying body's name ends when jieba knows it as no proper noun
_BODY = re.compile(r"(政府|当局|當局|国会|國會|议会|議會|议院|議院|委员会|委員會|理事会|理事會|部|局|署|厅|廳|银行|銀行|"
                   r"公司|集团|集團|基金|资本|資本|控股|创投|創投|科技|国际|國際|证券|證券|保险|保險|航空|地产|地產|置地|实业|實業|"
                   r"电信|電信|电子|電子|汽车|汽車|医药|醫藥|信托|信託|租赁|租賃|金控|党|黨|省|市|县|縣|州|企业|企業|运营商|運營商|机构|機構|"
                   r"组织|組織|协会|協會|大学|大學|联盟|聯盟|计划署|計劃署|合作方|投资方|投資方|出资方|出資方|买方|買方|收购方|收購方)$")
# a body's suffix that is a whole name alone ("国会通过了…"; "資本" alone is none)
_WHOLE_BODIES = {"国会", "國會", "议会", "議會", "参议院", "參議院", "众议院", "眾議院", "国务院", "國務院", "港府", "澳府",
                 "行政院", "立法院"}
# what a subject's run of nouns may end with that is not the body: "福建计划…", "欧盟资金"
_NOT_BODY = ("计划", "計劃", "规模", "規模", "资金", "資金", "支出", "投资", "投資", "项目", "項目", "预算", "預算", "补贴", "補貼")
_MARKERS_TRIED = 3  # the markers nearest the amount: a receiver stands by its verb
_REGISTERED = re.compile(r"[^，,。；;：:、的\s]{2,36}?(?:有限公司|有限責任公司|有限责任公司|股份有限公司|股份公司)")
_PURPOSE = re.compile(r"(?:主要|将|將|全部|专门|專門)?(?:被)?(?:用于|用於|用来|用來|用作|用以)")  # "将被用于"
_PURPOSE_WITHIN = 12  # characters after the amount its purpose is said ("…的资金将用于…")
_CAPITALISED = r"[A-Z][\w&'’.-]*"
# possessive: a run of capitalised words is read one way only (two ways per word made a line of forty
# "NEWS" take hours to fail)
_LATIN_NAME = re.compile(rf"{_CAPITALISED}(?:\s+(?:(?:of|and|&|de|la)\s+)?{_CAPITALISED})*+")
_LATIN_RECEIVER = re.compile(rf"\b(?:in|into|to|for|acquired?|acquiring|acquires|buy|buys|bought|of)\s+(?:the\s+)?"
                             rf"({_LATIN_NAME.pattern})")
# a name, then a verb of paying or of planning to, maybe in what it said ("Walmart said it would set up…");
# not "said", "is" or "will" alone, which follow any subject ("Officials said the stimulus would pass")
_LATIN_SUBJECT = re.compile(rf"^\s*(?:[Tt]he\s+)?({_LATIN_NAME.pattern})\s+(?:(?:said|says|announced) (?:it|they) )?"
                            r"(?:(?:will|would|plans? to|planned to|agreed to|is to|has agreed to)\s+)?(?:plans?|planned|announced|announces|agreed|agrees|invest(?:s|ed)?|"
                            r"pledged|pledges|promised|promises|raised|raises|committed|commits|set|sets|unveiled|"
                            r"approved|approves|allocated|allocates|spent|spends|offered|offers|provided|provides|"
                            r"invest|spend|commit|provide|lend|lent|pay|paid|buy|bought|acquire|acquired|fund|funded|"
                            r"received|receives|secured|secures|obtained)\b")
_NOT_NAMES = {"The", "It", "He", "She", "They", "We", "I", "This", "That", "These", "Those", "A", "An", "Its",
              "Their", "His", "Her", "Our", "US", "U.S.", "UK", "EU", "CEO", "AI",
              # a sentence's capitalised first word that names nobody
              "Officials", "Analysts", "Sources", "Investors", "Experts", "Critics", "Investment", "Funding",
              "Company", "Government", "Reuters", "Bloomberg",
              # "in April": a time, not a receiver
              "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Sep", "Oct", "Nov",
              "Dec", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}


@functools.lru_cache(maxsize=4096)  # an amount's clause is read for each amount in it
def _noun_runs(text: str) -> tuple[tuple[int, int], ...]:
    """Where the runs of nominal words in `text` start and end ("和" between two nouns joins them)."""
    runs: list[tuple[int, int]] = []
    at = 0
    run: list[int] = []  # start, end of the open run
    latin = False  # the run's last word is Latin: a space may join the next ("Staple Street")
    for pair in tagger().cut(text, HMM=True):
        word, tag = pair.word, pair.flag
        start, at = at, at + len(word)
        spaced = latin and word.isspace()
        if tag in _NOMINAL or run and (word in _BRACKETS or (word in _JOINING or spaced) and run[1] == start):
            if not run:
                run = [start, at]
            if word not in _JOINING and not spaced:
                run[1] = at
            latin = tag == "eng"
        elif run:
            runs.append((run[0], run[1]))
            run, latin = [], False
    if run:
        runs.append((run[0], run[1]))
    return tuple(runs)


def _name(text: str) -> str | None:
    name = _balanced(text.strip(" “”\"'.,"))
    if len(name) < 2 or name in _GENERIC or name in _NOT_NAMES or name.endswith(_REPORTING):
        return None
    return name


def _balanced(text: str) -> str:
    """The text cut before a bracket it never closes and without a closing one it never opened:
    "研发（AI" -> "研发", "计画」" -> "计画"; "网络安全工作（CISA）" stays."""
    opened: list[int] = []
    unopened: set[int] = set()
    for at, char in enumerate(text):
        if char in _OPENING:
            opened.append(at)
        elif char in _CLOSING:
            if opened and _OPENING.index(text[opened[-1]]) == _CLOSING.index(char):
                opened.pop()
            else:
                unopened.add(at)
    end = opened[0] if opened else len(text)
    return "".join(char for at, char in enumerate(text[:end]) if at not in unopened).strip()


# a clause opening with the size of what the clause before did: "…把国防预算提高了10%以上，总额增加至4534亿"
_SIZE_OF_IT = ("总额", "總額", "总计", "總計", "合计", "合計", "总金额", "總金額", "金额", "金額", "总共", "總共",
               "融资额", "融資額", "募资额", "募資額", "投资额", "投資額")  # "陆金所完成A轮融资，融资额4.85亿美元"


def opens_with_its_verb(clause: str) -> bool:
    """Does the clause leave its subject to the sentence ("…，将其投资额提高到2000亿美元", "bringing …",
    "总额增加至…")?"""
    clause = clause.lstrip()
    if not _HAN.search(clause):
        return clause[:1].islower()
    return clause.startswith(_SIZE_OF_IT) or _opens_with_a_verb(clause[:8])  # its first word is all that counts


@functools.lru_cache(maxsize=4096)  # each clause is asked for each amount after it in its sentence
def _opens_with_a_verb(head: str) -> bool:
    """Does the text open with a verb, an adverb or a preposition, after a joining word ("并宣布了…")?"""
    words = [pair for pair in tagger().cut(head, HMM=True) if pair.word.strip()]
    first = next((pair for pair in words if pair.word not in _JOINING_CLAUSES), None)
    return first is not None and first.flag[:1] in ("v", "d", "p")


# what joins a clause to the one before, its subject shared: "…，并宣布了7000亿美元的债券购买计划"
_JOINING_CLAUSES = {"并", "並", "并且", "並且", "而且", "且", "同时", "同時", "随后", "隨後"}


def names_a_noun(text: str) -> bool:
    """Does Chinese text open with a noun ("运营商投资…" after 中国: the country says whose operators)?"""
    if not _HAN.match(text):
        return False
    first = next(iter(tagger().cut(text[:6], HMM=True)), None)
    return first is not None and first.flag in _NOMINAL - {"f"}


def written_receiver(clause: str, amount_start: int, amount_end: int, next_clause: str = "") -> str | None:
    """The receiver the clause names after a receiver's marker, as written; else what the money is
    for, when the clause says it after the amount ("超17亿美元用于网络安全工作") or the next clause opens
    saying it ("…拨款约83亿美元，用于遏制新冠病毒的传播"); else what a spending verb says it buys or
    where it goes (`_object_of_spending`, `_field_of_spending`); else the plan, bill or fund the
    amount is the size of ("一项83亿美元的疫苗研究和疫情预防法案")."""
    if not _HAN.search(clause):
        found = _LATIN_RECEIVER.search(clause, amount_end) or _LATIN_RECEIVER.search(clause[:amount_start])
        if found:
            return _name(found.group(1))
        found = _LENT_TO.match(clause, amount_end) or _LATIN_PLAN.match(clause, amount_end)
        return _name(found.group(1)) if found else None
    return (_marked_receiver(clause, amount_start, amount_end) or _plan_named_before(clause[:amount_start])
            or _purpose(clause[amount_end:])
            or _next_purpose(next_clause) or _object_of_spending(clause[amount_end:])
            or _field_of_spending(clause[:amount_start]) or _plan_sized(clause[amount_end:]))


# a plan, bill, fund or project the amount is the size of, named right after it: "83亿美元的疫苗研究和疫情
# 预防法案", "1.7万亿美元的综合支出法案", "50亿美元的教育基金", "7千4百亿美元的《2021年度国防授权法》"
_PLAN_SIZED = re.compile(r"\s*(?:的|之)\s*((?:[^，,。；;、的\s（(]{2,20}?(?:计划|計劃|计画|計畫|法案|基金|项目|項目|工程|倡议|倡議|方案))"
                         r"|《[^》]{2,30}》)")
# in English, whom money given as loans, grants or aid goes to, said after it: "$30bn in loans over five
# years to minority households and businesses"; and the plan or fund it is the size of: "a $100m
# initiative to fight racism" (lowercase phrases: no name, so read only in these shapes)
# (a phrase's words: not a preposition or a determiner, which start another phrase: "to the firm for expansion")
_PHRASE_WORD = r"(?!(?:to|for|in|on|at|by|with|from|of|a|an|the|its|their|as|over|into)\b)[a-z][\w-]*"
# (after "to": not a verb of what the money does: "in funding to support its research")
_DOING = r"(?!(?:support|fund|help|build|pay|cover|expand|develop|buy|boost|fight|improve|create|finance|invest|hire|make|keep|"\
         r"cut|reduce|meet|bring|grow|speed|accelerate)\b)"
_LENT_TO = re.compile(r"\s*in\s+(?:new\s+)?(?:loans?|grants?|aid|funding|financing|subsidies|credit)\b[^.;,]{0,40}?\s(?:to|for)\s+"
                      rf"((?:the\s+)?{_DOING}{_PHRASE_WORD}(?:\s+(?:and\s+|of\s+)?{_PHRASE_WORD}){{0,5}})")
_LATIN_PLAN = re.compile(rf"\s*((?:{_PHRASE_WORD}\s+){{0,2}}(?:initiative|fund|programme|program|plan|package|facility)"
                         rf"(?:\s+(?:to|for)\s+{_PHRASE_WORD}(?:\s+{_PHRASE_WORD}){{0,4}})?)\b")
_NEXT_PURPOSE_WITHIN = 6  # characters a clause may open with before its "用于": "资金主要用于…"


# a plan, bill or fund named right before its amount, in a list of them: "包括「台灣5G行動方案」204億元、大A+計畫約50億元",
# "「推動5G發展計畫」規模約500億元" (its name quoted, or ending as a plan's does; then its size's words)
_PLAN_BEFORE = re.compile(r"(?:^|[、，,；;：:]|包括|包含|其中)?\s*((?:「[^」]{2,30}」|《[^》]{2,30}》|“[^”]{2,30}”)|[^\s、，,；;：:「」《》“”的]{2,20}?"
                          r"(?:计划|計劃|计画|計畫|法案|基金|方案|预算|預算))\s*(?:规模|規模|总额|總額|预算|預算|经费|經費)?"
                          r"\s*(?:编列|編列)?\s*(?:约|約|逾|超过|超過|近|达|達|为|為|共|共计|共計)?\s*$")


def _plan_named_before(before: str) -> str | None:
    """The plan an amount is the size of, named right before it; unquoted, only a run of nouns ("大A+計畫";
    not "政府将投入该计划")."""
    found = _PLAN_BEFORE.search(before)
    if found is None or found.group(1)[:1] in _POINTING:
        return None
    name = found.group(1)
    if name[:1] not in "「《“":
        # the run of nouns that ends the name: "加計新式戰機採購特別預算" is 新式戰機採購特別預算
        runs = [run for run in _noun_runs(name) if run[1] == len(name)]
        if not runs or len(name) - runs[-1][0] < 4 or name[runs[-1][0] - 1:runs[-1][0]] in _POINTING:
            return None  # "该计划", a plan pointed back at; "预算" alone names none
        name = name[runs[-1][0]:]
    return _name(name.strip("「」《》“”"))


def _plan_sized(after: str) -> str | None:
    found = _PLAN_SIZED.match(after)
    if found is None or found.group(1)[:1] in _POINTING:
        return None
    return _name(found.group(1))


def _next_purpose(next_clause: str) -> str | None:
    """What the clause after the amount's says the money is for, when it opens saying so ("用于…").
    (Whom it helps, "…，帮助各大医院抗击疫情", is not read: jieba's nouns there ran on into the verb
    phrase, "企业渡过难关".)"""
    found = _next_use(next_clause)
    return _rest_named(next_clause[found.end():]) if found is not None else None


# what the money buys, said by the verb right after the amount: "斥资2000万英镑研发…的呼吸机",
# "花数十亿美元租赁建设蜂窝塔所需的房地产"
_SPENT_ON = re.compile(r"\s*(?:的资金|的資金|资金|資金)?\s*(?:来|來|以|用来|用來)?\s*(研发|研發|建造|建设|建設|兴建|興建|购买|購買|"
                       r"购置|購置|收购|收購|租赁|租賃|开发|開發|扩建|擴建|改造|援助|资助|資助)")
# where it goes, said before it: "在洁净煤补贴上面就又要花4000万元" (only adverbs between: "在发布会上表示将
# 投资" is where it was said, "在美国上市的…" a listing)
_SPENT_IN = re.compile(r"在([^，,。；;在]{2,20}?)(?:上面|上|方面|领域|領域)[就又要再还還需将將共了]{0,4}"
                       r"(?:花|花费|花費|支出|投入|投资|投資|斥资|斥資|拨款|撥款)[^，,。；;]{0,4}$")
# a budget's line, its amount in brackets after it: "住房保障支出 (20.4 亿元)" (not "增长的财政支出")
_LINE_OF = re.compile(r"([^\s，,。；;、（(：:的]{2,12})(?:支出|开支|開支|预算|預算|拨款|撥款)\s*[（(]\s*$")
_NOT_AN_OBJECT = ("的", "了", "着", "著", "过", "過")  # "建设的大桥": the thing is before the verb; "收购了": a tense


def spends_on(after: str) -> bool:
    """Does the text right after an amount say it buys, builds or develops something ("…租赁建设蜂窝塔")?"""
    return _SPENT_ON.match(after) is not None


def _object_of_spending(after: str) -> str | None:
    """What the verb right after the amount says the money buys, to the clause's end; None where the
    verb is part of a longer word (开发区) or what follows is no object (的, 了, 其)."""
    found = _SPENT_ON.match(after)
    if found is None:
        return None
    verb_at = found.start(1)
    first_word = next(iter(tagger().cut(after[verb_at:verb_at + 8], HMM=True)), None)
    if first_word is None or first_word.word != found.group(1):  # "开发区内的产业园": 开发区 is a place
        return None
    spent_on = after[found.end():].strip(_QUOTES_AND_STOPS)
    if spent_on.startswith(_NOT_AN_OBJECT) or spent_on[:1] in _POINTING:
        return None
    return _rest_named(spent_on)


def _field_of_spending(before: str) -> str | None:
    """Where the text before the amount says the money is spent ("在X上面花", "X支出 ("); None where it
    points back to something named before ("在这方面")."""
    found = _SPENT_IN.search(before)
    if found is not None and found.group(1)[0] in _POINTING:
        return None
    found = found or _LINE_OF.search(before)
    return _name(found.group(1)) if found else None


# who pays, said with 由 right before the amount: "由招商银行出资14亿元" (not 经由, 自由, 理由; one name, no list)
_PAID_BY = re.compile(r"(?<![经經自理])由([^，,。；;由、]{2,24}?)(?:共同|分别|分別|全额|全額)?(?:出资|出資|投资|投資|提供|拨款|撥款|注资|注資|"
                      r"认购|認購|支付|承担|承擔|资助|資助|拨付|撥付)(?:了)?\s*(?:约|約|逾|超过|超過|近)?\s*$")


def written_payer(before: str) -> str | None:
    """The payer the clause names after 由 right before the amount, as written ("由招商银行出资14亿元")."""
    found = _PAID_BY.search(before)
    return _name(found.group(1)) if found and names_a_noun(found.group(1)) else None


# who a funding round's sentence says invests in it: "投资方包括BlackPine、中金公司、鼎晖投资等", "C轮融资领头者包括卡塔尔
#投资局…", "in a round led by Sequoia Capital" (the first one named: the lead, or the list's head)
_INVESTORS = re.compile(r"(?:投资方|投資方|投资者|投資者|投资人|投資人|领投方|領投方|领投者|領投者|领头者|領頭者|出资方|出資方)"
                        r"(?:包括|包含|为|為|是|有)\s*([^，,。；;、（(]{2,40}?)\s*(?:[、，,。；;（(]|等|$)")
_LED_BY = re.compile(rf"\b(?:led|co-led|backed) by\s+(?:the\s+)?({_LATIN_NAME.pattern})")


def named_investor(sentence: str) -> str | None:
    """The first investor a funding round's sentence names ("投资方包括…", "led by …"), as written; a
    name, not a description ("投资人是一家国有企业", "led by Chief Executive John Smith")."""
    found = _INVESTORS.search(sentence) or _LED_BY.search(sentence)
    name = _name(found.group(1)) if found else None
    if name is None or "的" in name or name[:1] in _POINTING or name.startswith(("一家", "一個", "一个", "此前", "多家", "Chief", "CEO")):
        return None
    return name


# a level of government a budget's breakdown opens its clause with: "其中省级5315万元，市级3964万元"
_LEVEL = re.compile(r"\s*(?:其中|另外|另有|此外)?\s*((?:中央|省|市|县|縣|区|區|乡|鄉|镇|鎮|地方)"
                    r"(?:级财政|級財政|级|級|财政|財政|政府))")


def level_payer(clause_before: str) -> str | None:
    """The level of government the clause opens with ("省级", "中央财政", "县政府"), when it names one."""
    found = _LEVEL.match(clause_before)
    return found.group(1) if found else None


def use_at(after: str, next_clause: str) -> tuple[int, int] | None:
    """Where the words saying what the money is used for start: in the text after the amount (0,
    offset), or at the opening of the next clause (1, offset); None when neither says it."""
    found = _use(after)
    if found is not None:
        return 0, found.start()
    found = _next_use(next_clause)
    return (1, found.start()) if found is not None else None


def _use(after: str) -> re.Match[str] | None:
    found = _PURPOSE.search(after, 0, _PURPOSE_WITHIN + 6)
    return found if found is not None and found.start() <= _PURPOSE_WITHIN else None


def _next_use(next_clause: str) -> re.Match[str] | None:
    found = _PURPOSE.search(next_clause, 0, _NEXT_PURPOSE_WITHIN + 6)
    return found if found is not None and found.start() <= _NEXT_PURPOSE_WITHIN else None


def _purpose(after: str) -> str | None:
    """What the rest of the clause says the money is used for, up to its end: "用于遏制新冠病毒的传播"."""
    found = _use(after)
    if found is None:
        return None
    return _rest_named(after[found.end():])


_QUOTES_AND_STOPS = " “”\"'「」《》。．.！!"


def _rest_named(rest: str) -> str | None:
    """The rest of a clause, after the words that say what the money is for, as a name: unquoted,
    and only when it is short enough to be one."""
    rest = rest.strip(_QUOTES_AND_STOPS)
    return _name(rest) if 2 <= len(rest) <= _NAME_CHARS else None


def _marked_receiver(clause: str, amount_start: int, amount_end: int) -> str | None:
    """The run of nouns right after the receiver's marker nearest the amount."""
    # the marker nearest the amount: "通过网络向媒体泄露的草案要求中国向伊朗…投资" is about 伊朗, not 媒体;
    # a word of its own (对 is none in 对策, 为 none in 成为), but 给 ends its verb's word (拨给, 交给)
    markers = [m for m in _CJK_MARKERS.finditer(clause) if not amount_start <= m.end() < amount_end
               and (len(m.group()) > 1 or m.group() in "给給" or _whole_word(clause, m.start(), m.end()))]
    nearest = sorted(markers, key=lambda m: amount_start - m.end() if m.end() <= amount_start else m.start() - amount_end)
    for marker in nearest[:_MARKERS_TRIED]:  # a clause of a thousand 对 is not tagged a thousand times per amount
        named = named_at(clause, marker.end())
        if named:
            return named
    return None


def _whole_word(text: str, start: int, end: int) -> bool:
    """Is text[start:end] a word of its own to jieba, not part of one ("对" is none in 对策, 面对)?"""
    at = max(0, start - 4)
    for pair in tagger().cut(text[at:end + 4], HMM=True):
        if at == start:
            return at + len(pair.word) == end
        if at > start:
            return False
        at += len(pair.word)
    return False


def named_at(text: str, at: int) -> str | None:
    """The name the run of nouns at `at` gives ("分配给 CDC", "出售给美国Liberty"), as written."""
    # only the words right after the marker are tagged: jieba's tagger costs a millisecond a clause
    after = text[at:at + _NAME_CHARS].lstrip()
    runs = _noun_runs(after)
    if not runs or runs[0][0] != 0:
        return None
    # a company's registered name runs to its suffix, however jieba cuts the words before it
    registered = _REGISTERED.match(after)
    return _name(after[:max(runs[0][1], registered.end() if registered else 0)])


RESPECTIVELY = re.compile(r"分别|分別")  # "北京、江苏分别上缴…"
_LIST_BREAK = re.compile(r"[，,；;：:。]")
_ITEM_CHARS = 12  # of a listed name
_PAIR = re.compile(r"和|与|與|及")
_MARKED = re.compile(r"向|对|對|给|給|从|從")  # before the list: its names receive or give, not do (为: also "are")
_RECEIVING = re.compile(r"获|獲|收到|得到|接受|接收")  # between the list and the amounts: its names receive


class Listed(NamedTuple):
    """Names a sentence lists before "分别", in order, and whether what it says of them is receiving."""

    names: list[str]
    receiving: bool


def respective(sentence: str, first_amount: int) -> Listed | None:
    """The names a sentence lists before "分别" (respectively), when the amounts from `first_amount`
    on are theirs: "北京、江苏、安徽，分别上缴资金364.19亿元、177.11亿元、116.24亿元" (payers), "辽宁、黑龙江
    获拨付资金最多，分别达到…" (receivers). Only names of parties (places, people, organisations,
    bodies: "芯片、电池项目" are no payers), and none after a marker ("向北京、上海分别投资": those receive).
    None when the sentence says no "分别" before its first amount, or lists no such names before it."""
    said = RESPECTIVELY.search(sentence, 0, first_amount)
    if said is None:
        return None
    # the list: the text back to the clause break before "分别", or (分别 opening its clause) the clause before it
    before = sentence[:said.start()].rstrip(" ，,")
    listing = _LIST_BREAK.split(before)[-1]
    # "北京、江苏、安徽"; two names may be joined by one 和 ("腾讯和阿里巴巴分别投资…": jieba reads them as one
    # run), not one body's name ("深圳市人力资源和社会保障局")
    if "、" in listing:
        items = [item.strip() for item in listing.split("、")]
    elif len(_PAIR.findall(listing)) == 1 and not _BODY.search(listing.strip()):
        items = [item.strip() for item in _PAIR.split(listing)]
    else:
        return None
    if len(items) < 2 or any(not 1 <= len(item) <= 3 * _ITEM_CHARS for item in items):
        return None
    # the first item may open with the clause's words ("其次为北京"), the last run on into its verb ("黑龙江获拨付…")
    first_runs, last_runs = _noun_runs(items[0]), _noun_runs(items[-1])
    if not first_runs or not last_runs or last_runs[0][0] != 0 or _MARKED.search(items[0][:first_runs[-1][0]]):
        return None
    items[0] = items[0][first_runs[-1][0]:first_runs[-1][1]]
    rest = items[-1][last_runs[0][1]:]
    items[-1] = items[-1][:last_runs[0][1]]
    names = [name for item in items if (name := _name(item)) and len(name) <= _ITEM_CHARS and _names_a_party(name)]
    if len(names) != len(items):
        return None
    return Listed(names, bool(_RECEIVING.search(rest + sentence[said.end():first_amount])))


def _names_a_party(name: str) -> bool:
    """A name a party goes by: a place, a person or an organisation as jieba tags its last word, or a
    body's ("…局", "…公司"); not a thing ("芯片", "电池项目", "A轮")."""
    words = list(tagger().cut(name, HMM=True))
    return bool(words) and (words[-1].flag in _PROPER | {"nz"} or bool(_BODY.search(name)))


class Subject(NamedTuple):
    """The name a clause opens with, as written; its words up to the amount (jieba's, or English
    words); whether jieba tags it a place (a country pays only as its government)."""

    name: str
    words: tuple[str, ...]
    place: bool


@functools.lru_cache(maxsize=4096)  # a clause is read for each amount it holds and each amount after it
def written_subject(clause: str) -> Subject | None:
    """The name the clause (its text before the amount) opens with, and what follows it; None unless
    a verb or a preposition follows the name ("鴻海以…", "共和党则希望…"; "多达4500页" has no subject)."""
    clause = clause[:_SUBJECT_CHARS]
    if not _HAN.search(clause):
        found = _LATIN_SUBJECT.match(clause)
        name = _name(found.group(1)) if found else None
        return Subject(name, tuple(re.findall(r"\w+", clause[found.end(1):].lower())), False) \
            if found and name else None
    words = [(pair.word, pair.flag) for pair in tagger().cut(clause, HMM=True)]
    at = _past_opening(words, _BEFORE_SUBJECT)
    latin = _latin_subject(clause[sum(len(word) for word, _ in words[:at]):])
    if latin is not None:
        return latin
    run = _nominal_run(words, at)
    if run and at + len(run) < len(words) and words[at + len(run)][0] in ("的", "之"):
        # "民主党领导的众议院通过了…": the head after 的 is the subject, what is before it its modifier
        head = _nominal_run(words, at + len(run) + 1)
        if head:
            at, run = at + len(run) + 1, head
    while run and run[-1][1] == "vn":  # "华为投资100亿": 投资 is the verb
        run.pop()
    rest = words[at + len(run):]
    while run and run[-1][0] in _NOT_BODY:
        run.pop()
    text = "".join(word for word, _ in run)
    body = _BODY.search(text)
    # a name's head is its last word ("美国原油期货" names futures, not a payer), a suffix alone is none
    # ("資本"); "这家工程集团", "后者" point back to a name before them: not shown rather than shown wrong
    if any(word[:1] in _POINTING for word, _ in words[:at]) or text.startswith(_POINTING_WORDS):
        return None
    if not run or not (run[-1][1] in _PROPER or text in _WHOLE_BODIES or body and body.start() > 0) \
            or not _acts(rest):
        return _before_a_paying_verb(words, at)
    name, after = _name(text), "".join(word for word, _ in rest)
    if not name or _DATELINE.match(after):
        return None
    return Subject(name, tuple(word.lower() for word, _ in rest if word.strip()), run[-1][1] == "ns" and not body)


# a verb of paying a name stands right before, maybe after adverbs: "延陵斥資逾4億元", "微软以500亿美元收购"
_PAYING_VERBS = {"斥资", "斥資", "斥資逾", "投资", "投資", "出资", "出資", "注资", "注資", "收购", "收購", "并购", "併購", "拨款",
                 "撥款", "入股", "增资", "增資", "认购", "認購", "买下", "買下"}  # not 以 ("以1.2亿元拍出": a seller), not 耗资
# of those, the ones that are nouns too: right after a word they name a kind of it ("技改投资"), unless an
# adverb comes between ("苹果将投资…")
_NOUNS_TOO = {"投资", "投資", "出资", "出資", "注资", "注資", "收购", "收購", "并购", "併購", "拨款", "撥款", "入股", "增资", "增資",
              "认购", "認購"}
# jieba's guesses at an unknown name; a common noun it knows ("散户", "买家", "市民") is none
_NAME_WORD_TAGS = {"nr", "ns", "nt", "nz", "nrt", "nrfg", "j", "a", "eng"}
_NAME_CHARS_BEFORE_VERB = 8


def _before_a_paying_verb(words: list[tuple[str, str]], at: int) -> Subject | None:
    """A name jieba does not know as one (it tags 微软 an adjective, 欣興 too) when a verb of paying
    follows it, maybe after adverbs and time words: "延陵斥資逾4億元", "微软以500亿美元收购"."""
    name_end = at
    while name_end < len(words) and words[name_end][1] in _NAME_WORD_TAGS:
        name_end += 1
    verb = name_end
    while verb < len(words) and words[verb][1][:1] in ("d", "t"):
        verb += 1
    text = "".join(word for word, _ in words[at:name_end])
    # one or two words: an unknown name jieba cut; a longer run, or a place and a thing, is a phrase
    # ("美国原油期货" names futures)
    if not 2 <= len(text) <= _NAME_CHARS_BEFORE_VERB or name_end - at > 2 or name_end - at == 2 and words[at][1] == "ns" \
            or verb >= len(words) or words[verb][0] not in _PAYING_VERBS \
            or verb == name_end and words[verb][0] in _NOUNS_TOO:  # "僑外投資", "技改投资": a kind of investment
        return None
    name = _name(text)
    if name is None or name.endswith(_NOT_BODY):
        return None
    rest = words[name_end:]
    return Subject(name, tuple(word.lower() for word, _ in rest if word.strip()), False)


# a phrase that points back at a party named before it, opening a clause: "该公司获得了…", "这家工程集团今年
# 曾斥资…", "它们还需要花…" (not "该计划", "这笔资金": things, which pay nothing)
_POINTER = re.compile(r"(?:该|該|这家|這家|此|该家|該家)[\u4e00-\u9fff]{0,4}?(?P<firm>公司|集团|集團|企业|企業|银行|銀行|机构|機構|"
                      r"运营商|運營商|制造商|製造商|厂商|廠商)|它们|它們|它")
# how a government's or a party's name ends: no company's ("日本政府表示…。该公司获得了…" is not the government)
_GOVERNING = re.compile(r"(?:政府|当局|當局|国会|國會|议会|議會|议院|議院|委员会|委員會|部|局|署|厅|廳|党|黨|省|市|县|縣|州)$")


class Pointer(NamedTuple):
    """A clause's pointer at a party named before it: whether it says a company ("该公司"; "它们" says
    not), and the clause's words after it."""

    firm: bool
    words: tuple[str, ...]

    def could_name(self, subject: Subject) -> bool:
        """Could the pointer name this subject? Never a place; a company no government."""
        return not subject.place and not (self.firm and _GOVERNING.search(subject.name))


@functools.lru_cache(maxsize=4096)
def points_back(clause: str) -> Pointer | None:
    """The pointer the clause opens with, its time words and adverbs aside ("后来该公司获得了…"), when
    it names its party only so and a verb follows; else None. Not a pointer that owns what follows
    ("该公司的营收")."""
    clause = clause[:_SUBJECT_CHARS]
    if not _HAN.search(clause):
        return None
    words = [(pair.word, pair.flag) for pair in tagger().cut(clause, HMM=True)]
    head = "".join(word for word, _ in words[_past_opening(words, _BEFORE_A_POINTER):])
    found = _POINTER.match(head)
    if found is None:
        return None
    rest = [(pair.word, pair.flag) for pair in tagger().cut(head[found.end():], HMM=True) if pair.word.strip()]
    if not rest or rest[0][0] == "的" or rest[0][1] in _NOMINAL or not _acts(rest):
        return None
    return Pointer(bool(found.group("firm")), tuple(word.lower() for word, _ in rest))


def _past_opening(words: list[tuple[str, str]], tags: tuple[str, ...]) -> int:
    """Where a clause's words begin after its opening ones (time words, numbers, adverbs …: `tags`)."""
    at = 0
    while at < len(words) and (words[at][1].startswith(tags) or not words[at][0].strip()):
        at += 1
    return at


def _acts(words: list[tuple[str, str]]) -> bool:
    """Do the words (jieba's, with their tags) hold a verb or a preposition: what a subject does?"""
    return any(tag[:1] in ("v", "p") for _, tag in words)


def _nominal_run(words: list[tuple[str, str]], at: int) -> list[tuple[str, str]]:
    """The run of a name's words from `at`, up to a bracket: "联合国开发计划署（UNDP）" is named
    without its abbreviation; a body's word jieba reads as a verb ends it ("國際中橡投資控股"); a
    verbal noun inside a name ("省技改投资基金") is the name's."""
    run: list[tuple[str, str]] = []
    for word, tag in words[at:]:
        if (tag in _NOMINAL and (tag != "f" or run) or run and tag in ("eng", "vn")) or run and _BODY.fullmatch(word):
            run.append((word, tag))
        else:
            break
    return run


_ASCII_NAME = re.compile(r"[A-Z][A-Za-z0-9&'’.-]*(?:[ ]+[A-Z][A-Za-z0-9&'’.-]*)*")  # \w would run on into Chinese


def _latin_subject(clause: str) -> Subject | None:
    """A capitalised Latin name a Chinese clause opens with, right before its verb ("TikTok Global 将
    在美国设立…", "Bluesky获得了…"); not one that opens a run of nouns ("SBA数据显示": the data)."""
    found = _ASCII_NAME.match(clause)
    name = _name(found.group()) if found else None
    if found is None or name is None or not _HAN.match(clause[found.end():].lstrip()[:1]):
        return None
    rest = [(pair.word, pair.flag) for pair in tagger().cut(clause[found.end():].lstrip(), HMM=True)]
    # "NCPS的预算", "QDII投资额度": the name is the head's owner, not a subject
    if rest[0][1] in _NOMINAL or rest[0][0] == "的" or rest[0][1] == "vn" and len(rest) > 1 and rest[1][1] in _NOMINAL \
            or not _acts(rest):
        return None
    return Subject(name, tuple(word.lower() for word, _ in rest if word.strip()), False)


def clause_words(clause: str) -> tuple[str, ...]:
    """The clause's words, lowercased: jieba's in Chinese, else its letters' and digits' runs."""
    if not _HAN.search(clause):
        return tuple(re.findall(r"\w+", clause.lower()))
    return _words(clause[:_SUBJECT_CHARS])


@functools.lru_cache(maxsize=4096)
def _words(text: str) -> tuple[str, ...]:
    return tuple(pair.word.lower() for pair in tagger().cut(text, HMM=True) if pair.word.strip())
