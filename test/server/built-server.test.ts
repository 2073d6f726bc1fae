// Store-dependent: the PostgreSQL pass runs this file too.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { freshBinBundle } from '../../bin/prebuilt.mjs';
import { ROOT } from '../support/run-bin';
import { startServer } from '../support/server-process';
import { skipReason } from '../support/skip';
import { TEST_STORE } from '../support/test-store';

const run = promisify(execFile);
const UNIT = join(ROOT, 'deploy/twofold-server.service');
const KEY_A = 'a'.repeat(64);
const KEY_B = 'b'.repeat(64);

function systemdAnalyze(): string | null {
  for (const dir of ['/usr/bin', '/bin', '/usr/local/bin']) {
    if (existsSync(join(dir, 'systemd-analyze'))) return join(dir, 'systemd-analyze');
  }
  return null;
}

describe('the built server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'twofold-built-server-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is prebuilt by the install step, with the files it loads at run time beside it', () => {
    const bundle = freshBinBundle('twofold-server');
    expect(bundle).not.toBeNull();
    expect(existsSync(new URL('./checkpoint-worker.mjs', bundle!))).toBe(true);
  });

  it('runs on plain Node (no TypeScript loader) and answers /readyz', async () => {
    const bundle = freshBinBundle('twofold-server');
    const server = await startServer({ entry: fileURLToPath(bundle!) });
    try {
      const ready = await fetch(`${server.baseUrl}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ ready: true });
    } finally {
      await server.stop();
    }
  });

  it('reads its key from the systemd credential TWOFOLD_SERVER_KEY, and refuses another key later', async () => {
    const credentials = join(dir, 'credentials');
    mkdirSync(credentials, { mode: 0o700 });
    const credential = join(credentials, 'TWOFOLD_SERVER_KEY');
    writeFileSync(credential, `${KEY_A}\n`, { mode: 0o400 });
    // An empty variable is no key: the credential is the only one given (also on PostgreSQL).
    const env = { CREDENTIALS_DIRECTORY: credentials, TWOFOLD_SERVER_KEY: '' };
    const first = await startServer({ env });
    try {
      expect((await fetch(`${first.baseUrl}/readyz`)).status).toBe(200);
      // Taken from the credential, so no key file was made beside the database.
      if (TEST_STORE === 'sqlite') expect(existsSync(`${first.dbPath}.key`)).toBe(false);
      rmSync(credential, { force: true });
      writeFileSync(credential, `${KEY_B}\n`, { mode: 0o400 });
      await expect(startServer({ env, dbPath: first.dbPath })).rejects.toThrow(
        /does not match the one this database was created with/,
      );
    } finally {
      await first.stop();
    }
  });
});

describe('the example systemd unit (deploy/twofold-server.service)', () => {
  const unit = readFileSync(UNIT, 'utf8');

  it('runs the bin with the usual hardening and the key as a credential', () => {
    const directives = new Set(
      unit
        .split('\n')
        .filter((line) => /^[A-Za-z]+=/.test(line))
        .map((line) => line.trim()),
    );
    for (const directive of [
      'DynamicUser=yes',
      'ProtectSystem=strict',
      'NoNewPrivileges=yes',
      'StateDirectory=twofold-server',
      'LoadCredential=TWOFOLD_SERVER_KEY:/etc/twofold/server.key',
    ]) {
      expect(directives, directive).toContain(directive);
    }
    expect(unit).toMatch(/^ExecStart=\/usr\/bin\/node \/opt\/twofold\/bin\/twofold-server\.mjs serve /m);
  });

  const analyze = systemdAnalyze();
  it.skipIf(
    skipReason('systemd-analyze verify', analyze === null ? 'systemd-analyze is not installed' : null),
  )('passes systemd-analyze verify with no warning', async () => {
    // The unit as installed on this machine: node and the checkout where the unit expects them.
    const dir = mkdtempSync(join(tmpdir(), 'twofold-unit-'));
    try {
      const path = join(dir, 'twofold-server.service');
      writeFileSync(
        path,
        unit.replaceAll('/usr/bin/node', process.execPath).replaceAll('/opt/twofold', ROOT),
      );
      const { stdout, stderr } = await run(analyze!, ['verify', '--man=no', path]).catch(
        (error: { stdout: string; stderr: string; code: number }) => {
          throw new Error(`systemd-analyze verify failed (${error.code}): ${error.stderr}${error.stdout}`);
        },
      );
      // Unknown or misspelt settings are only warned about: any line naming the unit fails.
      const aboutUnit = `${stdout}${stderr}`.split('\n').filter((line) => line.includes('twofold-server'));
      expect(aboutUnit).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
