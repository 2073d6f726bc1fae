import { PersonFacingError, type PersonFacingMessage } from '../person-facing-error';

/** Bad input to the OTP engine or the otpauth parser; the message is fit for a person. */
export class OtpInputError extends PersonFacingError {
  override name = 'OtpInputError';
  declare readonly code: 'bad-input';
  constructor(message: string | PersonFacingMessage) {
    // The IPC code for any input a person can correct (IPC_ERROR_CODES.badInput).
    super('bad-input', message);
  }
}
