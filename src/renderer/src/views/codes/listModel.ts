import type { EntryMeta } from '../../../../shared/ipc';

export interface Section {
  /** The group name; '' for entries without one. */
  group: string;
  entries: EntryMeta[];
}

export const ALL_GROUPS = '\u0000all';

/** Issuer or login containing every word of the query, ignoring case. */
export function matches(entry: EntryMeta, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = `${entry.issuer} ${entry.account}`.toLowerCase();
  return words.every((word) => haystack.includes(word));
}

export function groupNames(entries: readonly EntryMeta[]): string[] {
  return [...new Set(entries.map((entry) => entry.group).filter(Boolean))].sort((a, b) => a.localeCompare(b));
}

/** Sections in display order: named groups alphabetically, then entries without a group. */
export function sectionsOf(entries: readonly EntryMeta[], query: string, group: string): Section[] {
  const shown = entries.filter(
    (entry) => (group === ALL_GROUPS || entry.group === group) && matches(entry, query),
  );
  const byGroup = new Map<string, EntryMeta[]>();
  for (const entry of shown) {
    const list = byGroup.get(entry.group) ?? [];
    list.push(entry);
    byGroup.set(entry.group, list);
  }
  const names = [...byGroup.keys()].filter(Boolean).sort((a, b) => a.localeCompare(b));
  const sections = names.map((name) => ({ group: name, entries: byGroup.get(name) ?? [] }));
  const loose = byGroup.get('');
  if (loose) sections.push({ group: '', entries: loose });
  return sections;
}

function moved(ids: readonly string[], id: string, targetId: string, after: boolean): string[] {
  const rest = ids.filter((other) => other !== id);
  const at = rest.indexOf(targetId);
  if (at === -1) return [...ids];
  rest.splice(after ? at + 1 : at, 0, id);
  return rest;
}

/**
 * The new order after moving `id` one place among the rows shown in its
 * section; null when it is already first or last there.
 */
export function moveBy(
  entries: readonly EntryMeta[],
  sections: readonly Section[],
  id: string,
  by: -1 | 1,
): string[] | null {
  const section = sections.find((s) => s.entries.some((entry) => entry.id === id));
  if (!section) return null;
  const index = section.entries.findIndex((entry) => entry.id === id);
  const neighbour = section.entries[index + by];
  if (!neighbour) return null;
  return moved(
    entries.map((entry) => entry.id),
    id,
    neighbour.id,
    by === 1,
  );
}

/** The new order after dropping `id` onto `targetId`: it takes the target's place. */
export function moveTo(entries: readonly EntryMeta[], id: string, targetId: string): string[] {
  const ids = entries.map((entry) => entry.id);
  return moved(ids, id, targetId, ids.indexOf(id) < ids.indexOf(targetId));
}

/** Entries re-numbered in the given order, for showing a reorder before main confirms it. */
export function inOrder(entries: readonly EntryMeta[], ids: readonly string[]): EntryMeta[] {
  const byId = new Map(entries.map((entry) => [entry.id, entry]));
  return ids.flatMap((id, order) => {
    const entry = byId.get(id);
    return entry ? [{ ...entry, order }] : [];
  });
}
