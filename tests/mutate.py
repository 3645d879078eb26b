"""Mutation testing: would the tests notice if one line of a module were wrong?

    python tests/mutate.py --modules seed/sanitize.py,site/related.py --mutants 25 [--seed 13]

For each module (a path under hooks/newsroom/, a package's file such as seed/clean/passes.py
included; `config/taxonomy.py:Matcher+Term` limits the mutants to those top-level classes and
functions), every single-point change of these kinds is a candidate:

    statement  a statement replaced by `pass`       compare    a comparison negated (< to >=, in to not in)
    boundary   < and <=, > and >= swapped           condition  an if/while/ternary condition negated, or `not` dropped
    branch     an if or elif condition made False    boolop     `and` and `or` swapped
    constant   a number +1, a string emptied (or "" made "X"), True and False swapped
    element    one string removed from a set, tuple or list of strings
    return     `return x` made `return None`        loop       `break` and `continue` swapped
    index      a constant index or slice bound moved by one
    keyword    a keyword argument dropped from a call

A fixed random seed picks --mutants mutation points per module (the strings of one collection are
one point; which of them is removed is drawn too). Each mutant is written into a copy of the
project in a temporary folder (never the working tree, where others edit) and the tests that run
its lines are run with `-x -q -p no:cacheprovider`, quick test files first: a failure, an error
(the module no longer imports) or a timeout (3 × the tests' usual time + --timeout) kills it.
Which tests run which lines is measured once by a line tracer over the whole suite and kept in
.cache/mutate/ until a file of the project changes: a fixture's lines count for every test that
uses the fixture; a change to a module-level value or a function's defaults, which run at import,
counts for the tests that run the lines reading it. Left out: tests/test_browser.py (a real
Chromium) and tests/test_serve.py (`mkdocs serve`) by --exclude, tests over --max-seconds (2 s,
with their fixtures: the whole-site builds of test_build, test_publish and test_hostile) and tests
that fail without any mutant; each run names them. --tests-from REV scores an older tests/ folder.

Mutants listed in tests/mutants-equivalent.yml (module, operator and the original and mutated
source text; the line is for the reader) cannot be told apart from the original by any test:
they are not run and not counted. The score is killed / (sampled - equivalent).
"""
from __future__ import annotations

import argparse
import ast
import copy
import hashlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = Path("hooks/newsroom")  # module names are relative to it
EQUIVALENTS = ROOT / "tests" / "mutants-equivalent.yml"
CACHE = ROOT / ".cache" / "mutate"
DEFAULT_EXCLUDE = "tests/test_browser.py,tests/test_serve.py"
# what a copy of the project leaves out: environments, caches, build output (at the top), bytecode (anywhere)
_NOT_COPIED = {".git", ".venv", "site", ".cache", ".pytest_cache", ".mypy_cache", ".ruff_cache", ".hypothesis",
               "test-artifacts"}

OPERATORS = ("statement", "compare", "boundary", "condition", "branch", "boolop", "constant", "element", "return",
             "loop", "index", "keyword")
_NEGATED: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.Lt: ast.GtE, ast.GtE: ast.Lt, ast.Gt: ast.LtE, ast.LtE: ast.Gt,
    ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot, ast.IsNot: ast.Is,
}
_BOUNDARY: dict[type[ast.cmpop], type[ast.cmpop]] = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt}
_NOT_DELETED = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Pass,
                ast.Global, ast.Nonlocal)


# --- mutants ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Mutant:
    """One single-point change of a module: where, which kind, and the module's text with it."""

    module: str
    line: int
    operator: str
    original: str  # the changed source line(s), stripped
    mutated: str   # the same line(s) as mutated
    ident: str     # module:line:column:operator:n, stable while the module is unchanged
    first: int     # the lines of the module the change touches (for choosing the tests)
    last: int
    statement: int  # the first line of the statement holding it (a multi-line one reports only some lines)
    readers: tuple[int, ...] | None  # for a change run at import: the lines that read what it defines
    group: str     # one mutation point: the strings of one collection are one point, not one each
    text: str = field(repr=False)


def _char_offset(line: str, byte_col: int) -> int:
    """ast gives columns in UTF-8 bytes; the modules hold Chinese text."""
    return len(line.encode()[:byte_col].decode())


