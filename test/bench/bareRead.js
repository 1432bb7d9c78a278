// The baseline of the `cmo check` / `cmo report` rows (test/bench/cliScale.ts),
// run as its own Node process as `cmo` is: every file under the folder argv[2]
// read and decoded as UTF-8, and the JSON ones parsed. Nothing else.
'use strict';
const { readdirSync, readFileSync } = require('node:fs');
const path = require('node:path');

let files = 0;
const walk = (dir) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) walk(full);
    else {
      const text = readFileSync(full, 'utf8');
      if (e.name.endsWith('.json')) JSON.parse(text);
      files++;
    }
  }
};
walk(process.argv[2]);
process.stdout.write(`${files}\n`);
