// Offline catalogue of good practices. Search over every field a person would search (Italian word forms by a
// light stemmer plus prefix matching, synonyms kept as data), facet counts, a map of regions, permanent links and
// a CSV of the selection. The index is built once at load; a keystroke only reads it. Data are read from the
// JSON block in the page; every text is written with textContent (highlights are <mark> elements), never as HTML,
// so nothing in the data can run.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("catalogue-data").textContent);
  var records = data.records;
  var N = records.length;
  var fields = data.fields; // [{key, label, order}]
  var STOP = new Set(data.stopWords);
  var PAGE = 20; // cards drawn at first; "Mostra altre" adds as many again
  var form = document.getElementById("filters");
  var results = document.getElementById("results");
  var count = document.getElementById("count");
  var search = document.getElementById("q");
  var titleBox = document.getElementById("title-q");
  var more = document.getElementById("more");
  var mapPaths = Array.prototype.slice.call(document.querySelectorAll("#region-map [data-region]"));
  var numbers = new Intl.NumberFormat("it-IT");

  // --- words --------------------------------------------------------------------------------------------
  function fold(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function stem(word) {
    // a light Italian stemmer: anziano, anziana, anziani, anziane -> anzian; antiche, antica -> antic
    if (word.length >= 5 && /[aeiou]$/.test(word)) { word = word.slice(0, -1).replace(/([cg])h$/, "$1"); }
    return word;
  }
  function words(text) {
    return fold(text).split(/[^a-z0-9]+/).filter(function (w) {
      return w && !STOP.has(w) && (w.length > 1 || /[0-9]/.test(w));
    });
  }
  function values(record, key) {
    var v = record[key];
    if (v === null || v === undefined || v === "") { return []; }
    return Array.isArray(v) ? v : [v];
  }

  // --- the index: sorted stems, each with the records it occurs in and the weight of its best field ----------
  var postings = new Map();
  records.forEach(function (record, i) {
    var best = new Map();
    data.searchFields.forEach(function (pair) {
      values(record, pair[0]).forEach(function (value) {
        words(value).forEach(function (w) {
          var s = stem(w);
          if ((best.get(s) || 0) < pair[1]) { best.set(s, pair[1]); }
        });
      });
    });
    best.forEach(function (weight, s) {
      var list = postings.get(s);
      if (!list) { list = { ids: [], weights: [] }; postings.set(s, list); }
      list.ids.push(i);
      list.weights.push(weight);
    });
  });
  var terms = Array.from(postings.keys()).sort();
  var lists = terms.map(function (t) { return postings.get(t); });
  var titles = records.map(function (r) { return fold(r.title); });

  // synonyms: every phrase of a group, as stems, longest first
  var phrases = [];
  data.synonyms.forEach(function (group, g) {
    group.forEach(function (phrase) {
      var stems = words(phrase).map(stem);
      if (stems.length) { phrases.push({ stems: stems, group: g }); }
    });
  });
  phrases.sort(function (a, b) { return b.stems.length - a.stems.length; });

  function firstAtLeast(s) {
    var lo = 0, hi = terms.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (terms[mid] < s) { lo = mid + 1; } else { hi = mid; } }
    return lo;
  }
  var cache = new Map();
  function stemScores(s) { // best field weight per record of any indexed stem that starts with s
    var hit = cache.get(s);
    if (hit) { return hit; }
    var out = new Uint8Array(N);
    for (var k = firstAtLeast(s); k < terms.length && terms[k].lastIndexOf(s, 0) === 0; k++) {
      var list = lists[k];
      for (var j = 0; j < list.ids.length; j++) {
        if (list.weights[j] > out[list.ids[j]]) { out[list.ids[j]] = list.weights[j]; }
      }
    }
    if (cache.size > 500) { cache.clear(); }
    cache.set(s, out);
    return out;
  }
  function phraseScores(stems) { // every word must match; the phrase scores the sum of its words
    if (stems.length === 1) { return stemScores(stems[0]); }
    var out = new Uint8Array(N);
    var parts = stems.map(stemScores);
    for (var i = 0; i < N; i++) {
      var total = 0;
      for (var p = 0; p < parts.length; p++) { if (!parts[p][i]) { total = 0; break; } total += parts[p][i]; }
      out[i] = Math.min(total, 255);
    }
    return out;
  }

  // a query: terms that must all match; a term is a word or a synonym group (any of its phrases)
  function parse(text) {
    var stems = words(text).map(stem);
    var parsed = [];
    for (var i = 0; i < stems.length;) {
      var found = null;
      for (var p = 0; p < phrases.length && !found; p++) {
        var ph = phrases[p].stems;
        if (ph.every(function (s, k) { return stems[i + k] === s; })) { found = phrases[p]; }
      }
      if (found) {
        parsed.push(phrases.filter(function (ph) { return ph.group === found.group; })
          .map(function (ph) { return ph.stems; }));
        i += found.stems.length;
      } else {
        parsed.push([[stems[i]]]);
        i += 1;
      }
    }
    return parsed;
  }
  function queryScores(parsed) { // null when there is no query
    if (!parsed.length) { return null; }
    var total = new Uint16Array(N);
    parsed.forEach(function (alternatives, t) {
      var term = new Uint8Array(N);
      alternatives.forEach(function (stems) {
        var s = phraseScores(stems);
        for (var i = 0; i < N; i++) { if (s[i] > term[i]) { term[i] = s[i]; } }
      });
      for (var i = 0; i < N; i++) { total[i] = term[i] && (t === 0 || total[i]) ? total[i] + term[i] : 0; }
    });
    return total;
  }

  // --- facets: each option's records, counted with the other fields' choices ----------------------------------
  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = text; }
    if (className) { node.className = className; }
    return node;
  }
  fields.forEach(function (field) {
    var present = {};
    records.forEach(function (r) { values(r, field.key).forEach(function (v) { present[v] = true; }); });
    var options = field.order.filter(function (v) { return present[v]; });
    Object.keys(present).sort().forEach(function (v) { if (options.indexOf(v) < 0) { options.push(v); } });
    var position = new Map(options.map(function (v, i) { return [v, i]; }));
    field.options = options;
    field.perRecord = records.map(function (r) { return values(r, field.key).map(function (v) { return position.get(v); }); });
    field.selected = new Uint8Array(options.length);
    field.counts = new Int32Array(options.length);
    var set = el("fieldset");
    set.appendChild(el("legend", field.label));
    field.boxes = options.map(function (option, i) {
      var box = el("input");
      box.type = "checkbox"; box.id = "f-" + field.key + "-" + i; box.name = field.key; box.value = option;
      var label = el("label");
      label.htmlFor = box.id;
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + option + " "));
      box.countNode = el("span", "", "n");
      label.appendChild(box.countNode);
      set.appendChild(label);
      return box;
    });
    document.getElementById("field-filters").appendChild(set);
  });
  var regionField = fields.filter(function (f) { return f.key === "region"; })[0];
  mapPaths.forEach(function (path) { // each region's option in the Regione filter (-1: no initiative there)
    path.option = regionField ? regionField.options.indexOf(path.dataset.region) : -1;
  });

  function readChoices() {
    fields.forEach(function (field) {
      field.any = false;
      field.boxes.forEach(function (box, i) { field.selected[i] = box.checked ? 1 : 0; field.any = field.any || box.checked; });
    });
  }

  // --- cards, with the matched words highlighted -------------------------------------------------------------
  function highlighted(tag, text, marks) {
    var node = el(tag);
    var parts = String(text).split(/([\p{L}\p{N}]+)/u);
    var plain = "";
    parts.forEach(function (part, k) {
      var w = fold(part);
      var hit = k % 2 === 1 && marks.length && !STOP.has(w) &&
        marks.some(function (s) { return stem(w).lastIndexOf(s, 0) === 0; });
      if (!hit) { plain += part; return; }
      if (plain) { node.appendChild(document.createTextNode(plain)); plain = ""; }
      node.appendChild(el("mark", part));
    });
    if (plain) { node.appendChild(document.createTextNode(plain)); }
    return node;
  }
  var CARD_ROWS = [["Nome", "card_name"], ["Nazione", "country"], ["Regione", "region"], ["Azienda", "organisation"],
    ["Tipo di iniziativa", "initiative_type"], ["Approccio", "approaches"], ["Attività", "activity"],
    ["Target", "targets"], ["Bisogni × target", "needs"], ["Temi", "themes"], ["Promotore", "promoter"],
    ["Attori coinvolti", "actors"], ["Impatto sui cluster sociali", "social_cluster_impact"]];
  var CARD_TEXTS = [["Descrizione", "description"], ["Tempistiche", "timing"], ["Obiettivi", "objectives"],
    ["Strumenti utilizzati", "tools"], ["Key Performance Indicators", "kpi"], ["Contatti", "contacts"]];

  function card(r, marks) {
    var article = el("article");
    article.id = r.code;
    article.tabIndex = -1;
    var h = highlighted("h2", r.title, marks);
    if (r.reconstructed) { h.appendChild(el("span", "dati ricostruiti", "badge")); }
    article.appendChild(h);
    function rows(list, dl) {
      var marked = false;
      list.forEach(function (pair) {
        var v = values(r, pair[1]);
        if (!v.length) { return; }
        dl.appendChild(el("dt", pair[0]));
        var dd = highlighted("dd", v.join("; "), marks);
        marked = marked || dd.querySelector("mark") !== null;
        dl.appendChild(dd);
      });
      return marked;
    }
    var dl = el("dl");
    rows(CARD_ROWS, dl);
    article.appendChild(dl);
    var details = el("details");
    details.appendChild(el("summary", "Scheda: descrizione, tempistiche, obiettivi, strumenti, KPI"));
    var texts = el("dl");
    details.open = rows(CARD_TEXTS, texts);
    details.appendChild(texts);
    article.appendChild(details);
    var link = el("a", "Link permanente", "permalink");
    link.href = "#" + r.code;
    link.setAttribute("aria-label", "Link permanente a " + r.title);
    article.appendChild(link);
    return article;
  }

  // --- state in the URL ------------------------------------------------------------------------------------
  var byCode = new Map(records.map(function (r, i) { return [r.code, i]; }));
  function writeHash() {
    var params = new URLSearchParams();
    if (search.value) { params.set("q", search.value); }
    if (titleBox.value) { params.set("titolo", titleBox.value); }
    fields.forEach(function (field) {
      var chosen = field.boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
      if (chosen.length) { params.set(field.key, chosen.join("|")); }
    });
    var hash = params.toString();
    history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search);
  }
  function readHash() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    search.value = params.get("q") || "";
    titleBox.value = params.get("titolo") || "";
    fields.forEach(function (field) {
      var wanted = (params.get(field.key) || "").split("|");
      field.boxes.forEach(function (box) { box.checked = wanted.indexOf(box.value) >= 0; });
    });
  }

  // --- one pass: query, filters, facet counts, map ---------------------------------------------------------
  var shown = [];
  var limit = PAGE;
  var marks = [];
  function update() {
    readChoices();
    var parsed = parse(search.value);
    // highlighted: the words typed, and the one-word synonyms of a group (not the words of its phrases)
    marks = words(search.value).map(stem);
    parsed.forEach(function (alts) { alts.forEach(function (stems) { if (stems.length === 1) { marks.push(stems[0]); } }); });
    var scores = queryScores(parsed);
    var title = fold(titleBox.value).trim();
    var active = fields.filter(function (f) { return f.any; });
    fields.forEach(function (f) { f.counts.fill(0); });
    shown = [];
    for (var i = 0; i < N; i++) {
      if ((scores && !scores[i]) || (title && titles[i].indexOf(title) < 0)) { continue; }
      var failed = null, failures = 0;
      for (var a = 0; a < active.length && failures < 2; a++) {
        var f = active[a], own = f.perRecord[i], ok = false;
        for (var v = 0; v < own.length; v++) { if (f.selected[own[v]]) { ok = true; break; } }
        if (!ok) { failures++; failed = f; }
      }
      if (failures === 0) {
        shown.push(i);
        for (var k = 0; k < fields.length; k++) { fields[k].perRecord[i].forEach(function (o) { this[o]++; }, fields[k].counts); }
      } else if (failures === 1) {
        failed.perRecord[i].forEach(function (o) { failed.counts[o]++; });
      }
    }
    if (scores) { shown.sort(function (x, y) { return scores[y] - scores[x] || x - y; }); }
    fields.forEach(function (field) {
      field.boxes.forEach(function (box, o) {
        var n = field.counts[o];
        if (box.shown === n && box.disabled === (n === 0 && !box.checked)) { return; } // touch the page only on change
        box.shown = n;
        box.countNode.textContent = "(" + numbers.format(n) + ")";
        box.parentNode.classList.toggle("none", n === 0);
        box.disabled = n === 0 && !box.checked;
      });
    });
    var most = regionField ? Math.max.apply(null, Array.from(regionField.counts).concat([1])) : 1;
    mapPaths.forEach(function (path) {
      var o = path.option;
      var n = o < 0 ? 0 : regionField.counts[o];
      var chosen = o >= 0 && regionField.boxes[o].checked;
      path.setAttribute("class", "r" + (n === 0 ? 0 : Math.min(4, Math.ceil(4 * n / most))) + (chosen ? " chosen" : ""));
      path.setAttribute("aria-label", path.dataset.region + ": " + numbers.format(n) + (n === 1 ? " iniziativa" : " iniziative") + (chosen ? ", filtro attivo" : ""));
      if (o >= 0) { path.setAttribute("aria-pressed", chosen ? "true" : "false"); }
      path.querySelector("title").textContent = path.getAttribute("aria-label");
    });
    count.textContent = numbers.format(shown.length) + (shown.length === 1 ? " iniziativa" : " iniziative") + " su " + numbers.format(N);
  }

  function draw() {
    var cards = shown.slice(0, limit).map(function (i) { return card(records[i], marks); });
    results.replaceChildren.apply(results, cards);
    var rest = shown.length - Math.min(limit, shown.length);
    more.hidden = rest <= 0;
    more.textContent = "Mostra altre " + numbers.format(Math.min(PAGE, rest)) + " (ne restano " + numbers.format(rest) + ")";
  }
  function render() { update(); limit = PAGE; draw(); writeHash(); }

  function showCard(code) { // a permanent link: the card in view, with the current choices if it is among them
    var i = byCode.get(code);
    if (i === undefined) { return false; }
    var at = shown.indexOf(i);
    if (at < 0) { form.reset(); search.value = ""; titleBox.value = ""; update(); at = shown.indexOf(i); }
    if (at >= limit) { limit = at + 1; }
    draw();
    var node = document.getElementById(code);
    results.querySelectorAll(".target").forEach(function (n) { n.classList.remove("target"); });
    node.classList.add("target");
    node.scrollIntoView({ block: "start" });
    node.focus({ preventScroll: true });
    return true;
  }
  function fromHash() {
    var code = decodeURIComponent(location.hash.replace(/^#/, ""));
    if (byCode.has(code)) { update(); showCard(code); return; }
    readHash();
    render();
  }

  // --- the selection as CSV: the same columns and formula-safe rules as catalogue.csv ----------------------
  var FORMULA = data.formulaPrefixes;
  function csvCell(value) {
    var text = value === null || value === undefined ? "" : Array.isArray(value) ? value.join("; ") : String(value);
    if (FORMULA.some(function (p) { return text.lastIndexOf(p, 0) === 0; })) { text = "'" + text; }
    return /[",\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }
  function selectionCsv() {
    var lines = [data.exportColumns.map(function (c) { return csvCell(c[1]); }).join(",")];
    shown.forEach(function (i) {
      lines.push(data.exportColumns.map(function (c) { return csvCell(records[i][c[0]]); }).join(","));
    });
    return lines.join("\n") + "\n";
  }
  document.getElementById("download").addEventListener("click", function () {
    var link = el("a");
    link.href = URL.createObjectURL(new Blob([selectionCsv()], { type: "text/csv;charset=utf-8" }));
    link.download = "catalogo-selezione.csv";
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  });

  // --- events ------------------------------------------------------------------------------------------
  form.addEventListener("input", render);
  form.addEventListener("change", render);
  form.addEventListener("submit", function (event) { event.preventDefault(); render(); });
  document.getElementById("reset-filters").addEventListener("click", function () {
    form.reset();
    search.value = "";
    titleBox.value = "";
    render();
  });
  more.addEventListener("click", function () {
    var first = Math.min(limit, shown.length);
    limit += PAGE;
    draw();
    var next = results.children[first];
    if (next) { next.focus(); }
  });
  mapPaths.forEach(function (path) {
    function toggle() {
      var o = path.option;
      if (o < 0 || regionField.boxes[o].disabled) { return; }
      regionField.boxes[o].checked = !regionField.boxes[o].checked;
      render();
    }
    path.addEventListener("click", toggle);
    path.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); toggle(); }
    });
  });
  window.addEventListener("hashchange", fromHash);
  if (window.matchMedia("(max-width: 700px)").matches) { document.getElementById("facets").open = false; } // phones: results first
  fromHash();
})();
