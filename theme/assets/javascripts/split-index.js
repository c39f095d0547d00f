/* The search index split by term (generator/site/search_shards.py). A query fetches only the
 * shards its terms fall in; lunr.js 2.3.9, unmodified, then searches an index put back
 * together from every shard fetched so far, in the whole index's own serialised form.
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
  /* The index of the shards loaded, when it was last built, per kind: "all" holds every
   * document's field vectors, "matched" only those a loaded term is in (enough for any query
   * but one of prohibited terms only, which lunr.js answers with every document). */
  var built = { all: null, matched: null };
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
      });
      fetched[number].catch(function () {
        fetched[number] = null; // a failed fetch is tried again by the next query
      });
    }
    return fetched[number];
  }

  /* lunr's serialised index of the loaded shards: postings as the whole index has them (its
   * documents in the order lunr.py added them), and each field vector's elements for the
   * loaded terms, in term-number order; with `all`, an empty vector for each document field no
   * loaded term is in. (Only a query of prohibited terms alone reads those: building them for
   * every search cost a common word's at 10,000 papers tens of milliseconds.) */
  function serialised(all) {
    var vectors = fields.map(function () {
      return []; // paper number -> [term number, score, ...]
    });
    var invertedIndex = [];
    loaded.forEach(function (entries) {
      entries.forEach(function (entry) {
        var number = entry[1];
        var posting = { _index: number };
        fields.forEach(function (field, position) {
          var part = entry[2 + position];
          var documents = {};
          var paper = 0;
          for (var i = 0; part.length && i < part[0].length; i++) {
            paper += part[0][i]; // the gap from the paper before
            documents[paper.toString(36)] = {};
            var elements = vectors[position][paper];
            if (elements) elements.push(number, part[1][i]);
            else vectors[position][paper] = [number, part[1][i]];
          }
          posting[field] = documents;
        });
        invertedIndex.push([entry[0], posting]);
      });
    });
    var fieldVectors = [];
    for (var paper = 0; paper < manifest.documents; paper++) {
      for (var position = 0; position < fields.length; position++) {
        var elements = vectors[position][paper];
        if (elements || all) {
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

  /* A lunr.Index holding every shard that `builders` (functions as lunr.Index.query takes)
   * need. A query the parser cannot read rejects with lunr.QueryParseError. */
  function indexFor(builders) {
    var wanted = {};
    var kind = "matched";
    try {
      builders.forEach(function (build) {
        var query = new lunr.Query(fields);
        build.call(query, query);
        shardsFor(query, wanted);
        if (query.isNegated()) kind = "all";
      });
    } catch (error) {
      return Promise.reject(error);
    }
    var numbers = Object.keys(wanted).map(Number);
    return Promise.all(numbers.map(fetchNumber)).then(function () {
      var count = loaded.filter(Boolean).length;
      if (count !== builtFrom[kind]) {
        built[kind] = lunr.Index.load(serialised(kind === "all"));
        builtFrom[kind] = count;
      }
      return built[kind];
    });
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
    return indexFor([
      function (query) {
        new lunr.QueryParser(text, query).parse();
      }
    ]).then(function (index) {
      return index.search(text);
    });
  }

  return {
    fields: fields,
    prefixLimit: manifest.prefix_shards, // shards a half-typed word's prefix may span
    hasTerm: hasTerm,
    indexFor: indexFor,
    prefixSpan: prefixSpan,
    search: search,
    termsStarting: termsStarting,
    shardsFetched: function () {
      return loaded.filter(Boolean).length;
    }
  };
});
