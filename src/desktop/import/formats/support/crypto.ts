import { createDecipheriv, createHash } from 'node:crypto';
import { ImportError } from '../../errors';
import type { KdfTiming } from '../../types';
import { KdfWorker, type KdfControl, type KdfRequest } from './kdf-worker';
import { fileKind, filePart, subject, type FileKind, type FilePart, type Subject } from '../../words';
import { words, type PersonFacingMessage } from '../../../../shared/person-facing-error';

export type { KdfControl, KdfProgress } from './kdf-worker';

/** A derived key and how long deriving it took (the benchmark reports it apart). */
export interface Derived {
  key: Uint8Array;
  timing: KdfTiming;
}

/*
 * What a derivation should cost on an ordinary laptop core, from measured rates (Node's own
 * scrypt and PBKDF2, hash-wasm's Argon2id): it sizes the per-file budget and tells the CLI and
 * the app when a derivation is long enough to show progress. A loaded machine takes longer.
 */
const MS_PER_ARGON2_MIB_PASS = 0.8;
const MS_PER_SCRYPT_MIB = 3;
const MS_PER_PBKDF2_ITERATION = { sha1: 0.0005, sha256: 0.0004, sha512: 0.0008 } as const;
const MIB = 1024 * 1024;

export function estimateMs(request: KdfRequest): number {
  if (request.kind === 'argon2id')
    return (request.memoryKiB / 1024) * request.passes * MS_PER_ARGON2_MIB_PASS;
  if (request.kind === 'scrypt') return ((128 * request.N * request.r * request.p) / MIB) * MS_PER_SCRYPT_MIB;
  return request.iterations * MS_PER_PBKDF2_ITERATION[request.hash];
}

/**
 * The most key-derivation work one file may ask for, summed over every derivation it needs
 * (every password slot, every encrypted secret): the costliest single setting a real app
 * writes, Bitwarden's strongest Argon2id (1024 MiB, 10 passes). Each format also caps each
 * derivation at what its own app writes; this bounds a file that repeats one many times.
 */
export const MAX_FILE_KDF_MS = estimateMs({
  kind: 'argon2id',
  password: '',
  salt: new Uint8Array(),
  passes: 10,
  memoryKiB: 1024 * 1024,
  parallelism: 16,
});

export function tooCostly(reason: PersonFacingMessage): ImportError {
  return new ImportError('TOO_COSTLY', words('transfer.kdf.notTried', { reason }));
}

function labelOf(request: KdfRequest): string {
  if (request.kind === 'argon2id')
    return `Argon2id t=${request.passes} m=${request.memoryKiB} KiB p=${request.parallelism}`;
  if (request.kind === 'scrypt') return `scrypt N=${request.N} r=${request.r} p=${request.p}`;
  return `PBKDF2-HMAC-${request.hash.toUpperCase()} ${request.iterations} iterations`;
}

/**
 * One file's key derivations: run in a worker thread (the caller's thread stays free, the
 * signal stops them), counted against the per-file budget, reported as progress. The
 * registry makes one per file read and closes it after.
 */
export class KdfSession {
  readonly #worker: KdfWorker;
  readonly #control: KdfControl;
  #spentMs = 0;
  #step = 0;
  #steps = 1;

  constructor(control: KdfControl = {}) {
    this.#control = control;
    this.#worker = new KdfWorker(control.signal);
  }

  /**
   * Says the file needs up to `steps` derivations (an Aegis vault: one per password slot),
   * so progress reads "1 of 3"; refuses more than the app ever writes, before any is run.
   */
  expect(steps: number, max: number, refusal: PersonFacingMessage): void {
    if (steps > max) throw tooCostly(refusal);
    this.#steps = Math.max(1, steps);
  }

  async derive(request: KdfRequest): Promise<Derived> {
    const estimatedMs = estimateMs(request);
    if (this.#spentMs + estimatedMs > MAX_FILE_KDF_MS) {
      throw tooCostly(words('transfer.kdf.overBudget'));
    }
    this.#spentMs += estimatedMs;
    this.#step += 1;
    const label = labelOf(request);
    this.#control.onProgress?.({
      step: this.#step,
      steps: Math.max(this.#step, this.#steps),
      label,
      estimatedMs,
    });
    const start = performance.now();
    const key = await this.#worker.run(request);
    return { key, timing: { name: label, ms: performance.now() - start } };
  }

  close(): void {
    this.#worker.close();
  }
}

