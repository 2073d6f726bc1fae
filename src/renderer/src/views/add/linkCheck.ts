// Direct files, not the otp index: the renderer needs the parser, not the HMAC engine.
import type { OtpAccount } from '../../../../shared/otp/account';
import { isOtpauthMigrationUri, parseOtpauthUri } from '../../../../shared/otp/otpauth-uri';
import { PersonFacingError } from '../../../../shared/person-facing-error';
import type { Translate } from '../../../../shared/i18n';

export type LinkCheck =
  | { kind: 'empty' }
  | { kind: 'error'; message: string }
  | { kind: 'ok'; account: Omit<OtpAccount, 'secret'>; warnings: readonly string[] };

/**
 * Reads a pasted link with the shared parser, for feedback as the person types. The parser's own
 * messages (what is wrong with the link) are said in the window's language.
 */
export function checkLink(text: string, t: Translate): LinkCheck {
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'empty' };
  if (isOtpauthMigrationUri(trimmed)) return { kind: 'error', message: t('codes.link.migration') };
  try {
    const { account, warnings } = parseOtpauthUri(trimmed, t);
    const { secret: _secret, ...rest } = account;
    return { kind: 'ok', account: rest, warnings };
  } catch (caught) {
    return {
      kind: 'error',
      message: caught instanceof PersonFacingError ? caught.inLanguage(t) : t('codes.link.unreadable'),
    };
  }
}
