import { z } from 'zod';
import { NONCE_BYTES } from './crypto';
import { words } from '../../shared/person-facing-error';
import { VaultError } from './errors';

/**
 * A vault file: MAGIC, a big-endian u16 format version, a u32 header length,
 * the header as JSON (vault id, slots, body nonce), then the AES-256-GCM
 * ciphertext+tag of the entries. Everything before the ciphertext is the GCM
 * additional data, so any change to the header is detected.
 */
export const MAGIC = Buffer.from('TWOFOLD-VAULT', 'ascii');
export const FORMAT_VERSION = 1;
const PREFIX_BYTES = MAGIC.length + 2 + 4;
const MAX_HEADER_BYTES = 1024 * 1024;

const base64 = (bytes?: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9+/]*={0,2}$/)
    .refine((value) => bytes === undefined || Buffer.from(value, 'base64').length === bytes);

const wrappedKey = { id: z.uuid(), nonce: base64(NONCE_BYTES), key: base64(48) };

export const keychainSlotSchema = z.object({
  type: z.literal('keychain'),
  ...wrappedKey,
  /** The keychain account (under service "Twofold") that holds this slot's key. */
  account: z.string().min(1).max(256),
});

/**
 * The key-derivation settings a header may ask for: what Twofold writes (crypto.ts,
 * N=2^15 r=8 p=1) with room to grow 4× in cost, and no further. A header is read
 * before anything in it is authenticated, so a tampered one must not be able to
 * make the unlock spend minutes of CPU or gigabytes of memory: anything outside
 * these was not written by Twofold and is refused before any derivation.
 */
export const SCRYPT_LIMITS = {
  minN: 2 ** 14,
  maxN: 2 ** 17,
  maxR: 8,
  maxP: 2,
  /** N·r·p: four times the cost of DEFAULT_SCRYPT. */
  maxCost: 2 ** 20,
} as const;

/** Twofold writes one keychain and one password slot; a header may hold a few more, never many. */
export const MAX_SLOTS = 4;
export const MAX_PASSWORD_SLOTS = 2;

export const passwordSlotSchema = z
  .object({
    type: z.literal('password'),
    ...wrappedKey,
    kdf: z.literal('scrypt'),
    n: z
      .number()
      .int()
      .min(SCRYPT_LIMITS.minN)
      .max(SCRYPT_LIMITS.maxN)
      .refine((n) => (n & (n - 1)) === 0),
    r: z.number().int().min(1).max(SCRYPT_LIMITS.maxR),
    p: z.number().int().min(1).max(SCRYPT_LIMITS.maxP),
    salt: base64().refine((value) => {
      const bytes = Buffer.from(value, 'base64').length;
      return bytes >= 16 && bytes <= 64;
    }),
  })
  .refine((slot) => slot.n * slot.r * slot.p <= SCRYPT_LIMITS.maxCost);

export const slotSchema = z.discriminatedUnion('type', [keychainSlotSchema, passwordSlotSchema]);
export type Slot = z.infer<typeof slotSchema>;
export type KeychainSlot = z.infer<typeof keychainSlotSchema>;
export type PasswordSlot = z.infer<typeof passwordSlotSchema>;

export const headerSchema = z.object({
  id: z.uuid(),
  nonce: base64(NONCE_BYTES),
  // Twofold always writes at least one slot: a header without any was emptied by someone else.
  slots: z
    .array(slotSchema)
    .min(1)
    .max(MAX_SLOTS)
    .refine((slots) => slots.filter((slot) => slot.type === 'password').length <= MAX_PASSWORD_SLOTS),
});
export type VaultHeader = z.infer<typeof headerSchema>;

export interface DecodedVault {
  header: VaultHeader;
  /** The bytes bound as additional data. */
  aad: Buffer;
  sealed: Buffer;
}

export function encodePrefix(header: VaultHeader): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const prefix = Buffer.alloc(PREFIX_BYTES);
  MAGIC.copy(prefix, 0);
  prefix.writeUInt16BE(FORMAT_VERSION, MAGIC.length);
  prefix.writeUInt32BE(json.length, MAGIC.length + 2);
  return Buffer.concat([prefix, json]);
}

/** The header or the contents do not authenticate: someone (or something) changed the file. */
export function altered(
  path: string,
  why: 'vault.file.reason.foreignSettings' | 'vault.file.reason.keyMismatch',
): VaultError {
  return new VaultError('ALTERED', words('vault.file.altered', { path, reason: words(why) }));
}

export function decodeVault(bytes: Buffer, path: string): DecodedVault {
  const head = bytes.subarray(0, Math.min(bytes.length, MAGIC.length));
  if (bytes.length === 0 || !head.equals(MAGIC.subarray(0, head.length))) {
    throw new VaultError('NOT_A_VAULT', words('vault.file.notVault', { path }));
  }
  const corrupt = (
    why:
      | 'vault.file.reason.cutShort'
      | 'vault.file.reason.unknownVersion'
      | 'vault.file.reason.headerUnreadable',
  ) => new VaultError('CORRUPT', words('vault.file.damagedBecause', { path, reason: words(why) }));
  if (bytes.length < PREFIX_BYTES) throw corrupt('vault.file.reason.cutShort');
  const version = bytes.readUInt16BE(MAGIC.length);
  if (version > FORMAT_VERSION) {
    throw new VaultError('NEWER_FORMAT', words('vault.file.newerFormat', { path, version: String(version) }));
  }
  if (version < 1) throw corrupt('vault.file.reason.unknownVersion');
  const headerLength = bytes.readUInt32BE(MAGIC.length + 2);
  if (headerLength > MAX_HEADER_BYTES || PREFIX_BYTES + headerLength > bytes.length) {
    throw corrupt('vault.file.reason.cutShort');
  }
  const headerEnd = PREFIX_BYTES + headerLength;
  let json: unknown;
  try {
    json = JSON.parse(bytes.subarray(PREFIX_BYTES, headerEnd).toString('utf8'));
  } catch {
    throw corrupt('vault.file.reason.headerUnreadable');
  }
  const parsed = headerSchema.safeParse(json);
  // Readable JSON that Twofold would never write (key-derivation settings out of
  // bounds, too many slots): refused before any work is spent on it.
  if (!parsed.success) throw altered(path, 'vault.file.reason.foreignSettings');
  if (bytes.length - headerEnd < 16) throw corrupt('vault.file.reason.cutShort');
  return { header: parsed.data, aad: bytes.subarray(0, headerEnd), sealed: bytes.subarray(headerEnd) };
}
