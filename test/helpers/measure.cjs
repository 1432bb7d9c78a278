// Preloaded into a `cmo` run by test/helpers/cli.ts's cmoMeasured: writes the
// process's peak resident memory (KB) to the file CMO_MEASURE_OUT names at exit.
'use strict';
const out = process.env.CMO_MEASURE_OUT;
if (out) process.on('exit', () => require('node:fs').writeFileSync(out, String(process.resourceUsage().maxRSS)));
