"""The scale benchmark: `make bench` (or `python tests/benchmark.py [CORPUS] [--sizes 1000,5000,10000]`).

For each size N it builds a site of N articles with the hooks three times (cold: no
.cache/; again with nothing changed; again after one new seed) and the baseline (Material
alone building the same output pages from plain Markdown files, hooks off). It reports total time, the hooks'
time by stage, peak memory, the size of the site and the bytes a search downloads, and
at the first size the time `mkdocs serve` takes to show a seed dropped into seeds/.

Seeds come from CORPUS (a folder of real posts, e.g. ../shared/corpus/jekyll-scale/);
when it holds fewer than N (or none is given) the real posts and the project's seeds
are repeated under new original URLs and titles. Not a test: pytest does not collect it.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from newsroom.build import pipeline
from newsroom.config.rules import load_rules

_FROM = re.compile(r"^(from|url|link|source_url):\s*(\S+)\s*$", re.MULTILINE)
_TITLE = re.compile(r"^title:\s*(.*)$", re.MULTILINE)
_PAGEFIND = re.compile(r"/pagefind(-\d+)?/|/search-shards\.json")


def variant(text: str, copy: int) -> str:
    """The same article under a new identity: another original URL and a numbered title."""
    if not text.startswith("---"):
        first = next((line for line in text.splitlines() if line.strip()), "untitled")[:80].replace('"', "'")
        return f'---\ntitle: "{first} ({copy})"\nurl: https://bench.invalid/{copy}\n---\n{text}'
    text = _FROM.sub(lambda m: f"{m.group(1)}: {m.group(2)}{'&' if '?' in m.group(2) else '?'}copy={copy}", text, 1)
    if not _FROM.search(text):
        text = text.replace("---\n", f"---\nurl: https://bench.invalid/{copy}\n", 1)
    return _TITLE.sub(lambda m: f"title: {m.group(1).rstrip()[:-1] + f' ({copy})' + m.group(1).rstrip()[-1]}"
                      if m.group(1).rstrip().endswith(('"', "'")) else f"title: {m.group(1)} ({copy})", text, 1)


def make_project(dest: Path, n: int, corpus: Path | None) -> Path:
    dest.mkdir(parents=True)
    for item in ("mkdocs.yml", "docs", "hooks", "overrides"):
        source = ROOT / item
        (shutil.copytree(source, dest / item, ignore=shutil.ignore_patterns("__pycache__"))
         if source.is_dir() else shutil.copy2(source, dest / item))
    # the benchmark measures a site over the host's limit too (the table says whether it fits)
    config = dest / "mkdocs.yml"
    config.write_text(re.sub(r"site_limit_mb: [\d.]+", "site_limit_mb: 1000000", config.read_text(encoding="utf-8")),
                      encoding="utf-8")
    seeds = dest / "seeds"
    seeds.mkdir()
    real = sorted(p for p in corpus.iterdir() if p.is_file()) if corpus else []
    pool = real + sorted((ROOT / "seeds").iterdir())
    for index in range(n):
        source = pool[index % len(pool)]
        copy = index // len(pool)
        data = source.read_bytes()
        if copy:
            data = variant(data.decode("utf-8", errors="replace"), copy).encode("utf-8")
        (seeds / f"{index:05d}-{source.name}").write_bytes(data)
    return dest


def tree_rss(pid: int) -> int:
    """Resident memory (bytes) of a process and all its descendants, from /proc."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(child) for child in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return total


