import { PersonFacingError, sayIn, words, type PersonFacingMessage } from '../../shared/person-facing-error';
import { englishTranslate, type Translate } from '../../shared/i18n/translate';
import type { ImportFailure, ImportWords } from './types';

export type ImportErrorCode =
  /** The file is over the size limit. */
  | 'TOO_LARGE'
  /** Structures nest deeper than any real export does. */
  | 'TOO_DEEP'
  /** Broken, cut short, or not what its format says. */
  | 'MALFORMED'
  /** No importer recognises the content. */
  | 'UNKNOWN_FORMAT'
  /** A format version this importer does not read. */
  | 'UNSUPPORTED_VERSION'
  /** The file is encrypted and no password was given. */
  | 'PASSWORD_REQUIRED'
  | 'WRONG_PASSWORD'
  /** The file was read but holds no accounts at all. */
  | 'NOTHING_FOUND'
  /** The file asks for more key-derivation work or memory than the app that writes it ever does. */
  | 'TOO_COSTLY'
  /** The person stopped the import while its key was being derived. */
  | 'CANCELLED';

/**
 * Why a whole file cannot be imported. The message is fit for a person and never
 * holds a secret or a password; `code` lets the flow react (ask for a password…).
 */
export class ImportError extends PersonFacingError {
  override name = 'ImportError';
  declare readonly code: ImportErrorCode;

  constructor(code: ImportErrorCode, message: string | PersonFacingMessage, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/**
 * Why one entry of a file cannot be imported; the others still are. Its reason is a catalogue
 * message: English as `message` (the CLI), said in the app's language in the import preview.
 */
export class EntryError extends Error {
  override name = 'EntryError';
  /** The catalogue message, when the reason was given as one. */
  readonly words: PersonFacingMessage | null;

  constructor(message: string | PersonFacingMessage) {
    super(typeof message === 'string' ? message : sayIn(englishTranslate, message));
    this.words = typeof message === 'string' ? null : message;
  }
}

/** An errno code (ENOENT…) for a message, or words when the system gave none. */
export const errnoOf = (error: unknown): string | PersonFacingMessage =>
  (error as NodeJS.ErrnoException).code ?? words('transfer.file.unknownError');

/** Import words in a language: a catalogue message said in it, data as written. */
export const sayWords = (t: Translate, said: ImportWords): string =>
  typeof said === 'string' ? said : sayIn(t, said);

export const inEnglish = (said: ImportWords): string => sayWords(englishTranslate, said);

/** An entry that could not be read, named by `label` (its names, or words such as "Line 3"). */
export function failureOf(label: ImportWords, error: EntryError | PersonFacingError): ImportFailure {
  const reason = error.words ?? error.message;
  return { label: inEnglish(label), reason: error.message, words: { label, reason } };
}

/** A failure as the window shows it, in the language `t` speaks. */
export const sayFailure = (t: Translate, failure: ImportFailure) => ({
  label: sayWords(t, failure.words.label),
  reason: sayWords(t, failure.words.reason),
});
