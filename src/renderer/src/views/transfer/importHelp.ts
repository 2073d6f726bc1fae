// Where each app keeps its export, in the app's language, by import format id (main's own
// English help stays for the CLI). A format without a line here shows main's sentence.
import type { ImportFormatInfo } from '../../../../shared/ipc/channels/transfer';
import type { MessageId } from '../../../../shared/i18n';
import type { Translate } from '../../i18n';

const IMPORT_HELP: Readonly<Record<string, MessageId>> = {
  '2fas': 'settings.importHelp.twofas',
  aegis: 'settings.importHelp.aegis',
  andotp: 'settings.importHelp.andotp',
  'authenticator-pro': 'settings.importHelp.authenticatorPro',
  authy: 'settings.importHelp.authy',
  bitwarden: 'settings.importHelp.bitwarden',
  duo: 'settings.importHelp.duo',
  'ente-auth': 'settings.importHelp.enteAuth',
  freeotp: 'settings.importHelp.freeotp',
  'freeotp-plus': 'settings.importHelp.freeotpPlus',
  'gnome-authenticator': 'settings.importHelp.gnomeAuthenticator',
  'google-authenticator': 'settings.importHelp.googleAuthenticator',
  'otpauth-uris': 'settings.importHelp.otpauthUris',
  'proton-authenticator': 'settings.importHelp.protonAuthenticator',
  steam: 'settings.importHelp.steam',
  'twofold-backup': 'settings.importHelp.twofoldBackup',
};

export function importHelp(format: Pick<ImportFormatInfo, 'id' | 'help'>, t: Translate): string {
  const id = IMPORT_HELP[format.id];
  return id ? t(id) : format.help;
}
