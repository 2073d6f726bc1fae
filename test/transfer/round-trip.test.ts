import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImageFile } from '../../src/desktop/qr';
import type { NewEntry } from '../../src/desktop/vault';
import { skipReason } from '../support/skip';
import { comparable, makeVault, SAMPLE, scratch, twofold, vaultEntries } from './support';

function zbarUnavailable(): string | null {
  try {
    execFileSync('zbarimg', ['--version'], { stdio: 'ignore' });
    return null;
  } catch {
    return 'zbarimg (Debian zbar-tools) is not installed';
  }
}

const mode = (path: string) => statSync(path).mode & 0o777;

// Enough plain accounts for several QR codes, beside the sample's harder cases.
const MORE: NewEntry[] = Array.from({ length: 7 }, (_, index) => ({
  type: 'totp',
  issuer: `service${index}.example`,
  account: `user${index}@example.com`,
  secret: [
    'MFRGGZDFMZTWQ2LK',
    'NBSWY3DPEB3W64TM',
    'ORSXG5BAMJ4XIZLT',
    'MNXW2ZLUNBUW4ZZA',
    'OBQXG43XN5ZGIIDT',
    'KRUGKIDROVUWG2ZA',
    'MJZG653OEBTG66BA',
  ][index] as string,
  algorithm: 'SHA1',
  digits: 6,
  period: 30,
  counter: 0,
}));
const ALL = [...SAMPLE, ...MORE];
// What Google Authenticator cannot hold: 7 and 10 digits, a 50 s and a 20 s period, Steam.
const NOT_FOR_GOOGLE = new Set(['SPDX', 'Airbnb', 'Steam', 'Ten']);

