/* Headings' permalinks (the "¶" after each heading) stay for the mouse and for copying, but
 * out of the Tab order: a keyboard reader reaches the content, not a link per heading. */
(function () {
  "use strict";

  var links = document.querySelectorAll(".md-typeset a.headerlink");
  for (var index = 0; index < links.length; index += 1) {
    links[index].setAttribute("tabindex", "-1");
  }
})();
