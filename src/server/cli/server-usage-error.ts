import { PersonFacingError } from '../../shared/person-facing-error';

/** A mistake by the person at the `twofold-server` terminal: one line on stderr, exit status 2. */
export class ServerUsageError extends PersonFacingError {
  override name = 'ServerUsageError';
  declare readonly code: 'USAGE';
  constructor(message: string) {
    super('USAGE', message);
  }
}