describe('exports round-trip through `twofold import`', () => {
  const place = scratch('round-trip');
  const passwordFile = join(place.dir, 'export-password');
  const wrongFile = join(place.dir, 'wrong-password');

  beforeAll(async () => {
    writeFileSync(passwordFile, 'correct horse battery staple\n');
    writeFileSync(wrongFile, 'not the password\n');
    await makeVault(place.vault, ALL);
  }, 60_000);
  afterAll(() => place.remove());

  it(
    'Aegis (encrypted) → import gives the same entries, groups and notes',
    { timeout: 120_000 },
    async () => {
      const out = join(place.dir, 'aegis.json');
      const exported = await twofold(place.vault, [
        'export',
        '--format',
        'aegis',
        '--out',
        out,
        '--password-file',
        passwordFile,
        '--yes',
      ]);
      expect(exported.stderr).toContain(`${ALL.length} accounts with their secrets will leave the vault`);
      expect(exported.status).toBe(0);
      expect(mode(out)).toBe(0o600);
      const file = JSON.parse(readFileSync(out, 'utf8')) as {
        version: number;
        header: { slots: { type: number; n: number }[] };
        db: unknown;
      };
      expect(file.version).toBe(1);
      expect(file.header.slots).toEqual([expect.objectContaining({ type: 1, n: 32768, r: 8, p: 1 })]);
      expect(typeof file.db).toBe('string');

      const fresh = scratch('aegis-in');
      try {
        const refused = await twofold(fresh.vault, ['import', out, '--password-file', wrongFile]);
        expect(refused.status).toBe(2);
        expect(refused.stderr).toMatch(/password is wrong/i);
        expect(existsSync(fresh.vault)).toBe(false);

        const imported = await twofold(fresh.vault, [
          'import',
          out,
          '--password-file',
          passwordFile,
          '--json',
        ]);
        expect(imported.status).toBe(0);
        expect(JSON.parse(imported.stdout)).toMatchObject({
          imported: ALL.length,
          skipped: [],
          unreadable: [],
        });
        expect(comparable(await vaultEntries(fresh.vault))).toEqual(comparable(ALL));
      } finally {
        fresh.remove();
      }
    },
  );

  it(
    'Twofold backup → restore on a fresh vault with its password gives the same entries',
    { timeout: 120_000 },
    async () => {
      const out = join(place.dir, 'backup.twofold');
      const exported = await twofold(place.vault, [
        'export',
        '--format',
        'backup',
        '--out',
        out,
        '--password-file',
        passwordFile,
        '--yes',
      ]);
      expect(exported.status).toBe(0);
      expect(mode(out)).toBe(0o600);

      const fresh = scratch('backup-in');
      try {
        const missing = await twofold(fresh.vault, ['import', out]);
        expect(missing.status).toBe(2);
        expect(missing.stderr).toMatch(/Twofold backup: give its password/);
        const wrong = await twofold(fresh.vault, ['import', out, '--password-file', wrongFile]);
        expect(wrong.status).toBe(2);
        expect(wrong.stderr).toMatch(/Wrong password for the Twofold backup/);
        expect(existsSync(fresh.vault)).toBe(false);

        const restored = await twofold(fresh.vault, ['import', out, '--password-file', passwordFile]);
        expect(restored.stdout).toContain(`Imported ${ALL.length} accounts.`);
        expect(restored.status).toBe(0);
        expect(comparable(await vaultEntries(fresh.vault))).toEqual(comparable(ALL));

        // Restoring again: every entry is a duplicate; skipped by default, replaced when asked.
        const again = await twofold(fresh.vault, ['import', out, '--password-file', passwordFile, '--json']);
        expect(JSON.parse(again.stdout)).toMatchObject({ imported: 0, replaced: 0 });
        expect((JSON.parse(again.stdout) as { skipped: unknown[] }).skipped).toHaveLength(ALL.length);
        const replaced = await twofold(fresh.vault, [
          'import',
          out,
          '--password-file',
          passwordFile,
          '--on-duplicate',
          'replace',
          '--json',
        ]);
        expect(JSON.parse(replaced.stdout)).toMatchObject({ imported: ALL.length, replaced: ALL.length });
        expect(await vaultEntries(fresh.vault)).toHaveLength(ALL.length);
      } finally {
        fresh.remove();
      }
    },
  );

  it('otpauth link list → import gives the same entries', { timeout: 120_000 }, async () => {
    const out = join(place.dir, 'links.txt');
    const exported = await twofold(place.vault, ['export', '--format', 'uris', '--out', out, '--yes']);
    expect(exported.status).toBe(0);
    expect(exported.stderr).toMatch(/NOT encrypted/);
    expect(mode(out)).toBe(0o600);
    const fresh = scratch('uris-in');
    try {
      expect((await twofold(fresh.vault, ['import', out])).status).toBe(0);
      expect(comparable(await vaultEntries(fresh.vault), {})).toEqual(comparable(ALL, {}));
    } finally {
      fresh.remove();
    }
  });

  it.skipIf(skipReason('google-qr round trip (zbarimg)', zbarUnavailable()))(
    'google-qr → PNGs that zxing and zbarimg decode to migration links that import to the same entries',
    { timeout: 180_000 },
    async () => {
      const out = join(place.dir, 'google-qr');
      const exported = await twofold(place.vault, ['export', '--format', 'google-qr', '--out', out, '--yes']);
      expect(exported.status).toBe(0);
      for (const issuer of NOT_FOR_GOOGLE) expect(exported.stderr).toContain(`left out ${issuer}`);
      expect(mode(out)).toBe(0o700);
      const pngs = readdirSync(out)
        .sort()
        .map((name) => join(out, name));
      const fitting = ALL.filter((entry) => !NOT_FOR_GOOGLE.has(entry.issuer));
      expect(pngs).toHaveLength(Math.ceil(fitting.length / 5));
      const links: string[] = [];
      for (const png of pngs) {
        expect(mode(png)).toBe(0o600);
        const byZxing = await decodeImageFile(new Uint8Array(readFileSync(png)));
        const byZbar = execFileSync('zbarimg', ['-q', '--raw', png], { encoding: 'utf8' }).trim();
        expect(byZxing).toEqual([byZbar]);
        expect(byZbar).toMatch(/^otpauth-migration:\/\/offline\?data=/);
        links.push(byZbar);
      }
      const linksFile = join(place.dir, 'decoded-links.txt');
      writeFileSync(linksFile, `${links.join('\n')}\n`);

      for (const source of [[linksFile], pngs]) {
        const fresh = scratch('google-in');
        try {
          const imported = await twofold(fresh.vault, ['import', ...source, '--json']);
          expect(imported.status).toBe(0);
          expect(JSON.parse(imported.stdout)).toMatchObject({
            imported: fitting.length,
            unreadable: [],
            warnings: [],
          });
          expect(comparable(await vaultEntries(fresh.vault), {})).toEqual(comparable(fitting, {}));
        } finally {
          fresh.remove();
        }
      }
    },
  );

  it('refuses to export without a terminal and without --yes, naming what would leave', async () => {
    const out = join(place.dir, 'refused.txt');
    const refused = await twofold(place.vault, ['export', '--format', 'uris', '--out', out]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(
      `${ALL.length} accounts with their secrets will leave the vault as a plain list`,
    );
    expect(refused.stderr).toContain('--yes');
    expect(existsSync(out)).toBe(false);
  });

  it('says clearly when an encrypted export has no password and no terminal', async () => {
    const out = join(place.dir, 'nopass.json');
    const refused = await twofold(place.vault, ['export', '--format', 'backup', '--out', out, '--yes']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/give its password with --password-file/);
    expect(existsSync(out)).toBe(false);
  });
});
