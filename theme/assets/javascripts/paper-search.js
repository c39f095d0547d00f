/* Paper search: the prebuilt lunr index, split by term (split-index.js) and searched in a Web
 * Worker (search-answers.js), and its result store, split by paper (split-store.js), so a query
 * fetches only what it needs and typing never waits for lunr; topic, year and code filters,
 * results as you type, and the state in the URL so a search can be shared and the back button
 * works.
 * Results are built with DOM calls and textContent only: corpus text is never parsed as HTML. */
(function () {
  "use strict";

  if (typeof document === "undefined") return; // this script's copy run as the search's worker
  var root = document.getElementById("paper-search");
  if (!root || typeof lunr === "undefined" || typeof SplitIndex === "undefined" ||
      typeof SplitStore === "undefined" || typeof SearchAnswers === "undefined") {
    return;
  }
  var form = root.querySelector("form");
  var query = document.getElementById("paper-search-query");
  var topic = document.getElementById("paper-search-topic");
  var year = document.getElementById("paper-search-year");
  var code = document.getElementById("paper-search-code");
  var status = document.getElementById("paper-search-status");
  var list = document.getElementById("paper-search-results");
  var siteRoot = new URL(root.dataset.root, window.location.href); // addresses: the generator's
  var topicUrl = root.dataset.topicUrl; // "topics/{slug}/", from the site's root
  var more = document.getElementById("paper-search-more");
  var PAGE_SIZE = 20; // results shown at once; "Show more" adds as many again
  var FIRST_SHOWN = 5; // shown before the rest of the page has arrived
  var DEBOUNCE_MS = 150;
  var loading = null;
  var timer = null;
  var latest = 0; // the newest search: an older one finishing later is not shown

  function fetchJson(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) {
        throw new Error(url + ": " + response.status);
      }
      return response.json();
    });
  }

  /* The index's manifest and the store's, fetched once, on first need; the rest as searches
   * need it. The index is searched in a worker (search-answers.js), or here if none starts. */
  function load() {
    if (!loading) {
      var manifestUrl = new URL(root.dataset.index, window.location.href);
      var storeUrl = new URL(root.dataset.store, window.location.href);
      var worker = startWorker(); // loads its script while the manifests arrive
      loading = Promise.all([fetchJson(manifestUrl), fetchJson(storeUrl)]).then(
        function (parts) {
          var store = SplitStore(parts[1], function (name) {
            return fetchJson(new URL(name, storeUrl));
          });
          // Papers the worker foresees showing are fetched while it still searches.
          function foreseen(refs) {
            store.papers(refs).catch(function () {}); // asked for again when shown
          }
          return { answers: answering(worker, parts[0], manifestUrl, foreseen), store: store };
        }
      );
      loading.catch(function () {
        loading = null; // tried again by the next search
      });
    }
    return loading;
  }

  function stemOf(word) {
    return lunr.stemmer(new lunr.Token(word, {})).toString();
  }

  /* A worker running this page's script (search-answers.js's side of it); or null where none
   * may start. */
  function startWorker() {
    if (typeof Worker !== "function" || !root.dataset.worker) return null;
    try {
      var worker = new Worker(new URL(root.dataset.worker, window.location.href));
    } catch (error) {
      return null;
    }
    worker.onerror = function (event) { // failed before the manifests came: not used
      event.preventDefault();
      worker.failed = true;
    };
    return worker;
  }

  /* What answers the index's requests: `started` (a worker, or null) or, where none started or
   * it fails, this page; told early which papers a search will likely show, `foreseen` hears. */
  function answering(started, manifest, manifestUrl, foreseen) {
    var here = null;
    function locally() {
      here = here || SearchAnswers(lunr, SplitIndex(lunr, manifest, function (name) {
        return fetchJson(new URL(name, manifestUrl));
      }));
      return here;
    }
    var worker = started && !started.failed ? started : null;
    var pending = {}; // request number -> {request, resolve, reject}
    var asked = 0;
    function fallBack() { // every request still waiting is answered here instead
      worker = null;
      Object.keys(pending).forEach(function (number) {
        var waiting = pending[number];
        delete pending[number];
        locally().answer(waiting.request).then(waiting.resolve, waiting.reject);
      });
    }
    if (worker) {
      worker.onmessage = function (event) {
        var waiting = pending[event.data.id];
        if (!waiting) return;
        if ("early" in event.data) {
          if (event.data.id === asked) foreseen(event.data.early); // for the newest search only
          return;
        }
        if ("head" in event.data) { // the first hits: the answer, with the rest to follow
          var answered = waiting.resolve;
          var rest = new Promise(function (resolve, reject) {
            waiting.resolve = function (result) {
              resolve(result.hits);
            };
            waiting.reject = reject;
          });
          rest.catch(function () {}); // heard by whoever shows more
          answered({ hits: event.data.head.hits, total: event.data.head.total, rest: rest });
          return;
        }
        delete pending[event.data.id];
        if ("error" in event.data) waiting.reject(new Error(event.data.error));
        else waiting.resolve(event.data.result);
      };
      worker.onerror = function (event) {
        event.preventDefault();
        fallBack();
      };
      worker.postMessage({ init: { manifest: manifest, base: manifestUrl.href } });
    }
    return {
      fields: manifest.fields,
      answer: function (request) {
        if (!worker) return locally().answer(request, foreseen);
        var number = ++asked;
        return new Promise(function (resolve, reject) {
          pending[number] = { request: request, resolve: resolve, reject: reject };
          worker.postMessage({ id: number, request: request });
        });
      }
    };
  }

  function stateFromUrl() {
    var params = new URLSearchParams(window.location.search);
    return {
      q: params.get("q") || "",
      topic: params.get("topic") || "",
      year: params.get("year") || "",
      code: params.get("code") === "1" ? "1" : ""
    };
  }

  function stateFromForm() {
    return { q: query.value, topic: topic.value, year: year.value, code: code.checked ? "1" : "" };
  }

  function showState(state) {
    query.value = state.q;
    topic.value = state.topic;
    year.value = state.year;
    code.checked = state.code === "1";
    if (topic.value !== state.topic) topic.value = ""; // an unknown topic in a shared link
    if (year.value !== state.year) year.value = "";
  }

  function urlFor(state) {
    var params = new URLSearchParams();
    ["q", "topic", "year", "code"].forEach(function (key) {
      if (state[key]) params.set(key, state[key]);
    });
    var search = params.toString();
    return window.location.pathname + (search ? "?" + search : "");
  }

  /* An arXiv id as readers paste it: bare, "arXiv:…", or an abs/pdf address. */
  var ARXIV_ID = new RegExp(
    "^(?:arxiv:\\s*|(?:https?://)?(?:www\\.|export\\.)?arxiv\\.org/(?:abs|pdf)/)?" +
      "(\\d{4}\\.\\d{4,5}|[a-z][a-z.-]*/\\d{7})(?:v\\d+)?(?:\\.pdf)?/?$",
    "i"
  );

  /* A query in lunr's own syntax (field:, +word, -word, ~, ^, *) is taken as written; a colon
   * after anything but a field's name ("PhysBench: …", "https:") and a dash before anything but
   * a word ("--", " - ") are text, as in the titles readers paste. */
  function isSyntax(text, fields) {
    var bare = text.replace(/"[^"]*"/g, "");
    return /(^|\s)[+-][\p{L}\p{N}]/u.test(bare) || /[~^*]/.test(bare) || fieldsNamed(bare, fields);
  }

  /* Where the colon after a field's name is in `word` ("title:x", "+abstract:x"), or -1. */
  function fieldColon(word, fields) {
    var colon = word.indexOf(":");
    return colon > 0 && fields.indexOf(word.slice(0, colon).replace(/^[+-]/, "")) >= 0 ? colon : -1;
  }

  function fieldsNamed(text, fields) {
    return text.split(/\s+/).some(function (word) {
      return fieldColon(word, fields) >= 0;
    });
  }

  /* A syntax query with every colon that does not follow a field's name made a space. */
  function withFieldColonsOnly(text, fields) {
    return text.split(/(\s+)/).map(function (word) {
      var colon = fieldColon(word, fields);
      return word.slice(0, colon + 1) + word.slice(colon + 1).replace(/:/g, " ");
    }).join("");
  }

  /* Text without accents or other marks, as the index folds its words ("Müller", "muller"). */
  function unmarked(text) {
    return text.normalize("NFKD").replace(/\p{M}/gu, "");
  }

  /* The words lunr indexes: its tokenizer, folded as the index's words are, without the stop
   * words the index left out. */
  function words(text) {
    return lunr.tokenizer(text).map(function (token) {
      return lunr.stopWordFilter(token.update(SplitIndex.foldWord));
    }).filter(function (token) {
      return token && token.toString();
    }).map(String);
  }

  function phrasesOf(text) {
    var found = [];
    text.replace(/"([^"]+)"/g, function (_, phrase) {
      if (phrase.trim()) found.push(unmarked(phrase.trim().toLowerCase()).replace(/\s+/g, " "));
    });
    return found;
  }

  /* How a query is read: lunr's syntax (with only its fields' colons), or plain words, with
   * whether the last may be half-typed and whether all were too common to be indexed. */
  function reading(text, fields) {
    // A wildcard term skips lunr's pipeline, and with it the fold step: fold the text first.
    if (isSyntax(text, fields)) return { syntax: withFieldColonsOnly(unmarked(text), fields) };
    var terms = words(text.replace(/"/g, " "));
    return {
      terms: terms,
      prefixLast: terms.length > 0 && terms[terms.length - 1].length > 1 && !/"\s*$/.test(text),
      commonWords: !terms.length && /[\p{L}\p{N}]/u.test(text)
    };
  }

  /* Papers whose title or excerpt holds each quoted phrase, words adjacent, come first
   * (`papers`: ref -> paper for every hit). */
  function phraseFirst(hits, papers, phrases) {
    function holds(hit) {
      var paper = papers[hit.ref];
      var text = paper ? unmarked((paper.title + " " + paper.excerpt).toLowerCase()) : "";
      text = text.replace(/\s+/g, " ");
      return phrases.every(function (phrase) {
        return text.indexOf(phrase) >= 0;
      });
    }
    return hits.filter(holds).concat(hits.filter(function (hit) {
      return !holds(hit);
    }));
  }

  /* A word of `term`'s papers that the index reads as `term`, to offer instead of a stem
   * ("superposition", not "superposit"): from the title and summary of the first paper that
   * has it, or the term itself. A promise. */
  function readable(data, term) {
    return data.answers.answer({ kind: "term", term: term }).then(function (found) {
      if (!found.refs.length) return term;
      var ref = found.refs[0];
      return data.store.papers([ref]).then(function (papers) {
        var paper = papers[ref];
        var found = words(paper ? paper.title + " " + paper.excerpt : "").filter(function (word) {
          return stemOf(word) === term;
        });
        return found.length ? found[0] : term;
      });
    });
  }

  /* For a query whose words are not all in the index: the query with each such word replaced
   * by the nearest word the index has, or null. A promise. */
  function suggestion(data, terms) {
    return Promise.all(terms.map(function (word) {
      return data.answers.answer({ kind: "near", word: word }).then(function (near) {
        return near.terms.length ? readable(data, near.terms[0]) : null;
      });
    })).then(function (nearest) {
      if (!nearest.some(Boolean)) return null;
      return terms.map(function (word, position) {
        return nearest[position] || word;
      }).join(" ");
    });
  }

  var UNREADABLE = { results: [], unreadable: true }; // malformed syntax: no results, no error

  function everyPaper(count) {
    var hits = [];
    for (var position = 0; position < count; position++) {
      hits.push({ ref: position.toString(36), title: false, terms: [] });
    }
    return hits;
  }

  /* Matching papers (a promise): an arXiv id's paper; else title matches first, each group in
   * lunr's score order, papers holding a quoted phrase before the others; then the filters. */
  function find(data, state) {
    var store = data.store;
    var text = state.q.trim();
    var id = ARXIV_ID.exec(text);
    if (id) {
      return store.arxiv().then(function (table) {
        var hits = (table[id[1].toLowerCase()] || []).map(function (position) {
          return { ref: position.toString(36), title: false, terms: [] };
        });
        return filtered(hits, store, state, false);
      });
    }
    if (!text) {
      if (!(state.topic || state.year || state.code)) return Promise.resolve({ results: [], idle: true });
      return filtered(everyPaper(store.count), store, state, false);
    }
    var read = reading(text, data.answers.fields);
    if (!read.syntax && !read.terms.length) {
      return Promise.resolve({ results: [], commonWords: read.commonWords }); // nothing to find
    }
    var phrases = phrasesOf(text);
    // Which papers show first is known early only where no filter or phrase reorders them.
    var reordered = state.topic || state.year || state.code || phrases.length;
    var request = read.syntax
      ? { kind: "syntax", text: read.syntax }
      : {
        kind: "plain",
        terms: read.terms,
        prefixLast: read.prefixLast,
        foresee: reordered ? 0 : FIRST_SHOWN,
        first: reordered ? 0 : PAGE_SIZE
      };
    return data.answers.answer(request).then(function (found) {
      if (found.unreadable) return UNREADABLE;
      var ranked = titledFirst(found.hits);
      if (!phrases.length) {
        return filtered(ranked, store, state, Boolean(found.partial)).then(function (outcome) {
          if (found.rest) { // the first page's worth, before the rest (answering's `head`)
            outcome.total = found.total;
            outcome.rest = found.rest.then(function (hits) {
              return filtered(titledFirst(hits), store, state, false);
            }).then(function (whole) {
              return whole.results;
            });
          }
          return offered(data, read, outcome);
        });
      }
      // Ranking by phrase reads every hit's title and excerpt: their chunks are fetched.
      return store.papers(ranked.map(function (hit) {
        return hit.ref;
      })).then(function (papers) {
        return filtered(phraseFirst(ranked, papers, phrases), store, state, Boolean(found.partial));
      });
    });
  }

  /* Hits that match in their title first, each group in lunr's order. */
  function titledFirst(hits) {
    return hits.filter(function (hit) {
      return hit.title;
    }).concat(hits.filter(function (hit) {
      return !hit.title;
    }));
  }

  /* The outcome of a plain query that found nothing, or only papers with some of its words,
   * with a suggestion (`suggestion`) when a word is one the index does not have. */
  function offered(data, read, outcome) {
    if (read.syntax || !read.terms || (outcome.results.length && !outcome.partial)) {
      return outcome;
    }
    return suggestion(data, read.terms).then(function (better) {
      outcome.suggestion = better;
      return outcome;
    }, function () {
      return outcome; // a shard that could not be fetched: no suggestion, no error
    });
  }

  /* The hits that pass the topic, year and code filters (a promise); the filter table is
   * fetched only when one is set. */
  function filtered(hits, store, state, partial) {
    function result(hit) {
      return { ref: hit.ref, terms: hit.terms };
    }
    if (!(state.topic || state.year || state.code)) {
      return Promise.resolve({ results: hits.map(result), partial: partial });
    }
    var topicNumber = store.topicNumbers[state.topic];
    return store.filters().then(function (table) {
      var results = hits.filter(function (hit) {
        var position = parseInt(hit.ref, 36);
        if (state.topic && table.topics[position].indexOf(topicNumber) < 0) return false;
        if (state.year && String(table.years[position]) !== state.year) return false;
        if (state.code && table.code.charAt(position) !== "1") return false;
        return true;
      });
      return { results: results.map(result), partial: partial };
    });
  }

  /* The title as text nodes, with words that start with a matched (stemmed) term in <mark>. */
  function highlighted(title, terms) {
    var fragment = document.createDocumentFragment();
    title.split(/(\s+)/).forEach(function (word) {
      var bare = SplitIndex.foldWord(word);
      var hit = bare && terms.some(function (term) {
        return term && bare.indexOf(term) === 0;
      });
      if (hit) {
        var mark = document.createElement("mark");
        mark.textContent = word;
        fragment.appendChild(mark);
      } else {
        fragment.appendChild(document.createTextNode(word));
      }
    });
    return fragment;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function resultItem(paper, terms, topics) {
    var item = element("li", "paper-search__result");
    var heading = element("h2", "paper-search__title");
    var link = element("a");
    link.href = new URL(paper.url, siteRoot).href;
    link.appendChild(highlighted(paper.title, terms));
    heading.appendChild(link);
    item.appendChild(heading);
    var authors = paper.authors.length ? paper.authors.join(", ") : "Authors not recorded";
    var meta = element("p", "paper-search__meta", authors + (paper.year ? " · " + paper.year : ""));
    if (paper.code) {
      meta.appendChild(document.createTextNode(" "));
      meta.appendChild(element("span", "code-badge", "Has code"));
    }
    item.appendChild(meta);
    var chips = element("p", "paper-card__topics");
    paper.topics.forEach(function (slug) {
      var chip = element("a", "topic-chip", topics[slug] || slug);
      chip.href = new URL(topicUrl.replace("{slug}", encodeURIComponent(slug)), siteRoot).href;
      chips.appendChild(chip);
      chips.appendChild(document.createTextNode(" "));
    });
    item.appendChild(chips);
    item.appendChild(element("p", "paper-search__excerpt", paper.excerpt));
    return item;
  }

  function describe(outcome, state) {
    var count = "total" in outcome ? outcome.total : outcome.results.length;
    var about = (state.code ? " with code" : "") + (state.q.trim() ? " for “" + state.q.trim() + "”" : "");
    if (outcome.unreadable) return "No results" + about + ": the query could not be read.";
    if (outcome.commonWords) {
      return "No results" + about + ": its words are too common to search for, as “the” and " +
        "“of” are; add a word that says what the paper is about.";
    }
    if (!count) return "No results" + about + ".";
    if (outcome.partial) {
      return "No paper has all the words" + about + ". " + count +
        (count === 1 ? " paper has" : " papers have") + " some of them.";
    }
    return count + (count === 1 ? " result" : " results") + about + ".";
  }

  var showing = null; // the results on screen, and how many of them are shown

  /* Show a search's outcome: its status and first page of results, together. */
  function render(outcome, state, store, mine) {
    var target = {
      results: outcome.results, // perhaps only the first page's, the rest to come (`rest`)
      total: "total" in outcome ? outcome.total : outcome.results.length,
      rest: outcome.rest || null,
      shown: 0,
      store: store,
      mine: mine
    };
    return showPage(target, function () {
      list.replaceChildren();
      status.textContent = outcome.idle ? "" : describe(outcome, state);
      if (outcome.suggestion) {
        var link = element("a", "paper-search__suggestion", outcome.suggestion);
        link.href = urlFor({ q: outcome.suggestion, topic: state.topic, year: state.year, code: state.code });
        status.append(" Did you mean ", link, "?");
      }
    });
  }

  /* Append the next page of results, in order, as their papers are fetched: its first few
   * as soon as theirs are in (a browser fetches only so many files at once), then the rest.
   * A promise of the first new item, once the page is whole. */
  function showPage(target, before) {
    var wanted = Math.min(target.shown + PAGE_SIZE, target.total);
    if (target.results.length < wanted) {
      return target.rest.then(function (results) {
        target.results = results;
        target.total = results.length;
        target.rest = null;
        return showPage(target, before);
      });
    }
    var page = target.results.slice(target.shown, target.shown + PAGE_SIZE);
    var parts = [page.slice(0, FIRST_SHOWN), page.slice(FIRST_SHOWN)];
    var fetching = parts.map(function (part) { // asked for in order: the first part first
      return target.store.papers(part.map(function (result) {
        return result.ref;
      }));
    });
    var first = null;
    function append(part, papers) {
      if (target.mine !== latest) return false; // a newer search is on its way
      part.forEach(function (result) {
        var item = resultItem(papers[result.ref], result.terms, target.store.topics);
        list.appendChild(item);
        first = first || item;
      });
      target.shown += part.length;
      return true;
    }
    return fetching[0].then(function (papers) {
      if (target.mine !== latest) return null;
      if (before) before();
      showing = target;
      append(parts[0], papers);
      return fetching[1];
    }).then(function (papers) {
      if (!papers || !append(parts[1], papers)) return null;
      var left = target.total - target.shown;
      more.hidden = left <= 0;
      more.textContent = "Show " + Math.min(left, PAGE_SIZE) + " more (" + left + " not shown)";
      return first;
    });
  }

  more.addEventListener("click", function () {
    if (!showing) return;
    root.setAttribute("aria-busy", "true");
    showPage(showing).then(function (first) {
      if (first) first.querySelector("a").focus(); // the reader goes on where the list grew
    }).catch(function () {
      status.textContent = "More results could not be loaded.";
    }).then(function () {
      root.removeAttribute("aria-busy");
    });
  });

  function run(state) {
    var mine = ++latest;
    root.setAttribute("aria-busy", "true");
    return load()
      .then(function (data) {
        return find(data, state).then(function (outcome) {
          if (mine === latest) return render(outcome, state, data.store, mine);
        });
      })
      .catch(function () {
        if (mine === latest) status.textContent = "The search index could not be loaded.";
      })
      .then(function () {
        if (mine === latest) root.removeAttribute("aria-busy");
      });
  }

  /* Typing replaces the history entry; a filter change or Enter adds one (back undoes it). */
  function commit(push) {
    var state = stateFromForm();
    if (urlFor(state) !== window.location.pathname + window.location.search) {
      window.history[push ? "pushState" : "replaceState"](null, "", urlFor(state));
    }
    run(state);
  }

  query.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      commit(false);
    }, DEBOUNCE_MS);
  });
  query.addEventListener("focus", load, { once: true });
  topic.addEventListener("change", function () {
    commit(true);
  });
  year.addEventListener("change", function () {
    commit(true);
  });
  code.addEventListener("change", function () {
    commit(true);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(timer);
    commit(true);
  });
  window.addEventListener("popstate", function () {
    var state = stateFromUrl();
    showState(state);
    run(state);
  });

  /* Arrow keys move between the query and the result links. */
  root.addEventListener("keydown", function (event) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    var links = Array.prototype.slice.call(list.querySelectorAll(".paper-search__title a"));
    if (!links.length) return;
    var position = links.indexOf(document.activeElement);
    if (event.key === "ArrowDown") {
      (links[position + 1] || links[links.length - 1]).focus();
    } else if (position > 0) {
      links[position - 1].focus();
    } else if (position === 0) {
      query.focus();
    } else {
      return;
    }
    event.preventDefault();
  });

  var initial = stateFromUrl();
  showState(initial);
  if (!initial.q && !window.location.hash) {
    // Opened to search: type at once. With results, the page starts at its top (skip link).
    query.focus({ preventScroll: true });
  }
  if (initial.q || initial.topic || initial.year || initial.code) {
    run(initial);
  }
})();
