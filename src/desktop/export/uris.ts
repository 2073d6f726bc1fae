import { formatOtpauthUri } from '../../shared/otp';
import type { VaultEntry } from '../vault';

/** One otpauth:// link per line, secrets in plain text: what most authenticators import. */
export function otpauthList(list: readonly VaultEntry[]): Buffer {
  return Buffer.from(list.map((entry) => `${formatOtpauthUri(entry)}\n`).join(''), 'utf8');
}
