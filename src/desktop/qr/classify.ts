import type { OtpAccount } from '../../shared/otp';
import { OtpInputError } from '../../shared/otp';
import { isOtpauthMigrationUri, isOtpauthUri, parseOtpauthUri } from '../../shared/otp';

export interface FoundAccount {
  readonly account: OtpAccount;
  readonly warnings: readonly string[];
}

export interface QrNotice {
  readonly kind: 'migration' | 'other' | 'none';
  readonly message: string;
}

export interface QrFindings {
  readonly accounts: FoundAccount[];
  readonly notices: QrNotice[];
  /** Google Authenticator export links (otpauth-migration://), for the import flow. */
  readonly migrations: string[];
}

/** Sorts decoded QR texts into accounts to offer and notices to show; nothing is added here. */
export function classifyQrTexts(texts: readonly string[], where = 'the image'): QrFindings {
  const accounts: FoundAccount[] = [];
  const notices: QrNotice[] = [];
  const migrations: string[] = [];
  let others = 0;
  for (const text of texts) {
    if (isOtpauthMigrationUri(text)) {
      migrations.push(text);
    } else if (isOtpauthUri(text)) {
      try {
        accounts.push(parseOtpauthUri(text));
      } catch (error) {
        if (!(error instanceof OtpInputError)) throw error;
        notices.push({
          kind: 'other',
          message: `A QR code holds a broken authenticator link: ${error.message}`,
        });
      }
    } else {
      others++;
    }
  }
  if (others > 0) {
    notices.push({
      kind: 'other',
      message:
        others === 1
          ? 'One QR code is not an authenticator code; it was ignored.'
          : `${others} QR codes are not authenticator codes; they were ignored.`,
    });
  }
  if (texts.length === 0) {
    notices.push({
      kind: 'none',
      message: `No QR code was found in ${where}. Make sure the whole code is visible and not too small.`,
    });
  }
  return { accounts, notices, migrations };
}
