"""The seed stage's CPU time per article: `python tests/seed_stage_speed.py CORPUS [N] [--profile FILE]`.

Reads N seeds of CORPUS (a folder of real posts, e.g. ../shared/corpus/jekyll-scale; the same N each
time, shuffled with a fixed seed), then times `process_seed` on each in this process, with the parsers and
jieba loaded beforehand: process CPU time (less noisy than the clock on a shared machine), and the stages'
wall time as timing.py counts them. Not a test: pytest does not collect it. Run two versions alternately
(ROOT=other/checkout) to compare them: the machine's speed varies by a third from minute to minute.
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(os.environ.get("ROOT", Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(ROOT / "hooks"))

from newsroom import timing  # noqa: E402
from newsroom.config.rules import load_rules  # noqa: E402
from newsroom.seed.process import prepare, process_seed  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("n", nargs="?", type=int, default=600)
    parser.add_argument("--profile", type=Path, help="write cProfile's statistics here")
    args = parser.parse_args()
    files = sorted(path for path in args.corpus.rglob("*") if path.is_file())
    random.Random(1).shuffle(files)
    seeds = [(path.name, path.read_bytes()) for path in files[:args.n]]
    rules = load_rules()
    prepare()
    profile = None
    if args.profile:
        import cProfile
        profile = cProfile.Profile()
        profile.enable()
    timing.reset()
    started = time.process_time()
    for name, data in seeds:
        process_seed(name, data, rules)
    seconds = time.process_time() - started
    if profile is not None:
        profile.disable()
        profile.dump_stats(args.profile)
    print(f"{ROOT}: {1000 * seconds / len(seeds):.2f} ms of CPU an article over {len(seeds)} seeds")
    print("stages (s):", {name: round(value, 2) for name, value in timing.totals().items() if value})


if __name__ == "__main__":
    main()
