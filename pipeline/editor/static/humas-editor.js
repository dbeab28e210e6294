// humas: loaded after decap-cms.js. Keeps what the editor saves exactly what `humas check` accepts.
(function () {
  "use strict";
  var CMS = window.CMS;

  function isCollection(v) { return v !== null && typeof v === "object" && typeof v.toJS === "function"; }
  function isList(v) { return isCollection(v) && typeof v.push === "function"; }
  function isEmpty(v) {
    return v === null || v === undefined || v === "" || (isCollection(v) && v.size === 0);
  }

  // Decap writes every field of a form, filled or not: drop empty strings, empty lists and empty
  // groups, so that a channel nobody filled in is not in the draft at all.
  function prune(v) {
    if (isList(v)) { return v.map(prune).filter(function (x) { return !isEmpty(x); }); }
    if (isCollection(v)) {
      var out = v;
      v.forEach(function (child, key) {
        var kept = prune(child);
        out = isEmpty(kept) ? out.delete(key) : out.set(key, kept);
      });
      return out;
    }
    return v;
  }

  // The website channel has nothing to set: a switch, written as `website: {}` when on and left out
  // when off (a draft without it loads as off). The control shows a loaded `{}` as on.
  var toggle = CMS.getWidget("boolean");
  function isOn(value) { return value !== null && value !== undefined && value !== false; }
  var WebsiteControl = window.createClass({
    render: function () {
      return window.h(toggle.control, Object.assign({}, this.props, { value: isOn(this.props.value) }));
    },
  });
  CMS.registerWidget("humas-website", WebsiteControl, toggle.preview);
  CMS.registerWidgetValueSerializer("humas-website", {
    // Decap serializes before the preSave event: `false` reaches the handler below, which drops it.
    serialize: function (value) { return isOn(value) ? {} : false; },
    deserialize: isOn,
  });

  CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var data = event.entry.get("data");
      if (data.getIn(["channels", "website"]) === false) { data = data.deleteIn(["channels", "website"]); }
      return prune(data);
    },
  });

  // --- who is writing: asked once on this browser (local editor only), sent with every save ---------
  var texts = {};
  var textsNode = document.getElementById("humas-texts");
  if (textsNode) { texts = JSON.parse(textsNode.textContent); }
  var AUTHOR_KEY = "humas.author";
  var API = "/api/v1";
  var local = texts.backend === "proxy";

  function storedAuthor() {
    try { return JSON.parse(window.localStorage.getItem(AUTHOR_KEY) || "null"); } catch (e) { return null; }
  }

  function element(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  var originalFetch = window.fetch.bind(window);

  function post(action, params) {
    return originalFetch(API, {
      method: "POST",
      headers: { "Content-Type": "application/json; charset=utf-8" },
      body: JSON.stringify({ action: action, params: Object.assign({ branch: "main" }, params) }),
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    });
  }

  function showBadge(author) {
    var old = document.getElementById("humas-author");
    if (old) { old.remove(); }
    var change = element("button", { type: "button" }, [texts.change]);
    change.addEventListener("click", function () { askAuthor(author); });
    document.body.appendChild(
      element("div", { id: "humas-author" }, [texts.writingAs.replace("{name}", author.name) + " ", change])
    );
  }

  function askAuthor(previous) {
    var name = element("input", { id: "humas-author-name", type: "text", autocomplete: "name", required: "" });
    var email = element("input", { id: "humas-author-email", type: "email", autocomplete: "email", required: "" });
    if (previous) { name.value = previous.name; email.value = previous.email; }
    var error = element("p", { class: "humas-error", role: "alert" });
    var form = element("form", { id: "humas-who", "aria-labelledby": "humas-who-title" }, [
      element("h2", { id: "humas-who-title" }, [texts.whoTitle]),
      element("p", {}, [texts.whoHelp]),
      element("label", { for: "humas-author-name" }, [texts.name]), name,
      element("label", { for: "humas-author-email" }, [texts.email]), email,
      error,
      element("button", { type: "submit" }, [texts.go]),
    ]);
    var overlay = element("div", { id: "humas-who-overlay" }, [form]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      post("checkAuthor", { author: { name: name.value, email: email.value } }).then(function (answer) {
        if (!answer.ok) { error.textContent = answer.body.error; return; }
        window.localStorage.setItem(AUTHOR_KEY, JSON.stringify(answer.body));
        overlay.remove();
        showBadge(answer.body);
      });
    });
    document.body.appendChild(overlay);
    name.focus();
  }

  // --- what a save answers: the check's problems, shown until closed -------------------------------
  function showProblems(body) {
    var old = document.getElementById("humas-problems");
    if (old) { old.remove(); }
    if (!body.problems || !body.problems.length) { return; }
    var close = element("button", { type: "button" }, [texts.close]);
    var panel = element("section", { id: "humas-problems", role: "alert" }, [
      element("p", {}, [body.problemsTitle]),
      element("ul", {}, body.problems.map(function (problem) { return element("li", {}, [problem]); })),
      element("p", { class: "humas-next" }, [body.sop || ""]),
      close,
    ]);
    close.addEventListener("click", function () { panel.remove(); });
    document.body.appendChild(panel);
  }

  if (local) {
    window.fetch = function (input, init) {
      var url = typeof input === "string" ? input : input && input.url;
      var request = null;
      if (url && url.split("?")[0].endsWith(API) && init && typeof init.body === "string") {
        try { request = JSON.parse(init.body); } catch (e) { request = null; }
      }
      if (!request || request.action !== "persistEntry") { return originalFetch(input, init); }
      request.params = Object.assign({}, request.params, { author: storedAuthor() });
      return originalFetch(input, Object.assign({}, init, { body: JSON.stringify(request) })).then(function (response) {
        if (response.ok) { response.clone().json().then(showProblems); }
        return response;
      });
    };
    var start = function () {
      var author = storedAuthor();
      if (author) { showBadge(author); } else { askAuthor(null); }
    };
    if (document.body) { start(); } else { document.addEventListener("DOMContentLoaded", start); }
  }

  // everything of humas is registered (the locale by humas-locale.js, before this file): Decap may start
  // (humas-init.js asked it to wait)
  CMS.init();
})();
