// The site's search: Pagefind's UI in a dialog opened from the header (or "/", "s", "f"),
// loaded on first use so pages stay light. On a page opened from a result, the matched
// words are highlighted and scrolled into view.
(function () {
  "use strict";
  var toggle = document.getElementById("__search");
  var dialog = document.querySelector(".na-search");
  if (!toggle || !dialog) return;
  var root = dialog.getAttribute("data-root") || "./";
  // absolute: Pagefind resolves a relative bundle path against its own script, not the page
  var bundles = (dialog.getAttribute("data-bundles") || "pagefind").split(",").map(function (name) {
    return new URL(root.replace(/\/*$/, "/") + name + "/", location.href).href;
  });
  var bundle = bundles[0];  // a large archive's index comes in shards: the first, merged with the rest
  var started = false;

  function load(src, onload) {
    var script = document.createElement("script");
    script.src = src;
    script.onload = onload;
    document.head.appendChild(script);
  }

  function start() {
    if (started) return;
    started = true;
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = bundle + "pagefind-ui.css";
    document.head.appendChild(css);
    load(bundle + "pagefind-ui.js", function () {
      /* global PagefindUI */
      new PagefindUI({
        element: "#na-search-ui",
        bundlePath: bundle,
        showSubResults: true,
        showImages: false,
        resetStyles: false,
        highlightParam: "highlight",
        excerptLength: 60,  // words; a Chinese character counts as one (see phrase below)
        mergeIndex: bundles.slice(1).map(function (path) { return { bundlePath: path }; }),
        processTerm: phrase,
        autofocus: true,
        translations: { placeholder: "搜索文章：孙正义、量子、Rapidus……" }
      });
      focusInput();
    });
  }

  // A Latin-script query is matched as typed (a quoted phrase): unquoted, Pagefind also matches words
  // that merely start with it, which on a large archive buries the articles that name it. Chinese is
  // left to Pagefind's segmenter (quoting Chinese finds nothing). Quotes typed by the reader win.
  function phrase(term) {
    var trimmed = term.trim();
    if (!trimmed || trimmed.indexOf('"') !== -1) return term;
    if (/^[\x20-\x7e]+$/.test(trimmed)) return '"' + trimmed + '"';
    // Chinese: the index holds one token per character (see hooks/newsroom/search.py); ask for them in a row
    return '"' + trimmed.replace(/([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])(?=[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])/g, "$1 ") + '"';
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

  var button = document.querySelector(".na-search-button");
  if (button) {
    button.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); toggle.click(); }
    });
  }

  // Opened from a search result: mark the words and go to the first one.
  if (new URLSearchParams(location.search).has("highlight")) {
    import(bundle + "pagefind-highlight.js").then(function (module) {
      new module.default({ highlightParam: "highlight" });
      setTimeout(function () {
        var mark = document.querySelector("mark.pagefind-highlight");
        if (mark) mark.scrollIntoView({ block: "center" });
      }, 50);
    });
  }
})();
