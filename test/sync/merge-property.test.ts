import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HybridClock } from '../../src/desktop/sync/hlc';
import { materialize, mergeRound, type ChangeSet, type Registers } from '../../src/desktop/sync/merge';
import { applyPatch, newEntry, renumber } from '../../src/desktop/vault/entries';
import type { VaultEntry } from '../../src/desktop/vault/types';
import { account } from './support';

/**
 * The merge engine on in-memory change sets: two or three devices make random adds, edits and
 * deletes, with skewed clocks, and sync at random moments, each reading the others' unread
 * change files in a random order; after a last round where everyone reads everything, all
 * vaults are the same and nothing is lost that was not deleted. 500 cases.
 */

interface Device {
  id: string;
  list: VaultEntry[];
  registers: Registers;
  clock: HybridClock;
  seq: number;
  /** The list the registers gave at the last round (the base of the next diff). */
  base: VaultEntry[];
  read: Record<string, number>;
  skew: number;
}

type Op =
  | { kind: 'add'; device: number; issuer: string }
  | { kind: 'edit'; device: number; pick: number; note: string }
  | { kind: 'delete'; device: number; pick: number }
  | { kind: 'sync'; device: number; order: number[] };

const opArb = (devices: number): fc.Arbitrary<Op> => {
  const device = fc.integer({ min: 0, max: devices - 1 });
  return fc.oneof(
    fc.record({
      kind: fc.constant('add' as const),
      device,
      issuer: fc.constantFrom('GitHub', 'GitLab', 'AWS', 'Proton'),
    }),
    fc.record({
      kind: fc.constant('edit' as const),
      device,
      pick: fc.nat(),
      note: fc.string({ maxLength: 8 }),
    }),
    fc.record({ kind: fc.constant('delete' as const), device, pick: fc.nat() }),
    fc.record({
      kind: fc.constant('sync' as const),
      device,
      order: fc.array(fc.nat(), { maxLength: 6 }),
    }),
  );
};

function run(devicesCount: number, ops: readonly Op[], skews: readonly number[]) {
  const ids = Array.from({ length: devicesCount }, (_, i) => `${String(i + 1).repeat(32)}`.slice(0, 32));
  const devices: Device[] = ids.map((id, i) => ({
    id,
    list: [],
    registers: new Map(),
    clock: new HybridClock(),
    seq: 0,
    base: [],
    read: {},
    skew: skews[i] ?? 0,
  }));
  const log = new Map<string, ChangeSet[]>(ids.map((id) => [id, []]));
  let time = 1_700_000_000_000;
  const added = new Set<string>();
  const deleted = new Set<string>();

  const sync = (device: Device, order: readonly number[]) => {
    const now = time + device.skew;
    // Unread sets of the others, shuffled by `order` (the merge must not care).
    const unread: ChangeSet[] = [];
    for (const [other, sets] of log) {
      if (other === device.id) continue;
      unread.push(...sets.filter((set) => set.seq > (device.read[other] ?? 0)));
    }
    for (let i = unread.length - 1; i > 0; i--) {
      const j = (order[i % Math.max(1, order.length)] ?? 0) % (i + 1);
      [unread[i], unread[j]] = [unread[j] as ChangeSet, unread[i] as ChangeSet];
    }
    const seenBefore = { ...device.read };
    const round = mergeRound(device.registers, device.clock, device.base, device.list, {
      self: device.id,
      seq: device.seq + 1,
      seenBefore,
      sets: unread,
      snapshots: [],
      now,
    });
    if (round.local.length > 0) {
      device.seq++;
      log
        .get(device.id)
        ?.push({ device: device.id, seq: device.seq, seen: seenBefore, changes: round.local });
    }
    for (const set of unread) device.read[set.device] = Math.max(device.read[set.device] ?? 0, set.seq);
    device.list = round.list;
    device.base = materialize(device.registers);
  };

  for (const op of ops) {
    time += 1000;
    const device = devices[op.device] as Device;
    const stamp = new Date(time + device.skew).toISOString();
    if (op.kind === 'add') {
      const entry = newEntry(account(op.issuer, 'me'), device.list.length, stamp);
      device.list = [...device.list, entry];
      added.add(entry.id);
    } else if (op.kind === 'edit' && device.list.length > 0) {
      const target = device.list[op.pick % device.list.length] as VaultEntry;
      device.list = device.list.map((entry) =>
        entry.id === target.id ? applyPatch(entry, { note: op.note }, stamp) : entry,
      );
    } else if (op.kind === 'delete' && device.list.length > 0) {
      const target = device.list[op.pick % device.list.length] as VaultEntry;
      device.list = renumber(device.list.filter((entry) => entry.id !== target.id));
      deleted.add(target.id);
    } else if (op.kind === 'sync') {
      sync(device, op.order);
    }
  }
  // Everyone writes what is left, then everyone reads everything.
  for (const device of devices) sync(device, []);
  for (const device of devices) sync(device, [3, 1, 4, 1, 5]);
  return { devices, added, deleted };
}

describe('the merge engine (property)', () => {
  it('converges: same changes seen, same vault; nothing lost that was not deleted (500 cases)', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 3 })
          .chain((count) =>
            fc.tuple(
              fc.constant(count),
              fc.array(opArb(count), { minLength: 1, maxLength: 40 }),
              fc.array(fc.integer({ min: -120_000, max: 120_000 }), { minLength: count, maxLength: count }),
            ),
          ),
        ([count, ops, skews]) => {
          const { devices, added, deleted } = run(count, ops, skews);
          const first = JSON.stringify((devices[0] as Device).list);
          for (const device of devices) expect(JSON.stringify(device.list)).toBe(first);
          const ids = new Set((devices[0] as Device).list.map((entry) => entry.id));
          for (const id of added) expect(ids.has(id)).toBe(!deleted.has(id));
          // Idempotent: reading everything again changes nothing.
          for (const device of devices) {
            const before = device.list;
            const again = mergeRound(device.registers, device.clock, device.base, device.list, {
              self: device.id,
              seq: device.seq + 1,
              seenBefore: device.read,
              sets: [],
              snapshots: [],
              now: Date.now(),
            });
            expect(again.local).toEqual([]);
            expect(again.list).toBe(before);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
