import { describe, expect, it } from 'vitest';
import { formatOtpauthUri, OtpInputError, parseOtpauthUri, type OtpAccount } from '../../src/shared/otp';

const SECRET = 'JBSWY3DPEHPK3PXP';
const parse = (uri: string) => parseOtpauthUri(uri);
const accountOf = (uri: string) => parse(uri).account;

describe('parseOtpauthUri: the label and the issuer', () => {
  it('reads a full link', () => {
    expect(
      parse(
        `otpauth://totp/ACME%20Co:john.doe@email.com?secret=${SECRET}&issuer=ACME%20Co&algorithm=SHA256&digits=8&period=60`,
      ),
    ).toEqual({
      account: {
        type: 'totp',
        issuer: 'ACME Co',
        account: 'john.doe@email.com',
        secret: SECRET,
        algorithm: 'SHA256',
        digits: 8,
        period: 60,
        counter: 0,
      },
      warnings: [],
    });
  });

  it('takes the issuer from issuer= first, with a warning when the label disagrees', () => {
    const parsed = parse(`otpauth://totp/Old:alice?secret=${SECRET}&issuer=New`);
    expect(parsed.account.issuer).toBe('New');
    expect(parsed.account.account).toBe('alice');
    expect(parsed.warnings.join(' ')).toMatch(/"Old".*"New"/);
  });

  it('takes the whole issuer parameter off the label when the issuer itself holds a colon', () => {
    const parsed = parse(
      `otpauth://totp/Acme:%20Widgets%20&%20Co:ops-team?issuer=Acme%3A%20Widgets%20%26%20Co&secret=${SECRET}`,
    );
    expect(parsed.account).toMatchObject({ issuer: 'Acme: Widgets & Co', account: 'ops-team' });
    expect(parsed.warnings).toEqual([]);
    // Without the parameter the first colon still decides.
    expect(accountOf(`otpauth://totp/Acme:%20Widgets:ops-team?secret=${SECRET}`)).toMatchObject({
      issuer: 'Acme',
      account: 'Widgets:ops-team',
    });
  });

  it('falls back to the label prefix for the issuer', () => {
    expect(accountOf(`otpauth://totp/GitHub:alice?secret=${SECRET}`)).toMatchObject({
      issuer: 'GitHub',
      account: 'alice',
    });
    expect(accountOf(`otpauth://totp/GitHub:alice?secret=${SECRET}&issuer=`)).toMatchObject({
      issuer: 'GitHub',
    });
  });

  it('has an empty issuer when there is neither', () => {
    expect(accountOf(`otpauth://totp/alice?secret=${SECRET}`)).toMatchObject({
      issuer: '',
      account: 'alice',
    });
  });

  it('splits on a literal colon first, then on %3A, and trims both parts', () => {
    expect(accountOf(`otpauth://totp/Cloudflare:%20user?secret=${SECRET}`)).toMatchObject({
      issuer: 'Cloudflare',
      account: 'user',
    });
    expect(accountOf(`otpauth://totp/Cloudflare%3A%20user?secret=${SECRET}`)).toMatchObject({
      issuer: 'Cloudflare',
      account: 'user',
    });
    expect(accountOf(`otpauth://totp/Cloudflare: user?secret=${SECRET}`)).toMatchObject({
      issuer: 'Cloudflare',
      account: 'user',
    });
    // A literal colon wins over an earlier %3A: the %3A belongs to the issuer.
    expect(accountOf(`otpauth://totp/A%3AB:c%3Ad?secret=${SECRET}`)).toMatchObject({
      issuer: 'A:B',
      account: 'c:d',
    });
    // Only the first literal colon separates.
    expect(accountOf(`otpauth://totp/A:b:c?secret=${SECRET}`)).toMatchObject({ issuer: 'A', account: 'b:c' });
  });

  it('accepts an empty prefix', () => {
    expect(accountOf(`otpauth://totp/:me@example.com?secret=${SECRET}`)).toMatchObject({
      issuer: '',
      account: 'me@example.com',
    });
    expect(accountOf(`otpauth://totp/:me@example.com?secret=${SECRET}&issuer=X`)).toMatchObject({
      issuer: 'X',
    });
  });

  it('reads + as a space in query values but not in the label', () => {
    expect(accountOf(`otpauth://totp/a+b?secret=${SECRET}&issuer=Air+Canada`)).toMatchObject({
      issuer: 'Air Canada',
      account: 'a+b',
    });
    expect(accountOf(`otpauth://totp/x?secret=JBSW+Y3DP+EHPK+3PXP`).secret).toBe(SECRET);
  });

  it('decodes percent-escapes and Unicode', () => {
    expect(accountOf(`otpauth://totp/%C3%9Cber%20Bank:j%C3%BCrgen?secret=${SECRET}`)).toMatchObject({
      issuer: 'Über Bank',
      account: 'jürgen',
    });
  });

  it('refuses a broken %-escape clearly', () => {
    expect(() => parse(`otpauth://totp/bad%zz?secret=${SECRET}`)).toThrow(/label has a broken %-escape/);
    expect(() => parse(`otpauth://totp/x?secret=${SECRET}&issuer=%E0%A4`)).toThrow(/"issuer" parameter/);
  });
});

