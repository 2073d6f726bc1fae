import { z } from 'zod';
import type { OtpType } from '../../../shared/otp';
import { EntryError, ImportError } from '../errors';
import { subject } from '../words';
import { words } from '../../../shared/person-facing-error';
import { parseJsonText, type ImportSource } from '../input';
import { importFormat, type FormatOutput, type KdfTiming, type ParseOptions } from '../types';
import {
  derivePbkdf2,
  type KdfSession,
  openAesGcmJoined,
  requirePassword,
  sha256,
  utf8Text,
  wrongPassword,
} from './support/crypto';
import { collectEntries, labelOf, looseInt, looseString, makeEntry, readShape } from './support/entry';

/**
 * andOTP backups: a JSON array of accounts, plain or encrypted. Encrypted since 0.6.3:
 * [iterations: 4 bytes BE][salt: 12][nonce: 12][AES-256-GCM ciphertext‖tag], key by
 * PBKDF2-HMAC-SHA1. Up to 0.6.2: [nonce: 12][ciphertext‖tag], key = SHA-256(password).
 */

const SALT_BYTES = 12;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/**
 * The stored count andOTP accepts: it writes a random count from 140,000 to 160,000 (Constants.java);
 * other values mean the old format (whose first bytes are a random nonce) or a wrong password.
 */
const MIN_ITERATIONS = 1_000;
const MAX_ITERATIONS = 160_000;
const PBKDF2_LIMITS = { file: 'andotpBackup', app: 'andOTP', iterations: MAX_ITERATIONS } as const;

export const andotpEntrySchema = z.looseObject({
  secret: z.string(),
  issuer: looseString,
  label: looseString,
  digits: looseInt,
  period: looseInt,
  counter: looseInt,
  type: z.string(),
  algorithm: looseString,
  tags: z.array(z.string()).nullish(),
});

const TYPES: Record<string, OtpType> = { TOTP: 'totp', HOTP: 'hotp', STEAM: 'steam' };

export function otpTypeOf(value: string): OtpType {
  const type = TYPES[value.toUpperCase()];
  if (!type) throw new EntryError(words('transfer.entry.type', { type: value }));
  return type;
}

/** Entries of andOTP's JSON (also GNOME Authenticator's legacy backup, which differs only in the issuer). */
export function readAndotpEntries(
  items: readonly unknown[],
  issuerOf: (entry: z.infer<typeof andotpEntrySchema>) => { issuer: string; account: string; group?: string },
): FormatOutput {
  return collectEntries(
    items,
    (item, index) => {
      const fields = item as { issuer?: unknown; label?: unknown } | null;
      return labelOf(fields?.issuer, fields?.label, index);
    },
    (value) => {
      const entry = readShape(andotpEntrySchema, value);
      return makeEntry({
        type: otpTypeOf(entry.type),
        ...issuerOf(entry),
        secret: entry.secret,
        algorithm: entry.algorithm,
        digits: entry.digits,
        period: entry.period,
        counter: entry.counter,
      });
    },
  );
}

/** andOTP before 0.6.3 kept no issuer: the label reads "Issuer - name". */
function andotpNames(entry: z.infer<typeof andotpEntrySchema>): {
  issuer: string;
  account: string;
  group?: string;
} {
  const label = entry.label ?? '';
  const group = entry.tags?.[0];
  if (typeof entry.issuer === 'string') return { issuer: entry.issuer, account: label, group };
  const cut = label.indexOf(' - ');
  return cut === -1
    ? { issuer: '', account: label, group }
    : { issuer: label.slice(0, cut), account: label.slice(cut + 3), group };
}

function isAndotpArray(json: unknown): json is unknown[] {
  if (!Array.isArray(json)) return false;
  const first: unknown = json[0];
  return (
    typeof first === 'object' && first !== null && 'secret' in first && 'type' in first && 'label' in first
  );
}

async function decrypt(
  bytes: Uint8Array,
  password: string,
  kdf: KdfSession,
): Promise<{ plain: Uint8Array; kdf: KdfTiming }> {
  if (bytes.length < NONCE_BYTES + TAG_BYTES)
    throw new ImportError('MALFORMED', words('transfer.andotp.tooShort'));
  // The old format first: one hash, and a GCM tag that leaves no doubt.
  const start = performance.now();
  const oldKey = sha256(password);
  const old = openAesGcmJoined(oldKey, bytes.subarray(0, NONCE_BYTES), bytes.subarray(NONCE_BYTES));
  const oldTiming: KdfTiming = {
    name: 'SHA-256 of the password (andOTP ≤ 0.6.2)',
    ms: performance.now() - start,
  };
  if (old) return { plain: old, kdf: oldTiming };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const iterations = bytes.length >= 4 ? view.getUint32(0) : 0;
  const header = 4 + SALT_BYTES + NONCE_BYTES;
  if (iterations >= MIN_ITERATIONS && iterations <= MAX_ITERATIONS && bytes.length >= header + TAG_BYTES) {
    const derived = await derivePbkdf2(
      kdf,
      PBKDF2_LIMITS,
      password,
      bytes.subarray(4, 4 + SALT_BYTES),
      iterations,
      'sha1',
    );
    const plain = openAesGcmJoined(
      derived.key,
      bytes.subarray(4 + SALT_BYTES, header),
      bytes.subarray(header),
    );
    if (plain) return { plain, kdf: derived.timing };
  }
  throw wrongPassword('andotpBackup');
}

function isEncryptedAndotp(source: ImportSource): boolean {
  // Encrypted backups are bytes with no signature; these are the only headerless binary files imported.
  return source.text() === null && !source.isImage() && source.bytes.length >= NONCE_BYTES + TAG_BYTES;
}

export const andotp = importFormat({
  id: 'andotp',
  label: 'andOTP',
  help: 'andOTP: menu → Backups → Backup (encrypted) or Backup (plain).',
  sniff: (source) => isAndotpArray(source.jsonIfAny()) || isEncryptedAndotp(source),
  needsPassword: (source) => source.text() === null,
  async parse(source: ImportSource, options: ParseOptions) {
    let json: unknown;
    let kdf: KdfTiming | undefined;
    if (source.text() === null) {
      const decrypted = await decrypt(
        source.bytes,
        requirePassword(options.password, 'andotpBackup'),
        options.kdf,
      );
      json = parseJsonText(
        utf8Text(decrypted.plain, 'decryptedAndotpBackup'),
        subject('decryptedAndotpBackup'),
      );
      kdf = decrypted.kdf;
    } else json = source.json();
    if (!Array.isArray(json)) throw new ImportError('MALFORMED', words('transfer.andotp.notAList'));
    return { ...readAndotpEntries(json, andotpNames), ...(kdf ? { kdf } : {}) };
  },
});
