// Issue 22 for the help desk: what the console's main process says — its errors, why a server lacks
// something, a new profile's name, the recovery-codes file — reaches the window in the app's
// language, while an error's `message` (the CLI's and the logs') stays English.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalAuditLog } from '../../src/desktop/helpdesk/audit-log';
import { ODOO_CAPABILITIES } from '../../src/desktop/helpdesk/drivers/odoo/capabilities';
import { checkServerUrl, HelpdeskError } from '../../src/desktop/helpdesk';
import { profileNameFor, profileNameSchema } from '../../src/desktop/helpdesk/profiles';
import { createDispatch } from '../../src/desktop/ipc/dispatch';
import { desktopHandlers } from '../../src/desktop/ipc/handlers';
import { recoveryCodesText } from '../../src/shared/admin-api/recovery-codes-file';
import type { HelpdeskState } from '../../src/shared/ipc/channels/helpdesk';
import { englishTranslate, loadMessages, LOCALES, translatorFor } from '../../src/shared/i18n';
import { sayIn } from '../../src/shared/person-facing-error';
import { testServices, type TestServices } from '../desktop/support/services';
import { FakeOdoo } from '../helpdesk/support/fake-odoo';

const ROOT = join(import.meta.dirname, '../..');

const opened: TestServices[] = [];
const fakes: FakeOdoo[] = [];
afterEach(async () => {
  for (const t of opened.splice(0)) await t.cleanup();
  for (const fake of fakes.splice(0)) await fake.stop();
});

async function speaking(t: TestServices, language: 'de' | 'ar' | 'en'): Promise<void> {
  await t.services.settings.update({ language });
  await expect.poll(() => t.services.language.locale).toBe(language);
}

