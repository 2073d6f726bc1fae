// The renderer's one door to main: `window.twofold`, typed by the IPC contract.
import type {
  ChannelInput,
  ChannelName,
  ChannelOutput,
  EventName,
  EventPayload,
  IpcResult,
  TwofoldApi,
} from '../../../shared/ipc';

/** A failed call, carrying main's message in words fit for a person. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function bridge(): TwofoldApi {
  const api = (window as { twofold?: TwofoldApi }).twofold;
  if (!api) throw new ApiError('unavailable', 'Twofold could not reach its main process. Restart Twofold.');
  return api;
}

type Args<C extends ChannelName> =
  undefined extends ChannelInput<C> ? [input?: ChannelInput<C>] : [input: ChannelInput<C>];

/** Calls a channel (`'entries.list'`) and unwraps its result; a failure throws an ApiError. */
export async function call<C extends ChannelName>(name: C, ...args: Args<C>): Promise<ChannelOutput<C>> {
  const [featureName = '', method = ''] = name.split('.');
  const group = (
    bridge() as unknown as Record<string, Record<string, (input: unknown) => Promise<IpcResult<unknown>>>>
  )[featureName];
  const fn = group?.[method];
  if (!fn) throw new ApiError('unknown-channel', 'This version of Twofold cannot do that yet.');
  const result = await fn(args[0]);
  if (!result.ok) throw new ApiError(result.error.code, result.error.message);
  return result.value as ChannelOutput<C>;
}

/** Listens to an event from main; returns the function that stops listening. */
export function subscribe<E extends EventName>(
  name: E,
  listener: (payload: EventPayload<E>) => void,
): () => void {
  try {
    return bridge().on(name, listener);
  } catch {
    return () => undefined;
  }
}

/** The message to show for anything thrown by a call. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return 'Something went wrong. Try again.';
}
