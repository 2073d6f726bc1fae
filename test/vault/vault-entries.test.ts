import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOtpauthUri } from '../../src/shared/otp';
import { Vault, VaultError } from '../../src/desktop/vault';
import { skipReason } from '../support/skip';
import { keychainUnavailable, oathtool, oathtoolUnavailable, tempFolder } from './support';

const GITHUB = 'otpauth://totp/GitHub:me@example.com?secret=JBSWY3DPEHPK3PXP&issuer=GitHub';
const HOTP = 'otpauth://hotp/Corp:vpn?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Corp&counter=5';

describe.skipIf(skipReason('vault entries (real keychain)', keychainUnavailable()))('vault entries', () => {
  let folder: Awaited<ReturnType<typeof tempFolder>>;
  let n = 0;
  const freshPath = () => join(folder.path, `v${n++}.twofold`);

  beforeAll(async () => {
    folder = await tempFolder();
  });
  afterAll(async () => folder.cleanup());

  it('round-trips entries through the encrypted file and the keychain', async () => {
    const path = freshPath();
    const vault = await Vault.create({ path });
    const { entry, warnings } = await vault.addFromUri(GITHUB, { group: 'Work', note: 'laptop' });
    expect(warnings).toEqual([]);
    await vault.add({
      type: 'totp',
      issuer: 'Example',
      account: 'alice',
      secret: 'gezd gnbv gy3t qojq',
      algorithm: 'SHA256',
      digits: 8,
      period: 60,
      counter: 0,
      icon: 'data:image/png;base64,AAAA',
    });

    const again = await Vault.open({ path });
    expect(again.id).toBe(vault.id);
    expect(again.list()).toEqual(vault.list());
    expect(again.get(entry.id)).toMatchObject({
      issuer: 'GitHub',
      account: 'me@example.com',
      group: 'Work',
      note: 'laptop',
      order: 0,
    });
    // Lists never carry the secret.
    expect(JSON.stringify(again.list())).not.toContain('JBSWY3DPEHPK3PXP');
    expect(parseOtpauthUri(again.reveal(entry.id)).account).toMatchObject({
      secret: 'JBSWY3DPEHPK3PXP',
      issuer: 'GitHub',
    });
    const second = again.list()[1];
    expect(second && parseOtpauthUri(again.reveal(second.id)).account.secret).toBe('GEZDGNBVGY3TQOJQ');
  });

  it('keeps no secret, issuer, account, group or note in the clear', async () => {
    const path = freshPath();
    const vault = await Vault.create({ path });
    await vault.addFromUri(GITHUB, { group: 'Workgroup', note: 'secret-note' });
    const bytes = await readFile(path);
    const text = bytes.toString('latin1').toLowerCase();
    for (const word of [
      'jbswy3dpehpk3pxp',
      'github',
      'me@example.com',
      'workgroup',
      'secret-note',
      'totp',
      'sha1',
    ]) {
      expect(text).not.toContain(word);
    }
    expect(bytes.subarray(0, 13).toString('ascii')).toBe('TWOFOLD-VAULT');
  });

  it.skipIf(skipReason('codes against oathtool', oathtoolUnavailable()))(
    'computes the same codes as oathtool, with the next code and the time left',
    async () => {
      const vault = await Vault.create({ path: freshPath() });
      const { entry } = await vault.addFromUri(GITHUB);
      for (const time of [59, 1_111_111_109, 1_700_000_000, Math.floor(Date.now() / 1000)]) {
        const [code] = vault.codes(time);
        expect(code).toMatchObject({ id: entry.id, code: oathtool('JBSWY3DPEHPK3PXP', time), period: 30 });
        expect(code?.nextCode).toBe(oathtool('JBSWY3DPEHPK3PXP', time + 30));
        expect(code?.secondsRemaining).toBe(30 - (time % 30));
      }
    },
  );

  it('persists the HOTP counter before handing out the code', async () => {
    const path = freshPath();
    const vault = await Vault.create({ path });
    const { entry } = await vault.addFromUri(HOTP);
    expect(vault.codes()[0]).toMatchObject({ code: null, nextCode: null });
    // RFC 4226 test vectors for the ASCII secret "12345678901234567890": counters 5 and 6.
    expect(await vault.nextHotpCode(entry.id)).toBe('254676');
    expect(vault.codes()[0]).toMatchObject({ code: '254676', nextCode: null });
    expect((await Vault.open({ path })).get(entry.id).counter).toBe(6);
    expect(await vault.nextHotpCode(entry.id)).toBe('287922');
    expect((await Vault.open({ path })).get(entry.id).counter).toBe(7);
  });

  it('refuses duplicates unless asked, and names the entry', async () => {
    const vault = await Vault.create({ path: freshPath() });
    await vault.addFromUri(GITHUB);
    await expect(vault.addFromUri(GITHUB.replace('GitHub:', 'github:'))).rejects.toThrow(
      /GitHub \(me@example.com\) is already in the vault.*--allow-duplicate/,
    );
    await vault.addFromUri(GITHUB, { allowDuplicate: true });
    // Same secret for another login is not a duplicate.
    await vault.addFromUri(GITHUB.replace('me@example.com', 'other'));
    expect(vault.list()).toHaveLength(3);
  });

  it('updates, searches, reorders, removes and restores', async () => {
    const path = freshPath();
    const vault = await Vault.create({ path });
    const a = (await vault.addFromUri(GITHUB)).entry;
    const b = (await vault.addFromUri('otpauth://totp/GitLab:bob?secret=JBSWY3DPEHPK3PXQ')).entry;
    const c = (await vault.addFromUri('otpauth://totp/Example:carol?secret=JBSWY3DPEHPK3PXR')).entry;

    expect(vault.search('git').map((e) => e.id)).toEqual([a.id, b.id]);
    expect(vault.search('CAROL').map((e) => e.id)).toEqual([c.id]);
    expect(vault.search('gitlab:bob').map((e) => e.id)).toEqual([b.id]);

    const updated = await vault.update(b.id, { issuer: ' GitLab Inc ', note: 'n', icon: 'x' });
    expect(updated).toMatchObject({ issuer: 'GitLab Inc', note: 'n', icon: 'x' });
    expect(Date.parse(updated.updatedAt)).toBeGreaterThanOrEqual(Date.parse(b.updatedAt));
    expect((await vault.update(b.id, { icon: '' })).icon).toBeUndefined();

    await vault.reorder([c.id, a.id]);
    expect(vault.list().map((e) => [e.id, e.order])).toEqual([
      [c.id, 0],
      [a.id, 1],
      [b.id, 2],
    ]);

    const removed = await vault.remove(a.id);
    expect(removed.secret).toBe('JBSWY3DPEHPK3PXP');
    expect(vault.list().map((e) => e.id)).toEqual([c.id, b.id]);
    await vault.restore(removed);
    const reopened = await Vault.open({ path });
    expect(reopened.list().map((e) => e.id)).toEqual([c.id, a.id, b.id]);
    await expect(vault.restore(removed)).rejects.toMatchObject({ code: 'DUPLICATE' });
  });

  it('gives clear errors for bad input and unknown ids, and loses nothing', async () => {
    const vault = await Vault.create({ path: freshPath() });
    await vault.addFromUri(GITHUB);
    expect(() => vault.get('nope')).toThrow(VaultError);
    expect(() => vault.reveal('nope')).toThrow(/There is no entry nope/);
    await expect(vault.remove('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(vault.update(vault.list()[0]!.id, { note: 'x'.repeat(5000) })).rejects.toMatchObject({
      code: 'INVALID',
      message: expect.stringMatching(/note/),
    });
    await expect(vault.addFromUri('otpauth://totp/x?secret=10')).rejects.toThrow(/base32/);
    await expect(vault.add({ ...parseOtpauthUri(GITHUB).account, digits: 99 })).rejects.toThrow(/digits/i);
    await expect(vault.nextHotpCode(vault.list()[0]!.id)).rejects.toThrow(/time-based/);
    expect(vault.list()).toHaveLength(1);
  });

  it('sees what another process wrote after reload, and merges concurrent writers', async () => {
    const path = freshPath();
    const first = await Vault.create({ path });
    const second = await Vault.open({ path });
    await first.addFromUri(GITHUB);
    // `second` has a stale view; its write must still keep first's entry.
    await second.addFromUri('otpauth://totp/GitLab:bob?secret=JBSWY3DPEHPK3PXQ');
    expect(second.list()).toHaveLength(2);
    expect(first.list()).toHaveLength(1);
    expect(await second.reloadIfChanged()).toBe(false);
    expect(await first.reloadIfChanged()).toBe(true);
    expect(first.list()).toHaveLength(2);
    expect(await first.reloadIfChanged()).toBe(false);
    await first.reload();
    // Many concurrent adds from one process are serialized, none lost.
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        first.addFromUri(`otpauth://totp/Bulk:u${i}?secret=JBSWY3DPEHPK3PXP&issuer=Bulk`),
      ),
    );
    expect((await Vault.open({ path })).list()).toHaveLength(12);
  });
});
