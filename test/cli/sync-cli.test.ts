import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipReason } from '../support/skip';
import { keychainUnavailable, runCli, tempFolder } from '../vault/support';
import { validateMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';

const SLOW = 180_000;
const GITHUB = 'otpauth://totp/GitHub:me?secret=JBSWY3DPEHPK3PXP&issuer=GitHub';
const GITLAB = 'otpauth://totp/GitLab:me?secret=GEZDGNBVGY3TQOJQ&issuer=GitLab';

describe.skipIf(skipReason('sync CLI (real keychain)', keychainUnavailable()))('twofold sync', () => {
  let tmp: Awaited<ReturnType<typeof tempFolder>>;
  beforeAll(async () => {
    tmp = await tempFolder();
  });
  afterAll(async () => tmp.cleanup());

  it(
    'sets up, pairs, joins, syncs both ways, reports status as JSON and removes a device',
    async () => {
      const folder = join(tmp.path, 'Sync');
      const a = ['--vault', join(tmp.path, 'a.twofold')];
      const b = ['--vault', join(tmp.path, 'b.twofold')];
      await import('node:fs/promises').then((fs) => fs.mkdir(folder));

      const setup = await runCli(['sync', 'setup', '--folder', folder, '--name', 'laptop', ...a]);
      expect(setup).toMatchObject({ status: 0 });
      expect(setup.stdout).toBe(`Sync is set up: this computer is "laptop", the folder ${folder}.\n`);
      expect((await runCli(['sync', 'setup', '--folder', folder, ...a])).stderr).toMatch(/already set up/);
      expect((await runCli(['add', GITHUB, ...a])).status).toBe(0);
      expect((await runCli(['sync', 'now', ...a])).stdout).toMatch(
        /^Synced: \d+ changes written, 0 files merged\.\n$/,
      );

      const pair = await runCli(['sync', 'pair', ...a]);
      expect(pair.status).toBe(0);
      const code = pair.stdout.trim();
      expect(code.split(' ')).toHaveLength(12);
      // A word changed: the checksum catches it before anything is tried.
      const words = code.split(' ');
      // One word in sixteen would keep the checksum by chance: take the first that breaks it.
      const wrong = wordlist
        .map((word) => [...words.slice(0, 11), word].join(' '))
        .find((phrase) => !validateMnemonic(phrase, wordlist))!;
      const refused = await runCli(['sync', 'join', wrong, '--folder', folder, ...b]);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toMatch(/does not add up/);

      const join_ = await runCli(['sync', 'join', code, '--folder', folder, '--name', 'desktop', ...b]);
      expect(join_).toMatchObject({
        status: 0,
        stdout: 'Joined sync as "desktop": the vault holds 1 entry.\n',
      });
      expect((await runCli(['add', GITLAB, ...b])).status).toBe(0);
      expect((await runCli(['sync', 'now', ...b])).status).toBe(0);
      expect((await runCli(['sync', 'now', ...a])).stdout).toMatch(/ [1-9] files? merged/);
      const list = JSON.parse((await runCli(['list', '--json', ...a])).stdout) as { issuer: string }[];
      expect(list.map((entry) => entry.issuer)).toEqual(['GitHub', 'GitLab']);

      const status = await runCli(['sync', 'status', '--json', ...a]);
      const json = JSON.parse(status.stdout) as {
        folder: string;
        device: { name: string };
        devices: { name: string; self: boolean; lastChange: string | null }[];
        notices: unknown[];
      };
      expect(json).toMatchObject({ folder, device: { name: 'laptop' }, notices: [] });
      expect(json.devices.map((d) => [d.name, d.self])).toEqual([
        ['laptop', true],
        ['desktop', false],
      ]);
      expect(json.devices[1]?.lastChange).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect((await runCli(['sync', 'devices', ...a])).stdout).toMatch(
        /^laptop \(this computer\)\tlast change: .*\ndesktop\tlast change: \d{4}-/,
      );

      const removed = await runCli(['sync', 'devices', '--remove', 'desktop', ...a]);
      expect(removed).toMatchObject({
        status: 0,
        stdout: 'Removed "desktop": the sync key was replaced; it cannot read later changes.\n',
      });
      expect(await readdir(join(folder, 'keys'))).toHaveLength(1);
      const after = await runCli(['sync', 'now', ...b]);
      expect(after.stderr).toMatch(/This computer was removed from sync on another computer/);
      const none = await runCli(['sync', 'status', ...a]);
      expect(none.stdout).toMatch(/^Folder: /);
      const notSetUp = await runCli(['add', GITHUB, '--vault', join(tmp.path, 'c.twofold')]).then(() =>
        runCli(['sync', 'now', '--vault', join(tmp.path, 'c.twofold')]),
      );
      expect(notSetUp).toMatchObject({ status: 2 });
      expect(notSetUp.stderr).toMatch(/^twofold: Sync is not set up for this vault/);
    },
    SLOW,
  );
});
