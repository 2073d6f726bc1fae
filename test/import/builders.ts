import { createCipheriv, createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { BinaryWriter } from '@bufbuild/protobuf/wire';
import { argon2id } from 'hash-wasm';
import sodium from 'libsodium-wrappers';
import type { ImportInput } from '../../src/main/import/types';

/** Test-side writers of the formats, from each app's published layout, for cases the fixtures lack. */

export function textInput(text: string, fileName = 'export.txt'): ImportInput {
  return { bytes: new TextEncoder().encode(text), fileName };
}

export function jsonInput(value: unknown, fileName = 'export.json'): ImportInput {
  return textInput(JSON.stringify(value), fileName);
}

export interface MigrationOtpSpec {
  secret: Uint8Array;
  name: string;
  issuer?: string;
  /** 1 SHA1, 2 SHA256, 3 SHA512, 4 MD5. */
  algorithm?: number;
  /** 1 six, 2 eight. */
  digits?: number;
  /** 1 HOTP, 2 TOTP. */
  type?: number;
  counter?: number;
}

/** A Google Authenticator otpauth-migration:// link, as the app writes one QR code. */
export function migrationLink(
  otps: readonly MigrationOtpSpec[],
  batch: { size: number; index: number; id: number } = { size: 1, index: 0, id: 1 },
): string {
  const writer = new BinaryWriter();
  for (const otp of otps) {
    writer.tag(1, 2).fork();
    writer.tag(1, 2).bytes(otp.secret);
    writer.tag(2, 2).string(otp.name);
    if (otp.issuer !== undefined) writer.tag(3, 2).string(otp.issuer);
    writer.tag(4, 0).int32(otp.algorithm ?? 1);
    writer.tag(5, 0).int32(otp.digits ?? 1);
    writer.tag(6, 0).int32(otp.type ?? 2);
    if (otp.counter !== undefined) writer.tag(7, 0).int64(otp.counter);
    writer.join();
  }
  writer.tag(2, 0).int32(1);
  writer.tag(3, 0).int32(batch.size);
  writer.tag(4, 0).int32(batch.index);
  writer.tag(5, 0).int32(batch.id);
  return `otpauth-migration://offline?data=${encodeURIComponent(Buffer.from(writer.finish()).toString('base64'))}`;
}

function bitwardenEncString(plain: string, encKey: Buffer, macKey: Buffer): string {
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', encKey, iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const mac = createHmac('sha256', macKey).update(iv).update(data).digest();
  return `2.${iv.toString('base64')}|${data.toString('base64')}|${mac.toString('base64')}`;
}

/** A Bitwarden "password protected" JSON export of `inner` (PBKDF2-SHA256 or Argon2id, then HKDF-Expand). */
export async function bitwardenProtected(
  inner: unknown,
  password: string,
  kdf:
    { type: 0; iterations: number } | { type: 1; iterations: number; memoryMiB: number; parallelism: number },
): Promise<unknown> {
  const salt = randomBytes(16).toString('base64');
  const key =
    kdf.type === 0
      ? pbkdf2Sync(password, salt, kdf.iterations, 32, 'sha256')
      : Buffer.from(
          await argon2id({
            password,
            salt: createHash('sha256').update(salt).digest(),
            iterations: kdf.iterations,
            memorySize: kdf.memoryMiB * 1024,
            parallelism: kdf.parallelism,
            hashLength: 32,
            outputType: 'binary',
          }),
        );
  const encKey = createHmac('sha256', key).update(Buffer.from('enc\u0001')).digest();
  const macKey = createHmac('sha256', key).update(Buffer.from('mac\u0001')).digest();
  return {
    encrypted: true,
    passwordProtected: true,
    salt,
    kdfType: kdf.type,
    kdfIterations: kdf.iterations,
    ...(kdf.type === 1 ? { kdfMemory: kdf.memoryMiB, kdfParallelism: kdf.parallelism } : {}),
    encKeyValidation_DO_NOT_EDIT: bitwardenEncString(randomBytes(16).toString('hex'), encKey, macKey),
    data: bitwardenEncString(JSON.stringify(inner), encKey, macKey),
  };
}

/** An Ente Auth encrypted export of `text` (Argon2id, one XChaCha20-Poly1305 secretstream message). */
export async function enteEncrypted(
  text: string,
  password: string,
  kdf = { memLimit: 8 * 1024 * 1024, opsLimit: 2 },
): Promise<unknown> {
  const salt = randomBytes(16);
  const key = await argon2id({
    password,
    salt,
    iterations: kdf.opsLimit,
    memorySize: kdf.memLimit / 1024,
    parallelism: 1,
    hashLength: 32,
    outputType: 'binary',
  });
  await sodium.ready;
  const { state, header } = sodium.crypto_secretstream_xchacha20poly1305_init_push(key);
  const sealed = sodium.crypto_secretstream_xchacha20poly1305_push(
    state,
    new TextEncoder().encode(text),
    null,
    sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL,
  );
  return {
    version: 1,
    kdfParams: { ...kdf, salt: salt.toString('base64') },
    encryptedData: Buffer.from(sealed).toString('base64'),
    encryptionNonce: Buffer.from(header).toString('base64'),
  };
}
