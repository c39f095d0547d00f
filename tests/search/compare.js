/* Runs queries against the whole lunr index and against the split one, and prints both.
 *
 *   node compare.js SETUP.json  ->  {rows: [{query, whole, split, fresh, shards, span}],
 *                                    plain: [{words, whole, split}]} on stdout
 *
 * SETUP names lunr.js, split-index.js, search-answers.js, the whole index, the split index's
 * folder (its manifest and shards), the queries and the plain queries. `split` runs every
 * query on one split index, which keeps the shards earlier queries fetched; `fresh` on a new
 * one per query, which holds only what that query needs. A result is [ref, score] pairs, or
 * {error} when lunr refuses it. A plain query (words, the last perhaps half-typed) is answered
 * as the page asks (search-answers.js) from the whole index and from the split one, and once
 * more from the split one as the page asks when nothing reorders the hits (`told`: the answer,
 * the refs told early and the head told before the answer). */
"use strict";
const fs = require("fs");
const path = require("path");

const setup = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const lunr = require(setup.lunr);
const SplitIndex = require(setup.splitIndex);
lunr.utils.warn = function () {}; // the version warning of an index lunr.py wrote
SplitIndex.registerFold(lunr); // the indexes' pipeline names it, as the page registers it

const whole = lunr.Index.load(JSON.parse(fs.readFileSync(setup.whole, "utf8")));
const manifest = JSON.parse(fs.readFileSync(path.join(setup.folder, "papers-index.json"), "utf8"));
function fetchShard(name) {
  return Promise.resolve(JSON.parse(fs.readFileSync(path.join(setup.folder, name), "utf8")));
}

function outcome(run) {
  try {
    return Promise.resolve(run()).then(pairs, failed);
  } catch (error) {
    return Promise.resolve(failed(error));
  }
}
function pairs(hits) {
  return hits.map(function (hit) { return [hit.ref, hit.score]; });
}
function failed(error) {
  return { error: error.name || String(error) };
}

(async function () {
  const shared = SplitIndex(lunr, manifest, fetchShard);
  const rows = [];
  for (const query of setup.queries) {
    const fresh = SplitIndex(lunr, manifest, fetchShard);
    rows.push({
      query: query,
      whole: await outcome(function () { return whole.search(query); }),
      split: await outcome(function () { return shared.search(query); }),
      fresh: await outcome(function () { return fresh.search(query); }),
      shards: fresh.shardsFetched(),
      // What a prefix search of the query's text would fetch, as the page reckons it.
      span: /^[^*~^:+\- ]+\*$/.test(query) ? fresh.prefixSpan(query.slice(0, -1).toLowerCase()) : null
    });
  }
  const SearchAnswers = require(setup.searchAnswers);
  const split = SplitIndex(lunr, manifest, fetchShard);
  const wholeSide = { // the whole index, read as the split one is
    fields: split.fields,
    prefixLimit: split.prefixLimit,
    prefixSpan: split.prefixSpan,
    fetchFor: function () { return Promise.resolve(); },
    documents: split.documents,
    hits: function (build, except) {
      return whole.query(build).filter(function (hit) {
        return !(except && except[parseInt(hit.ref, 36)]);
      });
    }
  };
  const answers = { whole: SearchAnswers(lunr, wholeSide), split: SearchAnswers(lunr, split) };
  const plain = [];
  for (const words of setup.plain) {
    const request = { kind: "plain", terms: words.split(" "), prefixLast: true };
    // As the page asks when nothing reorders the hits: what shows first, told early.
    const asked = Object.assign({ foresee: 2, first: 3 }, request);
    const told = { early: null, head: null };
    const early = function (refs) { told.early = refs; };
    const head = function (hits) { told.head = hits; };
    plain.push({
      words: words,
      whole: await answers.whole.answer(request),
      split: await answers.split.answer(request),
      told: await answers.split.answer(asked, early, head).then(function (answer) {
        return { answer: answer, early: told.early, head: told.head };
      })
    });
  }
  process.stdout.write(JSON.stringify({ rows: rows, plain: plain }));
})();
