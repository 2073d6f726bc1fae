// Issue 22 for the vault, OTP input, keychain, image and the main process's own refusals: real
// errors from real files and links reach the window in the app's language; their `message`
// (the CLI's and the logs') stays the English it always was.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offerOpenedLink } from '../../src/desktop/app/otpauth-links';
import { createDispatch } from '../../src/desktop/ipc/dispatch';
import { desktopHandlers } from '../../src/desktop/ipc/handlers';
import { KeychainUnavailableError, type Keychain } from '../../src/desktop/keychain';
import { checkImageSize, classifyQrTexts } from '../../src/desktop/qr';
import { VaultSession } from '../../src/desktop/services/vault-session';
import { UpdateService } from '../../src/desktop/updates/update-service';
import { Vault, VaultError } from '../../src/desktop/vault';
import { checkLink } from '../../src/renderer/src/views/add/linkCheck';
import { loadMessages, translatorFor, type Translate } from '../../src/shared/i18n';
import { IPC_ERROR_CODES } from '../../src/shared/ipc/result';
import { normalizeBase32, OtpInputError, parseOtpauthUri } from '../../src/shared/otp';
import { PersonFacingError, sayIn } from '../../src/shared/person-facing-error';
import { testServices, type TestServices } from '../desktop/support/services';

const PASSWORD = 'the vault password';
const LINK = 'otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example';

let dir: string;
let german: Translate;
let arabic: Translate;

