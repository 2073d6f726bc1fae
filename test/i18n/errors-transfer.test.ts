// Issue 22 for import, export and backups: their errors, the import preview's reasons and notes and
// the backup status reach the window in the app's language through the real code paths, while the
// English (what the CLI prints) stays word for word.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { AutoBackups } from '../../src/desktop/export/auto-backup';
import { ImportError } from '../../src/desktop/import/errors';
import { readImportFile } from '../../src/desktop/import/read-file';
import { readImport } from '../../src/desktop/import/registry';
import { createDispatch } from '../../src/desktop/ipc/dispatch';
import { desktopHandlers } from '../../src/desktop/ipc/handlers';
import { loadMessages, translatorFor, type Locale } from '../../src/shared/i18n';
import { PersonFacingError } from '../../src/shared/person-facing-error';
import { testServices, type TestServices } from '../desktop/support/services';
import { migrationLink } from '../import/builders';
import { skipReason } from '../support/skip';

const root = path.resolve(import.meta.dirname, '../..');
const fixtures = path.join(path.resolve(root, '../shared'), 'fixtures/imports/aegis');
const aegisEncrypted = path.join(fixtures, 'aegis_encrypted.json');
const aegisPlain = path.join(fixtures, 'aegis_plain.json');
const noFixtures = skipReason(
  'real Aegis exports',
  existsSync(aegisEncrypted) && existsSync(aegisPlain) ? null : `${fixtures} has no Aegis exports`,
);

const translator = async (locale: Locale) => translatorFor(locale, await loadMessages(locale));

const opened: TestServices[] = [];
afterEach(async () => {
  for (const t of opened.splice(0)) await t.cleanup();
});

/** The real desktop services and IPC dispatch, speaking `locale`. */
async function windowIn(locale: Locale) {
  const t = await testServices();
  opened.push(t);
  await t.services.settings.update({ language: locale });
  await expect.poll(() => t.services.language.locale).toBe(locale);
  return createDispatch(desktopHandlers, t.services, undefined, () => t.services.language.t);
}

describe.skipIf(noFixtures)('a real Aegis export', () => {
  it('with a wrong password: English for the CLI, German in the window', async () => {
    const data = new Uint8Array(readFileSync(aegisEncrypted));
    const error = await readImport(
      { bytes: data, fileName: 'aegis_encrypted.json' },
      { password: 'wrong' },
    ).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).message).toBe(
      'The password is wrong: it does not open this Aegis vault file.',
    );

    const dispatch = await windowIn('de');
    expect(
      await dispatch('transfer.importOpen', {
        files: [{ name: 'aegis_encrypted.json', data }],
        password: 'wrong',
      }),
    ).toEqual({
      ok: false,
      error: {
        code: 'WRONG_PASSWORD',
        message: 'Das Passwort ist falsch: Es öffnet diese Datei (Aegis-Tresor) nicht.',
      },
    });
  });

  it('cut short: English for the CLI, Arabic in the window', async () => {
    // Cut right after a key, as a download that stopped half way leaves it.
    const whole = readFileSync(aegisPlain);
    const data = new Uint8Array(whole.subarray(0, whole.indexOf('":', whole.length / 2) + 2));
    await expect(readImport({ bytes: data })).rejects.toThrow(/^The file ends early: it looks truncated\.$/);

    const dispatch = await windowIn('ar');
    expect(await dispatch('transfer.importOpen', { files: [{ name: 'aegis_plain.json', data }] })).toEqual({
      ok: false,
      error: { code: 'MALFORMED', message: 'الملف ينتهي قبل أوانه: يبدو مقطوعًا.' },
    });
  });
});

describe('the import preview', () => {
  it('names unreadable entries and says why in the app’s language; the CLI keeps English', async () => {
    const text = ['otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example', 'not a link'].join(
      '\n',
    );
    const links = await readImport({ bytes: new TextEncoder().encode(text) });
    expect(links.failures.map(({ label, reason }) => ({ label, reason }))).toEqual([
      { label: 'Line 2', reason: 'Line 2 is not an otpauth:// link.' },
    ]);
    // An andOTP backup: one entry reads, one uses MD5, one has no name and a type Twofold lacks.
    const andotp = JSON.stringify([
      { secret: 'JBSWY3DPEHPK3PXP', issuer: 'Example', label: 'alice', digits: 6, type: 'TOTP', period: 30 },
      { secret: 'JBSWY3DPEHPK3PXP', issuer: 'Acme', label: 'bob', digits: 6, type: 'TOTP', algorithm: 'MD5' },
      { secret: 'JBSWY3DPEHPK3PXP', issuer: '', label: '', digits: 6, type: 'MOTP' },
    ]);
    const backup = await readImport({ bytes: new TextEncoder().encode(andotp) });
    expect(backup.failures.map(({ label, reason }) => ({ label, reason }))).toEqual([
      { label: 'Acme / bob', reason: 'It uses MD5, which no current authenticator (nor Twofold) supports.' },
      { label: 'Entry 3', reason: 'Its type "MOTP" is not one Twofold supports.' },
    ]);

    const dispatch = await windowIn('de');
    expect(await dispatch('transfer.importOpen', { text })).toMatchObject({
      ok: true,
      value: { unreadable: [{ label: 'Zeile 2', reason: 'Zeile 2 ist kein otpauth://-Link.' }] },
    });
    const files = [{ name: 'andotp.json', data: new TextEncoder().encode(andotp) }];
    expect(await dispatch('transfer.importOpen', { files })).toMatchObject({
      ok: true,
      value: {
        unreadable: [
          {
            label: 'Acme / bob',
            reason:
              'Er verwendet MD5, das kein aktueller Authenticator (und auch nicht Twofold) unterstützt.',
          },
          { label: 'Eintrag 3', reason: 'Sein Typ „MOTP“ wird von Twofold nicht unterstützt.' },
        ],
      },
    });
  });

  it('says the notes of a partial Google Authenticator export in the app’s language', async () => {
    // QR code 1 of an export of 2.
    const secret = new TextEncoder().encode('twelve bytes');
    const link = migrationLink([{ secret, name: 'alice', issuer: 'Example' }], { size: 2, index: 0, id: 7 });
    const english = await readImport({ bytes: new TextEncoder().encode(link) });
    expect(english.warnings).toEqual([
      'This Google Authenticator export has 2 QR codes; code 2 is missing. Scan or add it too to import every account.',
    ]);

    const dispatch = await windowIn('ja');
    expect(await dispatch('transfer.importOpen', { text: link })).toMatchObject({
      ok: true,
      value: {
        warnings: [
          'この Google Authenticator エクスポートには 2 個の QR コードがあり、コード 2 が足りません。すべてのアカウントをインポートするには、それもスキャンするか追加してください。',
        ],
      },
    });
  });
});