describe('parseOtpauthUri: parameters', () => {
  it('uses the defaults: SHA1, 6 digits, 30 seconds', () => {
    expect(accountOf(`otpauth://totp/x?secret=${SECRET}`)).toMatchObject({
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    });
  });

  it('accepts lowercase and dashed algorithm names, and uppercase type and parameter names', () => {
    expect(accountOf(`otpauth://totp/x?secret=${SECRET}&algorithm=sha512`).algorithm).toBe('SHA512');
    expect(accountOf(`otpauth://totp/x?secret=${SECRET}&algorithm=sha-256`).algorithm).toBe('SHA256');
    expect(accountOf(`OTPAUTH://TOTP/x?SECRET=${SECRET}&Algorithm=Sha1`).algorithm).toBe('SHA1');
  });

  it('refuses an unknown algorithm', () => {
    expect(() => parse(`otpauth://totp/x?secret=${SECRET}&algorithm=MD5`)).toThrow(
      /algorithm "MD5" is not one of SHA1, SHA256 or SHA512/,
    );
  });

  it('accepts digits 5–10 and refuses others', () => {
    for (const digits of [5, 6, 7, 8, 9, 10]) {
      expect(accountOf(`otpauth://totp/x?secret=${SECRET}&digits=${digits}`).digits).toBe(digits);
    }
    for (const digits of ['4', '11', '0', '100']) {
      expect(() => parse(`otpauth://totp/x?secret=${SECRET}&digits=${digits}`)).toThrow(
        new RegExp(`digits must be from 5 to 10, not ${Number(digits)}`),
      );
    }
    for (const digits of ['six', '6.5', '-6', '']) {
      expect(() => parse(`otpauth://totp/x?secret=${SECRET}&digits=${digits}`)).toThrow(
        /number of digits must be a whole number/,
      );
    }
  });

  it('accepts periods 1–86400 and refuses others', () => {
    expect(accountOf(`otpauth://totp/x?secret=${SECRET}&period=1`).period).toBe(1);
    expect(accountOf(`otpauth://totp/x?secret=${SECRET}&period=86400`).period).toBe(86_400);
    expect(() => parse(`otpauth://totp/x?secret=${SECRET}&period=0`)).toThrow(
      /period must be from 1 to 86400 seconds, not 0/,
    );
    expect(() => parse(`otpauth://totp/x?secret=${SECRET}&period=86401`)).toThrow(/not 86401/);
    expect(() => parse(`otpauth://totp/x?secret=${SECRET}&period=30s`)).toThrow(
      /period must be a whole number/,
    );
  });

  it('tolerates padding, spaces and lowercase in the secret parameter', () => {
    expect(accountOf(`otpauth://totp/x?secret=jbsw%20y3dp-ehpk3pxp====`).secret).toBe(SECRET);
  });

  it('refuses a missing or bad secret', () => {
    expect(() => parse('otpauth://totp/x?issuer=ACME')).toThrow(/no secret/);
    expect(() => parse('otpauth://totp/x?secret=')).toThrow(/no secret/);
    expect(() => parse('otpauth://totp/x')).toThrow(/no secret/);
    expect(() => parse('otpauth://totp/x?secret=JBSW!Y3DP')).toThrow(/base32 does not use/);
  });

  it('refuses unknown types and things that are not otpauth links', () => {
    expect(() => parse(`otpauth://motp/x?secret=${SECRET}`)).toThrow(/type "motp" is unknown/);
    expect(() => parse(`otpauth:///x?secret=${SECRET}`)).toThrow(/type "" is unknown/);
    expect(() => parse(`https://example.com/?secret=${SECRET}`)).toThrow(/not an otpauth:\/\/ link/);
    expect(() => parse('')).toThrow(/not an otpauth:\/\/ link/);
    expect(() => parse('otpauth-migration://offline?data=abc')).toThrow(/Google Authenticator export/);
    expect(() => parse(`otpauth://totp/x?secret=${SECRET}&image=${'a'.repeat(70_000)}`)).toThrow(/too long/);
  });

  it('keeps the image parameter as text', () => {
    const image = 'https://example.com/logo.png?size=64&x=1';
    expect(accountOf(`otpauth://totp/x?secret=${SECRET}&image=${encodeURIComponent(image)}`).image).toBe(
      image,
    );
    expect(accountOf(`otpauth://totp/x?secret=${SECRET}`)).not.toHaveProperty('image');
  });

  it('lets the first of duplicated parameters win and ignores unknown ones', () => {
    expect(accountOf(`otpauth://totp/x?secret=${SECRET}&digits=8&digits=6&foo=bar`).digits).toBe(8);
  });
});

