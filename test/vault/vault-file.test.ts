import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Vault, VaultError, type VaultErrorCode } from '../../src/desktop/vault';
import { skipReason } from '../support/skip';
import { keychainUnavailable, tempFolder } from './support';

const GITHUB = 'otpauth://totp/GitHub:me?secret=JBSWY3DPEHPK3PXP&issuer=GitHub';
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe.skipIf(skipReason('vault file checks (real keychain)', keychainUnavailable()))(
  'damaged, foreign and newer files',
  () => {
    let folder: Awaited<ReturnType<typeof tempFolder>>;
    let good: Buffer;
    let n = 0;

    beforeAll(async () => {
      folder = await tempFolder();
      const path = join(folder.path, 'good.twofold');
      const vault = await Vault.create({ path });
      await vault.addFromUri(GITHUB);
      good = await readFile(path);
    });
    afterAll(async () => folder.cleanup());

    /** Writes `bytes`, checks every way in is refused with `code`, and that the file is left byte for byte. */
    async function refused(bytes: Buffer, code: VaultErrorCode, message: RegExp): Promise<void> {
      const path = join(folder.path, `case${n++}.twofold`);
      await writeFile(path, bytes);
      await expect(Vault.open({ path })).rejects.toMatchObject({
        code,
        message: expect.stringMatching(message),
      });
      await expect(Vault.openOrCreate({ path })).rejects.toMatchObject({ code });
      await expect(Vault.create({ path })).rejects.toMatchObject({ code: 'EXISTS' });
      expect(sha(await readFile(path))).toBe(sha(bytes));
    }

    it('refuses a file that is not a vault', async () => {
      await refused(Buffer.from('{"entries": []}'), 'NOT_A_VAULT', /is not a Twofold vault/);
      await refused(Buffer.alloc(0), 'NOT_A_VAULT', /not a Twofold vault/);
      await refused(Buffer.from('\x89PNG\r\n\x1a\n'), 'NOT_A_VAULT', /not a Twofold vault/);
    });

    it('refuses a truncated vault at every kind of cut', async () => {
      const headerEnd = 19 + good.readUInt32BE(15);
      for (const length of [5, 13, 18, 40, headerEnd - 1, headerEnd + 3]) {
        await refused(good.subarray(0, length), 'CORRUPT', /damaged/);
      }
      // Cut inside the sealed body: it no longer authenticates, like any other change to it.
      await refused(good.subarray(0, good.length - 1), 'ALTERED', /^This vault file has been altered/);
    });

    it('refuses flipped bits in the ciphertext and in the (authenticated) header', async () => {
      const body = Buffer.from(good);
      body[body.length - 40]! ^= 0x01;
      await refused(body, 'ALTERED', /^This vault file has been altered/);

      // A header that still parses and unlocks (an extra field) but differs: only GCM's additional data notices.
      const length = good.readUInt32BE(15);
      const header = JSON.parse(good.subarray(19, 19 + length).toString('utf8')) as Record<string, unknown>;
      const json = Buffer.from(JSON.stringify({ ...header, comment: 'edited' }), 'utf8');
      const prefix = Buffer.from(good.subarray(0, 19));
      prefix.writeUInt32BE(json.length, 15);
      await refused(
        Buffer.concat([prefix, json, good.subarray(19 + length)]),
        'ALTERED',
        /^This vault file has been altered/,
      );
    });

    it('refuses a vault from a newer format version', async () => {
      const newer = Buffer.from(good);
      newer.writeUInt16BE(2, 13);
      await refused(newer, 'NEWER_FORMAT', /newer Twofold/);
    });

    it('answers any cut or flipped byte with a VaultError, never a crash or a silent success', async () => {
      const path = join(folder.path, 'fuzz.twofold');
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.record({ cut: fc.integer({ min: 0, max: good.length - 1 }) }),
            fc.record({
              at: fc.integer({ min: 0, max: good.length - 1 }),
              xor: fc.integer({ min: 1, max: 255 }),
            }),
          ),
          async (damage) => {
            const bytes = Buffer.from('cut' in damage ? good.subarray(0, damage.cut) : good);
            if ('at' in damage) bytes[damage.at]! ^= damage.xor;
            await writeFile(path, bytes);
            const error = await Vault.open({ path }).then(
              () => null,
              (caught: unknown) => caught,
            );
            expect(error).toBeInstanceOf(VaultError);
            expect(sha(await readFile(path))).toBe(sha(bytes));
          },
        ),
        { numRuns: 150 },
      );
    });

    it('refuses a folder and reports a missing file', async () => {
      const dir = join(folder.path, 'a-folder');
      await mkdir(dir);
      await expect(Vault.open({ path: dir })).rejects.toMatchObject({ code: 'NOT_A_VAULT' });
      await expect(Vault.open({ path: join(folder.path, 'missing.twofold') })).rejects.toMatchObject({
        code: 'NO_VAULT',
      });
    });

    it('stops writing when the file under an open vault is damaged, keeping the damaged bytes', async () => {
      const path = join(folder.path, 'live.twofold');
      const vault = await Vault.create({ path });
      await vault.addFromUri(GITHUB);
      const damaged = Buffer.from(await readFile(path));
      damaged[damaged.length - 1]! ^= 0xff;
      await writeFile(path, damaged);
      await expect(vault.addFromUri(GITHUB.replace('me', 'you'))).rejects.toMatchObject({ code: 'ALTERED' });
      expect(sha(await readFile(path))).toBe(sha(damaged));
      expect(vault.list()).toHaveLength(1);
    });
  },
);
