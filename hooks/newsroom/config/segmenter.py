"""jieba's tokenizer and part-of-speech tagger, loaded once a process and fast.

jieba keeps what it makes of its dictionary (its 349,000 words and their prefixes, 498,000 entries
with counts) as a marshal file in the temporary folder, and that file took 0.75 s to load: the
largest single cost of a build after one new seed at 10,000 articles, besides MkDocs' own (issue 17,
item 3). The same table as one string of words and an array of counts loads in 0.2 s. The build
keeps that copy in its cache folder (`keep_copy_in`); without one, or when the copy does not read
back whole, jieba loads its own way and the copy is written again. The copy holds words and numbers,
nothing that runs.

The tagger shares the word-tag table `jieba.posseg` loads when it is imported (the same default
dictionary): reading dict.txt a second time took a quarter of a second.
"""
from __future__ import annotations

import array
import functools
import logging
import os
import sys
from pathlib import Path
from typing import Any

_MAGIC = b"newsroom jieba words 1\n"  # then the words, the bytes of their text and the total count: 8 bytes each
_COUNT = "Q"  # each word's count in the array: 8 bytes, this machine's byte order (in the copy's name)
_copy_folder: Path | None = None  # where the build keeps the copy: its cache folder


def keep_copy_in(folder: Path) -> None:
    """Keep the dictionary's copy in `folder` (the build's cache folder) from now on in this process."""
    global _copy_folder
    _copy_folder = folder


def copy_folder() -> Path | None:
    """Where this process keeps the copy (worker processes are given it: build/workers.py)."""
    return _copy_folder


@functools.cache
def segmenter() -> Any:
    """jieba's tokenizer with its dictionary: loaded at the first short Chinese match that needs it
    (config/taxonomy.py) or the first amount's clause (seed/parties.py), once per process."""
    import jieba  # type: ignore[import-untyped]

    jieba.setLogLevel(logging.WARNING)  # it announces every dictionary load on stderr
    tokenizer = jieba.Tokenizer()
    copy = _copy_path(jieba)
    table = _read_copy(copy) if copy is not None else None
    if table is None:
        tokenizer.initialize()
        if copy is not None:
            _write_copy(copy, tokenizer.FREQ, tokenizer.total)
    else:
        (tokenizer.FREQ, tokenizer.total), tokenizer.initialized = table, True
    return tokenizer


@functools.cache
def tagger() -> Any:
    """jieba's part-of-speech tagger over `segmenter()`, with the word tags jieba.posseg loaded on import."""
    import jieba.posseg  # type: ignore[import-untyped]

    shared = jieba.posseg.dt  # the tagger over jieba's default tokenizer: the same dictionary as segmenter()'s
    tagger = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
    tagger.tokenizer, tagger.word_tag_tab = segmenter(), shared.word_tag_tab  # what POSTokenizer() sets, read again
    return tagger


def _copy_path(jieba: Any) -> Path | None:
    if _copy_folder is None:
        return None
    try:  # a new jieba (or its dictionary edited in place) is another copy
        size = os.stat(os.path.join(os.path.dirname(jieba.__file__), jieba.DEFAULT_DICT_NAME)).st_size
    except OSError:
        return None
    return _copy_folder / f"jieba-{jieba.__version__}-{size}-{sys.byteorder}.words"


def _read_copy(path: Path) -> tuple[dict[str, int], int] | None:
    """The word table and its total count, or None when the copy is missing or does not read back whole."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if not data.startswith(_MAGIC):
        return None
    at = len(_MAGIC)
    entries, text_bytes, total = (int.from_bytes(data[start:start + 8], "little") for start in range(at, at + 24, 8))
    at += 24
    counts = array.array(_COUNT)
    if len(data) != at + text_bytes + entries * counts.itemsize:
        return None
    try:
        words = data[at:at + text_bytes].decode("utf-8").split("\n")
    except UnicodeDecodeError:
        return None
    counts.frombytes(data[at + text_bytes:])
    if len(words) != entries:
        return None
    return dict(zip(words, counts, strict=True)), total


def _write_copy(path: Path, table: dict[str, int], total: int) -> None:
    if any("\n" in word for word in table):  # the copy's separator: such a table is not copied
        return
    text = "\n".join(table).encode("utf-8")
    counts = array.array(_COUNT, table.values())
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(_MAGIC + b"".join(number.to_bytes(8, "little") for number in (len(table), len(text), total))
                              + text + counts.tobytes())
        os.replace(temporary, path)
    except OSError:  # a read-only cache: jieba's own file is used next time too
        temporary.unlink(missing_ok=True)
