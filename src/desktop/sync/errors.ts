import { PersonFacingError, type PersonFacingMessage } from '../../shared/person-facing-error';

export type SyncErrorCode =
  'BAD_CODE' | 'NOT_SET_UP' | 'ALREADY_SET_UP' | 'NO_FOLDER' | 'NO_KEY' | 'NOT_FOUND' | 'INVALID';

/** Anything that stops folder sync; the message is fit for a person and never holds a secret. */
export class SyncError extends PersonFacingError {
  override name = 'SyncError';
  declare readonly code: SyncErrorCode;

  constructor(code: SyncErrorCode, message: string | PersonFacingMessage, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