def run(command: list[str], env: dict | None = None, cwd: Path | None = None) -> tuple[float, int]:
    """Wall seconds and peak memory (MB) of a child process and everything it starts, at once.

    Sampled every 0.1 s: processes running side by side (Pagefind shards) add up.
    """
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0]

    def sample() -> None:
        while process.poll() is None:
            peak[0] = max(peak[0], tree_rss(process.pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = status
    sampler.join()
    if status != 0:
        raise RuntimeError(f"{command} failed: {process.stderr.read().decode()[-2000:]}")
    return seconds, max(peak[0] // 2**20, usage.ru_maxrss // 1024)


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def largest_page(site: Path) -> tuple[int, str]:
    """The heaviest HTML page of the site: its bytes and its path."""
    return max((path.stat().st_size, str(path.relative_to(site))) for path in site.rglob("*.html"))


def baseline_project(project: Path, dest: Path) -> Path:
    """The same output pages as plain Markdown files (front matter + HTML), built with the hooks off."""
    rules = load_rules(project / "hooks" / "newsroom" / "data")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    site_name = re.search(r"^site_name:\s*(.+)$", config, re.MULTILINE).group(1)
    result = pipeline.build(project / "seeds", rules, site_name=site_name, site_url="https://example.invalid/")
    dest.mkdir(parents=True)
    shutil.copytree(project / "docs", dest / "docs")
    # Material's own partials: ours draw icons through the hooks (na_icon), which are off here
    shutil.copytree(project / "overrides", dest / "overrides", ignore=shutil.ignore_patterns("partials"))
    import yaml
    for page in result.pages:
        target = dest / "docs" / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"---\n{yaml.safe_dump(page.meta, allow_unicode=True)}---\n\n{page.html}\n", encoding="utf-8")
    for path, content in result.downloads.items():
        (dest / "docs" / path).parent.mkdir(parents=True, exist_ok=True)  # investments/rows/1.json
        (dest / "docs" / path).write_text(content, encoding="utf-8")
    config = re.sub(r"^hooks:\n(  - .*\n)+", "", config, flags=re.MULTILINE)
    config = re.sub(r"^watch:\n(  - .*\n)+", "", config, flags=re.MULTILINE)
    (dest / "mkdocs.yml").write_text(config + "\nnot_in_nav: |\n  /articles/\n  /archive/*/\n  /topics/*/\n"
                                     "  /entities/*/\n  /sources/*/\n", encoding="utf-8")
    return dest


def search_bytes(site: Path, queries: list[str]) -> dict[str, int]:
    """Bytes a reader's browser downloads from /pagefind/ to show the results of each query."""
    import functools
    import http.server

    from playwright.sync_api import sync_playwright

    www = Path(tempfile.mkdtemp())
    (www / "news-archive").symlink_to(site, target_is_directory=True)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(www))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/news-archive/"
    result = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                                                 args=["--no-sandbox", "--disable-gpu",
                                                       "--disable-background-networking"])
            for query in queries:
                page = browser.new_page()
                sizes: list[int] = []
                # the index's shards are pagefind/, pagefind-2/, …: every one a query reads counts
                page.on("response", lambda r, sizes=sizes: sizes.append(len(r.body())) if _PAGEFIND.search(r.url) else None)
                page.goto(base)
                page.keyboard.press("/")
                page.locator(".pagefind-ui__search-input").fill(query)
                # the search has run (its message counts the results: a first query searches the newest
                # articles only, where the query may be absent)
                page.locator(".pagefind-ui__message").wait_for(timeout=60_000)
                page.wait_for_load_state("networkidle")
                result[query] = sum(sizes)
                page.close()
            browser.close()
    finally:
        server.shutdown()
    return result


