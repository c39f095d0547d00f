/* The search's result store split by paper (generator/site/search_store.py): a result's paper
 * is fetched in a chunk of papers counted from the oldest, the filter and arXiv tables only
 * when a search needs them. `fetchFile(name)` fetches a file named relative to search/. */
(function (root) {
  "use strict";

  root.SplitStore = function SplitStore(manifest, fetchFile) {
    var fetched = {}; // name -> promise of the file's content
    var topics = {};
    var topicNumbers = {};
    manifest.topics.forEach(function (topic, number) {
      topics[topic[0]] = topic[1];
      topicNumbers[topic[0]] = number;
    });

    /* A file fetched once and kept; a failed fetch is made again when next asked for. */
    function kept(name) {
      if (!fetched[name]) {
        fetched[name] = fetchFile(name);
        fetched[name].catch(function () {
          fetched[name] = null;
        });
      }
      return fetched[name];
    }

    function chunk(number) {
      var block = manifest.blocks[Math.floor(number / manifest.block)];
      return kept(manifest.chunk_name.replace("{block}", block).replace("{number}", String(number)));
    }

    /* A promise of ref -> paper for the given refs, their chunks asked for in the refs' order. */
    function papers(refs) {
      return Promise.all(refs.map(function (ref) {
        var oldest = manifest.papers - 1 - parseInt(ref, 36);
        return chunk(Math.floor(oldest / manifest.chunk)).then(function (papersOfChunk) {
          return papersOfChunk[oldest % manifest.chunk];
        });
      })).then(function (found) {
        var byRef = {};
        refs.forEach(function (ref, position) {
          byRef[ref] = found[position];
        });
        return byRef;
      });
    }

    return {
      count: manifest.papers,
      topics: topics,
      topicNumbers: topicNumbers,
      papers: papers,
      filters: function () {
        return kept(manifest.filters);
      },
      arxiv: function () {
        return kept(manifest.arxiv);
      }
    };
  };
})(self); // a window, or the search's worker running the same script
