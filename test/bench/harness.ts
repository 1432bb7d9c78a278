/** Tiny benchmark harness: warm up, run N times, report the median and its ratio to a baseline from the same run. */
export interface Row {
  name: string;
  budgetMs?: number;
  /** A budget on the ratio to the baseline, where the design sets one. */
  maxRatio?: number;
  medianMs: number;
  baselineName: string;
  baselineMs: number;
  note?: string;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function time(fn: () => void, runs = 15, warmup = 3): number {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

/** The median of an async run, with no warm-up runs beyond the first sample's own. */
export async function timeAsync(fn: () => Promise<void>, runs = 7): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

/** Whether a row keeps its budgets (a row without budgets is reported, never failed). */
export function ok(r: Row): boolean {
  return (r.budgetMs === undefined || r.medianMs <= r.budgetMs) && (r.maxRatio === undefined || r.medianMs / r.baselineMs <= r.maxRatio);
}

/** `npm run bench -- --json`: one object a script can check the budgets with. */
export function json(rows: Row[]): string {
  const round = (x: number) => Math.round(x * 100) / 100;
  return JSON.stringify(
    {
      rows: rows.map((r) => ({
        name: r.name.trim(),
        median_ms: round(r.medianMs),
        budget_ms: r.budgetMs ?? null,
        ratio: round(r.medianMs / r.baselineMs),
        ratio_budget: r.maxRatio ?? null,
        baseline: r.baselineName,
        baseline_ms: round(r.baselineMs),
        ok: ok(r),
        ...(r.note ? { note: r.note } : {}),
      })),
    },
    null,
    2,
  );
}

export function print(rows: Row[]): void {
  const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1)).padStart(8) + ' ms';
  console.log('');
  console.log('scenario'.padEnd(66) + 'median'.padStart(11) + '  budget'.padStart(12) + '   baseline (same run)');
  for (const r of rows) {
    const budget = r.budgetMs === undefined ? ''.padStart(12) : `${r.medianMs <= r.budgetMs ? ' ok' : ' OVER'} <${r.budgetMs}`.padStart(12);
    const ratio = r.medianMs / r.baselineMs;
    const shown = ratio >= 0.1 ? ratio.toFixed(2) : ratio.toPrecision(2);
    const ratioBudget = r.maxRatio === undefined ? '' : ratio <= r.maxRatio ? ` ok ≤${r.maxRatio}×` : ` OVER ≤${r.maxRatio}×`;
    console.log(`${r.name.padEnd(66)}${fmt(r.medianMs)}${budget}   ${shown}×${ratioBudget} ${r.baselineName} (${fmt(r.baselineMs).trim()})${r.note ? `  ${r.note}` : ''}`);
  }
  console.log('');
}
