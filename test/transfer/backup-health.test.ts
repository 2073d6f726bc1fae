import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AutoBackups } from '../../src/desktop/export/auto-backup';
import { REMINDER_DAYS } from '../../src/desktop/export/password-reminder';
import { VaultSession } from '../../src/desktop/services/vault-session';
import { makeBackupKey, sealBackup } from '../../src/desktop/vault/backup-file';
import { Vault, type VaultEntry } from '../../src/desktop/vault';
import { makeVault, SAMPLE, scratch, VAULT_PASSWORD } from './support';

const BACKUP_PASSWORD = 'backup password 1';
const DAY_MS = 24 * 60 * 60 * 1000;

/** A Twofold home of its own for one test (the app's home always exists). */
function home(dir: string, name: string): string {
  const path = join(dir, name);
  mkdirSync(path, { recursive: true });
  return path;
}

/** The newest backup file in a folder. */
function newest(folder: string): string {
  return join(folder, readdirSync(folder).sort().at(-1) as string);
}

describe('backup health (services)', () => {
  const place = scratch('backup-health');
  let vault: Vault;
  const list = (): readonly VaultEntry[] => vault.exportEntries();
  beforeAll(async () => {
    await makeVault(place.vault, SAMPLE);
    vault = await Vault.open({ path: place.vault, password: VAULT_PASSWORD, keychain: null });
  });
  afterAll(() => {
    vault.close();
    place.remove();
  });

  it(
    'an automatic backup due while the vault is closed is skipped quietly and said so',
    { timeout: 60_000 },
    async () => {
      const here = home(place.dir, 'closed');
      const session = new VaultSession({ path: place.vault, keychain: null, password: VAULT_PASSWORD });
      await session.open();
      const backups = await AutoBackups.load(here, null);
      await backups.update({ password: BACKUP_PASSWORD, enabled: true, folder: join(here, 'backups') });
      backups.changed(() => session.current().exportEntries());
      session.close();
      // Before the fix the settle timer threw "The vault is not open." out of its callback.
      await expect
        .poll(() => backups.state().skipped, { timeout: 15_000 })
        .toMatchObject({ reason: 'the vault was not open' });
      expect(backups.state()).toMatchObject({ problem: null, lastBackupAt: null });
    },
  );

  it(
    'each backup is opened again and compared with the vault; an altered file or one under another password is not restorable',
    { timeout: 120_000 },
    async () => {
      const here = home(place.dir, 'checked');
      const folder = join(here, 'backups');
      const backups = await AutoBackups.load(here, null);
      await backups.update({ password: BACKUP_PASSWORD, enabled: true, folder });
      await backups.backupNow(list);
      expect(backups.state().lastCheck).toMatchObject({
        restorable: true,
        accounts: SAMPLE.length,
        message: `It opens, and all ${SAMPLE.length} accounts match the vault.`,
      });

      // One byte of the sealed body flipped: the restore would refuse it.
      const path = newest(folder);
      const good = readFileSync(path);
      const altered = Buffer.from(good);
      altered[altered.length - 20] = (altered[altered.length - 20] as number) ^ 0x01;
      writeFileSync(path, altered);
      expect((await backups.verify(list)).lastCheck).toMatchObject({
        restorable: false,
        accounts: 0,
        message: expect.stringMatching(/damaged or was changed/),
      });

      // The same entries under another backup password (another key and slot) put in its place.
      writeFileSync(path, sealBackup(await makeBackupKey('another password 2'), list()));
      expect((await backups.verify(list)).lastCheck).toMatchObject({
        restorable: false,
        message: expect.stringMatching(/another backup password/),
      });

      // The vault moved on since the backup: it opens but does not match.
      writeFileSync(path, good);
      expect((await backups.verify(list)).lastCheck?.restorable).toBe(true);
      const added = await vault.add({ ...SAMPLE[0]!, issuer: 'Added later', account: 'new' });
      try {
        expect((await backups.verify(list)).lastCheck).toMatchObject({
          restorable: false,
          message: 'It opens but does not match the vault: 1 account of the vault is not in it.',
        });
      } finally {
        await vault.remove(added.id);
      }
    },
  );

  it(
    'the password asked back: a changed password fails, the right one proves the newest backup through the importer',
    { timeout: 120_000 },
    async () => {
      const here = home(place.dir, 'asked');
      const folder = join(here, 'backups');
      const backups = await AutoBackups.load(here, null);
      await backups.update({ password: BACKUP_PASSWORD, enabled: true, folder });
      await backups.backupNow(list);

      const wrong = await backups.answerReminder('not the password', list);
      expect(wrong.right).toBe(false);

      // A restart without a keychain loses the key; the right answer brings it back.
      const restarted = await AutoBackups.load(here, null);
      expect(restarted.state().hasPassword).toBe(false);
      const right = await restarted.answerReminder(BACKUP_PASSWORD, list);
      expect(right.right).toBe(true);
      expect(right.settings).toMatchObject({
        hasPassword: true,
        lastCheck: { restorable: true, accounts: SAMPLE.length },
      });

      // The password changed, but the newest backup still has the old one: the new password does not open it.
      await restarted.update({ password: 'a new password 3' });
      const changed = await restarted.answerReminder('a new password 3', list);
      expect(changed.right).toBe(true);
      expect(changed.settings.lastCheck).toMatchObject({
        restorable: false,
        message: expect.stringMatching(/made with another password/),
      });
      expect((await restarted.verify(list)).lastCheck).toMatchObject({
        restorable: false,
        message: expect.stringMatching(/another backup password/),
      });
      expect((await restarted.answerReminder(BACKUP_PASSWORD, list)).right).toBe(false);
    },
  );
});

