import {
  DEFAULT_ALGORITHM,
  DEFAULT_DIGITS,
  DEFAULT_PERIOD,
  isOtpauthMigrationUri,
  keyOf,
  normalizeBase32,
  parseOtpauthUri,
  STEAM_DIGITS,
  validateKey,
  type OtpAccount,
} from '../../../shared/otp';
import type { DesktopServices } from '../../services/desktop-services';
import { PersonFacingError, words } from '../../../shared/person-facing-error';
import type { FeatureHandlers } from '../handler-types';
import { previewOf, toEntryMeta } from '../../services/present';
import { entryName } from '../../vault/entries';
import { VaultError } from '../../vault/errors';

/**
 * Refuses a secret the vault already holds, under any name (as Aegis warns), unless the person
 * said to add it anyway. Compared here: secrets never reach the renderer.
 */
function refuseSameSecret(s: DesktopServices, secret: string, allowDuplicate: boolean | undefined): void {
  if (allowDuplicate) return;
  const wanted = normalizeBase32(secret);
  const twin = s.vaults
    .current()
    .exportEntries()
    .find((entry) => entry.secret === wanted);
  if (twin)
    throw new PersonFacingError('DUPLICATE', words('vault.entry.sameSecret', { entry: entryName(twin) }));
}

/** Refuses an export link with its own words before the parser calls it a bad link; warnings in the app's language. */
function parseLink(s: DesktopServices, uri: string): ReturnType<typeof parseOtpauthUri> {
  if (isOtpauthMigrationUri(uri))
    throw new PersonFacingError('MIGRATION_EXPORT', words('vault.entry.migrationLink'));
  return parseOtpauthUri(uri, s.language.t);
}

function shortSecretWarning(s: DesktopServices, secret: string): string[] {
  // Under 80 bits is below what any real service issues; codes still work.
  return (secret.length * 5) / 8 < 10 ? [s.language.t('vault.entry.shortSecret')] : [];
}

export const entriesHandlers = {
  list: (s) => s.vaults.current().list().map(toEntryMeta),

  search: (s, { query }) => s.vaults.current().search(query).map(toEntryMeta),

  async add(s, input) {
    const secret = normalizeBase32(input.secret);
    const account: OtpAccount = {
      type: input.type,
      issuer: input.issuer.trim(),
      account: input.account.trim(),
      secret,
      algorithm: input.algorithm ?? DEFAULT_ALGORITHM,
      digits: input.digits ?? (input.type === 'steam' ? STEAM_DIGITS : DEFAULT_DIGITS),
      period: input.period ?? DEFAULT_PERIOD,
      counter: input.counter ?? 0,
    };
    validateKey(keyOf(account));
    refuseSameSecret(s, account.secret, input.allowDuplicate);
    const entry = await s.vaults.current().add(
      {
        ...account,
        ...(input.group !== undefined ? { group: input.group } : {}),
        ...(input.note !== undefined ? { note: input.note } : {}),
      },
      { allowDuplicate: input.allowDuplicate ?? false },
    );
    s.events.emit('entries.changed', { reason: 'added' });
    return { entry: toEntryMeta(entry), warnings: shortSecretWarning(s, secret) };
  },

  async addFromUri(s, { uri, group, allowDuplicate }) {
    // The same link the vault reads: its warnings, said here in the app's language.
    const { account, warnings } = parseLink(s, uri);
    refuseSameSecret(s, account.secret, allowDuplicate);
    const { entry } = await s.vaults.current().addFromUri(uri, {
      allowDuplicate: allowDuplicate ?? false,
      ...(group !== undefined ? { group } : {}),
    });
    s.events.emit('entries.changed', { reason: 'added' });
    return { entry: toEntryMeta(entry), warnings: [...warnings] };
  },

  previewUri(s, { uri }) {
    const { account, warnings } = parseLink(s, uri);
    return previewOf(s, account, warnings);
  },

  pending: (s) =>
    s.pending.all().map((held) => ({
      pendingId: held.pendingId,
      source: held.source,
      preview: previewOf(s, held.account, held.warnings),
    })),

  async addPending(s, { pendingIds, allowDuplicate }) {
    const vault = s.vaults.current();
    const added = [];
    const failed = [];
    // One by one: a duplicate among several must not stop the others.
    for (const pendingId of pendingIds) {
      const held = s.pending.get(pendingId);
      if (!held) {
        failed.push({
          pendingId,
          message: s.language.t('vault.entry.notWaiting'),
        });
        continue;
      }
      try {
        added.push(toEntryMeta(await vault.add(held.account, { allowDuplicate: allowDuplicate ?? false })));
        s.pending.discard(pendingId);
      } catch (error) {
        if (!(error instanceof VaultError)) throw error;
        failed.push({ pendingId, message: error.inLanguage(s.language.t) });
      }
    }
    if (added.length > 0) s.events.emit('entries.changed', { reason: 'added' });
    return { added, failed };
  },

  discardPending(s, { pendingIds }) {
    for (const pendingId of pendingIds) s.pending.discard(pendingId);
    return { done: true as const };
  },

  async update(s, { id, ...patch }) {
    const entry = await s.vaults.current().update(id, patch);
    s.events.emit('entries.changed', { reason: 'updated' });
    return toEntryMeta(entry);
  },

  async remove(s, { id }) {
    const removed = await s.vaults.current().remove(id);
    const undoId = s.trash.keep(removed);
    s.events.emit('entries.changed', { reason: 'removed' });
    return { removed: toEntryMeta(removed), undoId };
  },

  async undoRemove(s, { undoId }) {
    const entry = s.trash.take(undoId);
    if (!entry) throw new PersonFacingError('NOTHING_TO_UNDO', words('vault.entry.nothingToUndo'));
    try {
      const restored = await s.vaults.current().restore(entry);
      s.events.emit('entries.changed', { reason: 'restored' });
      return toEntryMeta(restored);
    } catch (error) {
      s.trash.putBack(undoId, entry);
      throw error;
    }
  },

  async reorder(s, { ids }) {
    await s.vaults.current().reorder(ids);
    s.events.emit('entries.changed', { reason: 'reordered' });
    return { done: true as const };
  },

  reveal(s, { id }) {
    const uri = s.vaults.current().reveal(id);
    return { uri, secret: parseOtpauthUri(uri).account.secret };
  },
} satisfies FeatureHandlers<'entries', DesktopServices>;
