import { entrySchema, isStoredEntry, renumber } from '../vault/entries';
import type { VaultEntry } from '../vault/types';
import { compareStamps, type HybridClock } from './hlc';

/**
 * The merge engine, pure and in memory: a vault as last-writer-wins registers, one per
 * entry and field, each holding the value, the hybrid-logical-clock stamp of its write and
 * which device wrote it in which of its files. Applying the same writes in any order, any
 * number of times, gives the same registers (the larger stamp wins; equal stamps, which only
 * a tampered or buggy writer could make, are settled by the value), so two computers that
 * saw the same changes show the same vault.
 */

/** A field's value as the vault stores it; null stands for "not set" (an optional field left out). */
export type FieldValue = string | number | boolean | null;

/** The register that says an entry is deleted (a tombstone when true). */
export const DELETED = '$deleted';

export interface Register {
  readonly v: FieldValue;
  /** The write's clock stamp (hlc.ts). */
  readonly h: string;
  /** The device that wrote it… */
  readonly d: string;
  /** …in its change file with this sequence number. */
  readonly s: number;
}

/** One field written: entry id, field, value, stamp. */
export interface Change {
  readonly e: string;
  readonly f: string;
  readonly v: FieldValue;
  readonly h: string;
}

/** One device's change file, as far as the merge is concerned. */
export interface ChangeSet {
  readonly device: string;
  readonly seq: number;
  /** The highest sequence number of each other device the writer had merged when it wrote these changes. */
  readonly seen: Readonly<Record<string, number>>;
  readonly changes: readonly Change[];
}

export type Registers = Map<string, Map<string, Register>>;

/** Two devices wrote the same field without either having seen the other's write. */
export interface Conflict {
  readonly entry: string;
  /** The device whose write was kept (the later one). */
  readonly kept: string;
  readonly lost: string;
}

const sameValue = (a: FieldValue, b: FieldValue) => a === b;

/** Does `next` win over `current`? By stamp, then device, then value: a total order. */
export function wins(next: Register, current: Register): boolean {
  const byStamp = compareStamps(next.h, current.h);
  if (byStamp !== 0) return byStamp > 0;
  if (next.d !== current.d) return next.d > current.d;
  return JSON.stringify(next.v) > JSON.stringify(current.v);
}

/** Puts one write into the registers; returns the conflict it makes, if any. */
export function put(
  registers: Registers,
  entry: string,
  field: string,
  next: Register,
  seen?: Readonly<Record<string, number>>,
): Conflict | null {
  let fields = registers.get(entry);
  if (!fields) {
    fields = new Map();
    registers.set(entry, fields);
  }
  const current = fields.get(field);
  if (!current) {
    fields.set(field, next);
    return null;
  }
  const winner = wins(next, current) ? next : current;
  if (winner === next) fields.set(field, next);
  const concurrent =
    seen !== undefined &&
    current.d !== next.d &&
    (seen[current.d] ?? 0) < current.s &&
    !sameValue(current.v, next.v);
  if (!concurrent) return null;
  const loser = winner === next ? current : next;
  return { entry, kept: winner.d, lost: loser.d };
}

/** Applies a change file; its conflicts come back once per entry. */
export function applyChangeSet(registers: Registers, set: ChangeSet): Conflict[] {
  const conflicts = new Map<string, Conflict>();
  for (const change of set.changes) {
    const conflict = put(
      registers,
      change.e,
      change.f,
      { v: change.v, h: change.h, d: set.device, s: set.seq },
      set.seen,
    );
    // Only field edits count as "edited on two computers"; the clock fields always differ.
    if (conflict && !conflicts.has(conflict.entry) && !QUIET_FIELDS.has(change.f))
      conflicts.set(conflict.entry, conflict);
  }
  return [...conflicts.values()];
}

/** Fields every write touches (or that a delete renumbers): a difference there is no edit of its own. */
const QUIET_FIELDS = new Set(['updatedAt', 'order']);

/** A snapshot's registers taken in (a union: nothing in it is a new edit). */
export function applyRegisters(
  registers: Registers,
  snapshot: Iterable<readonly [string, string, Register]>,
): void {
  for (const [entry, field, register] of snapshot) put(registers, entry, field, register);
}

export function* flatten(registers: Registers): Generator<readonly [string, string, Register]> {
  for (const [entry, fields] of registers)
    for (const [field, register] of fields) yield [entry, field, register];
}

const FIELD_ORDER = new Map(Object.keys(entrySchema.shape).map((field, index) => [field, index]));
function byFieldOrder(a: string, b: string): number {
  const ia = FIELD_ORDER.get(a) ?? FIELD_ORDER.size;
  const ib = FIELD_ORDER.get(b) ?? FIELD_ORDER.size;
  return ia - ib || (a < b ? -1 : a > b ? 1 : 0);
}

