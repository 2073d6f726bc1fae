/** Bad input to the OTP engine or the otpauth parser; the message is fit for a person. */
export class OtpInputError extends Error {
  override name = 'OtpInputError';
}