class _Source:
    """A module's text with splicing by ast positions."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.splitlines(keepends=True)
        self._starts = [0]
        for line in self.lines:
            self._starts.append(self._starts[-1] + len(line))

    def offset(self, lineno: int, byte_col: int) -> int:
        return self._starts[lineno - 1] + _char_offset(self.lines[lineno - 1], byte_col)

    def start(self, node: ast.AST) -> int:
        return self.offset(node.lineno, node.col_offset)  # type: ignore[attr-defined]

    def end(self, node: ast.AST) -> int:
        return self.offset(node.end_lineno, node.end_col_offset)  # type: ignore[attr-defined]

    def line_of(self, offset: int) -> int:
        low, high = 0, len(self.lines)
        while low < high:  # the last line start <= offset
            middle = (low + high + 1) // 2
            if self._starts[middle] <= offset:
                low = middle
            else:
                high = middle - 1
        return low + 1


@dataclass
class _Candidate:
    node: ast.AST                      # where the change is reported
    operator: str
    number: int                        # tells apart several changes of one node
    start: int                         # the spliced span of the text, in characters
    end: int
    replacement: str
    change: Callable[[ast.AST], None]  # the same change made to a parsed tree, to check the splice
    point: ast.AST | None = None       # the mutation point, when it is not `node`


def _path_to(tree: ast.AST, target: ast.AST) -> list[tuple[str, int | None]]:
    """Fields and indexes from the root to `target`, to find the same node in a fresh parse."""
    def walk(node: ast.AST, path: list[tuple[str, int | None]]) -> list[tuple[str, int | None]] | None:
        if node is target:
            return path
        for name, value in ast.iter_fields(node):
            if isinstance(value, ast.AST):
                found = walk(value, [*path, (name, None)])
                if found is not None:
                    return found
            elif isinstance(value, list):
                for index, item in enumerate(value):
                    if isinstance(item, ast.AST):
                        found = walk(item, [*path, (name, index)])
                        if found is not None:
                            return found
        return None
    found = walk(tree, [])
    assert found is not None
    return found


def _follow(tree: ast.AST, path: list[tuple[str, int | None]]) -> ast.AST:
    node = tree
    for name, index in path:
        node = getattr(node, name) if index is None else getattr(node, name)[index]
    return node


def _docstring_nodes(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                found.add(id(first))
                found.add(id(first.value))
    return found


def _not_mutated(tree: ast.AST) -> set[int]:
    """Nodes no change can matter in: annotations (never evaluated under `from __future__ import
    annotations`), docstrings, f-string pieces."""
    skipped = _docstring_nodes(tree)
    roots: list[ast.AST] = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            roots += [a.annotation for a in (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs,
                                             node.args.vararg, node.args.kwarg) if a is not None and a.annotation]
            if node.returns:
                roots.append(node.returns)
        elif isinstance(node, ast.AnnAssign):
            roots.append(node.annotation)
        elif isinstance(node, ast.JoinedStr):
            roots += [v for v in node.values if isinstance(v, ast.Constant)]
        elif isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            roots.append(node)
    for root in roots:
        skipped.update(id(n) for n in ast.walk(root))
    return skipped


def _parents(tree: ast.AST) -> dict[int, ast.AST]:
    return {id(child): node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _wrapped(node: ast.expr) -> str:
    """Source for an expression that replaces another one in place."""
    text = ast.unparse(node)
    if isinstance(node, (ast.BoolOp, ast.BinOp, ast.UnaryOp, ast.Compare, ast.IfExp, ast.Lambda, ast.NamedExpr)):
        return f"({text})"
    return text


def _candidates(tree: ast.Module, source: _Source, names: set[str] | None) -> Iterator[_Candidate]:
    skipped = _not_mutated(tree)
    parents = _parents(tree)
    scopes: list[ast.AST] = [tree]
    if names:
        scopes = [node for node in tree.body
                  if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name in names]
        missing = names - {node.name for node in scopes}  # type: ignore[attr-defined]
        if missing:
            raise SystemExit(f"mutate: no top-level {', '.join(sorted(missing))}")
    pragma = {number for number, line in enumerate(source.lines, 1) if "pragma: no mutate" in line}

    def replacing(node: ast.AST, operator: str, number: int, new: ast.AST, text: str | None = None) -> _Candidate:
        path = _path_to(tree, node)

        def change(tree: ast.AST) -> None:
            parent, (name, index) = _follow(tree, path[:-1]), path[-1]
            if index is None:
                setattr(parent, name, copy.deepcopy(new))
            else:
                getattr(parent, name)[index] = copy.deepcopy(new)
        replacement = text if text is not None else _wrapped(new)  # type: ignore[arg-type]
        return _Candidate(node, operator, number, source.start(node), source.end(node), replacement, change)

    def removing(owner: ast.AST, field_name: str, index: int, siblings: Sequence[ast.AST], operator: str) -> _Candidate:
        """`owner.field_name[index]` cut out of the comma-separated `siblings` (with its comma)."""
        item = getattr(owner, field_name)[index]
        ordered = sorted(siblings, key=lambda n: (n.lineno, n.col_offset))  # type: ignore[attr-defined]
        where = ordered.index(item)
        if where + 1 < len(ordered):
            start, end = source.start(item), source.start(ordered[where + 1])
        elif where > 0:
            start, end = source.end(ordered[where - 1]), source.end(item)
        else:
            start, end = source.start(item), source.end(item)
        path = _path_to(tree, owner)

        def change(tree: ast.AST) -> None:
            del getattr(_follow(tree, path), field_name)[index]
        return _Candidate(item, operator, index, start, end, "", change, owner)

    seen: set[int] = set()
    for scope in scopes:
        for node in ast.walk(scope):
            if id(node) in seen or id(node) in skipped or getattr(node, "lineno", None) in pragma:
                continue
            seen.add(id(node))
            parent = parents.get(id(node))
            if isinstance(node, ast.stmt) and not isinstance(node, _NOT_DELETED):
                # a module's or class's constant deleted only makes a NameError; an elif is a `branch`
                constant = isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(parent, (ast.Module, ast.ClassDef))
                elif_branch = isinstance(node, ast.If) and isinstance(parent, ast.If) and parent.orelse == [node] \
                    and source.text.startswith("elif", source.start(node))
                value_returned = isinstance(node, ast.Return) and node.value is not None  # `return` does that
                if not constant and not elif_branch and not value_returned:
                    yield replacing(node, "statement", 0, ast.Pass(), "pass")
            if isinstance(node, ast.Compare):
                for index, op in enumerate(node.ops):
                    for operator, table in (("compare", _NEGATED), ("boundary", _BOUNDARY)):
                        if type(op) in table:
                            compared = copy.deepcopy(node)
                            compared.ops[index] = table[type(op)]()
                            yield replacing(node, operator, index, compared)
            if isinstance(node, (ast.If, ast.While, ast.IfExp, ast.comprehension)):
                for test in node.ifs if isinstance(node, ast.comprehension) else [node.test]:
                    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
                        yield replacing(test, "condition", 0, test.operand)
                    elif not isinstance(test, ast.Compare):  # a comparison is negated by `compare`
                        yield replacing(test, "condition", 0, ast.UnaryOp(ast.Not(), test))
                    if isinstance(node, ast.If):
                        yield replacing(test, "branch", 0, ast.Constant(False), "False")
            if isinstance(node, ast.BoolOp):
                new = copy.deepcopy(node)
                new.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
                yield replacing(node, "boolop", 0, new)
            if isinstance(node, ast.Constant) and not (type(node.value) is int and _is_index(node, parents)) \
                    and not _in_string_collection(node, parents):
                value = node.value
                if isinstance(value, bool):
                    yield replacing(node, "constant", 0, ast.Constant(not value))
                elif isinstance(value, (int, float)):
                    yield replacing(node, "constant", 0, ast.Constant(value + 1))
                elif isinstance(value, str):
                    yield replacing(node, "constant", 0, ast.Constant("" if value else "X"))
            if _string_collection(node):
                for index in range(len(node.elts)):
                    yield removing(node, "elts", index, node.elts, "element")
            if isinstance(node, ast.Return) and node.value is not None and not (
                    isinstance(node.value, ast.Constant) and node.value.value is None):
                yield replacing(node.value, "return", 0, ast.Constant(None), "None")
            if isinstance(node, (ast.Break, ast.Continue)):
                loop = ast.Continue() if isinstance(node, ast.Break) else ast.Break()
                yield replacing(node, "loop", 0, loop, ast.unparse(loop))
            if isinstance(node, ast.Subscript):
                bounds = [node.slice] if not isinstance(node.slice, ast.Slice) else \
                    [b for b in (node.slice.lower, node.slice.upper, node.slice.step) if b is not None]
                for index, bound in enumerate(bounds):
                    number = _int_value(bound)
                    if number is not None:
                        moved = number + 1 if number >= 0 else number - 1  # one further from the end
                        yield replacing(bound, "index", index, ast.Constant(moved), str(moved))
            if isinstance(node, ast.Call):
                for index, keyword in enumerate(node.keywords):
                    if keyword.arg is not None:
                        yield removing(node, "keywords", index, [*node.args, *node.keywords], "keyword")


def _string_collection(node: ast.AST | None) -> TypeGuard[ast.Set | ast.Tuple | ast.List]:
    """A set, tuple or list of two or more strings: `element` removes each in turn."""
    return isinstance(node, (ast.Set, ast.Tuple, ast.List)) and len(node.elts) >= 2 and all(
        isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts)


def _in_string_collection(node: ast.AST, parents: dict[int, ast.AST]) -> bool:
    """A string of such a collection: emptying it would be much the same mutant as removing it."""
    return _string_collection(parents.get(id(node)))


def _is_index(node: ast.AST, parents: dict[int, ast.AST]) -> bool:
    """An integer index or slice bound (`index` moves those)."""
    parent = parents.get(id(node))
    if isinstance(parent, ast.UnaryOp):
        node, parent = parent, parents.get(id(parent))
    if isinstance(parent, ast.Slice):
        return True
    return isinstance(parent, ast.Subscript) and parent.slice is node


def _int_value(node: ast.AST) -> int | None:
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant) \
            and type(node.operand.value) is int:
        return -node.operand.value
    return None


def _import_time_readers(tree: ast.Module, module: str) -> dict[int, tuple[int, ...]]:
    """For nodes of module-level assignments and of functions' headers (defaults, decorators), which run
    when the module is imported: the lines that read what they define. The tests of a mutant there are
    the tests that run those lines, not every test that imports the module. Names other modules import
    are left out (every test of the module, then)."""
    others = "\n".join(path.read_text(encoding="utf-8") for path in (ROOT / PACKAGE).rglob("*.py")
                       if path.relative_to(ROOT / PACKAGE).as_posix() != module)
    loads: dict[str, list[tuple[int, ast.stmt]]] = {}
    for statement in tree.body:
        for node in ast.walk(statement):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                loads.setdefault(node.id, []).append((node.lineno, statement))

    def defined(statement: ast.stmt) -> set[str]:
        targets = statement.targets if isinstance(statement, ast.Assign) else \
            [statement.target] if isinstance(statement, ast.AnnAssign) else []
        return {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}

    def lines_reading(statement: ast.stmt, seen: set[int]) -> set[int] | None:
        found: set[int] = set()
        for name in defined(statement):
            if re.search(rf"\b{re.escape(name)}\b", others):
                return None
            for line, user in loads.get(name, []):
                if user is statement or id(user) in seen:
                    continue
                if isinstance(user, (ast.Assign, ast.AnnAssign)):  # another module-level value made from it
                    more = lines_reading(user, seen | {id(user)})
                    if more is None:
                        return None
                    found |= more
                elif isinstance(user, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    found.add(line)
                else:
                    return None  # read by other import-time code
        return found

    result: dict[int, tuple[int, ...]] = {}
    for statement in tree.body:
        reading: set[int] | None = None
        header: list[ast.AST] = []
        if isinstance(statement, (ast.Assign, ast.AnnAssign)) and defined(statement):
            reading = lines_reading(statement, {id(statement)})
            header = [statement]
        elif isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)) and statement.body:
            reading = {statement.body[0].lineno, statement.body[-1].lineno}  # the tests that call it
            header = [*statement.decorator_list, *statement.args.defaults,
                      *[d for d in statement.args.kw_defaults if d is not None]]
        if reading is not None:
            for part in header:
                result.update({id(node): tuple(sorted(reading)) for node in ast.walk(part)})
    return result


def _lines(text: str, first: int, last: int) -> str:
    return " ⏎ ".join(line.strip() for line in text.splitlines()[first - 1:last])


def mutants_of(module: str, text: str, names: set[str] | None = None) -> list[Mutant]:
    """Every candidate mutant of a module's text whose splice parses to the intended tree."""
    tree = ast.parse(text)
    source = _Source(text)
    statements = {id(child): statement.lineno for statement in ast.walk(tree) if isinstance(statement, ast.stmt)
                  for child in ast.walk(statement)}  # breadth first: an inner statement overwrites its outer one
    readers = _import_time_readers(tree, module)
    found = []
    for candidate in _candidates(tree, source, names):
        mutated_text = text[:candidate.start] + candidate.replacement + text[candidate.end:]
        expected = ast.parse(text)
        candidate.change(expected)
        try:
            if ast.dump(ast.parse(mutated_text)) != ast.dump(expected):
                continue  # the text splice did not make the intended change
        except SyntaxError:
            continue
        first = source.line_of(candidate.start)
        last = source.line_of(max(candidate.start, candidate.end - 1))
        new_last = mutated_text.count("\n", 0, max(candidate.start, candidate.start + len(candidate.replacement) - 1)) + 1
        node, point = candidate.node, candidate.point or candidate.node
        line, column = node.lineno, node.col_offset  # type: ignore[attr-defined]
        ident = f"{module}:{line}:{column}:{candidate.operator}:{candidate.number}"
        group = f"{module}:{point.lineno}:{point.col_offset}:{candidate.operator}"  # type: ignore[attr-defined]
        found.append(Mutant(module, line, candidate.operator, _lines(text, first, last),
                            _lines(mutated_text, first, max(first, new_last)), ident,
                            min(first, line), max(last, line), statements.get(id(node), line),
                            readers.get(id(node)), group if candidate.point else ident, mutated_text))
    return found


