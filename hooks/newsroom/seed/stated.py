"""Stage 2, from the text: what an article's own lines say about it, where its front matter is silent.

A line that only states a date, a source, an author or an editor ("发布时间：2025-09-18 14:32
来源：证券时报网 作者：刘洋", "By Katie Paul", "Published: January 24, 2025", "记者 | 张三",
WeChat's "原创 作者 公众号 日期" line), and a wire story's lede ("WASHINGTON (Reuters) -",
"/PRNewswire/ --", "新华社北京5月27日电"). Apart from metadata.py because its patterns are
large: only a build that reads a new seed compiles them.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from .sanitize import plain_text


class MetaLine(NamedTuple):
    date: str | None = None
    source: str | None = None
    author: str | None = None
    editors: tuple[str, ...] = ()  # "责任编辑：王琳", as written: credits, kept with the attribution


_DATE_TEXT = (r"(?:\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
              r"|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2},? \d{4}"
              r"|\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*,? \d{4})"
              r"(?:,?\s*(?:T|at\s|[-–—]\s)?\s*\d{1,2}:\d\d(?::\d\d)?(?:\.\d+)?\s*(?:[AaPp]\.?[Mm]\.?)?"
              r"\s*(?:Z|GMT|UTC|[A-Z]{1,4}T|[+-]\d\d:?\d\d)?)?")
_DATE_LABELS = (r"发布时间|發布時間|发表时间|發表時間|发布日期|發布日期|时间|時間|日期|Post published|Published on|Published"
                r"|Posted on|Posted|Last updated|Last modified|Updated|Modified|Date")
_UPDATED_LABELS = ("updated", "last updated", "last modified", "modified")
_SOURCE_LABELS = r"来源|來源|出处|出處|Source"
_AUTHOR_LABELS = r"作者|记者|記者|文|撰文|Post author|Posted by|Written by|By|Author"
_OTHER_LABELS = (r"责任编辑|責任編輯|责编|責編|编辑|編輯|编者|题图来源|題圖來源|图片来源|圖片來源|摄影|攝影|Editor|Edited by"
                 r"|Photo|Photos")
_SEPARATOR = r"(?:\s{2,}|\u3000|\s*[|丨｜·•]\s*|\s+(?=[\u4e00-\u9fff]{0,8}(?:%s)\s*[:：|丨｜]))"
_FIELD = re.compile(
    rf"(?:(?P<dlabel>{_DATE_LABELS})(?:\s*[:：]\s*|(?<= on)\s+))?(?P<date>{_DATE_TEXT})"
    # "每经记者：可杨", "每经编辑：张海妮": a paper's short name may be glued to the label
    rf"|(?P<prefix>[\u4e00-\u9fff]{{1,8}}?(?=记者|記者|编辑|編輯))?(?P<label>{_SOURCE_LABELS}|{_AUTHOR_LABELS}|{_OTHER_LABELS})"
    rf"\s*(?:[:：|丨｜]\s*|(?<=By)\s+)"
    rf"(?P<value>[^\s|丨｜·•:：，。？！；,?!;]{{1,20}}(?:[ ][^\s|丨｜·•:：，。？！；,?!;]{{1,20}}){{0,5}}?)"
    rf"(?=\s*$|{_SEPARATOR % (_DATE_LABELS + '|' + _SOURCE_LABELS + '|' + _AUTHOR_LABELS + '|' + _OTHER_LABELS)})",
    re.IGNORECASE)
_GAP = re.compile(r"[\s|丨｜·•]*")
_NAME_THEN_DATE = re.compile(rf"^(?P<name>[^\s|丨｜·•:：,，。.]{{1,20}}(?: [^\s|丨｜·•:：,，。.]{{1,20}}){{0,3}})\s*[·•|丨｜]\s*"
                             rf"(?P<date>{_DATE_TEXT})$")
# A publication's name and a timestamp, either way round: "日经中文网 2025/03/04 10:30",
# "2025年03月03日 19:45 新浪财经-自媒体综合". The time is what makes it a line of metadata.
_NAME = r"(?!(?:[A-Z]{1,4}T|GMT|UTC)$)[^\s\d:：,，。.!?！？]{2,12}(?:[-—·][^\s:：,，。.!?！？]{1,10})?"  # not a time zone
_NAME_AND_STAMP = re.compile(rf"^(?:(?P<name>{_NAME})\s+(?P<date>{_DATE_TEXT})|(?P<date2>{_DATE_TEXT})\s+(?P<name2>{_NAME}))$")
_TIME = re.compile(r"\d{1,2}:\d\d")
# a name that ends like a publication's ("日经中文网", "新浪财经-自媒体综合", "Nikkei Asia News"), not a writer's
_PUBLICATION = re.compile(r"((网|網|报|報|社|台|新闻|新聞|财经|財經|刊|时报|時報|杂志|雜誌|媒体|媒體)([-—·].{1,10})?"
                          r"|\b(News|Times|Post|Journal|Media|Daily|Wire|Press|Herald|Tribune|Gazette|Asia))$", re.IGNORECASE)
_UPDATED_NOTE = re.compile(r"\s*[（(][^（）()]{0,24}(更新|updated?)[^（）()]{0,8}[）)]\s*$", re.IGNORECASE)
META_LINE_CHARS = 160
# WeChat's header line: "原创", the author, the account, the date, the time, the province
# A Chinese byline without a colon: "证券时报记者 王小明", "记者 张三 李四"
_NOT_NAME = r"(?!责编|責編|编辑|編輯|校对|校對|摄影|攝影|实习|實習)"
_REPORTER_LINE = re.compile(rf"^[\u4e00-\u9fff]{{0,10}}(?:记者|記者)\s+(?P<names>{_NOT_NAME}[\u4e00-\u9fff·]{{2,5}}"
                            rf"(?:[\s、，,]+{_NOT_NAME}[\u4e00-\u9fff·]{{2,5}}){{0,3}})$")
_WECHAT_LINE = re.compile(rf"^原创\s+(?P<author>[^\s:：，。]{{1,20}})(?:\s+(?P<account>[^\s:：，。]{{1,30}}))?\s+"
                          rf"(?P<date>{_DATE_TEXT})(?:\s+[\u4e00-\u9fff]{{2,4}})?$")


# A reporter's credit inside the text, as Chinese papers sign a story: "（大纪元记者刘毅报导）",
# "自由亚洲电台记者 夏小华 台北报导", "【記者王小明／台北報導】", "中央社记者杨明珠巴黎15日电"
_REPORTER_CREDIT = re.compile(
    r"(?:^|[（(【\[〔]\s*)[\u4e00-\u9fff]{0,12}?(?:特约|特約|驻[\u4e00-\u9fff]{1,4}|駐[\u4e00-\u9fff]{1,4})?(?:记者|記者)"
    rf"\s*{_NOT_NAME}(?P<name>[\u4e00-\u9fff·]{{2,4}}?)"
    # a place glued to the name cannot be told from it ("杨明珠巴黎" or "杨明 珠巴黎"?): only a name the
    # credit's last word follows, or that a space or a slash parts from the place, is read
    r"(?:\s*[／/、]\s*|\s+)?(?:(?<=[\s／/、])[\u4e00-\u9fff]{1,6}?(?:\d{1,2}日)?)?(?:综合|綜合|采访|採訪|整理)?"
    r"(?:报导|報導|报道|報道|电|電)")

# WeChat's card over a post another account wrote: "以下文章来源于安全客 ，作者张三"
# (a scrape may break it into two lines before the comma)
_REPOST_LINE = re.compile(r"^(?=\S)(?:以下文章来源于\s*(?P<source>[^\s，,。.！!]{1,30}))?\s*"
                          r"(?:[，,]\s*作者\s*(?P<author>[^\s，,。.！!]{1,30}))?$")


def is_repost_line(text: str) -> bool:
    """WeChat's line over a post another account wrote ("以下文章来源于安全客 ，作者张三")."""
    match = _REPOST_LINE.match(text.strip())
    return bool(match and match.group("source"))


