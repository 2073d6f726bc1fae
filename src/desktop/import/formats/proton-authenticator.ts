import { z } from 'zod';
import { EntryError, ImportError } from '../errors';
import { subject } from '../words';
import { words } from '../../../shared/person-facing-error';
import { parseJsonText, type ImportSource } from '../input';
import {
  importFormat,
  type FormatOutput,
  type ImportWords,
  type KdfTiming,
  type ParseOptions,
} from '../types';
import {
  deriveArgon2id,
  type KdfSession,
  fromBase64,
  openAesGcmJoined,
  requirePassword,
  utf8Text,
  wrongPassword,
} from './support/crypto';
import {
  collectEntries,
  looseString,
  makeEntry,
  numberedEntry,
  readFileShape,
  readShape,
} from './support/entry';
import { entryFromLink, labelOfLink } from './support/links';

/**
 * Proton Authenticator exports: {version, entries: [{content: {uri, entry_type, name}, note}]},
 * or encrypted as {version, salt, content}: Argon2id (t=2, m=19456 KiB, p=1) and
 * AES-256-GCM over nonce‖ciphertext‖tag with a fixed associated-data string.
 */

const VERSIONS = [1];
const NONCE_BYTES = 12;
const AAD = new TextEncoder().encode('proton.authenticator.export.v1');
const KDF = { passes: 2, memoryKiB: 19_456, parallelism: 1 };
/** Fixed in the app: nothing in the file sets them. */
const KDF_LIMITS = {
  file: 'protonExport',
  app: 'Proton Authenticator',
  memoryMiB: 19,
  passes: 2,
  parallelism: 1,
} as const;

const plainSchema = z.looseObject({ version: z.number(), entries: z.array(z.unknown()) });
const encryptedSchema = z.looseObject({ version: z.number(), salt: z.string(), content: z.string() });
const entrySchema = z.looseObject({
  content: z.looseObject({ uri: z.string(), entry_type: looseString, name: looseString }),
  note: looseString,
});

function readEntries(entries: readonly unknown[]): FormatOutput & { warnings: ImportWords[] } {
  const warnings: ImportWords[] = [];
  const collected = collectEntries(
    entries,
    (entry, index) => {
      const content = (entry as { content?: { uri?: unknown; name?: unknown } } | null)?.content;
      return typeof content?.uri === 'string'
        ? labelOfLink(content.uri, numberedEntry(index))
        : numberedEntry(index);
    },
    (value) => {
      const entry = readShape(entrySchema, value);
      const { uri, name } = entry.content;
      const steam = /^steam:\/\/(.*)$/i.exec(uri.trim());
      if (steam)
        return makeEntry({
          type: 'steam',
          issuer: 'Steam',
          account: name,
          secret: steam[1] ?? '',
          note: entry.note,
        });
      if (!/^otpauth:\/\//i.test(uri)) throw new EntryError(words('transfer.entry.notOtpauthOrSteam'));
      return entryFromLink(uri, { note: entry.note ?? undefined }, warnings);
    },
  );
  return { ...collected, warnings };
}

function checkVersion(version: number): void {
  if (!VERSIONS.includes(version)) {
    throw new ImportError('UNSUPPORTED_VERSION', words('transfer.proton.version', { version }));
  }
}

async function decrypt(
  json: unknown,
  password: string,
  kdf: KdfSession,
): Promise<{ plain: unknown; kdf: KdfTiming }> {
  const file = readFileShape(encryptedSchema, json, 'Proton Authenticator');
  checkVersion(file.version);
  const sealed = fromBase64(file.content, 'encryptedContent');
  if (sealed.length < NONCE_BYTES + 16)
    throw new ImportError('MALFORMED', words('transfer.proton.truncated'));
  const derived = await deriveArgon2id(
    kdf,
    KDF_LIMITS,
    password,
    fromBase64(file.salt, 'salt'),
    KDF.passes,
    KDF.memoryKiB,
    KDF.parallelism,
  );
  const plain = openAesGcmJoined(
    derived.key,
    sealed.subarray(0, NONCE_BYTES),
    sealed.subarray(NONCE_BYTES),
    AAD,
  );
  if (!plain) throw wrongPassword('protonExport');
  return {
    plain: parseJsonText(utf8Text(plain, 'decryptedExport'), subject('decryptedExport')),
    kdf: derived.timing,
  };
}

function shapeOf(json: unknown): 'plain' | 'encrypted' | null {
  if (typeof json !== 'object' || json === null || !('version' in json)) return null;
  if ('entries' in json && Array.isArray(json.entries)) {
    const first: unknown = json.entries[0];
    return first === undefined || (typeof first === 'object' && first !== null && 'content' in first)
      ? 'plain'
      : null;
  }
  return 'salt' in json && 'content' in json && typeof json.content === 'string' ? 'encrypted' : null;
}

export const protonAuthenticator = importFormat({
  id: 'proton-authenticator',
  label: 'Proton Authenticator',
  help: 'Proton Authenticator: Settings → Export (plain or with a password).',
  sniff: (source) => shapeOf(source.jsonIfAny()) !== null,
  needsPassword: (source) => shapeOf(source.jsonIfAny()) === 'encrypted',
  async parse(source: ImportSource, options: ParseOptions) {
    let json = source.json();
    let kdf: KdfTiming | undefined;
    if (shapeOf(json) === 'encrypted') {
      const decrypted = await decrypt(json, requirePassword(options.password, 'protonExport'), options.kdf);
      json = decrypted.plain;
      kdf = decrypted.kdf;
    }
    const file = readFileShape(plainSchema, json, 'Proton Authenticator');
    checkVersion(file.version);
    return { ...readEntries(file.entries), ...(kdf ? { kdf } : {}) };
  },
});
