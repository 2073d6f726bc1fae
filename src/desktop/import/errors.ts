import { PersonFacingError } from '../../shared/person-facing-error';

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

  constructor(code: ImportErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** Why one entry of a file cannot be imported; the others still are. */
export class EntryError extends Error {
  override name = 'EntryError';
}
