import type { OtpAccount } from '../../shared/otp';
import { OtpInputError } from '../../shared/otp';
import { isOtpauthMigrationUri, isOtpauthUri, parseOtpauthUri } from '../../shared/otp';
import { englishTranslate, type Translate } from '../../shared/i18n/translate';
import { sayIn, words } from '../../shared/person-facing-error';

export interface FoundAccount {
  readonly account: OtpAccount;
  readonly warnings: readonly string[];
}

export interface QrNotice {
  readonly kind: 'migration' | 'other' | 'none';
  readonly message: string;
}

/** Where the scanned QR codes came from. */
export type ScanSource = 'screen' | 'image' | 'clipboard';

const NONE_FOUND = {
  screen: 'vault.scan.noneOnScreen',
  image: 'vault.scan.noneInImage',
  clipboard: 'vault.scan.noneInClipboard',
} as const;

export interface QrFindings {
  readonly accounts: FoundAccount[];
  readonly notices: QrNotice[];
  /** Google Authenticator export links (otpauth-migration://), for the import flow. */
  readonly migrations: string[];
}

/** Sorts decoded QR texts into accounts to offer and notices to show; nothing is added here. */
export function classifyQrTexts(
  texts: readonly string[],
  source: ScanSource = 'image',
  /** The language the notices are said in (the app's). */
  t: Translate = englishTranslate,
): QrFindings {
  const accounts: FoundAccount[] = [];
  const notices: QrNotice[] = [];
  const migrations: string[] = [];
  let others = 0;
  for (const text of texts) {
    if (isOtpauthMigrationUri(text)) {
      migrations.push(text);
    } else if (isOtpauthUri(text)) {
      try {
        accounts.push(parseOtpauthUri(text, t));
      } catch (error) {
        if (!(error instanceof OtpInputError)) throw error;
        notices.push({
          kind: 'other',
          message: sayIn(t, words('vault.scan.brokenLink', { reason: error.words ?? error.message })),
        });
      }
    } else {
      others++;
    }
  }
  if (others > 0) {
    notices.push({
      kind: 'other',
      message: t('vault.scan.notAuthenticator', { count: others }),
    });
  }
  if (texts.length === 0) {
    notices.push({
      kind: 'none',
      message: t(NONE_FOUND[source]),
    });
  }
  return { accounts, notices, migrations };
}
