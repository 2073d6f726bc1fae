import { z } from 'zod';
import { NONCE_BYTES } from './crypto';
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

export const passwordSlotSchema = z.object({
  type: z.literal('password'),
  ...wrappedKey,
  kdf: z.literal('scrypt'),
  // Bounded so a hostile header cannot make us burn minutes or gigabytes.
  n: z
    .number()
    .int()
    .min(2 ** 14)
    .max(2 ** 20)
    .refine((n) => (n & (n - 1)) === 0),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
  salt: base64().refine((value) => Buffer.from(value, 'base64').length >= 16),
});

export const slotSchema = z.discriminatedUnion('type', [keychainSlotSchema, passwordSlotSchema]);
export type Slot = z.infer<typeof slotSchema>;
export type KeychainSlot = z.infer<typeof keychainSlotSchema>;
export type PasswordSlot = z.infer<typeof passwordSlotSchema>;

export const headerSchema = z.object({
  id: z.uuid(),
  nonce: base64(NONCE_BYTES),
  slots: z.array(slotSchema).max(16),
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

export function decodeVault(bytes: Buffer, path: string): DecodedVault {
  const head = bytes.subarray(0, Math.min(bytes.length, MAGIC.length));
  if (bytes.length === 0 || !head.equals(MAGIC.subarray(0, head.length))) {
    throw new VaultError('NOT_A_VAULT', `${path} is not a Twofold vault; it was left as it is.`);
  }
  const corrupt = (why: string) =>
    new VaultError(
      'CORRUPT',
      `The vault ${path} is damaged (${why}); it was left as it is. Restore it from a backup.`,
    );
  if (bytes.length < PREFIX_BYTES) throw corrupt('it is cut short');
  const version = bytes.readUInt16BE(MAGIC.length);
  if (version > FORMAT_VERSION) {
    throw new VaultError(
      'NEWER_FORMAT',
      `The vault ${path} was written by a newer Twofold (format ${version}); update Twofold to open it.`,
    );
  }
  if (version < 1) throw corrupt('unknown format version');
  const headerLength = bytes.readUInt32BE(MAGIC.length + 2);
  if (headerLength > MAX_HEADER_BYTES || PREFIX_BYTES + headerLength > bytes.length) {
    throw corrupt('it is cut short');
  }
  const headerEnd = PREFIX_BYTES + headerLength;
  let json: unknown;
  try {
    json = JSON.parse(bytes.subarray(PREFIX_BYTES, headerEnd).toString('utf8'));
  } catch {
    throw corrupt('its header is not readable');
  }
  const parsed = headerSchema.safeParse(json);
  if (!parsed.success) throw corrupt('its header is not valid');
  if (bytes.length - headerEnd < 16) throw corrupt('it is cut short');
  return { header: parsed.data, aad: bytes.subarray(0, headerEnd), sealed: bytes.subarray(headerEnd) };
}
