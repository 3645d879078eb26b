"""Saved web pages against trafilatura alone, on trafilatura's own evaluation pages (issue 14, item 7).

    python tests/html_eval.py /tmp/html-eval [--jobs 2] [--details details.tsv]

The folder is `../shared/corpus/html-eval-dev.tar.xz` unpacked: `evaldata.json` (URL -> `file`,
`with`, `without`) and `pages/`. Every page is scored three ways in one run: trafilatura alone in
its fast mode, trafilatura alone with its fallbacks (both with the options of trafilatura's own
evaluation: no comments, tables, no formatting), and the project's saved-page path (the page's bytes
through `process_seed`, the published body's text). Scoring is trafilatura's: after collapsing
whitespace, a `with` snippet found is a true positive, one missing a false negative; a `without`
snippet found is a false positive, one absent a true negative; precision, recall and F1 over all
pages. A page that fails or yields nothing counts as all missed. Not a test: pytest does not collect it.

Two more runners score the path scraped seeds take (issue 14, item 1) on sites the scraped corpus
has none of: each page saved whole as Markdown, the way the scraper behind `../shared/corpus/scraped/`
saves one (`as_scraped_markdown`), then published by the project (`--only "project's whole-page
Markdown path"`) or handed to trafilatura after rendering (`--only "trafilatura on whole-page
Markdown"`). One page a site: nothing of a site's template can be learned here, so this measures the
generic signals alone. With `--details`, pages split in two halves by CRC-32 of the file name (even:
development, odd: held out) can be scored apart.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

_SPACE = re.compile(r"\s+")
# elements that end a line where a browser shows them: the text on either side never runs together
_BLOCKS = frozenset(("address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
                     "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
                     "pre", "section", "table", "td", "th", "tr", "ul"))
# the extraction options of trafilatura's own evaluation (tests/eval_common.py, EXTRACT_OPTS)
_TRAFILATURA_OPTIONS: dict[str, Any] = {"include_comments": False, "include_tables": True, "include_formatting": False}


def norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def html_text(fragment: str) -> str:
    """An HTML fragment's text as a reader sees it: blocks on lines of their own, inline runs joined."""
    import lxml.html

    if not fragment.strip():
        return ""
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    parts: list[str] = []

    def walk(element: Any) -> None:
        block = isinstance(element.tag, str) and element.tag.lower() in _BLOCKS
        if block:
            parts.append("\n")
        if isinstance(element.tag, str) and element.text:
            parts.append(element.text)
        for child in element:
            walk(child)
        if block:
            parts.append("\n")
        if element.tail:
            parts.append(element.tail)

    walk(root)
    return "".join(parts)


def trafilatura_fast(name: str, data: bytes) -> str | None:
    import trafilatura

    return trafilatura.extract(data, fast=True, **_TRAFILATURA_OPTIONS)


def trafilatura_fallback(name: str, data: bytes) -> str | None:
    import trafilatura

    return trafilatura.extract(data, fast=False, **_TRAFILATURA_OPTIONS)


@cache
def _rules() -> Any:
    from newsroom.config.rules import load_rules

    return load_rules()


def project(name: str, data: bytes) -> str | None:
    """The published body of the page as a seed: what the article page shows under its title."""
    from newsroom.seed.process import process_seed

    article = process_seed(name, data, _rules())[0]
    return html_text(article.body_html) if article is not None else None


def as_scraped_markdown(name: str, data: bytes) -> str:
    """The page as a scraper saves it (seed 001's shape, `../shared/corpus/scraped/`): the whole page
    in Markdown (markdownify, which writes the nested bullets `*`, `+`, `-` those files show), scripts
    and styles out, under front matter with its title, and the title again as a first heading."""
    from bs4 import BeautifulSoup
    from markdownify import markdownify

    from newsroom.seed.read import decode

    soup = BeautifulSoup(decode(name, data)[0] or "", "lxml")
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    title = " ".join(soup.title.get_text().split()) if soup.title else ""
    markdown = markdownify(str(soup.body or soup), heading_style="ATX")
    markdown = re.sub(r"\n{3,}", "\n\n", markdown).strip()
    title_line = title.replace('"', "'")
    return f'---\ntitle: "{title_line}"\nurl: https://example.org/{name}\n---\n\n# {title}\n\n{markdown}\n'


def project_markdown(name: str, data: bytes) -> str | None:
    """The published body of the page saved as whole-page Markdown: the path scraped seeds take."""
    from newsroom.seed.process import process_seed

    article = process_seed(name.rsplit(".", 1)[0] + ".md", as_scraped_markdown(name, data).encode(), _rules())[0]
    return html_text(article.body_html) if article is not None else None


