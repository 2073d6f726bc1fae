/**
 * The one IPC contract: every channel between the renderer and main, by feature.
 * A feature adds `channels/<feature>.ts` (built with `channel`/`event`/`feature` from
 * `./channel`) and one line below; the preload, the test host's bridge, main's door
 * and the renderer's `window.twofold` type are all derived from this object.
 */
import type { z } from 'zod';
import type { ChannelSpec, EventSpec, FeatureSpec } from './channel';
import { appFeature } from './channels/app';
import { browserFeature } from './channels/browser';
import { codesFeature } from './channels/codes';
import { entriesFeature } from './channels/entries';
import { helpdeskFeature } from './channels/helpdesk';
import { scanFeature } from './channels/scan';
import { updatesFeature } from './channels/updates';
import { transferFeature } from './channels/transfer';
import { vaultFeature } from './channels/vault';
import { syncFeature } from './channels/sync';

export { channel, event, feature } from './channel';
export type { ChannelSpec, EventSpec, FeatureSpec } from './channel';

export const ipcContract = {
  app: appFeature,
  vault: vaultFeature,
  entries: entriesFeature,
  codes: codesFeature,
  scan: scanFeature,
  helpdesk: helpdeskFeature,
  updates: updatesFeature,
  transfer: transferFeature,
  sync: syncFeature,
  browser: browserFeature,
} as const satisfies Record<string, FeatureSpec>;

export type IpcContract = typeof ipcContract;
export type FeatureName = keyof IpcContract & string;
export type ChannelsOf<F extends FeatureName> = IpcContract[F]['channels'];
export type EventsOf<F extends FeatureName> = IpcContract[F]['events'];

/** `feature.method`, e.g. `entries.addFromUri`. */
export type ChannelName = { [F in FeatureName]: `${F}.${keyof ChannelsOf<F> & string}` }[FeatureName];
/** `feature.event`, e.g. `codes.tick`. */
export type EventName = { [F in FeatureName]: `${F}.${keyof EventsOf<F> & string}` }[FeatureName];

type Split<N extends string> = N extends `${infer F extends FeatureName}.${infer M}` ? [F, M] : never;
export type ChannelSpecOf<C extends ChannelName> =
  Split<C> extends [infer F extends FeatureName, infer M]
    ? M extends keyof ChannelsOf<F>
      ? ChannelsOf<F>[M]
      : never
    : never;
export type EventSpecOf<E extends EventName> =
  Split<E> extends [infer F extends FeatureName, infer M]
    ? M extends keyof EventsOf<F>
      ? EventsOf<F>[M]
      : never
    : never;

type InputOf<S> = S extends ChannelSpec<infer I, z.ZodType> ? I : never;
type OutputOf<S> = S extends ChannelSpec<z.ZodType, infer O> ? O : never;
type PayloadOf<S> = S extends EventSpec<infer P> ? P : never;

/** What a caller passes (defaults not yet applied). */
export type ChannelInput<C extends ChannelName> = z.input<InputOf<ChannelSpecOf<C>>>;
/** What a handler receives: the input after its schema parsed it. */
export type ChannelParsedInput<C extends ChannelName> = z.output<InputOf<ChannelSpecOf<C>>>;
/** What a handler returns and the caller gets in `{ ok: true, value }`. */
export type ChannelOutput<C extends ChannelName> = z.output<OutputOf<ChannelSpecOf<C>>>;
export type EventPayload<E extends EventName> = z.output<PayloadOf<EventSpecOf<E>>>;

function namesOf(kind: 'channels' | 'events'): string[] {
  return Object.entries(ipcContract).flatMap(([featureName, spec]) =>
    Object.keys((spec as FeatureSpec)[kind]).map((name) => `${featureName}.${name}`),
  );
}

export const channelNames = namesOf('channels') as readonly ChannelName[];
export const eventNames = namesOf('events') as readonly EventName[];

export function isChannelName(name: string): name is ChannelName {
  return (channelNames as readonly string[]).includes(name);
}

export function isEventName(name: string): name is EventName {
  return (eventNames as readonly string[]).includes(name);
}

function lookup(name: string, kind: 'channels' | 'events'): ChannelSpec | EventSpec | undefined {
  const dot = name.indexOf('.');
  const spec = (ipcContract as Record<string, FeatureSpec>)[name.slice(0, dot)];
  return spec ? (spec[kind] as Record<string, ChannelSpec | EventSpec>)[name.slice(dot + 1)] : undefined;
}

export function channelSpec(name: ChannelName): ChannelSpec {
  return lookup(name, 'channels') as ChannelSpec;
}

export function eventSpec(name: EventName): EventSpec {
  return lookup(name, 'events') as EventSpec;
}

/** The Electron IPC channel string of a contract channel; one prefix so nothing else can collide. */
export const ipcChannelId = (name: ChannelName): string => `twofold:${name}`;
export const ipcEventId = (name: EventName): string => `twofold-event:${name}`;
