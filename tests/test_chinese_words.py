"""jieba's dictionary from the build's own copy, and the tagger over it (config/chinese_words.py).

Each test runs in a fresh process: the tokenizer and the tagger are loaded once a process."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HOOKS = Path(__file__).resolve().parent.parent / "hooks"

_SAME_AS_JIEBA = """
import sys, threading, jieba, jieba.posseg
from pathlib import Path
from newsroom.config import chinese_words
chinese_words.keep_copy_in(Path(sys.argv[1]))
loaded = []
threads = [threading.Thread(target=lambda: loaded.append(chinese_words.tagger())) for _ in range(3)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
assert len({id(made) for made in loaded}) == 1, "loaded more than once"
ours = chinese_words.segmenter()
assert loaded[0].tokenizer is ours
own = jieba.Tokenizer()
own.initialize()
assert ours.FREQ == own.FREQ and ours.total == own.total, "another table than jieba's"
text = "软银集团宣布向OpenAI投资400亿美元，台积电在美国亚利桑那州建厂。"
assert [tuple(p) for p in chinese_words.tagger().cut(text)] == [tuple(p) for p in jieba.posseg.POSTokenizer(own).cut(text)]
print(len(list(Path(sys.argv[1]).glob("jieba-*.words"))))
"""


def _run(script: str, folder: Path) -> str:
    done = subprocess.run([sys.executable, "-c", script, str(folder)], capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": str(HOOKS)})
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_copies_of_another_jieba_and_half_written_ones_are_dropped(tmp_path: Path) -> None:
    for name in ("jieba-0.41-5000-little.words", "jieba-0.42.1-123-little.words.abc.tmp"):
        (tmp_path / name).write_bytes(b"old")
    assert _run(_SAME_AS_JIEBA, tmp_path) == "1"  # the one copy of this jieba
    assert [path.name for path in tmp_path.iterdir()] == [next(tmp_path.glob("jieba-*.words")).name]  # nothing else


def test_the_copy_is_written_then_read_and_gives_jiebas_own_words_and_tags(tmp_path: Path) -> None:
    assert _run(_SAME_AS_JIEBA, tmp_path) == "1"  # jieba loaded its own way, the copy written
    copy = next(tmp_path.glob("jieba-*.words"))
    written = copy.stat().st_mtime_ns
    assert _run(_SAME_AS_JIEBA, tmp_path) == "1"  # read from the copy: the same table, the same tags
    assert copy.stat().st_mtime_ns == written


def test_a_damaged_copy_is_not_used_and_is_written_again(tmp_path: Path) -> None:
    _run(_SAME_AS_JIEBA, tmp_path)
    copy = next(tmp_path.glob("jieba-*.words"))
    whole = copy.read_bytes()
    middle = len(whole) // 2
    for damaged in (whole[:middle], b"something else", whole[:-8] + b"\xff" * 8 + b"x",
                    whole[:middle] + bytes([whole[middle] ^ 1]) + whole[middle + 1:]):  # one bit: the checksum
        copy.write_bytes(damaged)
        assert _run(_SAME_AS_JIEBA, tmp_path) == "1"  # jieba's own table, not the damaged one
        assert copy.read_bytes() == whole
