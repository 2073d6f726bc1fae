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
import { englishMessages, type MessageId } from '../../../shared/i18n';
import type { Translate } from '../i18n';

/** A failed call, carrying main's message in words fit for a person. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** A failure of the renderer's own (no bridge, no channel): its catalogue message, for `messageOf`. */
    readonly messageId?: MessageId,
  ) {
    super(message);
  }
}

/** An ApiError made here rather than by main: English text, its catalogue id kept for translating. */
function ownError(code: string, id: MessageId): ApiError {
  return new ApiError(code, englishMessages[id], id);
}

function bridge(): TwofoldApi {
  const api = (window as { twofold?: TwofoldApi }).twofold;
  if (!api) throw ownError('unavailable', 'common.error.unavailable');
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
  if (!fn) throw ownError('unknown-channel', 'common.error.unknownChannel');
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

/**
 * The message to show for anything thrown by a call. Main's messages are shown as they come; with
 * `t`, the renderer's own (no bridge, an unknown channel, anything else) are in the active language.
 */
export function messageOf(error: unknown, t?: Translate): string {
  if (error instanceof ApiError) return error.messageId && t ? t(error.messageId) : error.message;
  return t ? t('common.error.generic') : englishMessages['common.error.generic'];
}
