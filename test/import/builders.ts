import { createCipheriv, createHash, createHmac, pbkdf2Sync, randomBytes, scryptSync } from 'node:crypto';
import { BinaryWriter } from '@bufbuild/protobuf/wire';
import { argon2id } from 'hash-wasm';
import sodium from 'libsodium-wrappers';
import type { ImportInput } from '../../src/desktop/import/types';

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

function gcm(
  key: Uint8Array,
  nonce: Uint8Array,
  plain: Uint8Array,
  aad?: Uint8Array,
): { data: Buffer; tag: Buffer } {
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  if (aad) cipher.setAAD(aad);
  const data = Buffer.concat([cipher.update(plain), cipher.final()]);
  return { data, tag: cipher.getAuthTag() };
}

/** An encrypted Aegis vault with one scrypt password slot (cheap N for tests). */
export function aegisEncrypted(db: unknown, password: string, n = 1024): unknown {
  const master = randomBytes(32);
  const salt = randomBytes(32);
  const slotKey = scryptSync(password, salt, 32, { N: n, r: 8, p: 1, maxmem: 256 * n * 8 + 2 ** 20 });
  const slotNonce = randomBytes(12);
  const wrapped = gcm(slotKey, slotNonce, master);
  const nonce = randomBytes(12);
  const sealed = gcm(master, nonce, new TextEncoder().encode(JSON.stringify(db)));
  return {
    version: 1,
    header: {
      slots: [
        {
          type: 1,
          uuid: 'slot',
          key: wrapped.data.toString('hex'),
          key_params: { nonce: slotNonce.toString('hex'), tag: wrapped.tag.toString('hex') },
          n,
          r: 8,
          p: 1,
          salt: salt.toString('hex'),
        },
      ],
      params: { nonce: nonce.toString('hex'), tag: sealed.tag.toString('hex') },
    },
    db: sealed.data.toString('base64'),
  };
}

/** An encrypted 2FAS backup (PBKDF2-SHA256 10,000, AES-GCM). */
export function twofasEncrypted(services: unknown[], password: string): unknown {
  const salt = randomBytes(256);
  const iv = randomBytes(12);
  const key = pbkdf2Sync(password, salt, 10_000, 32, 'sha256');
  const sealed = gcm(key, iv, new TextEncoder().encode(JSON.stringify(services)));
  const part = (bytes: Buffer) => bytes.toString('base64');
  return {
    services: [],
    groups: [],
    schemaVersion: 4,
    servicesEncrypted: `${part(Buffer.concat([sealed.data, sealed.tag]))}:${part(salt)}:${part(iv)}`,
  };
}

/** An andOTP ≥ 0.6.3 encrypted backup. */
export function andotpEncrypted(entries: unknown[], password: string, iterations = 1_000): Uint8Array {
  const salt = randomBytes(12);
  const nonce = randomBytes(12);
  const key = pbkdf2Sync(password, salt, iterations, 32, 'sha1');
  const sealed = gcm(key, nonce, new TextEncoder().encode(JSON.stringify(entries)));
  const count = Buffer.alloc(4);
  count.writeUInt32BE(iterations);
  return Uint8Array.from(Buffer.concat([count, salt, nonce, sealed.data, sealed.tag]));
}

/** A Proton Authenticator encrypted export (its Argon2id parameters are fixed by the format). */
export async function protonEncrypted(inner: unknown, password: string): Promise<unknown> {
  const salt = randomBytes(16);
  const key = await argon2id({
    password,
    salt,
    iterations: 2,
    memorySize: 19_456,
    parallelism: 1,
    hashLength: 32,
    outputType: 'binary',
  });
  const nonce = randomBytes(12);
  const sealed = gcm(
    key,
    nonce,
    new TextEncoder().encode(JSON.stringify(inner)),
    new TextEncoder().encode('proton.authenticator.export.v1'),
  );
  return {
    version: 1,
    salt: salt.toString('base64'),
    content: Buffer.concat([nonce, sealed.data, sealed.tag]).toString('base64'),
  };
}

/** An Authenticator Pro legacy encrypted backup (PBKDF2-SHA1 64,000, AES-CBC). */
export function authenticatorProLegacy(inner: unknown, password: string): Uint8Array {
  const salt = randomBytes(20);
  const iv = randomBytes(16);
  const key = pbkdf2Sync(password, salt, 64_000, 32, 'sha1');
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(inner), 'utf8'), cipher.final()]);
  return Uint8Array.from(Buffer.concat([Buffer.from('AuthenticatorPro'), salt, iv, data]));
}
