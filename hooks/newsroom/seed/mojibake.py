"""Mojibake: UTF-8 text that a scraper decoded with another encoding and saved as it then looked.

ftfy undoes the misreadings it knows (UTF-8 read as Windows-1252, Latin-1, Windows-1251, MacRoman,
…) where it is sure. The chains it does not know are undone here run by run: a run of the
characters a chain produces is encoded back along it, and kept repaired when the bytes it gives
decode as UTF-8 without one error ("盲驴隆忙聛炉忙聤聙忙聹炉氓聢聠盲潞芦", UTF-8 read as Latin-1 and then as
GBK, is "信息技术分享"). Text that was never mis-decoded practically never does so over six
characters; shorter runs are repaired only in a text where the chain is certain. What still looks
mis-decoded afterwards is left as it is, and said.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import cache

from ..model import Problem
from ..patterns import LazyPattern

# Chains ftfy does not undo, each the encodings the text was read as, in the order it happened: UTF-8
# read as Latin-1, written out as UTF-8 and read as GBK; UTF-8 read as a Cyrillic code page that an
# encoding detector guessed for it (ftfy knows Windows-1251 only)
CHAINS: tuple[tuple[str, ...], ...] = (("latin-1", "gbk"), ("mac_cyrillic",), ("ptcp154",), ("koi8_r",), ("cp866",))
_CERTAIN_RUN = 6  # characters of one run that repair: certain on their own
# what ftfy's chains start from: a UTF-8 lead byte read as a Latin, Cyrillic or box-drawing character
_MAYBE_FTFY = LazyPattern(r"[\u00c2-\u00f4\u0400-\u04ff\u2500-\u257f]")
# what ftfy takes for mojibake in a page's scripts, styles and tags (a test string, an obfuscated
# script, a mis-encoded file name) is not its text; one lone sequence ("»Überall") is often right
_MARKUP = LazyPattern(r"<(script|style)\b.*?</\1\s*>|<[^<>]*>", re.IGNORECASE | re.DOTALL)
_BAD_SEQUENCES = 2
_NOT_TEXT = LazyPattern(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd\ue000-\uf8ff]")


def repair(name: str, text: str) -> tuple[str, list[Problem]]:
    """The text with its certain mojibake repaired, and a problem for what was repaired (info) or
    still looks mis-decoded (a warning naming the file)."""
    problems: list[Problem] = []
    if _MAYBE_FTFY.search(text):
        import ftfy  # only for text that may need it

        fixed, steps = ftfy.fix_encoding_and_explain(text)
        if steps and fixed != text:
            text = fixed
            problems.append(Problem(name, f"held text mis-decoded by the tool that saved it ({_steps(steps)}); "
                                          "repaired", level="info"))
    # one tool misread the text one way: the chain that repairs most of it, if any is certain
    outcomes = [(_undo_chain(text, chain), chain) for chain in CHAINS]
    (repaired_text, repaired, left), chain = max(outcomes, key=lambda outcome: outcome[0][1])
    if repaired:
        text = repaired_text
        problems.append(Problem(name, f"held {repaired} characters mis-decoded by the tool that saved it "
                                      f"({_story(chain)}); repaired", level="info"))
    if left:
        problems.append(Problem(name, f"seems to hold text mis-decoded ({_story(chain)}) that could not be "
                                      f"repaired with certainty: {left[0][:30]!r}"))
    if _MAYBE_FTFY.search(text):
        from ftfy.badness import BADNESS_RE

        visible = _MARKUP.sub(" ", text)
        bad = [match.start() for match, _ in zip(BADNESS_RE.finditer(visible), range(_BAD_SEQUENCES), strict=False)]
        if len(bad) >= _BAD_SEQUENCES:
            problems.append(Problem(name, "seems to hold text mis-decoded by the tool that saved it (mojibake) that "
                                          f"could not be repaired with certainty: {visible[max(0, bad[0] - 10):bad[0] + 20]!r}"))
    return text, problems


def _undo_chain(text: str, chain: tuple[str, ...]) -> tuple[str, int, list[str]]:
    """The text with the runs the chain certainly made undone, how many characters that repaired,
    and the long runs of its characters it could not repair."""
    runs = _runs(chain).findall(text)
    if not runs:
        return text, 0, []
    undone = {run: _undo(run, chain) for run in set(runs)}
    length = {run: len(run) - run.count("\n") for run in undone}
    good = [run for run, result in undone.items() if result is not None]
    # one long run, or two different ones of a character or more, decoded by chance: never seen
    if not any(length[run] >= _CERTAIN_RUN for run in good) and sum(length[run] >= 3 for run in good) < 2:
        return text, 0, []
    left = [run for run in runs if undone[run] is None and length[run] >= _CERTAIN_RUN]
    repaired = sum(length[run] for run in runs if undone[run] is not None)
    return _runs(chain).sub(lambda match: undone[match.group(0)] or match.group(0), text), repaired, left


def _undo(run: str, chain: tuple[str, ...]) -> str | None:
    """The run encoded back along the chain and decoded as UTF-8; None unless that is clean text.
    A line break inside a character is the scraper's wrapping, and a character cut at the end of a
    long run an excerpt's: both go."""
    pieces = run.split("\n")
    try:
        for encoding in reversed(chain[1:]):
            pieces = [piece.encode(encoding).decode("utf-8") for piece in pieces]
        data = b"\n".join(piece.encode(chain[0]) for piece in pieces)
    except UnicodeError:
        return None
    for _ in range(run.count("\n") + 2):
        try:
            result = data.decode("utf-8")
            break
        except UnicodeDecodeError as error:
            if error.reason == "unexpected end of data" and len(run) >= _CERTAIN_RUN:
                data = data[:error.start]
                continue
            wrap = data.find(b"\n", error.start, error.start + 4)
            if wrap == -1:
                return None
            data = data[:wrap] + data[wrap + 1:]
    else:
        return None
    if _NOT_TEXT.search(result) or any(unicodedata.category(char) == "Cn" for char in result):
        return None
    return result


@cache
def _runs(chain: tuple[str, ...]) -> re.Pattern[str]:
    """Runs of two or more of the characters the chain makes of UTF-8's non-ASCII bytes, across line breaks."""
    alphabet = set(bytes(range(0x80, 0x100)).decode(chain[0], errors="ignore"))
    for encoding in chain[1:]:
        made = set()
        for char in alphabet:
            try:
                again = char.encode("utf-8").decode(encoding)
            except UnicodeDecodeError:
                continue
            if len(again) == 1:
                made.add(again)
        alphabet = made
    characters = "".join(sorted(re.escape(char) for char in alphabet))
    return re.compile(f"[{characters}]{{2,}}(?:\n[{characters}]+)*")


def _story(chain: tuple[str, ...]) -> str:
    return "UTF-8 read as " + ", then as ".join(chain)


def _steps(steps: Sequence[tuple[str, str]]) -> str:
    """ftfy's explanation in words: [('encode', 'sloppy-windows-1252'), ('decode', 'utf-8')] -> "UTF-8 read
    as windows-1252" (it undoes the last misreading first)."""
    encoded = [name.replace("sloppy-", "") for action, name in steps if action == "encode"]
    return _story(tuple(reversed(encoded))) if encoded else ", ".join(name.replace("_", " ") for _, name in steps)
