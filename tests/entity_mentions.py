"""Mentions per entity and topic over a corpus, with the working tree's matcher and an earlier one (issue 16).

    python tests/entity_mentions.py ../shared/corpus/{jekyll-sample,jekyll-scale,scraped} --before HEAD~1 --time 1000

Builds an archive of each folder (as a real build would: templates learned per source) and keeps what
each article's analysis was given (title, text, body, source) in `--texts` (a pickle, reused when it
exists, so both matchers see the same texts whatever the cleaning code does meanwhile). Then it counts
every mention (title and body, the publication's own name blanked, as `seed/analyse.py` counts them)
with the working tree's `Matcher` and with the one of `--before`'s `config/taxonomy.py`, and prints the
entities and topics whose counts changed most, the commonest removed mentions and a random sample of
them with the sentence around each. `--time N` also times `analyse()` on N articles with each matcher.
Not a test: pytest does not collect it; the corpus is not in a fresh clone.
"""
from __future__ import annotations

import argparse
import pickle
import random
import re
import subprocess
import sys
import time
import types
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from newsroom.build import pipeline, workers  # noqa: E402 (after sys.path is set)
from newsroom.build.cache import SeedCache  # noqa: E402 (after sys.path is set)
from newsroom.config.rules import Rules, load_rules  # noqa: E402 (after sys.path is set)
from newsroom.seed import analyse as analyse_module  # noqa: E402 (after sys.path is set)
from newsroom.seed import article as article_module  # noqa: E402 (after sys.path is set)

Inputs = tuple[str, str, str, str, str | None]  # title, text, body HTML, language, source
Mention = tuple[str, int, str, int, int]  # term slug, article index, "title" or "text", start, end
_SENTENCE_END = re.compile(r"[。！？!?\n]|\. ")


def capture(folders: list[Path], rules: Rules) -> list[Inputs]:
    """What every article's analysis is given when each folder is built as an archive."""
    captured: list[Inputs] = []
    real = article_module.analyse

    def recording(title: str, text: str, body_html: str, rules: Rules, **options: Any) -> Any:
        captured.append((title, text, body_html, options.get("language", "zh"), options.get("source")))
        return real(title, text, body_html, rules, **options)

    workers.PARALLEL_FROM = sys.maxsize  # in this process, where the recording sees every article
    article_module.analyse = recording  # type: ignore[assignment]
    try:
        for folder in folders:
            pipeline.build(folder, rules, site_name="mentions", cache=SeedCache())
            print(f"{folder}: {len(captured)} articles so far", file=sys.stderr)
    finally:
        article_module.analyse = real
    return captured


def matcher_at(revision: str) -> type:
    """The `Matcher` class of `config/taxonomy.py` at a git revision."""
    source = subprocess.run(["git", "show", f"{revision}:hooks/newsroom/config/taxonomy.py"], cwd=ROOT,
                            check=True, capture_output=True, text=True).stdout
    module = types.ModuleType("taxonomy_before")
    module.__package__ = "newsroom.config"  # its relative imports resolve in today's package
    sys.modules[module.__name__] = module  # dataclasses look their module up
    exec(compile(source, f"{revision}:taxonomy.py", "exec"), module.__dict__)
    return module.Matcher  # type: ignore[no-any-return]


def mentions(matcher: Any, articles: list[Inputs]) -> list[Mention]:
    """Every mention of the matcher's terms in the articles."""
    found = []
    for index, (title, text, _, _, source) in enumerate(articles):
        masks = (source,) if source and len(source) >= 3 else ()
        for part, value in (("title", title), ("text", analyse_module._masked(text, masks))):
            found += [(term.slug, index, part, start, end) for term, start, end in matcher.finditer(value)]
    return found


def sentence(text: str, start: int, end: int) -> str:
    """The sentence around a mention, the mention in [brackets], cut to 60 characters a side."""
    left = max((m.end() for m in _SENTENCE_END.finditer(text, max(0, start - 60), start)), default=max(0, start - 60))
    right = next((m.start() + 1 for m in _SENTENCE_END.finditer(text, end, end + 60)), min(len(text), end + 60))
    return f"{text[left:start]}[{text[start:end]}]{text[end:right]}".strip()


def _part(article: Inputs, part: str) -> str:
    return article[0] if part == "title" else article[1]


def timed(rules: Rules, articles: list[Inputs]) -> float:
    """Mean milliseconds of `analyse()` per article."""
    began = time.perf_counter()
    for title, text, body_html, language, source in articles:
        analyse_module.analyse(title, text, body_html, rules, language=language, source=source)
    return (time.perf_counter() - began) * 1000 / len(articles)


