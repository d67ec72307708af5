/* Zuimei search: exact substring search over the published stories, in the browser.
 *
 * The index (in the search page's folder: its first file, named by the script element's data-meta,
 * lists the others in its "files": facets, urls, shards and texts) is made of
 * classic scripts that hand their data to window.ZuimeiSearch: they are loaded with <script>
 * elements, never fetch(), so the search works over HTTP, under any sub-path and from file://.
 *
 * API (any page of the site may include this script):
 *   ZuimeiSearch.query(text, filters) -> Promise<{count, results}>
 *     text: words separated by white space; every word must occur (after NFKC, Latin letters
 *           lower-cased). filters (optional): {edition: "2021", prefecture: "…", program: "…"}.
 *     results: every matching story's URL relative to the site's root ("stories/2021/x/"),
 *              ranked: a match in the title or the name first, then more matches, then newer.
 *   ZuimeiSearch.page(text, filters, start, size) -> Promise<{count, results}>
 *     one page of the same ranking (start 0 and size 10 by default), each result what the
 *     search page shows: {url, title, date, summary, passage}, where passage is a list of
 *     {text, mark} pieces around the first match, mark true on the matched words.
 *   Needs DecompressionStream (Chromium 80, Firefox 113, Safari 16.4 and later).
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var root = script ? script.src.replace(/assets\/search\.js(?:[?#].*)?$/, "") : "";
  // The index of the page's language, from the site's root: "search/", or "ug/search/" for a
  // Uyghur page (data-index), and its first file (data-meta); a page that includes the script
  // without them gets the default language's.
  var index = (script && script.getAttribute("data-index")) || "search/";
  if (!/^([a-z0-9-]+\/)+$/.test(index)) index = "search/";
  var metaFile = (script && script.getAttribute("data-meta")) || "meta.js";
  if (!/^[a-z0-9-]+\.js$/.test(metaFile)) metaFile = "meta.js";
  var loading = {};
  var state = { meta: null, facets: null, shards: {}, texts: {} };

  /* A file of the index, by its path in the index's folder. */
  function load(path) {
    if (!loading[path]) {
      loading[path] = new Promise(function (resolve, reject) {
        var element = document.createElement("script");
        element.src = root + index + path;
        element.charset = "utf-8";  // the packed data is UTF-8, whatever charset a mirror's server declares
        element.onload = function () { resolve(); };
        element.onerror = function () { delete loading[path]; reject(new Error("cannot load " + path)); };
        document.head.appendChild(element);
      });
    }
    return loading[path];
  }

  // --- Data files call these, with their data packed (see unpack) and compressed. ---
  function meta(data) { state.meta = data; }
  /* Per document: its edition and prefecture (indexes into meta's names), its programmes (a bit set). */
  function facets(packed) {
    state.facets = inflate(packed).then(function (bytes) {
      var at = { i: 0 }, list = [];
      for (var id = 0; id < state.meta.count; id++) {
        var edition = varint(bytes, at), prefecture = varint(bytes, at), programs = [], byte;
        do { byte = bytes[at.i++]; programs.push(byte & 0x7f); } while (byte & 0x80);
        list.push({ edition: edition, prefecture: prefecture, programs: programs });
      }
      return list;
    });
  }
  /* A shard: four streams (keys, documents, counts, positions); per key, where its data is. */
  function shard(number, packed) {
    state.shards[number] = inflate(packed).then(function (bytes) {
      var at = { i: 0 }, starts = [];
      for (var s = 0; s < 3; s++) { var size = varint(bytes, at); starts.push([at.i, at.i + size]); at.i += size; }
      var offsets = [starts[1][0], starts[2][0], at.i], entries = new Map();
      at.i = starts[0][0];
      while (at.i < starts[0][1]) {
        var length = varint(bytes, at), key = [];
        for (var k = 0; k < length; k++) key.push(varint(bytes, at));
        entries.set(key.join(","), { count: varint(bytes, at), documents: offsets[0], counts: offsets[1], positions: offsets[2] });
        for (var o = 0; o < 3; o++) offsets[o] += varint(bytes, at);
      }
      return { bytes: bytes, entries: entries };
    });
  }
  function urls(packed) {
    state.urls = inflate(packed).then(function (bytes) { return JSON.parse(utf8.decode(bytes)); });
  }
  /* One document: [url, date, title, summary, text]. */
  function text(id, packed) {
    state.texts[id] = inflate(packed).then(function (bytes) { return JSON.parse(utf8.decode(bytes)); });
  }

  /* The data in a string literal: seven bits a character (a character's code's low seven
   * bits; five that cannot stand in a literal are written as U+0100 plus their value), most
   * significant first; floor(length * 7 / 8) bytes. */
  function unpack(packed) {
    var count = Math.floor(packed.length * 7 / 8), bytes = new Uint8Array(count), bits = 0, value = 0, j = 0;
    for (var i = 0; i < packed.length; i++) {
      value = (value << 7) | (packed.charCodeAt(i) & 0x7f);
      bits += 7;
      if (bits >= 8) {
        bits -= 8;
        if (j < count) bytes[j++] = (value >> bits) & 0xff;
        value &= (1 << bits) - 1;
      }
    }
    return bytes;
  }
  /* zlib's deflate format, by the browser's own DecompressionStream. */
  function inflate(packed) {
    if (typeof DecompressionStream === "undefined") return Promise.reject(new Error("this browser cannot decompress"));
    var stream = new Blob([unpack(packed)]).stream().pipeThrough(new DecompressionStream("deflate"));
    return new Response(stream).arrayBuffer().then(function (buffer) { return new Uint8Array(buffer); });
  }
  var utf8 = new TextDecoder();
  function varint(bytes, at) {
    var value = 0, scale = 1, byte;
    do {
      byte = bytes[at.i++];
      value += (byte & 0x7f) * scale;
      scale *= 128;
    } while (byte & 0x80);
    return value;
  }

  // --- Normalisation: the same as ZuimeiSearch.SearchText. ---
  var mark = /\p{M}/u;
  function isLatin(c) {
    return (c >= 0x41 && c <= 0x5a) || (c >= 0xc0 && c <= 0xd6) || (c >= 0xd8 && c <= 0xde) ||
      (c >= 0x100 && c <= 0x24f) || (c >= 0x1e00 && c <= 0x1eff);
  }
  function normalizeCluster(cluster, out) {
    for (var ch of cluster.normalize("NFKC")) {
      var c = ch.codePointAt(0);
      if (isLatin(c)) { for (var lower of ch.toLowerCase()) out.push(lower.codePointAt(0)); } else out.push(c);
    }
  }
  /* The clusters of a text (a scalar and the marks after it). */
  function clusters(value) {
    var result = [], current = "";
    for (var ch of value) {
      if (current && !mark.test(ch)) { result.push(current); current = ""; }
      current += ch;
    }
    if (current) result.push(current);
    return result;
  }
  function normalized(value) {
    var out = [];
    clusters(value).forEach(function (cluster) { normalizeCluster(cluster, out); });
    return out;
  }
  var space = /\s/u;
  function words(value) {
    var result = [], word = [];
    normalized(value).forEach(function (c) {
      if (space.test(String.fromCodePoint(c))) { if (word.length) result.push(word); word = []; } else word.push(c);
    });
    if (word.length) result.push(word);
    return result;
  }

  // --- Postings. ---
  function shardOf(key) {
    var hash = 2166136261;
    for (var i = 0; i < key.length; i++) hash = Math.imul(hash ^ key[i], 16777619) >>> 0;
    return hash % state.meta.shards;
  }
  function postings(key) {
    var number = shardOf(key);
    return load(numbered(state.meta.files.shard, number)).then(function () { return state.shards[number]; }).then(function (data) {
      var entry = data.entries.get(key.join(","));
      var result = new Map();
      if (!entry) return result;
      var bytes = data.bytes, documents = { i: entry.documents }, counts = { i: entry.counts }, positions = { i: entry.positions };
      var doc = 0;
      for (var n = 0; n < entry.count; n++) {
        doc += varint(bytes, documents);
        var amount = varint(bytes, counts);
        if (key.length < 3) { result.set(doc, amount); continue; }  // a character or a pair: count * 2 + lead
        var list = new Array(amount), position = 0;
        for (var p = 0; p < amount; p++) { position += varint(bytes, positions); list[p] = position; }
        result.set(doc, list);
      }
      return result;
    });
  }
  /* doc -> {count, first, lead} for one word: a character or a pair by its list; a longer word
   * by the triples at offsets 0, 3, 6, … and the last, which cover it, lined up. */
  function matchWord(word) {
    if (word.length < 3) {
      return postings(word).then(function (list) {
        var found = new Map();
        list.forEach(function (counted, doc) { found.set(doc, { count: counted >> 1, first: -1, lead: (counted & 1) === 1 }); });
        return found;
      });
    }
    var offsets = [];
    for (var o = 0; o + 2 < word.length; o += 3) offsets.push(o);
    if (offsets[offsets.length - 1] !== word.length - 3) offsets.push(word.length - 3);
    return Promise.all(offsets.map(function (o) { return postings([word[o], word[o + 1], word[o + 2]]); })).then(function (lists) {
      var found = new Map();
      lists[0].forEach(function (starts, doc) {
        var others = [];
        for (var k = 1; k < lists.length; k++) {
          var positions = lists[k].get(doc);
          if (!positions) return;
          others.push(new Set(positions));
        }
        var count = 0, first = -1;
        starts.forEach(function (p) {
          for (var k = 1; k < offsets.length; k++) if (!others[k - 1].has(p + offsets[k])) return;
          if (first < 0) first = p;
          count++;
        });
        if (count) found.set(doc, { count: count, first: first, lead: first < state.meta.lead });
      });
      return found;
    });
  }

  function hasFilters(filters) { return !!(filters && (filters.edition || filters.prefecture || filters.program)); }
  function passesFilters(facet, filters) {
    var meta = state.meta;
    if (filters.edition && meta.editions[facet.edition] !== String(filters.edition)) return false;
    if (filters.prefecture && meta.prefectures[facet.prefecture] !== filters.prefecture) return false;
    if (filters.program) {
      var bit = meta.programs.indexOf(filters.program);
      if (bit < 0 || !((facet.programs[Math.floor(bit / 7)] || 0) & (1 << (bit % 7)))) return false;
    }
    return true;
  }
  /* The index's first file, which names the others. */
  function loadMeta() { return load(metaFile); }
  /* A numbered file's path from its pattern in the first file: "i/{}.js" for shard 7 is "i/7.js". */
  function numbered(pattern, number) { return pattern.replace("{}", String(number)); }

  /* A document's [url, date, title, summary, text]. */
  function documentOf(id) {
    return loadMeta().then(function () { return load(numbered(state.meta.files.text, id)); })
      .then(function () { return state.texts[id]; });
  }

  /* The ranked matches: [{id, count, first, lead, word}]. */
  function matches(value, filters) {
    var list = words(value);
    return loadMeta().then(function () {
      if (!list.length) return [];
      var filtered = hasFilters(filters);
      var facetList = filtered ? load(state.meta.files.facets).then(function () { return state.facets; }) : null;
      return Promise.all([Promise.all(list.map(matchWord)), facetList]).then(function (both) {
        var perWord = both[0], facetsOf = both[1];
        var result = [];
        perWord[0].forEach(function (match, doc) {
          var count = match.count, lead = match.lead, first = match.first;
          for (var w = 1; w < perWord.length; w++) {
            var other = perWord[w].get(doc);
            if (!other) return;
            count += other.count;
            lead = lead || other.lead;
            if (first < 0) first = other.first;
          }
          if (filtered && !passesFilters(facetsOf[doc], filters)) return;
          result.push({ id: doc, count: count, first: first, lead: lead, words: list });
        });
        result.sort(function (a, b) { return (b.lead - a.lead) || (b.count - a.count) || (a.id - b.id); });
        return result;
      });
    });
  }

  function query(value, filters) {
    return matches(value, filters).then(function (found) {
      if (!found.length) return { count: 0, results: [] };
      return load(state.meta.files.urls).then(function () { return state.urls; }).then(function (urls) {
        return { count: found.length, results: found.map(function (m) { return urls[m.id]; }) };
      });
    });
  }

  /* One page of ranked results, with what the search page shows of each. */
  function resultsPage(value, filters, start, size) {
    start = start || 0;
    size = size || 10;
    return matches(value, filters).then(function (found) {
      var slice = found.slice(start, start + size);
      return Promise.all(slice.map(function (m) { return shown(m); })).then(function (results) {
        return { count: found.length, results: results };
      });
    });
  }
  /* What a result shows: {url, title, date, summary, passage}. */
  function shown(match) {
    return documentOf(match.id).then(function (row) {
      return { url: row[0], date: row[1], title: row[2], summary: row[3], passage: passage(row[4], match.words) };
    });
  }

  /* The passage around the first match, as written, with the matched words marked: [{text, mark}].
     The text's first two fields (the title and the name) are shown above the passage: it starts
     after them, at the first match there, else at the summary. */
  function passage(value, words) {
    var original = clusters(value), offsets = [], normal = [];
    original.forEach(function (cluster, index) {
      var start = normal.length;
      normalizeCluster(cluster, normal);
      for (var i = start; i < normal.length; i++) offsets.push(index);
    });
    var skip = 0, separators = 0;
    while (skip < original.length && separators < 2) { if (original[skip] === "\n") separators++; skip++; }
    if (separators < 2) skip = 0;
    var marked = new Array(original.length).fill(false), first = -1;
    words.forEach(function (word) {
      for (var i = 0; i + word.length <= normal.length; i++) {
        var same = true;
        for (var k = 0; k < word.length && same; k++) same = normal[i + k] === word[k];
        if (!same) continue;
        if (offsets[i] >= skip && (first < 0 || offsets[i] < first)) first = offsets[i];
        for (var k2 = offsets[i]; k2 <= offsets[i + word.length - 1]; k2++) marked[k2] = true;
      }
    });
    if (first < 0) first = skip;
    var from = Math.max(skip, first - 30), to = Math.min(original.length, from + 110);
    var parts = [], current = "", inMark = false;
    for (var i = from; i < to; i++) {
      var piece = original[i] === "\n" ? " " : original[i];
      if (marked[i] !== inMark) { parts.push({ text: current, mark: inMark }); current = ""; inMark = marked[i]; }
      current += piece;
    }
    parts.push({ text: current, mark: inMark });
    if (from > 0) parts.unshift({ text: "…", mark: false });
    if (to < original.length) parts.push({ text: "…", mark: false });
    return parts.filter(function (part) { return part.text; });
  }

  window.ZuimeiSearch = { query: query, page: resultsPage, meta: meta, facets: facets, shard: shard, urls: urls, text: text, _matches: matches, _shown: shown };

  // --- The search page. ---
  function page() {
    var list = document.getElementById("search-results");
    if (!list) return;
    var form = document.querySelector(".search-form"), status = document.getElementById("search-status");
    var more = document.getElementById("search-more");
    var strings = JSON.parse(document.getElementById("search-strings").textContent);
    var params = new URLSearchParams(location.search);
    var text = params.get("q") || "";
    var filters = { edition: params.get("edition") || "", prefecture: params.get("prefecture") || "", program: params.get("program") || "" };
    form.elements.q.value = text;
    ["edition", "prefecture", "program"].forEach(function (name) { form.elements[name].value = filters[name]; });
    function say(template, values) {
      return template.replace(/\{(\w+)\}/g, function (_, name) { return values[name] !== undefined ? values[name] : "{" + name + "}"; });
    }
    /* A date as every other page writes it (2026年12月3日; the language's own pattern, `date`). */
    function longDate(iso) {
      var parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
      if (!parts || !strings.date) return iso;
      return say(strings.date, { year: +parts[1], month: +parts[2], day: +parts[3] });
    }
    if (!text.trim()) { status.textContent = strings.empty; return; }
    status.textContent = strings.loading;
    var pageSize = 10, count = 0, found = [];
    function show() {
      var slice = found.slice(count, count + pageSize);
      count += slice.length;
      more.hidden = count >= found.length;
      more.textContent = strings.more;
      return Promise.all(slice.map(shown)).then(function (results) {
        results.forEach(function (result) {
          var item = document.createElement("li"), heading = document.createElement("h2");
          var link = document.createElement("a");
          link.href = root + result.url + "index.html";
          link.textContent = result.title;
          link.dir = "auto";
          heading.appendChild(link);
          var meta = document.createElement("p");
          meta.className = "meta";
          var time = document.createElement("time");
          time.dateTime = result.date;
          time.textContent = longDate(result.date);
          meta.appendChild(time);
          var paragraph = document.createElement("p");
          paragraph.dir = "auto";
          result.passage.forEach(function (part) {
            if (part.mark) { var marked = document.createElement("mark"); marked.textContent = part.text; paragraph.appendChild(marked); }
            else paragraph.appendChild(document.createTextNode(part.text));
          });
          item.appendChild(heading);
          item.appendChild(meta);
          item.appendChild(paragraph);
          list.appendChild(item);
        });
      });
    }
    matches(text, filters).then(function (result) {
      found = result;
      status.textContent = found.length ? say(strings.results, { count: found.length }) : say(strings.none, { query: text });
      return show();
    }).catch(function () { status.textContent = strings.failed; });
    more.addEventListener("click", function () { show(); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", page); else page();
})();