def reporter_credit(text: str) -> str | None:
    """The reporter a story's credit names ("（大纪元记者刘毅报导）" -> 刘毅), or None."""
    found = _REPORTER_CREDIT.search(text)
    return found.group("name") if found else None


def looks_like_publication(name: str) -> bool:
    """"日经中文网", "每日经济新闻", "Nikkei Asia News": a paper's name, not a writer's."""
    return bool(_PUBLICATION.search(name))


def read_meta_line(text: str, source: str | None = None) -> MetaLine | None:
    """A line that only states the article's date, source, author or editor, read; else None.

    Every character of the line has to belong to a recognised field (a date, or a labelled
    source, author or editor), so a sentence that mentions a date is never taken for one.
    A bare name is allowed only where it is the source already known ("… 界面新闻").
    """
    text = text.strip()
    if not text or len(text) > META_LINE_CHARS:
        return None
    reporter = _REPORTER_LINE.match(text)
    if reporter:  # "证券时报记者 王小明", "澎湃新闻记者 周頔": the paper's reporter, named
        return _plain(MetaLine(author=reporter.group("names")))
    repost = _REPOST_LINE.match(text)
    if repost and (repost.group("source") or repost.group("author")):
        return _plain(MetaLine(source=repost.group("source"), author=repost.group("author")))
    wechat = _WECHAT_LINE.match(text)
    if wechat:  # "原创 作者 公众号 2025年03月20日 08:30 广东"
        author, account = wechat.group("author"), wechat.group("account")
        return _plain(MetaLine(date=wechat.group("date"), source=account or author,
                               author=None if author == account or not account else author))
    text = _UPDATED_NOTE.sub("", text)  # "2025/03/04 08:12（3/4 10:05 更新）"
    stamped = _NAME_AND_STAMP.match(text)
    if stamped and _TIME.search(stamped.group("date") or stamped.group("date2") or ""):
        name = (stamped.group("name") or stamped.group("name2")).strip()
        publication = looks_like_publication(name)  # "日经中文网 …" names the paper, "王凡 …" the writer
        return _plain(MetaLine(date=(stamped.group("date") or stamped.group("date2")).strip(),
                               source=name if publication else None, author=None if publication else name))
    named = _NAME_THEN_DATE.match(text)
    if named:  # "Ben Carter · Jan 23, 2025" (Substack, Medium)
        return _plain(MetaLine(date=named.group("date"), author=named.group("name")))
    date = found_source = author = None
    updated = None
    editors: list[str] = []
    position, fields = 0, 0
    while position < len(text):
        gap = _GAP.match(text, position)  # it matches the empty string too
        position = gap.end() if gap else position
        if position >= len(text):
            break
        match = _FIELD.match(text, position)
        if match is None:
            rest = text[position:].strip()
            if source and _compact(rest) == _compact(source):
                break  # "2025-01-17 09:12:45 界面新闻": the publication's name after the date
            return None
        fields += 1
        position = match.end()
        if match.group("date"):
            if (match.group("dlabel") or "").lower() in _UPDATED_LABELS:
                updated = updated or match.group("date").strip()
            else:
                date = date or match.group("date").strip()
            continue
        label, value = match.group("label").lower(), match.group("value").strip()
        if label in ("by", "source", "author", "written by", "posted by", "post author") and not value[:1].isupper() and value[:1].isascii():
            return None  # "by the way", "By 2030", "Source: company filings": words, not a byline
        if re.fullmatch(_SOURCE_LABELS, label, re.IGNORECASE):
            found_source = found_source or value
        elif re.fullmatch(_AUTHOR_LABELS, label, re.IGNORECASE):
            author = author or value
        else:
            editors.append(f"{match.group('prefix') or ''}{match.group('label')}：{value}")
    if not fields:
        return None
    return _plain(MetaLine(date=date or updated, source=found_source, author=author, editors=tuple(editors)))


