import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostProcess, rawFrame } from '../support/native-host-process';
import { runBin } from '../support/run-bin';

const SECRET = 'JBSWY3DPEHPK3PXP';
const dir = mkdtempSync(join(tmpdir(), 'twofold-native-host-'));
const vault = join(dir, 'vault.twofold');

const codeRequest = (id: number, url: string) => ({ type: 'code', id, url, topUrl: url });
const oathtool = () => execFileSync('oathtool', ['--totp', '-b', SECRET], { encoding: 'utf8' }).trim();

let host: HostProcess;

beforeAll(async () => {
  const add = await runBin('twofold', [
    'add',
    `otpauth://totp/github.com:alice?secret=${SECRET}&issuer=github.com`,
    '--vault',
    vault,
  ]);
  expect(add.stderr).toBe('');
  expect((await runBin('twofold', ['browser', 'allow', 'github.com', '--vault', vault])).status).toBe(0);
  host = new HostProcess(vault);
}, 60_000);

afterAll(() => {
  host?.child.kill();
  rmSync(dir, { recursive: true, force: true });
});

describe('the native messaging host', () => {
  it("answers the page's site with the account's code (as oathtool computes it)", async () => {
    const before = oathtool();
    const reply = await host.ask(codeRequest(1, 'https://github.com/sessions/two-factor'));
    expect([before, oathtool()]).toContainEqual((reply as { code: string }).code);
    expect(reply).toMatchObject({ id: 1, ok: true, issuer: 'github.com' });
  });

  it('refuses each bad message with a clear error and keeps answering', async () => {
    expect(await host.ask('{not json')).toEqual({ id: null, ok: false, reason: 'The message is not JSON.' });
    expect(await host.ask({ type: 'secrets', id: 2 })).toEqual({
      id: 2,
      ok: false,
      reason: 'Unknown command "secrets".',
    });
    expect(await host.ask({ type: 'code', id: 3 })).toMatchObject({
      id: 3,
      ok: false,
      reason: 'The request is not one Twofold understands.',
    });
    host.child.stdin.write(
      rawFrame(JSON.stringify({ type: 'code', id: 4, url: 'x'.repeat(70_000), topUrl: '' })),
    );
    expect(await host.next()).toEqual({
      id: null,
      ok: false,
      reason: expect.stringMatching(/^The message is 70\d{3} bytes; Twofold takes at most 65536\.$/),
    });
    expect(await host.ask(codeRequest(5, 'https://example.org/login'))).toEqual({
      id: 5,
      ok: false,
      reason: 'No account in Twofold is for example.org.',
    });
    expect(await host.ask(codeRequest(6, 'https://github.com.evil.example/login'))).toMatchObject({
      id: 6,
      ok: false,
      reason: expect.stringMatching(/is not github\.com/),
    });
    expect(await host.ask(codeRequest(7, 'https://github.com/'))).toMatchObject({ id: 7, ok: true });
    expect(host.child.exitCode).toBeNull();
  });

  it('lists the names of the accounts for the site only, and links an unlinked account named like the site', async () => {
    const env = {};
    for (const uri of [
      `otpauth://totp/Acme%20Corp:carol?secret=${SECRET}&issuer=Acme%20Corp`,
      `otpauth://totp/Other:dave?secret=${SECRET}&issuer=Other`,
    ])
      expect((await runBin('twofold', ['add', uri, '--vault', vault], { env })).status).toBe(0);
    const page = (type: string, id: number, url: string, extra = {}) => ({
      type,
      id,
      url,
      topUrl: url,
      ...extra,
    });
    expect(await host.ask(page('accounts', 10, 'https://github.com/login'))).toEqual({
      id: 10,
      ok: true,
      site: 'github.com',
      accounts: [{ id: expect.any(String), issuer: 'github.com', account: 'alice' }],
    });
    const none = (await host.ask(page('accounts', 11, 'https://acme.com/2fa'))) as {
      suggestions: { id: string; issuer: string }[];
    };
    // Only the account named like the site is offered; not "Other", not github.com's.
    expect(none).toMatchObject({
      id: 11,
      ok: false,
      site: 'acme.com',
      reason: 'No account in Twofold is for acme.com.',
    });
    expect(none.suggestions.map((entry) => entry.issuer)).toEqual(['Acme Corp']);
    const acme = none.suggestions[0]?.id ?? '';
    // Not on a look-alike, and not an account that was not offered.
    expect(
      await host.ask(page('link', 12, 'https://acme.com.evil.example/', { account: acme })),
    ).toMatchObject({
      ok: false,
      reason: 'That account cannot be linked to this page’s site.',
    });
    expect(await host.ask(page('link', 13, 'https://acme.com/2fa', { account: acme }))).toMatchObject({
      id: 13,
      ok: true,
      site: 'acme.com',
      accounts: [{ id: acme, issuer: 'Acme Corp', account: 'carol' }],
    });
    // Linked, the account is not offered again for another site of its name.
    expect(await host.ask(page('accounts', 14, 'https://acme.org/'))).toMatchObject({
      ok: false,
      suggestions: [],
    });
    // The site is not allowed yet: no code, and how to allow it.
    expect(await host.ask(page('code', 15, 'https://acme.com/2fa', { account: acme }))).toEqual({
      id: 15,
      ok: false,
      reason: 'Allow acme.com first: in Twofold, or with "twofold browser allow acme.com".',
    });
    expect((await runBin('twofold', ['browser', 'allow', 'acme.com', '--vault', vault])).status).toBe(0);
    expect(await host.ask(page('code', 16, 'https://acme.com/2fa', { account: acme }))).toMatchObject({
      ok: true,
    });
    // Filling turned off: the host refuses.
    writeFileSync(
      join(dir, 'browser.json'),
      JSON.stringify({ enabled: false, allowedSites: ['github.com'] }),
    );
    expect(await host.ask(codeRequest(17, 'https://github.com/'))).toEqual({
      id: 17,
      ok: false,
      reason: 'Filling codes in the browser is turned off in Twofold.',
    });
    writeFileSync(join(dir, 'browser.json'), JSON.stringify({ enabled: true, allowedSites: ['github.com'] }));
  });

  it('says the vault is locked, and stays up', async () => {
    const locked = join(dir, 'locked', 'vault.twofold');
    const add = await runBin(
      'twofold',
      ['add', `otpauth://totp/github.com:bob?secret=${SECRET}`, '--vault', locked],
      {
        env: { TWOFOLD_PASSWORD: 'correct horse battery staple' },
      },
    );
    expect(add.status).toBe(0);
    const lockedHost = new HostProcess(locked, {
      TWOFOLD_PASSWORD: undefined,
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent',
    });
    try {
      expect(await lockedHost.ask(codeRequest(1, 'https://github.com/'))).toMatchObject({
        id: 1,
        ok: false,
        reason: expect.stringMatching(/^Twofold could not open the vault: /),
      });
      expect(await lockedHost.ask('[]')).toMatchObject({ ok: false });
      expect(lockedHost.child.exitCode).toBeNull();
    } finally {
      lockedHost.child.kill();
    }
  });
});
