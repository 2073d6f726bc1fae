import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { osKeychain } from '../../src/desktop/keychain';
import { FolderSync } from '../../src/desktop/sync';
import { Vault } from '../../src/desktop/vault';
import { skipReason } from '../support/skip';
import { account, computer, keychainUnavailable, syncFolder, type Computer } from './support';
import { startPair, syncthingUnavailable, type Syncthing } from './syncthing';

/**
 * Two real Syncthing instances (Debian's `syncthing`) on loopback, discovery, relays, NAT and
 * reports off, sharing one folder by static address, carry the sync folder between two vaults.
 */
const POLL = { timeout: 20_000, interval: 300 };
/**
 * Both instances dial each other at start; when the two dials cross, Syncthing 1.19 can wait out
 * its 20-second Hello timeout before the next dial connects (seen in CI), so connecting gets longer.
 */
const CONNECT = { timeout: 60_000, interval: 300 };

describe.skipIf(
  skipReason('sync through two Syncthing instances', keychainUnavailable() ?? syncthingUnavailable()),
)('sync through Syncthing', () => {
  let tmp: Awaited<ReturnType<typeof syncFolder>>;
  let one: Syncthing;
  let two: Syncthing;

  beforeAll(async () => {
    tmp = await syncFolder();
    [one, two] = await startPair(tmp.path);
  }, 30_000);
  afterAll(async () => {
    await Promise.all([one?.stop(), two?.stop()]);
    await tmp.cleanup();
  });

  const issuers = (c: Computer) =>
    c.vault
      .list()
      .map((entry) => entry.issuer)
      .sort();
  /** Rescans both sides and syncs `c` until `check` holds. */
  const settle = (c: Computer, check: () => boolean) =>
    expect
      .poll(async () => {
        await Promise.all([one.scan(), two.scan()]);
        await c.sync.now();
        return check();
      }, POLL)
      .toBe(true);

  it('carries an add each way, and merges a conflict copy Syncthing made', async () => {
    await expect.poll(() => one.connected(two.id), CONNECT).toBe(true);
    const homes = join(tmp.path, 'homes');
    const a = await computer(homes, 'a', one.folder, null);
    await a.vault.add(account('GitHub', 'me'));
    await a.sync.now();
    const b = await computer(homes, 'b', two.folder, { code: a.sync.pairingCode() });
    await settle(b, () => issuers(b).includes('GitHub'));
    await b.vault.add(account('GitLab', 'me'));
    await b.sync.now();
    await settle(a, () => issuers(a).includes('GitLab'));

    // A's home copied to the second side (a restored or cloned profile: same device, same keys),
    // and both write their next file while the shared folder is paused on both instances: Syncthing keeps one and
    // makes a .sync-conflict copy of the other. Both edits must come out on every vault.
    await settle(b, () => true);
    const cloneHome = join(tmp.path, 'clone');
    await mkdir(cloneHome);
    for (const suffix of ['', '.sync.json', '.sync-state'])
      await copyFile(`${a.vault.path}${suffix}`, join(cloneHome, `vault.twofold${suffix}`));
    const config = JSON.parse(await readFile(join(cloneHome, 'vault.twofold.sync.json'), 'utf8')) as {
      folder: string;
      device: string;
    };
    await writeFile(
      join(cloneHome, 'vault.twofold.sync.json'),
      JSON.stringify({ ...config, folder: two.folder }),
    );
    await Promise.all([one.pauseFolder(true), two.pauseFolder(true)]);
    await expect.poll(async () => (await one.folderPaused()) && (await two.folderPaused()), POLL).toBe(true);
    const keychain = osKeychain();
    const cloneVault = await Vault.open({ path: join(cloneHome, 'vault.twofold'), keychain });
    const clone = (await FolderSync.open(cloneVault, keychain)) as FolderSync;
    await a.vault.add(account('Fork one', 'me'));
    await a.sync.now();
    await cloneVault.add(account('Fork two', 'me'));
    await clone.now();
    cloneVault.close();
    await Promise.all([one.pauseFolder(false), two.pauseFolder(false)]);
    await expect.poll(() => one.connected(two.id), CONNECT).toBe(true);

    const aDir = `d-${config.device}`;
    const conflictCopy = async () =>
      [...(await readdir(join(one.folder, aDir))), ...(await readdir(join(two.folder, aDir)))].some((name) =>
        name.includes('.sync-conflict-'),
      );
    await expect
      .poll(async () => {
        await Promise.all([one.scan(), two.scan()]);
        return conflictCopy();
      }, POLL)
      .toBe(true);
    const all = ['Fork one', 'Fork two', 'GitHub', 'GitLab'];
    await settle(b, () => issuers(b).join() === all.join());
    await settle(a, () => issuers(a).join() === all.join());
    const report = await b.sync.now();
    expect(report.notices.filter((notice) => notice.kind === 'refused')).toEqual([]);
  }, 150_000);
});