describe('parseOtpauthUri: HOTP and Steam', () => {
  it('reads the HOTP counter, including past 2^32', () => {
    expect(accountOf(`otpauth://hotp/x?secret=${SECRET}&counter=42`)).toMatchObject({
      type: 'hotp',
      counter: 42,
    });
    expect(accountOf(`otpauth://hotp/x?secret=${SECRET}&counter=4294967296`).counter).toBe(4294967296);
  });

  it('starts a HOTP link without a counter at 0, with a warning', () => {
    const parsed = parse(`otpauth://hotp/x?secret=${SECRET}`);
    expect(parsed.account.counter).toBe(0);
    expect(parsed.warnings).toEqual(['The link has no counter; starting from 0.']);
  });

  it('refuses bad counters', () => {
    expect(() => parse(`otpauth://hotp/x?secret=${SECRET}&counter=-1`)).toThrow(
      /counter must be a whole number/,
    );
    expect(() => parse(`otpauth://hotp/x?secret=${SECRET}&counter=99999999999999999999`)).toThrow(
      /counter is too large/,
    );
  });

  it('recognises Steam by encoder=steam and by otpauth://steam/', () => {
    const byEncoder = accountOf(`otpauth://totp/Steam:gaben?secret=${SECRET}&encoder=steam&issuer=Steam`);
    const byType = accountOf(`otpauth://steam/Steam:gaben?secret=${SECRET}`);
    for (const account of [byEncoder, byType]) {
      expect(account).toMatchObject({ type: 'steam', digits: 5, issuer: 'Steam', account: 'gaben' });
    }
  });
});

describe('formatOtpauthUri', () => {
  const base: OtpAccount = {
    type: 'totp',
    issuer: 'ACME Co',
    account: 'alice@example.com',
    secret: SECRET,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    counter: 0,
  };

  it('writes a canonical link', () => {
    expect(formatOtpauthUri(base)).toBe(
      `otpauth://totp/ACME%20Co:alice%40example.com?secret=${SECRET}&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30`,
    );
    expect(formatOtpauthUri({ ...base, type: 'hotp', counter: 7 })).toBe(
      `otpauth://hotp/ACME%20Co:alice%40example.com?secret=${SECRET}&issuer=ACME%20Co&algorithm=SHA1&digits=6&counter=7`,
    );
  });

  it('omits the prefix without an issuer, unless the account name has a colon', () => {
    expect(formatOtpauthUri({ ...base, issuer: '' })).toMatch(/^otpauth:\/\/totp\/alice%40example\.com\?/);
    const colon = formatOtpauthUri({ ...base, issuer: '', account: 'a:b' });
    expect(colon).toMatch(/^otpauth:\/\/totp\/:a%3Ab\?/);
    expect(parseOtpauthUri(colon).account).toMatchObject({ issuer: '', account: 'a:b' });
  });

  it('gives the same account back, with the image and for Steam', () => {
    for (const account of [
      base,
      { ...base, image: 'https://example.com/a.png?x=1&y=2' },
      { ...base, type: 'steam' as const, digits: 5 },
      { ...base, type: 'hotp' as const, counter: 2 ** 40 },
      { ...base, issuer: 'Air & Water: 100% + more = ok', account: ' spaced  name ' },
    ]) {
      expect(parseOtpauthUri(formatOtpauthUri(account)).account).toEqual({
        ...account,
        account: account.account.trim(),
      });
    }
  });

  it('writes the secret canonically even when given it as a person typed it', () => {
    expect(formatOtpauthUri({ ...base, secret: 'jbsw y3dp-ehpk 3pxp==' })).toContain(`secret=${SECRET}&`);
    expect(() => formatOtpauthUri({ ...base, secret: 'not base32!' })).toThrow(OtpInputError);
  });

  it('refuses a broken Unicode string with OtpInputError', () => {
    expect(() => formatOtpauthUri({ ...base, account: 'a\uD800b' })).toThrow(OtpInputError);
  });

  it('refuses to read a link with a broken Unicode character, which it could never write again', () => {
    // Found by test/fuzz/otpauth.test.ts: the image kept a lone surrogate and the account could not be exported.
    expect(() =>
      parseOtpauthUri(`otpauth://totp/A:b?secret=${SECRET}&image=https://x.example/\uDB5F`),
    ).toThrow(OtpInputError);
    expect(() => parseOtpauthUri(`otpauth://totp/A\uDC00:b?secret=${SECRET}`)).toThrow(OtpInputError);
  });
});
