/** A mistake by the person at the terminal: one line on stderr, exit status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
