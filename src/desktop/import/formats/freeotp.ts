import { EntryError, ImportError } from '../errors';
import { subject } from '../words';
import { words } from '../../../shared/person-facing-error';
import { parseJsonText } from '../input';
import { importFormat } from '../types';
import { androidStrings, headStrings } from './support/android-prefs';
import { collectEntries } from './support/entry';
import { entryOfToken, labelOfToken } from './freeotp-plus';

/**
 * FreeOTP 1.x's and FreeOTP+'s own settings file (tokens.xml): one JSON token per
 * <string>, plus the list order under "tokenOrder". The tokens read as FreeOTP+'s export.
 */

function tokenStrings(strings: Map<string, string>): [string, string][] {
  return [...strings].filter(([name]) => name !== 'tokenOrder');
}

export const freeotp = importFormat({
  id: 'freeotp',
  label: 'FreeOTP / FreeOTP+ settings file (tokens.xml)',
  help: "FreeOTP has no export: on a rooted Android phone, copy shared_prefs/tokens.xml from the app's data (FreeOTP+ keeps the same file).",
  sniff(source) {
    // From the head of the file: a crafted file is not parsed whole just to be recognised.
    const first = tokenStrings(new Map(headStrings(source)))[0]?.[1] ?? '';
    return /"secret"\s*:\s*\[/.test(first) && /"type"/.test(first);
  },
  needsPassword: () => false,
  async parse(source) {
    const strings = androidStrings(source);
    if (!strings) throw new ImportError('MALFORMED', words('transfer.freeotp.notSettings'));
    const tokens = tokenStrings(strings);
    return collectEntries(
      tokens,
      ([name], index) => labelOfToken({ label: name }, index),
      ([, json]) => {
        let token: unknown;
        try {
          token = parseJsonText(json, subject('token'));
        } catch (error) {
          if (error instanceof ImportError) throw new EntryError(error.words ?? error.message);
          throw error;
        }
        return entryOfToken(token);
      },
    );
  },
});
