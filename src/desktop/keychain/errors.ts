/** The OS keychain cannot be reached or used; the message says how to fix it. */
export class KeychainUnavailableError extends Error {
  override name = 'KeychainUnavailableError';
  /** The underlying reason (from keytar / D-Bus), for logs; never contains a secret. */
  readonly detail: string;

  constructor(detail: string, hint?: string) {
    super(
      `The OS keychain is not available (${detail}). ` +
        (hint ??
          'On Linux, install and unlock a Secret Service keyring such as gnome-keyring or KWallet; ' +
            'or use a vault password instead.'),
    );
    this.detail = detail;
  }
}
