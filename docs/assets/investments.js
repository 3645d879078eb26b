// Sorting and filtering of the investment-figure tables, in the page, with no library; the
// investments page's table loads its rows after the first ones from investments/rows/<k>.json.
// Every table.na-figures sorts by a click on a column header; the filters and the total
// (.na-filters, .na-total) act on the table that follows them on the same page.
(function () {
  "use strict";

  function cellValue(row, index, type) {
    if (type === "number") {
      var usd = row.getAttribute("data-usd");
      return usd === "" ? -Infinity : parseFloat(usd);
    }
    if (type === "date") return row.getAttribute("data-date") || "";
    return row.cells[index].textContent.trim();
  }

  // The investments table holds its first rows in the page; the rest are in JSON files of <tr>
  // markup (data-more), loaded once, when a reader sorts, filters or asks for more. Then `fn` runs.
  function withAllRows(table, fn) {
    var more = table.getAttribute("data-more");
    if (!more) { fn(); return; }
    if (!table._loading) {
      table._loading = Promise.all(more.split(" ").map(function (url) {
        return fetch(url).then(function (response) {
          if (!response.ok) throw new Error(url + ": " + response.status);
          return response.json();
        });
      })).then(function (files) {
        var body = table.tBodies[0];
        files.forEach(function (rows) { body.insertAdjacentHTML("beforeend", rows.join("")); });
        table.removeAttribute("data-more");
      });
    }
    // a file that does not come (offline, a partial deploy): the rows at hand are still sorted and
    // filtered, and the next action tries again
    table._loading.then(fn, function (error) {
      table._loading = null;
      console.warn("investments.js: " + error);
      fn();
    });
  }

  // The rows the filters let through (row._out marks the others), in the table's order; a table
  // with a "more" button (the investments page's) shows them a page at a time (data-page-rows, as
  // many as its page holds, more at each click), the others all of them.
  function pageRows(table) { return parseInt(table.getAttribute("data-page-rows"), 10) || Infinity; }
  function show(table) {
    var button = table._moreButton;
    var limit = button ? table._limit || pageRows(table) : Infinity;
    var matching = 0;
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      if (!row._out) matching += 1;
      row.hidden = row._out || matching > limit;
    });
    if (button) {
      var left = Math.max(matching - limit, 0) + (table.hasAttribute("data-more") ? 1 : 0);
      button.parentNode.hidden = left <= 0;
      button.textContent = button.getAttribute("data-more-rows").replace("{count}", Math.max(matching - limit, 0));
    }
  }

  function makeSortable(table) {
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (th, index) {
      th.tabIndex = 0;
      th.setAttribute("aria-sort", "none");
      function sort() { withAllRows(table, sortRows); }
      function sortRows() {
        var type = th.getAttribute("data-type") || "text";
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (other) { other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, index, type), y = cellValue(b, index, type);
          var order = typeof x === "number" ? x - y : String(x).localeCompare(String(y), "zh");
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
        show(table);
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); }
      });
    });
  }

  // The page's own words (words/<language>.yml, on the .na-total element): "{amount} 亿美元", "共 {count} 笔，合计约 {usd}"
  function formatUsd(usd, words) {
    function amount(value, digits) { return value.toLocaleString("en-US", { maximumFractionDigits: digits }); }
    if (usd >= 1e8) return words.hundredMillions.replace("{amount}", amount(usd / 1e8, 1));
    if (usd >= 1e4) return words.tenThousands.replace("{amount}", amount(usd / 1e4, 1));
    return words.usd.replace("{amount}", amount(usd, 0));
  }

  function connectFilters(filters, table, total) {
    var controls = filters.querySelectorAll("[data-filter]");
    function apply() { withAllRows(table, filter); }
    function filter() {
      var wanted = {};
      Array.prototype.forEach.call(controls, function (control) {
        wanted[control.getAttribute("data-filter")] = control.value.trim().toLowerCase();
      });
      var shown = 0, sum = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var topics = (row.getAttribute("data-topics") || "").split(" ");
        var visible = (!wanted.topic || topics.indexOf(wanted.topic) !== -1)
          && (!wanted.kind || row.getAttribute("data-kind") === wanted.kind)
          && (!wanted.currency || row.getAttribute("data-currency").toLowerCase() === wanted.currency)
          && (!wanted.text || row.textContent.toLowerCase().indexOf(wanted.text) !== -1);
        row._out = !visible;
        if (visible) {
          shown += 1;
          var usd = parseFloat(row.getAttribute("data-usd"));
          if (!isNaN(usd)) sum += usd;
        }
      });
      if (total) {
        var words = total.dataset;
        total.textContent = words.total.replace("{count}", shown).replace("{usd}", formatUsd(sum, words));
      }
      table._limit = pageRows(table);
      show(table);
    }
    Array.prototype.forEach.call(controls, function (control) {
      control.addEventListener("input", apply);
      control.addEventListener("change", apply);
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("table.na-figures"), makeSortable);
    var filters = document.querySelector(".na-filters");
    var table = document.querySelector("table.na-figures");
    if (filters && table) connectFilters(filters, table, document.querySelector(".na-total"));
    // each table whose other rows are in files has its button right after it
    Array.prototype.forEach.call(document.querySelectorAll("[data-more-rows]"), function (button) {
      var owner = button.parentNode.previousElementSibling;
      if (!owner || !owner.matches("table.na-figures")) return;
      owner._moreButton = button;
      button.addEventListener("click", function () {
        withAllRows(owner, function () { owner._limit = (owner._limit || pageRows(owner)) + pageRows(owner); show(owner); });
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
