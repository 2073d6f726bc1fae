import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Vault, VaultError } from '../../src/desktop/vault';
import { randomKey } from '../../src/desktop/vault/crypto';
import { decodeVault, MAX_SLOTS, SCRYPT_LIMITS } from '../../src/desktop/vault/format';
import { decryptBody, encryptVault } from '../../src/desktop/vault/vault-file';
import type { VaultEntry } from '../../src/desktop/vault';
import { headerOf, tempFolder, withHeader } from '../vault/support';
import { mutatedBytes, mutatedJson } from './import-mutations';
import { PARSER_FUZZ_SEED, timed } from './report';

/**
 * Fuzzing the vault file (issue 9, item 11): a file changed in any way is refused with a clear error —
 * "not a vault", "damaged", "altered" or "wrong password" — never opened as if nothing happened, never
 * a crash, a hang or a key derivation beyond what Twofold writes. The file itself is never touched.
 */
const PASSWORD = 'correct horse battery';
const options = (numRuns: number) => ({
  seed: PARSER_FUZZ_SEED,
  numRuns,
  endOnFailure: true,
  timeout: 20_000,
});
/** What a damaged file may be called before anything is decrypted. */
const BEFORE_KEY = ['NOT_A_VAULT', 'CORRUPT', 'ALTERED', 'NEWER_FORMAT'];

const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

function refusal(error: unknown, allowed: readonly string[]): void {
  expect(error).toBeInstanceOf(VaultError);
  const { code, message } = error as VaultError;
  expect(allowed).toContain(code);
  expect(message).toMatch(
    /not a Twofold vault|damaged|altered|Wrong password|newer Twofold|has no password; open it without one/,
  );
  // The message names the file, never anything read from inside it.
  expect(message).not.toContain('JBSWY3DP');
}

describe('fuzzing vault files', { timeout: 300_000 }, () => {
  let folder: Awaited<ReturnType<typeof tempFolder>>;
  let passwordFile: Buffer;
  const key = randomKey();
  let sealedFile: Buffer;
  let entries: VaultEntry[];

  beforeAll(async () => {
    folder = await tempFolder();
    const path = join(folder.path, 'good.twofold');
    const vault = await Vault.create({ path, password: PASSWORD, keychain: null });
    await vault.addFromUri('otpauth://totp/GitHub:me?secret=JBSWY3DPEHPK3PXP&issuer=GitHub');
    await vault.addFromUri('otpauth://hotp/Acme:ops?secret=GEZDGNBVGY3TQOJQ&counter=7');
    entries = [...vault.exportEntries()];
    vault.close();
    passwordFile = await readFile(path);
    // The same entries under a key this test holds, so every mutation can be decrypted without scrypt.
    const { slots } = decodeVault(passwordFile, path).header;
    sealedFile = encryptVault(key, { id: randomUUID(), slots }, entries);
  });
  afterAll(async () => folder.cleanup());

  it('the header reader: a changed file is refused in words, and no header it accepts asks for more work than Twofold writes', async () => {
    await timed('vault header bytes', 2_000, () =>
      fc.assert(
        fc.property(mutatedBytes(passwordFile), (bytes) => {
          let header;
          try {
            header = decodeVault(Buffer.from(bytes), 'fuzzed.twofold').header;
          } catch (error) {
            refusal(error, BEFORE_KEY);
            return;
          }
          expect(header.slots.length).toBeLessThanOrEqual(MAX_SLOTS);
          for (const slot of header.slots)
            if (slot.type === 'password')
              expect(slot.n * slot.r * slot.p).toBeLessThanOrEqual(SCRYPT_LIMITS.maxCost);
        }),
        options(2_000),
      ),
    );
  });

  it('with the right key, only the file as written opens; any changed byte is refused as altered, damaged or foreign', async () => {
    await timed('vault body bytes', 2_000, () =>
      fc.assert(
        fc.property(mutatedBytes(sealedFile), (bytes) => {
          let opened;
          try {
            opened = decryptBody(key, Buffer.from(bytes), 'fuzzed.twofold');
          } catch (error) {
            refusal(error, BEFORE_KEY);
            return;
          }
          expect(same(bytes, sealedFile)).toBe(true);
          expect(opened.entries).toEqual(entries);
        }),
        options(2_000),
      ),
    );
  });

  it('opening a file whose header fields were edited, with the right password: refused in words, file untouched', async () => {
    const header = headerOf(passwordFile);
    let n = 0;
    await timed('vault header edits, opened with the password', 1_000, () =>
      fc.assert(
        fc.asyncProperty(mutatedJson(header), async (edited) => {
          const bytes = withHeader(passwordFile, edited ?? null);
          const path = join(folder.path, `edited-${n++}.twofold`);
          await writeFile(path, bytes);
          try {
            const vault = await Vault.open({ path, password: PASSWORD, keychain: null });
            // Only an edit that changed nothing (the same JSON) may open.
            vault.close();
            expect(same(bytes, passwordFile)).toBe(true);
          } catch (error) {
            refusal(error, [...BEFORE_KEY, 'WRONG_PASSWORD', 'NO_SLOT']);
          }
          expect(same(await readFile(path), bytes)).toBe(true);
        }),
        options(1_000),
      ),
    );
  });
});
