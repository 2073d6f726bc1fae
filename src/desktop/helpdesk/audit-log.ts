import { createHash } from 'node:crypto';
import { appendFile, mkdir, open, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import lockfile from 'proper-lockfile';
import { z } from 'zod';
import { twofoldHome } from '../platform/paths';
import { writeFileAtomic } from '../vault/atomic-file';
import type { AuditQuery, AuditRecord } from './driver';
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
});
type Entry = z.infer<typeof entrySchema>;

/**
 * What the log held after the last append, kept beside it (not in it): removing records from the end
 * leaves a whole chain, so only this count and hash show that something is missing. Once a mismatch is
 * seen it is carried forward in `lost`, so later appends cannot paper over it.
 */
const headSchema = z.object({
  records: z.number().int().nonnegative(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  lost: z.string().optional(),
});
type Head = z.infer<typeof headSchema>;

/** The hash of a record: its fields in a fixed order, chained to the hash of the record before. */
function hashOf(entry: Omit<Entry, 'hash'>): string {
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
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

export type ChainCheck =
  | { readonly whole: true; readonly records: number; readonly lastAt: string | null }
  | {
      readonly whole: false;
      readonly records: number;
      /** The first record that does not fit, or null when records are missing from the end. */
      readonly line: number | null;
      /** What is wrong, in one sentence fragment ("record 3 of 4 — its content was changed"). */
      readonly problem: string;
    };

export function defaultAuditLogPath(home = twofoldHome()): string {
  return join(home, 'helpdesk-audit.log');
}

/**
 * The help desk's own audit log, for servers that keep none: one JSON record per line in the app's
 * folder, each carrying the hash of the one before, so a changed, removed or inserted record breaks
 * the chain (`verify`). Appends from the app and the CLI are serialised by a lock file.
 */
export class LocalAuditLog {
  /** The head record: how many records the log held after Twofold's last append, and the last hash. */
  readonly headPath: string;

  constructor(
    readonly path: string = defaultAuditLogPath(),
    private readonly now: () => number = Date.now,
  ) {
    this.headPath = `${path}.head`;
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
  private async headMismatch(entries: readonly Entry[]): Promise<string | null> {
    const head = await this.head();
    // No head: a log written before Twofold kept one; a whole chain is adopted as it stands.
    if (head === undefined) return null;
    if (head === null) return `its head record (${this.headPath}) cannot be read`;
    if (head.lost) return head.lost;
    if (head.records > entries.length) {
      const gone = head.records - entries.length;
      return `the last ${gone === 1 ? 'record was' : `${gone} records were`} removed (Twofold wrote ${head.records}, the log holds ${entries.length})`;
    }
    // More records than the head counts: the app stopped between an append and the head's update.
    if (head.records > 0 && entries[head.records - 1]?.hash !== head.hash)
      return `the records from ${head.records} on were replaced (record ${head.records} is not the one Twofold wrote)`;
    return null;
  }

  private async lines(): Promise<string[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new HelpdeskError('PROFILE', `The local audit log ${this.path} cannot be read.`);
    }
    return text.split('\n').filter((line) => line.trim() !== '');
  }

  async append(action: LocalAction): Promise<void> {
    await this.locked(async () => {
      const lines = await this.lines();
      const last = lines.length > 0 ? entrySchema.safeParse(safeJson(lines[lines.length - 1] ?? '')) : null;
      if (last && !last.success) {
        throw new HelpdeskError(
          'PROFILE',
          `The local audit log ${this.path} ends in a damaged record; check it with \`twofold admin audit --verify\`.`,
        );
      }
      const body = {
        seq: (last?.data?.seq ?? 0) + 1,
        at: new Date(this.now()).toISOString(),
        ...action,
        prev: last?.data?.hash ?? GENESIS,
      };
      const entry: Entry = { ...body, hash: hashOf(body) };
      // A mismatch seen now stays in the head, so this append cannot hide a truncation before it.
      const lost = await this.headMismatch(this.entries(lines));
      await appendFile(this.path, `${JSON.stringify(entry)}\n`, { encoding: 'utf8', mode: 0o600 });
      await this.writeHead({ records: entry.seq, hash: entry.hash, ...(lost ? { lost } : {}) });
    });
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
      throw new HelpdeskError('PROFILE', `The local audit log ${this.path} is busy; try again.`);
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
    const broken = (line: number, what: string): ChainCheck => ({
      whole: false,
      records,
      line,
      problem: `record ${line} of ${records} — ${what}`,
    });
    const entries: Entry[] = [];
    let prev = GENESIS;
    for (const [index, line] of lines.entries()) {
      const parsed = entrySchema.safeParse(safeJson(line));
      const at = index + 1;
      if (!parsed.success) return broken(at, 'the record cannot be read');
      const entry = parsed.data;
      if (entry.seq !== at) return broken(at, `it is numbered ${entry.seq}`);
      if (entry.prev !== prev)
        return broken(at, 'it does not follow the record before (one was removed or inserted)');
      const { hash, ...body } = entry;
      if (hashOf(body) !== hash) return broken(at, 'its content was changed');
      prev = hash;
      entries.push(entry);
    }
    const mismatch = await this.headMismatch(entries);
    if (mismatch) return { whole: false, records, line: null, problem: mismatch };
    const last = entries.at(-1);
    if (last && (await this.head()) === undefined) await this.adopt(records, last.hash);
    return { whole: true, records, lastAt: entries.at(-1)?.at ?? null };
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
