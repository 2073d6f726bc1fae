import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { osKeychain } from '../../src/desktop/keychain';
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

  it('gives up on a D-Bus peer that never answers: a clear message, and twofold exits by itself', async () => {
    // A socket that accepts and then stays silent: keytar's native call waits forever.
    const folder = await mkdtemp(join(tmpdir(), 'twofold-hung-bus-'));
    const socket = join(folder, 'bus');
    const server = createServer((connection) => connection.on('data', () => undefined));
    await new Promise<void>((listening) => server.listen(socket, listening));
    const child = spawn(
      process.execPath,
      [join(ROOT, 'bin/twofold.mjs'), 'list', '--vault', join(folder, 'v')],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          DBUS_SESSION_BUS_ADDRESS: `unix:path=${socket}`,
          TWOFOLD_KEYCHAIN_TIMEOUT_MS: '1500',
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    try {
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      // The keychain call runs in a helper process that is killed on timeout, so nothing
      // holds the CLI: it must exit on its own, long before this guard.
      const exit = await new Promise<number | string | null>((done) => {
        const guard = setTimeout(() => done('still running after 60 s'), 60_000);
        child.once('exit', (code) => {
          clearTimeout(guard);
          done(code);
        });
      });
      expect(exit).toBe(2);
      expect(stderr).toMatch(
        /^twofold: The OS keychain is not available \(no answer from the keychain to a \w+ after 1500 ms\)/,
      );
    } finally {
      child.kill('SIGKILL');
      server.close();
      await rm(folder, { recursive: true, force: true });
    }
  }, 90_000);
});
