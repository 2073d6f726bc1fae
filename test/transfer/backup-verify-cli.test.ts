import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeVault, SAMPLE, scratch, twofold } from './support';

const BACKUP_PASSWORD = 'backup password 1';

describe('twofold backup verify (child process)', () => {
  const place = scratch('backup-verify');
  const passwordFile = join(place.dir, 'backup-password.txt');
  const newPasswordFile = join(place.dir, 'new-password.txt');
  const folder = join(place.dir, 'backups');
  const name = 'twofold-backup-20261205-120000-000.twofold';
  beforeAll(async () => {
    writeFileSync(passwordFile, `${BACKUP_PASSWORD}\n`);
    writeFileSync(newPasswordFile, 'a new password 2\n');
    await makeVault(place.vault, SAMPLE);
    mkdirSync(folder);
  });
  afterAll(() => place.remove());

  it(
    'says restorable for a good backup (the newest when no file is given), not for a changed password or an altered file',
    { timeout: 240_000 },
    async () => {
      const file = join(folder, name);
      const exported = await twofold(place.vault, [
        'export',
        '--format',
        'backup',
        '--out',
        file,
        '--password-file',
        passwordFile,
        '--yes',
      ]);
      expect(exported.status).toBe(0);

      const good = await twofold(place.vault, [
        'backup',
        'verify',
        '--folder',
        folder,
        '--password-file',
        passwordFile,
      ]);
      expect(good.stderr).toBe('');
      expect(good.stdout).toContain(`Restorable: ${file}`);
      expect(good.stdout).toContain(`all ${SAMPLE.length} accounts match the vault`);
      expect(good.status).toBe(0);

      // The backup made again under another password: the password you kept no longer opens it.
      const changed = await twofold(place.vault, [
        'export',
        '--format',
        'backup',
        '--out',
        file,
        '--password-file',
        newPasswordFile,
        '--yes',
      ]);
      expect(changed.status).toBe(0);
      const stale = await twofold(place.vault, [
        'backup',
        'verify',
        file,
        '--password-file',
        passwordFile,
        '--json',
      ]);
      expect(stale.status).toBe(1);
      expect(JSON.parse(stale.stdout)).toMatchObject({
        path: file,
        restorable: false,
        message: expect.stringMatching(/made with another password/),
      });

      // One byte flipped in the sealed body.
      const bytes = readFileSync(file);
      bytes[bytes.length - 20] = (bytes[bytes.length - 20] as number) ^ 0x01;
      writeFileSync(file, bytes);
      const altered = await twofold(place.vault, [
        'backup',
        'verify',
        file,
        '--password-file',
        newPasswordFile,
      ]);
      expect(altered.status).toBe(1);
      expect(altered.stderr).toContain(`twofold: not restorable: ${file}`);
      expect(altered.stderr).toMatch(/damaged or was changed after Twofold wrote it/);
      // Never the secret or the password in what it prints.
      for (const output of [good, stale, altered])
        expect(output.stdout + output.stderr).not.toMatch(
          new RegExp(`${SAMPLE[0]!.secret}|${BACKUP_PASSWORD}`),
        );

      // Nothing to check: exit 2, in words.
      const empty = join(place.dir, 'empty');
      mkdirSync(empty);
      const none = await twofold(place.vault, [
        'backup',
        'verify',
        '--folder',
        empty,
        '--password-file',
        passwordFile,
      ]);
      expect(none.status).toBe(2);
      expect(none.stderr).toContain(`there is no Twofold backup in ${empty}`);
      expect(readdirSync(folder)).toEqual([name]);
    },
  );
});
