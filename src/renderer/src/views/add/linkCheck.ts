// Direct files, not the otp index: the renderer needs the parser, not the HMAC engine.
import type { OtpAccount } from '../../../../shared/otp/account';
import { isOtpauthMigrationUri, parseOtpauthUri } from '../../../../shared/otp/otpauth-uri';

export const MIGRATION_MESSAGE =
  'This is a Google Authenticator export (otpauth-migration://) that can hold several accounts: ' +
  'import it to see them all before they are added.';

export type LinkCheck =
  | { kind: 'empty' }
  | { kind: 'error'; message: string }
  | { kind: 'ok'; account: Omit<OtpAccount, 'secret'>; warnings: readonly string[] };

/** Reads a pasted link with the shared parser, for feedback as the person types. */
export function checkLink(text: string): LinkCheck {
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'empty' };
  if (isOtpauthMigrationUri(trimmed)) return { kind: 'error', message: MIGRATION_MESSAGE };
  try {
    const { account, warnings } = parseOtpauthUri(trimmed);
    const { secret: _secret, ...rest } = account;
    return { kind: 'ok', account: rest, warnings };
  } catch (caught) {
    return { kind: 'error', message: caught instanceof Error ? caught.message : 'This link cannot be read.' };
  }
}