def sample(mutants: list[Mutant], count: int, seed: int, module: str) -> list[Mutant]:
    """`count` mutation points and one mutant of each, the same ones for the same seed and module text."""
    groups: dict[str, list[Mutant]] = {}
    for mutant in mutants:
        groups.setdefault(mutant.group, []).append(mutant)
    chance = random.Random(f"{seed}:{module}")
    points = chance.sample(sorted(groups), min(count, len(groups)))
    return sorted((chance.choice(groups[point]) for point in points), key=lambda m: (m.line, m.ident))


# --- equivalents --------------------------------------------------------------------------------------

def load_equivalents(path: Path) -> list[dict[str, Any]]:
    """Accepted equivalent mutants: module, line, operator, original, mutated, reason."""
    if not path.is_file():
        return []
    import yaml
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    for entry in entries:
        missing = {"module", "line", "operator", "original", "mutated", "reason"} - set(entry)
        if missing:
            raise SystemExit(f"{path}: entry {entry} lacks {', '.join(sorted(missing))}")
    return entries


def equivalent_reason(mutant: Mutant, equivalents: list[dict[str, Any]]) -> str | None:
    for entry in equivalents:
        if (entry["module"], entry["operator"], entry["original"], entry["mutated"]) == \
                (mutant.module, mutant.operator, mutant.original, mutant.mutated):
            return str(entry["reason"])
    return None


