import type { z } from 'zod';

/** One request/response channel: the input is parsed in main, the output is what the handler returns. */
export interface ChannelSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
}

/** One event from main to the renderer, with the schema of its payload. */
export interface EventSpec<P extends z.ZodType = z.ZodType> {
  readonly payload: P;
}

/** A feature's part of the contract: its channels and the events it emits. */
export interface FeatureSpec {
  readonly channels: Readonly<Record<string, ChannelSpec>>;
  readonly events: Readonly<Record<string, EventSpec>>;
}

export function channel<I extends z.ZodType, O extends z.ZodType>(spec: {
  input: I;
  output: O;
}): ChannelSpec<I, O> {
  return spec;
}

export function event<P extends z.ZodType>(payload: P): EventSpec<P> {
  return { payload };
}

/** Keeps the literal channel and event names of a feature table for the derived types. */
export function feature<F extends FeatureSpec>(spec: F): F {
  return spec;
}
