import { PersonFacingError, type PersonFacingMessage } from '../../shared/person-facing-error';

/** What went wrong talking to an account server, as a code the UI can act on. */
export const HELPDESK_ERROR_CODES = [
  'SERVER_DOWN',
  'TLS_UNTRUSTED',
  'INSECURE_URL',
  'BAD_URL',
  'CA_FILE',
  'WRONG_CREDENTIALS',
  'CODE_REQUIRED',
  'WRONG_CODE',
  'TOKEN_EXPIRED',
  'NOT_SIGNED_IN',
  'STEP_UP_REQUIRED',
  'FORBIDDEN_ROLE',
  'SELF_ACTION',
  /** The admin's own account must enroll first (after a reset, or past its role's grace period). */
  'ENROLLMENT_REQUIRED',
  /** A temporary access code was given where only the server's web pages take one. */
  'TEMPORARY_CODE',
  'NOT_FOUND',
  'LOCKED',
  'THROTTLED',
  'INVALID_INPUT',
  'CONFLICT',
  'BAD_RESPONSE',
  'SERVER_ERROR',
  /** The server does not offer this at all (a capability its driver states as not offered). */
  'NOT_OFFERED',
  'PROFILE',
  'KEYCHAIN',
  'VAULT',
] as const;
export type HelpdeskErrorCode = (typeof HELPDESK_ERROR_CODES)[number];

/** A failure with a message meant for the person at the console or terminal. Never carries a secret. */
export class HelpdeskError extends PersonFacingError {
  override name = 'HelpdeskError';
  declare readonly code: HelpdeskErrorCode;
  /** A catalogue message; a plain string only for a server's own words, relayed as they came. */
  constructor(code: HelpdeskErrorCode, message: string | PersonFacingMessage) {
    super(code, message);
  }
}

export function isHelpdeskError(error: unknown, code?: HelpdeskErrorCode): error is HelpdeskError {
  return error instanceof HelpdeskError && (code === undefined || error.code === code);
}
