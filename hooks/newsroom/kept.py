"""Values kept from one build to the next in this process, each made again only when what it is made of
changed (issue 17, item 3).

Module state: `mkdocs serve` rebuilds in one process, so an unchanged article's page, list entry,
line of articles.json and page digest are not made again after a seed is dropped; a `mkdocs build`
is a process of its own and makes them all once.
"""
from __future__ import annotations

from collections.abc import Callable, Collection, Hashable
from typing import Any, Generic, TypeVar

Value = TypeVar("Value")


class Kept(Generic[Value]):
    """Values by key, each with what it was made of (compared with ==, so give the very inputs: the
    same objects compare at once)."""

    def __init__(self) -> None:
        self._known: dict[Hashable, tuple[Any, Value]] = {}

    def get(self, key: Hashable, made_of: Any, make: Callable[[], Value]) -> Value:
        known = self._known.get(key)
        if known is None or known[0] != made_of:
            known = self._known[key] = (made_of, make())
        return known[1]

    def keep_only(self, keys: Collection[Hashable]) -> None:
        """Forget the values of keys that are gone (articles removed, pages no longer made)."""
        for key in self._known.keys() - set(keys):
            del self._known[key]
