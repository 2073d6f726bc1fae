import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  changesBodySchema,
  classifyName,
  fileHash,
  KIND_OF_LETTER,
  MAX_FILE_BYTES,
  openBody,
  POSITION_FILE,
  positionBodySchema,
  readHeader,
  Refused,
  snapshotBodySchema,
  type ChangesBody,
  type FileKind,
  type PositionBody,
  type SnapshotBody,
} from './file-format';
import { words } from '../../shared/person-facing-error';
import type { MessageId } from '../../shared/i18n/catalogue';
import { notice, type Notice, type Peer, type SyncState } from './local-state';
import type { ChangeSet, Register } from './merge';
import type { Sodium } from './sodium';

/** A device folder is named `d-` and the device's id. */
export const deviceFolder = (device: string): string => `d-${device}`;
const DEVICE_FOLDER = /^d-([0-9a-f]{32})$/;
export const KEYS_FOLDER = 'keys';

/** At most this many files of one device are read in one sync (the rest on the next). */
const MAX_FILES_PER_RUN = 5000;
/** Device folders beyond this many are not read (a real folder has a handful). */
const MAX_DEVICES = 64;

export interface KeyRing {
  /** Key bytes by key id: the current key and the older ones still needed for older files. */
  readonly keys: ReadonlyMap<string, Uint8Array>;
  /** The current key's id; absent: every key in `keys` is as good as current. */
  readonly current?: string;
  /**
   * The devices that may still write under an older key (known here before it was replaced);
   * a removed device, which still has it, cannot come back under a new name with it.
   */
  readonly elders?: ReadonlySet<string>;
}

export interface Incoming {
  sets: ChangeSet[];
  snapshots: (readonly [string, string, Register])[][];
  files: number;
  /** The highest number found in this device's own folder (another copy of it may have written further). */
  ownMax: number;
}

const REFUSAL: Record<Refused['reason'], MessageId> = {
  'not-sync': 'settings.sync.refusal.notSync',
  truncated: 'settings.sync.refusal.truncated',
  altered: 'settings.sync.refusal.altered',
  'foreign-key': 'settings.sync.refusal.foreignKey',
  replayed: 'settings.sync.refusal.replayed',
  'rolled-back': 'settings.sync.refusal.rolledBack',
  'too-large': 'settings.sync.refusal.tooLarge',
  chain: 'settings.sync.refusal.chain',
  'removed-device': 'settings.sync.refusal.removedDevice',
};

export function refusalNotice(file: string, error: Refused): Notice {
  return notice(
    'refused',
    words('settings.sync.notice.refused', {
      file,
      reason: words(REFUSAL[error.reason]),
      detail: error.detail,
    }),
    { file, reason: error.reason },
  );
}

/** What a file system error was, by its code (`EACCES`): data, as the system names it. */
const readError = (code: string | undefined) =>
  code === undefined
    ? words('settings.sync.detail.unreadable')
    : words('settings.sync.detail.readError', { code });

/** A file of the folder, read only when it is a plain file of a size a sync file can have. */
export async function readBounded(path: string): Promise<{ bytes: Buffer; size: number; mtimeMs: number }> {
  const stats = await lstat(path);
  if (!stats.isFile()) throw new Refused('not-sync', words('settings.sync.detail.notPlainFile'));
  if (stats.size > MAX_FILE_BYTES)
    throw new Refused(
      'too-large',
      words('settings.sync.detail.tooLarge', { size: `${Math.round(stats.size / 1024 / 1024)} MiB` }),
    );
  const bytes = await readFile(path);
  if (bytes.length > MAX_FILE_BYTES) throw new Refused('too-large', words('settings.sync.detail.grew'));
  return { bytes, size: stats.size, mtimeMs: stats.mtimeMs };
}

interface Opened {
  kind: FileKind;
  seq: number;
  key: string;
  body: unknown;
}

/** Checks a file is what its name and folder say (device, number, kind) and opens it. */
export function openFile(
  lib: Sodium,
  ring: KeyRing,
  bytes: Buffer,
  expect: { device: string; seq?: number; kind?: FileKind },
): Opened {
  const { header, aad, rest } = readHeader(bytes);
  const kind = KIND_OF_LETTER[header.t];
  if (header.d !== expect.device) throw new Refused('replayed', words('settings.sync.detail.otherDevice'));
  if (expect.seq !== undefined && header.s !== expect.seq)
    throw new Refused(
      'replayed',
      words('settings.sync.detail.wrongNumber', { number: String(header.s), named: String(expect.seq) }),
    );
  if (expect.kind !== undefined && kind !== expect.kind)
    throw new Refused('replayed', words('settings.sync.detail.wrongKind'));
  const key = ring.keys.get(header.k);
  if (!key) throw new Refused('foreign-key', words('settings.sync.detail.key', { key: header.k }));
  if (ring.current !== undefined && header.k !== ring.current && !(ring.elders?.has(header.d) ?? false))
    throw new Refused('foreign-key', words('settings.sync.detail.keyReplaced', { key: header.k }));
  return { kind, seq: header.s, key: header.k, body: openBody(lib, key, aad, rest) };
}

