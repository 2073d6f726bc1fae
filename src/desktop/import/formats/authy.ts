import { z } from 'zod';
import { normalizeBase32, OtpInputError } from '../../../shared/otp';
import { EntryError, ImportError } from '../errors';
import { subject } from '../words';
import { words } from '../../../shared/person-facing-error';
import { parseJsonText, type ImportSource } from '../input';
import { importFormat, type KdfTiming, type ParseOptions } from '../types';
import { androidStrings, androidStringsIfAny, looksLikeAndroidPrefs } from './support/android-prefs';
import {
  derivePbkdf2,
  type KdfSession,
  fromBase64,
  openAesCbc,
  requirePassword,
  utf8Text,
  wrongPassword,
} from './support/crypto';
import { collectEntries, labelOf, looseInt, looseString, makeEntry, readShape } from './support/entry';

/**
 * Authy for Android keeps third-party accounts in a settings file (root only;
 * Authy has no export). With a backup password each secret is encrypted on its
 * own: PBKDF2-HMAC-SHA1 (the entry's salt, 1,000 iterations) and AES-256-CBC with a
 * zero IV. Authy keeps no algorithm or period: SHA1, 30 seconds.
 */

const TOKENS_KEY = 'com.authy.storage.tokens.authenticator.key';
const ITERATIONS = 1_000;
const PBKDF2_LIMITS = { file: 'authySettingsFile', app: 'Authy', iterations: ITERATIONS } as const;
/** One derivation per encrypted secret: more than anyone keeps in Authy is refused, not tried. */
const MAX_ENCRYPTED_SECRETS = 1_000;

const tokenSchema = z.looseObject({
  decryptedSecret: looseString,
  encryptedSecret: looseString,
  salt: looseString,
  digits: looseInt,
  originalName: looseString,
  originalIssuer: looseString,
  name: looseString,
});

function tokensOf(source: ImportSource): unknown[] {
  const json = androidStrings(source)?.get(TOKENS_KEY);
  if (json === undefined) throw new ImportError('MALFORMED', words('transfer.authy.notSettings'));
  const tokens = parseJsonText(json, subject('authyTokenList'));
  if (!Array.isArray(tokens)) throw new ImportError('MALFORMED', words('transfer.authy.notAList'));
  return tokens;
}

/** "Issuer:name" as the account was scanned; else Authy's own fields. */
function namesOf(token: z.infer<typeof tokenSchema>): { issuer: string; account: string } {
  const original = token.originalName ?? '';
  const cut = original.indexOf(':');
  if (cut !== -1) return { issuer: original.slice(0, cut), account: original.slice(cut + 1) };
  return { issuer: token.originalIssuer ?? '', account: original || (token.name ?? '') };
}

async function decryptSecret(
  token: z.infer<typeof tokenSchema>,
  password: string,
  kdf: KdfSession,
): Promise<{ secret: string; kdf: KdfTiming }> {
  const derived = await derivePbkdf2(
    kdf,
    PBKDF2_LIMITS,
    password,
    new TextEncoder().encode(token.salt ?? ''),
    ITERATIONS,
    'sha1',
  );
  const plain = openAesCbc(
    derived.key,
    new Uint8Array(16),
    fromBase64(token.encryptedSecret ?? '', 'encryptedSecret'),
  );
  let secret: string | null = null;
  try {
    secret = plain ? normalizeBase32(utf8Text(plain, 'decryptedSecret')) : null;
  } catch (error) {
    if (!(error instanceof OtpInputError || error instanceof ImportError)) throw error;
  }
  // CBC has no tag: a wrong password shows as bad padding or as text that is not Base32.
  if (secret === null) throw wrongPassword('authySettings');
  return { secret, kdf: derived.timing };
}

export const authy = importFormat({
  id: 'authy',
  label: 'Authy (Android settings file)',
  help: "Authy has no export: on a rooted Android phone, copy shared_prefs/com.authy.storage.tokens.authenticator.xml from the app's data; give the backup password if Authy asks for one.",
  // Without parsing: the settings file's head, and the key's name anywhere in it.
  sniff: (source) => looksLikeAndroidPrefs(source) && (source.text() ?? '').includes(`name="${TOKENS_KEY}"`),
  needsPassword: (source) => /encryptedSecret/.test(androidStringsIfAny(source)?.get(TOKENS_KEY) ?? ''),
  async parse(source: ImportSource, options: ParseOptions) {
    const tokens = tokensOf(source);
    const encrypted = tokens.some(
      (token) => typeof token === 'object' && token !== null && 'encryptedSecret' in token,
    );
    const password = encrypted ? requirePassword(options.password, 'authySettings') : '';
    // Each secret has its own salt: decrypt them all first (a wrong password stops the whole file).
    const secrets = new Map<unknown, string>();
    let kdf: KdfTiming | undefined;
    if (encrypted) {
      const count = tokens.filter(
        (token) => typeof token === 'object' && token !== null && 'encryptedSecret' in token,
      ).length;
      options.kdf.expect(
        count,
        MAX_ENCRYPTED_SECRETS,
        words('transfer.authy.tooManySecrets', { count, max: MAX_ENCRYPTED_SECRETS }),
      );
      for (const token of tokens) {
        const parsed = tokenSchema.safeParse(token);
        if (!parsed.success || !parsed.data.encryptedSecret) continue;
        const decrypted = await decryptSecret(parsed.data, password, options.kdf);
        secrets.set(token, decrypted.secret);
        kdf ??= decrypted.kdf;
      }
    }
    const collected = collectEntries(
      tokens,
      (token, index) => {
        const fields = token as { originalName?: unknown } | null;
        return labelOf(fields?.originalName, undefined, index);
      },
      (value) => {
        const token = readShape(tokenSchema, value);
        const secret = secrets.get(value) ?? token.decryptedSecret;
        if (!secret) throw new EntryError(words('transfer.entry.noSecret'));
        return makeEntry({ type: 'totp', ...namesOf(token), secret, digits: token.digits });
      },
    );
    return { ...collected, ...(kdf ? { kdf } : {}) };
  },
});
