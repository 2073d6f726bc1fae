import type { EventName, EventPayload } from '../../shared/ipc/contract';

/** Where main's events go: the window's webContents in Electron, SSE clients in the test host. */
export interface EventSink {
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
}

export type EventListener = (name: EventName, payload: unknown) => void;

/** Fans events out to whoever listens now; events with no listener are dropped, not queued. */
export class EventHub implements EventSink {
  readonly #listeners = new Set<EventListener>();

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const listener of this.#listeners) listener(name, payload);
  }

  listen(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }
}
