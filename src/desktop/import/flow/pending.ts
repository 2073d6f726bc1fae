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

/** Imports read and previewed, waiting for the person's choices. */
export class PendingImports extends PendingStore<ImportPlan> {
  constructor() {
    super(4, 15 * 60 * 1000);
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
