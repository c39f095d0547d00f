/* A search field in the header of every page that opens the papers' search page: one search
 * box for the whole site. Without JavaScript the "Search" tab leads to the same page. */
(function () {
  "use strict";

  /* "/" anywhere but in a field focuses the search field, as on most sites with search. */
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) {
      return;
    }
    var field = document.getElementById("paper-search-query") || document.getElementById("papers-header-query");
    if (field) {
      event.preventDefault();
      field.focus();
    }
  });

  var header = document.querySelector(".md-header__inner");
  var title = header && header.querySelector(".md-header__title");
  if (!title || document.getElementById("paper-search")) {
    return; // no header, or this is the search page, which has its own field
  }
  var script = document.currentScript;
  var siteRoot = new URL("../../", script ? script.src : window.location.href); // assets/javascripts/

  var form = document.createElement("form");
  form.className = "papers-header-search";
  form.setAttribute("role", "search");
  form.method = "get";
  form.action = new URL("search/", siteRoot).href;

  var label = document.createElement("label");
  label.className = "md-visually-hidden";
  label.htmlFor = "papers-header-query";
  label.textContent = "Search papers";

  var input = document.createElement("input");
  input.id = "papers-header-query";
  input.type = "search";
  input.name = "q";
  input.placeholder = "Search papers ( / )";
  input.setAttribute("aria-keyshortcuts", "/");
  input.autocomplete = "off";

  form.appendChild(label);
  form.appendChild(input);
  title.insertAdjacentElement("afterend", form);
})();