/** The most a real app writes for scrypt (Aegis: N=2^15, r=8, p=1, fixed since its first vault). */
export interface ScryptLimits {
  readonly file: FileKind;
  readonly app: string;
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

export function deriveScrypt(
  kdf: KdfSession,
  limits: ScryptLimits,
  password: string,
  salt: Uint8Array,
  N: number,
  r: number,
  p: number,
): Promise<Derived> {
  const valid =
    [N, r, p].every((value) => Number.isSafeInteger(value) && value >= 1) && N >= 2 && (N & (N - 1)) === 0;
  const file = fileKind(limits.file);
  if (!valid)
    throw new ImportError('MALFORMED', words('transfer.kdf.settingsInvalid', { file, kdf: 'scrypt' }));
  if (N > limits.N || r > limits.r || p > limits.p) {
    throw tooCostly(
      words('transfer.kdf.scryptTooCostly', {
        file,
        kdf: 'scrypt',
        app: limits.app,
        N,
        r,
        p,
        maxN: limits.N,
        maxR: limits.r,
        maxP: limits.p,
      }),
    );
  }
  return kdf.derive({ kind: 'scrypt', password, salt, N, r, p });
}

export function derivePbkdf2(
  kdf: KdfSession,
  limits: { readonly file: FileKind; readonly app: string; readonly iterations: number },
  password: string | Uint8Array,
  salt: Uint8Array,
  iterations: number,
  hash: 'sha1' | 'sha256' | 'sha512',
  length = 32,
): Promise<Derived> {
  const file = fileKind(limits.file);
  if (!Number.isSafeInteger(iterations) || iterations < 1)
    throw new ImportError('MALFORMED', words('transfer.kdf.pbkdf2Invalid', { file, kdf: 'PBKDF2' }));
  if (iterations > limits.iterations) {
    throw tooCostly(
      words('transfer.kdf.pbkdf2TooCostly', {
        file,
        kdf: 'PBKDF2',
        app: limits.app,
        iterations,
        max: limits.iterations,
      }),
    );
  }
  return kdf.derive({ kind: 'pbkdf2', password, salt, iterations, hash, length });
}

/**
 * The most a real app writes for Argon2id. `work` (MiB × passes), when given, caps the
 * product: Ente Auth halves the memory and doubles the passes on small devices, keeping it.
 */
export interface Argon2Limits {
  readonly file: FileKind;
  readonly app: string;
  readonly memoryMiB: number;
  readonly passes: number;
  readonly parallelism: number;
  readonly work?: { readonly mibPasses: number; readonly example: PersonFacingMessage };
}

export function deriveArgon2id(
  kdf: KdfSession,
  limits: Argon2Limits,
  password: string,
  salt: Uint8Array,
  passes: number,
  memoryKiB: number,
  parallelism: number,
): Promise<Derived> {
  const valid =
    [passes, memoryKiB, parallelism].every((value) => Number.isSafeInteger(value) && value >= 1) &&
    memoryKiB >= 8 * parallelism;
  const file = fileKind(limits.file);
  const app = limits.app;
  const method = 'Argon2id';
  if (!valid)
    throw new ImportError('MALFORMED', words('transfer.kdf.settingsInvalid', { file, kdf: method }));
  const memoryMiB = memoryKiB / 1024;
  const memory = Math.ceil(memoryMiB);
  if (memoryMiB > limits.memoryMiB) {
    throw tooCostly(
      words('transfer.kdf.argon2Memory', { file, kdf: method, app, memory, max: limits.memoryMiB }),
    );
  }
  if (passes > limits.passes)
    throw tooCostly(
      words('transfer.kdf.argon2Passes', { file, kdf: method, app, passes, max: limits.passes }),
    );
  if (parallelism > limits.parallelism) {
    throw tooCostly(
      words('transfer.kdf.argon2Parallelism', {
        file,
        kdf: method,
        app,
        parallelism,
        max: limits.parallelism,
      }),
    );
  }
  if (limits.work && memoryMiB * passes > limits.work.mibPasses) {
    throw tooCostly(
      words('transfer.kdf.argon2Work', {
        file,
        kdf: method,
        app,
        memory,
        passes,
        strongest: limits.work.example,
      }),
    );
  }
  if (salt.length < 8) throw new ImportError('MALFORMED', words('transfer.kdf.saltTooShort'));
  return kdf.derive({ kind: 'argon2id', password, salt, passes, memoryKiB, parallelism });
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

export function wrongPassword(kind: FileKind): ImportError {
  return new ImportError('WRONG_PASSWORD', words('transfer.import.wrongPassword', { file: fileKind(kind) }));
}

export function passwordRequired(kind: FileKind): ImportError {
  return new ImportError(
    'PASSWORD_REQUIRED',
    words('transfer.import.passwordRequired', { file: fileKind(kind) }),
  );
}

/** The password given for a file that needs one, or the error that asks for it. */
export function requirePassword(password: string | undefined, kind: FileKind): string {
  if (password === undefined || password === '') throw passwordRequired(kind);
  return password;
}

/** Strict base64 (standard or URL-safe alphabet); a clear error when it is not. */
export function fromBase64(text: string, what: FilePart): Uint8Array {
  const clean = text.replace(/\s/g, '');
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(clean) || clean.replace(/=+$/, '').length % 4 === 1) {
    throw new ImportError(
      'MALFORMED',
      words('transfer.import.notBase64', { part: filePart(what), encoding: 'base64' }),
    );
  }
  return Uint8Array.from(Buffer.from(clean.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
}

export function fromHex(text: string, what: FilePart): Uint8Array {
  if (!/^([0-9a-fA-F]{2})*$/.test(text))
    throw new ImportError('MALFORMED', words('transfer.import.notHex', { part: filePart(what) }));
  return Uint8Array.from(Buffer.from(text, 'hex'));
}

export function utf8Text(bytes: Uint8Array, what: Subject): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ImportError('MALFORMED', words('transfer.import.notText', { what: subject(what) }));
  }
}
