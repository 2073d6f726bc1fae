import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { nodeOtpEngine } from '../../src/node/otp-engine';
import { Vault } from '../../src/desktop/vault';
import { keyOf, type OtpAccount } from '../../src/shared/otp';
import { tempFolder } from './support';

const accounts: OtpAccount[] = [
  {
    type: 'totp',
    issuer: 'A',
    account: 'a',
    secret: 'JBSWY3DPEHPK3PXP',
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    counter: 0,
  },
  {
    type: 'totp',
    issuer: 'B',
    account: 'b',
    secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
    algorithm: 'SHA256',
    digits: 8,
    period: 60,
    counter: 0,
  },
  {
    type: 'steam',
    issuer: 'Steam',
    account: 's',
    secret: '63BEDWCQZKTQWPESARIERL5DTTQFCJTK',
    algorithm: 'SHA1',
    digits: 5,
    period: 30,
    counter: 0,
  },
];

// Codes are kept per step and warmed ahead of the boundary: whatever the order of
// calls, every code must be the one the engine computes for that moment.
describe('codes kept per time step', () => {
  let folder: Awaited<ReturnType<typeof tempFolder>>;
  let vault: Vault;

  beforeAll(async () => {
    folder = await tempFolder();
    vault = await Vault.create({ path: join(folder.path, 'v.twofold'), password: 'step codes test' });
    for (const account of accounts) await vault.add(account);
  });
  afterAll(async () => {
    vault.close();
    await folder.cleanup();
  });

  function expected(time: number): { code: string; nextCode: string }[] {
    return accounts.map((account) => {
      const key = keyOf(account);
      return {
        code: nodeOtpEngine.totp(key, time),
        nextCode: nodeOtpEngine.totp(key, time + account.period),
      };
    });
  }

  it('gives the engine’s codes second by second across boundaries, warmed or not', () => {
    const start = 1_700_000_000;
    for (let second = 0; second < 200; second++) {
      const time = start + second;
      if (second % 3 === 0) vault.warmCodes(time, 1);
      expect(vault.codes(time).map(({ code, nextCode }) => ({ code, nextCode }))).toEqual(expected(time));
    }
  });

  it('still answers for earlier and far later moments', () => {
    for (const time of [1_600_000_000, 1_900_000_000, 1_700_000_015]) {
      expect(vault.codes(time).map(({ code, nextCode }) => ({ code, nextCode }))).toEqual(expected(time));
    }
  });

  it('warms the codes a boundary needs within the budget it is given', () => {
    const time = 1_800_000_000;
    vault.warmCodes(time, 0);
    vault.warmCodes(time, accounts.length);
    expect(vault.codes(time + 30).map(({ code }) => code)).toEqual(
      expected(time + 30).map(({ code }) => code),
    );
  });
});
