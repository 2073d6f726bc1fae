import { randomUUID } from 'node:crypto';
import type { VaultEntry } from '../vault';

const MAX_KEPT = 50;

/** Entries removed this session, kept in main (with their secrets) so "Undo" can restore them. */
export class RemovedEntries {
  readonly #kept = new Map<string, VaultEntry>();

  keep(entry: VaultEntry): string {
    const undoId = randomUUID();
    this.#kept.set(undoId, entry);
    while (this.#kept.size > MAX_KEPT) {
      const oldest = this.#kept.keys().next().value;
      if (oldest === undefined) break;
      this.#kept.delete(oldest);
    }
    return undoId;
  }

  take(undoId: string): VaultEntry | undefined {
    const entry = this.#kept.get(undoId);
    this.#kept.delete(undoId);
    return entry;
  }

  putBack(undoId: string, entry: VaultEntry): void {
    this.#kept.set(undoId, entry);
  }
}
