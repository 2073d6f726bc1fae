// Store-dependent: the PostgreSQL pass runs this file too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImageFile } from '../../src/desktop/qr';
import { startServer, type RunningServer } from '../support/server-process';
import { ApiClient } from './helpers/api-client';
import { CodeSource } from './helpers/codes';
import { WebClient } from './helpers/web-client';

describe(
  'web pages: trusted devices, disabling 2FA from Account Security, identity check',
  { timeout: 90_000 },
  () => {
    let server: RunningServer;

    beforeAll(async () => {
      server = await startServer({
        env: { TWOFOLD_SERVER_BACKOFF_BASE_MS: '0', TWOFOLD_SERVER_ISSUER: 'Example Corp' },
      });
      await Promise.all([
        server.addUser({ login: 'erin', name: 'Erin Example', role: 'user', password: 'erin password' }),
        server.addUser({ login: 'root', name: 'Root Admin', role: 'admin', password: 'root password' }),
      ]);
    }, 120_000);
    afterAll(async () => server?.stop());

    it('asks for the password again before showing a secret, and names the configured issuer', async () => {
      const web = new WebClient(server.baseUrl);
      expect(await web.login('erin', 'erin password')).toBe('/account');
      expect((await web.get('/account/security/setup')).location).toBe('/account/security');
      const security = await web.get('/account/security');
      const identity = await web.post('/account/security/enable', {
        csrf_token: WebClient.csrfOf(security.body),
      });
      expect(identity.body).toContain('Security Control');
      expect(identity.body).not.toContain('otpauth://');
      const wrong = await web.post('/account/security/identity', {
        password: 'not it',
        csrf_token: WebClient.csrfOf(identity.body),
      });
      expect(wrong.status).toBe(401);
      expect(wrong.body).toContain('Wrong password.');
      const right = await web.post('/account/security/identity', {
        password: 'erin password',
        csrf_token: WebClient.csrfOf(identity.body),
      });
      expect(right.location).toBe('/account/security/setup');
      const setup = await web.get('/account/security/setup');
      expect(setup.body).toContain('href="otpauth://totp/Example%20Corp:erin?secret=');
      // Twofold's own QR reader finds exactly the link the page offers.
      const png = /src="data:image\/png;base64,([A-Za-z0-9+/=]+)"/.exec(setup.body)?.[1] ?? '';
      const link = /href="(otpauth:\/\/[^"]+)"/.exec(setup.body)?.[1]?.replace(/&amp;/g, '&');
      expect(await decodeImageFile(Buffer.from(png, 'base64'))).toEqual([link]);
      expect(setup.body).toContain('Verification Code');
      const wrongCode = await web.post('/account/security/setup', {
        code: '000000',
        csrf_token: WebClient.csrfOf(setup.body),
      });
      expect(wrongCode.status).toBe(422);
      expect(wrongCode.body).toContain('Wrong code');
    });

    it('skips the code on a trusted device until 2FA is reset, and disables 2FA only with password and code', async () => {
      const web = new WebClient(server.baseUrl);
      await web.login('erin', 'erin password');
      let codes!: CodeSource;
      await web.enableTwoFactor('erin password', async (secret) => {
        codes = CodeSource.of(secret);
        return codes.next();
      });

      // Remember this device.
      await web.logout();
      expect(await web.login('erin', 'erin password')).toBe('/login/2fa');
      const second = await web.get('/login/2fa');
      const done = await web.post('/login/2fa', {
        code: await codes.next(),
        remember: '1',
        csrf_token: WebClient.csrfOf(second.body),
      });
      expect(done.location).toBe('/account');
      expect(web.cookie('twofold_trusted')).toBeDefined();
      const other = new WebClient(server.baseUrl);
      expect(await other.login('erin', 'erin password')).toBe('/login/2fa');
      await web.logout();
      expect(await web.login('erin', 'erin password')).toBe('/account');

      // The page says when a code was last accepted, apart from the recovery codes left (no "Last code used").
      const page = await web.get('/account/security');
      const text = page.body.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');
      // Intl's words for the moment, in UTC (the page's script shows it in the browser's zone).
      expect(text).toMatch(/Last two-factor code accepted: \w{3} \d{1,2}, \d{4}, \d{1,2}:\d\d\s[AP]M UTC\./);
      expect(text).toContain('Recovery codes left: 10.');
      expect(text).not.toContain('Last code used');

      // Disabling from the page needs the password and a current code.
      const refused = await web.post('/account/security/disable', {
        password: 'erin password',
        code: '000000',
        csrf_token: WebClient.csrfOf(page.body),
      });
      expect(refused.status).toBe(401);
      expect(refused.body).toContain('Nothing was changed');
      const disabled = await web.post('/account/security/disable', {
        password: 'erin password',
        code: await codes.next(),
        csrf_token: WebClient.csrfOf(page.body),
      });
      expect(disabled.location).toBe('/account/security?notice=disabled');
      expect((await web.get('/account/security')).body).toContain(
        'Two-factor authentication is <strong>off</strong>',
      );

      // Enabled again: the old trusted device no longer skips the code.
      await web.enableTwoFactor('erin password', async (secret) => {
        codes = CodeSource.of(secret);
        return codes.next();
      });
      await web.logout();
      expect(await web.login('erin', 'erin password')).toBe('/login/2fa');

      const admin = new ApiClient(server.baseUrl);
      await admin.signIn('root', 'root password');
      const audit = await admin.call<{ records: { action: string; actor: string }[] }>(
        'GET',
        '/audit?target=erin',
      );
      expect(audit.body.records.map((r) => r.action)).toEqual(
        expect.arrayContaining(['web.2fa.enable', 'web.2fa.disable']),
      );
    });

    it('serves plain pages: redirects when signed out, 404 in words, CSS from its own origin', async () => {
      const web = new WebClient(server.baseUrl);
      expect((await web.get('/account')).location).toBe('/login');
      expect((await web.get('/account/security')).location).toBe('/login');
      expect((await web.get('/login/2fa')).location).toBe('/login');
      const missing = await web.get('/nowhere');
      expect(missing.status).toBe(404);
      expect(missing.body).toContain('There is nothing at this address.');
      const css = await fetch(`${server.baseUrl}/assets/site.css`);
      expect(css.headers.get('content-type')).toContain('text/css');
      const login = await web.get('/login');
      expect(login.body).toContain('<label for="login">Login</label>');
      // One script only, our own, which shows dates in the reader's time zone; no inline script.
      expect(login.body.match(/<script[^>]*>/g)).toEqual(['<script src="/assets/local-time.js" defer>']);
    });
  },
);
