// The site's search: Pagefind's UI in a dialog opened from the header (or "/", "s", "f"),
// loaded on first use so pages stay light. On a page opened from a result, the query is
// marked where it stands and scrolled into view.
(function () {
  "use strict";
  var toggle = document.getElementById("__search");
  var button = document.querySelector(".na-search-button");
  var config = document.getElementById("__config");
  if (!toggle || !button || !config) return;
  // the site's root from this page, as Material's settings give it (overrides/main.html)
  var root = (JSON.parse(config.textContent).base || ".").replace(/\/*$/, "/");
  var dialog = document.createElement("div");
  // The index's shards, newest first (search-shards.json, hooks/newsroom/site/search.py). A first query
  // searches the newest shards that hold about `window` articles; the reader widens it to the older ones
  // (issue 17: a query over every shard of a large archive downloads megabytes).
  var shards = [], searched = 0, ui = null;
  // what a result needs of every shard, the first and each merged one (Pagefind gives an interface's
  // options to the first only): the query marked on the page it opens, excerpts of 60 words (a Chinese
  // character counts as one, see phrase below)
  var RESULTS = { highlightParam: "highlight", excerptLength: 60 };
  var started = false;
  buildPanel();

  // The dialog, built here rather than written into each of the archive's pages, in the header beside the
  // button (archive.css shows it while the search toggle is checked): a hint, the close button (its icon
  // from the site's sprite: the build always puts it there), Pagefind's place, the widening button.
  function buildPanel() {
    dialog.className = "na-search";
    dialog.setAttribute("role", "dialog");
    dialog.setAttribute("aria-modal", "true");
    dialog.setAttribute("aria-label", "搜索");
    button.parentNode.insertBefore(dialog, button.nextSibling);
    var icon = '<svg viewBox="0 0 24 24" aria-hidden="true"><use href="' + root + 'assets/icons.svg#material-close"></use></svg>';
    dialog.innerHTML =
      '<label class="na-search__overlay" for="__search"></label>' +
      '<div class="na-search__panel"><div class="na-search__head">' +
      '<span class="na-search__hint">搜索文章：中文按输入的整串文字匹配，英文按整词匹配。按 <kbd>/</kbd> 打开，<kbd>Esc</kbd> 关闭。</span>' +
      '<label class="na-search__close md-icon" for="__search" title="关闭" aria-label="关闭"></label></div>' +
      '<div id="na-search-ui"></div><p class="na-search__older" hidden><button type="button"></button></p></div>';
    dialog.querySelector(".na-search__close").innerHTML = icon;
    dialog.querySelector(".na-search__older button").addEventListener("click", widen);
  }

  // absolute: Pagefind resolves a relative bundle path against its own script, not the page
  function bundlePath(shard) {
    return new URL(root + shard.bundle + "/", location.href).href;
  }

  function say(message) {
    dialog.querySelector("#na-search-ui").innerHTML = '<p class="na-search__empty">' + message + "</p>";
  }

  function load(src, onload) {
    var script = document.createElement("script");
    script.src = src;
    script.onload = onload;
    script.onerror = failed;
    document.head.appendChild(script);
  }

  function start() {
    if (started) return;
    started = true;
    // revalidated each time: a new deploy may have renamed the bundles
    fetch(root + "search-shards.json", { cache: "no-cache" }).then(function (response) {
      if (response.status === 404) return null;  // no index: a `mkdocs serve` preview
      if (!response.ok) throw new Error(response.status);
      return response.json();
    }).then(function (index) {
      if (index === null) { say("这里没有搜索索引：mkdocs serve 的预览不建索引，make build 建好的网站才能搜索。"); return; }
      shards = index.shards;
      if (!shards.length) { say("还没有文章可以搜索。"); return; }  // an archive without articles has no index
      // the newest shards that hold about `window` articles (a busy month's parts may fall either side:
      // the button's "YYYY-MM 及以前" names the rest of that month too)
      for (var articles = 0; searched < shards.length && (!searched || articles < index.window); searched++) {
        articles += shards[searched].articles;
      }
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = bundlePath(shards[0]) + "pagefind-ui.css";
      document.head.appendChild(css);
      load(bundlePath(shards[0]) + "pagefind-ui.js", function () {
        show("");
        focusInput();
      });
    }).catch(failed);
  }

  // Not loaded (offline, a server's error): said, and tried again the next time the dialog opens.
  function failed() {
    started = false;
    searched = 0;
    say("搜索暂时无法载入，请稍后再试。");
  }

  // Pagefind's interface over the shards searched so far, showing `term`'s results; the button offers the
  // shards not searched yet. Widening makes it anew over every shard (the files already fetched come from
  // the browser's cache).
  function show(term) {
    /* global PagefindUI */
    ui = new PagefindUI(Object.assign({
      element: "#na-search-ui",
      bundlePath: bundlePath(shards[0]),
      showSubResults: true,
      showImages: false,
      resetStyles: false,
      mergeIndex: shards.slice(1, searched).map(function (shard) {
        return Object.assign({ bundlePath: bundlePath(shard) }, RESULTS);
      }),
      processTerm: phrase,
      processResult: tidy,
      autofocus: true,
      translations: { placeholder: "搜索文章：孙正义、量子、Rapidus……" }
    }, RESULTS));
    if (term) ui.triggerSearch(term);
    var older = dialog.querySelector(".na-search__older"), rest = shards.slice(searched);
    older.hidden = !rest.length;
    if (rest.length) {
      var count = rest.reduce(function (sum, shard) { return sum + shard.articles; }, 0);
      older.querySelector("button").textContent = rest[0].period === "undated"
        ? "也搜索没有日期的 " + count + " 篇文章"
        : "也搜索更早的 " + count + " 篇文章（" + rest[0].period + " 及以前）";
    }
  }

  function widen() {
    var input = dialog.querySelector(".pagefind-ui__search-input");
    var term = input ? input.value : "";
    searched = shards.length;
    if (ui) ui.destroy();
    dialog.querySelector("#na-search-ui").innerHTML = "";
    // destroying the interface leaves Pagefind itself (one module a page, the interface imports it) with
    // the shards merged so far: destroyed too, the new interface merges every shard into a fresh one
    import(bundlePath(shards[0]) + "pagefind.js").then(function (pagefind) { return pagefind.destroy(); })
      .catch(function () {}).then(function () { show(term); });
  }

  // A query is cut as the index was (hooks/newsroom/site/search.py, words_apart: the same classes, a test
  // compares them): each Chinese character and each mark of punctuation a word of its own. It is sent as a
  // phrase (quoted), its words found in a row: unquoted, Pagefind also matches words that merely start with
  // a Latin one, which on a large archive buries the articles that name it. Quotes the reader typed are
  // kept, what they hold cut the same way.
  var HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  var MARKS = "\u00a1-\u00a9\u00ab\u00ac\u00ae-\u00b1\u00b4\u00b6-\u00b8\u00bb\u00bf\u00d7\u00f7\u2010-\u2027\u2030-\u205e\u2103\u2109\u2116\u2122\u3001-\u3004\u3008-\u3020\u3030\u303d\u30fb\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\uffe0-\uffe6\uffe8-\uffee";
  var SYMBOLS = "$+<=>`|~^";
  var ASCII_MARKS = "!-#%-*,-/:;?@\\[-\\]_{}";
  var APART = new RegExp("([" + HAN + MARKS + SYMBOLS + "])", "g");
  var HAN_THEN_ASCII = new RegExp("(?<=[" + HAN + "]) (?=[" + ASCII_MARKS + "](?:\\s|$))", "g");
  var ASCII_THEN_HAN = new RegExp("(?<=[" + ASCII_MARKS + "])(?<![^\\s][" + ASCII_MARKS + "]) (?=[" + HAN + "])", "g");
  function cut(text) {
    return text.replace(/[\ufe0e\ufe0f]/g, "").replace(APART, " $1 ").replace(HAN_THEN_ASCII, "")
      .replace(ASCII_THEN_HAN, "").replace(/\s+/g, " ").trim();
  }
  function phrase(term) {
    var trimmed = term.trim();
    if (!trimmed) return term;
    if (trimmed.indexOf('"') === -1) return '"' + cut(trimmed) + '"';
    return trimmed.split('"').map(function (part, index) {
      return index % 2 ? cut(part) : " " + cut(part) + " ";  // odd parts are inside quotes
    }).join('"').trim();
  }

  // Pagefind's excerpts show the spaces the index put in. A space goes where text never has one: between
  // two Chinese characters or marks, or one of each; beside a full-width mark (，（）); between Chinese and
  // an ASCII mark (元/吨, 说"中国", but 华中. 国际); before . , ; : ! ?; after an opening mark (“ ‘) and before
  // a closing one (” ’); in an English contraction (it’s); inside ASCII brackets, outside them next to Chinese.
  // One between Chinese and Latin letters, digits or symbols stays, as Chinese typesetting spaces them.
  // Highlights (<mark>) are stepped over.
  var HAN_CHAR = new RegExp("[" + HAN + "]");
  var MARK = new RegExp("[" + MARKS + "]");
  var OPENING = /[\p{Ps}\p{Pi}]/u, CLOSING = /[\p{Pe}\p{Pf}\p{Po}]/u;
  var OPEN_BRACKET = /[(\[]/, CLOSE_BRACKET = /[)\]]/;
  var FULL_WIDTH = /[\u3000-\u303f\u30fb\ufe10-\ufe6b\uff00-\uff65]/;
  var GAP = /(\S)((?:<\/?mark>)*)\s+((?:<\/?mark>)*)(?=((?:re|ll|ve|[stmd])\b)?)(?=(\S))/g;
  var SENTENCE = /[.,;:!?]/, ASCII_MARK = /[!-\/:-@\[-`{-~]/;
  function putApart(before, after, contraction) {
    var han = HAN_CHAR.test(before), hanAfter = HAN_CHAR.test(after);
    var wideBefore = han || MARK.test(before), wideAfter = hanAfter || MARK.test(after);
    if (OPEN_BRACKET.test(before) || CLOSE_BRACKET.test(after) || SENTENCE.test(after) || before === "$") return false;  // ( x ) x. $9
    if (OPEN_BRACKET.test(after) && wideBefore || CLOSE_BRACKET.test(before) && wideAfter) return false;  // 马斯(Heiko Maas)此前
    if (wideBefore && wideAfter || FULL_WIDTH.test(before) || FULL_WIDTH.test(after)) return false;
    if (han && ASCII_MARK.test(after) || hanAfter && ASCII_MARK.test(before) && !SENTENCE.test(before)) return false;  // 元/吨
    if (MARK.test(before) && (OPENING.test(before) || before === "\u2019" && contraction)) return false;
    return !(MARK.test(after) && CLOSING.test(after));
  }
  function tight(text) {
    if (typeof text !== "string") return text;
    return text.replace(GAP, function (gap, before, closed, opened, contraction, after) {
      return putApart(before, after, contraction) ? gap : before + closed + opened;
    });
  }
  function tidy(result) {
    result.excerpt = tight(result.excerpt);
    (result.sub_results || []).forEach(function (sub) {
      sub.title = tight(sub.title);
      sub.excerpt = tight(sub.excerpt);
    });
    return result;
  }

  function focusInput() {
    var input = dialog.querySelector("input");
    if (input) input.focus();
  }

  toggle.addEventListener("change", function () {
    document.body.classList.toggle("na-search-open", toggle.checked);
    if (toggle.checked) { start(); setTimeout(focusInput, 0); }
  });

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (toggle.checked && event.key === "Escape") {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
      return;
    }
    if (!typing && !event.ctrlKey && !event.metaKey && !event.altKey && (event.key === "/" || event.key === "s" || event.key === "f")) {
      event.preventDefault();
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
  });

  button.addEventListener("keydown", function (event) {
    if (event.key === "Enter" || event.key === " ") { event.preventDefault(); toggle.click(); }
  });

  // Opened from a search result: mark where the query stands in the article and go to the first place.
  // Pagefind's own highlighter marks each term on its own, and Chinese is indexed one character to a
  // term (see phrase above): it marked every 软 and every 银 on the page. This marks the query whole.
  var asked = new URLSearchParams(location.search).getAll("highlight");
  if (asked.length) markQuery(asked.join(" "));

  function markQuery(raw) {
    var query = raw.replace(/["\u201c\u201d]/g, " ").replace(/\s+/g, " ").trim()
      .replace(/([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]) (?=[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])/g, "$1");
    var scope = document.querySelector("article.na-article") || document.querySelector(".md-content");
    if (!query || !scope) return;
    // the text of the page in one string, so a match may run across links and other inline elements
    var nodes = [], text = "";
    var walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT, null);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      nodes.push({ node: node, start: text.length });
      text += node.data;
    }
    // the query as typed, any run of spaces in the page standing for its spaces; if it is nowhere,
    // each of its words (a query of several words that Pagefind found apart)
    var words = query.split(" ").map(literal);
    var found = matches(text, new RegExp(words.join("\\s+"), "gi"));
    if (!found.length && words.length > 1) found = matches(text, new RegExp(words.join("|"), "gi"));
    for (var i = found.length - 1; i >= 0; i--) wrap(nodes, found[i][0], found[i][1]);  // last first: offsets stay valid
    var first = scope.querySelector("mark.na-highlight");
    if (first) first.scrollIntoView({ block: "center" });
  }

  function literal(word) {
    return word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  function matches(text, pattern) {
    var found = [], match;
    while ((match = pattern.exec(text)) && found.length < 200) {
      if (!match[0]) { pattern.lastIndex++; continue; }
      found.push([match.index, match.index + match[0].length]);
    }
    return found;
  }

  function wrap(nodes, start, end) {
    for (var i = nodes.length - 1; i >= 0; i--) {
      var item = nodes[i], length = item.node.data.length;
      var from = Math.max(start, item.start) - item.start, to = Math.min(end, item.start + length) - item.start;
      if (from >= to) continue;
      var middle = item.node.splitText(from);  // item.node keeps the text before: earlier matches still fit
      middle.splitText(to - from);
      var mark = document.createElement("mark");
      mark.className = "na-highlight";
      middle.parentNode.insertBefore(mark, middle);
      mark.appendChild(middle);
    }
  }
})();