describe('backup password reminder (fake clock)', () => {
  const place = scratch('backup-reminder');
  afterAll(() => place.remove());

  it('asks after 1, 3, 7 and 14 days, then monthly; a wrong answer keeps it due; it can be turned off', async () => {
    let now = new Date('2026-01-01T09:00:00.000Z');
    const clock = (): Date => now;
    const later = (days: number, hours = 0): void => {
      now = new Date(now.getTime() + days * DAY_MS + hours * 3600_000);
    };
    const backups = await AutoBackups.load(place.dir, null, { now: clock });
    expect(backups.state().reminder).toBeNull();
    await backups.update({ password: BACKUP_PASSWORD });
    const nothing = (): readonly VaultEntry[] => [];

    const waits: number[] = [];
    for (let round = 0; round < 6; round++) {
      const since = now.getTime();
      const nextAt = Date.parse(backups.state().reminder?.nextAt as string);
      waits.push((nextAt - since) / DAY_MS);
      // An hour before: not yet; at the time: due.
      now = new Date(nextAt - 3600_000);
      expect(backups.state().reminder?.due).toBe(false);
      later(0, 1);
      expect(backups.state().reminder?.due).toBe(true);
      if (round === 1) {
        // Wrong: nothing moves on, it stays due.
        expect((await backups.answerReminder('wrong password', nothing)).right).toBe(false);
        later(2);
        expect(backups.state().reminder?.due).toBe(true);
      }
      expect((await backups.answerReminder(BACKUP_PASSWORD, nothing)).right).toBe(true);
      expect(backups.state().reminder?.due).toBe(false);
    }
    expect(waits).toEqual([...REMINDER_DAYS, 30]);
    expect(waits).toEqual([1, 3, 7, 14, 30, 30]);

    // Turned off: never due, however long it waits; on again, where it was.
    await backups.update({ reminders: false });
    later(400);
    expect(backups.state().reminder).toMatchObject({ enabled: false, due: false, nextAt: null });
    await backups.update({ reminders: true });
    expect(backups.state().reminder?.due).toBe(true);

    // A new password starts over at one day.
    await backups.update({ password: 'a new password 3' });
    expect(Date.parse(backups.state().reminder?.nextAt as string) - now.getTime()).toBe(DAY_MS);
  });
});