# --- which tests run which lines ----------------------------------------------------------------------

def _module_of(filename: str) -> str | None:
    marker = "/hooks/newsroom/"
    where = filename.replace(os.sep, "/").rfind(marker)
    return filename.replace(os.sep, "/")[where + len(marker):] if where >= 0 else None


class _Tracer:
    """A pytest plugin: the lines of hooks/newsroom each test runs (its fixtures' lines kept apart)."""

    def __init__(self) -> None:
        self.lines: dict[str, set[tuple[str, int]]] = {}
        self.bucket: set[tuple[str, int]] = self.lines.setdefault("import:", set())
        self.stack: list[set[tuple[str, int]]] = []
        self.fixtures: dict[str, list[str]] = {}
        self.durations: dict[str, float] = {}
        self.fixture_seconds: dict[str, float] = {}
        self.failed: list[str] = []
        self._modules: dict[str, str | None] = {}

    def _global(self, frame: Any, event: str, arg: Any) -> Any:
        filename = frame.f_code.co_filename
        module = self._modules.get(filename, "")
        if module == "":
            module = self._modules[filename] = _module_of(filename)
        return self._local if module else None

    def _local(self, frame: Any, event: str, arg: Any) -> Any:
        if event == "line":
            self.bucket.add((self._modules[frame.f_code.co_filename], frame.f_lineno))  # type: ignore[arg-type]
        return self._local

    def _enter(self, name: str) -> None:
        if sys.gettrace() is None:  # Python drops a tracer that raised (RecursionError in a deeply nested seed)
            sys.settrace(self._global)
        self.stack.append(self.bucket)
        self.bucket = self.lines.setdefault(name, set())

    def _leave(self) -> None:
        self.bucket = self.stack.pop()

    def start(self) -> None:
        sys.settrace(self._global)
        import threading
        threading.settrace(self._global)

    @pytest.hookimpl(wrapper=True)
    def pytest_fixture_setup(self, fixturedef: Any, request: Any) -> Any:
        self._enter("fixture:" + fixturedef.argname)
        started = time.perf_counter()
        try:
            return (yield)
        finally:
            spent = time.perf_counter() - started
            self.fixture_seconds[fixturedef.argname] = max(spent, self.fixture_seconds.get(fixturedef.argname, 0.0))
            self._leave()

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_protocol(self, item: Any, nextitem: Any) -> Any:
        self.fixtures[item.nodeid] = list(item.fixturenames)
        self._enter("test:" + item.nodeid)
        try:
            return (yield)
        finally:
            self._leave()

    def pytest_runtest_logreport(self, report: Any) -> None:
        self.durations[report.nodeid] = self.durations.get(report.nodeid, 0.0) + report.duration
        if report.failed and report.nodeid not in self.failed:
            self.failed.append(report.nodeid)

    def result(self) -> dict[str, Any]:
        lines: dict[str, dict[str, list[int]]] = {}
        for name, found in self.lines.items():
            for module, line in found:
                lines.setdefault(name, {}).setdefault(module, []).append(line)
        return {"lines": lines, "fixtures": self.fixtures, "durations": self.durations, "failed": self.failed,
                "fixture_seconds": self.fixture_seconds}


