/**
 * `window.twofold`, derived from the contract so the renderer's types cannot drift.
 *
 * Shape: grouped by feature, one async method per channel, plus `on` for events:
 *
 *   const result = await window.twofold.entries.addFromUri({ uri });
 *   if (result.ok) show(result.value.entry); else toast(result.error.message);
 *   const stop = window.twofold.on('codes.tick', ({ codes }) => render(codes));
 *
 * Methods never throw: every failure (bad input, a locked vault, a lost
 * connection) arrives as `{ ok: false, error: { code, message } }`, and
 * `message` can be shown to a person as it is. Channels without input take none.
 */
import type { z } from 'zod';
import type { ChannelSpec } from './channel';
import {
  channelNames,
  isEventName,
  type ChannelName,
  type ChannelsOf,
  type EventName,
  type EventPayload,
  type FeatureName,
} from './contract';
import { IPC_ERROR_CODES, type IpcResult } from './result';

type MethodOf<S> =
  S extends ChannelSpec<infer I, infer O>
    ? undefined extends z.input<I>
      ? (input?: z.input<I>) => Promise<IpcResult<z.output<O>>>
      : (input: z.input<I>) => Promise<IpcResult<z.output<O>>>
    : never;

export type FeatureApi<F extends FeatureName> = {
  readonly [M in keyof ChannelsOf<F>]: MethodOf<ChannelsOf<F>[M]>;
};

export type TwofoldApi = { readonly [F in FeatureName]: FeatureApi<F> } & {
  /** Subscribes to an event from main; returns the function that unsubscribes. */
  readonly on: <E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void) => () => void;
};

/** How calls travel: Electron IPC in the preload, HTTP in the test host's bridge. */
export interface IpcTransport {
  invoke(name: ChannelName, input: unknown): Promise<IpcResult<unknown>>;
  subscribe(name: EventName, listener: (payload: unknown) => void): () => void;
}

/** Builds `window.twofold` over a transport: exactly the contract's channels, nothing else. */
export function createTwofoldApi(transport: IpcTransport): TwofoldApi {
  const api: Record<string, Record<string, (input?: unknown) => Promise<IpcResult<unknown>>>> = {};
  for (const name of channelNames) {
    const [featureName = '', method = ''] = name.split('.');
    const group = (api[featureName] ??= {});
    group[method] = async (input?: unknown) => {
      try {
        return await transport.invoke(name, input);
      } catch {
        return {
          ok: false,
          error: { code: IPC_ERROR_CODES.unavailable, message: 'Twofold could not reach its main process.' },
        };
      }
    };
  }
  const on = (name: string, listener: (payload: unknown) => void): (() => void) => {
    if (!isEventName(name)) throw new Error(`There is no event named "${name}".`);
    if (typeof listener !== 'function') throw new Error('The listener must be a function.');
    return transport.subscribe(name as EventName, listener);
  };
  for (const group of Object.values(api)) Object.freeze(group);
  return Object.freeze({ ...api, on }) as unknown as TwofoldApi;
}
