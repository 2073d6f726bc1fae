import { createHmac, timingSafeEqual } from 'node:crypto';
import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';
import { parseOtpauthUri } from '../../../shared/otp';
import { EntryError, ImportError } from '../errors';
import { subject } from '../words';
import { words } from '../../../shared/person-facing-error';
import { parseJsonText, type ImportSource } from '../input';
import {
  importFormat,
  type FormatOutput,
  type ImportedEntry,
  type KdfTiming,
  type ParseOptions,
} from '../types';
import {
  deriveArgon2id,
  derivePbkdf2,
  type Argon2Limits,
  type KdfSession,
  fromBase64,
  openAesCbc,
  requirePassword,
  sha256,
  utf8Text,
  wrongPassword,
  type Derived,
} from './support/crypto';
import { collectEntries, labelOf, looseString, makeEntry, readFileShape } from './support/entry';

/**
 * Bitwarden vault exports: JSON (plain or password-protected) and CSV. The TOTP
 * field holds an otpauth:// link, a bare Base32 secret, or steam://<secret>.
 * Only logins with a TOTP field are imported; the rest of the vault is not Twofold's.
 */

const itemSchema = z.looseObject({
  name: looseString,
  notes: looseString,
  folderId: looseString,
  login: z.looseObject({ username: looseString, totp: looseString }).nullish(),
});

const plainSchema = z.looseObject({
  encrypted: z.literal(false).optional(),
  folders: z.array(z.looseObject({ id: z.string(), name: looseString })).nullish(),
  items: z.array(z.unknown()),
});

const protectedSchema = z.looseObject({
  encrypted: z.literal(true),
  passwordProtected: z.literal(true),
  salt: z.string(),
  kdfType: z.number(),
  kdfIterations: z.number(),
  kdfMemory: z.number().nullish(),
  kdfParallelism: z.number().nullish(),
  encKeyValidation_DO_NOT_EDIT: z.string(),
  data: z.string(),
});

interface TotpItem {
  name: string;
  username: string;
  totp: string;
  notes?: string;
  folder?: string;
}

/** Reads Bitwarden's TOTP field in its three shapes. */
function entryOfTotp(item: TotpItem): ImportedEntry {
  const totp = item.totp.trim();
  const extras = { group: item.folder, note: item.notes };
  if (/^otpauth:\/\//i.test(totp)) return makeEntry({ ...parseOtpauthUri(totp).account, ...extras });
  const steam = /^steam:\/\/(.*)$/i.exec(totp);
  if (steam)
    return makeEntry({
      type: 'steam',
      issuer: item.name,
      account: item.username,
      secret: steam[1] ?? '',
      ...extras,
    });
  if (/^[A-Za-z2-7=\s-]+$/.test(totp)) {
    return makeEntry({ type: 'totp', issuer: item.name, account: item.username, secret: totp, ...extras });
  }
  throw new EntryError(words('transfer.bitwarden.totpField'));
}

function readItems(items: readonly TotpItem[]): FormatOutput {
  return collectEntries(items, (item, index) => labelOf(item.name, item.username, index), entryOfTotp);
}

function totpItemsOfJson(json: z.infer<typeof plainSchema>): TotpItem[] {
  const folders = new Map((json.folders ?? []).map((folder) => [folder.id, (folder.name ?? '').trim()]));
  const items: TotpItem[] = [];
  for (const value of json.items) {
    const parsed = itemSchema.safeParse(value);
    // Cards, notes and identities have no login; logins without a TOTP field have nothing for us.
    if (!parsed.success || !parsed.data.login?.totp) continue;
    const item = parsed.data;
    items.push({
      name: item.name ?? '',
      username: item.login?.username ?? '',
      totp: item.login?.totp ?? '',
      notes: item.notes ?? undefined,
      folder: item.folderId ? folders.get(item.folderId) : undefined,
    });
  }
  return items;
}

/** Bitwarden stretches the master key into an encryption and a MAC key with HKDF-Expand (SHA-256). */
function expand(key: Uint8Array, info: string): Uint8Array {
  return Uint8Array.from(
    createHmac('sha256', key)
      .update(Buffer.concat([Buffer.from(info), Buffer.from([1])]))
      .digest(),
  );
}

/** Opens a type-2 EncString ("2.iv|data|mac": AES-256-CBC + HMAC-SHA256); null when the MAC does not match. */
function openEncString(value: string, encKey: Uint8Array, macKey: Uint8Array): Uint8Array | null {
  const match = /^2\.([^|]+)\|([^|]+)\|([^|]+)$/.exec(value.trim());
  if (!match) throw new ImportError('UNSUPPORTED_VERSION', words('transfer.bitwarden.encryptionType'));
  const iv = fromBase64(match[1] ?? '', 'iv');
  const data = fromBase64(match[2] ?? '', 'encryptedData');
  const mac = fromBase64(match[3] ?? '', 'mac');
  const expected = createHmac('sha256', macKey).update(iv).update(data).digest();
  if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) return null;
  return openAesCbc(encKey, iv, data);
}

