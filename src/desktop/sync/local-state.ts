import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Keychain } from '../keychain';
import { writeFileAtomic } from '../vault/atomic-file';
import { wordsSchema } from '../../shared/ipc/channels/words';
import { englishTranslate } from '../../shared/i18n/translate';
import { sayIn, words, type PersonFacingMessage } from '../../shared/person-facing-error';
import { SyncError } from './errors';
import { isStamp, ZERO_STAMP } from './hlc';
import type { Register, Registers } from './merge';
import type { Sodium } from './sodium';

/**
 * What one computer keeps about its sync, beside the vault file:
 * - `<vault>.sync.json`: the folder, this device's id and name (nothing secret);
 * - the keychain item `sync.<vault id>`: the sync key seeds (current and older ones), this
 *   device's key pair seed and the key of the state file;
 * - `<vault>.sync-state`: the merged registers, how far each other device was read, this
 *   device's own sequence and chain, the notices (sealed under the state key: it holds secrets).
 */

const DEVICE_ID = z.string().regex(/^[0-9a-f]{32}$/);
const KEY_ID = z.string().regex(/^[0-9a-f]{16}$/);
const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);

export const configSchema = z.strictObject({
  version: z.literal(1),
  vault: z.string().max(64),
  folder: z.string().min(1).max(4096),
  device: DEVICE_ID,
  name: z.string().min(1).max(64),
});
export type SyncConfig = z.infer<typeof configSchema>;

export const secretsSchema = z.strictObject({
  state: b64,
  device: b64,
  current: KEY_ID,
  seeds: z.record(KEY_ID, b64),
});
export type SyncSecrets = z.infer<typeof secretsSchema>;

const peerSchema = z.object({
  seq: z.number().int().min(0),
  hash: z.string(),
  size: z.number(),
  mtimeMs: z.number(),
  name: z.string(),
  /** When the device last wrote changes (ISO), or null. */
  lastChange: z.string().nullable(),
  /** When it last synced (its position file), or null. */
  lastSync: z.string().nullable(),
  pk: z.string(),
  /** How far it has read every device (from its position file): old files go by this. */
  read: z.record(z.string(), z.number()),
});
export type Peer = z.infer<typeof peerSchema>;

export const noticeSchema = z.object({
  kind: z.enum(['refused', 'conflict', 'waiting', 'removed', 'ignored']),
  /** In English (the CLI's and the logs' language). */
  message: z.string(),
  /** The same message for the window to say in its language (absent in states written before). */
  words: wordsSchema.optional(),
  /** For refusals: the file (relative to the folder) and why. */
  file: z.string().optional(),
  reason: z.string().optional(),
  at: z.string(),
});
export type Notice = z.infer<typeof noticeSchema>;

/** A notice of this run, with its English said from its words. */
export function notice(
  kind: Notice['kind'],
  message: PersonFacingMessage,
  about?: { file: string; reason?: string },
): Notice {
  return {
    kind,
    message: sayIn(englishTranslate, message),
    words: message,
    ...about,
    at: new Date().toISOString(),
  };
}

const registerTuple = z.tuple([
  z.string(),
  z.string(),
  z.union([z.string(), z.number(), z.boolean(), z.null()]),
  z.string().refine(isStamp),
  z.string(),
  z.number(),
]);

const stateSchema = z.object({
  clock: z.string().refine(isStamp),
  seq: z.number().int().min(0),
  prev: z.string(),
  lastSnapshot: z.number().int().min(0),
  sinceSnapshot: z.number().int().min(0),
  registers: z.array(registerTuple),
  peers: z.record(z.string(), peerSchema),
  forks: z.array(z.string()),
  removed: z.array(z.string()),
  /** Conflicts not yet shown, and the latest refusals (each run replaces these). */
  conflicts: z.array(noticeSchema),
  notices: z.array(noticeSchema),
  lastSync: z.string().nullable(),
  /** When this device last wrote changes of its own. */
  ownLastChange: z.string().nullable(),
  /** The key this device's newest files are sealed under (a rotation makes it write a snapshot). */
  writtenUnder: z.string(),
});

