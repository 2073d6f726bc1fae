import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeychainUnavailableError, type Keychain } from '../../src/desktop/keychain';
import { VaultSession } from '../../src/desktop/services/vault-session';
import { Vault } from '../../src/desktop/vault';

// The real keychain works here, so its failure is played by a keychain that refuses
// the way keytar does when no Secret Service answers.
const deadKeychain: Keychain = {
  get: () => Promise.reject(new KeychainUnavailableError('no Secret Service on the session bus')),
  set: () => Promise.reject(new KeychainUnavailableError('no Secret Service on the session bus')),
  delete: () => Promise.reject(new KeychainUnavailableError('no Secret Service on the session bus')),
};

function memoryKeychain(): Keychain {
  const items = new Map<string, string>();
  return {
    get: async (account) => items.get(account) ?? null,
    set: async (account, secret) => void items.set(account, secret),
    delete: async (account) => items.delete(account),
  };
}

describe('VaultSession when the keychain is gone', () => {
  let dir: string;
  let path: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'twofold-session-'));
    path = join(dir, 'vault.twofold');
    const vault = await Vault.create({ path, keychain: memoryKeychain(), password: 'the vault password' });
    await vault.addFromUri('otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example');
    vault.close();
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('opens locked, says why, and leaves the file alone', async () => {
    const before = await readFile(path);
    const session = new VaultSession({ path, keychain: deadKeychain });
    const status = await session.open();
    expect(status.state).toBe('locked');
    expect(status.message).toMatch(/keychain is not available/i);
    expect(() => session.current()).toThrow(/keychain/i);
    expect((await readFile(path)).equals(before)).toBe(true);
  });

  it('refuses a wrong password in words and unlocks with the right one', async () => {
    const session = new VaultSession({ path, keychain: deadKeychain });
    await session.open();
    // In words, without the vault's file path (issue 20, item 6).
    await expect(session.unlock('not it')).rejects.toMatchObject({
      code: 'WRONG_PASSWORD',
      message: 'Wrong password. Try again.',
    });
    const status = await session.unlock('the vault password');
    expect(status).toEqual({ state: 'ready', message: null, hasPassword: true });
    expect(
      session
        .current()
        .list()
        .map((e) => e.issuer),
    ).toEqual(['Example']);
    session.close();
  });

  it('says a damaged file is damaged, without replacing it', async () => {
    const broken = join(dir, 'broken.twofold');
    await writeFile(broken, 'this is not a vault');
    const session = new VaultSession({ path: broken, keychain: memoryKeychain() });
    const status = await session.open();
    expect(status.state).toBe('unavailable');
    expect(status.message).toMatch(/not a Twofold vault|damaged/i);
    expect(await readFile(broken, 'utf8')).toBe('this is not a vault');
  });
});
