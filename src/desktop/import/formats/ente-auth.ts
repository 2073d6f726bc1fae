import { z } from 'zod';
import { ImportError } from '../errors';
import { subject } from '../words';
import { words } from '../../../shared/person-facing-error';
import { parseJsonText, type ImportSource } from '../input';
import { importFormat, type FormatOutput, type KdfTiming, type ParseOptions } from '../types';
import {
  deriveArgon2id,
  fromBase64,
  requirePassword,
  utf8Text,
  wrongPassword,
  type Argon2Limits,
  type KdfSession,
} from './support/crypto';
import { meaningfulLines, readLinkLines, type LinkExtras } from './support/links';

/**
 * Ente Auth exports. Plain: otpauth:// links, one per line, each with a
 * `codeDisplay` parameter (JSON: tags, note, trashed…). Encrypted:
 * {version, kdfParams: {memLimit (bytes), opsLimit, salt}, encryptedData,
 * encryptionNonce}: Argon2id (libsodium's crypto_pwhash, one lane) and one
 * XChaCha20-Poly1305 secretstream message whose header is `encryptionNonce`.
 */

const VERSIONS = [1];

const encryptedSchema = z.looseObject({
  version: z.number(),
  kdfParams: z.looseObject({ memLimit: z.number(), opsLimit: z.number(), salt: z.string() }),
  encryptedData: z.string(),
  encryptionNonce: z.string(),
});

const codeDisplaySchema = z.looseObject({
  trashed: z.boolean().nullish(),
  tags: z.array(z.string()).nullish(),
  note: z.string().nullish(),
});

/** Ente's per-link display data: the first tag becomes the group; trashed codes are left out. */
function extrasOf(link: string): LinkExtras {
  const match = /[?&]codeDisplay=([^&#]*)/i.exec(link);
  if (!match?.[1]) return {};
  let display: z.infer<typeof codeDisplaySchema>;
  try {
    display = codeDisplaySchema.parse(parseJsonText(decodeURIComponent(match[1]), subject('codeDisplay')));
  } catch {
    return {};
  }
  return { group: display.tags?.[0], note: display.note ?? undefined, skip: display.trashed === true };
}

function readPlain(text: string): FormatOutput {
  const result = readLinkLines(text, extrasOf);
  const trashed = meaningfulLines(text).filter(({ line }) => extrasOf(line).skip).length;
  if (trashed > 0) result.warnings.push(words('transfer.ente.trashed', { count: trashed }));
  return result;
}

/**
 * Ente Auth derives the export key with libsodium's "sensitive" strength, 1024 MiB × 4 passes of
 * work: current apps start at 256 MiB × 16 passes; older ones (and the web app) at 1024 MiB × 4; on a
 * device short of memory each retry halves the memory and doubles the passes, keeping the product.
 */
const ARGON2_LIMITS: Argon2Limits = {
  file: 'enteExport',
  app: 'Ente Auth',
  memoryMiB: 1024,
  passes: 4096,
  parallelism: 1,
  work: {
    mibPasses: 1024 * 4,
    example: words('transfer.kdf.argon2Setting', { memory: 256, passes: 16, altMemory: 1024, altPasses: 4 }),
  },
};

async function decrypt(
  json: unknown,
  password: string,
  kdf: KdfSession,
): Promise<{ text: string; kdf: KdfTiming }> {
  const file = encryptedSchema.safeParse(json);
  if (!file.success) throw new ImportError('MALFORMED', words('transfer.ente.shape'));
  const { version, kdfParams, encryptedData, encryptionNonce } = file.data;
  if (!VERSIONS.includes(version)) {
    throw new ImportError('UNSUPPORTED_VERSION', words('transfer.ente.version', { version }));
  }
  const derived = await deriveArgon2id(
    kdf,
    ARGON2_LIMITS,
    password,
    fromBase64(kdfParams.salt, 'salt'),
    kdfParams.opsLimit,
    Math.floor(kdfParams.memLimit / 1024),
    1,
  );
  // Loaded for an encrypted Ente export only: every other command starts without it.
  const { default: sodium } = await import('libsodium-wrappers');
  await sodium.ready;
  const header = fromBase64(encryptionNonce, 'nonce');
  const sealed = fromBase64(encryptedData, 'encryptedData');
  if (header.length !== sodium.crypto_secretstream_xchacha20poly1305_HEADERBYTES) {
    throw new ImportError('MALFORMED', words('transfer.ente.nonceLength'));
  }
  let message: { message: Uint8Array; tag: number } | false;
  try {
    const state = sodium.crypto_secretstream_xchacha20poly1305_init_pull(header, derived.key);
    message = sodium.crypto_secretstream_xchacha20poly1305_pull(state, sealed, null);
  } catch {
    message = false;
  }
  if (!message) throw wrongPassword('enteExport');
  return { text: utf8Text(message.message, 'decryptedEnteExport'), kdf: derived.timing };
}

function isEncrypted(json: unknown): boolean {
  return typeof json === 'object' && json !== null && 'kdfParams' in json && 'encryptedData' in json;
}

export const enteAuth = importFormat({
  id: 'ente-auth',
  label: 'Ente Auth',
  help: 'Ente Auth: Settings → Data → Export codes (plain text or encrypted).',
  sniff(source) {
    if (isEncrypted(source.jsonIfAny())) return true;
    const text = source.text();
    if (text === null) return false;
    const first = meaningfulLines(text.slice(0, 4096))[0];
    return first !== undefined && /^otpauth:\/\//i.test(first.line) && /[?&]codeDisplay=/i.test(first.line);
  },
  needsPassword: (source) => isEncrypted(source.jsonIfAny()),
  async parse(source: ImportSource, options: ParseOptions) {
    if (!source.looksLikeJson()) return readPlain(source.requireText('enteExport'));
    const { text, kdf } = await decrypt(
      source.json(),
      requirePassword(options.password, 'enteExport'),
      options.kdf,
    );
    return { ...readPlain(text), kdf };
  },
});
