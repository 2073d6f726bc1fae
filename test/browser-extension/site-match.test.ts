import { describe, expect, it } from 'vitest';
import { registrableDomain } from '../../src/shared/site/public-suffix';
import { matchPage } from '../../src/shared/site/match';
import { parseUrl } from '../../src/node/parse-url';

const accounts = [
  { id: 'gh', issuer: 'github.com' },
  { id: 'bbc', issuer: 'BBC', site: 'https://account.bbc.co.uk/signin' },
];
const on = (url: string, topUrl = url) => matchPage({ url, topUrl }, accounts, parseUrl);

describe('registrable domains follow the Public Suffix List', () => {
  it.each([
    ['github.com', 'github.com'],
    ['api.github.com', 'github.com'],
    ['account.bbc.co.uk', 'bbc.co.uk'],
    ['alice.github.io', 'alice.github.io'],
    ['github.com.evil.example', 'evil.example'],
    ['www.ck', 'www.ck'],
    ['a.b.kawasaki.jp', 'a.b.kawasaki.jp'],
  ])('%s is %s', (host, domain) => expect(registrableDomain(host)).toBe(domain));

  it.each(['co.uk', 'github.io', '127.0.0.1', 'localhost', ''])('%s has none', (host) =>
    expect(registrableDomain(host)).toBeNull(),
  );
});

describe('a page matches an account only on its own site', () => {
  it('fills on the site and its subdomains, by linked site or domain issuer', () => {
    expect(on('https://github.com/sessions/two-factor')).toMatchObject({ ok: true, site: 'github.com' });
    expect(on('https://api.github.com/x')).toMatchObject({ ok: true, accounts: [{ id: 'gh' }] });
    expect(on('https://session.bbc.co.uk/')).toMatchObject({ ok: true, accounts: [{ id: 'bbc' }] });
  });

  it.each([
    ['https://github.com.evil.example/login', undefined, /is not github\.com, though it looks like it/],
    ['https://gihtub.com/login', undefined, /gihtub\.com is not github\.com/],
    ['https://xn--gthub-n4a.com/login', undefined, /letters from other alphabets/],
    ['http://github.com/login', undefined, /not on a secure \(https\) connection/],
    ['https://github.com/login', 'https://evil.example/', /frame from github\.com inside evil\.example/],
    ['https://evil.example/frame', 'https://github.com/', /frame from evil\.example inside github\.com/],
    [
      'https://login.github.com/2fa',
      'https://github.com/',
      /frame from login\.github\.com inside github\.com/,
    ],
    ['https://github.com:8443/2fa', 'https://github.com/', /frame from github\.com:8443 \(another port\)/],
    ['https://co.uk/', undefined, /not a site Twofold can match/],
  ])('%s (top %s) gets nothing', (url, top, reason) => {
    const result = on(url, top ?? url);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toMatch(reason);
  });
});

describe('an account named after a service matches its known domain (the issuer-icon catalogue)', () => {
  const named = [
    { id: 'gh', issuer: 'GitHub' },
    { id: 'bb', issuer: 'Bitbucket' },
    { id: 'acme', issuer: 'Acme Corp' },
  ];
  const at = (url: string) => matchPage({ url, topUrl: url }, named, parseUrl);

  it('"GitHub" fills on github.com, "Bitbucket" on bitbucket.org, not on bitbucket.com', () => {
    expect(at('https://github.com/login')).toMatchObject({ ok: true, accounts: [{ id: 'gh' }] });
    expect(at('https://bitbucket.org/account')).toMatchObject({ ok: true, accounts: [{ id: 'bb' }] });
    expect(at('https://bitbucket.com/')).toMatchObject({ ok: false });
  });

  it('a look-alike of a known domain is refused, and an unknown name matches nothing', () => {
    expect(at('https://gihtub.com/')).toMatchObject({ ok: false, reason: /is not github\.com/ });
    expect(at('https://acme.com/')).toMatchObject({
      ok: false,
      reason: /No account in Twofold is for acme\.com/,
    });
  });

  it('a linked site wins over the catalogue', () => {
    const linked = [{ id: 'gh', issuer: 'GitHub', site: 'ghe.example.com' }];
    expect(
      matchPage({ url: 'https://ghe.example.com/', topUrl: 'https://ghe.example.com/' }, linked, parseUrl),
    ).toMatchObject({ ok: true });
    expect(
      matchPage({ url: 'https://github.com/', topUrl: 'https://github.com/' }, linked, parseUrl),
    ).toMatchObject({ ok: false });
  });
});
