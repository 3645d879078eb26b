"""How clean the published pages of whole-page scrapes are, line by line against human labels (issue 14).

    python tests/cleaning_score.py ../shared/corpus/scraped tests/labels/scraped-*.json
    python tests/cleaning_score.py ../shared/corpus/scraped tests/labels/scraped-heldout*.json --extractor trafilatura
    python tests/cleaning_score.py ../shared/corpus/scraped tests/labels/scraped-dev14-web.json tests/labels/scraped-heldout11-wechat.json \
        --agreement tests/labels/agreement-heldout11.json    # a second labeller against the first

Each label file lists files of the scraped corpus with the line ranges a careful reader called the
article's own (`content`), its metadata lines (`meta`) and, implicitly, everything else: furniture.
The script builds an archive of every file of the labelled files' sources (the template of a source
is learned from all its articles, as in a real archive), then asks of every non-blank line below the
front matter whether it reached the published page:

    furniture leaked   furniture lines found in the published body / all furniture lines (a furniture
                       line whose words the page's own published lines also have, such as a table of
                       contents repeating the headings, counts only where the body shows them more often)
    article kept       article lines found in the body (or as its title) / all article lines
    pages with 3+      pages showing three or more furniture lines
    not-articles       files labelled as having no article that were published anyway
    articles skipped   files labelled as an article that were not published (all their lines count as lost)

A line is "found" when its text, without Markdown and punctuation, is a block of the published body
or a line of one, or (twelve characters or more) is inside the body's text; an image line when its
file's name is in the body. `--extractor trafilatura` scores trafilatura on each page's rendered
Markdown instead of the archive's build. Not a test: pytest does not collect it (no test_ prefix); the corpus is not in a fresh clone.
"""
from __future__ import annotations

import argparse
import html
import json
import logging
import re
import shutil
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from bs4 import BeautifulSoup

from newsroom.build import pipeline
from newsroom.build.cache import SeedCache
from newsroom.config.rules import load_rules
from newsroom.seed.extract import to_fragment
from newsroom.seed.mojibake import repair

_IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]*)[^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_CUT_LINK = re.compile(r"\[([^\[\]]*)(?:\]\([^)]*)?$")  # a link cut off at a line's end (the scraper's cut): its words
_CUT_PICTURE = re.compile(r"\[?!\[[^\[\]]*(?:\]\([^()\s]*)?(?:\.\.\.|…)$")  # a picture cut before its address ends: nothing to show
_MARKS = re.compile(r"^\s*(?:#{1,6}\s|>\s?|[*+-]\s|\d+[.)]\s)+|\*\*|__|`|\|")
_NOT_WORD = re.compile(r"[\W_]+")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})\s*[\w+#.-]*\s*$")  # a code block's fence ("```c"): Markdown's, no text a reader sees
_SOURCE = re.compile(r"^(source|url):\s*(.*)$", re.MULTILINE)


def normalised(text: str) -> str:
    return _NOT_WORD.sub("", text).lower()


def line_text(line: str) -> tuple[str, str, list[str]]:
    """A Markdown line's visible words (normalised), the same with its list or quote marks (a
    "1." Markdown did not read as a list shows as text), and the images it shows."""
    images = [url for url in _IMAGE.findall(line) if url]
    text = _CUT_LINK.sub(r"\1", _LINK.sub(r"\1", _IMAGE.sub("", line)))
    return normalised(_MARKS.sub("", text)), normalised(text), images


def _image_key(url: str) -> str:
    """What names an image however its address was resolved or escaped: its file's name ("logo.png"),
    else (WeChat's ".../<id>/640") its path's longest segment; never the host or a folder every
    image of the site shares ("wp-content")."""
    segments = unquote(urlsplit(url).path).split("/")  # "微信截图_1.jpg" is published as "%E5%BE%AE…_1.jpg"
    return segments[-1] if re.search(r".\.[a-z]{3,4}$", segments[-1], re.I) else max(segments, key=len) or url


def source_of(path: Path) -> str:
    """What groups a scraped file with its source's other files: a WeChat account's name, else the domain."""
    fields = dict(_SOURCE.findall(path.read_text(encoding="utf-8", errors="replace")[:3000]))
    url = fields.get("url", "")
    domain = url.split("/")[2].removeprefix("www.") if "://" in url else ""
    return fields.get("source", "").strip() if domain in ("", "mp.weixin.qq.com") else domain


def line_numbers(ranges: list[list[int]]) -> set[int]:
    """The lines of a label's inclusive ranges ([[3, 5], [9, 9]] -> {3, 4, 5, 9})."""
    return {n for first, last in ranges for n in range(first, last + 1)}


def front_matter_end(lines: list[str]) -> int:
    if lines and lines[0].strip() == "---":
        for number, line in enumerate(lines[1:], 2):
            if line.strip() == "---":
                return number
    return 0


@dataclass(frozen=True)
class Published:
    title: str
    body_html: str


def published_by_the_build(corpus: Path, names: set[str]) -> dict[str, Published]:
    """What the archive publishes of each named file, built with every file of their sources."""
    by_source = defaultdict(list)
    for file in sorted(corpus.iterdir()):
        by_source[source_of(file)].append(file)
    with tempfile.TemporaryDirectory() as folder:
        seeds = Path(folder) / "seeds"
        seeds.mkdir()
        for source in sorted({source_of(corpus / name) for name in names}):
            for file in by_source[source]:
                shutil.copy(file, seeds / file.name)
        logging.getLogger("mkdocs").setLevel(logging.ERROR)
        result = pipeline.build(seeds, load_rules(ROOT / "hooks/newsroom/data"), site_name="score", cache=SeedCache())
    return {article.seed: Published(article.title, article.body_html) for article in result.archive.articles}


def published_by_trafilatura(corpus: Path, names: set[str]) -> dict[str, Published]:
    """The comparison the issue asks for: each page's Markdown rendered to HTML as the build renders
    it, and the article in it found by trafilatura (links, images and tables kept)."""
    import trafilatura

    found = {}
    for name in sorted(names):
        lines = (corpus / name).read_text(encoding="utf-8").split("\n")
        end = front_matter_end(lines)
        title = next((line[6:].strip() for line in lines[:end] if line.startswith("title:")), "")
        fragment, _ = to_fragment("\n".join(lines[end:]), "markdown")
        page = f"<html><head><title>{html.escape(title)}</title></head><body>{fragment}</body></html>"
        body = trafilatura.extract(page, output_format="html", include_links=True, include_images=True,
                                   include_tables=True, include_comments=False) or ""
        if BeautifulSoup(body, "lxml").get_text().strip():
            found[name] = Published(title, body)
    return found


def score(corpus: Path, label_files: list[Path], show: bool, show_missed: bool = False,
          extractor: str = "build") -> dict[str, dict[str, float]]:
    labels = {path: json.loads(path.read_text(encoding="utf-8")) for path in label_files}
    names = {item["file"] for items in labels.values() for item in items}
    publish = published_by_trafilatura if extractor == "trafilatura" else published_by_the_build
    articles = publish(corpus, names)
    totals = {}
    for path, items in labels.items():
        counts = defaultdict(float)
        for item in items:
            file = corpus / item["file"]
            # the file's text as the build repairs it (mojibake the scraper saved): the lines a reader is shown
            lines = repair(file.name, file.read_text(encoding="utf-8"))[0].split("\n")
            content = line_numbers(item["content"])
            meta = set(item.get("meta", []))
            article = articles.get(item["file"])
            if not item["content"]:
                counts["not_articles"] += 1
                counts["not_articles_published"] += article is not None
                if show and article is not None:
                    print(f"{item['file']} ({source_of(file)}): no article, published as {article.title!r}")
                continue
            counts["pages"] += 1
            if article is None:
                counts["article_lines"] += sum(1 for n in content if n <= len(lines) and lines[n - 1].strip())
                counts["articles_skipped"] += 1
                if show:
                    print(f"{item['file']} ({source_of(file)}): an article, not published")
                continue
            body = BeautifulSoup(article.body_html, "lxml")
            body_html = html.unescape(article.body_html)
            # a line as the reader sees it: a block's whole text ("**国土安全部**情报部门：" is one line),
            # or one line of it as the page wrote it; never a link's words alone ("Analysts" in a
            # sentence is not the menu's "Analysts")
            blocks = body.find_all(["p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "figcaption", "dt", "dd",
                                    "pre", "blockquote"])
            block_lines = [{normalised(line) for line in [block.get_text(""), *block.get_text("").split("\n")]} - {""}
                           for block in blocks]
            body_lines = set().union(*block_lines)
            body_text = normalised(body.get_text(""))
            title = normalised(article.title)
            leaked = []
            first = front_matter_end(lines) + 1

            def shows(text: str, marked: str, images: list[str], body_lines: set[str] = body_lines,
                      body_text: str = body_text, body_html: str = unquote(body_html)) -> bool:
                return bool(text and (text in body_lines or marked in body_lines or (len(text) >= 12 and text in body_text))
                            or any(_image_key(url) in body_html for url in images))

            # the page's own lines (article and metadata) the body shows
            own = [seen for n, line in enumerate(lines[first - 1:], first)
                   if (n in content or n in meta) and shows(*(seen := line_text(line)))]
            shown_spare: dict[str, int] = {}  # what the body shows of a text beyond the page's own lines of it
            for number, line in enumerate(lines[first - 1:], first):
                if not line.strip() or number in meta or _FENCE.match(line) or _CUT_PICTURE.search(line):
                    continue
                text, marked, images = line_text(line)
                if not text and not images or number not in content and text == title:
                    continue  # a page's own title line is the published title, wherever the labels put it
                found = shows(text, marked, images)
                if found and number not in content:
                    # One shown line is one line: a furniture line whose words the article's own lines
                    # also have (a table of contents repeating its headings, a blog's name inside a
                    # sentence) leaks only where the body shows them more often than those lines do.
                    key = text or _image_key(images[0])
                    if key not in shown_spare:
                        if text:
                            long = len(text) >= 12
                            shown = max(sum(text in b or marked in b for b in block_lines),
                                        body_text.count(text) if long else 0)
                            owned = sum(text == o[0] or (long and text in o[0]) for o in own)
                        else:
                            shown = body_html.count(key)
                            owned = sum(any(_image_key(u) == key for u in o[2]) for o in own)
                        shown_spare[key] = shown - owned
                    found = shown_spare[key] > 0
                    shown_spare[key] -= found
                if number in content:
                    counts["article_lines"] += 1
                    counts["article_kept"] += bool(found or (text and text == title))
                    if show_missed and not (found or (text and text == title)):
                        print(f"  missed {item['file']}:{number}: {line.strip()[:100]}")
                else:
                    counts["furniture_lines"] += 1
                    if found:
                        counts["furniture_leaked"] += 1
                        leaked.append(f"    {number}: {line.strip()[:100]}")
            counts["pages_3plus"] += len(leaked) >= 3
            if show and leaked:
                print(f"{item['file']} ({source_of(file)}): {len(leaked)} furniture lines published")
                print("\n".join(leaked))
        totals[path.name] = dict(counts)
    return totals


def by_part(totals: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    """The counts of all development label files and of all held-out ones ("heldout" in the name)."""
    parts: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for name, counts in totals.items():
        for key, value in counts.items():  # the two parts: never looked at line by line, and the rest
            parts["all held out" if "heldout" in name else "all development"][key] += value
    return dict(sorted(parts.items()))


def agreement(corpus: Path, first: list[Path], second: Path) -> None:
    """How far two labellers agree, scored as the archive is: the `first` labels as the truth, the
    `second` labeller's own lines (article and metadata) as what was published. The ceiling a
    cleaner can be held to."""
    truth = {item["file"]: item for path in first for item in json.loads(path.read_text(encoding="utf-8"))}
    furniture = leaked = own = lost = pages = pages_3plus = 0
    for item in json.loads(second.read_text(encoding="utf-8")):
        lines = (corpus / item["file"]).read_text(encoding="utf-8").split("\n")
        start = front_matter_end(lines) + 1
        kinds = [{n: "own" if n in own_lines else "furniture" for n, line in enumerate(lines[start - 1:], start)
                  if line.strip() and not _FENCE.match(line)}
                 for own_lines in (line_numbers(labels["content"]) | set(labels["meta"])
                                   for labels in (truth[item["file"]], item))]
        page_leaked = sum(1 for n, kind in kinds[0].items() if kind == "furniture" and kinds[1][n] == "own")
        furniture += sum(1 for kind in kinds[0].values() if kind == "furniture")
        own += sum(1 for kind in kinds[0].values() if kind == "own")
        leaked += page_leaked
        lost += sum(1 for n, kind in kinds[0].items() if kind == "own" and kinds[1][n] == "furniture")
        pages += bool(truth[item["file"]]["content"])
        pages_3plus += page_leaked >= 3
    print(f"second labeller against the first, {pages} pages with an article: furniture called the article's "
          f"{leaked / max(furniture, 1):.1%} of {furniture}, article lines kept {1 - lost / max(own, 1):.1%} of {own}, "
          f"pages with 3+ furniture lines called the article's: {pages_3plus}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path, help="the scraped corpus folder (../shared/corpus/scraped)")
    parser.add_argument("labels", type=Path, nargs="+", help="label files (tests/labels/*.json)")
    parser.add_argument("--show", action="store_true", help="print each page's published furniture lines")
    parser.add_argument("--missed", action="store_true", help="print each article line not published")
    parser.add_argument("--extractor", choices=("build", "trafilatura"), default="build",
                        help="score the archive's build (default) or trafilatura on the rendered Markdown")
    parser.add_argument("--agreement", type=Path, metavar="SECOND",
                        help="score a second labeller's labels of the same files against LABELS instead")
    args = parser.parse_args()
    if args.agreement:
        agreement(args.corpus, args.labels, args.agreement)
        return
    totals = score(args.corpus, args.labels, args.show, args.missed, args.extractor)
    print(f"{'labels':32} {'pages':>5} {'furniture leaked':>18} {'article kept':>16} {'3+':>4} {'not-articles published':>22}"
          f" {'articles skipped':>16}")
    for name, c in [*totals.items(), *by_part(totals).items()]:
        leaked = c.get("furniture_leaked", 0) / max(c.get("furniture_lines", 0), 1)
        kept = c.get("article_kept", 0) / max(c.get("article_lines", 0), 1)
        print(f"{name:32} {int(c.get('pages', 0)):>5} {leaked:>11.1%} of {int(c.get('furniture_lines', 0)):>4}"
              f" {kept:>9.1%} of {int(c.get('article_lines', 0)):>4} {int(c.get('pages_3plus', 0)):>4}"
              f" {int(c.get('not_articles_published', 0)):>11} of {int(c.get('not_articles', 0)):<10}"
              f" {int(c.get('articles_skipped', 0)):>16}")

if __name__ == "__main__":
    main()
