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
  fromBase64,
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
 * 2FAS Authenticator backups (.2fas, and .json from the 3.x apps). Schema 1 has no
 * type, algorithm, digits or period (everything is TOTP SHA1/6/30); schema 2 adds
 * algorithm, digits and period; schema 3 the token type (HOTP, STEAM) and counter;
 * schema 4 the original link.
 */

const SCHEMA_VERSIONS = [1, 2, 3, 4];
/** 2FAS derives the backup key with PBKDF2-HMAC-SHA256 at this fixed count. */
const PBKDF2_ITERATIONS = 10_000;
const PBKDF2_LIMITS = { file: 'twofasBackup', app: '2FAS', iterations: PBKDF2_ITERATIONS } as const;

const backupSchema = z.looseObject({
  schemaVersion: z.number().optional(),
  services: z.array(z.unknown()).nullish(),
  servicesEncrypted: z.string().nullish(),
  groups: z.array(z.looseObject({ id: z.string(), name: looseString })).nullish(),
});

const serviceSchema = z.looseObject({
  name: looseString,
  secret: z.string(),
  groupId: looseString,
  otp: z
    .looseObject({
      label: looseString,
      account: looseString,
      issuer: looseString,
      digits: looseInt,
      period: looseInt,
      algorithm: looseString,
      counter: looseInt,
      tokenType: looseString,
    })
    .nullish(),
});

const TYPES: Record<string, OtpType> = { TOTP: 'totp', HOTP: 'hotp', STEAM: 'steam' };

function readServices(services: readonly unknown[], groups: Map<string, string>): FormatOutput {
  return collectEntries(
    services,
    (service, index) => {
      const fields = service as { name?: unknown; otp?: { account?: unknown } } | null;
      return labelOf(fields?.name, fields?.otp?.account, index);
    },
    (value) => {
      const service = readShape(serviceSchema, value);
      const otp = service.otp;
      const tokenType = (otp?.tokenType ?? 'TOTP').toUpperCase();
      const type = TYPES[tokenType];
      if (!type) throw new EntryError(words('transfer.entry.tokenType', { type: String(otp?.tokenType) }));
      return makeEntry({
        type,
        issuer: service.name ?? otp?.issuer,
        account: otp?.account ?? otp?.label,
        secret: service.secret,
        algorithm: otp?.algorithm,
        digits: otp?.digits,
        period: otp?.period,
        counter: otp?.counter,
        group: service.groupId ? groups.get(service.groupId) : undefined,
      });
    },
  );
}

/** The three parts of `servicesEncrypted`, in their order. */
const PARTS = ['encryptedServices', 'salt', 'iv'] as const;

async function decryptServices(
  encrypted: string,
  password: string,
  session: KdfSession,
): Promise<{ services: unknown; kdf: KdfTiming }> {
  const parts = encrypted.split(':');
  if (parts.length !== 3) throw new ImportError('MALFORMED', words('transfer.twofas.encryptedDamaged'));
  const [sealed, salt, iv] = parts.map((part, index) =>
    fromBase64(part, PARTS[index] ?? 'encryptedServices'),
  );
  const derived = await derivePbkdf2(
    session,
    PBKDF2_LIMITS,
    password,
    salt ?? new Uint8Array(),
    PBKDF2_ITERATIONS,
    'sha256',
  );
  const plain = openAesGcmJoined(derived.key, iv ?? new Uint8Array(), sealed ?? new Uint8Array());
  if (!plain) throw wrongPassword('twofasBackup');
  return {
    services: parseJsonText(utf8Text(plain, 'decryptedTwofasBackup'), subject('decryptedTwofasBackup')),
    kdf: derived.timing,
  };
}

function looksLike2fas(json: unknown): json is Record<string, unknown> {
  return (
    typeof json === 'object' &&
    json !== null &&
    !Array.isArray(json) &&
    'services' in json &&
    ('schemaVersion' in json || 'appOrigin' in json || 'servicesEncrypted' in json)
  );
}

export const twofas = importFormat({
  id: '2fas',
  label: '2FAS Authenticator',
  help: '2FAS: Settings → 2FAS Backup → Export to file (.2fas, with a password or without).',
  sniff: (source) => looksLike2fas(source.jsonIfAny()),
  needsPassword(source) {
    const json = source.jsonIfAny();
    return looksLike2fas(json) && typeof json.servicesEncrypted === 'string';
  },
  async parse(source: ImportSource, options: ParseOptions) {
    const backup = readFileShape(backupSchema, source.json(), '2FAS');
    const version = backup.schemaVersion ?? 1;
    if (!SCHEMA_VERSIONS.includes(version)) {
      throw new ImportError('UNSUPPORTED_VERSION', words('transfer.twofas.version', { version }));
    }
    const groups = new Map((backup.groups ?? []).map((group) => [group.id, (group.name ?? '').trim()]));
    if (!backup.servicesEncrypted) return readServices(backup.services ?? [], groups);
    const { services, kdf } = await decryptServices(
      backup.servicesEncrypted,
      requirePassword(options.password, 'twofasBackup'),
      options.kdf,
    );
    if (!Array.isArray(services)) throw new ImportError('MALFORMED', words('transfer.twofas.notAList'));
    return { ...readServices(services, groups), kdf };
  },
});