/**
 * A password-protected export uses the account's own KDF settings; these are the most the
 * Bitwarden clients let anyone choose (KDF settings: PBKDF2 up to 2,000,000 iterations; Argon2id
 * up to 1024 MiB, 10 iterations, parallelism 16). The defaults are 600,000 and 64 MiB × 3, p=4.
 */
const PBKDF2_LIMITS = { file: 'bitwardenExport', app: 'Bitwarden', iterations: 2_000_000 } as const;
const ARGON2_LIMITS: Argon2Limits = {
  file: 'bitwardenExport',
  app: 'Bitwarden',
  memoryMiB: 1024,
  passes: 10,
  parallelism: 16,
};

async function deriveKey(
  file: z.infer<typeof protectedSchema>,
  password: string,
  kdf: KdfSession,
): Promise<Derived> {
  if (file.kdfType === 0) {
    return derivePbkdf2(
      kdf,
      PBKDF2_LIMITS,
      password,
      Buffer.from(file.salt, 'utf8'),
      file.kdfIterations,
      'sha256',
    );
  }
  if (file.kdfType === 1) {
    return deriveArgon2id(
      kdf,
      ARGON2_LIMITS,
      password,
      sha256(file.salt),
      file.kdfIterations,
      (file.kdfMemory ?? 64) * 1024,
      file.kdfParallelism ?? 4,
    );
  }
  throw new ImportError('UNSUPPORTED_VERSION', words('transfer.bitwarden.kdfType', { type: file.kdfType }));
}

async function decryptProtected(
  json: unknown,
  password: string,
  kdf: KdfSession,
): Promise<{ plain: unknown; kdf: KdfTiming }> {
  const file = readFileShape(protectedSchema, json, 'Bitwarden');
  const derived = await deriveKey(file, password, kdf);
  const encKey = expand(derived.key, 'enc');
  const macKey = expand(derived.key, 'mac');
  if (!openEncString(file.encKeyValidation_DO_NOT_EDIT, encKey, macKey))
    throw wrongPassword('bitwardenExport');
  const plain = openEncString(file.data, encKey, macKey);
  if (!plain) throw new ImportError('MALFORMED', words('transfer.bitwarden.contentsDamaged'));
  return {
    plain: parseJsonText(utf8Text(plain, 'decryptedBitwardenExport'), subject('decryptedBitwardenExport')),
    kdf: derived.timing,
  };
}

function readCsv(text: string): FormatOutput {
  let rows: Record<string, string>[];
  try {
    rows = parseCsv(text, { columns: true, skip_empty_lines: true, relax_column_count: true, bom: true });
  } catch (error) {
    throw new ImportError('MALFORMED', words('transfer.bitwarden.csvInvalid'), { cause: error });
  }
  return readItems(
    rows
      .filter((row) => (row.login_totp ?? '').trim() !== '')
      .map((row) => ({
        name: row.name ?? '',
        username: row.login_username ?? '',
        totp: row.login_totp ?? '',
        notes: row.notes,
        folder: row.folder,
      })),
  );
}

function bitwardenJson(json: unknown): Record<string, unknown> | null {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return null;
  return 'encrypted' in json && ('items' in json || 'data' in json)
    ? (json as Record<string, unknown>)
    : null;
}

function isCsv(source: ImportSource): boolean {
  const firstLine = source.text()?.slice(0, 1024).split(/\r?\n/, 1)[0] ?? '';
  return /(^|,)login_totp(,|$)/.test(firstLine.replace(/^\uFEFF/, ''));
}

export const bitwarden = importFormat({
  id: 'bitwarden',
  label: 'Bitwarden',
  help: 'Bitwarden: Settings → Vault → Export vault (.json, password-protected .json, or .csv); only logins with a TOTP key are imported.',
  sniff: (source) => isCsv(source) || bitwardenJson(source.jsonIfAny()) !== null,
  needsPassword: (source) => bitwardenJson(source.jsonIfAny())?.encrypted === true,
  async parse(source: ImportSource, options: ParseOptions) {
    if (!source.looksLikeJson()) return readCsv(source.requireText('bitwardenCsv'));
    let json = source.json();
    let kdf: KdfTiming | undefined;
    if (bitwardenJson(json)?.encrypted === true) {
      if (bitwardenJson(json)?.passwordProtected !== true) {
        throw new ImportError('UNSUPPORTED_VERSION', words('transfer.bitwarden.accountKey'));
      }
      const decrypted = await decryptProtected(
        json,
        requirePassword(options.password, 'bitwardenExport'),
        options.kdf,
      );
      json = decrypted.plain;
      kdf = decrypted.kdf;
    }
    const items = totpItemsOfJson(readFileShape(plainSchema, json, 'Bitwarden'));
    return { ...readItems(items), ...(kdf ? { kdf } : {}) };
  },
});
