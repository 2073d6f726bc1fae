import type { AuditSink, ForwardRecord } from './sinks';

/** The log being forwarded: its records after a place, in order. */
export interface ForwardSource {
  /** At most `limit` records whose seq is greater than `after`, in increasing seq. */
  after(after: number, limit: number): Promise<readonly ForwardRecord[]>;
  /** How many records come after `after` (the backlog). */
  countAfter(after: number): Promise<number>;
}

/** Where each destination's cursor (the last record delivered there) is kept, so a restart goes on. */
export interface CursorStore {
  get(sink: string): Promise<number>;
  set(sink: string, seq: number): Promise<void>;
  /**
   * Whether this process may forward to `sink` now (a lease shared by the processes of one log);
   * always true where there is one writer.
   */
  claim?(sink: string): Promise<boolean>;
}

/** What the operator (or the console) sees about one destination. */
export interface ForwardStatus {
  readonly destination: string;
  /** Records written but not delivered there yet. */
  readonly backlog: number;
  /** The last record delivered, 0 when none. */
  readonly delivered: number;
  /** Why the last try failed (null after a success). */
  readonly lastError: string | null;
  /** When the last try failed, ISO 8601. */
  readonly lastErrorAt: string | null;
}

export interface ForwarderOptions {
  readonly batch?: number;
  /** The first wait after a failure; doubled up to `maxRetryMs`. */
  readonly retryMs?: number;
  readonly maxRetryMs?: number;
  /** Look for new records this often even without a nudge (records written by other processes). */
  readonly pollMs?: number;
  /** Told about each failure (the server logs it); never given record contents. */
  readonly onError?: (destination: string, message: string) => void;
}

/**
 * Delivers a log's records to one destination at least once and in order: the cursor moves past a
 * batch only after the destination took it, and is kept in the cursor store, so records written during
 * an outage (or before a restart) are sent, oldest first, when the destination is back.
 */
export class AuditForwarder {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private poller: NodeJS.Timeout | null = null;
  private failures = 0;
  private lastError: { message: string; at: string } | null = null;
  private stopped = false;
  private started = false;

  constructor(
    private readonly source: ForwardSource,
    readonly sink: AuditSink,
    private readonly cursors: CursorStore,
    private readonly options: ForwarderOptions = {},
  ) {}

  /** Forwards what is pending now, then looks again every `pollMs` (if given) and on each nudge. */
  start(): void {
    this.started = true;
    if (this.options.pollMs && !this.poller) {
      this.poller = setInterval(() => this.nudge(), this.options.pollMs);
      this.poller.unref();
    }
    this.nudge();
  }

  /** There may be new records: forward them now (or after the current run). */
  nudge(): void {
    if (this.stopped || !this.started) return;
    if (this.running) {
      this.again = true;
      return;
    }
    // While waiting to retry after a failure, a nudge does not hammer the destination.
    if (this.timer) return;
    this.running = this.run().finally(() => {
      this.running = null;
      if (this.again && !this.timer) {
        this.again = false;
        this.nudge();
      }
    });
  }

  private async run(): Promise<void> {
    const batch = this.options.batch ?? 200;
    for (;;) {
      if (this.stopped) return;
      try {
        if (this.cursors.claim && !(await this.cursors.claim(this.sink.name))) return;
        const cursor = await this.cursors.get(this.sink.name);
        const records = await this.source.after(cursor, batch);
        if (records.length === 0) {
          this.failures = 0;
          return;
        }
        await this.sink.send(records);
        await this.cursors.set(this.sink.name, records[records.length - 1]!.seq);
        this.failures = 0;
        this.lastError = null;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.lastError = { message, at: new Date().toISOString() };
        this.options.onError?.(this.sink.name, message);
        this.failures += 1;
        const wait = Math.min(
          (this.options.retryMs ?? 500) * 2 ** (this.failures - 1),
          this.options.maxRetryMs ?? 30_000,
        );
        this.timer = setTimeout(() => {
          this.timer = null;
          this.nudge();
        }, wait);
        this.timer.unref();
        return;
      }
    }
  }

  /** Forwards what is pending, for at most `timeoutMs`; true when nothing is left. */
  async drain(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.timer) {
        clearTimeout(this.timer);
        this.timer = null;
      }
      this.nudge();
      await this.running;
      if ((await this.status()).backlog === 0) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, Math.min(200, deadline - Date.now())));
    }
  }

  async status(): Promise<ForwardStatus> {
    const delivered = await this.cursors.get(this.sink.name);
    return {
      destination: this.sink.name,
      backlog: await this.source.countAfter(delivered),
      delivered,
      lastError: this.lastError?.message ?? null,
      lastErrorAt: this.lastError?.at ?? null,
    };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.poller) clearInterval(this.poller);
    this.timer = null;
    await this.running;
    await this.sink.close();
  }
}

/** The sinks an operator's settings name. */
export interface ForwardSettings {
  readonly syslog?: { readonly url: string; readonly caFile?: string | undefined } | undefined;
  /** A file path, or "-" for standard output. */
  readonly jsonLines?: string | undefined;
}
