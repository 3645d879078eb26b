"""How right the search is: `python tests/search_score.py CORPUS [N] [--queries 250]`.

Builds the search index of N seeds of CORPUS (e.g. ../shared/corpus/jekyll-scale; the first N by name)
as the build does (`site/search.py`: the same documents, the same Pagefind command), then asks it queries
in Chromium through Pagefind's own script, each cut by the search box's `phrase` (docs/assets/search.js),
and compares the articles found with the articles that hold the query: a Chinese query as the string
typed (spaces ignored), a Latin one as a whole word, either in the text a reader reads (the article's body
without tags). Queries: random 2-4 character strings of the articles' Chinese text, random words of their
Latin text, and a few fixed ones (names, 5G, COVID-19, AI芯片), all with a fixed seed.

Reports, for Chinese and Latin queries apart: articles found that hold the query, found that do not,
missed; and the queries answered exactly. Not a test: pytest does not collect it.
"""
from __future__ import annotations

import argparse
import functools
import html
import http.server
import random
import re
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from newsroom.build import pipeline  # noqa: E402
from newsroom.config.rules import load_rules  # noqa: E402
from newsroom.site import search  # noqa: E402

_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
FIXED = ["软银", "孙正义", "半导体", "量子", "台积电", "华为", "美国", "中国", "2020年", "AI芯片", "5G",
         "COVID-19", "SoftBank", "Rapidus", "埃隆·马斯克", "埃隆・马斯克", "（COVID-19）", "美国总统特朗普：",
         "元/吨", "中国-东盟", "孙正义(软银", "中国,美国", "美元/桶", "A股/港股"]


def reader_text(body_html: str) -> str:
    """What a reader reads of an indexed body: no tags, no metadata list, spaces collapsed."""
    body = re.sub(r'<dl class="na-meta">.*?</dl>', " ", body_html, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]*>", "", body)).split())


def holds(text: str, query: str) -> bool:
    if _HAN.search(query):
        return query in text.replace(" ", "")
    return re.search(r"(?<![A-Za-z0-9])" + re.escape(query) + r"(?![A-Za-z0-9])", text, re.IGNORECASE) is not None


def queries_of(texts: list[str], count: int) -> list[str]:
    rng = random.Random(7)
    chinese: set[str] = set()
    latin: set[str] = set()
    for _ in range(200 * count):
        if len(chinese) + len(latin) >= count:
            break
        text = rng.choice(texts)
        if len(chinese) < count * 3 // 5:
            runs = _HAN_RUN.findall(text)
            size = rng.choice([2, 2, 3, 3, 4])
            runs = [run for run in runs if len(run) >= size]
            if runs:
                run = rng.choice(runs)
                start = rng.randrange(len(run) - size + 1)
                chinese.add(run[start:start + size])
                continue
        words = re.findall(r"[A-Za-z]{4,}", text)
        if words:
            latin.add(rng.choice(words))
    return sorted(chinese | latin | set(FIXED))


def ask(bundle_parent: Path, queries: list[str]) -> dict[str, list[str]]:
    """Each query's result URLs, from Pagefind's script in Chromium, the query cut as the search box cuts it."""
    from playwright.sync_api import sync_playwright

    script = (ROOT / "docs" / "assets" / "search.js").read_text(encoding="utf-8")
    start, end = script.index("  var HAN ="), script.index("  function focusInput()")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(bundle_parent))
    http.server.SimpleHTTPRequestHandler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    found = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
            page.evaluate("(source) => { window.phrase = new Function(source + '; return phrase;')(); }",
                          script[start:end])
            page.evaluate("async () => { window.pagefind = await import('/bundle/pagefind.js'); }")
            for query in queries:
                found[query] = page.evaluate("""async (query) => {
                    const results = await window.pagefind.search(window.phrase(query));
                    return (await Promise.all(results.results.map(r => r.data()))).map(d => d.url);
                }""", query)
            browser.close()
    finally:
        server.shutdown()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("n", nargs="?", type=int, default=1250)
    parser.add_argument("--queries", type=int, default=250)
    parser.add_argument("--show", action="store_true", help="list the queries not answered exactly")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="search-score-"))
    seeds = work / "seeds"
    seeds.mkdir()
    for path in sorted(p for p in args.corpus.iterdir() if p.is_file())[:args.n]:
        (seeds / path.name).write_bytes(path.read_bytes())
    result = pipeline.build(seeds, load_rules(), site_name="score", site_url="https://example.invalid/")
    texts: dict[str, str] = {}
    pages = work / "pages"
    for page in result.pages:
        if not page.search_html:
            continue
        folder = pages / page.url
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_text(search._document(page.title, page.search_html, "zh"), encoding="utf-8")
        texts["/" + page.url.strip("/") + "/"] = reader_text(page.search_html)
    subprocess.run(search.pagefind_command(pages, work / "bundle", "zh"), check=True, capture_output=True)
    queries = queries_of(list(texts.values()), args.queries)
    found = ask(work, queries)
    for kind in ("Chinese", "Latin"):
        asked = [q for q in queries if bool(_HAN.search(q)) == (kind == "Chinese")]
        right = wrong = missed = exact = 0
        for query in asked:
            truth = {url for url, text in texts.items() if holds(text, query)}
            got = set(found[query])
            right, wrong, missed = right + len(got & truth), wrong + len(got - truth), missed + len(truth - got)
            exact += got == truth
            if args.show and got != truth:
                print(f"  {query}: {len(got & truth)} right, not holding it {sorted(got - truth)[:3]}, "
                      f"missed {sorted(truth - got)[:3]}")
        print(f"{kind}: {len(asked)} queries over {len(texts)} articles: found {right} that hold the query, "
              f"{wrong} that do not, missed {missed}; {exact} queries answered exactly")


if __name__ == "__main__":
    main()
