import { createHash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { z } from 'zod';
import { englishTranslate } from '../../shared/i18n/translate';
import { sayIn, words, type PersonFacingMessage } from '../../shared/person-facing-error';
import { isStamp } from './hlc';
import type { Sodium } from './sodium';

/**
 * A sync file: MAGIC, a u8 format version, a u16 header length, the header as JSON (key id,
 * device, sequence number, kind, length of what follows the nonce), a 24-byte nonce, then the
 * body (deflated JSON) sealed with XChaCha20-Poly1305 under the sync key. Everything before the
 * nonce is the additional data, so a file moved to another name or device folder, or edited
 * anywhere, does not authenticate as anything but what it was written as.
 */
export const MAGIC = Buffer.from('TWOFOLD-SYNC', 'ascii');
export const FORMAT_VERSION = 1;
const PREFIX_BYTES = MAGIC.length + 1 + 2;
const NONCE_BYTES = 24;
const MAX_HEADER_BYTES = 1024;
/** The largest file read at all: bigger ones are refused by their size, unread. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;
/** A body may inflate to this much and no more (a deflate bomb is refused, not expanded). */
const MAX_BODY_BYTES = 256 * 1024 * 1024;

export type FileKind = 'changes' | 'snapshot' | 'rotation' | 'position';
const KIND_LETTER: Record<FileKind, string> = { changes: 'c', snapshot: 's', rotation: 'r', position: 'p' };

const DEVICE_ID = /^[0-9a-f]{32}$/;
const KEY_ID = /^[0-9a-f]{16}$/;
export const isDeviceId = (text: string): boolean => DEVICE_ID.test(text);

const headerSchema = z.strictObject({
  k: z.string().regex(KEY_ID),
  d: z.string().regex(DEVICE_ID),
  s: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  t: z.enum(['c', 's', 'r', 'p']),
  n: z.number().int().min(16).max(MAX_FILE_BYTES),
});
export type FileHeader = z.infer<typeof headerSchema>;

const value = z.union([z.string().max(300_000), z.number(), z.boolean(), z.null()]);
const entryId = z.string().min(1).max(64);
const field = z.string().regex(/^\$?[A-Za-z]{1,32}$/);
const stamp = z.string().refine(isStamp);
const seen = z
  .record(z.string().regex(DEVICE_ID), z.number().int().min(0))
  .refine((r) => Object.keys(r).length <= 256);

const meta = {
  /** When the file was written (ISO), and by which named computer. */
  at: z.string().max(64),
  name: z.string().min(1).max(64),
  /** The device's public key (X25519, base64): key rotations are sealed to it. */
  pk: z.string().regex(/^[A-Za-z0-9+/]{43}=$/),
  /** SHA-256 (hex) of this device's previous file, '' for its first. */
  prev: z.string().regex(/^([0-9a-f]{64})?$/),
  seen,
};

export const changesBodySchema = z.strictObject({
  ...meta,
  changes: z.array(z.tuple([entryId, field, value, stamp])),
});
export const snapshotBodySchema = z.strictObject({
  ...meta,
  registers: z.array(
    z.tuple([entryId, field, value, stamp, z.string().regex(DEVICE_ID), z.number().int().min(1)]),
  ),
});
export const rotationBodySchema = z.strictObject({
  at: z.string().max(64),
  /** The new key's id, and the new seed sealed to each remaining device's public key. */
  key: z.string().regex(KEY_ID),
  removed: z.array(z.string().regex(DEVICE_ID)).max(256),
  wrapped: z.record(z.string().regex(DEVICE_ID), z.string().max(200)),
});
/** `position`: how far a device has read every other one, rewritten on each sync (old files go by it). */
export const positionBodySchema = z.strictObject({
  at: meta.at,
  name: meta.name,
  pk: meta.pk,
  read: seen,
});
export type PositionBody = z.infer<typeof positionBodySchema>;
export type ChangesBody = z.infer<typeof changesBodySchema>;
export type SnapshotBody = z.infer<typeof snapshotBodySchema>;
export type RotationBody = z.infer<typeof rotationBodySchema>;

/** Why a file was refused; each has its notice (notices.ts). */
export type Refusal =
  | 'not-sync'
  | 'truncated'
  | 'altered'
  | 'foreign-key'
  | 'replayed'
  | 'rolled-back'
  | 'too-large'
  | 'chain'
  | 'removed-device';

/** A file of the folder not used, why (`reason`), and what was found (`detail`; English as `message`). */
export class Refused extends Error {
  constructor(
    readonly reason: Refusal,
    readonly detail: PersonFacingMessage,
  ) {
    super(sayIn(englishTranslate, detail));
  }
}

export const fileHash = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

export function encodeFile(
  lib: Sodium,
  key: { key: Uint8Array; id: string },
  header: { device: string; seq: number; kind: FileKind },
  body: unknown,
): Buffer {
  const plain = deflateRawSync(Buffer.from(JSON.stringify(body), 'utf8'));
  const n = plain.length + lib.crypto_aead_xchacha20poly1305_ietf_ABYTES;
  const json = Buffer.from(
    JSON.stringify({ k: key.id, d: header.device, s: header.seq, t: KIND_LETTER[header.kind], n }),
    'utf8',
  );
  const prefix = Buffer.alloc(PREFIX_BYTES);
  MAGIC.copy(prefix, 0);
  prefix.writeUInt8(FORMAT_VERSION, MAGIC.length);
  prefix.writeUInt16BE(json.length, MAGIC.length + 1);
  const aad = Buffer.concat([prefix, json]);
  const nonce = lib.randombytes_buf(NONCE_BYTES);
  const sealed = lib.crypto_aead_xchacha20poly1305_ietf_encrypt(plain, aad, null, nonce, key.key);
  return Buffer.concat([aad, nonce, sealed]);
}

/** The clear header, checked for shape and length (no key needed). */
export function readHeader(bytes: Buffer): { header: FileHeader; aad: Buffer; rest: Buffer } {
  const head = bytes.subarray(0, Math.min(bytes.length, MAGIC.length));
  if (bytes.length === 0 || !head.equals(MAGIC.subarray(0, head.length)))
    throw new Refused('not-sync', words('settings.sync.detail.badStart'));
  if (bytes.length < PREFIX_BYTES) throw new Refused('truncated', words('settings.sync.detail.cutShort'));
  if (bytes.readUInt8(MAGIC.length) !== FORMAT_VERSION)
    throw new Refused('altered', words('settings.sync.detail.version'));
  const length = bytes.readUInt16BE(MAGIC.length + 1);
  if (length > MAX_HEADER_BYTES) throw new Refused('altered', words('settings.sync.detail.headerTooLong'));
  if (bytes.length < PREFIX_BYTES + length)
    throw new Refused('truncated', words('settings.sync.detail.cutShort'));
  let json: unknown;
  try {
    json = JSON.parse(bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + length).toString('utf8'));
  } catch {
    throw new Refused('altered', words('settings.sync.detail.headerUnreadable'));
  }
  const parsed = headerSchema.safeParse(json);
  if (!parsed.success) throw new Refused('altered', words('settings.sync.detail.headerNotOurs'));
  const rest = bytes.subarray(PREFIX_BYTES + length);
  const expected = NONCE_BYTES + parsed.data.n;
  if (rest.length < expected) throw new Refused('truncated', words('settings.sync.detail.cutShort'));
  if (rest.length > expected) throw new Refused('altered', words('settings.sync.detail.bytesAfterEnd'));
  return { header: parsed.data, aad: bytes.subarray(0, PREFIX_BYTES + length), rest };
}