/** The error `run` throws (or rejects with). */
async function caught(run: () => unknown): Promise<PersonFacingError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof PersonFacingError) return error;
    throw error;
  }
  throw new Error('it did not throw');
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'twofold-errors-vault-'));
  german = translatorFor('de', await loadMessages('de'));
  arabic = translatorFor('ar', await loadMessages('ar'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('vault errors in the app’s language', () => {
  let path: string;
  beforeAll(async () => {
    path = join(dir, 'vault.twofold');
    const vault = await Vault.create({ path, keychain: null, password: PASSWORD });
    await vault.addFromUri(LINK);
    vault.close();
  });

  it('a wrong password for a real vault file', async () => {
    const error = await caught(() => Vault.open({ path, keychain: null, password: 'not it' }));
    expect(error).toBeInstanceOf(VaultError);
    expect(error.code).toBe('WRONG_PASSWORD');
    expect(error.message).toBe(`Wrong password for the vault ${path}.`);
    expect(error.inLanguage(german)).toBe(`Falsches Passwort für den Tresor ${path}.`);
    expect(error.inLanguage(arabic)).toBe(`كلمة مرور خاطئة للخزنة ${path}.`);
  });

  it('a vault file cut short: its reason is said in the same language as the sentence', async () => {
    const cut = join(dir, 'cut.twofold');
    const vault = await Vault.create({ path: cut, keychain: null, password: PASSWORD });
    vault.close();
    await truncate(cut, 12);
    const error = await caught(() => Vault.open({ path: cut, keychain: null, password: PASSWORD }));
    expect(error.code).toBe('CORRUPT');
    expect(error.message).toBe(
      `The vault ${cut} is damaged (it is cut short); it was left as it is. Restore it from a backup.`,
    );
    expect(error.inLanguage(german)).toBe(
      `Der Tresor ${cut} ist beschädigt (die Datei ist abgeschnitten); er wurde unverändert gelassen. Stellen Sie ihn aus einer Sicherung wieder her.`,
    );
    const inArabic = error.inLanguage(arabic);
    expect(inArabic).toContain('الملف مبتور');
    expect(inArabic).not.toContain('cut short');
  });

  it('a keychain that cannot be reached: the hint is translated, the OS’s own detail kept as data', async () => {
    const deadKeychain: Keychain = {
      get: () => Promise.reject(new KeychainUnavailableError('no Secret Service on the session bus')),
      set: () => Promise.reject(new KeychainUnavailableError('no Secret Service on the session bus')),
      delete: () => Promise.reject(new KeychainUnavailableError('no Secret Service on the session bus')),
    };
    const keyed = join(dir, 'keyed.twofold');
    const memory = new Map<string, string>();
    const vault = await Vault.create({
      path: keyed,
      password: PASSWORD,
      keychain: {
        get: async (account) => memory.get(account) ?? null,
        set: async (account, secret) => void memory.set(account, secret),
        delete: async (account) => memory.delete(account),
      },
    });
    vault.close();
    const error = await caught(() => Vault.open({ path: keyed, keychain: deadKeychain }));
    expect(error).toBeInstanceOf(KeychainUnavailableError);
    expect(error.message).toBe(
      'The OS keychain is not available (no Secret Service on the session bus). Open the vault with its password instead, or install and unlock a Secret Service keyring such as gnome-keyring or KWallet.',
    );
    expect(error.inLanguage(german)).toBe(
      'Der Schlüsselbund des Systems ist nicht verfügbar (no Secret Service on the session bus). Öffnen Sie den Tresor stattdessen mit seinem Passwort, oder installieren und entsperren Sie einen Secret Service-Schlüsselbund wie gnome-keyring oder KWallet.',
    );

    // The session's status crosses IPC as a value: said in the language it was given.
    const session = new VaultSession({ path: keyed, keychain: deadKeychain, language: arabic });
    const status = await session.open();
    expect(status).toMatchObject({
      state: 'locked',
      message: 'سلسلة مفاتيح النظام غير متاحة على هذا الحاسوب.',
    });
    const refusal = await caught(() => session.current());
    expect(refusal.message).toBe('The system keychain is not available on this computer.');
    expect(refusal.inLanguage(german)).toBe(
      'Der Schlüsselbund des Systems ist auf diesem Computer nicht verfügbar.',
    );
    session.close();
  });

  it('a locked session says why in its language', async () => {
    const session = new VaultSession({ path, keychain: null, password: PASSWORD, language: german });
    await session.open();
    expect((await session.lock('screen-lock')).message).toBe(
      'Twofold hat sich gesperrt, als der Bildschirm gesperrt wurde.',
    );
    expect(new VaultSession({ path, keychain: null }).status().message).toBe(
      'The vault has not been opened yet.',
    );
    session.close();
  });
});

describe('OTP input errors', () => {
  it('a malformed otpauth link, in English and German and Arabic', async () => {
    const error = await caught(() => parseOtpauthUri('otpauth://totp/x?secret=1111'));
    expect(error).toBeInstanceOf(OtpInputError);
    expect(error.message).toBe(
      'The secret has a character that base32 does not use at position 1: "1" (did you mean I?). Base32 uses the letters A–Z and the digits 2–7.',
    );
    expect(error.inLanguage(german)).toBe(
      'Der geheime Schlüssel enthält an Position 1 ein Zeichen, das Base32 nicht verwendet: „1“ (meinten Sie I?). Base32 verwendet die Buchstaben A–Z und die Ziffern 2–7.',
    );
    expect(error.inLanguage(arabic)).toContain('«1»');
    const type = await caught(() => parseOtpauthUri('otpauth://motp/x?secret=JBSWY3DPEHPK3PXP'));
    expect(type.message).toBe('The link\'s type "motp" is unknown: it must be totp, hotp or steam.');
    expect(type.inLanguage(arabic)).toBe('نوع الرابط «motp» غير معروف: يجب أن يكون TOTP أو HOTP أو Steam.');
    const invisible = await caught(() => normalizeBase32('JBSWY3DP\u200bEHPK'));
    expect(invisible.message).toContain('an invisible character');
    expect(invisible.inLanguage(german)).toContain('ein unsichtbares Zeichen');
  });

  it('the Add sheet’s own checks say the parser’s words with the window’s translator', () => {
    expect(checkLink('otpauth://totp/x', german)).toEqual({
      kind: 'error',
      message: 'Der Link enthält keinen geheimen Schlüssel.',
    });
    const hotp = checkLink('otpauth://hotp/Example:alice?secret=JBSWY3DPEHPK3PXP', german);
    expect(hotp).toMatchObject({
      kind: 'ok',
      warnings: ['Der Link enthält keinen Zähler; es wird bei 0 begonnen.'],
    });
    expect(parseOtpauthUri('otpauth://hotp/Example:alice?secret=JBSWY3DPEHPK3PXP').warnings).toEqual([
      'The link has no counter; starting from 0.',
    ]);
  });
});

describe('image and scan words', () => {
  it('an image larger than any screen', async () => {
    const png = new Uint8Array(24);
    png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 0);
    png.set(
      [...'IHDR'].map((c) => c.charCodeAt(0)),
      12,
    );
    new DataView(png.buffer).setUint32(16, 30000);
    new DataView(png.buffer).setUint32(20, 30000);
    const error = await caught(() => checkImageSize(png));
    expect(error.code).toBe('IMAGE_REFUSED');
    expect(error.message).toBe(
      'The PNG image is 30000×30000 pixels (900 megapixels); Twofold reads images up to 8192×8192 (67 megapixels). Crop it to the QR code, or take a screenshot of it.',
    );
    expect(error.inLanguage(german)).toBe(
      'Das PNG-Bild hat 30000×30000 Pixel (900 Megapixel); Twofold liest Bilder bis 8192×8192 (67 Megapixel). Schneiden Sie es auf den QR-Code zu oder erstellen Sie einen Screenshot davon.',
    );
  });

  it('scan notices, counted in the language’s plural forms', () => {
    expect(classifyQrTexts(['a', 'b', 'c'], 'screen', arabic).notices).toEqual([
      { kind: 'other', message: '3 رموز QR ليست رموز مصادقة؛ تم تجاهلها.' },
    ]);
    expect(classifyQrTexts([], 'clipboard').notices[0]?.message).toBe(
      'No QR code was found in the clipboard image. Make sure the whole code is visible and not too small.',
    );
  });
});

describe('through the IPC dispatch', () => {
  let t: TestServices;
  beforeAll(async () => {
    t = await testServices({ systemLocales: ['de-DE'] });
  });
  afterAll(() => t.cleanup());

  it('says a malformed link, an unknown request and a refusal of its own in the app’s language', async () => {
    expect(t.services.language.locale).toBe('de');
    const dispatch = createDispatch(desktopHandlers, t.services, undefined, () => t.services.language.t);
    expect(
      await dispatch('entries.previewUri', { uri: 'otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=x' }),
    ).toEqual({
      ok: false,
      error: {
        code: IPC_ERROR_CODES.badInput,
        message: 'Die Stellenzahl muss eine ganze Zahl sein, nicht „x“.',
      },
    });
    expect(await dispatch('entries.nonsense' as 'entries.list', undefined)).toEqual({
      ok: false,
      error: { code: IPC_ERROR_CODES.unknownChannel, message: 'Twofold kennt diese Anfrage nicht.' },
    });
    expect(await dispatch('entries.undoRemove', { undoId: 'gone' })).toMatchObject({
      ok: false,
      error: { message: 'Es gibt nichts mehr rückgängig zu machen.' },
    });
    // Without a language, the same refusal in English.
    const english = createDispatch(desktopHandlers, t.services);
    expect(await english('entries.undoRemove', { undoId: 'gone' })).toMatchObject({
      ok: false,
      error: { message: 'There is nothing to undo any more.' },
    });
  });
});

describe('status words that cross IPC inside values', () => {
  let t: TestServices;
  beforeAll(async () => {
    t = await testServices({ systemLocales: ['de-DE'] });
  });
  afterAll(() => t.cleanup());

  it('a link the OS hands over that cannot be read, in the app’s language', () => {
    expect(t.services.language.locale).toBe('de');
    offerOpenedLink(t.services, 'otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=0');
    expect(t.events.find((event) => event.name === 'entries.offered')?.payload).toEqual({
      pending: [],
      messages: [
        'Twofold konnte den übergebenen Link nicht lesen: Das Intervall muss zwischen 1 und 86400 Sekunden liegen, nicht 0.',
      ],
    });
  });

  it('an update check that failed', async () => {
    const updater = {
      check: () => Promise.reject(new Error('getaddrinfo ENOTFOUND updates.example')),
      download: () => Promise.resolve(),
    };
    const options = { updater, currentVersion: '1.0.0', automatic: () => false };
    const failed = await new UpdateService(options).check();
    expect(failed.words && sayIn(german, failed.words)).toBe(
      'Es konnte nicht nach Updates gesucht werden: getaddrinfo ENOTFOUND updates.example',
    );
    expect((await new UpdateService(options).check()).message).toBe(
      'Could not check for updates: getaddrinfo ENOTFOUND updates.example',
    );
  });
});

describe('no sentence left in the source', () => {
  const ROOT = join(import.meta.dirname, '../..');
  function files(folder: string): string[] {
    return readdirSync(join(ROOT, folder)).flatMap((name) => {
      const path = join(folder, name);
      if (statSync(join(ROOT, path)).isDirectory()) return files(path);
      return /\.tsx?$/.test(name) ? [path] : [];
    });
  }

  /** The top-level arguments of the call whose `(` is at `open`. */
  function argumentsAt(source: string, open: number): string[] {
    const found: string[] = [];
    let depth = 0;
    let start = open + 1;
    let quote: string | null = null;
    for (let at = open; at < source.length; at++) {
      const char = source[at];
      if (quote) {
        if (char === '\\') at++;
        else if (char === quote) quote = null;
        continue;
      }
      if (char === "'" || char === '"' || char === '`') quote = char;
      else if (char === '(' || char === '[' || char === '{') depth++;
      else if (char === ')' || char === ']' || char === '}') {
        depth--;
        if (depth === 0) {
          found.push(source.slice(start, at).trim());
          return found.filter((argument) => argument !== '');
        }
      } else if (char === ',' && depth === 1) {
        found.push(source.slice(start, at).trim());
        start = at + 1;
      }
    }
    return found;
  }

  // Which argument holds the words: after the code for the two-argument classes.
  const CLASSES = {
    VaultError: 1,
    PersonFacingError: 1,
    OtpInputError: 0,
    ImageRefusedError: 0,
    KeychainUnavailableError: 0,
  } as const;
  const AREAS = ['src/desktop', 'src/shared/otp'];
  // Other helpers convert these (issue 22): their own classes and files.
  const ELSEWHERE = /^src\/desktop\/(import|export|helpdesk|sync)\//;

  it('gives every error of these areas a catalogue message, never a sentence', () => {
    const sentences: string[] = [];
    let sites = 0;
    for (const file of AREAS.flatMap(files)) {
      if (ELSEWHERE.test(file)) continue;
      const source = readFileSync(join(ROOT, file), 'utf8');
      for (const match of source.matchAll(/new (\w+)\(/g)) {
        const position = CLASSES[match[1] as keyof typeof CLASSES];
        if (position === undefined) continue;
        sites++;
        const args = argumentsAt(source, (match.index ?? 0) + match[0].length - 1);
        // A keychain's hint comes second: both of its arguments count.
        const said = match[1] === 'KeychainUnavailableError' ? args : args.slice(position, position + 1);
        if (said.some((argument) => /^['"`]/.test(argument))) {
          const line = source.slice(0, match.index).split('\n').length;
          sentences.push(`${relative(ROOT, join(ROOT, file))}:${line} ${args.join(', ').slice(0, 80)}`);
        }
      }
    }
    expect(sites).toBeGreaterThan(60);
    expect(sentences).toEqual([]);
  });
});
