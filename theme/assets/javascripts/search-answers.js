/* The index's side of a search (the page's side is paper-search.js): a query, read by the page
 * and passed as data, answered with lunr's hits over the split index (split-index.js).
 *
 * It runs in a Web Worker, so that putting fetched shards back into a lunr index and querying
 * it never hold up the reader's typing; the page runs it itself where a worker cannot start
 * (a preview opened from disk). The worker runs the page's own script (search-bundle.js, from
 * the browser's cache: lunr.js, split-index.js, this file and the page's side, which does
 * nothing without a document); it waits for one {init: {manifest, base}} message (the index's
 * manifest and its address), then answers each {id, request} with {id, result} or {id, error}.
 *
 * Requests: {kind: "plain", terms, prefixLast, foresee, first} (papers with every word, the
 * last perhaps half-typed if few words begin with it; else those with some, `partial`; before
 * lunr scores them all, the refs of at most `foresee` papers sure to show first (no filter or
 * phrase reordering them) are posted as {id, early}, for the page to fetch meanwhile, then the
 * first `first` hits and how many there are as {id, head: {hits, total}}, for it to show),
 * {kind: "syntax", text} (lunr's own syntax; `unreadable` when lunr cannot read it),
 * {kind: "near", word} (the index's terms a mistyped word may mean) and {kind: "term", term}
 * (the papers holding one index term). A hit is {ref, title: whether a query term matched its
 * title, terms: the index terms matched}. */
