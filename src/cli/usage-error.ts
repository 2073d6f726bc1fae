import { PersonFacingError } from '../shared/person-facing-error';

/** A mistake by the person at the `twofold` terminal: one line on stderr, exit status 2. */
export class UsageError extends PersonFacingError {
  override name = 'UsageError';
  declare readonly code: 'USAGE';
  constructor(message: string) {
    super('USAGE', message);
  }
}
