import { PersonFacingError, type PersonFacingMessage } from '../../shared/person-facing-error';

export type VaultErrorCode =
  | 'NOT_A_VAULT'
  | 'CORRUPT'
  | 'ALTERED'
  | 'NEWER_FORMAT'
  | 'WRONG_PASSWORD'
  | 'LOCKED'
  | 'NO_SLOT'
  | 'DUPLICATE'
  | 'NOT_FOUND'
  | 'BUSY'
  | 'NO_VAULT'
  | 'EXISTS'
  | 'INVALID'
  | 'IO';

/** Anything that goes wrong with a vault; the message is fit for a person and never holds a secret. */
export class VaultError extends PersonFacingError {
  override name = 'VaultError';
  declare readonly code: VaultErrorCode;

  constructor(code: VaultErrorCode, message: string | PersonFacingMessage, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
