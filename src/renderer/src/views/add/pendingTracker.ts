import { createContext, useContext, useEffect } from 'react';
import { call } from '../../api/client';

/**
 * Accounts a scan or a link put on offer are held in main until added or
 * discarded. The Add sheet collects every offer it shows and discards what is
 * left when it closes, so closing is an answer and old offers never come back.
 */
export class PendingOffers {
  readonly #ids = new Set<string>();

  track(ids: readonly string[]): void {
    for (const id of ids) this.#ids.add(id);
  }

  /** Discards everything shown and not added (main ignores ids it no longer holds). */
  discardAll(): void {
    const ids = [...this.#ids];
    this.#ids.clear();
    for (let i = 0; i < ids.length; i += 100) {
      call('entries.discardPending', { pendingIds: ids.slice(i, i + 100) }).catch(() => undefined);
    }
  }
}

export const PendingOffersContext = createContext<PendingOffers | null>(null);

/** Registers the offers a panel shows with the sheet that will discard them on close. */
export function useTrackOffers(ids: readonly string[]): void {
  const offers = useContext(PendingOffersContext);
  const key = ids.join(',');
  useEffect(() => {
    if (key) offers?.track(key.split(','));
  }, [offers, key]);
}