def _plain(line: MetaLine) -> MetaLine:
    """A line of the text is untrusted: its fields become plain text, as front matter does."""
    date, source, author = (plain_text(value, limit=120) or None if value else None
                            for value in (line.date, line.source, line.author))
    return MetaLine(date, source, author, tuple(plain_text(editor, limit=120) for editor in line.editors))


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


# The wire-service lede: "WASHINGTON (Reuters) -", "SEOUL, March 12 (Yonhap) --", "新华社北京5月27日电".
# The agencies whose name in brackets opens a wire story ("(Reuters) -"); any other bracket is not a lede
# ("Tesla (TSLA) - shares rose").
_AGENCIES = ("Reuters", "AP", "AFP", "Bloomberg", "Yonhap", "Kyodo", "Xinhua", "dpa", "DPA", "ANSA", "EFE", "PTI", "ANI",
             "IANS", "Bernama", "Antara", "TASS", "Interfax", "UPI", "Jiji", "Jiji Press", "CNA", "Nikkei", "AAP",
             "Dow Jones", "MarketWatch", "CNN", "BBC", "Caixin", "SCMP", "NNA", "Sputnik", "RIA Novosti", "Anadolu",
             "The Korea Herald", "Kyodo News", "Bloomberg News", "Associated Press", "BUSINESS WIRE")
