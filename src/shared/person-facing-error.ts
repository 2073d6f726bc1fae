/**
 * An error whose message is written for a person (and never holds a secret), with a stable `code`
 * for programs. The IPC dispatch, the `twofold` CLI and `twofold-server` show exactly these by
 * `instanceof`; anything else is a bug, reported without its text.
 */
export class PersonFacingError extends Error {
  override name = 'PersonFacingError';
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