class _Select:
    """A pytest plugin: run only the given tests, in the given order; note the failures, first first."""

    def __init__(self, order: list[str], failure_file: str) -> None:
        self.order = {nodeid: index for index, nodeid in enumerate(order)}
        self.failure_file = failure_file

    def pytest_collection_modifyitems(self, session: Any, config: Any, items: list[Any]) -> None:
        kept = sorted((item for item in items if item.nodeid in self.order), key=lambda i: self.order[i.nodeid])
        dropped = [item for item in items if item.nodeid not in self.order]
        if dropped:
            config.hook.pytest_deselected(items=dropped)
        items[:] = kept

    def pytest_runtest_logreport(self, report: Any) -> None:
        if report.failed:
            with open(self.failure_file, "a", encoding="utf-8") as failures:
                failures.write(report.nodeid + "\n")


def _worker(argv: list[str]) -> int:
    """Inside the copy: `--trace-worker OUT ARGS…` or `--run-worker SELECTION`."""
    if argv[0] == "--trace-worker":
        tracer = _Tracer()
        tracer.start()
        code = pytest.main(["-q", "-p", "no:cacheprovider", *argv[2:]], plugins=[tracer])
        sys.settrace(None)
        Path(argv[1]).write_text(json.dumps(tracer.result()), encoding="utf-8")
        return int(code)
    selection = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    files = list(dict.fromkeys(nodeid.split("::")[0] for nodeid in selection["tests"]))
    options = ["-x"] if selection["stop"] else []
    return int(pytest.main([*options, "-q", "-p", "no:cacheprovider", *files],
                           plugins=[_Select(selection["tests"], selection["failure"])]))


