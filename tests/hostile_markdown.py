"""Times the hostile Markdown of issue 16 (item 3) through the seed stage, with the working tree's code
and, with `--before`, an earlier commit's (its `hooks/` taken out with `git archive`).

    python tests/hostile_markdown.py --before f541349 --limit 300
    python tests/hostile_markdown.py --shapes --limit 60

Each input runs in a process of its own, killed after `--limit` seconds: the Markdown rendering alone
(`to_fragment`) and the whole seed stage (`process_seed`: reading, rendering, cleaning, analysis), with
the process's peak memory. `--shapes` instead sets `markdown_cost`'s estimate for many shapes of
hostile Markdown beside the time Python-Markdown itself takes over each. Not a test: pytest does not
collect it.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = {
    "emphasis 78 KB": '"\\n".join(["a**b_c*" * 2800] * 4)',
    "emphasis 314 KB": '"\\n".join(["a**b_c*" * 2800] * 16)',
    "emphasis 3.9 MB": '"\\n".join(["a**b_c*" * 2800] * 200)',
    "blockquotes 4 MB": '"\\n".join("> " * depth + "x" for depth in range(1, 2001))',
}
SHAPES = {
    "emphasis, a paragraph of 2 lines": '"\\n".join(["a**b_c*" * 2800] * 2)',
    "emphasis, a paragraph of 4 lines": '"\\n".join(["a**b_c*" * 2800] * 4)',
    "emphasis, 64 paragraphs": '"\\n\\n".join(["a**b_c*" * 2800] * 64)',
    "code spans, a paragraph of 4 lines": '"\\n".join(["`a` " * 4900] * 4)',
    "entities, a paragraph of 4 lines": '"\\n".join(["&amp; " * 3266] * 4)',
    "inline HTML, a paragraph of 4 lines": '"\\n".join(["<b>x</b>" * 2450] * 4)',
    "escapes, a paragraph of 4 lines": '"\\n".join(["\\\\*" * 9800] * 4)',
    "line breaks, a paragraph of 100,000": '"a  \\n" * 100_000',
    "1,000 [ before 190 KB": '"[" * 1000 + "\\n" + "\\n".join(["x" * 19_000] * 10)',
    "200 [ before 190 KB": '"[" * 200 + "\\n" + "\\n".join(["x" * 19_000] * 10)',
    "[a]( x 4,000": '"[a](" * 4000',
    "[a][ x 4,000": '"[a][" * 4000',
    "``a` x 5,000": '"``a`" * 5000',
    "1,000 links before 190 KB": '"[a] " * 1000 + "\\n" + "\\n".join(["x" * 19_000] * 10)',
    "a list of 2,000 links": '"\\n".join(f"[title {i}](https://example.com/{i})" for i in range(2000))',
    "quotes 2,000 deep (4 MB)": '"\\n".join("> " * depth + "x" for depth in range(1, 2001))',
    "quotes 500 deep": '"\\n".join("> " * depth + "x" for depth in range(1, 501))',
    "quotes 250 deep": '"\\n".join("> " * depth + "x" for depth in range(1, 251))',
    "5 MB of lines 10 quotes deep": '"\\n".join(["> " * 10 + "x" * 80] * 50_000)',
    "lists 300 deep": '"\\n".join("    " * depth + "- x" for depth in range(300))',
    "definitions 5,000 deep": '"\\n".join(f"term\\n: definition {i}" for i in range(5000))',
    "100,000 paragraphs": '"x\\n\\n" * 100_000',
    "a quote of 200,000 paragraphs": '"> x\\n>\\n" * 200_000',
    "a table of 200,000 rows": '"a|b\\n-|-\\n" + "x|y\\n" * 200_000',
    "50,000 paragraphs of 100 characters": '"\\n\\n".join(["x" * 100] * 50_000)',
    "50,000 lines of 100 characters": '"\\n".join(["x" * 100] * 50_000)',
    "under the budget: a table of 99,000 rows": '"a|b\\n-|-\\n" + "x|y\\n" * 99_000',
    "under the budget: a quote of 99,000 lines": '"> x\\n>\\n" * 49_500',
    "under the budget: 39,000 paragraphs": '("x" * 128 + "\\n\\n") * 39_000',
}
SHAPE_CHILD = """
import json, sys, time, markdown
sys.path.insert(0, {hooks!r})
from newsroom.seed import markdown_cost
body = {body}
start = time.perf_counter()
why = markdown_cost.too_costly(body)
estimating = time.perf_counter() - start
print(json.dumps([len(body), why, estimating]), flush=True)
start = time.perf_counter()
try:
    markdown.Markdown(extensions=["extra", "sane_lists"], output_format="html").convert(body)
    print(json.dumps(time.perf_counter() - start))
except RecursionError:
    print(json.dumps("RecursionError"))
"""
CHILD = """
import json, resource, sys, time
sys.path.insert(0, {hooks!r})
from newsroom.config.rules import load_rules
from newsroom.seed.article import make_article  # the seed stage's parsers, loaded before the clock starts
from newsroom.seed.extract import to_fragment
from newsroom.seed.process import process_seed
body = {body}
rules = load_rules()
start = time.perf_counter()
if {stage!r} == "rendering":
    to_fragment(body, "markdown")
else:
    process_seed("hostile.md", ("---\\ntitle: Hostile\\n---\\n" + body + "\\n").encode(), rules)
print(json.dumps([time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024]))
"""


def timed(hooks: Path, case: str, stage: str, limit: float) -> str:
    child = CHILD.format(hooks=str(hooks), body=CASES[case], stage=stage)
    try:
        done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, timeout=limit, check=True)
    except subprocess.TimeoutExpired:
        return f"> {limit:.0f} s"
    seconds, megabytes = json.loads(done.stdout.strip().splitlines()[-1])
    return f"{seconds:.2f} s, {megabytes:,.0f} MB"


def shape(name: str, limit: float) -> str:
    child = SHAPE_CHILD.format(hooks=str(ROOT / "hooks"), body=SHAPES[name])
    try:
        done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, timeout=limit, check=True)
        lines = done.stdout.strip().splitlines()
    except subprocess.TimeoutExpired as stopped:
        lines = (stopped.stdout or b"").decode().strip().splitlines() + [f'"> {limit:.0f}"']
    size, why, estimating = json.loads(lines[0])
    took = json.loads(lines[1])
    took = f"{took:.2f} s" if isinstance(took, float) else took
    return (f"{name:42} {size / 1000:7,.0f} KB  Python-Markdown: {took:>14}  estimated in {estimating:.2f} s: "
            f"{why or 'rendered'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", help="a commit to time too")
    parser.add_argument("--limit", type=float, default=300, help="seconds before a run is stopped")
    parser.add_argument("--shapes", action="store_true", help="the estimate against Python-Markdown's time")
    args = parser.parse_args()
    if args.shapes:
        for name in SHAPES:
            print(shape(name, args.limit), flush=True)
        return
    with tempfile.TemporaryDirectory() as scratch:
        code = {"now": ROOT / "hooks"}
        if args.before:
            archive = subprocess.run(["git", "archive", args.before, "hooks"], cwd=ROOT, capture_output=True, check=True)
            subprocess.run(["tar", "-x", "-C", scratch], input=archive.stdout, check=True)
            code = {args.before: Path(scratch) / "hooks", **code}
        for case in CASES:
            for stage in ("rendering", "seed stage"):
                times = "; ".join(f"{name}: {timed(hooks, case, stage, args.limit)}" for name, hooks in code.items())
                print(f"{case:18} {stage:10} {times}", flush=True)


if __name__ == "__main__":
    main()