_WIRE_LEDE = re.compile(
    r"^(?:[A-Z][A-Za-z .'-]{1,40}(?:,\s*+[A-Z][a-z]+\.? \d{1,2})?\s*+)?\((?P<agency>" + "|".join(_AGENCIES) + r")\)"
    r"\s*+(?:--|-|—|–)"
    # press releases: "SAN FRANCISCO, March 4, 2025 /PRNewswire/ --", "BOSTON--(BUSINESS WIRE)--"
    r"|^(?:[A-Z][A-Za-z .'-]{1,40},\s*+)?(?P<released>[A-Z][a-z]+\.? \d{1,2},? \d{4})?\s*+/(?P<release>PRNewswire|GLOBE NEWSWIRE"
    r"|美通社)[^/]{0,20}/\s*(?:--|—)"
    r"|^[A-Z][A-Za-z .'-]{1,40}(?:,\s*+[A-Z][a-z]+\.? \d{1,2},? \d{4})?\s*+--\s*+\((?P<release2>BUSINESS WIRE|ACCESSWIRE)\)\s*+--"
    # "新华社北京5月27日电", "（中央社記者張建中新竹4日電）"
    r"|^[（(]?(?P<cn>[\u4e00-\u9fff]{2,8}?(?:社|网|網|报|報|台))(?:記者|记者)?[\u4e00-\u9fff]{0,10}?(?:\d{1,2}月)?"
    r"\d{1,2}日(?:电|電|讯|訊)")
LEDE_CHARS = 300  # a lede is at the start of a line: nothing longer is looked at
_RELEASE_NAMES = {"PRNewswire": "PR Newswire", "GLOBE NEWSWIRE": "GlobeNewswire", "BUSINESS WIRE": "Business Wire",
                  "ACCESSWIRE": "ACCESSWIRE", "美通社": "美通社"}


def wire_lede(text: str) -> MetaLine | None:
    """The agency (and a press release's date) a wire story's lede names, in its first lines:
    "WASHINGTON (Reuters) - …" -> Reuters; "SAN FRANCISCO, March 4, 2025 /PRNewswire/ --" -> PR Newswire."""
    for line in [line for line in text.split("\n") if line.strip()][:4]:
        match = _WIRE_LEDE.match(line.strip()[:LEDE_CHARS])
        if match:
            release = match.group("release") or match.group("release2")
            name = (release or match.group("agency") or match.group("cn")).strip()
            return _plain(MetaLine(date=match.group("released"), source=_RELEASE_NAMES.get(name, name)))
    return None


def strip_wire_lede(text: str) -> str:
    """A headline made of a first sentence does not start with the wire lede."""
    text = text.lstrip()
    match = _WIRE_LEDE.match(text[:LEDE_CHARS])
    return text[match.end():].strip() if match and not match.group("cn") else text