@dataclass
class Coverage:
    """Which tests run which module lines, and how long each test takes."""

    by_line: dict[str, dict[int, set[str]]]  # module -> line -> test ids
    at_import: dict[str, set[int]]           # module -> lines run when it is imported
    durations: dict[str, float]
    failed: list[str]
    cost: dict[str, float]  # a test's seconds with its fixtures' (under the tracer): what running it alone takes

    @classmethod
    def from_trace(cls, trace: dict[str, Any]) -> Coverage:
        by_line: dict[str, dict[int, set[str]]] = {}
        fixture_users: dict[str, set[str]] = {}
        for test, fixtures in trace["fixtures"].items():
            for name in fixtures:
                fixture_users.setdefault(name, set()).add(test)
        for bucket, modules in trace["lines"].items():
            kind, _, name = bucket.partition(":")
            users = {name} if kind == "test" else fixture_users.get(name, set()) if kind == "fixture" else set()
            for module, lines in modules.items():
                for line in lines:
                    by_line.setdefault(module, {}).setdefault(line, set()).update(users)
        at_import = {module: set(lines) for module, lines in trace["lines"].get("import:", {}).items()}
        cost = {test: seconds + sum(trace["fixture_seconds"].get(name, 0.0) for name in trace["fixtures"].get(test, ()))
                for test, seconds in trace["durations"].items()}
        return cls(by_line, at_import, trace["durations"], trace["failed"], cost)

    def tests_for(self, module: str, first: int, last: int, statement: int | None = None,
                  readers: tuple[int, ...] | None = None) -> set[str]:
        lines = self.by_line.get(module, {})
        if readers is not None:  # run at import, read on these lines: the tests that run them
            return set().union(*(lines.get(line, set()) for line in readers))
        numbers = [*range(first, last + 1), *([statement] if statement else [])]
        found = set().union(*(lines.get(line, set()) for line in numbers))
        if any(line in self.at_import.get(module, ()) for line in numbers):
            found = found.union(*lines.values())  # module-level code: every test that uses the module
        return found


    def ordered(self, tests: set[str]) -> list[str]:
        """Quick test files first, each file's tests together (module fixtures are set up once), quick ones first."""
        files: dict[str, float] = {}
        for test in tests:
            files[test.split("::")[0]] = files.get(test.split("::")[0], 0.0) + self.durations.get(test, 0.0)
        return sorted(tests, key=lambda t: (files[t.split("::")[0]], t.split("::")[0], self.durations.get(t, 0.0), t))


def _digest(project: Path) -> str:
    """The project's files that can change what a test runs (not this script, its list or the prose)."""
    digest = hashlib.sha256()
    unrelated = {project / "tests" / "mutate.py", project / EQUIVALENTS.relative_to(ROOT)}
    for path in sorted(project.rglob("*")):
        if path.is_file() and path not in unrelated and not (path.parent == project and path.suffix == ".md"):
            digest.update(path.relative_to(project).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:24]


def measure_coverage(project: Path, exclude: list[str], timeout: float) -> Coverage:
    """The tracer over the whole suite in the copy (a few minutes), or its cached result."""
    key = hashlib.sha256((_digest(project) + "\0" + ",".join(sorted(exclude))).encode()).hexdigest()[:24]
    cached = CACHE / f"coverage-{key}.json"
    if not cached.is_file():
        print(f"measuring which tests run which lines (once per state of the project; cached in {CACHE})",
              flush=True)
        out = project / ".mutate-trace.json"
        ignores = [f"--ignore={path}" for path in exclude if path]
        started = time.perf_counter()
        code, output = _run([sys.executable, "tests/mutate.py", "--trace-worker", str(out), *ignores, "tests"],
                       project, timeout, quiet=True)
        if code not in (0, 1) or not out.is_file():  # 1: some tests failed, which the baseline will show
            print(output[-3000:])
            raise SystemExit(f"mutate: the traced test run did not finish (exit {code})")
        print(f"  traced the suite in {time.perf_counter() - started:.0f} s", flush=True)
        CACHE.mkdir(parents=True, exist_ok=True)
        for old in CACHE.glob("coverage-*.json"):  # other states of the project (a day old: not another run's)
            if time.time() - old.stat().st_mtime > 86400:
                old.unlink(missing_ok=True)
        shutil.move(out, cached.with_suffix(f".{os.getpid()}"))
        os.replace(cached.with_suffix(f".{os.getpid()}"), cached)
    return Coverage.from_trace(json.loads(cached.read_text(encoding="utf-8")))


# --- running ------------------------------------------------------------------------------------------

def _run(command: list[str], cwd: Path, timeout: float, quiet: bool = False) -> tuple[int | None, str]:
    """Exit code (None on timeout) and output; the whole process group is ended on a timeout."""
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", NO_MKDOCS_2_WARNING="1", PYTHONHASHSEED="0")
    with tempfile.TemporaryFile("w+", encoding="utf-8") as output:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            code: int | None = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            code = None
        output.seek(0)
        return code, output.read()


def run_tests(project: Path, tests: list[str], timeout: float, stop: bool = True
              ) -> tuple[int | None, list[str], str]:
    """Run these tests in the copy: (exit code or None on timeout, the failing tests, output)."""
    selection = project / ".mutate-selection.json"
    failure = project / ".mutate-failure.txt"
    failure.unlink(missing_ok=True)
    selection.write_text(json.dumps({"tests": tests, "failure": str(failure), "stop": stop}), encoding="utf-8")
    code, output = _run([sys.executable, "tests/mutate.py", "--run-worker", str(selection)], project, timeout)
    failed = failure.read_text(encoding="utf-8").splitlines() if failure.exists() else []
    return code, list(dict.fromkeys(failed)), output


