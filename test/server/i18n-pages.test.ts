// Store-dependent: the PostgreSQL pass runs this file too.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import english from '../../src/shared/i18n/messages/en/server.json';
import german from '../../src/shared/i18n/messages/de/server.json';
import arabic from '../../src/shared/i18n/messages/ar/server.json';
import { startServer, type RunningServer } from '../support/server-process';
import { smtpEnv, startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { CodeSource } from './helpers/codes';
import { WebClient } from './helpers/web-client';

/** Every run of words of the English server messages long enough to be a sentence's piece. */
function literals(elements: readonly MessageFormatElement[]): string[] {
  return elements.flatMap((element) => {
    if (element.type === TYPE.literal) return [element.value];
    if (element.type === TYPE.tag) return literals(element.children);
    if (element.type === TYPE.plural || element.type === TYPE.select)
      return Object.values(element.options).flatMap((option) => literals(option.value));
    return [];
  });
}
const ENGLISH_PIECES = [
  ...new Set(
    Object.values(english)
      .flatMap((message) => literals(parse(message)))
      .map((piece) => piece.trim())
      .filter((piece) => piece.length >= 12 && piece.includes(' ')),
  ),
];

/** What a person reads on a page: its text and its words in attributes. */
function readable(body: string): string {
  const attributes = [
    ...body.matchAll(/\b(?:alt|aria-label|title|placeholder|data-copied|data-selected)="([^"]*)"/g),
  ].map((m) => m[1]);
  const text = body
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
  return `${text} ${attributes.join(' ')}`.replace(/\s+/g, ' ');
}

function expectNoEnglish(body: string, where: string): void {
  const text = readable(body);
  const left = ENGLISH_PIECES.filter((piece) => text.includes(piece));
  expect(left, `English left on the ${where}`).toEqual([]);
}

function expectRoot(body: string, lang: string, dir: 'ltr' | 'rtl'): void {
  expect(body).toContain(`<html lang="${lang}" dir="${dir}">`);
}

