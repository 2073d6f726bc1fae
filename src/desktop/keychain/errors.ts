import { englishTranslate } from '../../shared/i18n/translate';
import { PersonFacingError, sayIn, words, type PersonFacingMessage } from '../../shared/person-facing-error';

/** The keyrings a message names (names, not words: the same in every language). */
export const KEYRINGS = { service: 'Secret Service', gnome: 'gnome-keyring', kde: 'KWallet' } as const;

/** The OS keychain cannot be reached or used; the message says how to fix it. */
export class KeychainUnavailableError extends PersonFacingError {
  override name = 'KeychainUnavailableError';
  // The code it has always crossed IPC with (it had none of its own); a specific code is a contract change.
  declare readonly code: 'internal';
  /** The underlying reason (from keytar / D-Bus), for logs; never contains a secret. */
  readonly detail: string;
  /** The same reason as given: the OS's own text, or Twofold's words for it (said in the app's language). */
  readonly reason: string | PersonFacingMessage;

  constructor(reason: string | PersonFacingMessage, hint?: PersonFacingMessage) {
    super(
      'internal',
      words('vault.keychain.unavailable', {
        detail: reason,
        hint: hint ?? words('vault.keychain.hint.install', KEYRINGS),
      }),
    );
    this.reason = reason;
    this.detail = typeof reason === 'string' ? reason : sayIn(englishTranslate, reason);
  }
}

/** "no answer from the keychain to a read after 20000 ms" */
export const noAnswer = (op: 'get' | 'set' | 'delete', timeoutMs: number): PersonFacingMessage =>
  words('vault.keychain.detail.noAnswer', { op, ms: String(timeoutMs) });
