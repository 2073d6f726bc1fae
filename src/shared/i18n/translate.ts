// Formatting a message outside React (the main process, the server, errors), from the same catalogue.
import { createIntl, createIntlCache } from '@formatjs/intl';
import { englishMessages, type LoadedMessages, type MessageId } from './catalogue';

export type MessageValues = Readonly<Record<string, string | number>>;
export type Translate = (id: MessageId, values?: MessageValues) => string;

const cache = createIntlCache();

/** A language's formatter; a message missing from `messages` is shown in English, never as its id. */
export function translatorFor(locale: string, messages: LoadedMessages): Translate {
  const intl = createIntl({ locale, defaultLocale: 'en', messages, onError: () => undefined }, cache);
  return (id, values) => intl.formatMessage({ id, defaultMessage: englishMessages[id] }, values);
}

/** English: the CLI's language, and the words an error keeps for logs and programs. */
export const englishTranslate: Translate = translatorFor('en', { ...englishMessages });
