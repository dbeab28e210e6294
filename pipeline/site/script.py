"""The site's only script of humas (assets/humas/humas.js): the "copy link" button of a publication page,
and the site's search (search.py), whose index it fetches only when the visitor opens search.

Kept as a string here rather than as a file beside the package, so every way of installing the package
carries it. The search's texts, in the site's language, are written into it at each build (:func:`source`).

The search: a button in the header (and the ``/`` key) opens a dialog; only then is ``cari/indeks.json``
fetched, then, for each word typed, the shard that holds it and, when the word is not a root, its root's
shard, then one small file per result shown. Every text from the index is put on the page as text
(``textContent``), never as markup. The steps are those of search.query, in the same order.
"""

from __future__ import annotations

import json

from ..messages import translated
from . import search

NAME = "humas.js"
COPY_LINK = """\
document.addEventListener("click", function (event) {
  var button = event.target instanceof Element ? event.target.closest("[data-humas-salin]") : null;
  if (!button) return;
  var address = button.getAttribute("data-humas-salin") || window.location.href;
  var status = button.parentElement && button.parentElement.querySelector(".humas-bagikan__status");
  var done = function () { if (status) status.textContent = button.getAttribute("data-humas-disalin") || ""; };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(address).then(done, function () { window.prompt("", address); });
  } else {
    window.prompt("", address);
  }
});
"""
SEARCH = """\
(function () {
  "use strict";
  var TEXTS = __TEXTS__, SETTINGS = __SETTINGS__;
  var STOP = Object.create(null);  // maps without a prototype: a word like "constructor" is only a word
  SETTINGS.stop.forEach(function (word) { STOP[word] = true; });
  var tag = document.querySelector('script[src*="assets/humas/humas.js"]');
  var INDEX = (tag ? tag.src.replace(/assets\\/humas\\/humas\\.js.*$/, "") : "/") + SETTINGS.directory + "/";
  var ROOT = INDEX.slice(0, INDEX.length - SETTINGS.directory.length - 1);
  var files = Object.create(null);
  function get(name) {
    if (!files[name]) {
      files[name] = fetch(INDEX + name).then(function (response) {
        if (!response.ok) throw new Error(name + ": HTTP " + response.status);
        return response.json();
      });
      files[name].catch(function () { delete files[name]; });
    }
    return files[name];
  }
  function fold(text) {
    return text.toLowerCase().normalize("NFKD").replace(/[\\u0300-\\u036f]/g, "");
  }
  function words(text) {
    var seen = Object.create(null), kept = [];
    (fold(text).match(/[a-z0-9]+/g) || []).forEach(function (word) {
      if (word.length < SETTINGS.min || word.length > SETTINGS.max || STOP[word] || seen[word]) return;
      seen[word] = true;
      kept.push(word);
    });
    return kept;
  }
  function entry(manifest, key) {
    var low = 0, high = manifest.k.length;  // bisect_right over the shards' first keys
    while (low < high) {
      var middle = (low + high) >> 1;
      if (key < manifest.k[middle]) high = middle; else low = middle + 1;
    }
    if (low === 0) return Promise.resolve(null);
    return get("k/" + (low - 1) + ".json").then(function (shard) {
      return Object.prototype.hasOwnProperty.call(shard, key) ? shard[key] : null;
    });
  }
  function root(manifest, word) {
    return entry(manifest, word).then(function (found) {
      if (found && found.a) {
        var stem = found.a;
        return entry(manifest, stem).then(function (own) { return own && own.p ? { stem: stem, entry: own } : null; });
      }
      return found && found.p ? { stem: word, entry: found } : null;
    });
  }
  function find(text) {
    return get(SETTINGS.manifest).then(function (manifest) {
      return Promise.all(words(text).map(function (word) { return root(manifest, word); })).then(function (roots) {
        var score = Object.create(null), matched = Object.create(null), forms = Object.create(null);
        var seen = Object.create(null), total = manifest.n;
        roots.forEach(function (item) {
          if (!item || seen[item.stem]) return;
          seen[item.stem] = true;
          forms[item.stem] = true;
          (item.entry.f || []).forEach(function (form) { forms[form] = true; });
          var postings = item.entry.p, frequency = postings.length, number = -1;
          var idf = Math.log(1 + (total - frequency + 0.5) / (frequency + 0.5));
          postings.forEach(function (code) {
            number += Math.floor(code / 4);
            var weight = 1 + 2 * (Math.floor(code / 2) % 2) + 0.5 * (code % 2);
            score[number] = (score[number] || 0) + idf * weight;
            matched[number] = (matched[number] || 0) + 1;
          });
        });
        var ranked = Object.keys(score).map(Number).sort(function (a, b) {
          return matched[b] - matched[a] || score[b] - score[a] || a - b;
        });
        return { ranked: ranked, forms: forms };
      });
    });
  }
  function snippet(text, forms) {
    var hits = [], pattern = /[\\p{L}\\p{N}]+/gu, match;
    while ((match = pattern.exec(text))) {
      if (forms[fold(match[0])]) hits.push([match.index, match.index + match[0].length]);
    }
    var start = 0;
    if (hits.length && hits[0][0] > SETTINGS.before) {
      var space = text.indexOf(" ", hits[0][0] - SETTINGS.before);
      start = space >= 0 && space < hits[0][0] ? space + 1 : hits[0][0];
    }
    var end = Math.min(text.length, start + SETTINGS.length);
    if (end < text.length) {
      var last = text.lastIndexOf(" ", end - 1);
      if (last > start) end = last;
    }
    var paragraph = document.createElement("p"), at = start;
    paragraph.className = "humas-cari__cuplikan";
    if (start > 0) paragraph.appendChild(document.createTextNode("\\u2026"));
    hits.forEach(function (hit) {
      if (hit[0] < start || hit[1] > end) return;
      paragraph.appendChild(document.createTextNode(text.slice(at, hit[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(hit[0], hit[1]);
      paragraph.appendChild(mark);
      at = hit[1];
    });
    paragraph.appendChild(document.createTextNode(text.slice(at, end) + (end < text.length ? "\\u2026" : "")));
    return paragraph;
  }
  var STYLE = ".humas-cari{width:min(44rem,calc(100vw - 1rem));max-height:calc(100vh - 2rem);padding:0;border:0;" +
    "border-radius:.2rem;background:var(--md-default-bg-color,#fff);color:var(--md-default-fg-color,#000);" +
    "box-shadow:0 .4rem 1.6rem rgba(0,0,0,.35)}.humas-cari::backdrop{background:rgba(0,0,0,.5)}" +
    ".humas-cari__kepala{display:flex;gap:.5rem;align-items:center;padding:.8rem;" +
    "border-bottom:1px solid var(--md-default-fg-color--lightest,#ddd)}" +
    ".humas-cari__kepala input{flex:1;min-width:0;font:inherit;font-size:1rem;padding:.5rem;" +
    "border:1px solid var(--md-default-fg-color--light,#888);border-radius:.2rem;" +
    "background:var(--md-default-bg-color,#fff);color:inherit}" +
    ".humas-cari button{font:inherit;font-size:.8rem;cursor:pointer;padding:.5rem .8rem;border-radius:.2rem;" +
    "border:1px solid currentColor;background:transparent;color:var(--md-typeset-a-color,#00695c)}" +
    ".humas-cari__status{margin:.6rem .8rem;font-size:.8rem}.humas-cari__hasil{list-style:none;margin:0;" +
    "padding:0 .8rem}.humas-cari__hasil li{padding:.6rem 0;border-bottom:1px solid " +
    "var(--md-default-fg-color--lightest,#ddd);overflow-wrap:anywhere}.humas-cari__hasil a{font-weight:700;" +
    "font-size:.95rem;" +
    "color:var(--md-typeset-a-color,#00695c)}.humas-cari__hasil time{display:block;font-size:.75rem;" +
    "color:var(--md-default-fg-color--light,#555)}.humas-cari__cuplikan{margin:.3rem 0 0;font-size:.8rem}" +
    ".humas-cari__cuplikan mark{background:#fff3a0;color:#000}.humas-cari__lagi{margin:.8rem}" +
    ".humas-cari__label{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}";
  var dialog, input, status, list, more, state = { asked: 0, ranked: [], forms: Object.create(null), shown: 0 };
  function element(name, className, text) {
    var made = document.createElement(name);
    if (className) made.className = className;
    if (text) made.textContent = text;
    return made;
  }
  function build() {
    var style = element("style");
    style.textContent = STYLE;
    document.head.appendChild(style);
    dialog = element("dialog", "humas-cari");
    dialog.setAttribute("aria-label", TEXTS.search);
    var form = element("form", "humas-cari__kepala");
    form.setAttribute("role", "search");
    var label = element("label", "humas-cari__label", TEXTS.field);
    label.htmlFor = "humas-cari-kata";
    input = element("input");
    input.type = "search";
    input.id = "humas-cari-kata";
    input.autocomplete = "off";
    input.placeholder = TEXTS.field;
    var close = element("button", "humas-cari__tutup", TEXTS.close);
    close.type = "button";
    close.addEventListener("click", function () { dialog.close(); });
    form.appendChild(label);
    form.appendChild(input);
    form.appendChild(close);
    status = element("p", "humas-cari__status");
    status.setAttribute("role", "status");
    list = element("ol", "humas-cari__hasil");
    more = element("button", "humas-cari__lagi", TEXTS.more);
    more.type = "button";
    more.hidden = true;
    more.addEventListener("click", show);
    dialog.appendChild(form);
    dialog.appendChild(status);
    dialog.appendChild(list);
    dialog.appendChild(more);
    document.body.appendChild(dialog);
    form.addEventListener("submit", function (event) { event.preventDefault(); ask(); });
    input.addEventListener("input", ask);
  }
  function ask() {
    var asked = ++state.asked, text = input.value;
    if (!words(text).length) {
      list.textContent = "";
      more.hidden = true;
      status.textContent = "";
      return;
    }
    find(text).then(function (found) {
      if (asked !== state.asked) return;
      state.ranked = found.ranked;
      state.forms = found.forms;
      state.shown = 0;
      list.textContent = "";
      status.textContent = found.ranked.length ? TEXTS.found.replace("{count}", found.ranked.length) : TEXTS.none;
      show();
    }, failed);
  }
  function show() {
    var asked = state.asked, numbers = state.ranked.slice(state.shown, state.shown + SETTINGS.results);
    state.shown += numbers.length;
    more.hidden = true;
    Promise.all(numbers.map(function (number) { return get("d/" + number + ".json"); })).then(function (documents) {
      if (asked !== state.asked) return;
      documents.forEach(function (found) {
        var item = element("li"), link = element("a", "", found.t);
        link.href = ROOT + found.u;
        item.appendChild(link);
        if (found.d) item.appendChild(element("time", "", found.d)); // a standing page has no date
        item.appendChild(snippet(found.x, state.forms));
        list.appendChild(item);
      });
      more.hidden = state.shown >= state.ranked.length;
    }, failed);
  }
  function failed() { status.textContent = TEXTS.failed; }
  function open() {
    if (!dialog) build();
    if (!dialog.open) dialog.showModal();
    input.focus();
    get(SETTINGS.manifest).catch(failed);
  }
  // Material's colour option without a toggle is a radio button hidden from assistive technology
  // (aria-hidden) yet reachable with Tab: keep it out of the tab order (WCAG 4.1.2, axe aria-hidden-focus).
  document.querySelectorAll('.md-option[aria-hidden="true"]').forEach(function (option) { option.tabIndex = -1; });
  var header = document.querySelector(".md-header__inner");
  if (header) {
    var button = element("button", "md-header__button md-icon humas-cari-buka");
    button.type = "button";
    button.setAttribute("aria-label", TEXTS.search);
    button.title = TEXTS.search;
    button.innerHTML = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true">' +
      '<path d="M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27' +
      'A6.52 6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 ' +
      '9.5 12 5 9.5 5"/></svg>';
    button.addEventListener("click", open);
    header.insertBefore(button, header.querySelector(".md-header__source"));
  }
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target instanceof Element && target.closest("input, textarea, select, [contenteditable]");
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      open();
    }
  });
  // The 404 page's search box (and any link) opens the search with its words: ?q=...
  var given = new URLSearchParams(window.location.search).get("q");
  if (given) {
    open();
    input.value = given;
    ask();
  }
})();
"""


def source(language: str) -> str:
    """humas.js with the search's texts in `language`."""
    texts = {
        "search": translated(language, "Search"),
        "field": translated(language, "Words to search for"),
        "close": translated(language, "Close"),
        "found": translated(language, "Publications found: {count}", count="{count}"),
        "none": translated(language, "No publication holds these words"),
        "more": translated(language, "Show more results"),
        "failed": translated(language, "The search could not be loaded; try again"),
    }
    settings = {
        "directory": search.DIRECTORY,
        "manifest": search.MANIFEST,
        "stop": sorted(search.STOP_WORDS),
        "min": search.MIN_LENGTH,
        "max": search.MAX_LENGTH,
        "results": search.RESULTS,
        "before": search.SNIPPET_BEFORE,
        "length": search.SNIPPET_LENGTH,
    }
    return COPY_LINK + SEARCH.replace("__TEXTS__", _script_json(texts)).replace("__SETTINGS__", _script_json(settings))


def _script_json(value: object) -> str:
    """JSON safe inside a script (no ``</script>``, no line separators)."""
    return json.dumps(value, ensure_ascii=True).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
