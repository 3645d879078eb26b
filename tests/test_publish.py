"""Search index, feeds, the 404 page and the GitHub Pages workflow, on a real build."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import feedparser
from bs4 import BeautifulSoup

from conftest import ROOT, SEED_000, SEED_001, BuiltSite
from test_build import by_seed, records


def test_search_is_pagefind_not_materials_lunr(built_seeds: BuiltSite) -> None:
    bundle = built_seeds.site / "pagefind"
    assert (bundle / "pagefind.js").exists() and (bundle / "pagefind-ui.js").exists()
    assert any((bundle / "index").iterdir()) and any((bundle / "fragment").iterdir())
    assert not (built_seeds.site / "search" / "search_index.json").exists()
    fragments = [file for folder in built_seeds.site.glob("pagefind*/fragment") for file in folder.iterdir()]
    assert len(fragments) == 4  # one per article page: nothing else is indexed


def test_the_indexed_text_is_cut_as_the_search_box_cuts_a_query() -> None:
    from newsroom.site import search

    page = search._document("孙正义：AI", '<h1>孙正义：AI</h1>\n<p>在<a href="../软银/" title="软银集团">中国</a>的'
                            "疫情（COVID-19）期间，5G与AI芯片 it’s, <a>人工智能</a>（AI）投资 我爱❤️你 a&lt;b&amp;c, "
                            "孙正义</a>(<a>软银</a>创始人)表示</p><h2>软银<em>投资</em></h2>", "zh")
    raw = page.split("<body>", 1)[1]
    # the tags, their Chinese attributes too, are as they were; the title is given whole
    assert '<a href="../软银/" title="软银集团">' in raw and 'data-pagefind-meta="title:孙正义：AI"' in raw
    # the text as Pagefind reads it (it joins the text of inline tags; any run of spaces is one) is cut as
    # a query is: each Chinese character and each mark of punctuation a word of its own, Latin words and 5G
    # whole, an ASCII mark kept with the Chinese character beside it, the emoji's selector left out
    text = " ".join(re.sub(r"<[^>]*>", "", raw).split())
    assert text == ("孙 正 义 ： AI . 在 中 国 的 疫 情 （ COVID-19 ） 期 间 ， 5G 与 AI 芯 片 it ’ s, 人 工 智 能 （ AI ） 投 资 "
                    "我 爱 ❤ 你 a &lt; b&amp;c, 孙 正 义( 软 银 创 始 人) 表 示 . 软 银 投 资 .")
    assert text.replace(" .", "").replace("&lt;", "<").replace("&amp;", "&") == " ".join(search.words_apart(
        "孙正义：AI在中国的疫情（COVID-19）期间，5G与AI芯片 it’s, 人工智能（AI）投资 我爱❤️你 a<b&c, "
        "孙正义(软银创始人)表示软银投资").split())
    # a block ends with a "." of its own, inline tags looked through: the next block's words are not next
    # to its last (中国 is not found in <p>华中</p><p>国际</p>), and Pagefind adds none
    assert "资 .</em></h2>" in raw
    # an ASCII mark beside a Chinese character is kept with it; ASCII's symbols are words of their own
    assert " ".join(search.words_apart("价格500元/吨，孙正义(软银)，售价$999").split()) == \
        "价 格 500 元/ 吨 ， 孙 正 义( 软 银) ， 售 价 $ 999"
    # the marks are words Pagefind keeps, in the index and in a query
    assert "--include-characters" in search.pagefind_command(Path("p"), Path("b"), "zh")
    assert set(search.INCLUDED) >= set("，。、：；！？（）「」《》“”‘’・·—…")


def test_the_search_box_cuts_a_query_with_the_index_s_own_classes() -> None:
    from newsroom.site import search

    script = (ROOT / "docs" / "assets" / "search.js").read_text(encoding="utf-8")
    every = "".join(map(chr, range(0x10000)))
    for name, value in (("HAN", search.HAN), ("MARKS", search.MARKS), ("SYMBOLS", search.SYMBOLS),
                        ("ASCII_MARKS", search.ASCII_MARKS)):
        literal = re.search(rf'var {name} = "([^"]*)";', script).group(1)
        javascript = json.loads(f'"{literal}"')  # the class as the browser's RegExp reads it
        assert set(re.findall(f"[{javascript}]", every)) == set(re.findall(f"[{value}]", every)), name
    assert 'new RegExp("([" + HAN + MARKS + SYMBOLS + "])", "g")' in script and "[\\ufe0e\\ufe0f]" in script


def test_every_page_has_the_search_dialog(built_seeds: BuiltSite) -> None:
    for url in ("", "archive", "topics/ai", by_seed(built_seeds)[SEED_000]["url"]):
        page = BeautifulSoup(built_seeds.page(url), "lxml")
        # the dialog is built by search.js beside the button (tests/test_browser_search.py opens it), from the
        # root Material's settings give; its close icon is in the sprite
        assert page.find("label", class_="na-search-button", attrs={"for": "__search"})
        assert json.loads(page.find("script", id="__config").string)["base"]
        assert any("search.js" in (s.get("src") or "") for s in page.find_all("script"))
    assert 'id="material-close"' in (built_seeds.site / "assets" / "icons.svg").read_text(encoding="utf-8")


def test_site_feed_is_valid_rss_newest_first(built_seeds: BuiltSite) -> None:
    feed = feedparser.parse((built_seeds.site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "rss20"
    assert [e.title for e in feed.entries] == [r["title"] for r in records(built_seeds)]
    first = feed.entries[0]
    assert first.link.startswith("https://example.github.io/news-archive/articles/2025/12/")
    assert first.published_parsed[:3] == (2025, 12, 26)
    assert first.summary.startswith("【长桥】")
    assert "published" not in feed.entries[-1]  # the undated article: no invented date


def test_topic_feeds_exist_and_are_advertised(built_seeds: BuiltSite) -> None:
    feed = feedparser.parse((built_seeds.site / "feed-quantum.xml").read_bytes())
    assert not feed.bozo and [e.title for e in feed.entries] == [by_seed(built_seeds)[SEED_001]["title"]]
    page = BeautifulSoup(built_seeds.page("topics/quantum"), "lxml")
    hrefs = [link["href"] for link in page.find_all("link", rel="alternate", type="application/rss+xml")]
    assert hrefs == ["../../feed.xml", "../../feed-quantum.xml"]
    home = BeautifulSoup(built_seeds.page(""), "lxml")
    assert [link["href"] for link in home.find_all("link", rel="alternate")] == ["./feed.xml"]


def test_the_sitemap_lists_every_page_once_a_line(built_seeds: BuiltSite) -> None:
    """The sitemap (overrides/sitemap.xml: MkDocs' without its indentation) is valid, lists each page of
    the site once under site_url, one page a line."""
    from xml.etree import ElementTree
    text = (built_seeds.site / "sitemap.xml").read_text(encoding="utf-8")
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    urls = [loc.text for loc in ElementTree.fromstring(text.encode("utf-8")).iter(f"{namespace}loc")]
    pages = {path.parent.relative_to(built_seeds.site).as_posix() for path in built_seeds.site.rglob("index.html")}
    site_url = "https://example.github.io/news-archive/"
    assert len(urls) == len(set(urls)) and {unquote(url.removeprefix(site_url)).rstrip("/") or "." for url in urls} >= {
        page for page in pages if not page.startswith(("pagefind", "search"))}
    assert all(line.startswith("<url><loc>") and line.endswith("</url>") for line in text.splitlines()[2:-1])
    assert all(url.isascii() for url in urls)  # percent-encoded, as sitemaps must be (pages' canonical links are not)


def test_404_page_in_the_sites_style(built_seeds: BuiltSite) -> None:
    page = BeautifulSoup((built_seeds.site / "404.html").read_text(encoding="utf-8"), "lxml")
    assert page.h1.get_text() == "找不到这个页面"
    assert page.find("header", class_="md-header") and page.find(class_="na-search-button")
    assert [a["href"] for a in page.find("article").find_all("a")][:2] == ["/news-archive/", "/news-archive/archive/"]


def test_the_workflow_passes_actionlint() -> None:
    actionlint = shutil.which("actionlint") or str(Path(sys.executable).parent / "actionlint")
    workflow = ROOT / ".github" / "workflows" / "pages.yml"
    done = subprocess.run([actionlint, str(workflow)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    text = workflow.read_text(encoding="utf-8")
    for needed in ("mkdocs build --strict", "actions/upload-pages-artifact", "actions/deploy-pages", "cache: pip",
                   "branches: [main]"):
        assert needed in text


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo ${{ github.event.nonexistent.thing }\n", encoding="utf-8")
    actionlint = shutil.which("actionlint") or str(Path(sys.executable).parent / "actionlint")
    assert subprocess.run([actionlint, str(broken)], capture_output=True, check=False).returncode != 0


def test_site_name_url_and_repo_are_in_mkdocs_yml_only() -> None:
    from mkdocs.config import load_config
    config = load_config(str(ROOT / "mkdocs.yml"))
    assert config.site_url and config.repo_url and config.site_name
    for folder in ("hooks", "overrides", "docs"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and path.suffix in (".py", ".html", ".md", ".js", ".yml"):
                text = path.read_text(encoding="utf-8")
                assert config.site_url not in text and config.repo_url not in text, path



def test_a_large_archive_is_indexed_in_shards_that_the_search_merges(tmp_path: Path, monkeypatch) -> None:
    from conftest import copy_project, run_build
    from newsroom.site import search
    monkeypatch.setenv("NEWSROOM_SEARCH_SHARD", "2")  # 2025: 2 articles, one shard; 2024 and undated: one each
    site = run_build(copy_project(tmp_path), strict=True).site
    index = json.loads((site / "search-shards.json").read_text(encoding="utf-8"))
    assert index == {"window": search.WINDOW, "shards": [{"bundle": "pagefind", "period": "2025", "articles": 2},
                                                          {"bundle": "pagefind-2", "period": "2024", "articles": 1},
                                                          {"bundle": "pagefind-1", "period": "undated", "articles": 1}]}
    assert (site / "pagefind" / "pagefind.js").exists() and (site / "pagefind-1" / "pagefind-entry.json").exists()
    assert not (site / "pagefind-3").exists()
    # what a browser never fetches is not published: Pagefind's other UIs anywhere, and a merged shard's
    # scripts and WebAssembly (the first bundle's search them all; test_browser_search.py searches two shards)
    assert {p.name for p in (site / "pagefind").iterdir() if p.is_file() and not p.name.endswith(".pf_meta")} == {
        "pagefind.js", "pagefind-worker.js", "pagefind-ui.js", "pagefind-ui.css", "pagefind-entry.json", "wasm.unknown.pagefind"}
    assert {p.name for p in (site / "pagefind-1").iterdir() if not p.name.endswith(".pf_meta")} == {
        "pagefind-entry.json", "fragment", "index", "filter"}
    fragments = [len(list((site / bundle / "fragment").iterdir())) for bundle in ("pagefind", "pagefind-2", "pagefind-1")]
    assert fragments == [2, 1, 1]


def test_search_shards_are_reused_while_their_articles_are_unchanged(tmp_path: Path) -> None:
    from newsroom.site import search
    documents = [(f"articles/2025/01/a-{i}/", f"标题 {i}", f"<p>软银 article {i}</p>", "2025-01") for i in range(12)]
    cache = tmp_path / "cache"

    def index(docs: list[tuple[str, str, str]], site: Path) -> search.BackgroundIndex:
        built = search.BackgroundIndex(docs, cache_dir=cache, shard_size=4)
        built.write_to(site)
        fragments = sum(len(list((site / bundle / "fragment").iterdir())) for bundle in built.bundles)
        assert fragments == len(docs) and all((site / b / "pagefind-entry.json").exists() for b in built.bundles)
        assert (site / "pagefind" / "pagefind.js").exists()  # the first bundle's scripts search every shard
        return built

    first = index(documents, tmp_path / "site-1")
    assert first.reused == 0 and len(first.bundles) >= 2
    assert index(documents, tmp_path / "site-2").reused == len(first.bundles)  # nothing changed: nothing re-indexed
    edited = documents[:-1] + [(documents[-1][0], documents[-1][1], "<p>改了 edited</p>", "2025-01")]
    third = index(edited, tmp_path / "site-3")
    assert third.reused == len(third.bundles) - 1  # only the edited article's shard
    assert len(list(cache.iterdir())) == len(third.bundles)  # shards no build uses any more are dropped


def test_shards_follow_the_months_newest_first_and_keep_each_article_in_one_shard() -> None:
    """A quiet year is one shard, a busy year one a month, a busy month several (by a hash of the URL),
    undated articles last: a first query searches the newest shards (issue 17)."""
    from newsroom.site import search
    for count, expected in ((4, 1), (1250, 1), (1251, 2), (5000, 4), (10_000, 8)):  # all of one month
        documents = [(f"articles/2025/01/a-{i}/", "t", "<p>x</p>", "2025-01") for i in range(count)]
        shards = search.shards(documents, search.SHARD_SIZE)
        # a year of at most SHARD_SIZE articles is one shard, named by its year
        assert len(shards) == expected and {shard.period for shard in shards} == {"2025" if count <= 1250 else "2025-01"}
        assert sorted(d for shard in shards for d in shard.documents) == sorted(documents)
        assert min(len(shard.documents) for shard in shards) > 0.8 * count / expected  # the hash spreads them evenly
    # the month is the article's, whatever its URL (a slug of its own: articles/<slug>/)
    documents = ([(f"articles/2025/{month:02d}/a-{month}-{i}/", "t", "", f"2025-{month:02d}") for month in (1, 2) for i in range(3)]
                 + [(f"articles/2024/0{month}/b-{month}/", "t", "", f"2024-0{month}") for month in (5, 6)]
                 + [("articles/undated/c/", "t", "", ""), ("articles/breaking-news/", "t", "", "2025-02")])
    shards = search.shards(documents, 4)
    assert [(shard.period, len(shard.documents)) for shard in shards] == [("2025-02", 4), ("2025-01", 3), ("2024", 2),
                                                                         ("undated", 1)]


def test_a_new_month_renames_one_search_bundle() -> None:
    """Bundles are numbered from the oldest shard, the newest is pagefind/: a new month's shard moves the
    last newest to a number of its own, and every older shard keeps its folder (so the next build moves
    it back from the last site instead of copying it)."""
    from newsroom.site import search
    assert search.bundle_names(3) == ["pagefind", "pagefind-2", "pagefind-1"]
    assert search.bundle_names(4) == ["pagefind", "pagefind-3", "pagefind-2", "pagefind-1"]  # pagefind -> pagefind-3
