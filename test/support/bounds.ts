// What a hostile input may cost the CLI (issue 20: under 10 s and 1 GiB), and the table of
// measured figures that the hostile-input suites print for the note.
import { expect } from 'vitest';
import type { BinResult } from './run-bin';

export const LIMIT_MS = 10_000;
export const LIMIT_MIB = 1024;

/** A child run was answered, refused or killed within the bounds. */
export function expectBounded(result: BinResult): void {
  expect(result.status, result.stderr).not.toBeNull();
  expect(result.elapsedMs).toBeLessThan(LIMIT_MS);
  expect(result.peakRssMiB).toBeLessThan(LIMIT_MIB);
}

/** The figures of every measured run, printed as one table at the end of a suite. */
export class FiguresTable {
  private readonly rows: { input: string; outcome: string; seconds: string; mib: string }[] = [];

  add(input: string, outcome: string, result: BinResult): void {
    this.rows.push({
      input,
      outcome,
      seconds: ((result.elapsedMs ?? NaN) / 1000).toFixed(1),
      mib: result.peakRssMiB == null ? '?' : result.peakRssMiB.toFixed(0),
    });
  }

  print(): void {
    const rows = [{ input: 'input', outcome: 'outcome', seconds: 's', mib: 'MiB' }, ...this.rows];
    const width = (key: 'input' | 'outcome') => Math.max(...rows.map((row) => row[key].length));
    console.log(
      rows
        .map(
          (row) =>
            `${row.input.padEnd(width('input'))}  ${row.outcome.padEnd(width('outcome'))}  ${row.seconds.padStart(5)}  ${row.mib.padStart(5)}`,
        )
        .join('\n'),
    );
  }
}
