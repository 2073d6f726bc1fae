import { z } from 'zod';
import type { OtpType } from '../../../shared/otp';
import { EntryError, ImportError } from '../errors';
import { fileKind, subject } from '../words';
import { words } from '../../../shared/person-facing-error';
import { parseJsonText, type ImportSource } from '../input';
import { importFormat, type FormatOutput, type KdfTiming, type ParseOptions } from '../types';
import {
  deriveScrypt,
  fromBase64,
  type KdfSession,
  type ScryptLimits,
  fromHex,
  openAesGcm,
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

/** Aegis vault files: https://github.com/beemdevelopment/Aegis/blob/master/docs/vault.md */

const slotSchema = z.looseObject({
  type: z.number(),
  key: z.string(),
  key_params: z.looseObject({ nonce: z.string(), tag: z.string() }),
  n: z.number().optional(),
  r: z.number().optional(),
  p: z.number().optional(),
  salt: z.string().optional(),
});

const vaultSchema = z.looseObject({
  version: z.number(),
  header: z.looseObject({
    slots: z.array(slotSchema).nullable(),
    params: z.looseObject({ nonce: z.string(), tag: z.string() }).nullable(),
  }),
  db: z.union([z.string(), z.looseObject({})]),
});

const dbSchema = z.looseObject({
  version: z.number(),
  entries: z.array(z.unknown()),
  groups: z.array(z.looseObject({ uuid: z.string(), name: z.string() })).optional(),
});

const entrySchema = z.looseObject({
  type: z.string(),
  name: looseString,
  issuer: looseString,
  note: looseString,
  group: looseString,
  groups: z.array(z.string()).nullish(),
  info: z.looseObject({
    secret: z.string(),
    algo: looseString,
    digits: looseInt,
    period: looseInt,
    counter: looseInt,
  }),
});

/** Vault file versions and database versions this importer reads. */
const VAULT_VERSION = 1;
const DB_VERSIONS = [1, 2, 3];

const TYPES: Record<string, OtpType> = { totp: 'totp', hotp: 'hotp', steam: 'steam' };

function isEncrypted(vault: z.infer<typeof vaultSchema>): boolean {
  return typeof vault.db === 'string';
}

/** Aegis derives every password slot with these, fixed since its first encrypted vault (CryptoUtils). */
const SCRYPT: ScryptLimits = { file: 'aegisVault', app: 'Aegis', N: 2 ** 15, r: 8, p: 1 };
/** Aegis writes one password slot and at most one backup-password slot; biometric slots are never derived. */
const MAX_PASSWORD_SLOTS = 4;

/** Unwraps the master key with the first password slot the password opens, then opens the database. */
async function decryptDb(
  vault: z.infer<typeof vaultSchema>,
  password: string,
  session: KdfSession,
): Promise<{ db: unknown; kdf: KdfTiming }> {
  const params = vault.header.params;
  const slots = (vault.header.slots ?? []).filter((slot) => slot.type === 1);
  if (!params || slots.length === 0) {
    throw new ImportError('UNSUPPORTED_VERSION', words('transfer.aegis.noPasswordSlot'));
  }
  session.expect(
    slots.length,
    MAX_PASSWORD_SLOTS,
    words('transfer.aegis.tooManySlots', { count: slots.length, max: MAX_PASSWORD_SLOTS }),
  );
  let kdf: KdfTiming | undefined;
  for (const slot of slots) {
    if (slot.n === undefined || slot.r === undefined || slot.p === undefined || slot.salt === undefined)
      continue;
    const derived = await deriveScrypt(
      session,
      SCRYPT,
      password,
      fromHex(slot.salt, 'slotSalt'),
      slot.n,
      slot.r,
      slot.p,
    );
    kdf ??= derived.timing;
    const master = openAesGcm(
      derived.key,
      fromHex(slot.key_params.nonce, 'slotNonce'),
      fromHex(slot.key, 'slotKey'),
      fromHex(slot.key_params.tag, 'slotTag'),
    );
    if (!master) continue;
    const plain = openAesGcm(
      master,
      fromHex(params.nonce, 'vaultNonce'),
      fromBase64(vault.db as string, 'vaultDatabase'),
      fromHex(params.tag, 'vaultTag'),
    );
    if (!plain) throw new ImportError('MALFORMED', words('transfer.aegis.contentsDamaged'));
    return {
      db: parseJsonText(utf8Text(plain, 'decryptedVault'), subject('decryptedVault')),
      kdf: derived.timing,
    };
  }
  if (!kdf) throw new ImportError('MALFORMED', words('transfer.aegis.slotIncomplete'));
  throw wrongPassword('aegisVault');
}

export function readAegisDb(dbValue: unknown): FormatOutput {
  const db = readFileShape(dbSchema, dbValue, fileKind('aegisVault'));
  if (!DB_VERSIONS.includes(db.version)) {
    throw new ImportError('UNSUPPORTED_VERSION', words('transfer.aegis.dbVersion', { version: db.version }));
  }
  const groupNames = new Map((db.groups ?? []).map((group) => [group.uuid, group.name.trim()]));
  let manyGroups = 0;
  const collected = collectEntries(
    db.entries,
    (entry, index) => {
      const fields = entry as { issuer?: unknown; name?: unknown } | null;
      return labelOf(fields?.issuer, fields?.name, index);
    },
    (value) => {
      const entry = readShape(entrySchema, value);
      const type = TYPES[entry.type.toLowerCase()];
      if (!type)
        throw new EntryError(
          words('transfer.entry.typeNamed', {
            type: entry.type,
            name: entry.type === 'motp' ? 'mOTP' : entry.type,
          }),
        );
      // db v3 keeps group ids; v1/v2 a group name per entry. Twofold keeps one group per entry.
      const groups = (entry.groups ?? [])
        .map((uuid) => groupNames.get(uuid))
        .filter((name): name is string => !!name);
      if (groups.length > 1) manyGroups++;
      return makeEntry({
        type,
        issuer: entry.issuer,
        account: entry.name,
        secret: entry.info.secret,
        algorithm: entry.info.algo,
        digits: entry.info.digits,
        period: entry.info.period,
        counter: entry.info.counter,
        group: groups[0] ?? entry.group,
        note: entry.note,
      });
    },
  );
  const warnings = manyGroups > 0 ? [words('transfer.aegis.manyGroups', { count: manyGroups })] : [];
  return { ...collected, warnings };
}

function readVault(source: ImportSource): z.infer<typeof vaultSchema> {
  const vault = readFileShape(vaultSchema, source.json(), fileKind('aegisVault'));
  if (vault.version !== VAULT_VERSION) {
    throw new ImportError(
      'UNSUPPORTED_VERSION',
      words('transfer.aegis.fileVersion', { version: vault.version }),
    );
  }
  return vault;
}

export const aegis = importFormat({
  id: 'aegis',
  label: 'Aegis',
  help: 'Aegis: Settings → Import & Export → Export (encrypted or not).',
  sniff(source) {
    const json = source.jsonIfAny() as { header?: unknown; db?: unknown } | undefined;
    return typeof json === 'object' && json !== null && 'header' in json && 'db' in json;
  },
  needsPassword(source) {
    const json = source.jsonIfAny() as { db?: unknown } | undefined;
    return typeof json?.db === 'string';
  },
  async parse(source: ImportSource, options: ParseOptions) {
    const vault = readVault(source);
    if (!isEncrypted(vault)) return readAegisDb(vault.db);
    const { db, kdf } = await decryptDb(vault, requirePassword(options.password, 'aegisVault'), options.kdf);
    return { ...readAegisDb(db), kdf };
  },
});
