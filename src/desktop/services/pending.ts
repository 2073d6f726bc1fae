import { randomUUID } from 'node:crypto';
import type { PendingAccount } from '../../shared/ipc/channels/schemas';
import type { OtpAccount } from '../../shared/otp';

type Source = PendingAccount['source'];

interface Held {
  readonly pendingId: string;
  readonly source: Source;
  readonly account: OtpAccount;
  readonly warnings: readonly string[];
}

/** Most recent offers kept; older ones are dropped so a flood of links cannot grow memory. */
const MAX_PENDING = 100;

/**
 * Accounts found in an opened link or a scan, held in main until the person
 * says "add" or "discard": the renderer sees a preview and an id, never the secret.
 */
export class PendingAccounts {
  readonly #held = new Map<string, Held>();

  offer(source: Source, account: OtpAccount, warnings: readonly string[]): Held {
    const held: Held = { pendingId: randomUUID(), source, account, warnings };
    this.#held.set(held.pendingId, held);
    while (this.#held.size > MAX_PENDING) {
      const oldest = this.#held.keys().next().value;
      if (oldest === undefined) break;
      this.#held.delete(oldest);
    }
    return held;
  }

  get(pendingId: string): Held | undefined {
    return this.#held.get(pendingId);
  }

  all(): Held[] {
    return [...this.#held.values()];
  }

  discard(pendingId: string): void {
    this.#held.delete(pendingId);
  }
}
