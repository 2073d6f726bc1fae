import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseOtpauthUri } from '../../src/shared/otp';

const BIN = resolve(import.meta.dirname, '../../bin/twofold.mjs');
// A throwaway home so nothing here can touch a real vault.
const home = mkdtempSync(join(tmpdir(), 'twofold-otp-cli-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

interface Result {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** At most two CLI processes at once: more only fight over two cores and time out. */
let running = 0;
const waiting: (() => void)[] = [];
async function slot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= 2) await new Promise<void>((go) => waiting.push(go));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

function twofold(...args: string[]): Promise<Result> {
  return slot(
    () =>
      new Promise((done) => {
        execFile(
          process.execPath,
          [BIN, ...args],
          {
            timeout: 60_000,
            env: {
              ...process.env,
              TWOFOLD_HOME: home,
              TWOFOLD_VAULT: join(home, 'vault.json'),
              NO_COLOR: '1',
            },
          },
          (error, stdout, stderr) => {
            // A kill (timeout) has no numeric code: show the signal instead of a bare -1.
            const status = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
            done({
              status,
              stdout,
              stderr: status === -1 ? `${stderr}[killed: ${String(error?.signal)}]` : stderr,
            });
          },
        );
      }),
  );
}

/** A failure: status 2, nothing on stdout, exactly one line on stderr, and no stack trace. */
function expectOneLineError(result: Result, message: RegExp): void {
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(/^[^\n]+\n$/);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(/\bat .+:\d+:\d+/);
  expect(result.status).toBe(2);
}

// Each spawn costs a tsx start-up (seconds on a loaded machine): these tests check the wiring
// (stdout, stderr, status); the parser's edge cases are tested in-process in test/otp.
const RFC_LINK = 'otpauth://totp/ACME:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8';

describe.concurrent('twofold code --uri', { timeout: 180_000 }, () => {
  it('prints the RFC 6238 code at a given time and nothing else', async () => {
    expect(await twofold('code', '--uri', RFC_LINK, '--time', '59')).toEqual({
      status: 0,
      stdout: '94287082\n',
      stderr: '',
    });
  });

  it('handles SHA512, Steam and HOTP links', async () => {
    const sha512 =
      'otpauth://totp/x?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNA&algorithm=sha512&digits=8';
    const steam = 'otpauth://totp/Steam:me?secret=63BEDWCQZKTQWPESARIERL5DTTQFCJTK&encoder=steam';
    const hotp = 'otpauth://hotp/x?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=9';
    const [a, b, c] = await Promise.all([
      twofold('code', '--uri', sha512, '--time', '20000000000'),
      twofold('code', '--uri', steam, '--time', '1511200518'),
      twofold('code', '--uri', hotp),
    ]);
    expect([a.stdout, b.stdout, c.stdout]).toEqual(['47863826\n', 'FR8RV\n', '520489\n']);
  });

  it('prints a current code when no time is given', async () => {
    const result = await twofold('code', '--uri', RFC_LINK);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^\d{8}\n$/);
  });

  it.each([
    ['not a link', 'https://example.com', /not an otpauth:\/\/ link/],
    ['unknown type', 'otpauth://motp/x?secret=JBSWY3DPEHPK3PXP', /type "motp" is unknown/],
    ['bad digits', 'otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=12', /digits must be from 5 to 10/],
  ])('refuses a link with %s in one line, status 2', async (_name, link, message) => {
    expectOneLineError(await twofold('code', '--uri', link, '--time', '59'), message);
  });

  it('refuses a bad --time', async () => {
    expectOneLineError(
      await twofold('code', '--uri', RFC_LINK, '--time', 'yesterday'),
      /--time must be Unix seconds/,
    );
  });

  it('has --help', async () => {
    const result = await twofold('code', '--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Usage: twofold code/);
    expect(result.stdout).toMatch(/--uri <otpauth-link>/);
    expect(result.stdout).toMatch(/--time <unix-seconds>/);
  });
});

describe.concurrent('twofold uri', { timeout: 180_000 }, () => {
  it('prints the canonical link, which gives the same codes back', async () => {
    const result = await twofold(
      'uri',
      '--issuer',
      'ACME Co',
      '--account',
      'alice@example.com',
      '--secret',
      'gezd gnbv gy3t qojq gezd gnbv gy3t qojq',
      '--algorithm',
      'sha256',
      '--digits',
      '8',
      '--period',
      '60',
    );
    expect(result).toEqual({
      status: 0,
      stdout:
        'otpauth://totp/ACME%20Co:alice%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME%20Co&algorithm=SHA256&digits=8&period=60\n',
      stderr: '',
    });
    expect(parseOtpauthUri(result.stdout).account).toMatchObject({
      issuer: 'ACME Co',
      account: 'alice@example.com',
    });
  });

  it('uses SHA1, 6 digits and 30 seconds by default', async () => {
    const result = await twofold('uri', '--issuer', 'A', '--account', 'a', '--secret', 'JBSWY3DPEHPK3PXP');
    expect(result.stdout).toBe(
      'otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP&issuer=A&algorithm=SHA1&digits=6&period=30\n',
    );
  });

  it.each([
    [['--digits', '11'], /--digits must be from 5 to 10, not "11"/],
    [['--algorithm', 'MD5'], /--algorithm must be one of SHA1, SHA256, SHA512/],
    [['--secret', 'JBSW1Y3DP'], /did you mean I\?/],
  ])('refuses %j in one line, status 2', async (extra, message) => {
    const base = ['--issuer', 'A', '--account', 'a', '--secret', 'JBSWY3DPEHPK3PXP'];
    expectOneLineError(await twofold('uri', ...base, ...extra), message);
  });

  it('refuses a missing required option', async () => {
    expectOneLineError(await twofold('uri', '--issuer', 'A', '--secret', 'JBSWY3DPEHPK3PXP'), /--account/);
  });

  it('has --help', async () => {
    const result = await twofold('uri', '--help');
    expect(result.status).toBe(0);
    for (const option of ['--issuer', '--account', '--secret', '--algorithm', '--digits', '--period']) {
      expect(result.stdout).toContain(option);
    }
  });
});
