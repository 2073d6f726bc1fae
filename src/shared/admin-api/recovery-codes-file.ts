import { englishTranslate, type Translate } from '../i18n/translate';

/** Whose recovery codes these are, and when they were made: the header of the saved file. */
export interface RecoveryCodesSheet {
  /** The login the codes sign in. */
  readonly account: string;
  /** The server as its users know it (the otpauth issuer, or the console's profile name). */
  readonly server: string;
  readonly generatedAt: Date;
  readonly codes: readonly string[];
}

/**
 * The text people keep (saved as a .txt or copied): a short header that says whose
 * codes they are, when they were made and that each works once, then one code a line.
 * The same words on the server's page and in the console, in `t`'s language (English unless given).
 */
export function recoveryCodesText(sheet: RecoveryCodesSheet, t: Translate = englishTranslate): string {
  const when = sheet.generatedAt.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  return [
    t('helpdesk.recoveryFile.title', { account: sheet.account, server: sheet.server }),
    t('helpdesk.recoveryFile.generated', { when }),
    t('helpdesk.recoveryFile.eachOnce'),
    t('helpdesk.recoveryFile.keepSafe'),
    '',
    ...sheet.codes,
    '',
  ].join('\n');
}

/** `twofold-recovery-codes-alice-accounts.example.com.txt`: only characters every file system takes. */
export function recoveryCodesFileName(sheet: Pick<RecoveryCodesSheet, 'account' | 'server'>): string {
  const safe = (text: string) =>
    text
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^[-.]+|-+$/g, '')
      .slice(0, 60) || 'account';
  return `twofold-recovery-codes-${safe(sheet.account)}-${safe(sheet.server)}.txt`;
}
