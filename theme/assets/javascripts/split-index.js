/* The search index split by term (generator/site/search_shards.py). A query fetches only the
 * shards its terms fall in; lunr.js 2.3.9, unmodified, then searches an index put back
 * together from them in the whole index's own serialised form: of the query's terms and the
 * papers they can find alone where the query allows (`narrowed`), else of every shard fetched.
 *
 * Why the results are the whole index's: lunr.js scores a document by the dot product of
 * the query's vector with the document's field vector, divided by the query vector's
 * magnitude only, so terms the query does not name add nothing. A query needs, per term:
 * the term's shard; for a wildcard, every shard holding a word with the text before the
 * first `*` (all of them for a leading `*`); for a fuzzy term (`~1`), the whole index.
 *
 * Runs in browsers and in node (the tests compare it with the whole index there). */
(function (root, factory) {
  /* A word as the index reads it (generator/site/folding.py): lower case, decomposed, without
   * accents or other marks, without punctuation at its edges. "Müller" is "muller"; "Φeat"
   * keeps its first letter, as lunr's own trimmer (ASCII only) did not. */
  function foldWord(word) {
    return word.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase()
      .replace(/^[^\p{L}\p{N}_]+|[^\p{L}\p{N}_]+$/gu, "");
  }
  /* The index's search pipeline names the `fold` step: lunr.js must know it to load it. */
  function registerFold(lunr) {
    if (lunr.Pipeline.registeredFunctions.fold) return;
    lunr.Pipeline.registerFunction(function fold(token) {
      var folded = token.update(foldWord);
      return folded.toString() ? folded : undefined;
    }, "fold");
  }
  factory.foldWord = foldWord;
  factory.registerFold = registerFold;
  if (typeof module === "object" && module.exports) {
    module.exports = factory;
  } else {
    root.SplitIndex = factory;
    if (root.lunr) registerFold(root.lunr); // loaded before this script, as the page orders
  }
})(typeof self !== "undefined" ? self : this, function SplitIndex(lunr, manifest, fetchShard) {
  "use strict";

  SplitIndex.registerFold(lunr);

  var fields = manifest.fields;
  var firsts = manifest.shards.map(function (shard) {
    return shard[0];
  });
  var pipeline = lunr.Pipeline.load(manifest.pipeline);
  var fetched = []; // shard number -> promise of its entries
  var loaded = []; // shard number -> its entries, once fetched
  var entryOf = Object.create(null); // term -> its entry, for every shard fetched
  var numbered = Object.create(null); // term -> per field, its papers' numbers (numbersOf)
  var TITLE = fields.indexOf("title");
  /* The index of the shards loaded, when it was last built, per kind: "all" holds every
   * document's field vectors, "matched" only those a loaded term is in (enough for any query
   * but one of prohibited terms only, which lunr.js answers with every document). */
  var indexes = { all: null, matched: null };
  var builtFrom = { all: -1, matched: -1 }; // how many shards each was built from

  /* The shard a term falls in: the last whose first term is not after it. */
  function shardOf(term) {
    var low = 0;
    var high = firsts.length - 1;
    while (low < high) {
      var middle = (low + high + 1) >> 1;
      if (firsts[middle] <= term) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    return low;
  }

  function everyShard(wanted) {
    for (var number = 0; number < firsts.length; number++) wanted[number] = true;
  }

  /* Every shard that may hold a word starting with `prefix`. */
  function prefixShards(prefix, wanted) {
    var number = shardOf(prefix);
    wanted[number] = true;
    for (number += 1; number < firsts.length && firsts[number].indexOf(prefix) === 0; number++) {
      wanted[number] = true;
    }
  }

  /* How many shards a search for words starting with `prefix` fetches (none fetched yet). */
  function prefixSpan(prefix) {
    var wanted = {};
    prefixShards(prefix, wanted);
    return Object.keys(wanted).length;
  }

  /* The shards a lunr.Query's clauses need, as lunr.Index.query will expand them. */
  function shardsFor(query, wanted) {
    query.clauses.forEach(function (clause) {
      var terms = clause.usePipeline
        ? pipeline.runString(clause.term, { fields: clause.fields })
        : [clause.term];
      terms.forEach(function (term) {
        if ("editDistance" in clause) {
          if (clause.editDistance > 0) {
            everyShard(wanted); // a neighbour may differ in its first letter
          } else {
            wanted[shardOf(term)] = true;
          }
          return;
        }
        var star = term.indexOf("*");
        if (star === 0) {
          everyShard(wanted);
        } else if (star > 0) {
          prefixShards(term.slice(0, star), wanted);
        } else {
          wanted[shardOf(term)] = true;
        }
      });
    });
  }

  function fetchNumber(number) {
    if (!fetched[number]) {
      fetched[number] = fetchShard(manifest.shards[number][1]).then(function (entries) {
        loaded[number] = entries;
        entries.forEach(function (entry) {
          entryOf[entry[0]] = entry;
        });
      });
      fetched[number].catch(function () {
        fetched[number] = null; // a failed fetch is tried again by the next query
      });
    }
    return fetched[number];
  }

  /* lunr's serialised index of every shard fetched so far (see `serialisedOf`). */
  function serialised(everyField) {
    var terms = [];
    loaded.forEach(function (entries) { // shards in order, each in lunr.js's string order
      entries.forEach(function (entry) {
        terms.push(entry[0]);
      });
    });
    return serialisedOf(terms, null, everyField);
  }

  /* lunr's serialised index of `terms` (fetched, in lunr.js's string order, each once), for
   * the papers `found` marks (every one, if null): postings as the whole index has them (its
   * documents in the order lunr.py added them), and each field vector's elements for these
   * terms, in term-number order; with `everyField`, an empty vector for each document field
   * none of them is in. (Only a query of prohibited terms alone reads those: building them for
   * every search cost a common word's at 10,000 papers tens of milliseconds.) */
  function serialisedOf(terms, found, everyField) {
    var vectors = fields.map(function () {
      return []; // paper number -> [term number, score, ...]
    });
    var invertedIndex = terms.map(function (term) {
      var entry = entryOf[term];
      var posting = { _index: entry[1] };
      fields.forEach(function (field, position) {
        var documents = {};
        var numbers = numbersOf(term, position);
        var scores = entry[2 + position][1];
        for (var i = 0; i < numbers.length; i++) {
          var paper = numbers[i];
          if (found && !found[paper]) continue;
          documents[paper.toString(36)] = {};
          var elements = vectors[position][paper];
          if (elements) elements.push(entry[1], scores[i]);
          else vectors[position][paper] = [entry[1], scores[i]];
        }
        posting[field] = documents;
      });
      return [term, posting];
    });
    var fieldVectors = [];
    for (var paper = 0; paper < manifest.documents; paper++) {
      for (var position = 0; position < fields.length; position++) {
        var elements = vectors[position][paper];
        if (elements || (everyField && (!found || found[paper]))) {
          var key = fields[position] + "/" + paper.toString(36);
          fieldVectors.push([key, elements ? sortedPairs(elements) : []]);
        }
      }
    }
    return {
      version: manifest.version,
      fields: fields,
      fieldVectors: fieldVectors,
      invertedIndex: invertedIndex,
      pipeline: manifest.pipeline
    };
  }

  function sortedPairs(elements) {
    var ascending = true;
    for (var at = 2; at < elements.length && ascending; at += 2) {
      ascending = elements[at - 2] < elements[at];
    }
    if (ascending) return elements; // as most are: a field holds few of a shard's terms
    var pairs = [];
    for (var i = 0; i < elements.length; i += 2) pairs.push([elements[i], elements[i + 1]]);
    pairs.sort(function (a, b) {
      return a[0] - b[0];
    });
    var sorted = [];
    pairs.forEach(function (pair) {
      sorted.push(pair[0], pair[1]);
    });
    return sorted;
  }

  /* lunr.Index of every shard fetched so far, of the kind `serialised` describes. */
  function loadedIndex(kind) {
    var count = loaded.filter(Boolean).length;
    if (count !== builtFrom[kind]) {
      indexes[kind] = lunr.Index.load(serialised(kind === "all"));
      builtFrom[kind] = count;
    }
    return indexes[kind];
  }

  /* Fetches the shards that `builders` (functions as lunr.Index.query takes) need. A promise;
   * a query the parser cannot read rejects with lunr.QueryParseError. */
  function fetchFor(builders) {
    var wanted = {};
    try {
      builders.forEach(function (build) {
        shardsFor(built(build), wanted);
      });
    } catch (error) {
      return Promise.reject(error);
    }
    return Promise.all(Object.keys(wanted).map(Number).map(fetchNumber));
  }

  function built(build) {
    var query = new lunr.Query(fields);
    build.call(query, query);
    return query;
  }

  /* lunr.Index.query's hits for the query `build` makes, but for papers `except` marks (by
   * number, if given), once its shards are fetched (`fetchFor`). */
  function hits(build, except) {
    var index = narrowed(build, except);
    if (index) return index.query(build);
    var query = built(build);
    return loadedIndex(query.isNegated() ? "all" : "matched").query(build).filter(function (hit) {
      return !(except && except[parseInt(hit.ref, 36)]);
    });
  }

  /* A lunr.Index of the terms of the query `build` makes, and of the papers it can find but
   * those `except` marks. lunr.js finds in it the papers the whole index gives that query, in
   * the same order and with the same scores: a paper's score reads only its elements for the
   * query's terms, and papers left out change neither the order of the others nor their sums.
   * Far cheaper to build and to search when a common word meets a rare one. null for a query it
   * cannot narrow (see `reach`). */
  function narrowed(build, except) {
    var reached = reach(build, except);
    return reached && lunr.Index.load(serialisedOf(reached.terms, reached.found, false));
  }

  /* What the query `build` makes reaches in the shards fetched: the index terms its clauses
   * expand to (in lunr.js's string order, each once), the papers it can find but those
   * `except` marks (`found`: paper number -> 1), and each field's query weights (term -> the
   * sum of its clauses' boosts), as lunr.Index.query reckons them. null for a query this
   * cannot follow: no terms, a fuzzy or prohibited term, a wildcard not at a word's end, a
   * word the pipeline drops. */
  function reach(build, except) {
    var clauses = built(build).clauses;
    if (!clauses.length) return null; // lunr.js reads no clauses as negated: every paper
    var terms = [];
    var weights = fields.map(function () {
      return Object.create(null);
    });
    var found = null;
    var required = clauses.some(function (clause) {
      return clause.presence === lunr.Query.presence.REQUIRED;
    });
    for (var c = 0; c < clauses.length; c++) {
      var clause = clauses[c];
      var words = clause.usePipeline
        ? pipeline.runString(clause.term, { fields: clause.fields })
        : [clause.term];
      if (clause.presence === lunr.Query.presence.PROHIBITED || clause.editDistance > 0 ||
          !words.length) {
        return null;
      }
      var papers = new Uint8Array(manifest.documents);
      for (var w = 0; w < words.length; w++) {
        var expanded = expansions(words[w]);
        if (!expanded) return null;
        expanded.forEach(function (term) {
          terms.push(term);
          clause.fields.forEach(function (field) {
            var position = fields.indexOf(field);
            weights[position][term] = (weights[position][term] || 0) + clause.boost;
            var numbers = numbersOf(term, position);
            for (var i = 0; i < numbers.length; i++) papers[numbers[i]] = 1;
          });
        });
      }
      // With a required clause, only papers holding every one can be found: the others are
      // left out (a required term the index lacks, lunr.js itself then finds nothing for).
      if (required && clause.presence !== lunr.Query.presence.REQUIRED) continue;
      if (!found) {
        found = papers;
      } else {
        for (var i = 0; i < found.length; i++) {
          found[i] = required ? found[i] & papers[i] : found[i] | papers[i];
        }
      }
    }
    found = found || new Uint8Array(manifest.documents);
    if (except) {
      for (var paper = 0; paper < found.length; paper++) if (except[paper]) found[paper] = 0;
    }
    terms.sort(); // lunr.js's string order, each term once
    terms = terms.filter(function (term, at) {
      return at === 0 || term !== terms[at - 1];
    });
    return { terms: terms, found: found, weights: weights };
  }

  /* The first hits of the query `build` makes (but for papers `except` marks), without lunr.js
   * scoring every paper it finds: `count` of those with a term in their title (`titled`), and
   * `count` of the others (`others`), each in lunr's order; how many papers it finds (`total`)
   * and which (`found`, by number). Each paper's score is summed here as lunr.js sums it, from
   * its field vectors' elements for the query's terms; lunr.js then orders the best of them
   * itself. null where `reach` is. */
  function likelyFirst(build, count, except) {
    var reached = reach(build, except);
    if (!reached) return null;
    var scores = new Float64Array(manifest.documents);
    var titled = new Uint8Array(manifest.documents);
    reached.weights.forEach(function (weights, position) {
      var terms = Object.keys(weights);
      var magnitude = Math.sqrt(terms.reduce(function (sum, term) {
        return sum + weights[term] * weights[term];
      }, 0));
      terms.forEach(function (term) {
        var weight = weights[term] / magnitude;
        var numbers = numbersOf(term, position);
        var termScores = entryOf[term][2 + position][1];
        for (var i = 0; i < numbers.length; i++) {
          scores[numbers[i]] += weight * termScores[i];
          if (position === TITLE) titled[numbers[i]] = 1;
        }
      });
    });
    // The `count`th best score of each group; papers within rounding of it are kept too, for
    // lunr.js to order.
    var bars = [0, 1].map(function (mark) { // by `titled` mark
      return bar(reached.found, titled, mark, scores, count);
    });
    var chosen = new Uint8Array(manifest.documents);
    var total = 0;
    for (var paper = 0; paper < chosen.length; paper++) {
      if (!reached.found[paper]) continue;
      total += 1;
      if (scores[paper] >= bars[titled[paper]]) chosen[paper] = 1;
    }
    var first = lunr.Index.load(serialisedOf(reached.terms, chosen, false)).query(build);
    function inTitle(hit) {
      return titled[parseInt(hit.ref, 36)] === 1;
    }
    return {
      titled: first.filter(inTitle).slice(0, count),
      others: first.filter(function (hit) {
        return !inTitle(hit);
      }).slice(0, count),
      total: total,
      found: reached.found
    };
  }

  /* The `count`th best of the scores of papers `found` whose `titled` mark is `mark`, less a
   * rounding's worth; -Infinity for fewer papers. */
  function bar(found, titled, mark, scores, count) {
    var best = []; // descending, at most `count`
    for (var paper = 0; paper < found.length; paper++) {
      if (!found[paper] || titled[paper] !== mark) continue;
      var score = scores[paper];
      if (best.length === count && score <= best[count - 1]) continue;
      var at = best.length;
      while (at > 0 && best[at - 1] < score) at--;
      best.splice(at, 0, score);
      if (best.length > count) best.pop();
    }
    return best.length === count ? best[count - 1] - Math.abs(best[count - 1]) * 1e-9 : -Infinity;
  }

  /* The loaded terms `term` stands for in lunr.Index.query: itself, or every term its trailing
   * `*` begins; null for a wildcard elsewhere. */
  function expansions(term) {
    var star = term.indexOf("*");
    if (star < 0) return entryOf[term] ? [term] : [];
    if (star === 0 || star !== term.length - 1) return null;
    var prefix = term.slice(0, -1);
    return Object.keys(entryOf).filter(function (known) {
      return known.indexOf(prefix) === 0;
    });
  }

  /* The numbers of the papers holding `term` in the field at `position`, in the order lunr.py
   * added them: its entry's gaps added up, once. */
  function numbersOf(term, position) {
    var known = numbered[term] || (numbered[term] = []);
    if (!known[position]) {
      var part = entryOf[term][2 + position];
      var numbers = new Int32Array(part.length ? part[0].length : 0);
      var paper = 0;
      for (var i = 0; i < numbers.length; i++) {
        paper += part[0][i]; // the gap from the paper before
        numbers[i] = paper;
      }
      known[position] = numbers;
    }
    return known[position];
  }

  /* Whether the index has `term` (its shard fetched if need be). A promise. */
  function hasTerm(term) {
    var own = shardOf(term);
    return fetchNumber(own).then(function () {
      return loaded[own].some(function (entry) {
        return entry[0] === term;
      });
    });
  }

  /* The index's terms that start with `prefix` (their shards fetched if need be), each with
   * how many documents hold it at most (one may hold it in two fields). A promise of
   * [term, documents] pairs. */
  function termsStarting(prefix) {
    var wanted = {};
    prefixShards(prefix, wanted);
    var numbers = Object.keys(wanted).map(Number);
    return Promise.all(numbers.map(fetchNumber)).then(function () {
      var found = [];
      numbers.forEach(function (number) {
        loaded[number].forEach(function (entry) {
          if (entry[0].indexOf(prefix) !== 0) return;
          var documents = 0;
          fields.forEach(function (field, position) {
            var part = entry[2 + position];
            documents += part.length ? part[0].length : 0;
          });
          found.push([entry[0], documents]);
        });
      });
      return found;
    });
  }

  /* lunr.Index.search over the split index. */
  function search(text) {
    function parsed(query) {
      new lunr.QueryParser(text, query).parse();
    }
    return fetchFor([parsed]).then(function () {
      return hits(parsed);
    });
  }

  return {
    fields: fields,
    prefixLimit: manifest.prefix_shards, // shards a half-typed word's prefix may span
    documents: manifest.documents,
    fetchFor: fetchFor,
    hasTerm: hasTerm,
    hits: hits,
    likelyFirst: likelyFirst,
    prefixSpan: prefixSpan,
    search: search,
    termsStarting: termsStarting,
    shardsFetched: function () {
      return loaded.filter(Boolean).length;
    }
  };
});
