import { PersonFacingError } from '../../shared/person-facing-error';

/** The OS keychain cannot be reached or used; the message says how to fix it. */
export class KeychainUnavailableError extends PersonFacingError {
  override name = 'KeychainUnavailableError';
  // The code it has always crossed IPC with (it had none of its own); a specific code is a contract change.
  declare readonly code: 'internal';
  /** The underlying reason (from keytar / D-Bus), for logs; never contains a secret. */
  readonly detail: string;

  constructor(detail: string, hint?: string) {
    super(
      'internal',
      `The OS keychain is not available (${detail}). ` +
        (hint ??
          'On Linux, install and unlock a Secret Service keyring such as gnome-keyring or KWallet; ' +
            'or use a vault password instead.'),
    );
    this.detail = detail;
  }
}
