import { relative } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

/** How many of the slowest files the run ends with. */
const SHOWN = 10;

/**
 * Ends a run with its ten slowest test files (issue 26: where the suite's time goes), each with the
 * time its tests and hooks took and the time spent loading it.
 */
export default class SlowestFilesReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const rows = testModules
      .map((module) => {
        const diagnostic = module.diagnostic();
        return {
          file: relative(process.cwd(), module.moduleId),
          tests: diagnostic.duration,
          loading: diagnostic.collectDuration + diagnostic.setupDuration,
        };
      })
      .sort((a, b) => b.tests + b.loading - (a.tests + a.loading))
      .slice(0, SHOWN);
    if (rows.length === 0) return;
    const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`.padStart(8);
    const lines = rows.map((row) => `${seconds(row.tests)} ${seconds(row.loading)}  ${row.file}`);
    console.log(`\nThe ${rows.length} slowest test files (tests and hooks, loading):\n${lines.join('\n')}\n`);
  }
}
