/* gkml offline search: plain script over index files loaded with <script> tags.
 * Works over http and from file:// (a disc): no modules, no fetch, no WebAssembly.
 * Records: [page, title, index_no, doc_no, issuer, published, status, column, topics, genre,
 *           disclosure, text]. Every value is put into the page with textContent. */
(function () {
  "use strict";
  var meta = window.GKML_SEARCH_META;
  var form = document.getElementById("gk-search-form");
  if (!meta || !form) { return; }
  var input = document.getElementById("gk-search-q");
  var sortSelect = document.getElementById("gk-search-sort");
  var statusBox = document.getElementById("gk-search-status");
  var list = document.getElementById("gk-search-results");
  var more = document.getElementById("gk-search-more");
  var metaScript = document.querySelector("script[data-gk-search-meta]");
  var indexBase = metaScript.getAttribute("src").replace(/meta\.js$/, "");
  var pagePrefix = form.getAttribute("data-page-prefix") || "";
  var PAGE = 50;
  var records = [];
  var loaded = 0;
  var shown = PAGE;
  var FIELDS = [
    { name: "栏目", index: 7, values: meta.columns },
    { name: "发布机构", index: 4, values: meta.issuers.map(function (v) { return [v, v]; }) },
    { name: "主题", index: 8, values: meta.topics.map(function (v) { return [v, v]; }) },
    { name: "年份", index: 5, values: meta.years.map(function (v) { return [String(v), v + "年"]; }) },
    { name: "效力状态", index: 6, values: meta.statuses.map(function (v) { return [v, v]; }) },
    { name: "文种", index: 9, values: meta.genres.map(function (v) { return [v, v]; }) }
  ];

  function fold(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      out += meta.fold[c] || c;
    }
    return out.toLowerCase();
  }

  function terms(query) {
    return fold(query.replace(/[“”"'‘’《》]/g, " ")).split(/\s+/).filter(function (t) { return t; });
  }

  function haystack(r) {
    if (r.h === undefined) {
      r.h = (r[1] + "\n" + r[2] + "\n" + r[3] + "\n" + r[11]).toLowerCase();
    }
    return r.h;
  }

  function valueOf(r, field) {
    if (field.index === 5) { return r[5].slice(0, 4); }
    // An item counts in its column and in every column above it, as on the listing pages.
    if (field.index === 7) { return (meta.within && meta.within[r[7]]) || [r[7]]; }
    return r[field.index];
  }

  function passes(r, field, wanted) {
    if (!wanted) { return true; }
    var v = valueOf(r, field);
    return Array.isArray(v) ? v.indexOf(wanted) >= 0 : v === wanted;
  }

  function score(r, words, query) {
    var exact = query.trim();
    if (exact && (r[2] === exact || r[3] === exact)) { return 1e9; }
    var s = 0;
    var title = r[1].toLowerCase();
    var h = haystack(r);
    for (var i = 0; i < words.length; i++) {
      if (title.indexOf(words[i]) >= 0) { s += 1000; }
      var from = 0;
      var n = 0;
      while (n < 20 && (from = h.indexOf(words[i], from)) >= 0) { n++; from += words[i].length; }
      s += n;
    }
    return s;
  }

  function selections() {
    var chosen = {};
    FIELDS.forEach(function (f) { chosen[f.name] = form.elements[f.name].value; });
    return chosen;
  }

  function search() {
    var query = input.value;
    var words = terms(query);
    var chosen = selections();
    var hits = [];
    for (var i = 0; i < records.length; i++) {
      var r = records[i];
      var ok = true;
      for (var w = 0; w < words.length && ok; w++) { ok = haystack(r).indexOf(words[w]) >= 0; }
      if (ok) { hits.push(r); }
    }
    var counts = {};
    FIELDS.forEach(function (f) {
      var c = {};
      hits.forEach(function (r) {
        for (var j = 0; j < FIELDS.length; j++) {
          if (FIELDS[j] !== f && !passes(r, FIELDS[j], chosen[FIELDS[j].name])) { return; }
        }
        var v = valueOf(r, f);
        (Array.isArray(v) ? v : [v]).forEach(function (x) { c[x] = (c[x] || 0) + 1; });
      });
      counts[f.name] = c;
    });
    hits = hits.filter(function (r) {
      return FIELDS.every(function (f) { return passes(r, f, chosen[f.name]); });
    });
    var byDate = sortSelect.value === "date" || !words.length;
    hits.forEach(function (r) { r.s = score(r, words, query); });
    hits.sort(function (a, b) {
      if (!byDate && b.s !== a.s) { return b.s - a.s; }
      return a[5] < b[5] ? 1 : a[5] > b[5] ? -1 : 0;
    });
    return { hits: hits, counts: counts, words: words };
  }

  function fillFilters(counts) {
    FIELDS.forEach(function (f) {
      var select = form.elements[f.name];
      var current = select.value || select.getAttribute("data-initial") || "";
      while (select.options.length > 1) { select.remove(1); }
      f.values.forEach(function (pair) {
        var n = counts[f.name][pair[0]] || 0;
        var option = new Option(pair[1] + "（" + n + "）", pair[0]);
        select.add(option);
      });
      select.value = current;
      select.removeAttribute("data-initial");
    });
  }

  function excerpt(r, words) {
    var text = r[11];
    var lower = text.toLowerCase();
    var at = -1;
    for (var i = 0; i < words.length && at < 0; i++) { at = lower.indexOf(words[i]); }
    var start = Math.max(0, at - 40);
    var piece = text.slice(start, start + 120);
    var p = document.createElement("p");
    p.className = "gk-result__excerpt";
    var lowerPiece = piece.toLowerCase();
    var pos = 0;
    while (pos < piece.length) {
      var next = -1;
      var len = 0;
      for (var w = 0; w < words.length; w++) {
        var k = lowerPiece.indexOf(words[w], pos);
        if (k >= 0 && (next < 0 || k < next)) { next = k; len = words[w].length; }
      }
      if (next < 0) { p.appendChild(document.createTextNode(piece.slice(pos))); break; }
      p.appendChild(document.createTextNode(piece.slice(pos, next)));
      var mark = document.createElement("mark");
      mark.textContent = piece.slice(next, next + len);
      p.appendChild(mark);
      pos = next + len;
    }
    if (start > 0) { p.insertBefore(document.createTextNode("…"), p.firstChild); }
    if (start + 120 < text.length) { p.appendChild(document.createTextNode("…")); }
    return p;
  }

  function render() {
    var result = search();
    fillFilters(result.counts);
    list.textContent = "";
    var hits = result.hits;
    hits.slice(0, shown).forEach(function (r) {
      var li = document.createElement("li");
      li.className = "gk-result";
      li.setAttribute("data-key", r[2] || r[0]);
      var h = document.createElement("h2");
      h.className = "gk-result__title";
      if (r[0]) {
        var a = document.createElement("a");
        a.href = pagePrefix + r[0];
        a.textContent = r[1];
        h.appendChild(a);
      } else {
        h.textContent = r[1] + (r[10] ? "（" + r[10] + "）" : "");
      }
      li.appendChild(h);
      if (r[2]) {
        var facts = document.createElement("p");
        facts.className = "gk-result__meta";
        facts.textContent = ["索引号：" + r[2], r[3] ? "文号：" + r[3] : "", "发布日期：" + r[5],
          "效力状态：" + r[6]].filter(function (x) { return x; }).join("　");
        li.appendChild(facts);
      }
      if (r[11] && result.words.length) { li.appendChild(excerpt(r, result.words)); }
      list.appendChild(li);
    });
    var loading = loaded < meta.shards.length ? "，正在载入更早年份的索引……" : "";
    statusBox.textContent = (input.value.trim() || hits.length < records.length)
      ? "找到 " + hits.length + " 条结果" + (hits.length > shown ? "，显示前 " + shown + " 条" : "") + loading
      : "共 " + records.length + " 条信息" + loading;
    more.hidden = hits.length <= shown;
  }

  function remember() {
    var params = [];
    if (input.value.trim()) { params.push("q=" + encodeURIComponent(input.value.trim())); }
    FIELDS.forEach(function (f) {
      var v = form.elements[f.name].value;
      if (v) { params.push(encodeURIComponent(f.name) + "=" + encodeURIComponent(v)); }
    });
    if (sortSelect.value) { params.push("排序=" + encodeURIComponent(sortSelect.value)); }
    try {
      history.replaceState(null, "", "?" + params.join("&"));
    } catch (e) { /* some browsers refuse on file://: the search still works */ }
  }

  function absorb() {
    var queue = window.GKML_SEARCH || [];
    while (queue.length) { Array.prototype.push.apply(records, queue.shift()); }
  }

  function loadNext() {
    if (loaded >= meta.shards.length) { return; }
    var script = document.createElement("script");
    script.src = indexBase + meta.shards[loaded].replace(/^search\//, "");
    script.onload = script.onerror = function () {
      loaded++;
      absorb();
      render();
      loadNext();
    };
    document.head.appendChild(script);
  }

  var params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  sortSelect.value = params.get("排序") === "date" ? "date" : "";
  FIELDS.forEach(function (f) {
    form.elements[f.name].setAttribute("data-initial", params.get(f.name) || "");
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    shown = PAGE;
    remember();
    render();
  });
  form.addEventListener("change", function () {
    shown = PAGE;
    remember();
    render();
  });
  more.addEventListener("click", function () {
    shown += PAGE;
    render();
  });
  form.setAttribute("data-ready", "true");
  loadNext();
})();