export interface SyncState extends Omit<z.infer<typeof stateSchema>, 'registers'> {
  registers: Registers;
}

export function freshState(): SyncState {
  return {
    clock: ZERO_STAMP,
    seq: 0,
    prev: '',
    lastSnapshot: 0,
    sinceSnapshot: 0,
    registers: new Map(),
    peers: {},
    forks: [],
    removed: [],
    conflicts: [],
    notices: [],
    lastSync: null,
    ownLastChange: null,
    writtenUnder: '',
  };
}

export const configPath = (vaultPath: string): string => `${vaultPath}.sync.json`;
export const statePath = (vaultPath: string): string => `${vaultPath}.sync-state`;
export const secretsAccount = (vaultId: string): string => `sync.${vaultId}`;

export async function readConfig(vaultPath: string): Promise<SyncConfig | null> {
  let text: string;
  try {
    text = await readFile(configPath(vaultPath), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  const parsed = configSchema.safeParse(json);
  if (!parsed.success)
    throw new SyncError(
      'INVALID',
      words('settings.sync.error.settingsDamaged', { file: configPath(vaultPath) }),
    );
  return parsed.data;
}

export async function writeConfig(vaultPath: string, config: SyncConfig): Promise<void> {
  await writeFileAtomic(configPath(vaultPath), Buffer.from(`${JSON.stringify(config, null, 2)}\n`, 'utf8'));
}

export async function readSecrets(keychain: Keychain, vaultId: string): Promise<SyncSecrets> {
  const text = await keychain.get(secretsAccount(vaultId));
  let json: unknown;
  try {
    json = text === null ? null : JSON.parse(text);
  } catch {
    json = null;
  }
  const parsed = secretsSchema.safeParse(json);
  if (!parsed.success)
    throw new SyncError('NO_KEY', words('settings.sync.error.noKey', { command: 'twofold sync join' }));
  return parsed.data;
}

export async function writeSecrets(keychain: Keychain, vaultId: string, secrets: SyncSecrets): Promise<void> {
  await keychain.set(secretsAccount(vaultId), JSON.stringify(secrets));
}

const STATE_AAD = new TextEncoder().encode('twofold sync state v1');

export async function readState(lib: Sodium, vaultPath: string, key: Uint8Array): Promise<SyncState> {
  let bytes: Buffer;
  try {
    bytes = await readFile(statePath(vaultPath));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return freshState();
    throw error;
  }
  const nonce = bytes.subarray(0, 24);
  let plain: Uint8Array;
  try {
    plain = lib.crypto_aead_xchacha20poly1305_ietf_decrypt(null, bytes.subarray(24), STATE_AAD, nonce, key);
  } catch {
    throw new SyncError('INVALID', words('settings.sync.error.stateForeign', { file: statePath(vaultPath) }));
  }
  const parsed = stateSchema.safeParse(JSON.parse(Buffer.from(plain).toString('utf8')));
  if (!parsed.success)
    throw new SyncError('INVALID', words('settings.sync.error.stateDamaged', { file: statePath(vaultPath) }));
  const registers: Registers = new Map();
  for (const [e, f, v, h, d, s] of parsed.data.registers) {
    let fields = registers.get(e);
    if (!fields) registers.set(e, (fields = new Map<string, Register>()));
    fields.set(f, { v, h, d, s });
  }
  return { ...parsed.data, registers };
}

export async function writeState(
  lib: Sodium,
  vaultPath: string,
  key: Uint8Array,
  state: SyncState,
): Promise<void> {
  const registers: [string, string, Register['v'], string, string, number][] = [];
  for (const [e, fields] of state.registers)
    for (const [f, r] of fields) registers.push([e, f, r.v, r.h, r.d, r.s]);
  const json = Buffer.from(JSON.stringify({ ...state, registers }), 'utf8');
  const nonce = lib.randombytes_buf(24);
  const sealed = lib.crypto_aead_xchacha20poly1305_ietf_encrypt(json, STATE_AAD, null, nonce, key);
  await writeFileAtomic(statePath(vaultPath), Buffer.concat([nonce, sealed]));
}
