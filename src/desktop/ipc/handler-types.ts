import type { z } from 'zod';
import type { ChannelSpec } from '../../shared/ipc/channel';
import type { ChannelName, ChannelsOf, FeatureName } from '../../shared/ipc/contract';
import type { IpcResult } from '../../shared/ipc/result';

type HandlerOf<S, Spec> =
  Spec extends ChannelSpec<infer I, infer O>
    ? (services: S, input: z.output<I>) => z.output<O> | Promise<z.output<O>>
    : never;

/** A feature's handlers: plain functions over services, written once for Electron and the test host. */
export type FeatureHandlers<F extends FeatureName, S> = {
  readonly [M in keyof ChannelsOf<F>]: HandlerOf<S, ChannelsOf<F>[M]>;
};

/** Every feature's handlers: the type makes a missing channel a compile error. */
export type ContractHandlers<S> = { readonly [F in FeatureName]: FeatureHandlers<F, S> };

/** Calls a channel with raw (unparsed) input and always resolves to an IpcResult. */
export type Dispatch = (name: string, rawInput: unknown) => Promise<IpcResult<unknown>>;

export type { ChannelName };
