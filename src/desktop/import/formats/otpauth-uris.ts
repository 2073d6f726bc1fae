import { importFormat } from '../types';
import { meaningfulLines, readLinkLines } from './support/links';

/** A text file of otpauth:// links, one per line (also FreeOTP+'s and GNOME Authenticator's URI exports). */
export const otpauthUris = importFormat({
  id: 'otpauth-uris',
  label: 'A list of otpauth:// links',
  help: 'Any app that writes otpauth:// links, one per line, in a text file.',
  sniff(source) {
    const text = source.text();
    if (text === null) return false;
    const first = meaningfulLines(text.slice(0, 4096))[0];
    return first !== undefined && /^otpauth:\/\//i.test(first.line);
  },
  needsPassword: () => false,
  async parse(source) {
    return readLinkLines(source.requireText('linkList'));
  },
});
