import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STORE_MARK } from '../../vitest.config';

const ROOT = resolve(import.meta.dirname, '../..');

const testFiles = readdirSync(join(ROOT, 'test'), { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.test.ts'))
  .map((file) => ({ file, text: readFileSync(join(ROOT, 'test', file), 'utf8') }));

describe('the PostgreSQL pass', () => {
  it('runs every file that opens a test database (it imports test/support/test-store)', () => {
    const unmarked = testFiles
      .filter(({ text }) => /from '(\.\.\/)+support\/test-store'/.test(text))
      .filter(({ text }) => !text.split('\n').includes(STORE_MARK))
      .map(({ file }) => file);
    expect(unmarked).toEqual([]);
  });

  it('runs the PostgreSQL-only files and the multi-process guarantees', () => {
    const marked = testFiles
      .filter(({ text }) => text.split('\n').includes(STORE_MARK))
      .map(({ file }) => file);
    expect(marked).toEqual(
      expect.arrayContaining([
        'server/postgres-pool.test.ts',
        'server/multi-process.test.ts',
        'server/burst.test.ts',
      ]),
    );
  });
});
