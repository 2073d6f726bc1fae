import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { keyOf, normalizeBase32, otpAccountSchema, validateKey, type OtpAccount } from '../../shared/otp';
import { VaultError } from './errors';
import type { EntryPatch, NewEntry, VaultEntry, VaultEntryMeta } from './types';

const GROUP_MAX = 128;
const NOTE_MAX = 4096;
// An icon may be a small data: URL; anything bigger belongs in a file.
const ICON_MAX = 256 * 1024;

const extras = {
  group: z.string().max(GROUP_MAX),
  note: z.string().max(NOTE_MAX),
  icon: z.string().max(ICON_MAX),
};

export const entrySchema = otpAccountSchema.extend({
  id: z.string().min(1).max(64),
  group: extras.group,
  note: extras.note,
  icon: extras.icon.optional(),
  order: z.number().int().min(0),
  createdAt: z.string().max(64),
  updatedAt: z.string().max(64),
});

/** The decrypted body of a vault file. */
export const bodySchema = z.object({ entries: z.array(entrySchema) });

const newEntrySchema = otpAccountSchema
  .extend({ secret: z.string().min(1).max(4096) })
  .extend({ group: extras.group.optional(), note: extras.note.optional(), icon: extras.icon.optional() });

const patchSchema = z.strictObject({
  issuer: otpAccountSchema.shape.issuer.optional(),
  account: otpAccountSchema.shape.account.optional(),
  group: extras.group.optional(),
  note: extras.note.optional(),
  icon: extras.icon.optional(),
});

function invalid(error: z.ZodError): VaultError {
  const issue = error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return new VaultError('INVALID', `The entry is not valid: ${where}${issue?.message ?? 'unknown problem'}.`);
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
  const { icon, ...rest } = parsed.data;
  const next: VaultEntry = { ...entry, ...rest, updatedAt: now };
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
  if (entry.issuer && entry.account) return `${entry.issuer} (${entry.account})`;
  return entry.issuer || entry.account || 'an entry without a name';
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
