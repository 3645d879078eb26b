"""jieba's part-of-speech Viterbi (`jieba.posseg.viterbi.viterbi`), the same answers about ten times as fast.

The tagger (chinese_words.py: `tagger`) runs it on every run of Chinese characters its dictionary does
not cover, and it was about 12% of the seed stage's CPU: for every character, every one of its states
took `max` over a tuple for every state of the character before (jieba/posseg/viterbi.py:37), 256 x 256
when a character is not in jieba's table. Over the 23,736 runs that posseg hands it in 300 posts of the
Jekyll corpus: jieba 27.2 s, this 2.7 s, 2.2 s with the memo below (tests/test_viterbi.py compares them).

The answers are the same to the bit, the ties too:
- the sums are jieba's, in its order: (V[t-1][y0] + trans + emit), so every float is the same;
- for a state y, only some are worked out: those of the states before with a transition to y (known
  beforehand from jieba's table: without one jieba adds -inf, which cannot beat a finite sum), or where
  fewer, those of the best states before, within _GAP of the best (usually all but the ones holding one
  more -3.14e100); the others then count only where a bound shows they might tie or win, and then all do;
- `max` over (prob, y0) takes the larger y0 on an equal prob: the states are numbered in the order of
  their tuples and kept in decreasing order, so the first maximum (`list.index`) is that y0;
- where this cannot show it gives jieba's answer (a state's sums all -inf, no state able to follow, a
  state missing from the tables), jieba's own function answers the whole call.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from functools import reduce
from itertools import repeat
from operator import add, itemgetter, or_
from typing import Any

from jieba.posseg.viterbi import viterbi as _jieba_viterbi  # type: ignore[import-untyped]

MIN_FLOAT = -3.14e100  # jieba's: an emission the table does not have
MIN_INF = float("-inf")  # jieba's: a transition the table does not have
# A state whose probability is this far below the best one cannot win (jieba's impossible emissions
# and starts are -3.14e100 each, the rest of a sum a few hundred at most): its sums are not worked out
# unless the best one's bound shows they could tie or win (`_Tables` / `viterbi`).
_GAP = 1e99
_MEMO_SIZE = 20_000  # answers kept by sentence: a few MB; the same runs come back often (names, phrases)

Getter = Callable[[Sequence[float]], tuple[float, ...]]
# jieba's tables: a character's states, the start, transition and emission log-probabilities by state
CharStates = Mapping[str, Any]
Start = Mapping[Any, float]
Trans = Mapping[Any, Mapping[Any, float]]
Emit = Mapping[Any, Mapping[str, float]]


def _getter(positions: Sequence[int]) -> Getter:
    """The items at `positions` as a tuple, in one call (itemgetter returns a bare item for one position)."""
    if len(positions) == 1:
        at = positions[0]
        return lambda row: (row[at],)
    return itemgetter(*positions)


class _Tables:
    """jieba's tables by state numbers (0.. in the order of the state tuples), made once for each set of tables."""

    def __init__(self, states: CharStates, start_p: Start, trans_p: Trans, emit_p: Emit) -> None:
        self.key = (states, start_p, trans_p, emit_p)  # held, so their ids are not reused while this lives
        self.names: list[Any] = sorted(trans_p)
        self.number = {name: number for number, name in enumerate(self.names)}
        count = len(self.names)
        # into[y][y0]: the transition's log-probability, -inf where there is none (jieba's MIN_INF)
        self.into = [[MIN_INF] * count for _ in range(count)]
        # after[y0]: the states y0 can go to, as bits of an int (an OR of a few hundred bits is one C loop)
        self.after = [0] * count
        for y0, name in enumerate(self.names):
            for to, prob in trans_p[name].items():
                self.into[self.number[to]][y0] = prob
                self.after[y0] |= 1 << self.number[to]
        # sources[y]: the states with a transition to y, larger first; their transitions, and a getter for them
        self.sources = [tuple(y0 for y0 in range(count - 1, -1, -1) if column[y0] != MIN_INF) for column in self.into]
        self.source_trans = [tuple(column[y0] for y0 in found)
                             for column, found in zip(self.into, self.sources, strict=True)]
        self.source_getters = [_getter(found) if found else None for found in self.sources]
        self.best_into = [max(probs, default=MIN_INF) for probs in self.source_trans]
        self.emit = [emit_p[name] for name in self.names]
        self.nothing = [MIN_INF] * count
        self.char_states: dict[str, list[int]] = {}  # a character's states (jieba's char_state_tab), larger first
        self.starts: dict[str, tuple[list[int], list[float]]] = {}  # the first column for a first character
        self.memo: dict[str, tuple[float, list[Any]]] = {}


_tables: _Tables | None = None
_making = threading.Lock()


def _tables_for(states: CharStates, start_p: Start, trans_p: Trans, emit_p: Emit) -> _Tables:
    """The numbered tables for these tables (jieba's are module-level dicts that never change: made once a
    process). Another set of tables replaces them; tables changed in place would not be seen."""
    global _tables
    key = (states, start_p, trans_p, emit_p)
    made = _tables
    if made is None or not _same_objects(made.key, key):
        with _making:
            made = _tables
            if made is None or not _same_objects(made.key, key):
                made = _tables = _Tables(states, start_p, trans_p, emit_p)
    return made


