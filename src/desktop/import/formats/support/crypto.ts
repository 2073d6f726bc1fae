import { createDecipheriv, createHash, pbkdf2, scrypt } from 'node:crypto';
import { promisify } from 'node:util';
import { argon2id as argon2idWasm } from 'hash-wasm';
import { ImportError } from '../../errors';
import type { KdfTiming } from '../../types';

/** Key derivations an attacker-made file could make ruinously expensive are refused above these. */
const MAX_SCRYPT_MEMORY = 1024 * 1024 * 1024;
const MAX_PBKDF2_ITERATIONS = 10_000_000;
const MAX_ARGON2_KIB = 1024 * 1024;
const MAX_ARGON2_PASSES = 64;

const pbkdf2Async = promisify(pbkdf2);
const scryptAsync = promisify(scrypt) as (
  password: string | Uint8Array,
  salt: Uint8Array,
  length: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

/** A derived key and how long deriving it took (the benchmark reports it apart). */
export interface Derived {
  key: Uint8Array;
  timing: KdfTiming;
}

function tooCostly(what: string): ImportError {
  return new ImportError(
    'UNSUPPORTED_VERSION',
    `The file asks for a ${what} far costlier than any app uses; it was not tried.`,
  );
}

async function timed(name: string, derive: () => Promise<Uint8Array>): Promise<Derived> {
  const start = performance.now();
  const key = await derive();
  return { key, timing: { name, ms: performance.now() - start } };
}

export function deriveScrypt(
  password: string,
  salt: Uint8Array,
  N: number,
  r: number,
  p: number,
): Promise<Derived> {
  const memory = 128 * N * r * p;
  if (
    !Number.isSafeInteger(N) ||
    N < 2 ||
    (N & (N - 1)) !== 0 ||
    r < 1 ||
    p < 1 ||
    memory > MAX_SCRYPT_MEMORY
  ) {
    throw tooCostly(`scrypt (N=${N}, r=${r}, p=${p})`);
  }
  return timed(`scrypt N=${N} r=${r} p=${p}`, async () =>
    Uint8Array.from(await scryptAsync(password, salt, 32, { N, r, p, maxmem: memory * 2 + 1024 * 1024 })),
  );
}

export function derivePbkdf2(
  password: string | Uint8Array,
  salt: Uint8Array,
  iterations: number,
  hash: 'sha1' | 'sha256' | 'sha512',
  length = 32,
): Promise<Derived> {
  if (!Number.isSafeInteger(iterations) || iterations < 1 || iterations > MAX_PBKDF2_ITERATIONS) {
    throw tooCostly(`PBKDF2 with ${iterations} iterations`);
  }
  return timed(`PBKDF2-HMAC-${hash.toUpperCase()} ${iterations} iterations`, async () =>
    Uint8Array.from(await pbkdf2Async(password, salt, iterations, length, hash)),
  );
}

export function deriveArgon2id(
  password: string,
  salt: Uint8Array,
  passes: number,
  memoryKiB: number,
  parallelism: number,
): Promise<Derived> {
  if (
    !Number.isSafeInteger(passes) ||
    !Number.isSafeInteger(memoryKiB) ||
    !Number.isSafeInteger(parallelism) ||
    passes < 1 ||
    passes > MAX_ARGON2_PASSES ||
    parallelism < 1 ||
    parallelism > 64 ||
    memoryKiB < 8 * parallelism ||
    memoryKiB > MAX_ARGON2_KIB
  ) {
    throw tooCostly(`Argon2id (t=${passes}, m=${memoryKiB} KiB, p=${parallelism})`);
  }
  if (salt.length < 8) throw new ImportError('MALFORMED', "The file's key salt is too short.");
  return timed(`Argon2id t=${passes} m=${memoryKiB} KiB p=${parallelism}`, () =>
    argon2idWasm({
      password,
      salt,
      iterations: passes,
      memorySize: memoryKiB,
      parallelism,
      hashLength: 32,
      outputType: 'binary',
    }),
  );
}

export function sha256(data: string | Uint8Array): Uint8Array {
  return Uint8Array.from(createHash('sha256').update(data).digest());
}

/** AES-256-GCM; null when the tag does not match (wrong key or altered data). */
export function openAesGcm(
  key: Uint8Array,
  nonce: Uint8Array,
  ciphertext: Uint8Array,
  tag: Uint8Array,
  aad?: Uint8Array,
): Uint8Array | null {
  if (key.length !== 32 || nonce.length < 8 || tag.length !== 16) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: 16 });
    if (aad) decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    return Uint8Array.from(Buffer.concat([decipher.update(ciphertext), decipher.final()]));
  } catch {
    return null;
  }
}

/** AES-256-GCM over ciphertext‖tag, the layout most apps write. */
export function openAesGcmJoined(
  key: Uint8Array,
  nonce: Uint8Array,
  sealed: Uint8Array,
  aad?: Uint8Array,
): Uint8Array | null {
  if (sealed.length < 16) return null;
  return openAesGcm(
    key,
    nonce,
    sealed.subarray(0, sealed.length - 16),
    sealed.subarray(sealed.length - 16),
    aad,
  );
}

/** AES-256-CBC with PKCS#7 padding; null when the padding is wrong (the usual sign of a wrong key). */
export function openAesCbc(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array | null {
  if (ciphertext.length === 0 || ciphertext.length % 16 !== 0 || iv.length !== 16) return null;
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, iv);
    return Uint8Array.from(Buffer.concat([decipher.update(ciphertext), decipher.final()]));
  } catch {
    return null;
  }
}

export function wrongPassword(app: string): ImportError {
  return new ImportError('WRONG_PASSWORD', `The password is wrong: it does not open this ${app} file.`);
}

export function passwordRequired(app: string): ImportError {
  return new ImportError(
    'PASSWORD_REQUIRED',
    `This ${app} file is encrypted: give its password to import it.`,
  );
}

/** The password given for a file that needs one, or the error that asks for it. */
export function requirePassword(password: string | undefined, app: string): string {
  if (password === undefined || password === '') throw passwordRequired(app);
  return password;
}

/** Strict base64 (standard or URL-safe alphabet); a clear error when it is not. */
export function fromBase64(text: string, what: string): Uint8Array {
  const clean = text.replace(/\s/g, '');
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(clean) || clean.replace(/=+$/, '').length % 4 === 1) {
    throw new ImportError('MALFORMED', `The ${what} is not base64: the file may be damaged.`);
  }
  return Uint8Array.from(Buffer.from(clean.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
}

export function fromHex(text: string, what: string): Uint8Array {
  if (!/^([0-9a-fA-F]{2})*$/.test(text))
    throw new ImportError('MALFORMED', `The ${what} is not hexadecimal: the file may be damaged.`);
  return Uint8Array.from(Buffer.from(text, 'hex'));
}

export function utf8Text(bytes: Uint8Array, what: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ImportError('MALFORMED', `The decrypted ${what} is not text: the file may be damaged.`);
  }
}
