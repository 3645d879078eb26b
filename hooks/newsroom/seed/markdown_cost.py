"""What rendering a Markdown text would cost Python-Markdown, estimated before it runs.

Python-Markdown's work grows faster than its input in a few places, each measured (BENCHMARKS.md,
"Hostile Markdown (issue 16)"): every inline element it finds in a paragraph copies the paragraph, and
every `[` or backtick makes it scan on, a character at a time, for the end of a link or of code; every
block of a document, and every inline element, is taken off the front of a list; each level of nesting
(a quote, a list, a definition) reads what it holds again, and lists or definitions nested some
hundreds deep overflow Python's stack. `too_costly` adds these parts up, in nanoseconds of the machine
they were measured on, and says why a text is over the budget: such a text is shown as plain text
instead. What grows only linearly is not counted.
"""
from __future__ import annotations

import bisect
import re

BUDGET_NS = 2e9  # the estimated cost one text may have (the corpus' costliest Markdown: 4% of it)
MAX_DEPTH = 50  # lists or definitions nested deeper overflow Python's stack in Python-Markdown (at ~150-500)

# nanoseconds per unit, measured with Python-Markdown 3.11 (the upper ends of what was measured)
_PER_MARK_CHAR = 2.0  # an inline mark × the characters of its paragraph (copied for each element found)
_PER_SCANNED_CHAR = 400.0  # a character scanned in Python for the end of a link or of code
_PER_BLOCK_SQUARED = 1.3  # blocks of the document (parted by blank lines), squared
_PER_BLOCK_LINE_SQUARED = 0.2  # lines of one block, squared (a quote's lines are parted into blocks again)
_PER_MARK_SQUARED = 0.12  # inline marks of the document, squared (at most one element each)
_PER_LEVEL_CHAR = 40.0  # a line's nesting level × its characters

# what can start an inline element: emphasis, code, escapes, HTML and entities, images, links, line breaks
_MARKS = ("*", "_", "`", "\\", "<", "&", "!", "[", "  \n")
_MARKS_NAMED = "inline marks such as * _ ` [ < &"
_BLANK_LINE = re.compile(r"\n(?:[ \t]*\n)+")
_FENCE = re.compile(r"^(`{3,}|~{3,})(?!.*`)")  # a fence Python-Markdown opens: at the line's start
_FENCE_LINE = re.compile(r"^(?:```|~~~).*", re.MULTILINE)  # the lines that may open or close a fence
# a list item's marker (Python-Markdown's, with sane_lists: "1)" opens none), and a line opening one (in quotes too)
_BULLET, _NUMBER = r"[*+-][ \t]", r"\d+\.[ \t]"
_LIST_ITEM = {kind: re.compile(rf"[ \t>]*{marker}") for kind, marker in (("bullet", _BULLET), ("number", _NUMBER))}
_ITEM_LINE = {kind: re.compile(rf"\n(?={opening.pattern})") for kind, opening in _LIST_ITEM.items()}
# what nests a line: quote marks, list markers, indentation
_NEST = re.compile(rf"([ \t]*+)(>|{_BULLET}|{_NUMBER})")
_NESTED_LINE = re.compile(rf"^(?:(?P<nests>(?:{_NEST.pattern})++)|(?P<indent>[ \t]{{4,}}+)).*", re.MULTILINE)
_DEFINITION = re.compile(r"^[ ]{0,3}:[ \t]", re.MULTILINE)  # a definition list's definition
_LINK_BRACKET = re.compile(r"[\[\]()]")
_SQUARE_BRACKET = re.compile(r"[\[\]]")
_BACKTICKS = re.compile(r"`+")
_ESCAPE = re.compile(r"\\.")
_FOLLOWED_AT_MOST = 10_000  # backticks or brackets whose ends are followed; beyond, each scans to the end


def fenced_code(text: str) -> tuple[list[tuple[int, int]], str]:
    """Where the text's fenced code blocks stand (offsets of their first and last characters, fences
    included), and the fence of one its page never closed ("" when all are closed): Python-Markdown
    closes a fence with its very string only."""
    spans: list[tuple[int, int]] = []
    fence, start = "", 0
    for line in _FENCE_LINE.finditer(text):
        found = _FENCE.match(line[0])
        if not fence and found:
            fence, start = found[1], line.start()
        elif fence and line[0].rstrip() == fence:
            spans.append((start, line.end()))
            fence = ""
    if fence:
        spans.append((start, len(text)))
    return spans, fence


