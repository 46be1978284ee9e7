/* gkml search: plain script over index files loaded with <script> tags, only those a query needs.
 * Works over http and from file:// (a disc): no modules, no fetch, no WebAssembly.
 * The index (generator/search.py): postings files "p/<k>.js" (token -> "segment:numbers,…"),
 * and per segment (a year, or the free pages) a filter table "t.js" and one file per document
 * "<i>.js" with its record: [page, title, index_no, doc_no, issuer, published, status, column,
 * topics, genre, disclosure, text], and the title in 繁體 when the site has that edition; and
 * "hant.js", the 繁體 page's characters. Every value is put into the page with textContent. */
(function () {
  "use strict";
  var meta = window.GKML_SEARCH_META;
  var form = document.getElementById("gk-search-form");
  var statusBox = document.getElementById("gk-search-status");
  if (!meta || !form || meta.format !== 3) {
    // The page's 正在载入搜索…… would stay for good.
    if (statusBox && form) { statusBox.textContent = ""; }
    return;
  }
  var store = (window.GKML_S = window.GKML_S || {});
  var input = document.getElementById("gk-search-q");
  var sortSelect = document.getElementById("gk-search-sort");
  var list = document.getElementById("gk-search-results");
  var more = document.getElementById("gk-search-more");
  var metaScript = document.querySelector("script[data-gk-search-meta]");
  var indexBase = metaScript.getAttribute("src").replace(/meta\.js$/, "");
  var pagePrefix = form.getAttribute("data-page-prefix") || "";
  var none = document.getElementById("gk-search-none"); // what to try when nothing is found
  // A 依申请公开 item has no page: its result links to how to apply (data-apply), as a
  // listing's row does, where it was a title with nothing to press (a reader's walk).
  var applyHref = form.getAttribute("data-apply");
  var ON_REQUEST = "依申请公开"; // the index's value (fields.Disclosure.ON_REQUEST)
  var PAGE = 20;
  var RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[0-9a-z]+/g;
  var SPAN = 3; // the longest run of CJK characters the index keeps as one token (search.py)
  var CODE = {};
  for (var c = 0; c < meta.alphabet.length; c++) { CODE[meta.alphabet.charAt(c)] = c; }
  var segments = meta.segments.map(function (s) { return { name: s[0], n: s[1] }; });
  var FOLD = {};
  for (var f = 0; f + 1 < meta.fold.length; f += 2) { FOLD[meta.fold.charAt(f)] = meta.fold.charAt(f + 1); }
  var W = meta.widths;
  // Offsets of each field's code in a row of the filter table.
  var OFFSET = {};
  var width = 0;
  ["column", "issuer", "status", "genre", "disclosure", "topics"].forEach(function (name) {
    OFFSET[name] = width;
    width += W[name];
  });
  // The filters' values and labels are in the page (the 繁體 edition shows its own labels).
  var FIELDS = [
    { name: "栏目", code: "column" },
    { name: "发布机构", code: "issuer" },
    { name: "主题", code: "topics" },
    { name: "年份", code: "year" },
    { name: "效力状态", code: "status" },
    { name: "文种", code: "genre" }
  ];
  FIELDS.forEach(function (f) {
    f.labels = Array.prototype.map.call(form.elements[f.name].options, function (o) {
      return o.textContent;
    });
    // Each value's label as the page prints it (a 繁體 page: 廢止 for the index's 废止).
    f.byValue = {};
    Array.prototype.forEach.call(form.elements[f.name].options, function (o, k) {
      f.byValue[o.value] = f.labels[k];
    });
  });
  var STATUS = FIELDS.filter(function (f) { return f.code === "status"; })[0];
  // On a 繁體 page (the list's lang names the index's script) the results' titles and
  // excerpts are shown in 繁體 too (a reader's walk: each document under two spellings): a
  // title as its page prints it (the record's last value), an excerpt character by character
  // (search/hant.js: one for one, so its marks stay where they were). 索引号 and 文号 are
  // the index's, as their pages keep them, and say so (lang); so does any text shown as the
  // index has it (hant.js did not load), not the whole list, whose labels are the page's.
  var sourceLang = list.getAttribute("lang");
  list.removeAttribute("lang");
  function inSource(element) {
    if (sourceLang) { element.setAttribute("lang", sourceLang); }
    return element;
  }
  var HANT = null; // a simplified character -> its 繁體 one, once search/hant.js is in
  function inHant(text) {
    if (!sourceLang) { return text; }
    if (!HANT && typeof store.hant === "string") {
      HANT = {};
      for (var h = 0; h + 1 < store.hant.length; h += 2) { HANT[store.hant.charAt(h)] = store.hant.charAt(h + 1); }
    }
    if (!HANT) { return text; }
    var out = "";
    for (var i = 0; i < text.length; i++) { out += HANT[text.charAt(i)] || text.charAt(i); }
    return out;
  }
  // 2025-04-25 as the listings print a date: 2025年4月25日.
  function day(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
    return m ? m[1] + "年" + Number(m[2]) + "月" + Number(m[3]) + "日" : iso;
  }
  // The texts search.js writes, from the page (converted in the 繁體 edition).
  function text(name, n) {
    return (form.getAttribute("data-t-" + name) || "").replace("{n}", String(n));
  }

  // -- loading ---------------------------------------------------------------------------------
  // The listing of everything (the page opened with no query: at 5,000 items twenty records
  // and a filter table a year, 208 KiB, 7.9 s on a slow connection) is loaded later(): a few
  // files at a time, so that a query sent meanwhile does not wait behind all of them (a
  // slow-3G walk); a new query drops those not yet requested (execute). A file a query needs
  // is requested at once, whether or not the listing had queued it. Not held while the reader
  // types: the newest records and the filter tables are what a query needs next (measured:
  // holding them made the first result of 养老 600 ms later at 5,000 items).
  var loading = {};
  var unrequested = {}; // a file's request, until it is made
  var queued = []; // the listing's files not yet requested, in order
  var LATER_AT_ONCE = 4; // of a browser's six connections to a server: two stay free for a query
  var requesting = 0; // the listing's files requested and not yet in
  function file(name) {
    if (!loading[name]) {
      loading[name] = new Promise(function (resolve) {
        unrequested[name] = function (queuedOne) {
          delete unrequested[name];
          if (queuedOne) { requesting++; }
          var script = document.createElement("script");
          script.src = indexBase + name + ".js";
          // A file that failed to load counts as loaded, with nothing in it (null).
          script.onload = script.onerror = function () {
            if (store[name] === undefined) { store[name] = null; }
            if (queuedOne) { requesting--; pump(); }
            resolve(store[name]);
          };
          document.head.appendChild(script);
        };
      });
    }
    return loading[name];
  }
  function load(name) {
    var found = file(name);
    if (unrequested[name]) { unrequested[name](false); }
    return found;
  }
  function later(name) {
    var found = file(name);
    if (unrequested[name] && queued.indexOf(name) < 0) { queued.push(name); pump(); }
    return found;
  }
  function pump() {
    while (requesting < LATER_AT_ONCE && queued.length) {
      var name = queued.shift();
      if (unrequested[name]) { unrequested[name](true); }
    }
  }
  function loaded(name) { return store[name] !== undefined; }
  function loadAll(names, how) { return Promise.all(names.map(how || load)); }

  // -- text ----------------------------------------------------------------------------------
  // As search.py's normalise(), in its order: NFKC, 繁 → 简 (meta.fold), lower case.
  function fold(text) {
    var nfkc = text.normalize("NFKC");
    var out = "";
    for (var i = 0; i < nfkc.length; i++) {
      var ch = nfkc.charAt(i);
      out += FOLD[ch] || ch;
    }
    // Characters that show nothing (zero-width space, soft hyphen…) are in no word (search.py).
    return out.toLowerCase().replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, "");
  }
  // The words of a question (低保申请怎么办, 如何办理), which say nothing of a document: an
  // elderly reader types a question, and 怎么 and 么办 counted as much as 低保 in the partial
  // matches (a reader's walk). Dropped, unless the query is nothing else or is quoted.
  var ASKING = /怎么办|怎么样|怎么|怎样|如何|什么|哪些|哪里|哪儿|多少|是否|能否|请问|[吗呢吧啊](?=\s|$)/g;
  // What a reader does, written before what it is done to (如何办理低保, 怎么申请临时救助): a
  // separate word, in whatever order the documents put the two (低保办理 found 5, 办理低保
  // none, a readers' walk). Only before two characters or more: 申请表 stays one word.
  var DOING = /^(申请|办理|查询|领取|缴纳|补办|咨询|报名|认定|发放)(?=[\u3400-\u9fff]{2})/;
  function terms(query) {
    var folded = fold(query.replace(/[“”"'‘’《》]/g, " ")); // 怎麼辦 is 怎么办 from here on
    var words = split(folded);
    if (/[“”"'‘’]/.test(query)) { return words; }
    var plain = split(folded.replace(ASKING, " "));
    var found = [];
    plain.forEach(function (word) {
      var doing = DOING.exec(word);
      if (doing) { found.push(doing[1], word.slice(doing[1].length)); } else { found.push(word); }
    });
    return found.length ? found : words;
  }
  function split(text) {
    return text.split(/\s+/).filter(function (t) { return t && tokensOf(t).length; });
  }
  // The tokens a document with *term* in it certainly has (generator/search.py segment_postings):
  // each ASCII word, and each run of CJK characters' triples of neighbours (the run itself when
  // shorter); with *size* 2, its pairs (partial matches).
  function tokensOf(term, size) {
    var n = size || SPAN;
    var found = [];
    (term.match(RUN) || []).forEach(function (run) {
      if (run.charCodeAt(0) < 128 || run.length <= n) { found.push(run); return; }
      for (var i = 0; i + n <= run.length; i++) { found.push(run.substr(i, n)); }
    });
    return found.filter(function (t, i) { return found.indexOf(t) === i; });
  }
  function hash(token) {
    var h = 0x811c9dc5;
    for (var i = 0; i < token.length; i++) { h = Math.imul(h ^ token.charCodeAt(i), 16777619) >>> 0; }
    return h;
  }
  function shardOf(token) { return "p/" + (hash(token) & (meta.shards - 1)); }

  // -- postings ------------------------------------------------------------------------------
  var decoded = {};
  function decode(text) {
    var numbers = [];
    var last = -1;
    var value = 0;
    for (var i = 0; i < text.length; i++) {
      var d = CODE[text.charAt(i)];
      if (d >= 32) {
        last += value * 32 + d - 32;
        numbers.push(last);
        value = 0;
      } else {
        value = value * 32 + d;
      }
    }
    return numbers;
  }
  // The documents of *segment* with *token*: part 0 anywhere, part 1 in the title, 索引号 or 文号.
  function postings(segment, token, part) {
    var key = token + "\u0000" + part;
    if (!decoded[key]) {
      var bySegment = {};
      var shard = store[shardOf(token)];
      // An own property only: a word such as "constructor" is also a name every object has.
      var own = shard && Object.prototype.hasOwnProperty.call(shard[part], token);
      (own ? shard[part][token] : "").split(",").forEach(function (entry) {
        var colon = entry.indexOf(":");
        if (colon > 0) { bySegment[entry.slice(0, colon)] = entry.slice(colon + 1); }
      });
      decoded[key] = bySegment;
    }
    var found = decoded[key][segment.name];
    if (typeof found === "string") { found = decoded[key][segment.name] = decode(found); }
    return found || [];
  }
  function intersect(a, b) {
    var out = [];
    var i = 0;
    var j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] < b[j]) { i++; } else if (a[i] > b[j]) { j++; } else { out.push(a[i]); i++; j++; }
    }
    return out;
  }
  function having(segment, tokens, part) {
    var found = postings(segment, tokens[0], part);
    for (var t = 1; t < tokens.length && found.length; t++) {
      found = intersect(found, postings(segment, tokens[t], part));
    }
    return found;
  }

  // -- filters -------------------------------------------------------------------------------
  function tableName(segment) { return segment.name + "/t"; }
  var TABLES = segments.map(tableName); // every segment's filter table
  function codeAt(row, name) {
    var v = 0;
    for (var k = 0; k < W[name]; k++) { v = v * 64 + CODE[row.charAt(OFFSET[name] + k)]; }
    return v;
  }
  function valueOf(hit, field) {
    var segment = segments[hit.s];
    if (field.code === "year") { return segment.name === "pages" ? "" : segment.name; }
    var table = store[tableName(segment)];
    if (!table) { return ""; }
    var row = table.substr(hit.i * width, width);
    if (field.code === "topics") {
      var found = [];
      for (var k = 0; k < W.topics; k++) {
        var bits = CODE[row.charAt(OFFSET.topics + k)];
        for (var b = 0; b < 6; b++) {
          if (bits & (1 << b)) { found.push(meta.topics[k * 6 + b]); }
        }
      }
      return found;
    }
    var n = codeAt(row, field.code);
    if (!n) { return ""; }
    if (field.code === "column") {
      var key = meta.columns[n - 1][0];
      // An item counts in its column and in every column above it, as on the listing pages.
      return (meta.within && meta.within[key]) || [key];
    }
    return meta[field.code === "status" ? "statuses" : field.code + "s"][n - 1];
  }
  function passes(hit, field, wanted) {
    if (!wanted) { return true; }
    var v = valueOf(hit, field);
    return Array.isArray(v) ? v.indexOf(wanted) >= 0 : v === wanted;
  }
  function selections() {
    var chosen = {};
    FIELDS.forEach(function (f) { chosen[f.name] = form.elements[f.name].value; });
    return chosen;
  }
  function counting(hits, chosen) {
    var counts = {};
    FIELDS.forEach(function (f) {
      var c = {};
      hits.forEach(function (hit) {
        for (var j = 0; j < FIELDS.length; j++) {
          if (FIELDS[j] !== f && !passes(hit, FIELDS[j], chosen[FIELDS[j].name])) { return; }
        }
        var v = valueOf(hit, f);
        (Array.isArray(v) ? v : [v]).forEach(function (x) { c[x] = (c[x] || 0) + 1; });
      });
      counts[f.name] = c;
    });
    return counts;
  }
  function fillFilters(counts) {
    FIELDS.forEach(function (f) {
      var options = form.elements[f.name].options;
      for (var k = 1; k < options.length; k++) {
        options[k].textContent = f.labels[k] + "（" + (counts[f.name][options[k].value] || 0) + "）";
      }
    });
    form.setAttribute("data-counted", "true");
  }

  // -- a search --------------------------------------------------------------------------------
  function needed(words, exact, size) {
    var names = [];
    words.forEach(function (w) { tokensOf(w, size).forEach(function (t) { names.push(shardOf(t)); }); });
    if (exact) { names.push(shardOf(exact)); }
    return names.filter(function (n, i) { return names.indexOf(n) === i; });
  }
  function matches(words, exact) {
    var hits = [];
    segments.forEach(function (segment, s) {
      var found = null;
      var title = {};
      words.forEach(function (w) {
        var tokens = tokensOf(w);
        var docs = having(segment, tokens, 0);
        found = found === null ? docs : intersect(found, docs);
        having(segment, tokens, 1).forEach(function (i) { title[i] = (title[i] || 0) + 1000; });
      });
      if (found === null) {
        found = [];
        for (var i = 0; i < segment.n; i++) { found.push(i); }
      }
      var first = {};
      if (exact) { postings(segment, exact, 0).forEach(function (i) { first[i] = 1e9; }); }
      found.forEach(function (i) { hits.push({ s: s, i: i, score: (first[i] || 0) + (title[i] || 0) }); });
    });
    return hits;
  }
  function ordered(hits, byDate) {
    // Newest first: segments run newest first, documents within one oldest first.
    return hits.sort(function (a, b) {
      if (!byDate && b.score !== a.score) { return b.score - a.score; }
      return a.s !== b.s ? a.s - b.s : b.i - a.i;
    });
  }
  function docName(hit) { return segments[hit.s].name + "/" + hit.i; }
  // The runs of four or more CJK characters (养老服务: 养老服, 老服务): a document with every
  // triple may have them apart (养老服 … 老服务). Such a result is shown only when its record has
  // each run. Punctuation between runs (低保、特困) does not have to be in the record.
  function phrases(words) {
    return runs(words).filter(function (run) { return run.charCodeAt(0) >= 128 && run.length > SPAN; });
  }
  // The runs of CJK characters and the ASCII words in *words*, longest first (what is marked).
  function runs(words) {
    var found = [];
    words.forEach(function (w) {
      (w.match(RUN) || []).forEach(function (run) { if (found.indexOf(run) < 0) { found.push(run); } });
    });
    return found.sort(function (a, b) { return b.length - a.length; });
  }
  // No result has the words: the documents with at least half of their tokens (and two), most
  // first. 低保申请条件 typed without spaces finds 低保 … 申请条件; they are shown as partial matches.
  function partialMatches(words) {
    var tokens = []; // the pairs of CJK characters: a wrong 索引号 has no partial matches
    words.forEach(function (w) {
      tokensOf(w, 2).forEach(function (t) {
        if (t.length === 2 && t.charCodeAt(0) >= 128 && tokens.indexOf(t) < 0) { tokens.push(t); }
      });
    });
    var least = Math.max(2, Math.ceil(tokens.length / 2));
    var hits = [];
    if (tokens.length < 3) { return { hits: hits, tokens: tokens }; }
    segments.forEach(function (segment, s) {
      var count = {};
      var titled = {}; // pairs in the title, 索引号 or 文号 rank a result higher, as in matches()
      tokens.forEach(function (t) {
        postings(segment, t, 0).forEach(function (i) { count[i] = (count[i] || 0) + 1; });
        postings(segment, t, 1).forEach(function (i) { titled[i] = (titled[i] || 0) + 1; });
      });
      Object.keys(count).forEach(function (i) {
        if (count[i] >= least) { hits.push({ s: s, i: Number(i), score: count[i] + (titled[i] || 0) }); }
      });
    });
    return { hits: hits, tokens: tokens };
  }
  // Whether the record *name* has every run of *words*, folded as the query is; a record that
  // failed to load is not dropped (it shows nothing).
  function has(name, words) {
    var r = store[name];
    if (!r || !words.length) { return true; }
    var t = fold([r[1], r[2], r[3], r[11]].join("\n"));
    return words.every(function (w) { return t.indexOf(w) >= 0; });
  }
  // Checks *hit* once its record has loaded: true when it may be shown, false to drop it.
  function checked(hit) {
    if (hit.ok === undefined) {
      hit.ok = has(docName(hit), current.phrases);
      current.checked++;
      if (hit.ok) { current.accepted++; }
    }
    return hit.ok;
  }

  // -- Pagefind (site.search: pagefind), over http only ------------------------------------------
  // One index a segment (generator/pagefindindex.py), spelt in gkml's words: each pair of CJK
  // characters one word. It answers a query of one word (a run of CJK characters or an ASCII
  // word) and filters without a query; the rest (several words, a 索引号 or 文号, everything,
  // partial matches) is answered by the index above, as from a disc.
  var pagefindBase = /^https?:$/.test(location.protocol) ? form.getAttribute("data-pagefind") : null;
  // One index of the whole site (site.search: pagefind-all), else one a segment, merged.
  var pagefindBundle = form.getAttribute("data-pagefind-bundle");
  var DIGITS = "0123456789abcdefghijklmnopqrstuv";
  var SEGMENT = "段"; // every document's segment, a filter not shown (pagefindindex.SEGMENT)
  var pagefindLoaded = null;
  function charWord(ch) {
    var n = ch.charCodeAt(0);
    return DIGITS.charAt((n >> 15) & 31) + DIGITS.charAt((n >> 10) & 31) +
      DIGITS.charAt((n >> 5) & 31) + DIGITS.charAt(n & 31);
  }
  // The Pagefind query of one folded word: its pairs quoted (an exact phrase), or a prefix.
  function pagefindQuery(word) {
    if (word.charCodeAt(0) < 128) { return "y" + word; }
    if (word.length === 1) { return charWord(word); }
    var pairs = [];
    for (var i = 0; i + 1 < word.length; i++) { pairs.push(charWord(word.charAt(i)) + charWord(word.charAt(i + 1))); }
    return "\"" + pairs.join(" ") + "\"";
  }
  // Pagefind with every segment's index merged into the newest one's (or the site's one
  // index); null when it fails.
  function pagefind() {
    if (!pagefindLoaded) {
      var base = new URL(pagefindBase, location.href).href;
      var names = pagefindBundle ? [pagefindBundle] :
        segments.filter(function (s) { return s.n > 0; }).map(function (s) { return s.name; });
      // A policy that forbids WebAssembly makes Pagefind throw where no promise catches it:
      // an empty module compiled first tells. A Pagefind that does not answer in time is
      // given up too.
      var empty = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);
      var loaded = WebAssembly.compile(empty).then(function () {
        return import(base + names[0] + "/pagefind.js");
      }).then(function (pf) {
        return Promise.all(names.slice(1).map(function (n) { return pf.mergeIndex(base + n + "/"); }))
          .then(function () { return pf.preload(""); }) // starts Pagefind here, within the race
          .then(function () { return pf; });
      });
      var late = new Promise(function (resolve) { setTimeout(resolve, 10000, null); });
      pagefindLoaded = Promise.race([loaded, late]).catch(function () { return null; });
    }
    return pagefindLoaded;
  }
  // Whether Pagefind answers *words* with the filters *chosen*. Not a word of letters or
  // digits: Pagefind takes it as the start of a word (c finds every word from c), the index
  // above as a whole word, as on the disc; the web and the disc give the same results.
  function forPagefind(words, chosen) {
    if (!pagefindBase) { return false; }
    if (!words.length) { return FIELDS.some(function (f) { return chosen[f.name]; }); }
    return words.length === 1 && words[0].charCodeAt(0) >= 128 &&
      (words[0].match(RUN) || []).join("") === words[0];
  }
  function without(filters, name) {
    var others = {};
    Object.keys(filters).forEach(function (k) { if (k !== name) { others[k] = filters[k]; } });
    return others;
  }
  // Runs the query with Pagefind; resolves to false when the index above must answer it.
  function executePagefind(mine, words, chosen) {
    var query = words.length ? pagefindQuery(words[0]) : null;
    var filters = {};
    FIELDS.forEach(function (f) { if (chosen[f.name]) { filters[f.name] = chosen[f.name]; } });
    var options = { filters: filters };
    if (sortSelect.value === "date" || !words.length) { options.sort = { date: "desc" }; }
    var ready = sourceLang ? Promise.all([pagefind(), load("hant")]) : pagefind().then(function (pf) { return [pf]; });
    return ready.then(function (loadedNow) {
      var pf = loadedNow[0];
      if (!pf || mine !== run) { return !!pf; }
      return pf.search(query, options).then(function (found) {
        if (mine !== run) { return true; }
        if (!found.results.length && words.length) { return false; } // partial matches, maybe
        current = {
          pagefind: found.results, // by relevance; by date, a segment at a time (see below)
          total: found.results.length,
          segmentResults: {},
          query: query,
          options: options,
          words: words,
          marks: runs(words),
          partial: false
        };
        form.setAttribute("data-engine", "pagefind");
        shown = PAGE;
        return showPagefind(mine, true).then(function () {
          // The filters' counts after the results, once Pagefind has loaded every filter; a
          // chosen filter's own counts are those of the results without it.
          pf.filters().catch(function () { return null; }).then(function () {
            var names = [""].concat(Object.keys(filters));
            return Promise.all(names.map(function (name) {
              return pf.search(query, { filters: name ? without(filters, name) : filters });
            })).then(function (counted) {
              if (mine !== run) { return; }
              var counts = {};
              FIELDS.forEach(function (f) { counts[f.name] = counted[0].filters[f.name] || {}; });
              names.forEach(function (name, k) { if (name) { counts[name] = counted[k].filters[name] || {}; } });
              fillFilters(counts);
            });
          });
          return true;
        });
      });
    });
  }
  // Pagefind's results *from* to *upto* (not included), in the order shown. Merged indexes
  // interleave their results, so results by date are taken a segment at a time, newest first;
  // one index of the whole site sorts them itself.
  function pagefindResults(pf, from, upto) {
    if (!current.options.sort || pagefindBundle) { return Promise.resolve(current.pagefind.slice(from, upto)); }
    var found = [];
    var start = 0; // the results of the segments before
    function next(k) {
      if (k >= segments.length || start >= upto) { return Promise.resolve(found); }
      var name = segments[k].name;
      if (!segments[k].n) { return next(k + 1); }
      if (!current.segmentResults[name]) {
        var options = { filters: without(current.options.filters, SEGMENT), sort: current.options.sort };
        options.filters[SEGMENT] = name;
        current.segmentResults[name] = pf.search(current.query, options);
      }
      return current.segmentResults[name].then(function (r) {
        found = found.concat(r.results.slice(Math.max(from - start, 0), Math.max(upto - start, 0)));
        start += r.results.length;
        return next(k + 1);
      });
    }
    return next(0);
  }
  // Shows Pagefind's results up to *shown*: each one's record from the index above.
  function showPagefind(mine, fresh) {
    var from = fresh ? 0 : painted;
    var upto = Math.min(shown, current.total);
    busy(true, text("loading-results"));
    var clear = fresh; // the previous query's results stay until the first new one is ready
    return pagefind().then(function (pf) {
      return pagefindResults(pf, from, upto);
    }).then(function (results) {
      // Each result's gkml record is in its fragment (meta r, pagefindindex.page_html). Each
      // is shown once it and those before it are in: on a slow connection (a slow-3G walk)
      // the twenty fragments shared it, and the first result waited 1.5 s for the last one.
      var records = [];
      var next = 0;
      function paint() {
        if (mine !== run) { return; }
        var fragment = document.createDocumentFragment();
        while (next < results.length && records[next] !== undefined) {
          if (records[next]) { fragment.appendChild(item(records[next])); }
          next++;
        }
        if (clear && fragment.firstChild) {
          list.textContent = "";
          list.removeAttribute("data-partial");
          clear = false;
        }
        list.appendChild(fragment);
        tellApart();
      }
      return Promise.all(results.map(function (r, k) {
        return r.data().then(function (d) { return JSON.parse(d.meta.r); })
          .catch(function () { return null; }).then(function (record) { records[k] = record; paint(); });
      }));
    }).then(function () {
      if (mine !== run) { return; }
      if (clear) { list.textContent = ""; list.removeAttribute("data-partial"); }
      painted = upto;
      // "found", as the index above says of a query or of filters alone (never everything).
      statusBox.textContent = text("found", current.total) + (current.total > shown ? text("showing", shown) : "") +
        (current.total ? "" : noneSaid());
      more.hidden = current.total <= shown;
      none.hidden = current.total > 0;
      busy(false);
    });
  }

  // The suggestions shown when nothing is found are said too, the likeliest of them and that
  // more follow: the live region alone was heard ("找到 0 条结果"), and a screen reader's user
  // stopped there (a screen reader's walk). With a filter chosen, the likeliest is to choose
  // 全部 again. Only when nothing is found: other counts stay short.
  function noneSaid() {
    var filtered = FIELDS.some(function (f) { return form.elements[f.name].value; });
    return text(filtered ? "none-filtered" : "none");
  }

  var run = 0;
  var current = null; // the query shown: its hits and how they are checked and counted
  var shown = PAGE;
  var painted = 0; // results of current in the list

  function busy(on, text) {
    if (on) {
      form.setAttribute("data-busy", "true");
      if (text) { statusBox.textContent = text; }
    } else {
      form.removeAttribute("data-busy");
    }
  }

  // The window's title names the query (WCAG 2.4.2): tabs, history and bookmarks tell
  // searches apart, and a screen reader's title key says what the results are of.
  var pageTitle = document.title;
  function retitle() {
    var query = input.value.trim();
    document.title = query
      ? (form.getAttribute("data-t-title") || "").replace("{q}", query) + pageTitle
      : pageTitle;
  }

  function execute() {
    var mine = ++run;
    queued.length = 0; // the listing before, if any, is no longer wanted (later() queues it again)
    none.hidden = true;
    retitle();
    form.removeAttribute("data-counted"); // set again when this query's filter counts are shown
    var words = terms(input.value);
    var chosen = selections();
    if (!words.length && input.value.trim()) {
      // Punctuation, symbols or emoji alone: nothing to look for (not "found: everything").
      current = null;
      list.textContent = "";
      more.hidden = true;
      busy(false);
      statusBox.textContent = text("no-words");
      return Promise.resolve(null);
    }
    if (forPagefind(words, chosen)) {
      busy(true, text("loading-index"));
      return executePagefind(mine, words, chosen).then(function (answered) {
        if (!answered && mine === run) { return answer(mine, words, chosen); }
        return null;
      });
    }
    return answer(mine, words, chosen);
  }

  // Answers the query with the index above.
  function answer(mine, words, chosen) {
    form.setAttribute("data-engine", "gkml");
    var query = input.value;
    // A 索引号 or 文号 has digits: only then can the whole query name one item.
    var exact = /[0-9０-９]/.test(query) ? "=" + fold(query).trim() : "";
    var filtered = FIELDS.some(function (f) { return chosen[f.name]; });
    var everything = !query.trim() && !filtered;
    var fetch = everything ? later : load;
    var names = needed(words, exact);
    // Everything is listed newest first without the filter tables: they come after the twenty
    // records, for the counts, as a query's do.
    if (filtered) { names = names.concat(TABLES); }
    if (sourceLang) { names = names.concat(["hant"]); }
    var waiting = names.some(function (n) { return !loaded(n); });
    busy(true, waiting ? text("loading-index") : "");
    return loadAll(names, fetch).then(function () {
      if (mine !== run) { return null; }
      var hits = matches(words, exact);
      var haveTables = TABLES.every(loaded);
      var counts = haveTables ? counting(hits, chosen) : null;
      if (filtered) {
        hits = hits.filter(function (hit) {
          return FIELDS.every(function (f) { return passes(hit, f, chosen[f.name]); });
        });
      }
      current = {
        hits: ordered(hits, sortSelect.value === "date" || !words.length),
        words: words,
        phrases: phrases(words),
        everything: everything,
        chosen: chosen,
        filtered: filtered,
        checked: 0,
        accepted: 0,
        // The hits the filter counts are counted from, once they differ from the candidates:
        // the checked results (see finish) or the partial matches (see partly).
        counted: null,
        marks: runs(words),
        partial: false
      };
      shown = PAGE;
      return show(mine, true).then(function () {
        if (mine !== run) { return; }
        if (counts) {
          if (!current.counted) { fillFilters(counts); }
          return;
        }
        // The counts of the filter values come after the results: the table is not needed for them.
        loadAll(TABLES, fetch).then(function () {
          if (mine !== run) { return; }
          fillFilters(counting(current.counted || matches(words, exact), chosen));
        });
      });
    });
  }

  // Shows the results up to *shown*, each as soon as it and those before it have loaded and
  // been checked (see phrases); a result without the words is dropped and the next one loaded.
  var AHEAD = 200; // at most this many records loaded in one round
  function show(mine, fresh) {
    var clear = fresh; // the previous query's results stay until the first new one is ready
    if (fresh) { painted = 0; }
    function target() { return Math.min(shown, current.hits.length); }
    function paint() {
      if (mine !== run) { return; }
      var fragment = document.createDocumentFragment();
      while (painted < target()) {
        var hit = current.hits[painted];
        if (!loaded(docName(hit))) { break; }
        if (!checked(hit)) { current.hits.splice(painted, 1); continue; }
        var r = store[docName(hit)];
        if (r) { fragment.appendChild(item(r)); }
        painted++;
      }
      if (clear && (fragment.firstChild || painted >= target())) {
        list.textContent = "";
        if (current.partial) { list.setAttribute("data-partial", "true"); } else { list.removeAttribute("data-partial"); }
        clear = false;
      }
      list.appendChild(fragment);
      tellApart();
    }
    function step() {
      var need = target() - painted;
      if (need <= 0 && !current.hits.length && !current.partial) {
        // Nothing has the words: the partial matches, from the postings of their pairs.
        var pairs = needed(current.words, "", 2);
        if (!pairs.every(loaded)) {
          return loadAll(pairs).then(function () { return mine === run ? step() : null; });
        }
        if (partly()) { return step(); }
      }
      if (need <= 0) {
        paint();
        finish();
        busy(false);
        return null;
      }
      // As many as the share of dropped results so far says will give *need* to show.
      var rate = current.checked ? current.accepted / current.checked : 1;
      var ahead = Math.min(AHEAD, Math.max(need, Math.ceil(need / Math.max(rate, 0.01))));
      var coming = current.hits.slice(painted, painted + ahead).map(docName);
      if (coming.some(function (n) { return !loaded(n); })) { busy(true, text("loading-results")); }
      var fetch = current.everything ? later : load;
      coming.forEach(function (n) { fetch(n).then(paint); });
      return loadAll(coming, fetch).then(function () {
        if (mine !== run) { return null; }
        paint();
        return step();
      });
    }
    return Promise.resolve(step());
  }

  function excerpt(r, words) {
    var text = r[11];
    var lower = text.toLowerCase();
    var at = -1;
    for (var i = 0; i < words.length && at < 0; i++) { at = lower.indexOf(words[i]); }
    var start = Math.max(0, at - 40);
    var piece = text.slice(start, start + 120);
    var display = inHant(piece); // the same length: the marks found in *piece* are its marks
    var p = document.createElement("p");
    if (display === piece && !HANT) { inSource(p); }
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
      if (next < 0) { p.appendChild(document.createTextNode(display.slice(pos))); break; }
      p.appendChild(document.createTextNode(display.slice(pos, next)));
      var mark = document.createElement("mark");
      mark.textContent = display.slice(next, next + len);
      p.appendChild(mark);
      pos = next + len;
    }
    if (start > 0) { p.insertBefore(document.createTextNode("…"), p.firstChild); }
    if (start + 120 < text.length) { p.appendChild(document.createTextNode("…")); }
    return p;
  }

  function item(r) {
    var li = document.createElement("li");
    li.className = "gk-result";
    li.setAttribute("data-key", r[2] || r[0]);
    var h = document.createElement("h2");
    var plain = inHant(r[1]); // first: it reads search/hant.js once it is in (HANT)
    var title = sourceLang && typeof r[12] === "string" ? r[12] : plain;
    if (title === r[1] && !HANT) { inSource(h); }
    h.className = "gk-result__title";
    if (r[0]) {
      var a = document.createElement("a");
      a.href = pagePrefix + r[0];
      a.textContent = title;
      a.gkTitle = title;
      a.gkIds = [r[3], r[2]]; // 文号, 索引号: what tells it apart (tellApart)
      h.appendChild(a);
    } else {
      h.textContent = title;
      if (r[10]) {
        // The label is the page's own words (依申請公開 on a 繁體 page), not the index's.
        var label = document.createElement(r[10] === ON_REQUEST && applyHref ? "a" : "span");
        label.lang = document.documentElement.lang;
        label.textContent = r[10] === ON_REQUEST ? text("on-request") : r[10];
        if (label.tagName === "A") { label.href = applyHref; }
        h.appendChild(document.createTextNode("（"));
        h.appendChild(label);
        h.appendChild(document.createTextNode("）"));
      }
    }
    li.appendChild(h);
    if (r[2]) {
      var facts = document.createElement("p");
      facts.className = "gk-result__meta";
      // One span a fact: a narrow line breaks between facts before it breaks one, and between
      // a fact's label and its value before it breaks the value (search.css).
      var status = r[6] && (STATUS.byValue[r[6]] || r[6]);
      [["index-no", r[2], true], ["doc-no", r[3], true], ["published", r[5] && day(r[5])], ["status", status]]
        .filter(function (x) { return x[1]; })
        .forEach(function (fact, k) {
          if (k) { facts.appendChild(document.createTextNode(" ")); }
          var span = document.createElement("span");
          var value = document.createElement("span");
          span.textContent = text(fact[0]);
          value.className = "gk-result__value";
          if (fact[2]) { inSource(value); }
          value.textContent = fact[1];
          span.appendChild(value);
          facts.appendChild(span);
        });
      li.appendChild(facts);
    }
    if (r[11] && current.marks.length) { li.appendChild(excerpt(r, current.marks)); }
    return li;
  }

  // Results of one title (a repealed 办法 and the 办法 of the same name that replaced it) say
  // their 文号 after it, in their links, or their 索引号 where the 文号 do not tell them apart,
  // as a listing's rows do (views.told_apart): a screen reader's list of links read two links
  // of one name (a screen reader's walk). Again after each batch: the next may bring the
  // other one.
  function tellApart() {
    var groups = {};
    Array.prototype.forEach.call(list.querySelectorAll(".gk-result__title > a"), function (a) {
      if (a.gkTitle === undefined) { return; }
      (groups[a.gkTitle] = groups[a.gkTitle] || []).push(a);
    });
    Object.keys(groups).forEach(function (title) {
      var links = groups[title];
      if (links.length < 2) { return; }
      var docNos = links.map(function (a) { return a.gkIds[0]; });
      var byDocNo = docNos.every(function (d, k) { return d && docNos.indexOf(d) === k; });
      links.forEach(function (a) {
        // in one span: in the link's flex box, the text and the 文号's span were two boxes,
        // with a space between them in Chromium's name of the link (a braille display)
        var run = document.createElement("span");
        var apart = inSource(document.createElement("span"));
        apart.textContent = byDocNo ? a.gkIds[0] : a.gkIds[1];
        run.textContent = title + "（";
        run.appendChild(apart);
        run.appendChild(document.createTextNode("）"));
        a.textContent = "";
        a.appendChild(run);
      });
    });
  }

  // Shows the partial matches (see partialMatches) of a query that found nothing, if any.
  function partly() {
    if (current.partial || !current.words.length) { return false; }
    var partial = partialMatches(current.words);
    var chosen = current.chosen;
    var hits = partial.hits.filter(function (hit) {
      return FIELDS.every(function (f) { return passes(hit, f, chosen[f.name]); });
    });
    if (!hits.length) { return false; }
    current.partial = true;
    current.phrases = [];
    current.marks = partial.tokens;
    current.counted = partial.hits;
    current.hits = ordered(hits, sortSelect.value === "date");
    list.setAttribute("data-partial", "true");
    if (TABLES.every(loaded)) { fillFilters(counting(partial.hits, chosen)); }
    return true;
  }

  function finish() {
    var hits = current.hits;
    var unchecked = 0;
    if (current.phrases.length) {
      // Records loaded ahead are checked now; the count is exact once no result is unchecked,
      // until then it is estimated from the share of the checked ones that had the words.
      for (var k = painted; k < hits.length;) {
        if (hits[k].ok === undefined && loaded(docName(hits[k]))) { checked(hits[k]); }
        if (hits[k].ok === false) { hits.splice(k, 1); continue; }
        if (hits[k].ok === undefined) { unchecked++; }
        k++;
      }
    }
    var total = hits.length;
    // Every candidate checked and no filter chosen: the results are all that is left, and the
    // filter counts can be counted from them instead of from the candidates.
    if (current.phrases.length && !unchecked && !current.filtered && !current.counted) {
      current.counted = hits.slice();
      if (TABLES.every(loaded)) { fillFilters(counting(hits, current.chosen)); }
    }
    var estimate = total - unchecked + Math.round(unchecked * current.accepted / Math.max(current.checked, 1));
    var said = current.everything ? "all" : current.partial ? "partial" : "found";
    none.hidden = total > 0 || unchecked > 0;
    statusBox.textContent = (unchecked ? text("found-about", Math.max(estimate, painted)) : text(said, total)) +
      (total > shown ? text("showing", shown) : "") + (none.hidden ? "" : noneSaid());
    more.hidden = total <= shown;
  }

  // A new query is a step of the browser's history (Back returns to the one before); a filter
  // or the sort changed replaces the current step.
  function remember(step) {
    var params = [];
    if (input.value.trim()) { params.push("q=" + encodeURIComponent(input.value.trim())); }
    FIELDS.forEach(function (f) {
      var v = form.elements[f.name].value;
      if (v) { params.push(encodeURIComponent(f.name) + "=" + encodeURIComponent(v)); }
    });
    if (sortSelect.value) { params.push("排序=" + encodeURIComponent(sortSelect.value)); }
    try {
      var address = "?" + params.join("&");
      if (step && address !== location.search) { history.pushState(null, "", address); }
      else { history.replaceState(null, "", address); }
    } catch (e) { /* some browsers refuse on file://: the search still works */ }
    carry(params.join("&"));
  }
  // The links to the other edition (简/繁) take the query and filters along: the switch, and
  // the offer of the edition read last (gkml.js offerEdition, a copy of the switch made after
  // this script first ran), which kept the query the page was opened with (a 繁體 reader's walk).
  var other = document.querySelector("a[hreflang]");
  var otherHref = other ? other.getAttribute("href").split("?")[0] : "";
  function carry(search) {
    document.querySelectorAll("a[hreflang]").forEach(function (link) {
      if (link.hreflang === other.hreflang) { link.setAttribute("href", otherHref + (search ? "?" + search : "")); }
    });
  }

  // The query and filters from the address: on opening the page, and on Back and Forward.
  // On opening it, a query the reader has typed into the box already (*typed*) stays, and so
  // do the filters and the sort the reader has chosen in their lists (*picked*, by name).
  function restore(typed, picked) {
    var params = new URLSearchParams(location.search);
    var chosen = function (name) { return (picked && picked[name]) || params.get(name); };
    carry(location.search.replace(/^\?/, ""));
    input.value = typed || params.get("q") || "";
    sortSelect.value = chosen("排序") === "date" ? "date" : "";
    FIELDS.forEach(function (f) {
      var select = form.elements[f.name];
      select.value = chosen(f.name) || "";
      if (select.selectedIndex < 0) { select.value = ""; } // a value the list has not: 全部
    });
  }
  // The box is in the page before this script has run (2.5 s on a slow phone): what the
  // reader typed there meanwhile was replaced by the address's query, and the results were of
  // that one (a slow-3G walk). It stays, is searched (execute, below) and goes into the
  // address, in place of the query the page was opened with, whose results never showed.
  // So does a filter or the sort chosen there (a list off its first option, 全部 or
  // 按相关度): the address's went over it, and the results were of all years (a phone walk).
  // A list the reader left alone takes the address's value.
  var typed = input.value !== input.defaultValue ? input.value : "";
  var picked = {};
  FIELDS.map(function (f) { return form.elements[f.name]; }).concat(sortSelect).forEach(function (select) {
    if (select.selectedIndex > 0) { picked[select.name] = select.value; }
  });
  restore(typed, picked);
  if (typed || Object.keys(picked).length) { remember(false); }
  window.addEventListener("popstate", function () {
    restore();
    noteChosen();
    execute();
  });
  // On a phone the seven lists would push the results off the first screen: closed there,
  // also when the address chose a filter or the sort (a walk: a filtered search's results
  // started below the first screen); the summary names what is chosen, and opens them.
  // search.css has shown them closed until now (data-start), at the same width.
  var filtersBox = document.getElementById("gk-search-filters");
  var chosenNote = filtersBox && filtersBox.querySelector("[data-gk-chosen]");
  function noteChosen() {
    if (!chosenNote) { return; }
    var chosen = selections();
    var parts = [];
    FIELDS.forEach(function (f) {
      if (chosen[f.name]) { parts.push(form.elements[f.name].labels[0].textContent + "：" + (f.byValue[chosen[f.name]] || chosen[f.name])); }
    });
    if (sortSelect.value) {
      parts.push(sortSelect.labels[0].textContent + "：" + sortSelect.options[sortSelect.selectedIndex].textContent);
    }
    chosenNote.textContent = parts.join("；");
  }
  if (filtersBox) {
    noteChosen();
    /* Narrow: a phone, and in 长者版 (half as large again) a phone on its side too, as the
       navigation folds up to 60em there (a reader's walk: 1,157 px to the first result). */
    var elder = document.documentElement.classList.contains("gk-mode-elder");
    if (window.matchMedia && window.matchMedia("(max-width: " + (elder ? 60 : 40) + "em)").matches) {
      filtersBox.open = false;
    }
    filtersBox.removeAttribute("data-start");
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    remember(true);
    execute();
  });
  form.addEventListener("change", function (event) {
    remember(event.target === input); // Enter commits the box (change, then submit): a step
    noteChosen();
    execute();
  });
  more.addEventListener("click", function () {
    if (!current) { return; }
    var first = painted;
    shown += PAGE;
    var showing = current.pagefind ? showPagefind(run, false) : show(run, false);
    // The button hides after the last batch: the keyboard's place goes to the first new result
    // (it would fall back to the top of the page), and so it does after every batch.
    Promise.resolve(showing).then(function () {
      var link = list.children[first] && list.children[first].querySelector("a");
      if (link) { link.focus(); }
    });
  });
  // Pagefind's files (its script, Web Worker and WebAssembly, each year's metadata: about
  // 150 KiB and six round trips one after another) loaded only once a query was sent: on a
  // slow connection 5 to 6 s after Enter (a slow-3G walk). Started when the reader comes to
  // the box, they load while the query is typed, and the index chunks of the word typed so
  // far with them (Pagefind's preload).
  if (pagefindBase) {
    var typing = 0;
    input.addEventListener("focus", function () { pagefind(); });
    input.addEventListener("input", function () {
      clearTimeout(typing);
      typing = setTimeout(function () {
        var words = terms(input.value);
        if (!words.length || !forPagefind(words, selections())) { return; }
        pagefind().then(function (pf) {
          if (pf) { pf.preload(pagefindQuery(words[0])).catch(function () { return null; }); }
        });
      }, 300);
    });
  }
  form.setAttribute("data-ready", "true");
  execute();
})();
