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
  var built = null; // the index of the shards loaded when it was built
  var builtFrom = -1; // how many shards that was

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

  /* lunr's serialised index of the loaded shards: postings as the whole index has them, and
   * each field vector's elements for the loaded terms, in term-number order. */
  function serialised() {
    var vectors = Object.create(null);
    var invertedIndex = [];
    loaded.forEach(function (entries) {
      entries.forEach(function (entry) {
        var number = entry[1];
        var posting = { _index: number };
        fields.forEach(function (field, position) {
          var part = entry[2 + position];
          var documents = {};
          if (part.length) {
            for (var i = 0; i < part[0].length; i++) {
              var ref = part[0][i];
              var key = field + "/" + ref;
              documents[ref] = {};
              (vectors[key] || (vectors[key] = [])).push(number, part[1][i]);
            }
          }
          posting[field] = documents;
        });
        invertedIndex.push([entry[0], posting]);
      });
    });
    var fieldVectors = [];
    for (var document = 0; document < manifest.documents; document++) {
      var ref = document.toString(36);
      fields.forEach(function (field) {
        var key = field + "/" + ref;
        fieldVectors.push([key, sortedPairs(vectors[key] || [])]);
      });
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
    try {
      builders.forEach(function (build) {
        var query = new lunr.Query(fields);
        build.call(query, query);
        shardsFor(query, wanted);
      });
    } catch (error) {
      return Promise.reject(error);
    }
    var numbers = Object.keys(wanted).map(Number);
    return Promise.all(numbers.map(fetchNumber)).then(function () {
      var count = loaded.filter(Boolean).length;
      if (count !== builtFrom) {
        built = lunr.Index.load(serialised());
        builtFrom = count;
      }
      return built;
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

  /* How many documents an entry's term is in (at most; a document may hold it in two fields). */
  function reach(entry) {
    var count = 0;
    fields.forEach(function (field, position) {
      var part = entry[2 + position];
      count += part.length ? part[0].length : 0;
    });
    return count;
  }

  /* The index's terms a reader may have meant by `word` (folded), whose stem is `stem`, when
   * the index does not have that stem: one edit from the stem, or the stem of a word the
   * reader mistyped near its end ("superpositon": "superposit"). Nearest to `word` first, then
   * the most used. Only the
   * shards of the word's first letter are fetched: a typo in the first letter is not offered.
   * A promise; none when the index has the stem itself. */
  function nearTerms(stem, word) {
    if (!stem) return Promise.resolve([]);
    var own = shardOf(stem);
    return fetchNumber(own).then(function () {
      var known = loaded[own].some(function (entry) {
        return entry[0] === stem;
      });
      return known ? [] : termsNear(stem, word);
    });
  }

  function termsNear(stem, word) {
    var wanted = {};
    prefixShards(stem.charAt(0), wanted);
    var numbers = Object.keys(wanted).map(Number);
    return Promise.all(numbers.map(fetchNumber)).then(function () {
      var near = [];
      numbers.forEach(function (number) {
        loaded[number].forEach(function (entry) {
          var term = entry[0];
          if (term.charAt(0) !== stem.charAt(0)) return;
          var typedNear = term.length >= 4 && word.length > term.length &&
            word.length - term.length <= 4 &&
            (word.slice(0, term.length) === term || oneEditApart(word.slice(0, term.length), term));
          if (oneEditApart(stem, term) || typedNear) {
            near.push([term, editDistance(word, term), reach(entry)]);
          }
        });
      });
      near.sort(function (a, b) { // nearest to what was typed, then most used
        return a[1] - b[1] || b[2] - a[2] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
      });
      return near.map(function (pair) {
        return pair[0];
      });
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
    indexFor: indexFor,
    nearTerms: nearTerms,
    prefixSpan: prefixSpan,
    search: search,
    shardsFetched: function () {
      return loaded.filter(Boolean).length;
    }
  };
});