describe('paths, exports and backups', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'twofold-errors-transfer-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a folder given as an export file', async () => {
    const error = await readImportFile(dir).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PersonFacingError);
    expect((error as PersonFacingError).message).toBe(
      `${dir} is a folder; give the export files themselves.`,
    );
    expect((error as PersonFacingError).inLanguage(await translator('pl'))).toBe(
      `${dir} jest folderem; podaj same pliki eksportu.`,
    );
  });

  it('an export of an empty vault', async () => {
    const dispatch = await windowIn('fr');
    expect(
      await dispatch('transfer.export', { format: 'uris', confirmed: true, unencryptedConfirmed: true }),
    ).toEqual({
      ok: false,
      error: { code: 'EMPTY_VAULT', message: 'Le coffre est vide ; il n’y a rien à exporter.' },
    });
  });

  it('backups: the refusal and the status sentences follow the language', async () => {
    const english = await AutoBackups.load(dir, null);
    await expect(english.update({ enabled: true })).rejects.toThrow(
      /^Set a backup password first: every backup is protected by it\.$/,
    );
    const german = await AutoBackups.load(dir, null, { t: await translator('de') });
    const refused = await german.verify(() => []).catch((caught: unknown) => caught);
    expect((refused as PersonFacingError).message).toBe(
      'Set a backup password first: every backup is protected by it.',
    );
    expect((refused as PersonFacingError).inLanguage(await translator('de'))).toBe(
      'Legen Sie zuerst ein Sicherungspasswort fest: Jede Sicherung ist damit geschützt.',
    );
    // A backup that came due while the vault was locked is noted; the note is said in German.
    const locked = () => {
      throw new PersonFacingError('VAULT_LOCKED', 'Twofold is locked.');
    };
    await german.update({ password: 'backup password 1', enabled: true, folder: path.join(dir, 'backups') });
    german.changed(locked);
    await german.flush(locked);
    expect(german.state().skipped?.reason).toBe('der Tresor war gesperrt');
    // The check after a backup is kept with its words: said in German here, in English by default.
    await german.backupNow(() => []);
    expect(german.state().lastCheck?.message).toBe(
      'Sie lässt sich öffnen und enthält wie der Tresor keine Konten.',
    );
    const reloaded = await AutoBackups.load(dir, null);
    expect(reloaded.state().lastCheck?.message).toBe('It opens, and like the vault it holds no accounts.');
    // Words a later build no longer has are dropped, not the settings: the English kept is shown.
    const stored = path.join(dir, 'backups.json');
    const config = JSON.parse(readFileSync(stored, 'utf8')) as { lastCheck: { words: { id: string } } };
    config.lastCheck.words.id = 'transfer.backupCheck.gone';
    writeFileSync(stored, JSON.stringify(config));
    const older = await AutoBackups.load(dir, null, { t: await translator('de') });
    expect(older.state()).toMatchObject({
      enabled: true,
      lastCheck: { message: 'It opens, and like the vault it holds no accounts.' },
    });
  }, 60_000);
});

describe('the transfer sources', () => {
  // CLI-only sites that may keep plain English: none.
  const ALLOWED: readonly string[] = [];
  const files = [
    ...walk(path.join(root, 'src/desktop/import')),
    ...walk(path.join(root, 'src/desktop/export')),
    path.join(root, 'src/desktop/ipc/handlers/transfer.ts'),
  ];

  it('give their errors catalogue messages, never a sentence', () => {
    // The classes with a code first, then those with the message only.
    const literal =
      /new (?:(?:ImportError|PersonFacingError)\(\s*'[A-Z_]+',|(?:EntryError|ImportPathError|ExportError|BackupError)\()\s*['"`]/g;
    const found: string[] = [];
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      for (const match of source.matchAll(literal)) {
        const line = source.slice(0, match.index).split('\n').length;
        const site = `${path.relative(root, file)}:${line}`;
        if (!ALLOWED.includes(site)) found.push(site);
      }
    }
    expect(files.length).toBeGreaterThan(30);
    expect(found).toEqual([]);
  });
});

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : full.endsWith('.ts') ? [full] : [];
  });
}