def _same_objects(these: tuple[object, ...], those: tuple[object, ...]) -> bool:
    return all(this is that for this, that in zip(these, those, strict=True))


def viterbi(obs: Sequence[str], states: CharStates, start_p: Start, trans_p: Trans,
            emit_p: Emit) -> tuple[float, list[Any]]:
    """`jieba.posseg.viterbi.viterbi`: the best path's log-probability and its states, the same to the bit."""
    tables = _tables_for(states, start_p, trans_p, emit_p)
    memo_key = obs if type(obs) is str else None
    if memo_key is not None:
        known = tables.memo.get(memo_key)
        if known is not None:
            return known[0], known[1].copy()  # a list of its own, as jieba gives
    found = _viterbi(obs, states, start_p, tables)
    if found is None:
        return _jieba_viterbi(obs, states, start_p, trans_p, emit_p)
    if memo_key is not None:
        if len(tables.memo) >= _MEMO_SIZE:
            tables.memo.clear()
        tables.memo[memo_key] = (found[0], found[1].copy())
    return found


def _states_of(char: str, states: CharStates, tables: _Tables) -> list[int] | None:
    """A character's states by number, larger first (all of them for one jieba's table lacks); None for a
    state the other tables do not have (jieba's KeyError: its own function raises it)."""
    found = tables.char_states.get(char)
    if found is None:
        try:
            found = sorted({tables.number[name] for name in states.get(char, tables.names)}, reverse=True)
        except KeyError:
            return None
        tables.char_states[char] = found
    return found


def _viterbi(obs: Sequence[str], states: CharStates, start_p: Start, tables: _Tables) -> tuple[float, list[Any]] | None:
    """The answer, or None where jieba's own function must give it (see the module's docstring)."""
    names, into, emit = tables.names, tables.into, tables.emit
    every_state = range(len(names) - 1, -1, -1)
    first = obs[0]
    start = tables.starts.get(first)
    if start is None:
        now = _states_of(first, states, tables)
        if now is None:
            return None
        start = tables.starts[first] = (now, [start_p[names[y]] + emit[y].get(first, MIN_FLOAT) for y in now])
    # the column before: its states (larger first) and their log-probabilities; jieba's V[t-1]
    now, probs = start
    came_from: list[dict[int, int]] = []  # jieba's mem_path[1:]
    for t in range(1, len(obs)):
        char = obs[t]
        char_states = _states_of(char, states, tables)
        if char_states is None:
            return None
        # jieba's prev_states_expect_next, then its obs_states: the character's states among them, or them all
        expected = reduce(or_, map(tables.after.__getitem__, now))
        nexts = [y for y in char_states if expected >> y & 1]
        if not nexts:
            if not expected:
                return None  # no state can follow: jieba's max() over nothing raises, and it will
            nexts = [y for y in every_state if expected >> y & 1]

        # The sums of the best states, those within _GAP of the best ("top"); the others are summed only
        # for a state y where they might tie or win (below: `lower`), or where no top state goes to y.
        cut = max(probs) - _GAP
        top = [y0 for y0, prob in zip(now, probs, strict=True) if prob >= cut]
        if len(top) == len(now):
            top_probs, lower = probs, None
        else:
            top_probs = [prob for prob in probs if prob >= cut]
            lower = max([prob for prob in probs if prob < cut])
        top_trans = _getter(top)
        count = len(top)
        everything: list[float] | None = None  # the column before by state number, -inf where absent
        column: list[float] = []
        path: dict[int, int] = {}
        for y in nexts:
            emitted = emit[y].get(char, MIN_FLOAT)
            found = tables.sources[y]
            if count < len(found):  # fewer top states than states with a transition to y: sum those
                sums = list(map(add, map(add, top_probs, top_trans(into[y])), repeat(emitted, count)))
                best = max(sums)
                # the lower states' sums are at most (lower + the best transition) + emitted: rounding to
                # nearest never reverses an order, so none of them can reach a best strictly above that
                if best != MIN_INF and (lower is None or best > lower + tables.best_into[y] + emitted):
                    column.append(best)
                    path[y] = top[sums.index(best)]
                    continue
            if everything is None:
                everything = tables.nothing.copy()
                for y0, prob in zip(now, probs, strict=True):
                    everything[y0] = prob
            getter = tables.source_getters[y]
            assert getter is not None  # y is expected: some state before has a transition to it
            sums = list(map(add, map(add, getter(everything), tables.source_trans[y]), repeat(emitted, len(found))))
            best = max(sums)
            if best == MIN_INF:
                return None  # jieba then takes the largest y0 of all: its own function says which
            column.append(best)
            path[y] = found[sums.index(best)]
        came_from.append(path)
        now, probs = nexts, column

    prob = max(probs)
    state = now[probs.index(prob)]  # jieba's max((V, y)): on a tie the larger state, the first here
    route: list[Any] = [None] * len(obs)
    for t in range(len(obs) - 1, 0, -1):
        route[t] = names[state]
        state = came_from[t - 1][state]
    route[0] = names[state]
    return prob, route
