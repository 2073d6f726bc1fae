import { z } from 'zod';
import { EntryError, ImportError } from '../errors';
import { words } from '../../../shared/person-facing-error';
import { importFormat } from '../types';
import { fromBase64 } from './support/crypto';
import { collectEntries, labelOf, looseString, makeEntry, readShape } from './support/entry';

/**
 * Steam Guard secrets as the Steam mobile app and Steam Desktop Authenticator keep
 * them (.maFile): `shared_secret` in base64, one account per file or several under `accounts`.
 */

const accountSchema = z.looseObject({ shared_secret: z.string(), account_name: looseString });

function accountsOf(json: unknown): unknown[] | null {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return null;
  if ('shared_secret' in json) return [json];
  if (
    'accounts' in json &&
    typeof json.accounts === 'object' &&
    json.accounts !== null &&
    !Array.isArray(json.accounts)
  ) {
    const accounts = Object.values(json.accounts as Record<string, unknown>);
    const first: unknown = accounts[0];
    return typeof first === 'object' && first !== null && 'shared_secret' in first ? accounts : null;
  }
  return null;
}

export const steam = importFormat({
  id: 'steam',
  label: 'Steam (mobile app or Steam Desktop Authenticator)',
  help: "Steam Desktop Authenticator: the account's .maFile in its maFiles folder (unencrypted); on a rooted phone, the Steam app's own file.",
  sniff: (source) => accountsOf(source.jsonIfAny()) !== null,
  needsPassword: () => false,
  async parse(source) {
    const accounts = accountsOf(source.json());
    if (!accounts)
      throw new ImportError('MALFORMED', words('transfer.steam.noSharedSecret', { field: 'shared_secret' }));
    return collectEntries(
      accounts,
      (account, index) =>
        labelOf('Steam', (account as { account_name?: unknown } | null)?.account_name, index),
      (value) => {
        const account = readShape(accountSchema, value);
        let secret: Uint8Array;
        try {
          secret = fromBase64(account.shared_secret, 'sharedSecret');
        } catch (error) {
          if (error instanceof ImportError) throw new EntryError(error.words ?? error.message);
          throw error;
        }
        return makeEntry({ type: 'steam', issuer: 'Steam', account: account.account_name, secret });
      },
    );
  },
});
