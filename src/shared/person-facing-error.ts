import { englishTranslate, type Translate } from './i18n/translate';
import type { MessageId } from './i18n/catalogue';

/**
 * A message by its catalogue id, with its values; a value may itself be such a message (a reason
 * inside a sentence), said in the same language.
 */
export interface PersonFacingMessage {
  readonly id: MessageId;
  readonly values?: Readonly<Record<string, string | number | PersonFacingMessage>>;
}

/** `words('vault.error.wrongPassword', { file })`: a message to say later, in whichever language. */
export const words = (id: MessageId, values?: PersonFacingMessage['values']): PersonFacingMessage =>
  values ? { id, values } : { id };

/** A message in a language (nested messages first). */
export function sayIn(t: Translate, message: PersonFacingMessage): string {
  if (!message.values) return t(message.id);
  const values: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(message.values))
    values[key] = typeof value === 'object' ? sayIn(t, value) : value;
  return t(message.id, values);
}

/**
 * An error whose message is written for a person (and never holds a secret), with a stable `code`
 * for programs. The IPC dispatch, the `twofold` CLI and `twofold-server` show exactly these by
 * `instanceof`; anything else is a bug, reported without its text.
 *
 * Given a catalogue message, `message` is its English (the CLI's and the logs' language) and the
 * window says it in the app's language (`inLanguage`); a plain string is said as written.
 */
export class PersonFacingError extends Error {
  override name = 'PersonFacingError';
  /** The catalogue message, when the error was given one. */
  readonly words: PersonFacingMessage | null;

  constructor(
    readonly code: string,
    message: string | PersonFacingMessage,
    options?: { cause?: unknown },
  ) {
    super(typeof message === 'string' ? message : sayIn(englishTranslate, message), options);
    this.words = typeof message === 'string' ? null : message;
  }

  /** The message in the language `t` speaks. */
  inLanguage(t: Translate): string {
    return this.words ? sayIn(t, this.words) : this.message;
  }
}
