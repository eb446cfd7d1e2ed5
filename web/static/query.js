// The query page: SPARQL highlighting behind the textarea, prefix help, the
// table/graph tabs and the graph (vis-network, served by the app). Text only ever
// reaches the page through textContent, never innerHTML.
(function () {
  "use strict";

  var KEYWORDS = ("BASE PREFIX SELECT CONSTRUCT DESCRIBE ASK WHERE FROM NAMED GRAPH OPTIONAL " +
    "UNION MINUS FILTER BIND VALUES SERVICE SILENT ORDER BY GROUP HAVING LIMIT OFFSET " +
    "DISTINCT REDUCED AS ASC DESC NOT EXISTS IN UNDEF A TRUE FALSE COUNT SUM MIN MAX AVG " +
    "SAMPLE GROUP_CONCAT SEPARATOR STR LANG LANGMATCHES DATATYPE BOUND IRI URI BNODE " +
    "REGEX CONTAINS STRSTARTS STRENDS LCASE UCASE YEAR MONTH DAY NOW COALESCE IF ISIRI " +
    "ISLITERAL ISBLANK SAMETERM").split(" ");
  var KW = {};
  KEYWORDS.forEach(function (k) { KW[k] = true; });
  var TOKEN = new RegExp([
    "(#[^\\n]*)",                                              // 1 comment
    "(\"\"\"[\\s\\S]*?(?:\"\"\"|$)|'''[\\s\\S]*?(?:'''|$)|\"(?:[^\"\\\\\\n]|\\\\.)*\"?|'(?:[^'\\\\\\n]|\\\\.)*'?)", // 2 string
    "(<[^<>\"{}|^`\\\\\\s]*>)",                                 // 3 IRI
    "([?$][A-Za-z_0-9\\u00C0-\\uFFFF]+)",                       // 4 variable
    "((?:[A-Za-z][\\w.-]*)?:[\\w.-]*)",                         // 5 prefixed name
    "([A-Za-z_]+)",                                             // 6 word
    "(\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)",                     // 7 number
    "(@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)"                            // 8 language tag
  ].join("|"), "g");
  var CLASSES = [null, "tk-comment", "tk-string", "tk-iri", "tk-var", "tk-pname", "tk-word",
    "tk-number", "tk-lang"];

  function tokens(text) {
    var out = [], last = 0, m;
    TOKEN.lastIndex = 0;
    while ((m = TOKEN.exec(text)) !== null) {
      if (m[0] === "") { TOKEN.lastIndex++; continue; }
      if (m.index > last) out.push({ text: text.slice(last, m.index), cls: null, at: last });
      var g = 1;
      while (m[g] === undefined) g++;
      var cls = CLASSES[g];
      if (cls === "tk-word") cls = KW[m[0].toUpperCase()] ? "tk-keyword" : null;
      out.push({ text: m[0], cls: cls, at: m.index });
      last = m.index + m[0].length;
    }
    if (last < text.length) out.push({ text: text.slice(last), cls: null, at: last });
    return out;
  }

  function offsetOf(text, line, column) {
    var lines = text.split("\n"), at = 0;
    if (line < 1 || line > lines.length) return -1;
    for (var i = 0; i < line - 1; i++) at += lines[i].length + 1;
    return at + Math.min(Math.max(column - 1, 0), lines[line - 1].length);
  }

  function highlight(code, text, errorAt) {
    code.textContent = "";
    var placed = errorAt < 0;
    tokens(text).forEach(function (t) {
      var node = document.createElement("span");
      if (t.cls) node.className = t.cls;
      var end = t.at + t.text.length;
      if (!placed && errorAt >= t.at && errorAt < end) {
        // mark the rest of a token, or one character of plain text (a space before a
        // line break, so the mark shows)
        var cut = errorAt - t.at, size = t.cls ? t.text.length - cut : 1;
        var marked = t.text.substr(cut, size);
        node.appendChild(document.createTextNode(t.text.slice(0, cut)));
        var mark = document.createElement("mark");
        mark.className = "err";
        mark.textContent = marked === "\n" ? " " : marked;
        node.appendChild(mark);
        node.appendChild(document.createTextNode((marked === "\n" ? "\n" : "") +
                                                 t.text.slice(cut + size)));
        placed = true;
      } else {
        node.textContent = t.text;
      }
      code.appendChild(node);
    });
    if (!placed) {
      var mark = document.createElement("mark");
      mark.className = "err";
      mark.textContent = " ";
      code.appendChild(mark);
    }
    code.appendChild(document.createTextNode("\n"));
  }

  function usedPrefixes(text) {
    var used = [];
    tokens(text).forEach(function (t) {
      if (t.cls === "tk-pname") {
        var p = t.text.slice(0, t.text.indexOf(":"));
        if (used.indexOf(p) < 0) used.push(p);
      }
    });
    return used;
  }

  function declaredPrefixes(text) {
    var re = /\bPREFIX\s+([A-Za-z][\w.-]*)?:/gi, out = {}, m;
    while ((m = re.exec(text)) !== null) out[m[1] || ""] = true;
    return out;
  }

  function setupEditor() {
    var area = document.getElementById("query");
    var code = document.getElementById("query-hl");
    if (!area || !code) return;
    var editor = area.parentNode;
    var errorLine = parseInt(editor.getAttribute("data-error-line") || "0", 10);
    var errorColumn = parseInt(editor.getAttribute("data-error-column") || "0", 10);
    var original = area.value;
    var pre = code.parentNode;
    function refresh() {
      var at = -1;
      if (errorLine && area.value === original) at = offsetOf(area.value, errorLine, errorColumn);
      highlight(code, area.value, at);
      pre.scrollTop = area.scrollTop;
      pre.scrollLeft = area.scrollLeft;
    }
    area.addEventListener("input", refresh);
    area.addEventListener("scroll", function () {
      pre.scrollTop = area.scrollTop;
      pre.scrollLeft = area.scrollLeft;
    });
    area.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        area.form.requestSubmit();
      }
    });
    editor.classList.add("live");
    refresh();
    if (errorLine) {
      var at = offsetOf(area.value, errorLine, errorColumn);
      if (at >= 0) { area.focus(); area.setSelectionRange(at, at); }
    }
    setupPrefixes(area, refresh);
  }

  function insertLines(area, lines, refresh) {
    if (!lines.length) return;
    area.value = lines.join("\n") + "\n" + area.value;
    refresh();
    area.focus();
  }

  function setupPrefixes(area, refresh) {
    var known = {};
    document.querySelectorAll("button.prefix").forEach(function (b) {
      known[b.getAttribute("data-prefix")] = b.getAttribute("data-iri");
      b.addEventListener("click", function () {
        var p = b.getAttribute("data-prefix");
        if (!declaredPrefixes(area.value)[p]) {
          insertLines(area, ["PREFIX " + p + ": <" + known[p] + ">"], refresh);
        }
      });
    });
    var add = document.getElementById("add-prefixes");
    if (!add) return;
    add.addEventListener("click", function () {
      var declared = declaredPrefixes(area.value);
      var lines = usedPrefixes(area.value).filter(function (p) {
        return known[p] !== undefined && !declared[p];
      }).map(function (p) { return "PREFIX " + p + ": <" + known[p] + ">"; });
      insertLines(area, lines, refresh);
    });
  }

  var drawn = false;
  function drawGraph() {
    var holder = document.getElementById("graph");
    var source = document.getElementById("graph-data");
    if (drawn || !holder || !source || typeof vis === "undefined") return;
    drawn = true;
    var data = JSON.parse(source.textContent);
    var nodes = new vis.DataSet(data.nodes.map(function (n) {
      return { id: n.id, label: n.label, title: n.title, group: n.group,
               shape: n.shape || "dot", size: 12, iri: n.iri };
    }));
    var edges = new vis.DataSet(data.edges.map(function (e, i) {
      return { id: "e" + i, from: e.from, to: e.to, label: e.label, title: e.title,
               arrows: "to" };
    }));
    var network = new vis.Network(holder, { nodes: nodes, edges: edges }, {
      nodes: { font: { color: "#e8ecf8", size: 15, strokeWidth: 3, strokeColor: "#0e1530" },
               borderWidth: 2 },
      edges: { font: { color: "#9aa5c4", size: 11, strokeWidth: 0 },
               color: { color: "#4a5a8a", highlight: "#ffb86b", hover: "#7cc4ff" },
               smooth: false },
      groups: {
        subject: { color: { background: "#7cc4ff", border: "#3d7fb8" } },
        object: { color: { background: "#ffb86b", border: "#b8762f" } },
        literal: { color: { background: "#26304f", border: "#697098" },
                   font: { color: "#e8ecf8", size: 13, strokeWidth: 0 } }
      },
      physics: { solver: "forceAtlas2Based",
                 forceAtlas2Based: { gravitationalConstant: -70, springLength: 120 },
                 stabilization: { iterations: 300, fit: true } },
      interaction: { hover: true, keyboard: true, tooltipDelay: 150 }
    });
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: false });  // hold still once laid out
      network.fit();
      holder.setAttribute("data-settled", "true");
    });
    network.on("doubleClick", function (params) {
      if (!params.nodes.length) return;
      var node = nodes.get(params.nodes[0]);
      if (node && node.iri) window.kgGo("/entity?iri=" + encodeURIComponent(node.iri));
    });
    holder.setAttribute("data-drawn", String(data.nodes.length));
    window.queryGraph = network;
  }

  function setupTabs() {
    var tabs = document.querySelectorAll(".tabs [role=tab]");
    tabs.forEach(function (tab) {
      tab.addEventListener("click", function () {
        tabs.forEach(function (t) {
          var on = t === tab;
          t.setAttribute("aria-selected", on ? "true" : "false");
          var panel = document.getElementById(t.getAttribute("aria-controls"));
          if (panel) panel.hidden = !on;
        });
        if (tab.id === "tab-graph") drawGraph();
      });
    });
  }

  setupEditor();
  setupTabs();
})();
