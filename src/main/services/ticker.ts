import type { EventSink } from './events';
import type { VaultSession } from './vault-session';

/**
 * Sends every entry's code once a second, just after the second turns, so
 * countdowns in the renderer move together and codes change on time.
 */
export class CodeTicker {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running = false;

  constructor(
    private readonly vaults: VaultSession,
    private readonly events: EventSink,
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#schedule();
  }

  stop(): void {
    this.#running = false;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Emits now (e.g. after entries changed) without waiting for the next second. */
  tick(): void {
    if (this.vaults.status().state !== 'ready') return;
    const at = this.now();
    this.events.emit('codes.tick', { codes: this.vaults.current().codes(at / 1000), at });
  }

  #schedule(): void {
    if (!this.#running) return;
    const wait = 1000 - (this.now() % 1000) + 5;
    this.#timer = setTimeout(() => {
      try {
        this.tick();
      } finally {
        this.#schedule();
      }
    }, wait);
    (this.#timer as { unref?: () => void }).unref?.();
  }
}
