import { createCipheriv, createHash, randomBytes, randomUUID, scrypt } from 'node:crypto';
import type { VaultEntry } from '../vault';

/**
 * An encrypted Aegis vault as the Aegis app writes it (file version 1, content
 * version 3): a random master key wrapped by one password slot (scrypt
 * N=2^15 r=8 p=1, the password's UTF-8 bytes as Aegis uses them), the content
 * sealed with AES-256-GCM, nonces and tags hex, the ciphertext Base64.
 */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1 };
const KEY_BYTES = 32;

function derive(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(
      Buffer.from(password, 'utf8'),
      salt,
      KEY_BYTES,
      { ...SCRYPT, maxmem: 256 * SCRYPT.N * SCRYPT.r },
      (error, key) => (error ? reject(error) : resolve(key)),
    ),
  );
}

/** Aegis keeps the GCM tag apart from the ciphertext. */
function gcm(key: Buffer, plaintext: Buffer) {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const data = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { data, params: { nonce: nonce.toString('hex'), tag: cipher.getAuthTag().toString('hex') } };
}

const ICON_TYPES = new Set(['image/png', 'image/jpeg', 'image/svg+xml']);

/** Aegis takes PNG, JPEG or SVG icons as Base64 with a SHA-256 over mime type and bytes. */
function iconFields(icon: string | undefined): Record<string, unknown> {
  const match = icon === undefined ? null : /^data:([a-z+/]+);base64,([A-Za-z0-9+/=]+)$/.exec(icon);
  if (match === null || !ICON_TYPES.has(match[1] as string)) return { icon: null };
  const [, mime, data] = match as unknown as [string, string, string];
  const bytes = Buffer.from(data, 'base64');
  const hash = createHash('sha256').update(mime, 'utf8').update(bytes).digest('hex');
  return { icon: bytes.toString('base64'), icon_mime: mime, icon_hash: hash };
}

function infoOf(entry: VaultEntry) {
  const base = { secret: entry.secret, algo: entry.algorithm, digits: entry.digits };
  if (entry.type === 'hotp') return { ...base, counter: entry.counter };
  if (entry.type === 'steam') return { secret: entry.secret, algo: 'SHA1', digits: 5, period: entry.period };
  return { ...base, period: entry.period };
}

/** The content JSON (db version 3): entries, the groups they name, icons as they are. */
export function aegisContent(list: readonly VaultEntry[]): object {
  const groups = new Map<string, string>();
  for (const entry of list)
    if (entry.group !== '' && !groups.has(entry.group)) groups.set(entry.group, randomUUID());
  return {
    version: 3,
    entries: list.map((entry) => ({
      type: entry.type,
      uuid: randomUUID(),
      name: entry.account,
      issuer: entry.issuer,
      note: entry.note,
      favorite: false,
      ...iconFields(entry.icon),
      info: infoOf(entry),
      groups: entry.group === '' ? [] : [groups.get(entry.group)],
    })),
    groups: [...groups].map(([name, uuid]) => ({ uuid, name })),
    icons_optimized: true,
  };
}

export async function exportAegisVault(list: readonly VaultEntry[], password: string): Promise<Buffer> {
  const masterKey = randomBytes(KEY_BYTES);
  const salt = randomBytes(32);
  const slotKey = await derive(password, salt);
  try {
    const wrapped = gcm(slotKey, masterKey);
    const sealed = gcm(masterKey, Buffer.from(JSON.stringify(aegisContent(list), null, 4), 'utf8'));
    const file = {
      version: 1,
      header: {
        slots: [
          {
            type: 1,
            uuid: randomUUID(),
            key: wrapped.data.toString('hex'),
            key_params: wrapped.params,
            n: SCRYPT.N,
            r: SCRYPT.r,
            p: SCRYPT.p,
            salt: salt.toString('hex'),
            repaired: true,
            is_backup: false,
          },
        ],
        params: sealed.params,
      },
      db: sealed.data.toString('base64'),
    };
    return Buffer.from(JSON.stringify(file, null, 4), 'utf8');
  } finally {
    masterKey.fill(0);
    slotKey.fill(0);
  }
}
