/**
 * The test host's stand-in for the preload: the same `window.twofold`, built from
 * the same contract, over `fetch('/ipc/<channel>')` and server-sent events.
 * Bundled for the browser by the host at start-up and served from its origin.
 */
import { createTwofoldApi } from '../../shared/ipc/api';
import type { EventName } from '../../shared/ipc/contract';
import type { IpcResult } from '../../shared/ipc/result';
import { createSubscriptionCounter } from '../../shared/ipc/subscriptions';
import { fromWire, toWire } from '../../shared/ipc/wire';

// This file runs in a page; the node-typed project has no DOM types, so name what is used.
interface MessageEventLike {
  readonly data: string;
}
interface EventSourceLike {
  onmessage: ((event: MessageEventLike) => void) | null;
}
interface PageGlobals {
  EventSource: new (url: string) => EventSourceLike;
  crypto: { randomUUID(): string };
  twofold?: unknown;
}
const page = globalThis as unknown as PageGlobals;

const listeners = new Map<string, Set<(payload: unknown) => void>>();
let source: EventSourceLike | undefined;
// As the preload does: the host streams this page only the events it listens to.
const client = page.crypto.randomUUID();
// One at a time, in order: each sends the whole set, so a stale set arriving last (two requests on
// two connections overtake each other under load) would stop events the page listens to.
let announced: Promise<unknown> = Promise.resolve();
const subscriptions = createSubscriptionCounter((events) => {
  announced = announced.then(() =>
    fetch('/events/subscriptions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: toWire({ client, events }),
    }).catch(() => undefined),
  );
});

function connect(): void {
  if (source) return;
  source = new page.EventSource(`/events?client=${client}`);
  source.onmessage = (message) => {
    const { name, payload } = fromWire(message.data) as { name: EventName; payload: unknown };
    for (const listener of listeners.get(name) ?? []) listener(payload);
  };
}

const api = createTwofoldApi({
  async invoke(name, input) {
    const response = await fetch(`/ipc/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: toWire({ input }),
    });
    return fromWire(await response.text()) as IpcResult<unknown>;
  },
  subscribe(name, listener) {
    connect();
    const set = listeners.get(name) ?? new Set();
    listeners.set(name, set);
    set.add(listener);
    const release = subscriptions.add(name);
    return () => {
      set.delete(listener);
      release();
    };
  },
});

Object.defineProperty(page, 'twofold', {
  value: api,
  writable: false,
  configurable: false,
  enumerable: true,
});
