"""Regular expressions compiled on first use: the rules' and the readers' patterns cost nothing
in a build that reads no new seed."""
from __future__ import annotations

import re
from typing import Any


class LazyPattern:
    """A regular expression compiled on first use, pickled as its source.

    A build that reads no new seed then compiles none of the cleaning rules' and the money
    grammar's patterns (30 ms a build, unpickling the rules) nor the readers' module constants.
    After the first use the pattern's methods are plain attributes: no lookup cost per call.
    """

    _METHODS = ("search", "match", "fullmatch", "sub", "subn", "split", "finditer", "findall")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern, self.flags = pattern, flags

    def compiled(self) -> re.Pattern[str]:
        compiled = re.compile(self.pattern, self.flags)
        for name in self._METHODS:
            setattr(self, name, getattr(compiled, name))
        return compiled

    def __getattr__(self, name: str) -> Any:  # only for what is not set yet: the first call
        if name.startswith("__") or name in ("pattern", "flags"):
            raise AttributeError(name)
        return getattr(self.compiled(), name)

    def __getstate__(self) -> tuple[str, int]:
        return self.pattern, self.flags

    def __setstate__(self, state: tuple[str, int]) -> None:
        self.pattern, self.flags = state

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LazyPattern) and (self.pattern, self.flags) == (other.pattern, other.flags)

    def __hash__(self) -> int:
        return hash((self.pattern, self.flags))

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r})"


def lazy_compile(pattern: str, flags: int = 0) -> LazyPattern:
    """`re.compile`, checked now (a bad pattern fails here), compiled again where first used."""
    re.compile(pattern, flags)
    return LazyPattern(pattern, flags)
