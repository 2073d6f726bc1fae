import { PersonFacingError, type PersonFacingMessage } from '../shared/person-facing-error';

/**
 * An error whose status, code and message are meant for the client (a person or the console).
 * Given a catalogue message, the answer is in the asker's language (the page's, or the API
 * request's Accept-Language); `message` stays English, for the logs.
 */
export class HttpError extends PersonFacingError {
  override name = 'HttpError';
  constructor(
    readonly statusCode: number,
    code: string,
    message: string | PersonFacingMessage,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(code, message);
  }
}
