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
  var bundle = new URL(root.replace(/\/*$/, "/") + "pagefind/", location.href).href;
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
        autofocus: true,
        translations: { placeholder: "搜索文章：孙正义、量子、Rapidus……" }
      });
      focusInput();
    });
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
