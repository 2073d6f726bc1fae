import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { osKeychain } from '../../src/main/keychain';
import { skipReason } from '../support/skip';
import { keychainUnavailable, NO_SECRET_SERVICE, ROOT } from './support';

const run = promisify(execFile);

describe.skipIf(skipReason('OS keychain (real Secret Service)', keychainUnavailable()))('osKeychain', () => {
  it('stores, reads, replaces and deletes a secret', async () => {
    const keychain = osKeychain('Twofold-test');
    const account = `test-${randomUUID()}`;
    expect(await keychain.get(account)).toBeNull();
    await keychain.set(account, 'first');
    await keychain.set(account, 'second');
    expect(await keychain.get(account)).toBe('second');
    // Another service name is another namespace.
    expect(await osKeychain('Twofold-other').get(account)).toBeNull();
    expect(await keychain.delete(account)).toBe(true);
    expect(await keychain.delete(account)).toBe(false);
    expect(await keychain.get(account)).toBeNull();
    await expect(keychain.get('')).rejects.toThrow(RangeError);
  });

  it('turns an unreachable Secret Service into a clear KeychainUnavailableError, quickly', async () => {
    const started = Date.now();
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'test/vault/fixtures/keychain-probe.ts')],
      { cwd: ROOT, env: { ...process.env, ...NO_SECRET_SERVICE }, timeout: 60_000 },
    );
    const outcome = JSON.parse(stdout) as { ok: boolean; unavailable?: boolean; message?: string };
    expect(outcome).toMatchObject({ ok: false, unavailable: true });
    expect(outcome.message).toMatch(
      /^The OS keychain is not available \(.+\)\. On Linux, install and unlock/,
    );
    // The process ended by itself: nothing was left hanging on D-Bus.
    expect(Date.now() - started).toBeLessThan(60_000);
  }, 90_000);
});