def report(kind: str, before: list[Mention], after: list[Mention], articles: list[Inputs], sample: int,
           seed: int) -> None:
    """The terms whose mentions changed, the commonest removed ones and a random sample of them."""
    counts_before, counts_after = Counter(m[0] for m in before), Counter(m[0] for m in after)
    listed_before = Counter(slug for slug, _ in {(m[0], m[1]) for m in before})
    listed_after = Counter(slug for slug, _ in {(m[0], m[1]) for m in after})
    print(f"{len(articles)} articles; {kind} mentions {len(before)} -> {len(after)}; "
          f"article-{kind} pairs {sum(listed_before.values())} -> {sum(listed_after.values())}\n")
    print(f"{kind:32} {'mentions before':>15} {'after':>7} {'change':>7} {'articles before':>15} {'after':>7}")
    changed = sorted(set(counts_before) | set(counts_after),
                     key=lambda slug: (-abs(counts_after[slug] - counts_before[slug]), slug))
    for slug in changed:
        if counts_after[slug] != counts_before[slug] or listed_after[slug] != listed_before[slug]:
            print(f"{slug:32} {counts_before[slug]:>15} {counts_after[slug]:>7} "
                  f"{counts_after[slug] - counts_before[slug]:>+7} {listed_before[slug]:>15} {listed_after[slug]:>7}")
    kept, was = set(after), set(before)
    removed = [m for m in before if m not in kept]
    added = [m for m in after if m not in was]
    print(f"\n{len(removed)} mentions removed, {len(added)} added; the commonest removed, with two characters a side:")
    around = Counter(f"{slug} {_part(articles[i], part)[max(0, s - 2):e + 2]!r}" for slug, i, part, s, e in removed)
    for context, count in around.most_common(sample):
        print(f"{count:>6}  {context}")
    print(f"\na sample of {sample} removed mentions (seed {seed}):")
    for slug, index, part, start, end in random.Random(seed).sample(removed, min(sample, len(removed))):
        print(f"- {slug}: {sentence(_part(articles[index], part), start, end)}")
    for slug, index, part, start, end in added[:sample]:
        print(f"+ {slug}: {sentence(_part(articles[index], part), start, end)}")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", nargs="*", type=Path, help="corpus folders (not needed when --texts exists)")
    parser.add_argument("--texts", type=Path, default=Path("/tmp/entity-mentions-texts.pickle"))
    parser.add_argument("--before", default="HEAD", help="git revision whose matcher is compared (default HEAD)")
    parser.add_argument("--sample", type=int, default=20, help="removed mentions to show")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--time", type=int, default=0, help="time analyse() on this many articles")
    args = parser.parse_args()

    rules = load_rules(ROOT / "hooks/newsroom/data")
    if args.texts.exists():
        articles = pickle.loads(args.texts.read_bytes())
    else:
        articles = capture(args.folders, rules)
        args.texts.write_bytes(pickle.dumps(articles))
    taxonomy = rules.taxonomy
    Before = matcher_at(args.before)
    before_matchers = {"entity": Before(taxonomy.entities), "topic": Before(taxonomy.topics)}
    report("entity", mentions(before_matchers["entity"], articles), mentions(taxonomy.entity_matcher, articles),
           articles, args.sample, args.seed)
    report("topic", mentions(before_matchers["topic"], articles), mentions(taxonomy.topic_matcher, articles),
           articles, args.sample, args.seed)

    if args.time:
        sample = articles[:args.time]
        matchers = {"after": (taxonomy.topic_matcher, taxonomy.entity_matcher),
                    "before": (before_matchers["topic"], before_matchers["entity"])}
        best = dict.fromkeys(matchers, float("inf"))
        timed(rules, sample[:20])  # warm up: the parsers', and the segmenter's, first use
        for _ in range(3):  # alternately, the best of three each: the machine is shared
            for name, (topic_matcher, entity_matcher) in matchers.items():
                object.__setattr__(taxonomy, "topic_matcher", topic_matcher)
                object.__setattr__(taxonomy, "entity_matcher", entity_matcher)
                best[name] = min(best[name], timed(rules, sample))
        print(f"\nanalyse() per article over {len(sample)} articles (best of 3): "
              f"{best['before']:.2f} ms before, {best['after']:.2f} ms after")

if __name__ == "__main__":
    main()