@dataclass
class Outcome:
    mutant: Mutant
    status: str          # killed, timeout (counted as killed), survived, uncovered (counted as survived), equivalent
    detail: str = ""
    seconds: float = 0.0


def copy_project(destination: Path) -> Path:
    """The working tree as it is now (uncommitted edits included), without environments and caches."""
    def ignored(folder: str, names: list[str]) -> set[str]:
        top = _NOT_COPIED if Path(folder) == ROOT else set()
        return {n for n in names if n in top or n == "__pycache__" or n.endswith(".pyc")}
    shutil.copytree(ROOT, destination, ignore=ignored, symlinks=True)
    return destination


def _tests_from(revision: str, project: Path) -> None:
    """Replace the copy's tests/ with the revision's (this script stays: it runs the tests)."""
    archive = subprocess.run(["git", "archive", revision, "tests"], cwd=ROOT, capture_output=True, check=True).stdout
    shutil.rmtree(project / "tests")
    subprocess.run(["tar", "-x", "-C", str(project)], input=archive, check=True)
    shutil.copy2(ROOT / "tests" / "mutate.py", project / "tests" / "mutate.py")


def parse_module(spec: str) -> tuple[str, set[str] | None]:
    """'config/taxonomy.py:Matcher+Term' -> ('config/taxonomy.py', {'Matcher', 'Term'})."""
    module, _, names = spec.partition(":")
    return module.strip(), {n for n in names.split("+") if n} or None