describe('help-desk errors in the app’s language', () => {
  it('says an Odoo server’s refusals, and why it lacks something, in German and Arabic; English again after', async () => {
    const fake = await new FakeOdoo().start();
    fakes.push(fake);
    fake.addUser({ login: 'root', name: 'Root', password: 'root-pass', admin: true });
    const t = await testServices();
    opened.push(t);
    const dispatch = createDispatch(desktopHandlers, t.services, undefined, () => t.services.language.t);

    await speaking(t, 'de');
    // A wrong password, refused by the server and put in Twofold's words.
    expect(await dispatch('helpdesk.signIn', { url: fake.url, login: 'root', password: 'nope' })).toEqual({
      ok: false,
      error: {
        code: 'WRONG_CREDENTIALS',
        message: 'Falscher Login oder falsches Passwort. Prüfen Sie beides und versuchen Sie es erneut.',
      },
    });

    const signedIn = await dispatch('helpdesk.signIn', {
      url: fake.url,
      login: 'root',
      password: 'root-pass',
    });
    if (!signedIn.ok) throw new Error(`sign-in failed: ${signedIn.error.message}`);
    const { session } = signedIn.value as HelpdeskState;
    // A profile given no name is named after the server, in the app's language.
    expect(session?.profile).toBe(`Dieser Computer Port ${new URL(fake.url).port}`);
    // Why the server lacks something, said in German by main.
    const checkCode = session?.capabilities.find((capability) => capability.name === 'checkCode');
    expect(checkCode?.why).toBe(
      'Odoo bietet Administratoren keine Möglichkeit, den Code eines Benutzers zu prüfen; nur die eigene Anmeldung des Benutzers prüft ihn.',
    );

    await speaking(t, 'ar');
    // Refused before anything is sent: the capability's sentence inside the error, both in Arabic.
    expect(await dispatch('helpdesk.checkCode', { userId: 2, code: '123456' })).toEqual({
      ok: false,
      error: {
        code: 'NOT_OFFERED',
        message:
          'لا يوفّر هذا الخادم ذلك: لا يتيح Odoo للمسؤولين أي طريقة للتحقق من رمز المستخدم؛ فلا يتحقق منه إلا تسجيل دخول المستخدم نفسه.',
      },
    });
    const missing = await dispatch('helpdesk.user', { id: 9999 });
    expect(missing).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'لا يوجد هذا المستخدم على هذا الخادم (ربما تمت إزالته).' },
    });

    await speaking(t, 'en');
    expect(await dispatch('helpdesk.checkCode', { userId: 2, code: '123456' })).toMatchObject({
      ok: false,
      error: {
        message:
          "This server does not offer this: Odoo gives administrators no way to check a user's code; only the user's own sign-in checks it.",
      },
    });
    expect(ODOO_CAPABILITIES.checkCode).toMatchObject({
      why: "Odoo gives administrators no way to check a user's code; only the user's own sign-in checks it.",
    });
  }, 60_000);

  it('keeps the English as the message and says it in Japanese on request', async () => {
    const error = (() => {
      try {
        checkServerUrl('http://accounts.example.com');
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(HelpdeskError);
    const refused = error as HelpdeskError;
    expect(refused.message).toBe(
      'Twofold only talks to accounts.example.com over https, so passwords and tokens cannot be read on the way. Use https://accounts.example.com.',
    );
    const japanese = translatorFor('ja', await loadMessages('ja'));
    expect(refused.inLanguage(japanese)).toBe(
      'Twofold は accounts.example.com と HTTPS でのみ通信します。パスワードやトークンが途中で読み取られないようにするためです。https://accounts.example.com を使ってください。',
    );
  });

  it('names a new profile in every language with a name the profile file accepts', async () => {
    for (const locale of LOCALES) {
      const t = translatorFor(locale, await loadMessages(locale));
      for (const url of ['http://127.0.0.1:8443', 'https://accounts.example.com:8443', 'http://localhost']) {
        const name = profileNameFor(url, t);
        expect(profileNameSchema.safeParse(name).success, `${locale}: ${name}`).toBe(true);
      }
    }
    expect(profileNameFor('http://127.0.0.1:8443')).toBe('This computer port 8443');
  });

  it('says where the local audit log breaks in the app’s language, in English for the CLI', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'twofold-audit-i18n-'));
    try {
      const log = new LocalAuditLog(join(folder, 'helpdesk-audit.log'));
      for (const n of [1, 2, 3]) {
        await log.append({
          actor: 'hdadmin',
          server: 'https://accounts.example.com',
          action: 'user.2fa.disable',
          target: `user${n}`,
          reason: `Lost phone, call ${n}`,
          result: 'ok',
        });
      }
      const text = await readFile(log.path, 'utf8');
      await writeFile(log.path, text.replace('Lost phone, call 2', 'Routine cleanup'));
      const check = await log.verify();
      if (check.whole) throw new Error('the changed log was found whole');
      expect(check.problem).toBe('record 2 of 3 — its content was changed');
      expect(typeof check.problemWords).toBe('object');
      const german = translatorFor('de', await loadMessages('de'));
      expect(sayIn(german, check.problemWords as Exclude<typeof check.problemWords, string>)).toBe(
        'Eintrag 2 von 3 — sein Inhalt wurde geändert',
      );

      // Records cut from the end: the head remembers, in words, through the next append too.
      await writeFile(log.path, text.split('\n').slice(0, 1).join('\n') + '\n');
      await log.append({
        actor: 'hdadmin',
        server: 'https://accounts.example.com',
        action: 'user.unlock',
        target: 'user9',
        reason: 'Locked out',
        result: 'ok',
      });
      const cut = await log.verify();
      if (cut.whole) throw new Error('the cut log was found whole');
      expect(cut.problem).toBe('the last 2 records were removed (Twofold wrote 3, the log holds 1)');
      const arabic = translatorFor('ar', await loadMessages('ar'));
      expect(sayIn(arabic, cut.problemWords as Exclude<typeof cut.problemWords, string>)).toContain(
        'Twofold',
      );
      expect(sayIn(arabic, cut.problemWords as Exclude<typeof cut.problemWords, string>)).not.toMatch(
        /records|removed/,
      );
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('writes the recovery-codes file in the app’s language; the codes stay as they are', async () => {
    const sheet = {
      account: 'alice',
      server: 'HQ (https://accounts.example.com)',
      generatedAt: new Date('2026-12-06T21:30:00Z'),
      codes: ['abcd-efgh', 'ijkl-mnop'],
    };
    expect(recoveryCodesText(sheet)).toBe(
      [
        'Twofold recovery codes for alice on HQ (https://accounts.example.com)',
        'Generated: 2026-12-06 21:30 UTC',
        'Each code signs you in once, in place of a code from your authenticator.',
        'Making new codes stops these from working. Keep this file somewhere only you can read.',
        '',
        'abcd-efgh',
        'ijkl-mnop',
        '',
      ].join('\n'),
    );
    const german = recoveryCodesText(sheet, translatorFor('de', await loadMessages('de')));
    expect(german.split('\n').slice(0, 2)).toEqual([
      'Twofold-Wiederherstellungscodes für alice auf HQ (https://accounts.example.com)',
      'Erstellt: 2026-12-06 21:30 UTC',
    ]);
    expect(german.endsWith('\nabcd-efgh\nijkl-mnop\n')).toBe(true);
    expect(recoveryCodesText(sheet, englishTranslate)).toBe(recoveryCodesText(sheet));
  });
});

/** The source files of the help desk's main-process side, under `dir`. */
async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(join(ROOT, dir), { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

/** The argument list of each `new <Class>(` in `text`, found by matching parentheses outside strings. */
function constructorArguments(text: string, className: string): string[][] {
  const found: string[][] = [];
  const opening = new RegExp(`new\\s+${className}\\(`, 'g');
  for (let match = opening.exec(text); match; match = opening.exec(text)) {
    const args: string[] = [];
    let depth = 0;
    let current = '';
    let quote: string | null = null;
    for (let i = match.index + match[0].length; i < text.length; i++) {
      const c = text[i] as string;
      if (quote) {
        current += c;
        if (c === '\\') current += text[++i] ?? '';
        else if (c === quote) quote = null;
        continue;
      }
      if (c === "'" || c === '"' || c === '`') quote = c;
      if (c === '(' || c === '[' || c === '{') depth += 1;
      if (c === ')' || c === ']' || c === '}') {
        if (depth === 0) break;
        depth -= 1;
      }
      if (c === ',' && depth === 0) {
        args.push(current.trim());
        current = '';
        continue;
      }
      current += c;
    }
    if (current.trim() !== '') args.push(current.trim());
    found.push(args);
  }
  return found;
}

/**
 * The message argument with every `words(…)` call and every compared value (`phase === 'sign-in'`)
 * taken out: what is left must hold no literal text.
 */
function withoutWords(argument: string): string {
  let text = argument
    .replace(/(?:===|!==)\s*(['"])(?:\\.|(?!\1).)*\1/g, '')
    .replace(/(['"])(?:\\.|(?!\1).)*\1\s*(?:===|!==)/g, '');
  for (let at = text.indexOf('words('); at !== -1; at = text.indexOf('words(')) {
    let depth = 0;
    let end = at + 'words'.length;
    for (; end < text.length; end++) {
      if (text[end] === '(') depth += 1;
      if (text[end] === ')' && --depth === 0) break;
    }
    text = text.slice(0, at) + text.slice(end + 1);
  }
  return text;
}

describe('help-desk sources', () => {
  it('give HelpdeskError and PersonFacingError catalogue messages, never a sentence of their own', async () => {
    const files = [
      ...(await sources('src/desktop/helpdesk')),
      ...(await sources('src/desktop/ipc/handlers')).filter((file) => /\/helpdesk[^/]*\.ts$/.test(file)),
    ];
    expect(files.length).toBeGreaterThan(20);
    const offenders: string[] = [];
    let sites = 0;
    for (const file of files) {
      const text = await readFile(join(ROOT, file), 'utf8');
      for (const className of ['HelpdeskError', 'PersonFacingError']) {
        for (const args of constructorArguments(text, className)) {
          sites += 1;
          // A sentence written in place: a quoted or template string left once `words(…)` calls are out.
          if (/['"`]/.test(withoutWords(args[1] ?? '')))
            offenders.push(`${file}: new ${className}(${args.join(', ')})`);
        }
      }
    }
    expect(offenders).toEqual([]);
    // The scan found the throw sites it is meant to check.
    expect(sites).toBeGreaterThan(80);
  });
});