def too_costly(text: str) -> str | None:
    """Why Python-Markdown would take too long over `text` (a phrase for the seed's warning), or None."""
    text = _outside_fences(text)  # code is set aside before Python-Markdown parses the rest
    estimate = _Estimate()
    blocks = _BLANK_LINE.split(text)
    estimate.add("blocks", _PER_BLOCK_SQUARED * len(blocks) ** 2, f"{len(blocks):,} paragraphs")
    marks = sum(text.count(mark) for mark in _MARKS)
    estimate.add("marks", _PER_MARK_SQUARED * marks ** 2, f"{marks:,} {_MARKS_NAMED}")
    for block in blocks:
        lines = block.count("\n") + 1
        estimate.add("lines", _PER_BLOCK_LINE_SQUARED * lines ** 2, f"a block of {lines:,} lines")
        # each definition ("term\n: definition") holds the rest of its block, one level deeper
        definitions = [found.start() for found in _DEFINITION.finditer(block)]
        if len(definitions) > MAX_DEPTH:
            return f"{len(definitions):,} definitions nested in one another (more than {MAX_DEPTH})"
        estimate.add("definitions", _PER_LEVEL_CHAR * sum(len(block) - start for start in definitions),
                     f"{len(definitions):,} definitions nested in one another")
        for paragraph in _paragraphs(block) if not estimate.over() else ():
            marks = sum(paragraph.count(mark) for mark in _MARKS)
            estimate.add("inline", _PER_MARK_CHAR * marks * len(paragraph) + _PER_SCANNED_CHAR * _scans(paragraph),
                         f"a paragraph of {len(paragraph):,} characters with {marks:,} {_MARKS_NAMED}")
        if estimate.over():
            return estimate.reason()
    nesting, deepest = 0, 0
    for line in _NESTED_LINE.finditer(text):
        if line["indent"]:
            depth = len(line["indent"].expandtabs(4)) // 4  # an indented line: a level each four columns
        else:
            nests = _NEST.findall(line["nests"].expandtabs(4))
            depth = sum(1 if mark == ">" else 1 + len(indent) // 4 for indent, mark in nests)
            if depth > MAX_DEPTH and any(mark != ">" for _, mark in nests):
                # (quotes alone are safe: Python-Markdown stops nesting them before the stack overflows)
                return f"lists nested {depth:,} deep (more than {MAX_DEPTH})"
        nesting += depth * len(line[0])
        deepest = max(deepest, depth)
    estimate.add("nesting", _PER_LEVEL_CHAR * nesting, f"quotes or lists nested up to {deepest:,} deep")
    return estimate.reason() if estimate.over() else None


class _Estimate:
    """A sum of costs by kind, each kind named by its largest part."""

    def __init__(self) -> None:
        self.total = 0.0
        self.kinds: dict[str, tuple[float, float, str]] = {}  # kind -> (its sum, its largest part, what that is)

    def add(self, kind: str, cost: float, what: str) -> None:
        self.total += cost
        summed, largest, named = self.kinds.get(kind, (0.0, -1.0, ""))
        self.kinds[kind] = (summed + cost, *((cost, what) if cost > largest else (largest, named)))

    def over(self) -> bool:
        return self.total > BUDGET_NS

    def reason(self) -> str:
        return max(self.kinds.values())[2]


def _outside_fences(text: str) -> str:
    spans, _ = fenced_code(text)
    if not spans:
        return text
    kept, end = [], 0
    for start, stop in spans:
        kept.append(text[end:start])
        end = stop
    kept.append(text[end:])
    return "".join(kept)


def _paragraphs(block: str) -> list[str]:
    """The parts of a block that Python-Markdown reads inline each on its own, as far as is sure: the
    items of a list it opens (a line with another kind of marker goes on the item before); else the whole
    block (a paragraph never spans a blank line)."""
    first = block.lstrip("\n").partition("\n")[0]
    for kind, opening in _LIST_ITEM.items():
        if opening.match(first):
            return _ITEM_LINE[kind].split(block)
    return [block]


def _scans(paragraph: str) -> int:
    """How many characters Python-Markdown scans, one at a time, for the ends of the paragraph's code
    spans and links."""
    return _code_scans(paragraph) + _link_scans(paragraph)


def _code_scans(paragraph: str) -> int:
    """From a backtick that may open code (any of a run, after a run found no end it resumes inside the
    next) to the first later run of as many backticks as are left of its own, or to the paragraph's end."""
    if paragraph.count("`") > _FOLLOWED_AT_MOST:
        return paragraph.count("`") * len(paragraph)
    runs = [(run.start(), run.end()) for run in _BACKTICKS.finditer(paragraph)]
    starts: dict[int, list[int]] = {}  # a run's length -> where the runs that long start
    for start, end in runs:
        starts.setdefault(end - start, []).append(start)
    scanned = 0
    for start, end in runs:
        for ticks in range(1, end - start + 1):
            later = starts.get(ticks, [])
            closing = bisect.bisect_right(later, end)
            scanned += (later[closing] if closing < len(later) else len(paragraph)) - (end - ticks)
    return scanned


def _link_scans(paragraph: str) -> int:
    """From each `[` to the `]` that balances it, from each `](` to the `)` that balances it, or to the
    paragraph's end. Escaped brackets are none; a closing one where code may hide it is taken as none."""
    opened = paragraph.count("[")
    if not opened:
        return 0
    if sum(paragraph.count(bracket) for bracket in "[]()") > _FOLLOWED_AT_MOST:
        return 2 * opened * len(paragraph)  # a scan from each `[`, and from its `](` when it found its `]`
    ticks = [run.start() for run in _BACKTICKS.finditer(paragraph)]
    code = range(ticks[0], ticks[-1]) if ticks else range(0)  # code is read before links: a bracket in it is none
    unescaped = _ESCAPE.sub("  ", paragraph)
    scanned = 0
    # the brackets still open, by their closer: where each stands, and whether a scan starts there
    waiting: dict[str, list[tuple[int, bool]]] = {"]": [], ")": []}
    for bracket in (_LINK_BRACKET if "](" in unescaped else _SQUARE_BRACKET).finditer(unescaped):
        char, at = bracket[0], bracket.start()
        if char in "[(":
            waiting["]" if char == "[" else ")"].append((at, char == "[" or unescaped[at - 1:at] == "]"))
        elif waiting[char] and at not in code:
            start, scans = waiting[char].pop()
            scanned += (at - start) * scans
    return scanned + sum(len(paragraph) - start for opens in waiting.values() for start, scans in opens if scans)
