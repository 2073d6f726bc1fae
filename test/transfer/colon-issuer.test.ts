import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportAegisVault } from '../../src/desktop/export/aegis';
import { googleMigrationLinks } from '../../src/desktop/export/google-migration';
import { otpauthList } from '../../src/desktop/export/uris';
import { readImport } from '../../src/desktop/import/registry';
import type { ImportedEntry } from '../../src/desktop/import/types';
import type { VaultEntry } from '../../src/desktop/vault';
import { textInput } from '../import/builders';
import { colonIssuerLinkArbitrary } from '../otp/arbitraries';

/** Fixed, so a failure names the same cases on every run. */
const SEED = 20_001;
const CASES = fc.sample(colonIssuerLinkArbitrary, { seed: SEED, numRuns: 60 });

const names = (entries: readonly ImportedEntry[]) =>
  entries.map(({ issuer, account }) => ({ issuer, account }));

function asVault(entries: readonly ImportedEntry[]): VaultEntry[] {
  return entries.map((entry, order) => ({
    ...entry,
    id: `id-${order}`,
    group: entry.group ?? '',
    note: entry.note ?? '',
    order,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  }));
}

describe(`issuers holding a colon survive import → export → import (seed ${SEED})`, () => {
  const expected = CASES.map(({ issuer, account }) => ({ issuer: issuer.trim(), account: account.trim() }));

  it('reads links written by other apps (a link list, Ente Auth) whole', async () => {
    const list = await readImport(textInput(CASES.map(({ link }) => link).join('\n')));
    expect(list.format).toBe('otpauth-uris');
    expect(names(list.entries)).toEqual(expected);
    const ente = CASES.map(({ link }) => `${link}&codeDisplay=%7B%22tags%22%3A%5B%5D%7D`).join('\n');
    const fromEnte = await readImport(textInput(ente));
    expect(fromEnte.format).toBe('ente-auth');
    expect(names(fromEnte.entries)).toEqual(expected);
  });

  it('every exporter writes them so they read back the same', { timeout: 60_000 }, async () => {
    const imported = await readImport(textInput(CASES.map(({ link }) => link).join('\n')));
    const vault = asVault(imported.entries);

    const uris = await readImport({ bytes: otpauthList(vault), fileName: 'links.txt' });
    expect(names(uris.entries)).toEqual(expected);

    const password = 'colon test';
    const aegis = await readImport(
      { bytes: await exportAegisVault(vault, password), fileName: 'aegis.json' },
      { password },
    );
    expect(names(aegis.entries)).toEqual(expected);

    const { links, left } = googleMigrationLinks(vault);
    expect(left).toEqual([]);
    const google = await readImport(textInput(links.join('\n')));
    expect(google.format).toBe('google-authenticator');
    expect(names(google.entries)).toEqual(expected);
  });
});
