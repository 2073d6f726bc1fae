import { randomUUID } from 'node:crypto';
import type { ImportPlan } from './plan';

/**
 * Things held in main for the window under an opaque random id, until used or too old: the
 * secrets stay here, the window holds only the id. The oldest go first when too many wait.
 */
export class PendingStore<T> {
  readonly #waiting = new Map<string, { value: T; at: number }>();

  constructor(
    private readonly maxWaiting: number,
    private readonly ttlMs: number,
  ) {}

  hold(value: T): string {
    this.#expire();
    while (this.#waiting.size >= this.maxWaiting) {
      const oldest = this.#waiting.keys().next().value as string;
      this.#waiting.delete(oldest);
    }
    const id = randomUUID();
    this.#waiting.set(id, { value, at: Date.now() });
    return id;
  }

  get(id: string): T | undefined {
    this.#expire();
    return this.#waiting.get(id)?.value;
  }

  drop(id: string): void {
    this.#waiting.delete(id);
  }

  #expire(): void {
    const now = Date.now();
    for (const [id, { at }] of this.#waiting) if (now - at > this.ttlMs) this.#waiting.delete(id);
  }
}

/** Imports read and previewed, waiting for the person's choices; and the one being read. */
export class PendingImports extends PendingStore<ImportPlan> {
  #reading: AbortController | undefined;

  constructor() {
    super(4, 15 * 60 * 1000);
  }

  /** A signal for a new read (its key derivation can take seconds); a read still under way is stopped. */
  startReading(): AbortSignal {
    this.#reading?.abort();
    this.#reading = new AbortController();
    return this.#reading.signal;
  }

  /** The read with this signal ended: nothing left to stop. */
  doneReading(signal: AbortSignal): void {
    if (this.#reading?.signal === signal) this.#reading = undefined;
  }

  /** Stops the read under way, if any: its key-derivation worker is terminated. */
  stopReading(): void {
    this.#reading?.abort();
    this.#reading = undefined;
  }
}

/**
 * Google Authenticator exports found by a scan (screen, image, clipboard): their migration links wait
 * here until the window opens the import with the id.
 */
export class ScannedExports extends PendingStore<readonly string[]> {
  constructor() {
    super(8, 10 * 60 * 1000);
  }
}
