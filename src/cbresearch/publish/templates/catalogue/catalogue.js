// Offline catalogue of good practices: filters, free-text search, URL state. Data are read from the JSON
// block in the page; every text is written with textContent, never as HTML, so nothing in the data can run.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("catalogue-data").textContent);
  var records = data.records;
  var fields = data.fields; // [{key, label, multi}]
  var form = document.getElementById("filters");
  var results = document.getElementById("results");
  var count = document.getElementById("count");
  var search = document.getElementById("q");

  function fold(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  records.forEach(function (r) { r._text = fold(r.title + " " + r.description + " " + (r.card_name || "")); });

  function values(record, key) {
    var v = record[key];
    if (v === null || v === undefined || v === "") { return []; }
    return Array.isArray(v) ? v : [v];
  }

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = text; }
    if (className) { node.className = className; }
    return node;
  }

  // build the filter controls
  fields.forEach(function (field) {
    var options = {};
    records.forEach(function (r) { values(r, field.key).forEach(function (v) { options[v] = true; }); });
    var ordered = field.order.filter(function (v) { return options[v]; });
    Object.keys(options).sort().forEach(function (v) { if (ordered.indexOf(v) < 0) { ordered.push(v); } });
    var set = el("fieldset");
    set.appendChild(el("legend", field.label));
    ordered.forEach(function (option, i) {
      var id = "f-" + field.key + "-" + i;
      var box = el("input");
      box.type = "checkbox"; box.id = id; box.name = field.key; box.value = option;
      var label = el("label");
      label.htmlFor = id;
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + option));
      set.appendChild(label);
    });
    document.getElementById("field-filters").appendChild(set);
  });

  function state() {
    var chosen = {};
    fields.forEach(function (field) {
      var boxes = form.querySelectorAll("input[name='" + field.key + "']:checked");
      var list = Array.prototype.map.call(boxes, function (b) { return b.value; });
      if (list.length) { chosen[field.key] = list; }
    });
    return { q: search.value, chosen: chosen };
  }

  function matches(record, s) {
    var words = fold(s.q).split(/\s+/).filter(Boolean);
    for (var w = 0; w < words.length; w++) { if (record._text.indexOf(words[w]) < 0) { return false; } }
    for (var key in s.chosen) {
      var have = values(record, key);
      if (!s.chosen[key].some(function (v) { return have.indexOf(v) >= 0; })) { return false; }
    }
    return true;
  }

  function card(r) {
    var article = el("article");
    var h = el("h2", r.title);
    if (r.reconstructed) { h.appendChild(el("span", "dati ricostruiti", "badge")); }
    article.appendChild(h);
    var dl = el("dl");
    function row(label, value) {
      if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) { return; }
      dl.appendChild(el("dt", label));
      dl.appendChild(el("dd", Array.isArray(value) ? value.join("; ") : value));
    }
    [["Nome", "card_name"], ["Nazione", "country"], ["Regione", "region"], ["Azienda", "organisation"],
     ["Tipo di iniziativa", "initiative_type"], ["Approccio", "approaches"], ["Attività", "activity"],
     ["Target", "targets"], ["Bisogni × target", "needs"], ["Temi", "themes"], ["Promotore", "promoter"],
     ["Attori coinvolti", "actors"], ["Impatto sui cluster sociali", "social_cluster_impact"]]
      .forEach(function (pair) { row(pair[0], r[pair[1]]); });
    article.appendChild(dl);
    var more = el("details");
    more.appendChild(el("summary", "Scheda: descrizione, tempistiche, obiettivi, strumenti, KPI"));
    var card = el("dl");
    [["Descrizione", r.description], ["Tempistiche", r.timing], ["Obiettivi", r.objectives],
     ["Strumenti utilizzati", r.tools], ["Key Performance Indicators", r.kpi], ["Contatti", r.contacts]]
      .forEach(function (pair) {
        if (pair[1]) { card.appendChild(el("dt", pair[0])); card.appendChild(el("dd", pair[1])); }
      });
    more.appendChild(card);
    article.appendChild(more);
    return article;
  }

  function writeHash(s) {
    var params = new URLSearchParams();
    if (s.q) { params.set("q", s.q); }
    Object.keys(s.chosen).forEach(function (key) { params.set(key, s.chosen[key].join("|")); });
    var hash = params.toString();
    history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search);
  }

  function readHash() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    search.value = params.get("q") || "";
    fields.forEach(function (field) {
      var wanted = (params.get(field.key) || "").split("|");
      form.querySelectorAll("input[name='" + field.key + "']").forEach(function (box) {
        box.checked = wanted.indexOf(box.value) >= 0;
      });
    });
  }

  function render() {
    var s = state();
    var shown = records.filter(function (r) { return matches(r, s); });
    results.replaceChildren.apply(results, shown.map(card));
    count.textContent = shown.length + (shown.length === 1 ? " iniziativa" : " iniziative") + " su " + records.length;
    writeHash(s);
  }

  form.addEventListener("input", render);
  form.addEventListener("change", render);
  form.addEventListener("submit", function (event) { event.preventDefault(); render(); });
  document.getElementById("reset-filters").addEventListener("click", function () {
    form.reset();
    search.value = "";
    render();
  });
  window.addEventListener("hashchange", function () { readHash(); render(); });
  readHash();
  render();
})();