def all_modules() -> list[str]:
    return sorted(path.relative_to(ROOT / PACKAGE).as_posix() for path in (ROOT / PACKAGE).rglob("*.py")
                  if path.name != "__init__.py" and "__pycache__" not in path.parts)


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] in ("--trace-worker", "--run-worker"):
        return _worker(sys.argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--modules", default="", help="comma-separated, relative to hooks/newsroom/ "
                        "(module.py:Name+Name limits to those top-level definitions); default: every module")
    parser.add_argument("--mutants", type=int, default=25, help="mutants sampled per module (default 25)")
    parser.add_argument("--seed", type=int, default=13, help="random seed of the sample (default 13)")
    parser.add_argument("--timeout", type=float, default=60.0,
                        help="seconds a mutant's tests may take beyond 3× their time without it (default 60)")
    parser.add_argument("--max-seconds", type=float, default=2.0,
                        help="leave out tests that take longer, with their fixtures, under the tracer (default 2: the tests that build a whole site)")
    parser.add_argument("--operators", default=",".join(OPERATORS), help="comma-separated operators to use")
    parser.add_argument("--exclude", default=DEFAULT_EXCLUDE, help=f"test files left out (default {DEFAULT_EXCLUDE})")
    parser.add_argument("--tests-from", metavar="REV", help="the tests/ folder as of this git revision (a score "
                        "before new tests); the rest of the project as it is now")
    parser.add_argument("--only", default="", help="comma-separated mutant ids to run instead of a sample")
    parser.add_argument("--list", action="store_true", help="list the sampled mutants and their tests; run nothing")
    parser.add_argument("--json", type=Path, help="also write the outcomes here")
    parser.add_argument("--keep", action="store_true", help="keep the copy of the project (its path is printed)")
    args = parser.parse_args()

    specs = [parse_module(s) for s in args.modules.split(",") if s.strip()] or [(m, None) for m in all_modules()]
    operators = {o.strip() for o in args.operators.split(",") if o.strip()}
    unknown = operators - set(OPERATORS)
    if unknown:
        parser.error(f"unknown operators: {', '.join(sorted(unknown))}")
    only = {i.strip() for i in args.only.split(",") if i.strip()}
    exclude = [p.strip() for p in args.exclude.split(",") if p.strip()]
    equivalents = load_equivalents(EQUIVALENTS)

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # a stopped run still removes its copy
    work = Path(tempfile.mkdtemp(prefix="mutate-"))
    project = copy_project(work / "project")
    if args.tests_from:
        _tests_from(args.tests_from, project)
    try:
        plans: list[tuple[str, set[str] | None, str, list[Mutant]]] = []
        for module, names in specs:
            path = project / PACKAGE / module
            if not path.is_file():
                parser.error(f"no module {PACKAGE / module}")
            text = path.read_text(encoding="utf-8")
            candidates = [m for m in mutants_of(module, text, names) if m.operator in operators]
            chosen = [m for m in candidates if m.ident in only] if only else \
                sample(candidates, args.mutants, args.seed, module)
            label = module + (":" + "+".join(sorted(names)) if names else "")
            print(f"{label}: {len(candidates)} candidate mutants, {len(chosen)} chosen", flush=True)
            plans.append((module, names, text, chosen))

        coverage = measure_coverage(project, exclude, timeout=3600)
        wanted = sorted(set().union(*(coverage.tests_for(m.module, m.first, m.last, m.statement, m.readers)
                                      for _, _, _, chosen in plans for m in chosen)))
        slow = {test for test in wanted if coverage.cost.get(test, 0.0) > args.max_seconds}
        if slow:
            print(f"left out, over {args.max_seconds:g} s with their fixtures: {', '.join(sorted(slow))}", flush=True)
        wanted = [test for test in wanted if test not in slow]
        broken: set[str] = set(slow)
        if not args.list:
            print(f"baseline: {len(wanted)} tests without any mutant", flush=True)
            started = time.perf_counter()
            code, failed, output = run_tests(project, wanted, timeout=3600, stop=False)
            broken = set(failed)
            if code not in (0, 1):
                print(output[-3000:])
                raise SystemExit(f"mutate: the baseline run did not finish (exit {code})")
            print(f"  {time.perf_counter() - started:.0f} s; failing without a mutant (left out): "
                  f"{', '.join(sorted(broken)) or 'none'}", flush=True)

        outcomes: list[Outcome] = []
        for module, _, text, chosen in plans:
            path = project / PACKAGE / module
            for mutant in chosen:
                outcome = _try(mutant, path, project, coverage, broken, equivalents, args)
                outcomes.append(outcome)
                print(f"  {outcome.status:<10} {mutant.ident:<40} {outcome.seconds:5.1f} s  {outcome.detail[:60]}\n"
                      f"             - {mutant.original[:110]}\n             + {mutant.mutated[:110]}", flush=True)
            path.write_text(text, encoding="utf-8")
        if not args.list:
            _report(plans, outcomes, args)
        if args.json:
            args.json.write_text(json.dumps([{
                "id": o.mutant.ident, "module": o.mutant.module, "line": o.mutant.line, "operator": o.mutant.operator,
                "original": o.mutant.original, "mutated": o.mutant.mutated, "status": o.status, "detail": o.detail,
                "seconds": round(o.seconds, 2)} for o in outcomes], ensure_ascii=False, indent=1), encoding="utf-8")
    finally:
        if args.keep:
            print(f"the copy is kept in {project}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def _try(mutant: Mutant, path: Path, project: Path, coverage: Coverage, broken: set[str],
         equivalents: list[dict[str, Any]], args: argparse.Namespace) -> Outcome:
    reason = equivalent_reason(mutant, equivalents)
    if reason is not None:
        return Outcome(mutant, "equivalent", reason)
    tests = coverage.ordered(coverage.tests_for(mutant.module, mutant.first, mutant.last, mutant.statement, mutant.readers) - broken)
    if args.list:
        return Outcome(mutant, "listed", f"{len(tests)} tests")
    if not tests:
        return Outcome(mutant, "uncovered", "no test runs this line")
    path.write_text(mutant.text, encoding="utf-8")
    expected = sum(coverage.durations.get(t, 0.0) for t in tests) + 5
    started = time.perf_counter()
    code, failed, output = run_tests(project, tests, timeout=3 * expected + args.timeout)
    seconds = time.perf_counter() - started
    if code is None:
        return Outcome(mutant, "timeout", f"over {3 * expected + args.timeout:.0f} s", seconds)
    if code == 0:
        return Outcome(mutant, "survived", f"{len(tests)} tests pass", seconds)
    if code in (1, 2):  # tests failed, or collection failed (the module no longer imports)
        return Outcome(mutant, "killed", failed[0] if failed else output.strip().splitlines()[-1], seconds)
    return Outcome(mutant, "error", f"pytest exit {code}: {output.strip()[-500:]}", seconds)


def _report(plans: list[tuple[str, set[str] | None, str, list[Mutant]]], outcomes: list[Outcome],
            args: argparse.Namespace) -> None:
    print(f"\nmutation testing, seed {args.seed}, {args.mutants} per module "
          f"(timeouts count as killed, lines no test runs as survived)")
    print(f"{'module':<40} {'killed':>7} {'timeout':>8} {'survived':>9} {'equiv.':>7} {'score':>7}")
    for module, names, _, _ in plans:
        mine = [o for o in outcomes if o.mutant.module == module]
        count = {s: sum(o.status == s for o in mine) for s in ("killed", "timeout", "survived", "uncovered",
                                                               "equivalent", "error")}
        scored = len(mine) - count["equivalent"] - count["error"]
        killed = count["killed"] + count["timeout"]
        label = module + (":" + "+".join(sorted(names)) if names else "")
        score = f"{100 * killed / scored:.0f}%" if scored else "-"
        print(f"{label:<40} {killed:>3}/{scored:<3} {count['timeout']:>8} "
              f"{count['survived'] + count['uncovered']:>9} {count['equivalent']:>7} {score:>7}")
    survivors = [o for o in outcomes if o.status in ("survived", "uncovered", "error")]
    if survivors:
        print("\nsurvivors:")
    for outcome in survivors:
        m = outcome.mutant
        print(f"  {m.module}:{m.line} {m.operator} ({outcome.detail})\n      - {m.original[:200]}\n"
              f"      + {m.mutated[:200]}")


if __name__ == "__main__":
    sys.exit(main())
