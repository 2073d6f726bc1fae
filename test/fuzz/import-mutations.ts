import fc from 'fast-check';
import { expect } from 'vitest';
import { ImportError } from '../../src/desktop/import/errors';
import { readImport } from '../../src/desktop/import/registry';
import type { ImportFormatId, ImportInput, ParseResult } from '../../src/desktop/import/types';
import { otpAccountSchema } from '../../src/shared/otp';

/** One seed for every import fuzz run, so a failure replays exactly. */
export const FUZZ_SEED = 20_261_130;

/** A run that takes longer than this counts as a hang (generous: CI has two busy cores). */
export const RUN_TIMEOUT_MS = 10_000;

export const fuzzOptions = (numRuns: number) => ({
  seed: FUZZ_SEED,
  numRuns,
  timeout: RUN_TIMEOUT_MS,
  endOnFailure: true,
});

type Path = (string | number)[];

function pathsOf(value: unknown, path: Path = [], out: Path[] = []): Path[] {
  out.push(path);
  if (Array.isArray(value)) value.forEach((item, index) => pathsOf(item, [...path, index], out));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) pathsOf(item, [...path, key], out);
  }
  return out;
}

function setAt(root: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy: unknown = structuredClone(root);
  let node: unknown = copy;
  for (const key of path.slice(0, -1)) {
    if (typeof node !== 'object' || node === null) return root;
    node = (node as Record<string | number, unknown>)[key];
  }
  // An earlier edit may have replaced this path's parent: then this edit has nothing to change.
  if (typeof node !== 'object' || node === null) return root;
  const parent = node as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (replacement === undefined && !Array.isArray(parent)) delete parent[last];
  else parent[last] = replacement;
  return copy;
}

/** Valid-looking files with a few fields swapped for anything JSON can hold (or removed). */
export function mutatedJson(
  sample: unknown,
  editable: (path: Path) => boolean = () => true,
): fc.Arbitrary<unknown> {
  const paths = pathsOf(sample).filter(editable);
  const replacement = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.constant(undefined),
    fc.constantFrom(null, '', 0, -1, Number.POSITIVE_INFINITY, 2 ** 53, 'SHA1', 'HOTP', 'steam', [], {}),
    fc.string({ unit: 'binary', maxLength: 40 }),
  );
  return fc
    .array(fc.tuple(fc.constantFrom(...paths), replacement), { minLength: 1, maxLength: 4 })
    .map((edits) => edits.reduce<unknown>((value, [path, next]) => setAt(value, path, next), sample));
}

/** The text of a file cut, with bytes flipped, inserted or removed. */
export function mutatedBytes(sample: Uint8Array, keepPrefix = 0): fc.Arbitrary<Uint8Array> {
  const edit = fc.oneof(
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
    fc.record({
      kind: fc.constant('insert' as const),
      at: fc.nat(),
      bytes: fc.uint8Array({ maxLength: 16 }),
    }),
    fc.record({
      kind: fc.constant('remove' as const),
      at: fc.nat(),
      length: fc.integer({ min: 1, max: 16 }),
    }),
  );
  return fc.array(edit, { minLength: 1, maxLength: 4 }).map((edits) => {
    let bytes = Uint8Array.from(sample);
    for (const change of edits) {
      const span = Math.max(1, bytes.length - keepPrefix);
      const at = keepPrefix + (change.at % span);
      if (change.kind === 'truncate') bytes = bytes.slice(0, at);
      else if (change.kind === 'flip') {
        if (at < bytes.length) bytes[at] = change.byte;
      } else if (change.kind === 'insert')
        bytes = Uint8Array.from([...bytes.slice(0, at), ...change.bytes, ...bytes.slice(at)]);
      else bytes = Uint8Array.from([...bytes.slice(0, at), ...bytes.slice(at + change.length)]);
    }
    return bytes;
  });
}

export function jsonBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value) ?? 'null');
}

/**
 * The property every importer keeps: on any input it either gives entries that
 * satisfy the vault's account schema, or throws an ImportError with a message;
 * nothing else escapes (no TypeError, RangeError, SyntaxError, zod error).
 */
export async function readsOrRefusesCleanly(
  input: ImportInput,
  options: { format?: ImportFormatId; password?: string } = {},
): Promise<void> {
  let result: ParseResult;
  try {
    result = await readImport(input, options);
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    expect(error.message.length).toBeGreaterThan(10);
    return;
  }
  for (const entry of result.entries) {
    const { group, note, ...account } = entry;
    otpAccountSchema.parse(account);
    if (group !== undefined) expect(typeof group).toBe('string');
    if (note !== undefined) expect(typeof note).toBe('string');
  }
  for (const failure of result.failures) {
    expect(failure.label).not.toBe('');
    expect(failure.reason).not.toBe('');
  }
}
