"""How trustworthy the investments table is, amount by amount against human labels (issue 15).

    python tests/figure_score.py ../shared/corpus tests/labels/figures-*.json [--show]

Each label file lists articles of the corpus (`jekyll-scale/` posts or `scraped/` pages) and every
amount of money worth US$10,000 or more in their own text, as a careful reader labelled it: its kind,
whether it belongs in an investments table, who pays (`actor`) and who receives (`target`), as named.
The script builds an archive of the labelled articles (a scraped page with its source's other pages,
whose template is learned from them, as in a real archive), then matches each labelled amount with
the build's figure of the same currency and value (within 1%; a second currency it is restated in
counts too):

    table rows that are investments   rows the table shows (their kind is one it lists) that the
                                      labels put in the table / all rows it shows
    investments found                 labelled table amounts the table shows / all of them
    amounts found                     labelled amounts found at all (any kind) / all of them
    kind right                        amounts found whose kind is the label's / amounts found
    payer (receiver) right            shown payers that name the labelled one / payers shown
    payer (receiver) shown            labelled payers shown and right / payers the labels name
                                      (both over the amounts labelled for the table: its columns)

A name is right when one of the entity's names is inside the labelled name or the other way round.
Not a test: pytest does not collect it (no test_ prefix); the corpus is not in a fresh clone.
"""
from __future__ import annotations

import argparse
import json
import logging
import re
import shutil
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))
sys.path.insert(0, str(ROOT / "tests"))

from cleaning_score import by_part, source_of  # noqa: E402
from newsroom.build import pipeline  # noqa: E402
from newsroom.build.cache import SeedCache  # noqa: E402
from newsroom.config.rules import Rules, load_rules  # noqa: E402
from newsroom.model import Article, Figure  # noqa: E402
from newsroom.site.investments import in_table, large_enough  # noqa: E402

LABEL_KINDS = ("investment", "pledge", "acquisition", "funding round", "fund size", "government spending",
               "loan or debt", "valuation", "not an investment")


