/**
 * Runs the in-host mocha suites (bundled into dist/tests.js) inside the real
 * extension host, once per report file, and writes the results as JSON.
 */
import { existsSync, writeFileSync } from 'node:fs';
import Mocha from 'mocha';

interface Result {
  title: string;
  duration?: number;
  message?: string;
  stack?: string;
}

export async function activate(): Promise<void> {
  const report = process.env.CMO_TEST_REPORT;
  if (!report || existsSync(report) || existsSync(`${report}.running`)) return;
  writeFileSync(`${report}.running`, String(process.pid));
  const passes: Result[] = [];
  const failures: Result[] = [];
  const pending: Result[] = [];
  class Collect {
    constructor(runner: Mocha.Runner) {
      runner.on('pass', (t) => passes.push({ title: t.fullTitle(), duration: t.duration }));
      runner.on('fail', (t, err: Error) => failures.push({ title: t.fullTitle(), message: err.message, stack: err.stack }));
      runner.on('pending', (t) => pending.push({ title: t.fullTitle() }));
    }
  }
  try {
    const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, reporter: Collect as unknown as string, grep: process.env.CMO_TEST_GREP });
    mocha.suite.emit('pre-require', globalThis, 'in-host', mocha);
    // The suites, bundled apart; they register with the globals set above. The untrusted tier has its own.
    if (process.env.CMO_TEST_SUITES === 'untrusted') require('./tests-untrusted.js');
    else require('./tests.js');
    await new Promise<void>((resolve) => mocha.run(() => resolve()));
  } catch (e) {
    failures.push({ title: 'in-host runner', message: (e as Error).message, stack: (e as Error).stack });
  }
  writeFileSync(report, JSON.stringify({ passes, failures, pending }, null, 2));
}
