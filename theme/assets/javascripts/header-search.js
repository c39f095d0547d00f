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
  var searchPage = document.querySelector('meta[name="papers-search-page"]'); // main.html's
  if (!title || !searchPage || document.getElementById("paper-search")) {
    return; // no header, or this is the search page, which has its own field
  }
  // Material Design Icons' "magnify" (Apache 2.0), as Material for MkDocs draws its own.
  var MAGNIFIER = "M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 " +
    "1.5-5-5v-.79l-.27-.27A6.52 6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 " +
    "2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5";

  var form = document.createElement("form");
  form.className = "papers-header-search";
  form.setAttribute("role", "search");
  form.method = "get";
  form.action = new URL(searchPage.content, window.location.href).href;

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

  /* A phone's header has no room for the field: a search button in its place opens the
   * search page, whose field is focused. */
  var link = document.createElement("a");
  link.className = "papers-header-search__link";
  link.href = form.action;
  link.setAttribute("aria-label", "Search papers");
  var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  var path = document.createElementNS("http://www.w3.org/2000/svg", "path");
  path.setAttribute("d", MAGNIFIER);
  svg.appendChild(path);
  link.appendChild(svg);
  form.insertAdjacentElement("afterend", link);
})();