def labelled(path: Path) -> tuple[list[str], list[dict]]:
    """The files a label file covers and its amounts (the starter's list form, or {files, figures})."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, list):
        return sorted({item["file"] for item in data}), [item for item in data if not item.get("none")]
    return sorted(set(data["files"]) | set(data.get("files_without_amounts", []))), data["figures"]


def built(corpus: Path, files: Iterable[str]) -> tuple[dict[str, Article], Rules]:
    """What the archive publishes of each file: scraped pages with every page of their sources."""
    rules = load_rules(ROOT / "hooks/newsroom/data")
    scraped = corpus / "scraped"
    by_source: dict[str, list[Path]] = defaultdict(list)
    for file in sorted(scraped.iterdir()):
        by_source[source_of(file)].append(file)
    with tempfile.TemporaryDirectory() as folder:
        seeds = Path(folder) / "seeds"
        seeds.mkdir()
        for name in files:
            if (scraped / name).exists():
                for file in by_source[source_of(scraped / name)]:
                    shutil.copy(file, seeds / file.name)
            else:  # a Jekyll post: of the scale set, or of the sample alone
                post = corpus / "jekyll-scale" / name
                shutil.copy(post if post.exists() else corpus / "jekyll-sample" / name, seeds / name)
        logging.getLogger("mkdocs").setLevel(logging.ERROR)
        result = pipeline.build(seeds, rules, site_name="score", cache=SeedCache())
    return {article.seed: article for article in result.archive.articles}, rules


def _same_amount(label: dict, figure: Figure) -> bool:
    def close(a: float | None, b: float | None) -> bool:
        return a is not None and b is not None and abs(a - b) <= 0.01 * max(abs(a), abs(b), 1)
    if figure.currency == label["currency"] and (close(figure.value, label["value"])
                                                 or close(figure.value_high, label.get("value_high"))):
        return True
    # an amount given by its size ("数十亿美元": labelled by its unit, read as 20亿 to 90亿): as written
    written, label_text = re.sub(r"\s+", "", figure.text), re.sub(r"\s+", "", label["text"])
    if figure.qualifier == "vague" and figure.currency == label["currency"] and (label_text in written
                                                                             or written in label_text):
        return True
    also = label.get("also") or {}
    if isinstance(also, dict):
        return figure.currency == also.get("currency") and close(figure.value, also.get("value"))
    return False


def _overlap(one: str, other: str) -> int:
    """How many two-character pieces two sentences share (the label's may be shortened with "…")."""
    return len({one[i:i + 2] for i in range(len(one) - 1)} & {other[i:i + 2] for i in range(len(other) - 1)})


def _names(rules: Rules, slug: str | None) -> list[str]:
    if not slug:
        return []
    try:
        term = rules.taxonomy.entity(slug)
    except KeyError:
        return [slug]  # a name as written: the figure's own text
    return [name for name in (term.name_zh, term.name_en, *term.aliases) if name]


def _right(names: list[str], label: str | None) -> bool:
    label = (label or "").lower()
    return bool(label) and any(n.lower() in label or label in n.lower() for n in names)


def score(corpus: Path, label_files: list[Path], show: bool) -> dict[str, dict[str, float]]:
    labels = {path: labelled(path) for path in label_files}
    articles, rules = built(corpus, {name for files, _ in labels.values() for name in files})
    totals = {}
    for path, (files, records) in labels.items():
        c: dict[str, float] = defaultdict(float)
        by_file = defaultdict(list)
        for record in records:
            by_file[record["file"]].append(record)
        for name in files:
            article = articles.get(name)
            figures = [f for f in (article.figures if article else ()) if large_enough(f)]
            free = list(figures)
            matched: list[tuple[dict, Figure | None]] = []
            for record in by_file[name]:
                # of two mentions of one amount, the one in the labelled sentence (two deals of one size)
                same = [f for f in free if _same_amount(record, f)]
                figure = max(same, key=lambda f: _overlap(record.get("sentence") or "", f.sentence), default=None)
                if figure is not None:
                    free.remove(figure)
                matched.append((record, figure))
            shown = [f for f in figures if in_table(f)]
            c["rows"] += len(shown)
            c["rows_right"] += sum(1 for r, f in matched if f is not None and in_table(f) and r["in_table"])
            for record, figure in matched:
                c["labelled"] += 1
                c["labelled_table"] += record["in_table"]
                if figure is None:
                    if show:
                        print(f"  missed {name}: {record['text']} ({record['kind']})")
                    continue
                c["found"] += 1
                c["found_table"] += record["in_table"] and bool(in_table(figure))
                c["kind_right"] += figure.kind == record["kind"]
                for role, label in (("actor", record["actor"]), ("target", record["target"])):
                    if not record["in_table"]:
                        continue  # who pays whom is a column of the investments table: revenue has no payer
                    written = getattr(figure, f"{role}_name")
                    names = _names(rules, getattr(figure, role)) or ([written] if written else [])
                    c[f"{role}_labelled"] += label is not None
                    c[f"{role}_shown"] += bool(names)
                    c[f"{role}_right"] += _right(names, label)
                if show:
                    payer, receiver = figure.actor or figure.actor_name, figure.target or figure.target_name
                    # the names the payer count reads ("" would be inside every label: a missing payer right)
                    payers = _names(rules, figure.actor) or ([figure.actor_name] if figure.actor_name else [])
                    if figure.kind != record["kind"] or (payer or record["actor"]) and not _right(payers, record["actor"]):
                        print(f"  {name}: {record['text']}: kind {figure.kind!r} (label {record['kind']!r}); "
                              f"payer {payer!r} (label {record['actor']!r}); "
                              f"receiver {receiver!r} (label {record['target']!r})")
            for figure in free:
                if show and in_table(figure):
                    print(f"  not labelled, in the table {name}: {figure.text} ({figure.kind})")
        totals[path.name] = dict(c)
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path, help="the corpus folder (../shared/corpus)")
    parser.add_argument("labels", type=Path, nargs="+", help="label files (tests/labels/figures-*.json)")
    parser.add_argument("--show", action="store_true", help="print each miss and each wrong kind or payer")
    args = parser.parse_args()
    totals = score(args.corpus, args.labels, args.show)
    def share(c: dict[str, float], part: str, whole: str) -> str:
        return f"{c.get(part, 0) / c[whole]:6.1%} of {int(c[whole]):>3}" if c.get(whole) else f"{'—':>13}"

    print(f"{'labels':26} {'rows investments':>17} {'investments found':>17} {'amounts found':>14} {'kind right':>14}"
          f" {'payer right':>14} {'payer shown':>14} {'receiver right':>14} {'receiver shown':>14}")
    for name, c in [*totals.items(), *by_part(totals).items()]:
        print(f"{name:26} {share(c, 'rows_right', 'rows'):>17} {share(c, 'found_table', 'labelled_table'):>17}"
              f" {share(c, 'found', 'labelled'):>14} {share(c, 'kind_right', 'found'):>14}"
              f" {share(c, 'actor_right', 'actor_shown'):>14} {share(c, 'actor_right', 'actor_labelled'):>14}"
              f" {share(c, 'target_right', 'target_shown'):>14} {share(c, 'target_right', 'target_labelled'):>14}")


if __name__ == "__main__":
    main()