describe('the account server in German and Arabic', { timeout: 180_000 }, () => {
  let server: RunningServer;
  let sink: SmtpSink;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'twofold-i18n-'));
    await writeFile(join(dir, 'smtp-password'), 'smtp secret 456');
    sink = await startSmtpSink({ user: 'mailer', password: 'smtp secret 456' });
    server = await startServer({
      env: { ...smtpEnv(sink, join(dir, 'smtp-password')), TWOFOLD_SERVER_BACKOFF_BASE_MS: '0' },
    });
    await Promise.all(
      ['greta', 'amal', 'pia', 'nora'].map((login) =>
        server.addUser({
          login,
          name: login,
          role: 'user',
          password: `${login} password`,
          email: `${login}@example.test`,
        }),
      ),
    );
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await sink?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Login, Account Security, recovery codes, two-step: each page in the browser's language. */
  const walk = async (
    login: string,
    acceptLanguage: string,
    expected: { lang: string; dir: 'ltr' | 'rtl'; words: Record<string, string> },
  ) => {
    const words = expected.words;
    const web = new WebClient(server.baseUrl, { 'accept-language': acceptLanguage });
    const loginPage = await web.get('/login');
    expectRoot(loginPage.body, expected.lang, expected.dir);
    expect(loginPage.body).toContain(words['server.login.password']);
    expectNoEnglish(loginPage.body, 'login page');

    const refused = await web.post('/login', {
      login,
      password: 'not it',
      csrf_token: WebClient.csrfOf(loginPage.body),
    });
    expect(refused.status).toBe(401);
    expect(refused.body).toContain(words['server.login.wrongPassword']);
    expectNoEnglish(refused.body, 'refused login page');

    expect(await web.login(login, `${login} password`)).toBe('/account');
    const off = await web.get('/account/security');
    expectRoot(off.body, expected.lang, expected.dir);
    expect(off.body).toContain(words['server.security.enable']);
    expectNoEnglish(off.body, 'Account Security page (2FA off)');

    let codes!: CodeSource;
    await web.enableTwoFactor(`${login} password`, async (secret) => {
      codes = CodeSource.of(secret);
      return codes.next();
    });
    const on = await web.get('/account/security');
    expect(on.body).toContain(words['server.security.regenerate']);
    expectNoEnglish(on.body, 'Account Security page (2FA on)');

    const sheet = await web.post('/account/security/recovery-codes', {
      password: `${login} password`,
      csrf_token: WebClient.csrfOf(on.body),
    });
    expect(sheet.status).toBe(200);
    expectRoot(sheet.body, expected.lang, expected.dir);
    expect(sheet.body).toContain(words['server.codes.titleRegenerated']);
    // The codes read left to right, whatever the page's direction.
    expect(sheet.body).toContain('<ol class="codes" id="recovery-codes" dir="ltr" translate="no">');
    expectNoEnglish(sheet.body, 'recovery codes page');

    await web.logout();
    expect(await web.login(login, `${login} password`)).toBe('/login/2fa');
    const step = await web.get('/login/2fa');
    expectRoot(step.body, expected.lang, expected.dir);
    expect(step.body).toContain(words['server.twoStep.codeLabel']);
    expectNoEnglish(step.body, 'two-step page');
    const wrong = await web.post('/login/2fa', { code: '000000', csrf_token: WebClient.csrfOf(step.body) });
    expect(wrong.status).toBe(401);
    expectNoEnglish(wrong.body, 'two-step page with a wrong code');
  };

  it('renders the login, Account Security, recovery-code and two-step pages in German from Accept-Language', async () => {
    await walk('greta', 'de-DE,de;q=0.9,en;q=0.5', { lang: 'de', dir: 'ltr', words: german });
  });

  it('renders them in Arabic, right to left, with the secret and the codes left to right', async () => {
    await walk('amal', 'ar-EG,ar;q=0.9', { lang: 'ar', dir: 'rtl', words: arabic });
    const css = await (await fetch(`${server.baseUrl}/assets/site.css`)).text();
    expect(css).toContain('[dir="ltr"] { unicode-bidi: isolate; }');
    expect(css).not.toMatch(/(?:padding|margin|border)-(?:left|right)\b/);
  });

  it("lets the login page's switcher override Accept-Language, and a signed-in person's choice override both", async () => {
    const web = new WebClient(server.baseUrl, { 'accept-language': 'de' });
    const first = await web.get('/login');
    expectRoot(first.body, 'de', 'ltr');
    // Each language in its own name.
    expect(first.body).toMatch(/<option\s+value="ar"\s+lang="ar"/);
    expect(first.body).toContain('العربية');
    // Like every form, the switcher needs the page's CSRF token.
    expect((await web.post('/language', { locale: 'ar', back: '/login' })).status).toBe(403);
    const switched = await web.post('/language', {
      locale: 'ar',
      back: '/login',
      csrf_token: WebClient.csrfOf(first.body),
    });
    expect(switched.location).toBe('/login');
    expect(web.cookie('lang')).toBe('ar');
    // Only a path on this server to go back to.
    expect(
      (
        await web.post('/language', {
          locale: 'ar',
          back: '//evil.test/',
          csrf_token: WebClient.csrfOf(first.body),
        })
      ).status,
    ).toBe(400);
    const arabicLogin = await web.get('/login');
    expectRoot(arabicLogin.body, 'ar', 'rtl');
    expect(arabicLogin.body).toContain(arabic['server.login.title']);

    // Pia chooses German on Account Security: it beats the cookie (Arabic) and the browser's French.
    const pia = new WebClient(server.baseUrl, { 'accept-language': 'fr' });
    const login = await pia.get('/login');
    await pia.post('/language', { locale: 'ar', csrf_token: WebClient.csrfOf(login.body) });
    expect(await pia.login('pia', 'pia password')).toBe('/account');
    const before = await pia.get('/account/security');
    expectRoot(before.body, 'ar', 'rtl');
    const saved = await pia.post('/account/security/language', {
      locale: 'de',
      csrf_token: WebClient.csrfOf(before.body),
    });
    expect(saved.location).toBe('/account/security?notice=language');
    const after = await pia.get(saved.location ?? '');
    expectRoot(after.body, 'de', 'ltr');
    expect(after.body).toContain(german['server.language.saved']);
    expect(after.body).toMatch(/<option\s+value="de"\s+lang="de"\s+selected\s*>/);
    expectNoEnglish(after.body, 'Account Security page after choosing German');
    // On another browser too (it is the account's choice, not this browser's).
    const elsewhere = new WebClient(server.baseUrl, { 'accept-language': 'ar' });
    await elsewhere.login('pia', 'pia password');
    expectRoot((await elsewhere.get('/account')).body, 'de', 'ltr');
  });

  it("mails in the recipient's own language, and in English when they chose none", async () => {
    // Nora chose Arabic; her browser asks for German.
    const nora = new WebClient(server.baseUrl, { 'accept-language': 'de' });
    await nora.login('nora', 'nora password');
    const page = await nora.get('/account/security');
    await nora.post('/account/security/language', { locale: 'ar', csrf_token: WebClient.csrfOf(page.body) });
    await nora.enableTwoFactor('nora password', async (secret) => CodeSource.of(secret).next());
    const mail = await sink.waitFor('nora@example.test', new RegExp(arabic['server.mail.enabledSubject']));
    expect(mail.text).toContain('مرحبًا nora،');
    expect(mail.text).toContain(arabic['server.mail.enabled']);
    expect(mail.text).toContain(arabic['server.mail.footer']);
    expect(mail.html).toContain('<html lang="ar" dir="rtl">');
    // The login and the address stay left to right inside the Arabic sentences.
    expect(mail.html).toContain('<span dir="ltr" translate="no">nora</span>');
    expectNoEnglish(mail.text.replace(/^\[.*?\]/, ''), 'mail');

    // Greta (German pages from her browser, no choice of her own) was mailed in English.
    const greta = await sink.waitFor('greta@example.test', /Two-factor authentication was turned on/);
    expect(greta.text).toContain('Hello greta,');
    expect(greta.html).toContain('<html lang="en" dir="ltr">');
  });
});
