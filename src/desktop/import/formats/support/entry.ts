import { z } from 'zod';
import {
  DEFAULT_DIGITS,
  DEFAULT_PERIOD,
  OtpInputError,
  STEAM_DIGITS,
  encodeBase32,
  normalizeBase32,
  validateCounter,
  validateKey,
  type HashAlgorithm,
  type OtpAccount,
  type OtpType,
} from '../../../../shared/otp';
import { EntryError, failureOf, ImportError } from '../../errors';
import type { ImportFailure, ImportedEntry, ImportWords } from '../../types';
import { words } from '../../../../shared/person-facing-error';

/** An entry's field, as the messages name it (`transfer.entry.field`). */
type Field = 'issuer' | 'accountName' | 'group' | 'digitCount' | 'period' | 'counter';
const field = (name: Field) => words('transfer.entry.field', { field: name });

/** The vault's limit for issuer and account names (see otpAccountSchema). */
const MAX_NAME_LENGTH = 512;

/** Apps write numbers as numbers, sometimes as digit strings, or leave them out. */
type NumberField = number | string | null | undefined;

/** A whole number from a number field; a string that is not one is refused. */
function readNumber(value: NumberField, what: Field): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value === 'number') return value;
  if (!/^\s*\d{1,16}\s*$/.test(value))
    throw new EntryError(
      words('transfer.entry.notWholeNumber', { field: field(what), value: value.slice(0, 20) }),
    );
  return Number(value);
}

/** An account's fields as an export gives them, before they are checked. */
export interface EntryFields {
  type: OtpType;
  issuer?: string | null | undefined;
  account?: string | null | undefined;
  /** Base32 text (any case, padding, spaces) or the raw key bytes. */
  secret: string | Uint8Array;
  algorithm?: string | null | undefined;
  digits?: NumberField;
  period?: NumberField;
  counter?: NumberField;
  group?: string | null | undefined;
  note?: string | null | undefined;
}

/** Reads the names apps give hash functions: SHA1, sha256, HmacSHA512, SHA-256… */
export function readAlgorithm(value: string | null | undefined): HashAlgorithm {
  if (value === null || value === undefined || value === '') return 'SHA1';
  const name = value
    .toUpperCase()
    .replace(/^HMAC/, '')
    .replace(/[-_\s]/g, '');
  if (name === 'SHA1' || name === 'SHA256' || name === 'SHA512') return name;
  if (name === 'MD5') throw new EntryError(words('transfer.entry.md5'));
  throw new EntryError(words('transfer.entry.algorithm', { algorithm: value }));
}

function readName(value: string | null | undefined, what: Field): string {
  const text = (value ?? '').trim();
  if (text.length > MAX_NAME_LENGTH)
    throw new EntryError(words('transfer.entry.nameTooLong', { field: field(what), max: MAX_NAME_LENGTH }));
  return text;
}

const CANONICAL_BASE32 = /^[A-Z2-7]+$/;

function readSecret(secret: string | Uint8Array): string {
  // Most exports already hold canonical Base32; normalising is for the rest (and names the bad character).
  if (typeof secret === 'string') {
    return CANONICAL_BASE32.test(secret) && ![1, 3, 6].includes(secret.length % 8)
      ? secret
      : normalizeBase32(secret);
  }
  if (secret.length === 0) throw new EntryError(words('transfer.entry.emptySecret'));
  return encodeBase32(secret);
}

/** Builds a vault entry, checked against the same limits as an added account; throws EntryError or OtpInputError. */
export function makeEntry(fields: EntryFields): ImportedEntry {
  const type = fields.type;
  const account: OtpAccount = {
    type,
    issuer: readName(fields.issuer, 'issuer'),
    account: readName(fields.account, 'accountName'),
    secret: readSecret(fields.secret),
    algorithm: type === 'steam' ? 'SHA1' : readAlgorithm(fields.algorithm),
    digits: type === 'steam' ? STEAM_DIGITS : (readNumber(fields.digits, 'digitCount') ?? DEFAULT_DIGITS),
    period: readNumber(fields.period, 'period') ?? DEFAULT_PERIOD,
    counter: type === 'hotp' ? (readNumber(fields.counter, 'counter') ?? 0) : 0,
  };
  // validateKey reads only the secret's length: that is known without decoding it.
  validateKey({ ...account, secret: new Uint8Array(Math.floor((account.secret.length * 5) / 8)) });
  validateCounter(account.counter);
  const group = readName(fields.group, 'group');
  const note = (fields.note ?? '').trim();
  return { ...account, ...(group ? { group } : {}), ...(note ? { note } : {}) };
}

/**
 * A readable reason from a schema failure: the first problem and where it is. The problem is
 * zod's own English, kept as a technical detail inside the message.
 */
export function describeIssues(error: z.ZodError): ImportWords {
  const issue = error.issues[0];
  if (!issue) return words('transfer.entry.shapeUnknown');
  if (issue.path.length === 0) return `${issue.message}.`;
  return words('transfer.entry.issueAt', { issue: issue.message, path: issue.path.map(String).join('.') });
}

/** Checks one entry's shape; a mismatch becomes this entry's failure, not the file's. */
export function readShape<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success)
    throw new EntryError(words('transfer.entry.shape', { issue: describeIssues(result.error) }));
  return result.data;
}

/** Checks a whole file's shape; a mismatch is the file's error. */
export function readFileShape<T>(schema: z.ZodType<T>, value: unknown, app: ImportWords): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new ImportError(
      'MALFORMED',
      words('transfer.import.fileShape', { app, issue: describeIssues(result.error) }),
    );
  }
  return result.data;
}

/** "Entry 3": an entry without names, by its place in the file. */
export const numberedEntry = (index: number) => words('transfer.entry.numbered', { number: index + 1 });

/** A label for the preview that names an entry without its secret. */
export function labelOf(issuer: unknown, account: unknown, index: number): ImportWords {
  const parts = [issuer, account].filter(
    (part): part is string => typeof part === 'string' && part.trim() !== '',
  );
  return parts.length ? parts.map((part) => part.trim().slice(0, 80)).join(' / ') : numberedEntry(index);
}

export interface Collected {
  entries: ImportedEntry[];
  failures: ImportFailure[];
}

/**
 * Converts each item on its own: one that cannot be read is listed with its reason
 * and the rest still import. Only per-entry errors are caught; anything else is a bug.
 */
export function collectEntries<T>(
  items: readonly T[],
  label: (item: T, index: number) => ImportWords,
  convert: (item: T, index: number) => ImportedEntry | null,
): Collected {
  const entries: ImportedEntry[] = [];
  const failures: ImportFailure[] = [];
  items.forEach((item, index) => {
    try {
      const entry = convert(item, index);
      if (entry) entries.push(entry);
    } catch (error) {
      if (!(error instanceof EntryError || error instanceof OtpInputError)) throw error;
      failures.push(failureOf(label(item, index), error));
    }
  });
  return { entries, failures };
}

/** Lax field types apps write: numbers as strings, nulls for absent (makeEntry reads both). */
export const looseInt = z.union([z.number(), z.string()]).nullish();
export const looseString = z.string().nullish();
