import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ImportError } from '../../src/desktop/import/errors';
import { readImport } from '../../src/desktop/import/registry';
import type { ParseResult } from '../../src/desktop/import/types';
import { skipReason } from '../support/skip';
import { comparable, FIXTURES, scratch, twofold, vaultEntries } from './support';

// Every real export in ../shared/fixtures/imports through the CLI, as a user runs it. The importers'
// own test checks each module against expected-entries.json; this one checks that `twofold import`
// lands exactly what the module reads (all of it, in one write), refuses what the module refuses with
// the module's words, and refuses a wrong password for every encrypted file, writing nothing.
const expectedPath = join(FIXTURES, 'expected-entries.json');
const absent = existsSync(expectedPath) ? null : `${expectedPath} is absent`;
skipReason('twofold import over the fixture exports', absent);

interface Spec {
  entries: unknown[];
  password?: string;
}
const files: Record<string, Spec> = absent
  ? {}
  : (JSON.parse(readFileSync(expectedPath, 'utf8')) as { files: Record<string, Spec> }).files;

const place = scratch('cli-fixtures');
afterAll(() => place.remove());

function passwordFile(name: string, password: string): string {
  const path = join(place.dir, `${name.replace(/\W/g, '_')}.password`);
  writeFileSync(path, `${password}\n`);
  return path;
}

async function moduleRead(file: string, password?: string): Promise<ParseResult | ImportError> {
  const bytes = new Uint8Array(readFileSync(join(FIXTURES, file)));
  return readImport({ bytes, fileName: basename(file) }, password === undefined ? {} : { password }).catch(
    (error: unknown) => {
      if (error instanceof ImportError) return error;
      throw error;
    },
  );
}

describe.skipIf(absent !== null).concurrent('`twofold import` over every fixture export', () => {
  for (const [file, spec] of Object.entries(files)) {
    it(file, { timeout: 300_000 }, async () => {
      const path = join(FIXTURES, file);
      const name = file.replace(/\W/g, '_');
      const vault = join(place.dir, `${name}.twofold`);
      const password =
        spec.password === undefined ? [] : ['--password-file', passwordFile(name, spec.password)];
      const read = await moduleRead(file, spec.password);
      const result = await twofold(vault, ['import', path, ...password, '--json']);
      if (read instanceof ImportError) {
        // Refused whole: exit 2, the importer's own words, no vault written.
        expect(result.status).toBe(2);
        expect(result.stderr).toContain(read.message.slice(0, 40));
        expect(existsSync(vault)).toBe(false);
        console.warn(`[refused] ${file}: ${read.message}`);
        return;
      }
      expect(result.status, result.stderr).toBe(0);
      const summary = JSON.parse(result.stdout) as { imported: number; unreadable: unknown[] };
      expect(summary.imported).toBe(read.entries.length);
      expect(summary.unreadable).toEqual(read.failures);
      expect(read.entries).toHaveLength(spec.entries.length);
      expect(comparable(await vaultEntries(vault))).toEqual(comparable(read.entries));
      if (spec.password === undefined) return;

      const untouched = join(place.dir, `${name}.wrong.twofold`);
      const wrong = passwordFile(`${name}.wrong`, `${spec.password}-wrong`);
      const refused = await twofold(untouched, ['import', path, '--password-file', wrong]);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toMatch(/password is wrong|wrong password/i);
      expect(existsSync(untouched)).toBe(false);
    });
  }
});
