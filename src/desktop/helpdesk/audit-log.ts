import { createHash, createHmac, randomBytes } from 'node:crypto';
import { appendFile, mkdir, open, readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import lockfile from 'proper-lockfile';
import { z } from 'zod';
import { readManagedSettings } from '../platform/managed';
import { twofoldHome } from '../platform/paths';
import { writeFileAtomic } from '../vault/atomic-file';
import {
  AuditForwarder,
  sinksFor,
  type CursorStore,
  type ForwardSettings,
  type ForwardSource,
  type ForwardStatus,
} from '../../node/audit-forward';
import type { Keychain } from '../keychain';
import type { AuditQuery, AuditRecord } from './driver';
import { englishMessages, type MessageId } from '../../shared/i18n/catalogue';
import { englishTranslate } from '../../shared/i18n/translate';
import { sayIn, words, type PersonFacingMessage } from '../../shared/person-facing-error';
import { HelpdeskError } from './errors';

/** One help-desk action as this computer saw it. */
export interface LocalAction {
  /** Who: the admin's login on that server. */
  readonly actor: string;
  /** On which server (its address) and, for servers with several, which database. */
  readonly server: string;
  readonly action: string;
  /** On which account (login), if any. */
  readonly target: string | null;
  readonly reason: string | null;
  /** "ok", or what went wrong (an error code). */
  readonly result: string;
}

const GENESIS = '0'.repeat(64);

/** The action of the record that says a witness refused an action's head (audited-connection.ts). */
export const WITNESS_REFUSED = 'audit.witness';

const entrySchema = z.object({
  seq: z.number().int().positive(),
  at: z.string(),
  actor: z.string(),
  server: z.string(),
  action: z.string(),
  target: z.string().nullable(),
  reason: z.string().nullable(),
  result: z.string(),
  prev: z.string().regex(/^[0-9a-f]{64}$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  /** The hash is an HMAC with the log's key from the OS keychain (records before the key have none). */
  keyed: z.literal(true).optional(),
});
type Entry = z.infer<typeof entrySchema>;

/**
 * The log's key, kept in the OS keychain (never in a file): it keys the chain's hashes, so a chain
 * recomputed without it does not verify. `keyedFrom` is the first record written with it (a log kept
 * before Twofold keyed it starts with plain SHA-256 records); `logId` names the log to its witnesses.
 */
const keyEntrySchema = z.object({
  v: z.literal(1),
  key: z.string().regex(/^[0-9a-f]{64}$/),
  logId: z.string().regex(/^[0-9a-f]{16}$/),
  keyedFrom: z.number().int().positive(),
});
type KeyEntry = z.infer<typeof keyEntrySchema>;

/** The log's head after an append: what is sent to the witnesses (the server, or a note on Odoo). */
export interface LogHead {
  readonly logId: string;
  readonly seq: number;
  readonly hash: string;
  /** This computer, so that a witness can tell a replaced log from another computer's. */
  readonly computer: string;
}

/** A head a witness kept, read back for `verifyWitness`. */
export interface WitnessedHead {
  readonly logId: string;
  readonly seq: number;
  readonly hash: string;
  /** The computer that sent it, when the witness kept it. */
  readonly computer: string | null;
  /** When the witness took it, ISO 8601. */
  readonly at: string;
}

/** What the witness said of the log: which heads were compared, and the first that does not fit. */
export interface WitnessCheck {
  readonly witness: string;
  /** Heads of this log (or of this computer's) compared. */
  readonly compared: number;
  /** Heads of logs of other computers, left aside. */
  readonly otherComputers: number;
  /** Actions whose head the witness refused (the log's WITNESS_REFUSED records): not held by it. */
  readonly unwitnessed: number;
  readonly problem: string | null;
}

export interface LocalAuditLogOptions {
  /** Where the log's key is kept; without one the chain is plain SHA-256, as before Twofold keyed it. */
  readonly keychain?: Keychain;
  /** Where records are forwarded as they are written (the managed setting), read when first needed. */
  readonly forwarding?: () => Promise<ForwardSettings | undefined>;
  /** How long a syslog batch must stay on an open connection to count as delivered (tests shorten it). */
  readonly settleMs?: number;
  readonly computer?: string;
}

/**
 * What the log held after the last append, kept beside it (not in it): removing records from the end
 * leaves a whole chain, so only this count and hash show that something is missing. Once a mismatch is
 * seen it is carried forward in `lost`, so later appends cannot paper over it.
 */
const headSchema = z.object({
  records: z.number().int().nonnegative(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  /** In English (what heads written before `lostWords` hold), and as a catalogue message. */
  lost: z.string().optional(),
  lostWords: z
    .object({
      id: z.string().refine((id) => id.startsWith('helpdesk.auditChain.') && id in englishMessages),
      values: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    })
    .optional(),
});
type Head = z.infer<typeof headSchema>;

/** The hash of a record: its fields in a fixed order, chained to the hash of the record before. */
export function hashOf(entry: Omit<Entry, 'hash' | 'keyed'>, key?: Buffer): string {
  const fields = [
    entry.seq,
    entry.at,
    entry.actor,
    entry.server,
    entry.action,
    entry.target,
    entry.reason,
    entry.result,
    entry.prev,
  ];
  const text = JSON.stringify(fields);
  if (key) return createHmac('sha256', key).update(text).digest('hex');
  return createHash('sha256').update(text).digest('hex');
}

export type ChainCheck =
  | { readonly whole: true; readonly records: number; readonly lastAt: string | null }
  | {
      readonly whole: false;
      readonly records: number;
      /** The first record that does not fit, or null when records are missing from the end. */
      readonly line: number | null;
      /** What is wrong, in one sentence fragment ("record 3 of 4 — its content was changed"), in English. */
      readonly problem: string;
      /** The same to say in any language; a plain string only from a head written before there were words. */
      readonly problemWords: PersonFacingMessage | string;
    };

/** A chain's problem to say later, with its English (the CLI's and the head file's). */
const problemOf = (
  message: PersonFacingMessage | string,
): { problem: string; problemWords: PersonFacingMessage | string } => ({
  problem: typeof message === 'string' ? message : sayIn(englishTranslate, message),
  problemWords: message,
});

export function defaultAuditLogPath(home = twofoldHome()): string {
  return join(home, 'helpdesk-audit.log');
}

/** The help desk's log as the app and the CLI keep it: keyed from the keychain, forwarded as managed. */
export function helpdeskAuditLog(path: string, keychain: Keychain): LocalAuditLog {
  return new LocalAuditLog(path, Date.now, {
    keychain,
    forwarding: async () => (await readManagedSettings()).auditForwarding,
  });
}

/**
 * The help desk's own audit log, for servers that keep none: one JSON record per line in the app's
 * folder, each carrying the hash of the one before, so a changed, removed or inserted record breaks
 * the chain (`verify`). Appends from the app and the CLI are serialised by a lock file.
 */
export class LocalAuditLog {
  /** The head record: how many records the log held after Twofold's last append, and the last hash. */
  readonly headPath: string;

  /** Where each forwarding destination's place (the last record delivered there) is kept. */
  readonly forwardPath: string;
  private readonly computer: string;
  private forwarders: Promise<AuditForwarder[]> | null = null;
  private cursorWrites: Promise<void> = Promise.resolve();

  constructor(
    readonly path: string = defaultAuditLogPath(),
    private readonly now: () => number = Date.now,
    private readonly options: LocalAuditLogOptions = {},
  ) {
    this.headPath = `${path}.head`;
    this.forwardPath = `${path}.forward`;
    this.computer = options.computer ?? hostname();
  }

  /** The keychain entry that holds this log's key. */
  private get keyAccount(): string {
    return `helpdesk-audit-key:${resolve(this.path)}`;
  }

  /** The log's key, or null when there is no keychain or no key yet. */
  private async keyEntry(): Promise<KeyEntry | null> {
    if (!this.options.keychain) return null;
    let raw: string | null;
    try {
      raw = await this.options.keychain.get(this.keyAccount);
    } catch {
      throw new HelpdeskError('PROFILE', words('helpdesk.error.auditKeychainUnreadable'));
    }
    if (raw === null) return null;
    const parsed = keyEntrySchema.safeParse(safeJson(raw));
    if (!parsed.success) throw new HelpdeskError('PROFILE', words('helpdesk.error.auditKeyUnreadable'));
    return parsed.data;
  }

  /** The key, made (under the log's lock) with the first record that will use it. */
  private async keyFor(nextSeq: number): Promise<KeyEntry | null> {
    if (!this.options.keychain) return null;
    const existing = await this.keyEntry();
    if (existing) return existing;
    const made: KeyEntry = {
      v: 1,
      key: randomBytes(32).toString('hex'),
      logId: randomBytes(8).toString('hex'),
      keyedFrom: nextSeq,
    };
    await this.options.keychain.set(this.keyAccount, JSON.stringify(made));
    return made;
  }

  /** The head record; undefined when there is none, null when it cannot be read. */
  private async head(): Promise<Head | null | undefined> {
    let text: string;
    try {
      text = await readFile(this.headPath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      return null;
    }
    const parsed = headSchema.safeParse(safeJson(text));
    return parsed.success ? parsed.data : null;
  }

  /**
   * What the head says is missing or replaced at the end of a log whose chain is whole; null when it
   * fits or when there is no head yet (see `adopt`).
   */
  private async headMismatch(entries: readonly Entry[]): Promise<PersonFacingMessage | string | null> {
    const head = await this.head();
    // No head: a log written before Twofold kept one; a whole chain is adopted as it stands.
    if (head === undefined) return null;
    if (head === null) return words('helpdesk.auditChain.headUnreadable', { path: this.headPath });
    if (head.lostWords) return { ...head.lostWords, id: head.lostWords.id as MessageId };
    if (head.lost) return head.lost;
    if (head.records > entries.length) {
      return words('helpdesk.auditChain.lastRemoved', {
        gone: head.records - entries.length,
        wrote: head.records,
        holds: entries.length,
      });
    }
    // More records than the head counts: the app stopped between an append and the head's update.
    if (head.records > 0 && entries[head.records - 1]?.hash !== head.hash)
      return words('helpdesk.auditChain.replacedFrom', { from: head.records });
    return null;
  }

  private async lines(): Promise<string[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new HelpdeskError('PROFILE', words('helpdesk.error.auditLogUnreadable', { path: this.path }));
    }
    return text.split('\n').filter((line) => line.trim() !== '');
  }

  /** Appends a record; returns the log's new head (for the witnesses) and starts forwarding it. */
  async append(action: LocalAction): Promise<LogHead | null> {
    const head = await this.locked(async () => {
      const lines = await this.lines();
      const last = lines.length > 0 ? entrySchema.safeParse(safeJson(lines[lines.length - 1] ?? '')) : null;
      if (last && !last.success) {
        throw new HelpdeskError(
          'PROFILE',
          words('helpdesk.error.auditLogDamagedEnd', {
            path: this.path,
            command: 'twofold admin audit --verify',
          }),
        );
      }
      const body = {
        seq: (last?.data?.seq ?? 0) + 1,
        at: new Date(this.now()).toISOString(),
        ...action,
        prev: last?.data?.hash ?? GENESIS,
      };
      const key = await this.keyFor(body.seq);
      const entry: Entry = key
        ? { ...body, hash: hashOf(body, Buffer.from(key.key, 'hex')), keyed: true }
        : { ...body, hash: hashOf(body) };
      // A mismatch seen now stays in the head, so this append cannot hide a truncation before it.
      const lost = await this.headMismatch(this.entries(lines));
      await appendFile(this.path, `${JSON.stringify(entry)}\n`, { encoding: 'utf8', mode: 0o600 });
      await this.writeHead({
        records: entry.seq,
        hash: entry.hash,
        ...(lost === null
          ? {}
          : typeof lost === 'string'
            ? { lost }
            : // The chain's messages hold numbers and paths only, never a message inside.
              { lost: sayIn(englishTranslate, lost), lostWords: lost as Head['lostWords'] }),
      });
      return key ? { logId: key.logId, seq: entry.seq, hash: entry.hash, computer: this.computer } : null;
    });
    void this.forwardNow();
    return head;
  }

  /** Runs `work` holding the log's lock file, which serialises the app's and the CLI's writers. */
  private async locked<T>(work: () => Promise<T>): Promise<T> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    // The lock needs the file to exist; creating it empty changes nothing in the chain.
    await (await open(this.path, 'a', 0o600)).close();
    let release: () => Promise<void>;
    try {
      release = await lockfile.lock(this.path, {
        stale: 10_000,
        retries: { retries: 100, minTimeout: 20, maxTimeout: 200, randomize: true },
      });
    } catch {
      throw new HelpdeskError('PROFILE', words('helpdesk.error.auditLogBusy', { path: this.path }));
    }
    try {
      return await work();
    } finally {
      await release().catch(() => undefined);
    }
  }

  private async writeHead(head: Head): Promise<void> {
    await writeFileAtomic(this.headPath, Buffer.from(`${JSON.stringify(head)}\n`, 'utf8'));
  }

  /**
   * Writes the head record of a log kept before Twofold wrote one, once its chain was found whole:
   * from then on records removed from the end are noticed. Under the lock, and only if no append
   * wrote a head meanwhile.
   */
  private async adopt(records: number, hash: string): Promise<void> {
    await this.locked(async () => {
      if ((await this.head()) !== undefined) return;
      const entries = this.entries(await this.lines());
      if (entries.length !== records || entries.at(-1)?.hash !== hash) return;
      await this.writeHead({ records, hash });
    });
  }

  /**
   * Walks the chain from the first record, then holds its end against the head record: whole, or where
   * and how it breaks (a record changed, removed or inserted; records missing from the end).
   */
  async verify(): Promise<ChainCheck> {
    const lines = await this.lines();
    const records = lines.length;
    const broken = (line: number, what: PersonFacingMessage): ChainCheck => ({
      whole: false,
      records,
      line,
      ...problemOf(words('helpdesk.auditChain.record', { line, records, what })),
    });
    const entries: Entry[] = [];
    let prev = GENESIS;
    const keyEntry = await this.keyEntry();
    const key = keyEntry ? Buffer.from(keyEntry.key, 'hex') : null;
    for (const [index, line] of lines.entries()) {
      const parsed = entrySchema.safeParse(safeJson(line));
      const at = index + 1;
      if (!parsed.success) return broken(at, words('helpdesk.auditChain.unreadable'));
      const entry = parsed.data;
      if (entry.seq !== at) return broken(at, words('helpdesk.auditChain.numbered', { seq: entry.seq }));
      if (entry.prev !== prev) return broken(at, words('helpdesk.auditChain.notFollowing'));
      const { hash, keyed, ...body } = entry;
      if (keyed && this.options.keychain && !key) return broken(at, words('helpdesk.auditChain.keyMissing'));
      if (keyEntry && !keyed && at >= keyEntry.keyedFrom)
        return broken(at, words('helpdesk.auditChain.writtenWithoutKey'));
      if (hashOf(body, keyed && key ? key : undefined) !== hash)
        return broken(
          at,
          words(keyed ? 'helpdesk.auditChain.changedOrOtherKey' : 'helpdesk.auditChain.changed'),
        );
      prev = hash;
      entries.push(entry);
    }
    if (keyEntry && records < keyEntry.keyedFrom)
      return {
        whole: false,
        records,
        line: null,
        ...problemOf(words('helpdesk.auditChain.keyedGone', { from: keyEntry.keyedFrom })),
      };
    const mismatch = await this.headMismatch(entries);
    if (mismatch) return { whole: false, records, line: null, ...problemOf(mismatch) };
    const last = entries.at(-1);
    if (last && (await this.head()) === undefined) await this.adopt(records, last.hash);
    return { whole: true, records, lastAt: entries.at(-1)?.at ?? null };
  }

  /**
   * Holds the log against the heads a witness kept (the server, or the notes on an Odoo server): every
   * head this log (or this computer) sent must be a record of this log with that very hash. A log that
   * was edited, cut short, deleted, recomputed or replaced by another cannot match them without the
   * witness's copy being changed too.
   */
  async verifyWitness(witness: string, heads: readonly WitnessedHead[]): Promise<WitnessCheck> {
    const keyEntry = await this.keyEntry();
    const entries = this.entries(await this.lines());
    const byNumber = new Map(entries.map((entry) => [entry.seq, entry]));
    const unwitnessed = entries.filter((entry) => entry.action === WITNESS_REFUSED).length;
    const records = byNumber.size;
    let compared = 0;
    let otherComputers = 0;
    const problems: string[] = [];
    for (const head of [...heads].sort((a, b) => a.at.localeCompare(b.at))) {
      const ours = keyEntry !== null && head.logId === keyEntry.logId;
      if (!ours && head.computer !== this.computer) {
        otherComputers += 1;
        continue;
      }
      compared += 1;
      if (!ours) {
        problems.push(
          keyEntry
            ? `${witness} holds record ${head.seq} of another log (${head.logId}) sent from this computer on ${head.at}; this log is ${keyEntry.logId}: the log was replaced`
            : `${witness} holds record ${head.seq} of log ${head.logId} sent from this computer on ${head.at}, and this computer has no key for it: the log and its key were replaced or deleted`,
        );
        continue;
      }
      const entry = byNumber.get(head.seq);
      if (!entry)
        problems.push(
          `${witness} saw record ${head.seq} on ${head.at}, and the log holds ${records === 0 ? 'no records' : `${records} record(s)`}: records were deleted or the log was cut short`,
        );
      else if (entry.hash !== head.hash)
        problems.push(
          `record ${head.seq} is not the one ${witness} saw on ${head.at}: the log was rewritten`,
        );
    }
    return { witness, compared, otherComputers, unwitnessed, problem: problems[0] ?? null };
  }

  /** Forwarding destinations from the managed setting, made once. */
  private sinks(): Promise<AuditForwarder[]> {
    this.forwarders ??= (async () => {
      const settings = await this.options.forwarding?.();
      if (!settings) return [];
      const source: ForwardSource = {
        after: async (after, limit) =>
          this.entries(await this.lines())
            .filter((entry) => entry.seq > after)
            .slice(0, limit)
            .map((entry) => ({
              seq: entry.seq,
              at: entry.at,
              action: entry.action,
              result: entry.result,
              fields: { ...entry, computer: this.computer },
            })),
        countAfter: async (after) =>
          this.entries(await this.lines()).filter((entry) => entry.seq > after).length,
      };
      const cursors: CursorStore = {
        get: async (sink) => (await this.cursors())[sink] ?? 0,
        set: (sink, seq) => {
          // One file for every destination: its writes go one after the other, or one would undo another's.
          const write = this.cursorWrites.then(async () => {
            // The app and the CLI may both forward: the place only moves forward.
            const all = await this.cursors();
            if ((all[sink] ?? 0) >= seq) return;
            await writeFileAtomic(
              this.forwardPath,
              Buffer.from(`${JSON.stringify({ ...all, [sink]: seq })}\n`, 'utf8'),
            );
          });
          this.cursorWrites = write.catch(() => undefined);
          return write;
        },
      };
      return sinksFor(
        settings,
        { appName: 'twofold', software: 'Twofold', softwareVersion: '0.1.0' },
        this.options.settleMs !== undefined ? { settleMs: this.options.settleMs } : {},
      ).map((sink) => {
        const forwarder = new AuditForwarder(source, sink, cursors);
        forwarder.start();
        return forwarder;
      });
    })();
    return this.forwarders;
  }

  private async cursors(): Promise<Record<string, number>> {
    try {
      const parsed = z
        .record(z.string(), z.number().int().nonnegative())
        .safeParse(safeJson(await readFile(this.forwardPath, 'utf8')));
      return parsed.success ? parsed.data : {};
    } catch {
      return {};
    }
  }

  /** Sends what waits (after an append, or at start after an outage); failures are retried later. */
  async forwardNow(): Promise<void> {
    try {
      for (const forwarder of await this.sinks()) forwarder.nudge();
    } catch {
      // A wrong setting shows in forwardingStatus.
    }
  }

  /** Each destination and how many records wait for it; empty when forwarding is off. */
  async forwardingStatus(): Promise<ForwardStatus[]> {
    return Promise.all((await this.sinks()).map((forwarder) => forwarder.status()));
  }

  /** Forwards what waits for at most `timeoutMs` (the CLI before it exits); true when nothing is left. */
  async drainForwarding(timeoutMs: number): Promise<boolean> {
    const results = await Promise.all((await this.sinks()).map((forwarder) => forwarder.drain(timeoutMs)));
    return results.every(Boolean);
  }

  /** Stops forwarding (closes connections); records not yet sent stay waiting for the next start. */
  async closeForwarding(): Promise<void> {
    const forwarders = this.forwarders;
    this.forwarders = null;
    if (forwarders) await Promise.all((await forwarders).map((forwarder) => forwarder.stop()));
  }

  private entries(lines: readonly string[]): Entry[] {
    return lines.flatMap((line) => {
      const parsed = entrySchema.safeParse(safeJson(line));
      return parsed.success ? [parsed.data] : [];
    });
  }

  /** Records about one server, newest first, filtered like a server's audit log. */
  async list(server: string, query: AuditQuery = {}): Promise<AuditRecord[]> {
    const from = query.from ? Date.parse(query.from) : -Infinity;
    const to = query.to ? Date.parse(query.to) : Infinity;
    const records: AuditRecord[] = [];
    for (const line of (await this.lines()).reverse()) {
      const parsed = entrySchema.safeParse(safeJson(line));
      if (!parsed.success) continue;
      const entry = parsed.data;
      const when = Date.parse(entry.at);
      if (entry.server !== server || when < from || when > to) continue;
      if (query.actor && entry.actor !== query.actor) continue;
      if (query.target && entry.target !== query.target) continue;
      if (query.action && entry.action !== query.action) continue;
      records.push({
        at: entry.at,
        actor: entry.actor,
        action: entry.action,
        target: entry.target,
        reason: entry.reason,
        result: entry.result,
        clientAddress: null,
      });
      if (query.limit && records.length >= query.limit) break;
    }
    return records;
  }
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
