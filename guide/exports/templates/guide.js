// Search and filter the guide's quotes and tips. Without this script every section, quote and
// tip is shown and the (hidden) controls stay hidden; with it, the controls appear and each
// change hides what does not match and says how much is left in a polite live region.
(function () {
  "use strict";
  var form = document.getElementById("gs-filter");
  if (!form || !document.querySelectorAll || !("hidden" in form)) {
    return;
  }
  var query = document.getElementById("gs-query");
  var theme = document.getElementById("gs-theme");
  var stance = document.getElementById("gs-stance");
  var kind = document.getElementById("gs-kind");
  var count = document.getElementById("gs-count");
  var sections = Array.prototype.slice.call(document.querySelectorAll(".gs-section"));

  // Case- and accent-insensitive: "lodz" finds "Łódź" only as far as Unicode decomposes.
  function fold(text) {
    var lower = (text || "").toLocaleLowerCase();
    return lower.normalize ? lower.normalize("NFKD").replace(/[\u0300-\u036f]/g, "") : lower;
  }

  function textOf(nodes) {
    return fold(
      Array.prototype.map
        .call(nodes, function (node) {
          return node.textContent;
        })
        .join(" ")
    );
  }

  var index = sections.map(function (section) {
    return {
      element: section,
      theme: section.getAttribute("data-theme"),
      stance: section.getAttribute("data-stance"),
      text: textOf(section.querySelectorAll(".gs-section-text")),
      toc: document.querySelector('[data-toc-for="' + section.getAttribute("data-theme") + '"]'),
      lists: Array.prototype.slice.call(section.querySelectorAll(".gs-items")),
      items: Array.prototype.slice.call(section.querySelectorAll(".gs-item")).map(function (item) {
        return { element: item, kind: item.getAttribute("data-kind"), text: textOf([item]) };
      }),
    };
  });
  var totalItems = index.reduce(function (sum, entry) {
    return sum + entry.items.length;
  }, 0);

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  function apply() {
    var terms = fold(query.value).split(/\s+/).filter(Boolean);
    var filtering = Boolean(terms.length || theme.value || stance.value || kind.value);
    var shownItems = 0;
    var shownSections = 0;
    function matches(text) {
      return terms.every(function (term) {
        return text.indexOf(term) !== -1;
      });
    }
    index.forEach(function (entry) {
      var inScope =
        (!theme.value || entry.theme === theme.value) &&
        (!stance.value || entry.stance === stance.value);
      // A section whose own words match keeps all its items; otherwise only matching ones.
      var sectionMatches = matches(entry.text);
      var visible = 0;
      entry.items.forEach(function (item) {
        var show =
          inScope && (!kind.value || item.kind === kind.value) && (sectionMatches || matches(item.text));
        item.element.hidden = !show;
        if (show) {
          visible += 1;
        }
      });
      entry.lists.forEach(function (list) {
        var heading = list.previousElementSibling;
        var empty = !list.querySelector(".gs-item:not([hidden])");
        list.hidden = empty && filtering;
        if (heading && heading.tagName === "H3") {
          heading.hidden = empty && filtering;
        }
      });
      var showSection = inScope && (visible > 0 || (sectionMatches && !kind.value) || !filtering);
      entry.element.hidden = !showSection;
      if (entry.toc) {
        entry.toc.hidden = !showSection;
      }
      if (showSection) {
        shownSections += 1;
      }
      shownItems += visible;
    });
    if (!filtering) {
      count.textContent =
        "Showing all " +
        plural(totalItems, "quote and tip", "quotes and tips") +
        " in " +
        plural(index.length, "theme", "themes") +
        ".";
    } else {
      count.textContent =
        "Showing " +
        shownItems +
        " of " +
        plural(totalItems, "quote and tip", "quotes and tips") +
        " in " +
        shownSections +
        " of " +
        plural(index.length, "theme", "themes") +
        "." +
        (shownItems === 0 && shownSections === 0 ? " Nothing matches: try fewer words." : "");
    }
  }

  var timer = null;
  query.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(apply, 250); // announce once typing pauses, not per key
  });
  [theme, stance, kind].forEach(function (control) {
    control.addEventListener("change", apply);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    apply();
  });
  form.addEventListener("reset", function () {
    window.setTimeout(apply, 0); // after the browser has cleared the fields
  });
  apply();
  form.hidden = false;
})();