function parsed<T>(
  schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } },
  body: unknown,
): T {
  const result = schema.safeParse(body);
  if (!result.success) throw new Refused('altered', words('settings.sync.detail.notOurs'));
  return result.data;
}

const freshPeer = (): Peer => ({
  seq: 0,
  hash: '',
  size: -1,
  mtimeMs: -1,
  name: '',
  lastChange: null,
  lastSync: null,
  pk: '',
  read: {},
});

function snapshotRegisters(body: SnapshotBody): (readonly [string, string, Register])[] {
  return body.registers.map(([e, f, v, h, d, s]) => [e, f, { v, h, d, s }] as const);
}

const changeSetOf = (device: string, seq: number, body: ChangesBody): ChangeSet => ({
  device,
  seq,
  seen: body.seen,
  changes: body.changes.map(([e, f, v, h]) => ({ e, f, v, h })),
});

/**
 * Reads what is new in the folder: each other device's files after the last one read here,
 * in order and chained by hash, and the copies sync tools made. Every file is checked before
 * anything in it is used; a refused one stops that device's reading (its later files wait
 * until the gap is filled by the real file) and leaves a notice. Never throws for what the
 * folder holds.
 */
export async function readFolder(
  lib: Sodium,
  ring: KeyRing,
  folder: string,
  self: string,
  state: SyncState,
  notices: Notice[],
): Promise<Incoming> {
  const incoming: Incoming = { sets: [], snapshots: [], files: 0, ownMax: 0 };
  let unknown = 0;
  let devices = 0;
  const entries = await readdir(folder, { withFileTypes: true });
  for (const entry of entries) {
    const device = DEVICE_FOLDER.exec(entry.name)?.[1];
    if (device === undefined || !entry.isDirectory()) {
      if (entry.name === KEYS_FOLDER && entry.isDirectory()) continue;
      if (classifyName(entry.name).type !== 'temp') unknown++;
      continue;
    }
    if (state.removed.includes(device)) continue;
    if (++devices > MAX_DEVICES) {
      unknown++;
      continue;
    }
    unknown += await readDevice(
      lib,
      ring,
      join(folder, entry.name),
      device,
      device === self,
      state,
      notices,
      incoming,
    );
  }
  if (unknown > 0) notices.push(notice('ignored', words('settings.sync.notice.ignored', { count: unknown })));
  return incoming;
}

async function readDevice(
  lib: Sodium,
  ring: KeyRing,
  dir: string,
  device: string,
  own: boolean,
  state: SyncState,
  notices: Notice[],
  incoming: Incoming,
): Promise<number> {
  const rel = (name: string) => `${deviceFolder(device)}/${name}`;
  const main = new Map<number, { name: string; kind: 'changes' | 'snapshot' }>();
  const copies: { name: string; seq: number; kind: 'changes' | 'snapshot' }[] = [];
  let unknown = 0;
  let hasPosition = false;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (name === POSITION_FILE) {
      hasPosition = true;
      continue;
    }
    const kind = classifyName(name);
    if (kind.type === 'main') main.set(kind.seq, { name, kind: kind.kind });
    else if (kind.type === 'copy') copies.push({ name, seq: kind.seq, kind: kind.kind });
    else if (kind.type === 'unknown') unknown++;
  }
  const peer = own ? freshPeer() : (state.peers[device] ?? freshPeer());
  const refuse = (name: string, error: unknown) => {
    if (error instanceof Refused) notices.push(refusalNotice(rel(name), error));
    else
      notices.push(
        refusalNotice(rel(name), new Refused('not-sync', readError((error as NodeJS.ErrnoException).code))),
      );
  };

  // Copies (conflicts, duplicates) of this device's files: each is authenticated as that
  // device's file of that number; one not seen before is merged (writes merge idempotently).
  // In this device's own folder, its newest file (or one past it) that is not the file it wrote
  // came from a copy of its home elsewhere (a cloned or restored profile): merged the same way.
  const known = new Set(state.forks);
  if (own) {
    for (const [seq, file] of main) {
      if (seq < state.seq) continue;
      copies.push({ name: file.name, seq, kind: file.kind });
      incoming.ownMax = Math.max(incoming.ownMax, seq);
    }
  }
  for (const copy of copies) {
    try {
      const { bytes } = await readBounded(join(dir, copy.name));
      const hash = fileHash(bytes);
      if (known.has(hash) || (copy.seq === peer.seq && hash === peer.hash)) continue;
      if (own && copy.seq === state.seq && hash === state.prev) continue;
      const opened = openFile(lib, ring, bytes, { device, seq: copy.seq, kind: copy.kind });
      if (opened.kind === 'changes')
        incoming.sets.push(changeSetOf(device, copy.seq, parsed(changesBodySchema, opened.body)));
      else incoming.snapshots.push(snapshotRegisters(parsed(snapshotBodySchema, opened.body)));
      state.forks.push(hash);
      known.add(hash);
      incoming.files++;
    } catch (error) {
      refuse(copy.name, error);
    }
  }
  if (!own) {
    if (hasPosition) {
      try {
        const { bytes } = await readBounded(join(dir, POSITION_FILE));
        const opened = openFile(lib, ring, bytes, { device, kind: 'position' });
        const body: PositionBody = parsed(positionBodySchema, opened.body);
        Object.assign(peer, { name: body.name, pk: body.pk, read: body.read, lastSync: body.at });
      } catch (error) {
        refuse(POSITION_FILE, error);
      }
    }
    await readChain(lib, ring, dir, device, peer, main, known, incoming, refuse, notices);
    if (peer.name !== '') state.peers[device] = peer;
  }

  return unknown;
}