/** The entries the registers describe: live, whole and valid ones, in order (ties by id), renumbered. */
export function materialize(registers: Registers): VaultEntry[] {
  const list: VaultEntry[] = [];
  for (const [id, fields] of registers) {
    if (fields.get(DELETED)?.v === true) continue;
    const entry: Record<string, FieldValue> = {};
    // One key order whatever order the writes came in, so equal vaults are equal byte for byte.
    for (const field of [...fields.keys()].sort(byFieldOrder)) {
      const register = fields.get(field) as Register;
      if (field === DELETED || register.v === null) continue;
      entry[field] = register.v;
    }
    entry.id = id;
    // A register set that is not a whole entry (never written by Twofold) stays out of the vault.
    if (isStoredEntry(entry)) list.push(entry);
  }
  list.sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return renumber(list);
}

/** The fields of an entry as registers hold them (no id; absent optional fields are null). */
function fieldsOf(entry: VaultEntry): Map<string, FieldValue> {
  const fields = new Map<string, FieldValue>();
  for (const [field, value] of Object.entries(entry)) {
    if (field === 'id') continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      fields.set(field, value);
  }
  return fields;
}

/** A field written locally, before it gets a stamp; `at` is when (ms), as far as the vault knows. */
export interface LocalWrite {
  readonly e: string;
  readonly f: string;
  readonly v: FieldValue;
  readonly at: number;
}

/** What changed between two versions of the vault, field by field; a removed entry becomes a tombstone. */
export function diff(base: readonly VaultEntry[], current: readonly VaultEntry[], now: number): LocalWrite[] {
  const before = new Map(base.map((entry) => [entry.id, entry]));
  const writes: LocalWrite[] = [];
  const seen = new Set<string>();
  for (const entry of current) {
    seen.add(entry.id);
    const at = Math.min(now, Date.parse(entry.updatedAt) || now);
    const old = before.get(entry.id);
    const next = fieldsOf(entry);
    if (!old) {
      for (const [f, v] of next) writes.push({ e: entry.id, f, v, at });
      writes.push({ e: entry.id, f: DELETED, v: false, at });
      continue;
    }
    const prior = fieldsOf(old);
    for (const [f, v] of next)
      if (!sameValue(prior.get(f) ?? null, v)) writes.push({ e: entry.id, f, v, at });
    for (const f of prior.keys()) if (!next.has(f)) writes.push({ e: entry.id, f, v: null, at });
  }
  for (const entry of base)
    if (!seen.has(entry.id)) writes.push({ e: entry.id, f: DELETED, v: true, at: now });
  return writes;
}

/** What one sync round brings: the others' change files and snapshots, read and checked. */
export interface RoundInput {
  readonly self: string;
  /** The sequence number this device's change file of this round will have. */
  readonly seq: number;
  /** How far this device had read each other one before this round (its edits were made then). */
  readonly seenBefore: Readonly<Record<string, number>>;
  readonly sets: readonly ChangeSet[];
  readonly snapshots: readonly (readonly (readonly [string, string, Register])[])[];
  readonly now: number;
}

/**
 * One round, in place on `registers`: this vault's edits since `base` (the list the registers
 * gave last time) are stamped and applied first, as they were made before this round's files
 * were seen; then the snapshots and change files read. Returns the new list (the very same
 * `current` when nothing changed), the stamped local changes and the conflicts found.
 */
export function mergeRound(
  registers: Registers,
  clock: HybridClock,
  base: readonly VaultEntry[],
  current: VaultEntry[],
  input: RoundInput,
): { list: VaultEntry[]; local: Change[]; conflicts: Conflict[] } {
  const local = diff(base, current, input.now).map((write) => ({
    e: write.e,
    f: write.f,
    v: write.v,
    h: clock.tick(write.at),
  }));
  if (local.length > 0)
    applyChangeSet(registers, { device: input.self, seq: input.seq, seen: input.seenBefore, changes: local });
  for (const snapshot of input.snapshots) {
    for (const [, , register] of snapshot) clock.receive(register.h);
    applyRegisters(registers, snapshot);
  }
  const conflicts: Conflict[] = [];
  for (const set of input.sets) {
    for (const change of set.changes) clock.receive(change.h);
    conflicts.push(...applyChangeSet(registers, set));
  }
  const next = materialize(registers);
  return { list: sameList(current, next) ? current : next, local, conflicts };
}

function sameList(a: readonly VaultEntry[], b: readonly VaultEntry[]): boolean {
  return a.length === b.length && JSON.stringify(a) === JSON.stringify(b);
}
