import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { osKeychain, KeychainUnavailableError, type Keychain } from '../../src/desktop/keychain';
import { Vault } from '../../src/desktop/vault';
import { decodeVault } from '../../src/desktop/vault/format';
import { unlockWithPassword } from '../../src/desktop/vault/slots';
import { decryptBody } from '../../src/desktop/vault/vault-file';
import { skipReason } from '../support/skip';
import { headerOf, keychainUnavailable, tempFolder } from './support';

const GITHUB = 'otpauth://totp/GitHub:me?secret=JBSWY3DPEHPK3PXP&issuer=GitHub';
const PASSWORD = 'correct horse battery';

describe.skipIf(skipReason('vault slots (real keychain)', keychainUnavailable()))(
  'keychain and password slots',
  () => {
    let folder: Awaited<ReturnType<typeof tempFolder>>;
    let n = 0;
    const freshPath = () => join(folder.path, `v${n++}.twofold`);
    const keychain = osKeychain();

    beforeAll(async () => {
      folder = await tempFolder();
    });
    afterAll(async () => folder.cleanup());

    it('keeps a wrapping key for each vault in the Secret Service, under service Twofold', async () => {
      const vault = await Vault.create({ path: freshPath() });
      const stored = await keychain.get(vault.id);
      expect(stored).not.toBeNull();
      expect(Buffer.from(stored ?? '', 'base64')).toHaveLength(32);
      expect(vault.hasPasswordSlot()).toBe(false);
      expect(vault.hasKeychainSlot()).toBe(true);
    });

    it('opens through the password slot where there is no keychain, and refuses a wrong password', async () => {
      const path = freshPath();
      const vault = await Vault.create({ path });
      await vault.addFromUri(GITHUB);
      await vault.setPassword(PASSWORD);
      expect(vault.hasPasswordSlot()).toBe(true);

      // scrypt at N=2^15 or more, r=8, p=1, with a random salt, as the header records it.
      const bytes = await readFile(path);
      const header = JSON.parse(bytes.subarray(19, 19 + bytes.readUInt32BE(15)).toString('utf8')) as {
        slots: { type: string; kdf?: string; n?: number; r?: number; p?: number; salt?: string }[];
      };
      const slot = header.slots.find((candidate) => candidate.type === 'password');
      expect(slot).toMatchObject({ kdf: 'scrypt', r: 8, p: 1 });
      expect(slot?.n).toBeGreaterThanOrEqual(2 ** 15);
      expect(Buffer.from(slot?.salt ?? '', 'base64').length).toBeGreaterThanOrEqual(16);

      const moved = await Vault.open({ path, password: PASSWORD, keychain: null });
      expect(moved.list()).toEqual(vault.list());
      const before = await readFile(path);
      await expect(Vault.open({ path, password: 'wrong password', keychain: null })).rejects.toMatchObject({
        code: 'WRONG_PASSWORD',
        message: expect.stringMatching(/Wrong password/),
      });
      expect((await readFile(path)).equals(before)).toBe(true);
      // Without the password and without a keychain: a clear way out.
      await expect(Vault.open({ path, keychain: null })).rejects.toMatchObject({
        code: 'LOCKED',
        message: expect.stringMatching(/password/),
      });
    });

    it('changes the password: the old one stops working, entries stay', async () => {
      const path = freshPath();
      const vault = await Vault.create({ path, password: PASSWORD });
      await vault.addFromUri(GITHUB);
      await vault.setPassword('a new password');
      await expect(Vault.open({ path, password: PASSWORD })).rejects.toMatchObject({
        code: 'WRONG_PASSWORD',
      });
      expect((await Vault.open({ path, password: 'a new password' })).list()).toHaveLength(1);
      await expect(vault.setPassword('short')).rejects.toMatchObject({ code: 'INVALID' });
    });

    it('removes the password only while the keychain can still open the vault', async () => {
      const path = freshPath();
      const vault = await Vault.create({ path, password: PASSWORD });
      await vault.removePassword();
      expect(vault.hasPasswordSlot()).toBe(false);
      await expect(Vault.open({ path, password: PASSWORD })).rejects.toMatchObject({ code: 'NO_SLOT' });
      await expect(vault.removePassword()).rejects.toMatchObject({ code: 'NO_SLOT' });

      const onlyPassword = await Vault.create({ path: freshPath(), password: PASSWORD, keychain: null });
      expect(onlyPassword.hasKeychainSlot()).toBe(false);
      await expect(onlyPassword.removePassword()).rejects.toThrow(/only way to open/);
      expect(onlyPassword.hasPasswordSlot()).toBe(true);
    });

    it('replaces the vault key when asked: an old copy and its password read nothing written after', async () => {
      const path = freshPath();
      const vault = await Vault.create({ path, password: PASSWORD });
      await vault.addFromUri(GITHUB);
      const oldCopy = await readFile(path);
      const oldKey = await unlockWithPassword(decodeVault(oldCopy, path).header, PASSWORD, path);
      const oldAccount = headerOf(oldCopy).slots.find((slot) => slot.type === 'keychain')!.account as string;
      /** The entries of the file as it is now, decrypted with `key`. */
      const readWith = async (key: Buffer) => decryptBody(key, await readFile(path), path).entries;

      // A plain change re-wraps the same key: the old copy's password still reads the new file.
      await vault.setPassword('a second password');
      expect(await readWith(oldKey)).toHaveLength(1);

      await vault.setPassword('a third password', { rotateKey: true });
      await expect(readWith(oldKey)).rejects.toMatchObject({ code: 'ALTERED' });
      expect((await Vault.open({ path, password: 'a third password', keychain: null })).list()).toEqual(
        vault.list(),
      );
      expect((await Vault.open({ path })).list()).toEqual(vault.list());
      expect(await keychain.get(oldAccount)).toBeNull();
      // The open vault goes on under the new key.
      await vault.addFromUri(GITHUB.replace(':me', ':you'));
      const current = await readFile(path);
      const thirdKey = await unlockWithPassword(decodeVault(current, path).header, 'a third password', path);

      await vault.removePassword({ rotateKey: true });
      await expect(readWith(thirdKey)).rejects.toMatchObject({ code: 'ALTERED' });
      expect(vault.hasPasswordSlot()).toBe(false);
      expect((await Vault.open({ path })).list().map((entry) => entry.account)).toEqual(['me', 'you']);
      await vault.addFromUri(GITHUB.replace(':me', ':them'));
      expect((await Vault.open({ path })).list()).toHaveLength(3);
    });

    it('says how to recover when the keychain lost the key, and can take the key in again', async () => {
      const path = freshPath();
      const vault = await Vault.create({ path, password: PASSWORD });
      await vault.addFromUri(GITHUB);
      expect(await keychain.delete(vault.id)).toBe(true);
      await expect(Vault.open({ path })).rejects.toMatchObject({
        code: 'LOCKED',
        message: expect.stringMatching(/does not hold the key.*password/),
      });
      const withPassword = await Vault.open({ path, password: PASSWORD });
      await withPassword.useKeychain();
      expect((await Vault.open({ path })).list()).toHaveLength(1);
    });

    it('refuses to create a vault with no way to protect its key; never writes the key in the clear', async () => {
      const path = freshPath();
      await expect(Vault.create({ path, keychain: null })).rejects.toMatchObject({ code: 'NO_SLOT' });
      const broken: Keychain = {
        get: () => Promise.reject(new KeychainUnavailableError('test: no Secret Service')),
        set: () => Promise.reject(new KeychainUnavailableError('test: no Secret Service')),
        delete: () => Promise.reject(new KeychainUnavailableError('test: no Secret Service')),
      };
      await expect(Vault.create({ path, keychain: broken })).rejects.toThrow(/gnome-keyring.*password/);
      await expect(readFile(path)).rejects.toMatchObject({ code: 'ENOENT' });
      // With a password the vault is created with that slot alone.
      const vault = await Vault.create({ path, keychain: broken, password: PASSWORD });
      expect(vault.hasKeychainSlot()).toBe(false);
      await expect(Vault.open({ path, keychain: broken })).rejects.toMatchObject({ code: 'LOCKED' });
    });
  },
);
