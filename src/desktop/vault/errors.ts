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
export class VaultError extends Error {
  override name = 'VaultError';
  readonly code: VaultErrorCode;

  constructor(code: VaultErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