async function readChain(
  lib: Sodium,
  ring: KeyRing,
  dir: string,
  device: string,
  peer: Peer,
  main: Map<number, { name: string; kind: 'changes' | 'snapshot' }>,
  forks: ReadonlySet<string>,
  incoming: Incoming,
  refuse: (name: string, error: unknown) => void,
  notices: Notice[],
): Promise<void> {
  const seqs = [...main.keys()];
  const maxSeq = seqs.length > 0 ? Math.max(...seqs) : 0;
  const latestSnapshotAfter = (after: number) =>
    Math.max(0, ...seqs.filter((seq) => seq > after && main.get(seq)?.kind === 'snapshot'));

  if (peer.seq > 0 && maxSeq > 0 && maxSeq < peer.seq) {
    const newest = main.get(maxSeq)?.name ?? '';
    refuse(
      newest,
      new Refused(
        'rolled-back',
        words('settings.sync.detail.rolledBack', { newest: String(maxSeq), read: String(peer.seq) }),
      ),
    );
    return;
  }
  // The last file read here, if still present, must still be the same file.
  const last = main.get(peer.seq);
  if (peer.seq > 0 && last) {
    try {
      const stats = await lstat(join(dir, last.name));
      if (stats.size !== peer.size || stats.mtimeMs !== peer.mtimeMs) {
        const { bytes, size, mtimeMs } = await readBounded(join(dir, last.name));
        if (fileHash(bytes) !== peer.hash)
          throw new Refused('replayed', words('settings.sync.detail.replaced', { number: String(peer.seq) }));
        Object.assign(peer, { size, mtimeMs });
      }
    } catch (error) {
      refuse(last.name, error);
      return;
    }
  }

  let next = peer.seq + 1;
  let jump = false;
  const snapshot = latestSnapshotAfter(peer.seq);
  if (peer.seq === 0 && snapshot > 0) {
    // A device read for the first time starts at its newest snapshot.
    next = snapshot;
    jump = true;
  } else if (!main.has(next)) {
    if (snapshot > 0) {
      next = snapshot;
      jump = true;
    } else if (maxSeq > peer.seq) {
      notices.push(
        notice(
          'waiting',
          words('settings.sync.notice.waiting', { number: String(next), device: peer.name || device }),
          {
            file: `${deviceFolder(device)}/${String(next).padStart(10, '0')}`,
          },
        ),
      );
      return;
    }
  }
  for (let count = 0; count < MAX_FILES_PER_RUN; count++) {
    const file = main.get(next);
    if (!file) return;
    try {
      const { bytes, size, mtimeMs } = await readBounded(join(dir, file.name));
      const opened = openFile(lib, ring, bytes, { device, seq: next, kind: file.kind });
      const hash = fileHash(bytes);
      if (opened.kind === 'changes') {
        const body = parsed(changesBodySchema, opened.body);
        // It follows the file read here, or a fork of it (a cloned home's file merged as a copy).
        if (!jump && body.prev !== peer.hash && !forks.has(body.prev))
          throw new Refused('chain', words('settings.sync.detail.chain', { number: String(peer.seq) }));
        incoming.sets.push(changeSetOf(device, next, body));
        Object.assign(peer, { lastChange: body.at, name: body.name, pk: body.pk });
      } else {
        const body = parsed(snapshotBodySchema, opened.body);
        if (!jump && body.prev !== peer.hash && !forks.has(body.prev))
          throw new Refused('chain', words('settings.sync.detail.chain', { number: String(peer.seq) }));
        incoming.snapshots.push(snapshotRegisters(body));
        Object.assign(peer, { name: body.name, pk: body.pk });
      }
      Object.assign(peer, { seq: next, hash, size, mtimeMs });
      incoming.files++;
      jump = false;
      next++;
    } catch (error) {
      refuse(file.name, error);
      return;
    }
  }
}
