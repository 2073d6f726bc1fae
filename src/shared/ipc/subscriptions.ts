/**
 * Which contract events the window listens to. Main sends an event only while
 * the window has a listener for it, so work nobody watches (every code, every
 * second, for `codes.tick`) is neither computed nor copied across processes.
 */
import { z } from 'zod';
import { isEventName, type EventName } from './contract';

/** The one message the preload sends besides contract calls: the full set, after every change. */
export const IPC_SUBSCRIPTIONS_ID = 'twofold-subscriptions';

export const subscriptionsSchema = z
  .array(z.string().refine(isEventName, 'not an event of the contract'))
  .max(64)
  .transform((names) => new Set(names as EventName[]));

/**
 * Counts listeners per event and reports the set of events with at least one,
 * each time that set changes. Unsubscribing twice counts once.
 */
export function createSubscriptionCounter(announce: (events: EventName[]) => void): {
  add(name: EventName): () => void;
} {
  const counts = new Map<EventName, number>();
  const changed = (): void => announce([...counts.keys()]);
  return {
    add(name) {
      const before = counts.get(name) ?? 0;
      counts.set(name, before + 1);
      if (before === 0) changed();
      let removed = false;
      return () => {
        if (removed) return;
        removed = true;
        const left = (counts.get(name) ?? 1) - 1;
        if (left > 0) {
          counts.set(name, left);
          return;
        }
        counts.delete(name);
        changed();
      };
    },
  };
}
