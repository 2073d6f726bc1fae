import type { EntryCode } from '../../shared/ipc/channels/schemas';
import { secondsRemaining } from '../../shared/otp';
import type { Vault } from '../vault';
import type { EventSink } from './events';
import type { VaultSession } from './vault-session';

/** Ticks over which the codes for the step after next are spread (fewer than the shortest usual period). */
const WARM_TICKS = 20;

interface Cached {
  vault: Vault;
  codes: EntryCode[];
  /** Unix seconds when the first entry's step ends: codes stay valid until then. */
  validUntil: number;
}

/**
 * Sends every entry's code once a second, just after the second turns, to whoever
 * subscribed to `codes.tick` (tests and tools driving the app; none by default).
 *
 * Codes only change when a step ends (every 30 s for most entries), so the
 * HMACs are computed then, or when entries change (`invalidate`); the ticks in
 * between only count seconds down. 1,000 entries cost one HMAC pass per step.
 */
export class CodeTicker {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running = false;
  #cache: Cached | null = null;

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

  /** Entries were added, removed, edited or the vault was reopened: compute afresh next time. */
  invalidate(): void {
    this.#cache = null;
  }

  /** Every entry's code at `atMs` (default: now). */
  codes(atMs: number = this.now()): EntryCode[] {
    const vault = this.vaults.current();
    const time = atMs / 1000;
    const cached = this.#cache;
    if (cached && cached.vault === vault && time < cached.validUntil && time >= cached.validUntil - 86_400) {
      return cached.codes.map((code) =>
        code.period > 0 ? { ...code, secondsRemaining: secondsRemaining(time, code.period) } : code,
      );
    }
    const codes = vault.codes(time);
    let validUntil = Number.POSITIVE_INFINITY;
    for (const code of codes) {
      if (code.period > 0)
        validUntil = Math.min(validUntil, (Math.floor(time / code.period) + 1) * code.period);
    }
    this.#cache = { vault, codes, validUntil };
    return codes;
  }

  /** Emits now (e.g. after entries changed) without waiting for the next second. */
  tick(): void {
    if (this.vaults.status().state !== 'ready') return;
    const at = this.now();
    // Nobody listening (the app's own views ask with codes.now): no codes computed or sent.
    if (this.events.wants('codes.tick')) this.events.emit('codes.tick', { codes: this.codes(at), at });
    // A slice of the codes the next boundary needs, so no single tick computes them all.
    const vault = this.vaults.current();
    vault.warmCodes(at / 1000, Math.ceil(vault.size / WARM_TICKS));
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
