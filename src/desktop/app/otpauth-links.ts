import { OtpInputError } from '../../shared/otp';
import { isOtpauthMigrationUri, isOtpauthUri, parseOtpauthUri } from '../../shared/otp';
import { offerAll } from '../services/present';
import type { DesktopServices } from '../services/desktop-services';

/** The otpauth link among a second instance's (or the first launch's) command line, if any. */
export function otpauthLinkFromArgv(argv: readonly string[]): string | null {
  return argv.find((arg) => isOtpauthUri(arg) || isOtpauthMigrationUri(arg)) ?? null;
}

/**
 * An otpauth:// link opened with Twofold (OS handler, second instance, macOS
 * open-url): parsed here, held in main, and offered to the renderer as
 * "add this account?". Never added without the person saying so.
 */
export function offerOpenedLink(services: DesktopServices, uri: string): void {
  if (isOtpauthMigrationUri(uri)) {
    services.events.emit('entries.offered', {
      pending: [],
      messages: [services.language.t('vault.link.openedMigration')],
    });
    return;
  }
  try {
    const parsed = parseOtpauthUri(uri, services.language.t);
    services.events.emit('entries.offered', { pending: offerAll(services, 'link', [parsed]), messages: [] });
  } catch (error) {
    if (!(error instanceof OtpInputError)) throw error;
    services.events.emit('entries.offered', {
      pending: [],
      messages: [
        services.language.t('vault.link.openedUnreadable', { reason: error.inLanguage(services.language.t) }),
      ],
    });
  }
}
