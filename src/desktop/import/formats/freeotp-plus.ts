import { z } from 'zod';
import { ImportError } from '../errors';
import { words } from '../../../shared/person-facing-error';
import { importFormat, type ImportedEntry, type ImportWords } from '../types';
import { otpTypeOf } from './andotp';
import {
  collectEntries,
  labelOf,
  looseInt,
  looseString,
  makeEntry,
  readFileShape,
  readShape,
} from './support/entry';

/**
 * FreeOTP+ JSON backups. Secrets are Java signed bytes. FreeOTP keeps the last
 * counter used (it increments before computing), while the vault keeps the next
 * one to use: a stored HOTP counter c imports as c + 1.
 */

const fileSchema = z.looseObject({ tokens: z.array(z.unknown()) });

const tokenSchema = z.looseObject({
  secret: z.array(z.number().int().min(-128).max(255)),
  algo: looseString,
  counter: z.number().nullish(),
  digits: looseInt,
  period: looseInt,
  type: z.string(),
  issuerExt: looseString,
  issuerInt: looseString,
  issuerAlt: looseString,
  label: looseString,
  labelAlt: looseString,
});

/** One FreeOTP token (FreeOTP+'s JSON export and both apps' settings files hold the same JSON). */
export function entryOfToken(value: unknown): ImportedEntry {
  const token = readShape(tokenSchema, value);
  const issuer = token.issuerAlt || token.issuerExt || token.issuerInt;
  let type = otpTypeOf(token.type);
  // Both apps keep Steam as a 5-digit TOTP token named "Steam" and show Steam's letters for it;
  // read as plain TOTP its codes would be digits Steam refuses (Aegis reads them as Steam too).
  if (type === 'totp' && [issuer, token.issuerExt, token.issuerInt].some((name) => name?.trim() === 'Steam'))
    type = 'steam';
  return makeEntry({
    type,
    issuer,
    account: token.labelAlt || token.label,
    secret: Uint8Array.from(token.secret, (byte) => byte & 0xff),
    algorithm: token.algo,
    digits: token.digits,
    period: token.period,
    counter: type === 'hotp' ? (token.counter ?? 0) + 1 : 0,
  });
}

/** Names a token in the preview. */
export function labelOfToken(token: unknown, index: number): ImportWords {
  const fields = token as { issuerExt?: unknown; label?: unknown } | null;
  return labelOf(fields?.issuerExt, fields?.label, index);
}

export const freeotpPlus = importFormat({
  id: 'freeotp-plus',
  label: 'FreeOTP+',
  help: 'FreeOTP+: menu → Export → Export JSON format (its URI format is read as a list of links).',
  sniff(source) {
    const json = source.jsonIfAny();
    return typeof json === 'object' && json !== null && 'tokens' in json && Array.isArray(json.tokens);
  },
  needsPassword: () => false,
  async parse(source) {
    const file = readFileShape(fileSchema, source.json(), 'FreeOTP+');
    if (!Array.isArray(file.tokens))
      throw new ImportError('MALFORMED', words('transfer.freeotpPlus.noTokens'));
    return collectEntries(file.tokens, labelOfToken, entryOfToken);
  },
});
