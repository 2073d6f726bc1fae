import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storeDependentFiles } from '../../vitest.config';

const ROOT = resolve(import.meta.dirname, '../..');

const marked = storeDependentFiles();

describe('the PostgreSQL pass', () => {
  it('runs every file that opens a test database (it imports test/support/test-store)', () => {
    const unmarked = readdirSync(join(ROOT, 'test'), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.test.ts'))
      .map((file) => join('test', file))
      .filter((file) => /from '(\.\.\/)+support\/test-store'/.test(readFileSync(join(ROOT, file), 'utf8')))
      .filter((file) => !marked.includes(file));
    expect(unmarked).toEqual([]);
  });

  it('runs the PostgreSQL-only files and the multi-process guarantees', () => {
    expect(marked).toEqual(
      expect.arrayContaining([
        'test/server/postgres-pool.test.ts',
        'test/server/multi-process.test.ts',
        'test/server/burst.test.ts',
      ]),
    );
  });
});
