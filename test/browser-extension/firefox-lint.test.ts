import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from '../support/run-bin';

// The Firefox build is not run here (no Firefox on these machines): Mozilla's own linter
// (web-ext lint, which add-on review runs) is what checks it.
it('the Firefox build passes web-ext lint with no error, warning or notice', () => {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-extension.mjs')], { stdio: 'ignore' });
  const output = execFileSync(
    join(ROOT, 'node_modules/.bin/web-ext'),
    [
      'lint',
      '--source-dir',
      join(ROOT, 'out/extension/firefox'),
      '--no-config-discovery',
      '--output',
      'json',
    ],
    { encoding: 'utf8', env: { ...process.env, NO_UPDATE_NOTIFIER: '1' }, timeout: 120_000 },
  );
  const report = JSON.parse(output) as {
    summary: { errors: number; warnings: number; notices: number };
    errors: { code: string }[];
    warnings: { code: string }[];
  };
  expect([...report.errors, ...report.warnings].map((item) => item.code)).toEqual([]);
  expect(report.summary).toEqual({ errors: 0, warnings: 0, notices: 0 });
}, 180_000);
