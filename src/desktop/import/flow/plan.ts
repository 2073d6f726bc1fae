import { normalizeBase32 } from '../../../shared/otp';
import type { VaultEntry } from '../../vault';
import type { ImportedEntry } from '../types';
import type { FoundEntries } from './read';

export const DUPLICATE_CHOICES = ['skip', 'keep-both', 'replace'] as const;
export type DuplicateChoice = (typeof DUPLICATE_CHOICES)[number];

/** One entry of the preview: never its secret. */
export interface PreviewEntry {
  readonly index: number;
  readonly issuer: string;
  readonly account: string;
  readonly type: ImportedEntry['type'];
  readonly group: string;
  /** The vault entry with the same secret, when there is one. */
  readonly duplicateOf: { id: string; issuer: string; account: string } | null;
}

export interface ImportPlan {
  readonly found: FoundEntries;
  readonly preview: PreviewEntry[];
}

const secretOf = (entry: { secret: string }) => {
  try {
    return normalizeBase32(entry.secret);
  } catch {
    return entry.secret;
  }
};

/**
 * The preview: each entry found, marked when the vault already holds the same
 * account (same kind of code and the same secret, whatever its names now are).
 */
export function planImport(found: FoundEntries, vault: readonly VaultEntry[]): ImportPlan {
  const bySecret = new Map<string, VaultEntry>();
  for (const entry of vault) {
    const key = `${entry.type}:${entry.secret}`;
    if (!bySecret.has(key)) bySecret.set(key, entry);
  }
  const preview = found.entries.map((entry, index) => {
    const twin = bySecret.get(`${entry.type}:${secretOf(entry)}`);
    return {
      index,
      issuer: entry.issuer,
      account: entry.account,
      type: entry.type,
      group: entry.group ?? '',
      duplicateOf: twin ? { id: twin.id, issuer: twin.issuer, account: twin.account } : null,
    };
  });
  return { found, preview };
}

export interface Choices {
  /** For every duplicate without a choice of its own. */
  readonly onDuplicate: DuplicateChoice;
  /** Per entry (by preview index). */
  readonly perEntry?: ReadonlyMap<number, DuplicateChoice>;
  /** The entries the person ticked (by preview index); every one when absent. */
  readonly selected?: ReadonlySet<number>;
}

export interface ImportBatch {
  readonly add: ImportedEntry[];
  readonly replace: { id: string; entry: ImportedEntry }[];
  /** Duplicates left out, by preview index. */
  readonly skipped: number[];
}

/** Preview indices the plan does not have, from a window's choices: refused rather than ignored. */
export function unknownIndices(plan: ImportPlan, indices: Iterable<number>): number[] {
  return [...indices].filter((index) => plan.preview[index]?.index !== index);
}

/** What the one vault write does, from the preview and the person's choices. */
export function batchOf(plan: ImportPlan, choices: Choices): ImportBatch {
  const add: ImportedEntry[] = [];
  const replace: ImportBatch['replace'] = [];
  const skipped: number[] = [];
  const replacedIds = new Set<string>();
  for (const item of plan.preview) {
    const entry = plan.found.entries[item.index] as ImportedEntry;
    // Left unticked: not written; a duplicate left out still counts as skipped, as with "Skip".
    if (choices.selected !== undefined && !choices.selected.has(item.index)) {
      if (item.duplicateOf !== null) skipped.push(item.index);
      continue;
    }
    if (item.duplicateOf === null) {
      add.push(entry);
      continue;
    }
    const choice = choices.perEntry?.get(item.index) ?? choices.onDuplicate;
    // Two imported entries cannot both replace one vault entry: the first does, the next is skipped.
    if (choice === 'skip' || (choice === 'replace' && replacedIds.has(item.duplicateOf.id)))
      skipped.push(item.index);
    else if (choice === 'keep-both') add.push(entry);
    else {
      replacedIds.add(item.duplicateOf.id);
      replace.push({ id: item.duplicateOf.id, entry });
    }
  }
  return { add, replace, skipped };
}
