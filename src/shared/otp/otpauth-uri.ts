import { englishTranslate, type Translate } from '../i18n/translate';
import { words, type PersonFacingMessage } from '../person-facing-error';
import type { OtpAccount } from './account';
import { normalizeBase32 } from './base32';
import { OtpInputError } from './errors';
import {
  DEFAULT_ALGORITHM,
  DEFAULT_DIGITS,
  DEFAULT_PERIOD,
  HASH_ALGORITHMS,
  MAX_DIGITS,
  MAX_PERIOD,
  MIN_DIGITS,
  MIN_PERIOD,
  OTP_TYPES,
  STEAM_DIGITS,
  type HashAlgorithm,
  type OtpType,
} from './types';

/** Google's Key Uri Format: https://github.com/google/google-authenticator/wiki/Key-Uri-Format */
export interface ParsedOtpauthUri {
  readonly account: OtpAccount;
  /** Things that were wrong but could be read anyway, in words fit for a person (in the language asked for). */
  readonly warnings: readonly string[];
}

/** Links carry a secret and maybe an icon URL; anything longer is not a link someone meant. */
export const MAX_OTPAUTH_URI_LENGTH = 65_536;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const SCHEME = /^otpauth:\/\/([^/?#]*)\/?([^?#]*)(?:\?([^#]*))?(?:#.*)?$/i;

/** Where a %-escape can break: the message that says so. */
type LinkPart = { kind: 'name' } | { kind: 'parameter'; name: string } | { kind: 'label' };

function brokenEscape(part: LinkPart): PersonFacingMessage {
  if (part.kind === 'parameter') return words('vault.otp.link.escapeInParameter', { name: part.name });
  return words(part.kind === 'name' ? 'vault.otp.link.escapeInName' : 'vault.otp.link.escapeInLabel');
}

const LABEL: LinkPart = { kind: 'label' };

function decodePart(raw: string, what: LinkPart, plusIsSpace: boolean): string {
  // Most parts have nothing escaped: skipping the decoder halves the cost of a bulk import.
  if (!raw.includes('%') && !(plusIsSpace && raw.includes('+'))) return raw.trim();
  try {
    return decodeURIComponent(plusIsSpace ? raw.replace(/\+/g, ' ') : raw).trim();
  } catch {
    throw new OtpInputError(brokenEscape(what));
  }
}

function parseQuery(query: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawName = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? '' : pair.slice(eq + 1);
    const name = decodePart(rawName, { kind: 'name' }, true).toLowerCase();
    // The first occurrence wins, as Google Authenticator does.
    if (!params.has(name)) params.set(name, decodePart(rawValue, { kind: 'parameter', name }, true));
  }
  return params;
}

/**
 * Splits "issuer:account". When the issuer parameter is given and the label starts with it
 * and a colon, the rest is the account even if the issuer itself holds a colon ("Acme: Widgets
 * & Co:ops"); only without that match does the first colon decide (Key URI Format).
 */
function splitLabel(
  rawLabel: string,
  issuerParam: string | undefined,
): { prefix: string | null; name: string } {
  if (issuerParam !== undefined && issuerParam !== '' && issuerParam.includes(':')) {
    const label = decodePart(rawLabel, LABEL, false);
    if (label.startsWith(issuerParam)) {
      const rest = label.slice(issuerParam.length).trimStart();
      if (rest.startsWith(':')) return { prefix: issuerParam, name: rest.slice(1).trim() };
    }
  }
  let cut = rawLabel.indexOf(':');
  let separatorLength = 1;
  if (cut === -1) {
    const encoded = rawLabel.search(/%3A/i);
    if (encoded !== -1) {
      cut = encoded;
      separatorLength = 3;
    }
  }
  if (cut === -1) return { prefix: null, name: decodePart(rawLabel, LABEL, false) };
  return {
    prefix: decodePart(rawLabel.slice(0, cut), LABEL, false),
    name: decodePart(rawLabel.slice(cut + separatorLength), LABEL, false),
  };
}

const NOT_WHOLE = {
  digits: 'vault.otp.link.digitsNotWhole',
  period: 'vault.otp.link.periodNotWhole',
  counter: 'vault.otp.link.counterNotWhole',
} as const;

function parseInteger(value: string, what: keyof typeof NOT_WHOLE): number {
  if (!/^\d+$/.test(value.trim())) throw new OtpInputError(words(NOT_WHOLE[what], { value }));
  return Number(value.trim());
}

function parseAlgorithm(value: string | undefined): HashAlgorithm {
  if (value === undefined || value === '') return DEFAULT_ALGORITHM;
  const upper = value.toUpperCase().replace(/[-_]/g, '');
  const found = HASH_ALGORITHMS.find((name) => name === upper);
  if (!found) throw new OtpInputError(words('vault.otp.algorithm', { algorithm: value }));
  return found;
}

export function isOtpauthUri(text: string): boolean {
  return /^otpauth:\/\//i.test(text.trim());
}

/** Google Authenticator's export format: recognised so a UI can offer to import it. */
export function isOtpauthMigrationUri(text: string): boolean {
  return /^otpauth-migration:\/\//i.test(text.trim());
}

export function parseOtpauthUri(input: string, t: Translate = englishTranslate): ParsedOtpauthUri {
  const text = input.trim();
  if (text.length > MAX_OTPAUTH_URI_LENGTH) {
    throw new OtpInputError(words('vault.otp.link.tooLong', { max: String(MAX_OTPAUTH_URI_LENGTH) }));
  }
  // A lone UTF-16 surrogate would be kept, but no link could ever be written for the account again.
  if (LONE_SURROGATE.test(text)) throw new OtpInputError(words('vault.otp.link.brokenUnicode'));
  if (isOtpauthMigrationUri(text)) {
    throw new OtpInputError(words('vault.otp.link.migration'));
  }
  const match = SCHEME.exec(text);
  if (!match) throw new OtpInputError(words('vault.otp.link.notOtpauth'));
  const [, rawType = '', rawLabel = '', rawQuery = ''] = match;
  const warnings: string[] = [];
  const params = parseQuery(rawQuery);

  let type = rawType.toLowerCase() as OtpType;
  if (!OTP_TYPES.includes(type)) {
    throw new OtpInputError(words('vault.otp.link.unknownType', { type: rawType }));
  }
  if (type === 'totp' && params.get('encoder')?.toLowerCase() === 'steam') type = 'steam';

  const rawSecret = params.get('secret');
  if (rawSecret === undefined || rawSecret === '') throw new OtpInputError(words('vault.otp.link.noSecret'));
  const secret = normalizeBase32(rawSecret);

  const issuerParam = params.get('issuer');
  const { prefix, name } = splitLabel(rawLabel, issuerParam);
  const issuer = issuerParam !== undefined && issuerParam !== '' ? issuerParam : (prefix ?? '');
  if (prefix !== null && prefix !== '' && prefix !== issuer) {
    warnings.push(t('vault.otp.link.issuerMismatch', { label: prefix, issuer }));
  }

  const algorithm = parseAlgorithm(params.get('algorithm'));

  let digits = type === 'steam' ? STEAM_DIGITS : DEFAULT_DIGITS;
  const digitsParam = params.get('digits');
  if (digitsParam !== undefined && type !== 'steam') {
    digits = parseInteger(digitsParam, 'digits');
    if (digits < MIN_DIGITS || digits > MAX_DIGITS) {
      throw new OtpInputError(
        words('vault.otp.link.digitsRange', {
          min: String(MIN_DIGITS),
          max: String(MAX_DIGITS),
          digits: String(digits),
        }),
      );
    }
  }

  let period = DEFAULT_PERIOD;
  const periodParam = params.get('period');
  if (periodParam !== undefined) {
    period = parseInteger(periodParam, 'period');
    if (period < MIN_PERIOD || period > MAX_PERIOD) {
      throw new OtpInputError(
        words('vault.otp.link.periodRange', {
          min: String(MIN_PERIOD),
          max: String(MAX_PERIOD),
          period: String(period),
        }),
      );
    }
  }

  let counter = 0;
  const counterParam = params.get('counter');
  if (type === 'hotp') {
    if (counterParam === undefined || counterParam === '') {
      warnings.push(t('vault.otp.link.noCounter'));
    } else {
      counter = parseInteger(counterParam, 'counter');
      if (!Number.isSafeInteger(counter)) throw new OtpInputError(words('vault.otp.link.counterTooLarge'));
    }
  }

  const image = params.get('image');
  const account: OtpAccount = {
    type,
    issuer,
    account: name,
    secret,
    algorithm,
    digits,
    period,
    counter,
    ...(image ? { image } : {}),
  };
  return { account, warnings };
}

/** Which part of an account could not be written into a link. */
function unencodable(what: string): PersonFacingMessage {
  if (what === 'account name') return words('vault.otp.link.unencodableAccount');
  if (what === 'issuer') return words('vault.otp.link.unencodableIssuer');
  return words('vault.otp.link.unencodableParameter', { name: what });
}

function encodePart(value: string, what: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    // Only a lone UTF-16 surrogate cannot be written as UTF-8.
    throw new OtpInputError(unencodable(what));
  }
}

/**
 * The canonical link for an account; parsing it gives the same account back
 * (issuer and account trimmed; the period only for time-based types, the counter only for HOTP).
 */
export function formatOtpauthUri(account: OtpAccount): string {
  const issuer = account.issuer.trim();
  const name = encodePart(account.account.trim(), 'account name');
  // An account name with a colon needs a prefix, even an empty one, so the colon is not read as the separator.
  const needsPrefix = issuer !== '' || /%3A/i.test(name);
  const label = needsPrefix ? `${encodePart(issuer, 'issuer')}:${name}` : name;
  const query: [string, string][] = [['secret', normalizeBase32(account.secret)]];
  if (issuer !== '') query.push(['issuer', issuer]);
  // Steam codes always have 5 characters, whatever the account object says.
  const digits = account.type === 'steam' ? STEAM_DIGITS : account.digits;
  query.push(['algorithm', account.algorithm], ['digits', String(digits)]);
  if (account.type === 'hotp') query.push(['counter', String(account.counter)]);
  else query.push(['period', String(account.period)]);
  if (account.image) query.push(['image', account.image]);
  const search = query.map(([key, value]) => `${key}=${encodePart(value, key)}`).join('&');
  return `otpauth://${account.type}/${label}?${search}`;
}
