import type { EventName, EventPayload } from '../../shared/ipc/contract';

/** Where main's events go: the window's webContents in Electron, SSE clients in the test host. */
export interface EventSink {
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
  /** Whether anyone would receive `name` now: lets a producer skip work nobody watches. */
  wants(name: EventName): boolean;
}

export type EventListener = (name: EventName, payload: unknown) => void;

interface Listening {
  listener: EventListener;
  wants: (name: EventName) => boolean;
}

/** Fans events out to whoever listens now; events with no listener are dropped, not queued. */
export class EventHub implements EventSink {
  readonly #listeners = new Set<Listening>();

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const { listener, wants } of this.#listeners) if (wants(name)) listener(name, payload);
  }

  wants(name: EventName): boolean {
    for (const { wants } of this.#listeners) if (wants(name)) return true;
    return false;
  }

  /** `wants` narrows what this listener gets (default: every event). */
  listen(listener: EventListener, wants: (name: EventName) => boolean = () => true): () => void {
    const entry = { listener, wants };
    this.#listeners.add(entry);
    return () => this.#listeners.delete(entry);
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }
}
