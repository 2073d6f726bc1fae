// A tampered vault header is refused before any key derivation, in words that say it was altered.
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Vault } from '../../src/desktop/vault';
import { headerOf, tempFolder, withHeader } from './support';

const PASSWORD = 'correct horse battery';
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('a vault header Twofold did not write', () => {
  let folder: Awaited<ReturnType<typeof tempFolder>>;
  let good: Buffer;
  let n = 0;

  beforeAll(async () => {
    folder = await tempFolder();
    const path = join(folder.path, 'good.twofold');
    const vault = await Vault.create({ path, password: PASSWORD, keychain: null });
    await vault.addFromUri('otpauth://totp/GitHub:me?secret=JBSWY3DPEHPK3PXP&issuer=GitHub');
    good = await readFile(path);
  });
  afterAll(async () => folder.cleanup());

  /** The good file with its password slot changed by `edit`, opened with the right password. */
  async function openEdited(edit: (slots: Record<string, unknown>[]) => Record<string, unknown>[]) {
    const header = headerOf(good);
    const bytes = withHeader(good, { ...header, slots: edit(header.slots) });
    const path = join(folder.path, `edited${n++}.twofold`);
    await writeFile(path, bytes);
    const error = await Vault.open({ path, password: PASSWORD, keychain: null }).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(sha(await readFile(path))).toBe(sha(bytes));
    return error;
  }
  const slotWith = (change: Record<string, unknown>) => (slots: Record<string, unknown>[]) =>
    slots.map((slot) => ({ ...slot, ...change }));
  const altered = { code: 'ALTERED', message: expect.stringMatching(/^This vault file has been altered/) };

  it('refuses key-derivation settings beyond what Twofold writes, before deriving anything', async () => {
    // Each would cost from 1.5× to thousands of times an ordinary unlock; the hostile
    // review's N=2^20 r=32 p=16 in 16 slots took minutes and gigabytes before "Wrong password".
    for (const change of [
      { p: 3 },
      { r: 9 },
      { n: 2 ** 18 },
      { n: 2 ** 17, r: 8, p: 2 },
      { n: 2 ** 20, r: 32, p: 16 },
      { n: 3 * 2 ** 14 },
      { salt: Buffer.alloc(200, 1).toString('base64') },
    ]) {
      expect(await openEdited(slotWith(change)), JSON.stringify(change)).toMatchObject(altered);
    }
    const hostile = (slots: Record<string, unknown>[]) =>
      Array.from({ length: 16 }, () => ({ ...slots[0], n: 2 ** 20, r: 32, p: 16 }));
    expect(await openEdited(hostile)).toMatchObject(altered);
  });

  it('refuses more slots than Twofold ever writes', async () => {
    const copies = (count: number) => (slots: Record<string, unknown>[]) =>
      Array.from({ length: count }, () => slots[0]!);
    expect(await openEdited(copies(3))).toMatchObject(altered);
    const keychainSlot = { type: 'keychain', id: crypto.randomUUID(), account: 'x' };
    const five = (slots: Record<string, unknown>[]) => [
      ...slots,
      ...Array.from({ length: 4 }, () => ({ ...keychainSlot, nonce: slots[0]!.nonce, key: slots[0]!.key })),
    ];
    expect(await openEdited(five)).toMatchObject(altered);
  });

  it('refuses a header with every slot removed: Twofold never writes one (found by test/fuzz/vault-file.test.ts)', async () => {
    expect(await openEdited(() => [])).toMatchObject(altered);
  });

  it('says the file was altered when the header no longer authenticates, with the right password', async () => {
    // A second, harmless-looking slot: every slot still parses and the password opens
    // its own, but the body's authentication covers the whole header.
    const extra = (slots: Record<string, unknown>[]) => [
      ...slots,
      {
        type: 'keychain',
        id: crypto.randomUUID(),
        account: 'planted',
        nonce: slots[0]!.nonce,
        key: slots[0]!.key,
      },
    ];
    expect(await openEdited(extra)).toMatchObject(altered);
  });

  it('still opens the untouched file, and answers a wrong password as such', async () => {
    const path = join(folder.path, 'untouched.twofold');
    await writeFile(path, good);
    expect((await Vault.open({ path, password: PASSWORD, keychain: null })).list()).toHaveLength(1);
    await expect(Vault.open({ path, password: 'not the password', keychain: null })).rejects.toMatchObject({
      code: 'WRONG_PASSWORD',
    });
  });
});