def serve_latency(project: Path) -> dict[str, float]:
    """Seconds from dropping a seed into seeds/ to its page being served by `mkdocs serve`, as a browser
    showing the site sees it: MkDocs' live-reload poll (the script it puts in every page) returns once the
    rebuild is done, and the new page is fetched then. Until session 19 the client polled articles.json
    every 50 ms instead: 10 MB at 10,000 articles, each fetch and parse taking a few tenths of a second, by
    which the page was found after it could be served. articles.json is read once, after the reload, for
    the new page's address (not counted: a maintainer finds it on the home page that reloaded)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    timings = project / "serve-timings.json"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NEWSROOM_TIMINGS": str(timings)}
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"),
                               "-a", f"127.0.0.1:{port}"], cwd=project, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    root = f"http://127.0.0.1:{port}"
    base = f"{root}/news-archive/"

    def fetch(url: str, timeout: float = 10) -> bytes:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read()

    try:
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            try:
                fetch(base)  # the first build is done
                break
            except OSError:
                time.sleep(0.5)
        time.sleep(2)
        poll = re.search(rb"livereload\((\d+), *(\d+)\)", fetch(base))  # the epoch now, right before the drop
        if poll is None:
            raise RuntimeError("mkdocs serve's page has no live-reload script")
        epoch, request = int(poll[1]), int(poll[2])
        seed = project / "seeds" / "zz-dropped.md"
        start = time.perf_counter()
        seed.write_text("---\ntitle: 预览新文章\ndate: 2025-06-01\nurl: https://bench.invalid/dropped\n---\n"
                        "软银宣布向OpenAI投资100亿美元。\n", encoding="utf-8")
        found = None
        while found is None:  # each reload, until the one that has the new seed
            while (now := int(fetch(f"{root}/livereload/{epoch}/{request}", timeout=120))) <= epoch:
                if time.monotonic() > deadline:  # MkDocs answers an unchanged epoch after a minute
                    raise RuntimeError("mkdocs serve did not rebuild after a seed was dropped")
            reloaded, epoch = time.perf_counter() - start, now
            records = json.loads(fetch(base + "articles.json"))
            found = next((r for r in records if r["seed"] == "zz-dropped.md"), None)
        started = time.perf_counter()
        fetch(base + urllib.parse.quote(found["url"]))
        seconds = reloaded + time.perf_counter() - started
        stages = json.loads(timings.read_text(encoding="utf-8"))
        return {"seconds": seconds, "reload": reloaded, "hooks": sum(stages.values()),
                **{f"stage {k}": v for k, v in stages.items()}}
    finally:
        server.terminate()
        server.wait(timeout=30)


def build_once(project: Path, site: Path, timings: Path) -> dict:
    """One `mkdocs build` of the project: wall time, peak memory, and the hooks' time by stage."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NEWSROOM_TIMINGS": str(timings)}
    seconds, memory = run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"),
                           "-d", str(site)], env=env, cwd=project)
    stages = json.loads(timings.read_text(encoding="utf-8"))
    split = json.loads(Path(str(timings) + ".memory").read_text(encoding="utf-8"))
    return {"total": seconds, "memory": memory, "stages": stages, "hooks": sum(stages.values()), "split": split}


def add_one_seed(project: Path, corpus: Path | None) -> None:
    """A new article, as a maintainer drops it: a real post under a new original URL and title."""
    source = sorted(p for p in corpus.iterdir() if p.is_file())[0] if corpus else sorted((ROOT / "seeds").iterdir())[0]
    text = variant(source.read_bytes().decode("utf-8", errors="replace"), 999_999)
    (project / "seeds" / "zz-new-article.md").write_text(text, encoding="utf-8")


def bench(sizes: list[int], corpus: Path | None, queries: list[str]) -> str:
    rows = []
    serve = None
    for n in sizes:
        work = Path(tempfile.mkdtemp(prefix=f"bench-{n}-"))
        project = make_project(work / "project", n, corpus)
        cold = build_once(project, work / "site", work / "timings.json")  # no .cache/: everything from scratch
        warm = build_once(project, work / "site", work / "timings.json")  # the same seeds again, caches kept
        add_one_seed(project, corpus)
        one_new = build_once(project, work / "site", work / "timings.json")  # one new seed, caches kept
        base = baseline_project(project, work / "baseline")
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        baseline, base_memory = run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(base / "mkdocs.yml"),
                                     "-d", str(work / "baseline-site")], env=env, cwd=base)
        query = search_bytes(work / "site", queries)
        articles = len(json.loads((work / "site" / "articles.json").read_text(encoding="utf-8")))
        rows.append({"n": n, "articles": articles, "cold": cold, "warm": warm, "one_new": one_new,
                     "baseline": baseline, "baseline_memory": base_memory,
                     "site_mb": folder_bytes(work / "site") / 1e6, "largest_page": largest_page(work / "site"),
                     "search_kb": {q: b / 1024 for q, b in query.items()}})
        print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
        if serve is None:
            serve = serve_latency(project)
        shutil.rmtree(work, ignore_errors=True)
    return report(rows, serve, corpus, queries)


