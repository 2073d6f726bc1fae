import fc from 'fast-check';
import { describe, it } from 'vitest';
import { fuzzOptions, mutatedBytes, readsOrRefusesCleanly } from './import-mutations';
import { migrationLink } from '../import/builders';

// The text importers: link lists, Google Authenticator migration links, Ente's plain export, Bitwarden CSV.
const SECRET = 'JBSWY3DPEHPK3PXP';
const encode = (text: string) => new TextEncoder().encode(text);

const linkPart = fc.oneof(
  fc.constantFrom(
    'otpauth://',
    'totp/',
    'hotp/',
    'steam/',
    'Acme:me',
    '%3A',
    '%',
    '%E4',
    '?',
    '&',
    '=',
    'secret=',
    SECRET,
    'digits=',
    'period=',
    'counter=',
    'algorithm=',
    'issuer=',
    'encoder=steam',
    '99999999999999999999',
    '-1',
    'sha512',
    'codeDisplay=',
    '%7B%22tags%22%3A%5B%5D%7D',
    '\n',
    '#',
  ),
  fc.string({ maxLength: 8 }),
);
const linkText = fc.array(linkPart, { maxLength: 30 }).map((parts) => `otpauth://${parts.join('')}`);

describe('text importers never throw anything but ImportError, and never hang', () => {
  it('otpauth link lists and Ente exports of link-like noise', { timeout: 300_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(linkText, { minLength: 1, maxLength: 6 }),
        fc.constantFrom('otpauth-uris', 'ente-auth', undefined),
        async (lines, format) => {
          await readsOrRefusesCleanly({ bytes: encode(lines.join('\n')) }, format ? { format } : {});
        },
      ),
      fuzzOptions(400),
    );
  });

  it('migration links with damaged or arbitrary protobuf payloads', { timeout: 300_000 }, async () => {
    const valid = migrationLink(
      [
        { secret: new Uint8Array([1, 2, 3, 4, 5]), name: 'Acme:me', issuer: 'Acme' },
        { secret: new Uint8Array([9, 9]), name: 'h', type: 1, counter: 5, algorithm: 3, digits: 2 },
      ],
      { size: 2, index: 1, id: -5 },
    );
    const payload = Buffer.from(decodeURIComponent(valid.split('data=')[1] ?? ''), 'base64');
    const payloads = fc.oneof(mutatedBytes(payload), fc.uint8Array({ maxLength: 200 }));
    await fc.assert(
      fc.asyncProperty(fc.array(payloads, { minLength: 1, maxLength: 3 }), async (datas) => {
        const text = datas
          .map(
            (data) =>
              `otpauth-migration://offline?data=${encodeURIComponent(Buffer.from(data).toString('base64'))}`,
          )
          .join('\n');
        await readsOrRefusesCleanly({ bytes: encode(text) }, { format: 'google-authenticator' });
      }),
      fuzzOptions(400),
    );
  });

  it(
    'the text of a link list and a Bitwarden CSV, cut short or with bytes changed',
    { timeout: 300_000 },
    async () => {
      const list = encode(
        `otpauth://totp/Acme:me?secret=${SECRET}&issuer=Acme\notpauth://hotp/B:me?secret=${SECRET}&counter=3\n`,
      );
      const csv = encode(
        `folder,favorite,type,name,notes,fields,login_uri,login_username,login_password,login_totp\n` +
          `,,login,"Acme, Inc",,,,me,,otpauth://totp/Acme:me?secret=${SECRET}\n,,login,Steam,,,,me,,steam://${SECRET}\n`,
      );
      await fc.assert(
        fc.asyncProperty(fc.oneof(mutatedBytes(list), mutatedBytes(csv)), async (bytes) => {
          await readsOrRefusesCleanly({ bytes });
        }),
        fuzzOptions(300),
      );
    },
  );

  it(
    'Android settings files (FreeOTP, Authy), cut short or with bytes changed',
    { timeout: 300_000 },
    async () => {
      const quote = (json: string) =>
        json.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
      const token = JSON.stringify({
        algo: 'SHA1',
        counter: 0,
        digits: 6,
        issuerExt: 'Acme',
        label: 'me',
        period: 30,
        secret: [72, 101, -34],
        type: 'TOTP',
      });
      const freeotp = encode(
        `<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n<string name="Acme:me">${quote(token)}</string>\n<string name="tokenOrder">[&quot;Acme:me&quot;]</string>\n</map>\n`,
      );
      const tokens = JSON.stringify([
        { decryptedSecret: SECRET, digits: 6, originalName: 'Acme:me' },
        { decryptedSecret: SECRET, digits: 7, name: 'x' },
      ]);
      const authy = encode(
        `<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n<string name="com.authy.storage.tokens.authenticator.key">${quote(tokens)}</string>\n</map>\n`,
      );
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(mutatedBytes(freeotp), mutatedBytes(authy)),
          fc.constantFrom('freeotp', 'authy', undefined),
          async (bytes, format) => {
            await readsOrRefusesCleanly({ bytes }, format ? { format, password: 'x' } : { password: 'x' });
          },
        ),
        fuzzOptions(300),
      );
    },
  );

  it('arbitrary text and bytes, format sniffed', { timeout: 300_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 300 }).map(encode),
          fc.uint8Array({ maxLength: 300 }),
        ),
        async (bytes) => {
          await readsOrRefusesCleanly({ bytes }, { password: 'x' });
        },
      ),
      fuzzOptions(300),
    );
  });
});