def trafilatura_markdown(name: str, data: bytes) -> str | None:
    """trafilatura on the same Markdown, rendered to HTML as the build renders it."""
    import html

    import trafilatura

    from newsroom.seed.extract import to_fragment

    scraped = as_scraped_markdown(name, data)
    body = scraped.split("\n---\n", 1)[1]
    title = scraped.split("\n", 2)[1][8:-1]
    fragment, _ = to_fragment(body, "markdown")
    page = f"<html><head><title>{html.escape(title)}</title></head><body>{fragment}</body></html>"
    return trafilatura.extract(page, fast=True, **_TRAFILATURA_OPTIONS)


RUNNERS: dict[str, Callable[[str, bytes], str | None]] = {
    "trafilatura fast": trafilatura_fast,
    "trafilatura with fallbacks": trafilatura_fallback,
    "project's saved-page path": project,
    "trafilatura on whole-page Markdown": trafilatura_markdown,
    "project's whole-page Markdown path": project_markdown,
}


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    seconds: float = 0.0
    empty: int = 0
    errors: int = 0

    def add(self, other: Counts) -> None:
        for field in ("tp", "fp", "fn", "tn", "seconds", "empty", "errors"):
            setattr(self, field, getattr(self, field) + getattr(other, field))

    def scores(self) -> tuple[float, float, float, float]:
        """Precision, recall, accuracy, F1."""
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        total = self.tp + self.fp + self.fn + self.tn
        accuracy = (self.tp + self.tn) / total if total else 0.0
        f1 = 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp + self.fp + self.fn else 0.0
        return precision, recall, accuracy, f1


def score(item: dict[str, Any], result: str | None) -> Counts:
    """One page's counts, as trafilatura's evaluation counts them (eval_common.count_item)."""
    text = norm(result) if isinstance(result, str) else None
    tp = sum(norm(snippet) in text for snippet in item["with"]) if text is not None else 0
    fp = sum(norm(snippet) in text for snippet in item["without"]) if text is not None else 0
    return Counts(tp=tp, fp=fp, fn=len(item["with"]) - tp, tn=len(item["without"]) - fp)


def score_page(job: tuple[Path, dict[str, Any], tuple[str, ...]]) -> dict[str, Counts]:
    """One page through each runner: its counts per runner (a crash counts as all missed)."""
    path, item, runners = job
    data = path.read_bytes()
    counts: dict[str, Counts] = {}
    for runner in runners:
        started = time.perf_counter()
        try:
            result = RUNNERS[runner](path.name, data)
            failed = False
        except Exception:  # noqa: BLE001 - counted, and the run goes on
            result, failed = None, True
        page = score(item, result)
        page.seconds = time.perf_counter() - started
        page.errors = int(failed)
        page.empty = int(not result)
        counts[runner] = page
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path, help="the unpacked evaluation set (evaldata.json and pages/)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--only", choices=list(RUNNERS), action="append", help="run only these (repeatable)")
    parser.add_argument("--details", type=Path, help="write each page's counts per runner to this TSV file")
    args = parser.parse_args()

    folder: Path = args.folder
    if not (folder / "evaldata.json").exists():  # the archive unpacks into html-eval-dev/
        folder = folder / "html-eval-dev"
    evaldata: dict[str, dict[str, Any]] = json.loads((folder / "evaldata.json").read_text(encoding="utf-8"))
    runners = tuple(args.only or RUNNERS)
    jobs = [(folder / "pages" / item["file"], item, runners) for item in evaldata.values()]
    totals = {runner: Counts() for runner in runners}
    rows: list[str] = []
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        for (path, _, _), counts in zip(jobs, pool.map(score_page, jobs, chunksize=4), strict=True):
            for runner, page in counts.items():
                totals[runner].add(page)
                rows.append(f"{path.name}\t{runner}\t{page.tp}\t{page.fp}\t{page.fn}\t{page.tn}")
    if args.details:
        args.details.write_text("file\trunner\ttp\tfp\tfn\ttn\n" + "\n".join(rows) + "\n", encoding="utf-8")

    print(f"{len(jobs)} pages\n")
    print("| | precision | recall | accuracy | F1 | TP | FP | FN | TN | empty | errors | seconds a page |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for runner, total in totals.items():
        precision, recall, accuracy, f1 = total.scores()
        print(f"| {runner} | {precision:.3f} | {recall:.3f} | {accuracy:.3f} | **{f1:.3f}** | {total.tp} | {total.fp} "
              f"| {total.fn} | {total.tn} | {total.empty} | {total.errors} | {total.seconds / len(jobs):.3f} |")


if __name__ == "__main__":
    main()
