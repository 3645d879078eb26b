// Sorting and filtering of the investment-figure tables, in the page, with no library.
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

  function makeSortable(table) {
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (th, index) {
      th.tabIndex = 0;
      th.setAttribute("aria-sort", "none");
      function sort() {
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
    function apply() {
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
        row.hidden = !visible;
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
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
