import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  keyOf,
  MAX_DIGITS,
  MAX_PERIOD,
  MIN_DIGITS,
  MIN_PERIOD,
  normalizeBase32,
  otpAccountSchema,
  validateKey,
  type OtpAccount,
} from '../../shared/otp';
import { englishTranslate } from '../../shared/i18n/translate';
import { sayIn, words, type PersonFacingMessage } from '../../shared/person-facing-error';
import { VaultError } from './errors';
import type { EntryPatch, NewEntry, VaultEntry, VaultEntryMeta } from './types';

const GROUP_MAX = 128;
const NOTE_MAX = 4096;
// An icon may be a small data: URL; anything bigger belongs in a file.
const ICON_MAX = 256 * 1024;
/** The website an account is linked to for browser filling (a domain or a web address). */
const WEBSITE_MAX = 2048;

const extras = {
  group: z.string().max(GROUP_MAX),
  note: z.string().max(NOTE_MAX),
  icon: z.string().max(ICON_MAX),
  website: z.string().max(WEBSITE_MAX),
};

export const entrySchema = otpAccountSchema.extend({
  id: z.string().min(1).max(64),
  group: extras.group,
  note: extras.note,
  icon: extras.icon.optional(),
  website: extras.website.optional(),
  order: z.number().int().min(0),
  createdAt: z.string().max(64),
  updatedAt: z.string().max(64),
});

/** The decrypted body of a vault file. */
export const bodySchema = z.object({ entries: z.array(entrySchema) });

const isText = (value: unknown, max: number): value is string =>
  typeof value === 'string' && value.length <= max;
const isWhole = (value: unknown, min: number, max: number): value is number =>
  Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max;
const isOptionalText = (value: unknown, max: number) => value === undefined || isText(value, max);
const CANONICAL_BASE32 = /^[A-Z2-7]+$/;
const account = otpAccountSchema.shape;

/**
 * The same rules as entrySchema, hand-written: opening a vault checks every
 * entry, and zod made a 1,000-entry open 2–3× slower than the JSON.parse
 * (bench/vault.bench.ts). A property test keeps the two in agreement.
 */
export function isStoredEntry(value: unknown): value is VaultEntry {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const e = value as Record<string, unknown>;
  return (
    (account.type.options as readonly unknown[]).includes(e.type) &&
    isText(e.issuer, 512) &&
    isText(e.account, 512) &&
    isText(e.secret, 2048) &&
    CANONICAL_BASE32.test(e.secret) &&
    (account.algorithm.options as readonly unknown[]).includes(e.algorithm) &&
    isWhole(e.digits, MIN_DIGITS, MAX_DIGITS) &&
    isWhole(e.period, MIN_PERIOD, MAX_PERIOD) &&
    isWhole(e.counter, 0, Number.MAX_SAFE_INTEGER) &&
    isOptionalText(e.image, 4096) &&
    isText(e.id, 64) &&
    e.id.length > 0 &&
    isText(e.group, GROUP_MAX) &&
    isText(e.note, NOTE_MAX) &&
    isOptionalText(e.icon, ICON_MAX) &&
    isOptionalText(e.website, WEBSITE_MAX) &&
    isWhole(e.order, 0, Number.MAX_SAFE_INTEGER) &&
    isText(e.createdAt, 64) &&
    isText(e.updatedAt, 64)
  );
}

/** The entries of a decrypted body, or null when it is not what Twofold writes. */
export function parseBody(json: unknown): VaultEntry[] | null {
  if (typeof json !== 'object' || json === null) return null;
  const list = (json as { entries?: unknown }).entries;
  return Array.isArray(list) && list.every(isStoredEntry) ? (list as VaultEntry[]) : null;
}

const newEntrySchema = otpAccountSchema
  .extend({ secret: z.string().min(1).max(4096) })
  .extend({ group: extras.group.optional(), note: extras.note.optional(), icon: extras.icon.optional() });

const patchSchema = z.strictObject({
  issuer: otpAccountSchema.shape.issuer.optional(),
  account: otpAccountSchema.shape.account.optional(),
  group: extras.group.optional(),
  note: extras.note.optional(),
  icon: extras.icon.optional(),
  website: extras.website.optional(),
});