def _share(build: dict) -> str:
    return f"{build['total']:.1f} | {build['hooks']:.2f} | {100 * build['hooks'] / build['total']:.1f}%"


def report(rows: list[dict], serve: dict | None, corpus: Path | None, queries: list[str]) -> str:
    lines = [f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
             f"corpus: {corpus or 'the seeds, repeated'}; {time.strftime('%Y-%m-%d')}.", "",
             "| N | articles | cold build (s) | hooks (s) | hooks share | rebuild, unchanged (s) | hooks (s) "
             "| hooks share | rebuild, one new seed (s) | hooks (s) | hooks share | baseline: Material alone (s) |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['n']:,} | {r['articles']:,} | {_share(r['cold'])} | {_share(r['warm'])} | "
                     f"{_share(r['one_new'])} | {r['baseline']:.1f} |")
    lines += ["", "| N | peak memory, cold build (MB): all processes at once | of which MkDocs / one Pagefind run "
              f"| site (MB) | site per article (KB) | largest page (KB) | search download, {' / '.join(queries)} (KB) |",
              "|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        kb = " / ".join(f"{v:.0f}" for v in r["search_kb"].values())
        size, page = r["largest_page"]
        lines.append(f"| {r['n']:,} | {r['cold']['memory']} | {r['cold']['split']['mkdocs']} / "
                     f"{r['cold']['split']['pagefind']} | {r['site_mb']:.0f} | {1000 * r['site_mb'] / r['articles']:.1f} "
                     f"| {size / 1000:.0f} (`{page}`) | {kb} |")
    for key, label in (("cold", "cold build"), ("warm", "rebuild, unchanged"), ("one_new", "rebuild, one new seed")):
        stage_names = list(rows[0][key]["stages"])
        lines += ["", f"Hooks' time by stage, {label} (s):", "",
                  "| N | " + " | ".join(stage_names) + " |", "|---:|" + "---:|" * len(stage_names)]
        for r in rows:
            lines.append(f"| {r['n']:,} | " + " | ".join(f"{r[key]['stages'].get(s, 0):.2f}" for s in stage_names) + " |")
    if len(rows) > 1:
        lines += ["", f"Linearity: the {rows[-1]['n']:,}-article cold build took "
                      f"{rows[-1]['cold']['total'] / rows[0]['cold']['total']:.1f}× the {rows[0]['n']:,}-article build "
                      f"({rows[-1]['n'] / rows[0]['n']:.0f}× the articles)."]
    if serve:
        lines += ["", f"`mkdocs serve` at N = {rows[0]['n']:,}: a seed dropped into seeds/ was served "
                      f"{serve['seconds']:.1f} s later; the hooks' part of that rebuild took {serve['hooks']:.2f} s "
                      "(" + ", ".join(f"{k[6:]} {v:.2f}" for k, v in serve.items() if k.startswith("stage ") and v)
                      + ")."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", type=Path, help="a folder of real posts")
    parser.add_argument("--sizes", default="1000,5000,10000")
    parser.add_argument("--queries", default="软银,SoftBank", help="searches whose download is measured (the corpus must hold them)")
    args = parser.parse_args()
    text = bench([int(s) for s in args.sizes.split(",")], args.corpus, args.queries.split(","))
    print(text)
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    (ROOT / "test-artifacts" / "benchmark.md").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
