import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { runBin, type BinResult } from '../support/run-bin';

export { ROOT } from '../support/run-bin';

export { keychainUnavailable } from '../support/skip';

export function oathtoolUnavailable(): string | null {
  try {
    execFileSync('oathtool', ['--version'], { stdio: 'ignore' });
    return null;
  } catch {
    return 'oathtool is not installed (apt-get install oathtool)';
  }
}

export function oathtool(secret: string, time: number): string {
  const at = new Date(time * 1000)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');
  return execFileSync('oathtool', ['--totp', '-b', secret, '--now', at], { encoding: 'utf8' }).trim();
}

/** A fresh folder per test file, removed afterwards. */
export async function tempFolder(): Promise<{ path: string; cleanup: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'twofold-vault-test-'));
  return { path, cleanup: () => rm(path, { recursive: true, force: true }) };
}

export type CliResult = BinResult;

/** Runs the real `twofold` CLI as a child process (bounded in time), away from the caller's vault settings. */
export function runCli(
  args: string[],
  env: Record<string, string | undefined> = {},
  timeoutMs = 30_000,
): Promise<CliResult> {
  return runBin('twofold', args, {
    env: { TWOFOLD_PASSWORD: undefined, TWOFOLD_VAULT: undefined, ...env },
    timeoutMs,
  });
}

/** A D-Bus address where nothing listens: keytar truly cannot reach a Secret Service. */
export const NO_SECRET_SERVICE = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/twofold-no-bus' };

/** A vault file's clear header, as JSON (MAGIC, u16 version, u32 length, then the header). */
export function headerOf(bytes: Buffer): { id: string; nonce: string; slots: Record<string, unknown>[] } {
  return JSON.parse(bytes.subarray(19, 19 + bytes.readUInt32BE(15)).toString('utf8')) as {
    id: string;
    nonce: string;
    slots: Record<string, unknown>[];
  };
}

/** The same file with another header in front of the same sealed body (as someone editing it would). */
export function withHeader(bytes: Buffer, header: unknown): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const prefix = Buffer.from(bytes.subarray(0, 19));
  prefix.writeUInt32BE(json.length, 15);
  return Buffer.concat([prefix, json, bytes.subarray(19 + bytes.readUInt32BE(15))]);
}