function invalid(error: z.ZodError): VaultError {
  const issue = error.issues[0];
  // zod's own words for the problem: this guards callers (the CLI, imports), the window's forms check first.
  const problem = issue?.message ?? words('vault.entry.unknownProblem');
  return new VaultError(
    'INVALID',
    issue && issue.path.length > 0
      ? words('vault.entry.invalidField', { field: issue.path.join('.'), problem })
      : words('vault.entry.invalid', { problem }),
  );
}

/** Validates an entry from a caller and gives it an id and place; the secret comes out canonical. */
export function newEntry(input: NewEntry, order: number, now: string): VaultEntry {
  const parsed = newEntrySchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error);
  const { group, note, icon, image, ...account } = parsed.data;
  const entry: VaultEntry = {
    ...account,
    issuer: account.issuer.trim(),
    account: account.account.trim(),
    secret: normalizeBase32(account.secret),
    ...(image !== undefined ? { image } : {}),
    id: randomUUID(),
    group: group?.trim() ?? '',
    note: note ?? '',
    ...(icon !== undefined && icon !== '' ? { icon } : {}),
    order,
    createdAt: now,
    updatedAt: now,
  };
  validateKey(keyOf(entry));
  return entry;
}

export function applyPatch(entry: VaultEntry, patch: EntryPatch, now: string): VaultEntry {
  const parsed = patchSchema.safeParse(patch);
  if (!parsed.success) throw invalid(parsed.error);
  const { icon, website, ...rest } = parsed.data;
  let next: VaultEntry = { ...entry, ...rest, updatedAt: now };
  if (website !== undefined) {
    // An empty website clears the link.
    const { website: _old, ...withoutWebsite } = next;
    next = website.trim() === '' ? withoutWebsite : { ...withoutWebsite, website: website.trim() };
  }
  if (rest.issuer !== undefined) Object.assign(next, { issuer: rest.issuer.trim() });
  if (rest.account !== undefined) Object.assign(next, { account: rest.account.trim() });
  if (icon === undefined) return next;
  // An empty icon clears it.
  const { icon: _old, ...withoutIcon } = next;
  return icon === '' ? withoutIcon : { ...withoutIcon, icon };
}

export function toMeta(entry: VaultEntry): VaultEntryMeta {
  const { secret: _secret, image: _image, ...meta } = entry;
  return meta;
}

const fold = (text: string) => text.trim().toLocaleLowerCase();

/** Same secret, issuer and account: the same account added twice. */
export function findDuplicate(entries: readonly VaultEntry[], account: OtpAccount): VaultEntry | undefined {
  return entries.find(
    (entry) =>
      entry.secret === account.secret &&
      fold(entry.issuer) === fold(account.issuer) &&
      fold(entry.account) === fold(account.account),
  );
}

export function describeEntry(entry: Pick<OtpAccount, 'issuer' | 'account'>): string {
  const name = entryName(entry);
  return typeof name === 'string' ? name : sayIn(englishTranslate, name);
}

/** An entry's name in a message: its own words, or the catalogue's for an entry without one. */
export function entryName(entry: Pick<OtpAccount, 'issuer' | 'account'>): string | PersonFacingMessage {
  if (entry.issuer && entry.account) return `${entry.issuer} (${entry.account})`;
  return entry.issuer || entry.account || words('vault.entry.unnamed');
}

/** Case-insensitive match on issuer, account or "issuer:account"; an empty query matches everything. */
export function matches(entry: VaultEntry, query: string): boolean {
  const wanted = fold(query);
  if (wanted === '') return true;
  return (
    fold(entry.issuer).includes(wanted) ||
    fold(entry.account).includes(wanted) ||
    `${fold(entry.issuer)}:${fold(entry.account)}` === wanted
  );
}

export function renumber(entries: VaultEntry[]): VaultEntry[] {
  return entries.map((entry, order) => (entry.order === order ? entry : { ...entry, order }));
}

/** Puts `ids` first in that order; entries not named (e.g. added meanwhile elsewhere) keep their order after them. */
export function reorderEntries(entries: readonly VaultEntry[], ids: readonly string[]): VaultEntry[] {
  const byId = new Map(entries.map((entry) => [entry.id, entry]));
  const first: VaultEntry[] = [];
  for (const id of new Set(ids)) {
    const entry = byId.get(id);
    if (entry) {
      first.push(entry);
      byId.delete(id);
    }
  }
  return renumber([...first, ...entries.filter((entry) => byId.has(entry.id))]);
}
