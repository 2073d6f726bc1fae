import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeVault } from '../../src/desktop/vault/format';
import { unlockWithPassword } from '../../src/desktop/vault/slots';
import { decryptBody } from '../../src/desktop/vault/vault-file';
import { skipReason } from '../support/skip';
import {
  keychainUnavailable,
  NO_SECRET_SERVICE,
  oathtool,
  oathtoolUnavailable,
  runCli,
  tempFolder,
} from './support';

const LINK = 'otpauth://totp/GitHub:me?secret=JBSWY3DPEHPK3PXP&issuer=GitHub';
const ID = /^[0-9a-f-]{36}\n$/;
// Each CLI child costs about a second of CPU (tsx); on a busy 2-core machine far more.
const SLOW = 180_000;

describe.skipIf(skipReason('vault CLI (real keychain)', keychainUnavailable() ?? oathtoolUnavailable()))(
  'twofold vault commands',
  () => {
    let folder: Awaited<ReturnType<typeof tempFolder>>;
    let n = 0;
    const freshPath = () => join(folder.path, `v${n++}.twofold`);

    beforeAll(async () => {
      folder = await tempFolder();
    });
    afterAll(async () => folder.cleanup());

    it(
      'adds a link, prints the same code as oathtool, and keeps nothing readable in the file',
      async () => {
        const vault = freshPath();
        const added = await runCli(['add', LINK, '--vault', vault]);
        expect(added).toMatchObject({ status: 0, stderr: '' });
        expect(added.stdout).toMatch(ID);

        const code = await runCli(['code', 'github', '--vault', vault, '--time', '1700000015']);
        expect(code).toMatchObject({ status: 0, stdout: `${oathtool('JBSWY3DPEHPK3PXP', 1_700_000_015)}\n` });
        // TWOFOLD_VAULT works like --vault; the id finds the entry too.
        const byId = await runCli(['code', added.stdout.trim(), '--time', '59'], { TWOFOLD_VAULT: vault });
        expect(byId.stdout).toBe(`${oathtool('JBSWY3DPEHPK3PXP', 59)}\n`);

        const text = (await readFile(vault)).toString('latin1');
        expect(text).not.toContain('JBSWY3DPEHPK3PXP');
        expect(text.toLowerCase()).not.toContain('github');

        // The issue-2 form keeps working.
        const uri = await runCli(['code', '--uri', LINK, '--time', '59']);
        expect(uri).toMatchObject({ status: 0, stdout: `${oathtool('JBSWY3DPEHPK3PXP', 59)}\n` });
      },
      SLOW,
    );

    it(
      'lists as JSON without secrets, lists several matches, reveals and removes',
      async () => {
        const vault = freshPath();
        const first = (await runCli(['add', LINK, '--vault', vault])).stdout.trim();
        const second = (await runCli(['add', LINK.replace(':me', ':you'), '--vault', vault])).stdout.trim();
        const duplicate = await runCli(['add', LINK, '--vault', vault]);
        expect(duplicate.status).toBe(2);
        expect(duplicate.stderr).toMatch(
          /^twofold: GitHub \(me\) is already in the vault.*--allow-duplicate\.\n$/,
        );

        const list = await runCli(['list', '--json', '--vault', vault]);
        expect(list.status).toBe(0);
        expect(list.stdout).not.toContain('JBSWY3DPEHPK3PXP');
        const items = JSON.parse(list.stdout) as Record<string, unknown>[];
        expect(items).toHaveLength(2);
        expect(items[0]).toMatchObject({
          id: first,
          issuer: 'GitHub',
          account: 'me',
          type: 'totp',
          algorithm: 'SHA1',
          digits: 6,
          period: 30,
          counter: 0,
        });

        const several = await runCli(['code', 'github', '--vault', vault]);
        expect(several.status).toBe(2);
        expect(several.stdout).toBe('');
        expect(several.stderr).toContain(first);
        expect(several.stderr).toContain(second);
        expect(several.stderr).toMatch(/2 entries match "github"/);

        const reveal = await runCli(['reveal', second, '--vault', vault]);
        expect(reveal.stdout).toMatch(/^otpauth:\/\/totp\/GitHub:you\?secret=JBSWY3DPEHPK3PXP&issuer=GitHub/);

        expect((await runCli(['remove', first, '--vault', vault])).status).toBe(0);
        const missing = await runCli(['remove', first, '--vault', vault]);
        expect(missing).toMatchObject({ status: 2 });
        expect(missing.stderr).toMatch(/There is no entry/);
        const after = JSON.parse((await runCli(['list', '--json', '--vault', vault])).stdout) as {
          id: string;
        }[];
        expect(after.map((item) => item.id)).toEqual([second]);
      },
      SLOW,
    );

    it(
      'without a Secret Service and without a password, fails with a clear message and status 2',
      async () => {
        const vault = freshPath();
        expect((await runCli(['add', LINK, '--vault', vault])).status).toBe(0);
        const before = await readFile(vault);
        for (const args of [['list'], ['add', LINK.replace(':me', ':x')]]) {
          const result = await runCli([...args, '--vault', vault], NO_SECRET_SERVICE);
          expect(result.status).toBe(2);
          expect(result.stdout).toBe('');
          expect(result.stderr).toMatch(
            /^twofold: The OS keychain is not available \(.+\)\. This vault has no password.*gnome-keyring.*\n$/,
          );
        }
        // Nothing is created either when there is nowhere to keep the key.
        const fresh = await runCli(['list', '--vault', freshPath()], NO_SECRET_SERVICE);
        expect(fresh.status).toBe(2);
        expect(fresh.stderr).toMatch(
          /keychain is not available.*create the vault with a password: --password-file/,
        );
        expect((await readFile(vault)).equals(before)).toBe(true);
      },
      SLOW,
    );

    it(
      'sets a password so the vault opens without a keychain, then removes it',
      async () => {
        const vault = freshPath();
        const passwordFile = join(folder.path, 'password.txt');
        await writeFile(passwordFile, 'correct horse battery\n');
        const wrongFile = join(folder.path, 'wrong.txt');
        await writeFile(wrongFile, 'not the password\n');
        const id = (await runCli(['add', LINK, '--vault', vault])).stdout.trim();

        const set = await runCli(['password', 'set', '--new-password-file', passwordFile, '--vault', vault]);
        expect(set).toMatchObject({ status: 0 });
        const list = await runCli(
          ['list', '--json', '--vault', vault, '--password-file', passwordFile],
          NO_SECRET_SERVICE,
        );
        expect(list.status).toBe(0);
        expect(JSON.parse(list.stdout)).toMatchObject([{ id }]);
        const env = await runCli(['code', 'git', '--vault', vault, '--time', '59'], {
          ...NO_SECRET_SERVICE,
          TWOFOLD_PASSWORD: 'correct horse battery',
        });
        expect(env.stdout).toBe(`${oathtool('JBSWY3DPEHPK3PXP', 59)}\n`);
        const hint = await runCli(['list', '--vault', vault], NO_SECRET_SERVICE);
        expect(hint.status).toBe(2);
        expect(hint.stderr).toMatch(
          /Open the vault with its password.*--password-file F or TWOFOLD_PASSWORD\.\n$/,
        );
        const wrong = await runCli(
          ['list', '--vault', vault, '--password-file', wrongFile],
          NO_SECRET_SERVICE,
        );
        expect(wrong).toMatchObject({ status: 2, stdout: '' });
        expect(wrong.stderr).toMatch(/^twofold: Wrong password for the vault/);

        // A password-only vault made where no keychain exists.
        const moved = freshPath();
        const made = await runCli(
          ['add', LINK, '--vault', moved, '--password-file', passwordFile],
          NO_SECRET_SERVICE,
        );
        expect(made.status).toBe(0);
        const noPassword = await runCli(['list', '--vault', moved]);
        expect(noPassword.status).toBe(2);
        expect(noPassword.stderr).toMatch(/password/);

        expect((await runCli(['password', 'remove', '--vault', vault])).status).toBe(0);
        const gone = await runCli(['list', '--vault', vault, '--password-file', passwordFile]);
        expect(gone.status).toBe(2);
        expect(gone.stderr).toMatch(/has no password/);
        const noTerminal = await runCli(['password', 'set', '--vault', vault]);
        expect(noTerminal.status).toBe(2);
        expect(noTerminal.stderr).toMatch(/--new-password-file/);
      },
      SLOW,
    );

    it(
      'replaces the vault key with --rotate-key on password set and remove',
      async () => {
        const vault = freshPath();
        const first = join(folder.path, 'rotate-1.txt');
        const second = join(folder.path, 'rotate-2.txt');
        await writeFile(first, 'first rotate password\n');
        await writeFile(second, 'second rotate password\n');
        expect((await runCli(['add', LINK, '--vault', vault, '--password-file', first])).status).toBe(0);
        const before = await readFile(vault);
        const oldKey = await unlockWithPassword(
          decodeVault(before, vault).header,
          'first rotate password',
          vault,
        );

        const set = await runCli([
          'password',
          'set',
          '--rotate-key',
          '--new-password-file',
          second,
          '--vault',
          vault,
        ]);
        expect(set).toMatchObject({ status: 0 });
        expect(set.stderr).toMatch(/password was changed.*\n.*vault key was replaced/);
        expect(() => decryptBody(oldKey, readFileSync(vault), vault)).toThrow(/has been altered/);
        const list = await runCli(
          ['list', '--json', '--vault', vault, '--password-file', second],
          NO_SECRET_SERVICE,
        );
        expect(JSON.parse(list.stdout)).toHaveLength(1);

        const newKey = await unlockWithPassword(
          decodeVault(await readFile(vault), vault).header,
          'second rotate password',
          vault,
        );
        const removed = await runCli(['password', 'remove', '--rotate-key', '--vault', vault]);
        expect(removed).toMatchObject({ status: 0 });
        expect(removed.stderr).toMatch(/vault key was replaced/);
        expect(() => decryptBody(newKey, readFileSync(vault), vault)).toThrow(/has been altered/);
        expect((await runCli(['list', '--json', '--vault', vault])).stdout).toMatch(/GitHub/);
      },
      SLOW,
    );

    it(
      'refuses a file that is not a vault and leaves it alone',
      async () => {
        const path = join(folder.path, 'notes.txt');
        await writeFile(path, 'my notes\n');
        const result = await runCli(['add', LINK, '--vault', path]);
        expect(result.status).toBe(2);
        expect(result.stderr).toMatch(/is not a Twofold vault/);
        expect(await readFile(path, 'utf8')).toBe('my notes\n');
      },
      SLOW,
    );

    it(
      'does not lose an entry when six add processes run at once on a new vault',
      async () => {
        const vault = freshPath();
        const results = await Promise.all(
          Array.from({ length: 6 }, (_, i) =>
            runCli([
              'add',
              `otpauth://totp/Team:user${i}?secret=JBSWY3DPEHPK3PXP&issuer=Team`,
              '--vault',
              vault,
            ]),
          ),
        );
        for (const result of results) expect(result).toMatchObject({ status: 0, stderr: '' });
        const ids = results.map((result) => result.stdout.trim());
        const listed = JSON.parse((await runCli(['list', '--json', '--vault', vault])).stdout) as {
          id: string;
        }[];
        expect(listed.map((item) => item.id).sort()).toEqual([...ids].sort());
      },
      SLOW,
    );
  },
);
