// Autocomplete for every <input data-suggest="/api/search">: suggestions from labels in
// every language, keyboard driven (arrows, Enter, Escape). Text only: labels are set with
// textContent, never parsed as HTML.
(function () {
  "use strict";

  function setup(input) {
    var list = document.getElementById(input.getAttribute("aria-controls"));
    var items = [];
    var active = -1;
    var seq = 0;
    var timer = null;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(i) {
      var options = list.querySelectorAll("[role=option]");
      options.forEach(function (li, k) { li.setAttribute("aria-selected", String(k === i)); });
      active = i;
      if (i >= 0 && options[i]) {
        input.setAttribute("aria-activedescendant", options[i].id);
        options[i].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(item) {
      if (input.dataset.fill) {
        input.value = item.label;
        input.dataset.iri = item.iri;
        input.dataset.chosen = item.label;
        close();
      } else {
        window.kgGo(item.url);
      }
    }

    function render(results, q) {
      items = results;
      list.textContent = "";
      if (!results.length) {
        var none = document.createElement("li");
        none.className = "none";
        none.textContent = "Nothing is called “" + q + "”";
        list.appendChild(none);
      }
      results.forEach(function (r, i) {
        var li = document.createElement("li");
        li.id = list.id + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        var name = document.createElement("span");
        name.className = "name";
        name.textContent = r.label;
        li.appendChild(name);
        if (r.matched && r.matched !== r.label) {
          var m = document.createElement("span");
          m.className = "matched";
          m.lang = r.matched_lang || "";
          m.textContent = r.matched;
          li.appendChild(m);
        }
        if (r.class_label) {
          var k = document.createElement("span");
          k.className = "kind";
          k.textContent = r.class_label;
          li.appendChild(k);
        }
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(r); });
        list.appendChild(li);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
    }

    function suggest() {
      var q = input.value.trim();
      if (!q) { close(); return; }
      var mine = ++seq;
      var url = input.dataset.suggest + "?limit=8&q=" + encodeURIComponent(q) +
        "&lang=" + encodeURIComponent(input.dataset.lang || "en");
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (data) { if (mine === seq) render(data.results || [], q); })
        .catch(function () { close(); });
    }

    input.addEventListener("input", function () {
      delete input.dataset.iri;
      clearTimeout(timer);
      timer = setTimeout(suggest, 120);
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (list.hidden) { suggest(); return; }
        e.preventDefault();
        var n = items.length;
        if (!n) return;
        highlight(e.key === "ArrowDown" ? (active + 1) % n : (active - 1 + n) % n);
      } else if (e.key === "Enter" && !list.hidden && active >= 0 && items[active]) {
        e.preventDefault();
        choose(items[active]);
      } else if (e.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
    if (input.form) {
      input.form.addEventListener("submit", function () {
        if (input.dataset.iri && input.value === input.dataset.chosen) input.value = input.dataset.iri;
      });
    }
  }

  document.querySelectorAll("input[data-suggest]").forEach(setup);
})();