/** Opens a file's body with the key its header names; refuses anything that does not authenticate. */
export function openBody(lib: Sodium, key: Uint8Array, aad: Buffer, rest: Buffer): unknown {
  let plain: Uint8Array;
  try {
    plain = lib.crypto_aead_xchacha20poly1305_ietf_decrypt(
      null,
      rest.subarray(NONCE_BYTES),
      aad,
      rest.subarray(0, NONCE_BYTES),
      key,
    );
  } catch {
    throw new Refused('altered', words('settings.sync.detail.notAuthentic'));
  }
  try {
    return JSON.parse(inflateRawSync(plain, { maxOutputLength: MAX_BODY_BYTES }).toString('utf8'));
  } catch {
    throw new Refused('altered', words('settings.sync.detail.contentsUnreadable'));
  }
}

/**
 * Names in a device's folder: `0000000042.chg` (changes), `0000000043.snap` (a snapshot).
 * Copies that sync tools make keep the number and the extension: Syncthing's
 * `0000000042.sync-conflict-20261206-101010-ABCDEFG.chg`, Dropbox's
 * `0000000042 (Alice's conflicted copy 2026-12-06).chg`, `0000000042 (1).chg`.
 */
const MAIN_NAME = /^(\d{10})\.(chg|snap)$/;
const COPY_NAME = /^(\d{10})[ .].*\.(chg|snap)$/;

export function seqName(seq: number, kind: 'changes' | 'snapshot'): string {
  return `${String(seq).padStart(10, '0')}.${kind === 'changes' ? 'chg' : 'snap'}`;
}

export type NameKind =
  | { type: 'main'; seq: number; kind: 'changes' | 'snapshot' }
  | { type: 'copy'; seq: number; kind: 'changes' | 'snapshot' }
  /** A sync tool's or our own half-written temporary file: not ours to judge yet. */
  | { type: 'temp' }
  | { type: 'unknown' };

export function classifyName(name: string): NameKind {
  if (name.startsWith('.') || name.startsWith('~') || name.endsWith('.tmp') || name.endsWith('.partial'))
    return { type: 'temp' };
  // A sync tool's copy of a position file: the device rewrites the real one on its next sync.
  if (name.startsWith('position')) return { type: 'temp' };
  const main = MAIN_NAME.exec(name);
  if (main) return { type: 'main', seq: Number(main[1]), kind: main[2] === 'chg' ? 'changes' : 'snapshot' };
  const copy = COPY_NAME.exec(name);
  if (copy) return { type: 'copy', seq: Number(copy[1]), kind: copy[2] === 'chg' ? 'changes' : 'snapshot' };
  return { type: 'unknown' };
}

export const KIND_OF_LETTER: Record<FileHeader['t'], FileKind> = {
  c: 'changes',
  s: 'snapshot',
  r: 'rotation',
  p: 'position',
};
export const POSITION_FILE = 'position';
