"""Chinese words: jieba's tokenizer and part-of-speech tagger, loaded once a process, and fast.

jieba keeps what it makes of its dictionary (its 349,000 words and their prefixes, 498,000 entries
with counts) as a marshal file in the temporary folder, and that file took 0.75 s to load: the
largest single cost of a build after one new seed at 10,000 articles, besides MkDocs' own (issue 17,
item 3). The same table as one string of words and an array of counts loads in 0.2 s. The build
keeps that copy in its cache folder (`keep_copy_in`); without one, or when the copy does not read
back whole, jieba loads its own way and the copy is written again. The copy holds words and numbers,
nothing that runs.

The tagger shares the word-tag table `jieba.posseg` loads when it is imported (the same default
dictionary): reading dict.txt a second time took a quarter of a second.

`mkdocs serve` loads both in a thread of its own after its first build (seed/process.py: `prepare`)
while a rebuild may need them: a lock makes that one load, not two.
"""
from __future__ import annotations

import array
import logging
import os
import sys
import tempfile
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# The copy: this line, then four little-endian 8-byte numbers (the words, the bytes of their text, the
# total count, the CRC-32 of what follows), then the words joined by "\n" (UTF-8), then their counts.
_MAGIC = b"newsroom jieba words 2\n"
_HEADER = len(_MAGIC) + 32
_COUNT = "Q"  # each word's count in the array: 8 bytes, this machine's byte order (in the copy's name)

_copy_folder: Path | None = None  # where the build keeps the copy: its cache folder
_loading = threading.Lock()
_tokenizer: Any = None
_tagger: Any = None


def keep_copy_in(folder: Path | None) -> None:
    """Keep the dictionary's copy in `folder` (the build's cache folder) from now on in this process."""
    global _copy_folder
    _copy_folder = folder


def copy_folder() -> Path | None:
    """Where this process keeps the copy (worker processes are given it: build/workers.py)."""
    return _copy_folder


def segmenter() -> Any:
    """jieba's tokenizer with its dictionary: loaded at the first short Chinese match that needs it
    (config/taxonomy.py) or the first amount's clause (seed/parties.py)."""
    global _tokenizer
    if _tokenizer is None:
        with _loading:
            if _tokenizer is None:
                _tokenizer = _loaded_tokenizer()
    return _tokenizer


def tagger() -> Any:
    """jieba's part-of-speech tagger over `segmenter()`, with the word tags jieba.posseg loaded on import
    and config/viterbi.py's Viterbi (`_tagger_type`)."""
    global _tagger
    if _tagger is None:
        tokenizer = segmenter()
        with _loading:
            if _tagger is None:
                import jieba.posseg  # type: ignore[import-untyped]

                tagger_type = _tagger_type(jieba.posseg)
                made = tagger_type.__new__(tagger_type)
                # what POSTokenizer() sets, without reading dict.txt again: the table of jieba's own tagger
                # over the same default dictionary (shared: nothing here adds words to either)
                made.tokenizer, made.word_tag_tab = tokenizer, jieba.posseg.dt.word_tag_tab
                _tagger = made
    return _tagger


def _tagger_type(posseg: Any) -> Any:
    """jieba's POSTokenizer with its part-of-speech Viterbi replaced by config/viterbi.py's: the same tags
    (tests/test_viterbi.py), and about a tenth of the time of jieba's, which was 12% of the seed stage."""
    from .viterbi import viterbi

    class Tagger(posseg.POSTokenizer):
        def _POSTokenizer__cut(self, sentence: str) -> Iterator[Any]:
            """jieba's `__cut` (what its other cuts call by that name for a run of Chinese characters), as it
            is but for the Viterbi."""
            _, pos_list = viterbi(sentence, posseg.char_state_tab_P, posseg.start_P, posseg.trans_P, posseg.emit_P)
            begin, nexti = 0, 0
            for i, char in enumerate(sentence):
                pos = pos_list[i][0]
                if pos == "B":
                    begin = i
                elif pos == "E":
                    yield posseg.pair(sentence[begin:i + 1], pos_list[i][1])
                    nexti = i + 1
                elif pos == "S":
                    yield posseg.pair(char, pos_list[i][1])
                    nexti = i + 1
            if nexti < len(sentence):
                yield posseg.pair(sentence[nexti:], pos_list[nexti][1])

    return Tagger


def _loaded_tokenizer() -> Any:
    import jieba

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
    if not data.startswith(_MAGIC) or len(data) < _HEADER:
        return None
    entries, text_bytes, total, check = (int.from_bytes(data[at:at + 8], "little")
                                         for at in range(len(_MAGIC), _HEADER, 8))
    counts = array.array(_COUNT)
    if len(data) != _HEADER + text_bytes + entries * counts.itemsize or zlib.crc32(data[_HEADER:]) != check:
        return None
    try:
        words = data[_HEADER:_HEADER + text_bytes].decode("utf-8").split("\n")
    except UnicodeDecodeError:
        return None
    counts.frombytes(data[_HEADER + text_bytes:])
    if len(words) != entries:
        return None
    return dict(zip(words, counts, strict=True)), total


def _write_copy(path: Path, table: dict[str, int], total: int) -> None:
    """Write the copy whole or not at all, and drop the copies of other jieba versions and the
    half-written ones a killed build left."""
    if any("\n" in word for word in table):  # the copy's separator: such a table is not copied
        return
    payload = "\n".join(table).encode("utf-8") + array.array(_COUNT, table.values()).tobytes()
    text_bytes = len(payload) - len(table) * array.array(_COUNT).itemsize
    header = b"".join(number.to_bytes(8, "little") for number in (len(table), text_bytes, total, zlib.crc32(payload)))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for other in path.parent.glob("jieba-*"):
            if other != path:
                other.unlink(missing_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f"{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(_MAGIC + header + payload)
            os.replace(temporary, path)
        except OSError:
            os.unlink(temporary)
            raise
    except OSError:  # a read-only cache: jieba's own file is used next time too
        pass
