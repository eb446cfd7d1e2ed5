// Interactive graphs with vis-network (served by the app from /static/vendor/).
// Every element with class "graph" and data-url is drawn from the JSON at that URL:
// {nodes: [...], edges: [...]} or {graph: {...}}. Click opens a node's page; double-click
// expands it (its neighbourhood is fetched and merged). Colours and the legend follow the
// class; filters hide classes and links. Tooltips are DOM elements built with textContent,
// so a label can never run as HTML.
(function () {
  "use strict";

  var PALETTE = ["#7cc4ff", "#ffb86b", "#7ee0a1", "#ff7b9c", "#c59bff", "#f5e663",
    "#5fd4d0", "#ff9f5a", "#a3b8ff", "#e58fe0", "#b8e986", "#f0a0a0"];
  var OTHER = "#9aa5c4";
  var MORE = "#3a4468";
  var colours = {};
  var used = 0;

  function colourOf(cls) {
    if (!cls) return OTHER;
    if (cls === "more") return MORE;
    if (!colours[cls]) colours[cls] = PALETTE[used++ % PALETTE.length];
    return colours[cls];
  }

  function tooltip(rows) {
    var div = document.createElement("div");
    div.className = "kg-tip";
    rows.forEach(function (row) {
      if (!row[1]) return;
      var line = document.createElement("div");
      if (row[0]) {
        var b = document.createElement("strong");
        b.textContent = row[0] + ": ";
        line.appendChild(b);
      }
      line.appendChild(document.createTextNode(row[1]));
      div.appendChild(line);
    });
    return div;
  }

  function short(text) {
    return text.length > 36 ? text.slice(0, 34) + "…" : text;
  }

  function visNode(n) {
    if (n.more) {
      return { id: n.id, label: n.label, shape: "box", url: n.url, cls: "more", more: true,
        color: { background: MORE, border: "#7cc4ff" }, font: { color: "#e8ecf8" },
        title: tooltip([["", n.label + " “" + (n.predicate_label || "") + "” links"],
          ["", "Open the page to see them all"]]) };
    }
    return { id: n.id, label: short(n.label || n.iri), url: n.url, cls: n["class"] || "",
      depth: n.depth, shape: "dot", size: n.depth === 0 ? 20 : 12,
      color: { background: colourOf(n["class"]), border: "#e8ecf8" },
      font: { color: "#e8ecf8", strokeWidth: 3, strokeColor: "#0b1020" },
      title: tooltip([["", n.label], ["Type", n.class_label], ["Source", (n.sources || []).join("; ")],
        ["IRI", n.iri]]) };
  }

  // A deterministic first layout, so the first frame needs no physics: the centre (the one
  // depth-0 node) in the middle, its neighbours on a ring around it (grouped by link, on
  // two alternating radii so neighbouring labels do not collide), and the nodes found
  // from them on an outer ring, each near its neighbour's angle. Returns "rings" when
  // that is the whole layout (depth 1), "seed" when physics should still untangle the
  // outer ring (depth 2), and false when the graph has no single centre (a path graph).
  function radial(nodes, edges) {
    var centres = nodes.filter(function (n) { return n.depth === 0 && !n.more; });
    if (centres.length !== 1) return false;
    var centre = centres[0].id;
    var adjacent = {};
    edges.forEach(function (e) {
      (adjacent[e.from] = adjacent[e.from] || []).push({ other: e.to, key: e.label || "" });
      (adjacent[e.to] = adjacent[e.to] || []).push({ other: e.from, key: e.label || "" });
    });
    var ring1 = [], seen = {}, parent = {};
    seen[centre] = true;
    (adjacent[centre] || []).forEach(function (a) {
      if (seen[a.other]) return;
      seen[a.other] = true;
      ring1.push({ id: a.other, key: a.key });
    });
    var byId = {};
    nodes.forEach(function (n) { byId[n.id] = n; });
    ring1.sort(function (a, b) {
      var ma = byId[a.id] && byId[a.id].more ? 1 : 0, mb = byId[b.id] && byId[b.id].more ? 1 : 0;
      return a.key.localeCompare(b.key) || ma - mb || String(a.id).localeCompare(String(b.id));
    });
    var pos = {}, angle = {};
    pos[centre] = { x: 0, y: 0 };
    var n1 = ring1.length, r1 = Math.max(160, n1 * 75 / (2 * Math.PI));
    ring1.forEach(function (item, i) {
      var a = -Math.PI / 2 + 2 * Math.PI * i / Math.max(n1, 1);
      var r = n1 > 12 && i % 2 ? r1 * 1.3 : r1;
      angle[item.id] = a;
      pos[item.id] = { x: r * Math.cos(a), y: r * Math.sin(a) };
    });
    var ring2 = [];
    ring1.forEach(function (item) {
      (adjacent[item.id] || []).forEach(function (a) {
        if (seen[a.other]) return;
        seen[a.other] = true;
        parent[a.other] = item.id;
        ring2.push(a.other);
      });
    });
    var n2 = ring2.length, r2 = Math.max(r1 * 1.3 + 160, n2 * 60 / (2 * Math.PI));
    ring2.forEach(function (id, i) {
      // spread evenly, in the order of the parents' angles (ring2 already follows them)
      var a = -Math.PI / 2 + 2 * Math.PI * (i + 0.5) / n2;
      var r = n2 > 12 && i % 2 ? r2 * 1.15 : r2;
      pos[id] = { x: r * Math.cos(a), y: r * Math.sin(a) };
    });
    // anything not reached from the centre (none in a neighbourhood): beyond the rings
    var rest = nodes.filter(function (n) { return !pos[n.id]; });
    rest.forEach(function (n, i) {
      var a = 2 * Math.PI * i / rest.length, r = (n2 ? r2 * 1.15 : r1 * 1.3) + 200;
      pos[n.id] = { x: r * Math.cos(a), y: r * Math.sin(a) };
    });
    nodes.forEach(function (n) { n.x = pos[n.id].x; n.y = pos[n.id].y; });
    return n2 || rest.length ? "seed" : "rings";
  }

  function visEdge(e) {
    return { id: e.id, from: e.from, to: e.to, label: e.label, predicate: e.predicate,
      arrows: "to", dashes: !!e.inferred, font: { color: "#9aa5c4", strokeWidth: 0, size: 11 },
      color: { color: "#4b5a8a", highlight: "#7cc4ff" },
      title: tooltip([["", e.label], ["Source", (e.sources || []).join("; ") || (e.id.indexOf("more ") === 0 ? "" : "—")],
        ["", e.inferred ? "inferred by the reasoner" : ""]]) };
  }

  function Graph(box) {
    this.box = box;
    this.section = box.closest(".graph-view");
    this.nodes = new vis.DataSet();
    this.edges = new vis.DataSet();
    this.hiddenClasses = {};
    this.hiddenPredicates = {};
    this.predicates = {};
    this.classes = {};
    var self = this;
    this.nodeView = new vis.DataView(this.nodes, { filter: function (n) { return !self.hiddenClasses[n.cls]; } });
    this.edgeView = new vis.DataView(this.edges, { filter: function (e) { return !self.hiddenPredicates[e.predicate]; } });
  }

  Graph.prototype.add = function (data) {
    var g = data.graph || data;
    var self = this;
    var fresh = g.nodes.filter(function (n) { return !self.nodes.get(n.id); }).map(visNode);
    var edges = g.edges.filter(function (e) { return !self.edges.get(e.id); }).map(visEdge);
    g.nodes.forEach(function (n) {
      if (!n.more) self.classes[n["class"] || ""] = n.class_label || "other";
    });
    g.edges.forEach(function (e) { self.predicates[e.predicate] = e.label; });
    this.nodes.add(fresh);
    this.edges.add(edges);
    this.controls();
    return fresh.length;
  };

  Graph.prototype.controls = function () {
    var self = this;
    var legend = this.section.querySelector(".legend");
    legend.textContent = "";
    Object.keys(this.classes).sort().forEach(function (cls) {
      var li = document.createElement("li");
      var dot = document.createElement("span");
      dot.className = "dot";
      dot.style.background = colourOf(cls);
      li.appendChild(dot);
      li.appendChild(document.createTextNode(self.classes[cls]));
      legend.appendChild(li);
    });
    this.checkboxes(this.section.querySelector(".filter-classes"), this.classes, this.hiddenClasses);
    this.checkboxes(this.section.querySelector(".filter-predicates"), this.predicates, this.hiddenPredicates);
  };

  Graph.prototype.checkboxes = function (fieldset, names, hidden) {
    var self = this;
    var legendEl = fieldset.querySelector("legend");
    fieldset.textContent = "";
    fieldset.appendChild(legendEl);
    Object.keys(names).sort(function (a, b) { return names[a].localeCompare(names[b]); }).forEach(function (key) {
      var label = document.createElement("label");
      var box = document.createElement("input");
      box.type = "checkbox";
      box.checked = !hidden[key];
      box.value = key;
      box.addEventListener("change", function () {
        hidden[key] = !box.checked;
        self.nodeView.refresh();
        self.edgeView.refresh();
      });
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + names[key]));
      fieldset.appendChild(label);
    });
  };

  Graph.prototype.settle = function () {
    var self = this;
    this.box.dataset.state = "settling";
    this.network.setOptions({ physics: { enabled: true } });
    this.network.once("stabilized", function () {
      self.network.setOptions({ physics: { enabled: false } });
      self.box.dataset.state = "ready";
    });
    this.network.stabilize(150);
  };

  Graph.prototype.expand = function (id) {
    var node = this.nodes.get(id);
    if (!node) return;
    if (node.more) { window.kgGo(node.url); return; }
    var self = this;
    this.box.dataset.state = "expanding";
    var url = "/api/graph?depth=1&iri=" + encodeURIComponent(id) +
      "&lang=" + encodeURIComponent(this.box.dataset.lang || "en");
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
      .then(function (data) {
        var pos = self.network.getPosition(id);
        (data.nodes || []).forEach(function (n) { n.x = pos.x; n.y = pos.y; });
        var added = self.add(data);
        self.box.dataset.expanded = String(Number(self.box.dataset.expanded || 0) + added);
        self.settle();
      })
      .catch(function (err) { self.status("Could not expand: " + err.message); self.box.dataset.state = "ready"; });
  };

  Graph.prototype.status = function (text) {
    var p = this.section.querySelector(".graph-error");
    if (!p) {
      p = document.createElement("p");
      p.className = "graph-error";
      p.setAttribute("role", "status");
      this.section.insertBefore(p, this.box);
    }
    p.textContent = text;
  };

  Graph.prototype.draw = function (data) {
    var self = this;
    this.box.textContent = "";
    this.add(data);
    // a neighbourhood at depth 1 is laid out in rings and drawn with no physics (200
    // iterations of it took most of a hub view's second); at depth 2 the rings are the
    // seed of a shorter settle; a path graph is settled by physics from scratch
    var layout = radial(this.nodes.get(), this.edges.get());
    var placed = layout === "rings";
    if (layout) {
      this.nodes.update(this.nodes.get().map(function (n) { return { id: n.id, x: n.x, y: n.y }; }));
    }
    this.network = new vis.Network(this.box, {}, {
      interaction: { hover: true, tooltipDelay: 150, keyboard: { enabled: true, bindToWindow: false } },
      physics: { enabled: !placed, solver: "forceAtlas2Based",
        stabilization: { enabled: !placed, iterations: layout ? 100 : 200 } },
      layout: { improvedLayout: !layout && this.nodes.length < 150 },
      edges: { smooth: placed ? false : { type: "continuous" } }
    });
    var timer = null;
    this.network.on("click", function (p) {
      if (!p.nodes.length) return;
      var node = self.nodes.get(p.nodes[0]);
      clearTimeout(timer);
      timer = setTimeout(function () { if (node && node.url) window.kgGo(node.url); }, 350);
    });
    this.network.on("doubleClick", function (p) {
      clearTimeout(timer);
      if (p.nodes.length) self.expand(p.nodes[0]);
    });
    if (placed) {
      this.network.once("afterDrawing", function () { self.box.dataset.state = "ready"; });
    } else {
      this.network.once("stabilizationIterationsDone", function () {
        self.network.setOptions({ physics: { enabled: false } });
        self.box.dataset.state = "ready";
      });
    }
    this.network.setData({ nodes: this.nodeView, edges: this.edgeView });
    if (placed) this.network.fit({ animation: false });
  };

  Graph.prototype.load = function (url) {
    var self = this;
    this.box.dataset.state = "loading";
    return fetch(url, { headers: { Accept: "application/json" } })
      .then(function (r) {
        return r.json().then(function (body) {
          if (!r.ok) throw new Error(body.message || ("HTTP " + r.status));
          return body;
        });
      })
      .then(function (data) {
        var g = data.graph || data;
        if (!g || !g.nodes || g.nodes.length <= 1) {
          self.box.dataset.state = "empty";
          var p = self.box.querySelector(".graph-status") || document.createElement("p");
          p.className = "graph-status";
          p.textContent = "No links to draw.";
          self.box.textContent = "";
          self.box.appendChild(p);
          return;
        }
        if (self.network) { self.network.destroy(); self.network = null; }
        self.nodes.clear(); self.edges.clear();
        self.draw(data);
      })
      .catch(function (err) {
        self.box.dataset.state = "error";
        self.box.textContent = "";
        self.status("The graph could not be drawn: " + err.message);
      });
  };

  // Where a node is on screen (page coordinates), for tests and keyboard helpers.
  Graph.prototype.screenPosition = function (id) {
    var p = this.network.canvasToDOM(this.network.getPosition(id));
    var r = this.box.getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y };
  };

  window.kgGraphs = [];
  document.querySelectorAll(".graph[data-url]").forEach(function (box) {
    var graph = new Graph(box);
    window.kgGraphs.push(graph);
    var depth = graph.section.querySelector(".graph-depth");
    if (depth) {
      depth.addEventListener("change", function () {
        graph.load(box.dataset.url.replace(/([?&])depth=\d/, "$1") + "&depth=" + depth.value);
      });
    }
    graph.load(box.dataset.url);
  });
})();