(function (root, factory) {
  if (typeof module === "object" && module.exports) {
    module.exports = factory;
    return;
  }
  root.SearchAnswers = factory;
  if (typeof root.importScripts !== "function" || typeof root.document !== "undefined") return;

  // A worker, started early while the page still fetches the manifests.
  var answers = null;
  root.onmessage = function (event) {
    var message = event.data;
    if (message.init) {
      var base = message.init.base;
      var split = root.SplitIndex(root.lunr, message.init.manifest, function (name) {
        return fetch(new URL(name, base)).then(function (response) {
          if (!response.ok) throw new Error(name + ": " + response.status);
          return response.json();
        });
      });
      answers = factory(root.lunr, split);
      return;
    }
    answers.answer(message.request, function (refs) {
      root.postMessage({ id: message.id, early: refs });
    }, function (head) {
      root.postMessage({ id: message.id, head: head });
    }).then(function (result) {
      root.postMessage({ id: message.id, result: result });
    }, function (error) {
      root.postMessage({ id: message.id, error: String((error && error.message) || error) });
    });
  };
})(typeof self !== "undefined" ? self : this, function SearchAnswers(lunr, split) {
  "use strict";

  var PRESENCE = lunr.Query.presence;

  function stemOf(word) {
    return lunr.stemmer(new lunr.Token(word, {})).toString();
  }

  /* Papers with every word; the last one may be half-typed, so it may also count as a prefix.
   * (Each query is a function as lunr.Index.query takes: the split index reads it first to
   * fetch the shards it needs.) */
  function everyWord(terms, prefixLast) {
    return function (query) {
      terms.forEach(function (term, position) {
        if (prefixLast && position === terms.length - 1) {
          query.term(stemOf(term), {
            presence: PRESENCE.REQUIRED,
            wildcard: lunr.Query.wildcard.TRAILING,
            usePipeline: false
          });
        } else {
          query.term(term, { presence: PRESENCE.REQUIRED });
        }
      });
    };
  }

  function anyWord(terms) {
    return function (query) {
      terms.forEach(function (term) {
        query.term(term);
      });
    };
  }

  function oneTerm(term) {
    return function (query) {
      query.term(term, { usePipeline: false });
    };
  }

  function described(hit) {
    var terms = hit.matchData ? hit.matchData.metadata : {};
    return {
      ref: hit.ref,
      title: Object.keys(terms).some(function (term) {
        return Boolean(terms[term].title);
      }),
      terms: Object.keys(terms)
    };
  }

  /* Papers with all the words, then (the last word half-typed) those it begins; if none, the
   * papers with some of the words, labelled partial. Before lunr.js has scored every paper
   * (split-index.js's `likelyFirst`), `foresee(refs)` hears the papers sure to show first
   * (`request.foresee` at most: those with a word in their title, then, without a prefix, the
   * others) and `heard(head)` the first `request.first` hits as the answer will rank them, with
   * how many it has ({hits, total}). Only sure ones: a guess would cost readers, as a browser
   * fetches only so many files at once and the papers really shown would wait behind it. */
  function plain(request, foresee, heard) {
    var terms = request.terms;
    if (!terms.length) return Promise.resolve({ hits: [] }); // lunr would take no words as all
    var every = everyWord(terms, false);
    var last = stemOf(terms[terms.length - 1]);
    // A half-typed word's prefix is searched only while it spans few shards (the manifest's
    // prefix_shards, generator/site/search_shards.py): a common word's would bring much for little.
    var prefixed = request.prefixLast && split.prefixSpan(last) <= split.prefixLimit
      ? everyWord(terms, true)
      : null;
    // Every shard is asked for at once; the words' own answer is worked out as soon as their
    // shards are in, while the prefix's further shards may still be on their way.
    var prefixShards = prefixed ? split.fetchFor([prefixed]) : null;
    if (prefixShards) prefixShards.catch(function () {}); // a failure is the answer's, below
    var first = request.first || 0;
    return split.fetchFor([every]).then(function () {
      var likely = first ? split.likelyFirst(every, first) : null;
      if (likely && foresee) {
        var sure = likely.titled.concat(prefixed ? [] : likely.others);
        if (sure.length) foresee(sure.slice(0, request.foresee).map(refOf));
      }
      if (!prefixed) {
        if (likely) tell(heard, [likely.titled, likely.others], likely.total, first);
        return split.hits(every);
      }
      return prefixShards.then(function () {
        // The papers the prefix adds show after the words' own: titled ones, then the others.
        var added = likely ? split.likelyFirst(prefixed, first, likely.found) : null;
        if (added) {
          var head = [likely.titled, added.titled, likely.others, added.others];
          tell(heard, head, likely.total + added.total, first);
        }
        var hits = split.hits(every);
        // Only the papers the prefix adds: lunr.js scores the others no more.
        return hits.concat(split.hits(prefixed, papersOf(hits)));
      });
    }).then(function (hits) {
      if (hits.length || terms.length === 1) return { hits: hits.map(described) };
      var some = anyWord(terms);
      return split.fetchFor([some]).then(function () {
        return { hits: split.hits(some).map(described), partial: true };
      });
    });
  }

  /* Tells `heard` the first `count` of the hits `groups` hold in order, if any. */
  function tell(heard, groups, total, count) {
    if (!heard || !total) return; // none: the answer may be papers with some of the words
    var hits = [].concat.apply([], groups).slice(0, count);
    heard({ hits: hits.map(described), total: total });
  }

  function refOf(hit) {
    return hit.ref;
  }

  /* The papers `hits` name, marked by number. */
  function papersOf(hits) {
    var papers = new Uint8Array(split.documents);
    hits.forEach(function (hit) {
      papers[parseInt(hit.ref, 36)] = 1;
    });
    return papers;
  }

  function syntax(request) {
    function parsed(query) {
      new lunr.QueryParser(request.text, query).parse();
    }
    return split.fetchFor([parsed]).then(function () {
      try {
        return { hits: split.hits(parsed).map(described) };
      } catch (error) {
        return { unreadable: true }; // malformed syntax: no results, no error
      }
    }, function (error) {
      if (error instanceof lunr.QueryParseError) return { unreadable: true };
      throw error; // a shard that could not be fetched
    });
  }

  /* Whether `a` and `b` are one edit apart: a letter added, dropped, changed, or two swapped. */
  function oneEditApart(a, b) {
    if (a === b || Math.abs(a.length - b.length) > 1) return false;
    var i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    if (a.length === b.length) {
      return a.slice(i + 1) === b.slice(i + 1) ||
        (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
    }
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  /* How many edits (a letter added, dropped, changed, or two swapped) make `a` into `b`. */
  function editDistance(a, b) {
    var rows = [];
    for (var i = 0; i <= a.length; i++) {
      rows[i] = [i];
      for (var j = 1; j <= b.length; j++) {
        if (i === 0) {
          rows[i][j] = j;
          continue;
        }
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
        }
      }
    }
    return rows[a.length][b.length];
  }

  /* The index's terms a reader may have meant by `word` (folded), when the index lacks its
   * stem: one edit from the stem, or the stem of a word mistyped near its end ("superpositon":
   * "superposit"); nearest to the word first, then the most used. Only the terms of the
   * word's first letter are read (a typo in the first letter is not offered), and only once
   * the stem's own shard shows it absent. */
  function near(request) {
    var word = request.word;
    var stem = stemOf(word);
    if (!stem) return Promise.resolve({ terms: [] });
    return split.hasTerm(stem).then(function (known) {
      if (known) return { terms: [] };
      return split.termsStarting(stem.charAt(0)).then(function (terms) {
        var candidates = [];
        terms.forEach(function (pair) {
          var term = pair[0];
          var typed = word.slice(0, term.length);
          var typedNear = term.length >= 4 && word.length > term.length &&
            word.length - term.length <= 4 && (typed === term || oneEditApart(typed, term));
          if (oneEditApart(stem, term) || typedNear) {
            candidates.push([term, editDistance(word, term), pair[1]]);
          }
        });
        candidates.sort(function (a, b) { // nearest to what was typed, then most used
          return a[1] - b[1] || b[2] - a[2] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
        });
        return {
          terms: candidates.map(function (entry) {
            return entry[0];
          })
        };
      });
    });
  }

  function term(request) {
    var query = oneTerm(request.term);
    return split.fetchFor([query]).then(function () {
      return {
        refs: split.hits(query).map(refOf)
      };
    });
  }

  var KINDS = { plain: plain, syntax: syntax, near: near, term: term };

  /* The answer to a request (a promise), perhaps foreseen (`foresee`): see the file's comment. */
  function answer(request, foresee, heard) {
    var kind = KINDS[request.kind];
    if (!kind) return Promise.reject(new Error("no such request: " + request.kind));
    try {
      return kind(request, foresee, heard);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  return { answer: answer };
});
