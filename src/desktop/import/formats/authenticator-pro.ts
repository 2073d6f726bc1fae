import { z } from 'zod';
import type { OtpType } from '../../../shared/otp';
import { EntryError, ImportError } from '../errors';
import { subject } from '../words';
import { words } from '../../../shared/person-facing-error';
import { parseJsonText, type ImportSource } from '../input';
import { importFormat, type FormatOutput, type KdfTiming, type ParseOptions } from '../types';
import {
  deriveArgon2id,
  derivePbkdf2,
  type KdfSession,
  openAesCbc,
  openAesGcmJoined,
  requirePassword,
  utf8Text,
  wrongPassword,
} from './support/crypto';
import {
  collectEntries,
  labelOf,
  looseInt,
  looseString,
  makeEntry,
  readFileShape,
  readShape,
} from './support/entry';

/**
 * Authenticator Pro (now Stratum) backups: JSON, or encrypted. Current:
 * "AUTHENTICATORPRO" + salt(16) + IV(12) + AES-256-GCM(ciphertext‖tag), key by
 * Argon2id (t=3, m=64 MiB, p=4). Legacy: "AuthenticatorPro" + salt(20) + IV(16) +
 * AES-256-CBC, key by PBKDF2-HMAC-SHA1 with 64,000 iterations.
 */

const HEADER = 'AUTHENTICATORPRO';
const LEGACY_HEADER = 'AuthenticatorPro';
const ARGON2 = { passes: 3, memoryKiB: 65_536, parallelism: 4 };
const LEGACY_ITERATIONS = 64_000;
/** Both are fixed in the app: nothing in the file sets them. */
const ARGON2_LIMITS = {
  file: 'authenticatorProBackup',
  app: 'Authenticator Pro',
  memoryMiB: 64,
  passes: 3,
  parallelism: 4,
} as const;
const PBKDF2_LIMITS = {
  file: 'authenticatorProBackup',
  app: 'Authenticator Pro',
  iterations: LEGACY_ITERATIONS,
} as const;

const TYPES: Record<number, OtpType> = { 1: 'hotp', 2: 'totp', 4: 'steam' };
const TYPE_NAMES: Record<number, string> = { 3: 'mOTP', 5: 'Yandex' };
const ALGORITHMS: Record<number, string> = { 0: 'SHA1', 1: 'SHA256', 2: 'SHA512' };

const fileSchema = z.looseObject({
  Authenticators: z.array(z.unknown()),
  Categories: z.array(z.looseObject({ Id: z.string(), Name: looseString })).nullish(),
  AuthenticatorCategories: z
    .array(z.looseObject({ CategoryId: z.string(), AuthenticatorSecret: z.string() }))
    .nullish(),
});

const entrySchema = z.looseObject({
  Type: z.number(),
  Issuer: looseString,
  Username: looseString,
  Secret: z.string(),
  Algorithm: z.number().nullish(),
  Digits: looseInt,
  Period: looseInt,
  Counter: looseInt,
});

function readBackup(json: unknown): FormatOutput {
  const file = readFileShape(fileSchema, json, 'Authenticator Pro');
  const categories = new Map(
    (file.Categories ?? []).map((category) => [category.Id, (category.Name ?? '').trim()]),
  );
  const groupOf = new Map<string, string>();
  for (const link of file.AuthenticatorCategories ?? []) {
    const name = categories.get(link.CategoryId);
    if (name && !groupOf.has(link.AuthenticatorSecret)) groupOf.set(link.AuthenticatorSecret, name);
  }
  return collectEntries(
    file.Authenticators,
    (item, index) => {
      const fields = item as { Issuer?: unknown; Username?: unknown } | null;
      return labelOf(fields?.Issuer, fields?.Username, index);
    },
    (value) => {
      const entry = readShape(entrySchema, value);
      const type = TYPES[entry.Type];
      if (!type)
        throw new EntryError(
          words('transfer.entry.typeInParens', { type: TYPE_NAMES[entry.Type] ?? entry.Type }),
        );
      const algorithm = ALGORITHMS[entry.Algorithm ?? 0];
      if (!algorithm)
        throw new EntryError(
          words('transfer.entry.algorithmNotWritten', {
            algorithm: String(entry.Algorithm),
            app: 'Authenticator Pro',
          }),
        );
      return makeEntry({
        type,
        issuer: entry.Issuer,
        account: entry.Username,
        secret: entry.Secret,
        algorithm,
        digits: entry.Digits,
        period: entry.Period,
        counter: entry.Counter,
        group: groupOf.get(entry.Secret),
      });
    },
  );
}

async function decrypt(
  source: ImportSource,
  password: string,
  kdf: KdfSession,
): Promise<{ plain: Uint8Array; kdf: KdfTiming }> {
  const bytes = source.bytes;
  if (source.startsWith(HEADER)) {
    const salt = bytes.subarray(16, 32);
    const iv = bytes.subarray(32, 44);
    if (bytes.length < 44 + 16)
      throw new ImportError('MALFORMED', words('transfer.authenticatorPro.truncated'));
    const derived = await deriveArgon2id(
      kdf,
      ARGON2_LIMITS,
      password,
      salt,
      ARGON2.passes,
      ARGON2.memoryKiB,
      ARGON2.parallelism,
    );
    const plain = openAesGcmJoined(derived.key, iv, bytes.subarray(44));
    if (!plain) throw wrongPassword('authenticatorProBackup');
    return { plain, kdf: derived.timing };
  }
  const salt = bytes.subarray(16, 36);
  const iv = bytes.subarray(36, 52);
  if (bytes.length < 52 + 16)
    throw new ImportError('MALFORMED', words('transfer.authenticatorPro.truncated'));
  const derived = await derivePbkdf2(kdf, PBKDF2_LIMITS, password, salt, LEGACY_ITERATIONS, 'sha1');
  const plain = openAesCbc(derived.key, iv, bytes.subarray(52));
  // CBC has no tag: a wrong key shows as bad padding or as bytes that are not the JSON.
  if (!plain || plain[0] !== 0x7b) throw wrongPassword('authenticatorProBackup');
  return { plain, kdf: derived.timing };
}

function isEncrypted(source: ImportSource): boolean {
  return source.startsWith(HEADER) || source.startsWith(LEGACY_HEADER);
}

function isPlain(json: unknown): boolean {
  return typeof json === 'object' && json !== null && 'Authenticators' in json;
}

export const authenticatorPro = importFormat({
  id: 'authenticator-pro',
  label: 'Authenticator Pro (Stratum)',
  help: 'Authenticator Pro (Stratum): menu → Backup → Back up to file (.authpro, encrypted or not).',
  sniff: (source) => isEncrypted(source) || isPlain(source.jsonIfAny()),
  needsPassword: isEncrypted,
  async parse(source: ImportSource, options: ParseOptions) {
    if (!isEncrypted(source)) return readBackup(source.json());
    const { plain, kdf } = await decrypt(
      source,
      requirePassword(options.password, 'authenticatorProBackup'),
      options.kdf,
    );
    const json = parseJsonText(utf8Text(plain, 'decryptedBackup'), subject('decryptedBackup'));
    return { ...readBackup(json), kdf };
  },
});
