import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nodeOtpEngine } from '../../src/node/otp-engine';
import {
  createOtpEngine,
  decodeBase32,
  encodeBase32,
  type HashAlgorithm,
  type OtpKey,
} from '../../src/shared/otp';
import { skipReason } from '../support/skip';

const OATHTOOL = process.env.TWOFOLD_OATHTOOL ?? '/usr/bin/oathtool';
const run = promisify(execFile);

/** Codes per oathtool call: the case's own step and the next WINDOW ones (oathtool -w). */
const WINDOW = 2;
const CONCURRENCY = 4;
const SEED = Number(process.env.TWOFOLD_OTP_SEED ?? 20_061_238);

interface Case {
  readonly kind: 'totp' | 'hotp';
  readonly secret: string;
  readonly algorithm: HashAlgorithm;
  readonly digits: number;
  readonly period: number;
  /** Unix seconds for TOTP, the counter for HOTP. */
  readonly at: number;
}

const caseArbitrary = (kind: Case['kind']): fc.Arbitrary<Case> =>
  fc.record({
    kind: fc.constant(kind),
    // Real secrets run from 80 bits (often) to 512; encoded canonically for oathtool.
    secret: fc.uint8Array({ minLength: 10, maxLength: 64 }).map(encodeBase32),
    // oathtool computes HOTP with SHA1 only.
    algorithm: kind === 'hotp' ? fc.constant('SHA1' as const) : fc.constantFrom('SHA1', 'SHA256', 'SHA512'),
    digits: fc.integer({ min: 6, max: 8 }),
    period: fc.integer({ min: 15, max: 120 }),
    at: kind === 'hotp' ? fc.integer({ min: 0, max: 2 ** 40 }) : fc.integer({ min: 0, max: 20_000_000_000 }),
  });

function oathtoolArgs(c: Case): string[] {
  const common = ['-b', '-d', String(c.digits), '-w', String(WINDOW)];
  if (c.kind === 'hotp') return ['--hotp', ...common, '-c', String(c.at), c.secret];
  return [`--totp=${c.algorithm}`, ...common, '-s', `${c.period}s`, '-N', `@${c.at}`, c.secret];
}

async function oathtoolCodes(c: Case): Promise<string[]> {
  const { stdout } = await run(OATHTOOL, oathtoolArgs(c), { timeout: 10_000 });
  return stdout.trim().split('\n');
}

function ourCodes(c: Case, engine = nodeOtpEngine): string[] {
  const key: OtpKey = {
    type: c.kind,
    secret: decodeBase32(c.secret),
    algorithm: c.algorithm,
    digits: c.digits,
    period: c.period,
  };
  return Array.from({ length: WINDOW + 1 }, (_, i) =>
    c.kind === 'hotp' ? engine.hotp(key, c.at + i) : engine.totp(key, c.at + i * c.period),
  );
}

/** Runs all cases through oathtool, a few processes at a time. */
async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

const unavailable = existsSync(OATHTOOL) ? null : `no oathtool at ${OATHTOOL} (apt-get install oathtool)`;

describe.skipIf(skipReason('oathtool cross-check', unavailable))('codes agree with oathtool', () => {
  const cases = [
    ...fc.sample(caseArbitrary('totp'), { seed: SEED, numRuns: 500 }),
    ...fc.sample(caseArbitrary('hotp'), { seed: SEED + 1, numRuns: 100 }),
  ];
  const pure = createOtpEngine();

  // Generous: 600 short processes take seconds, but far longer on a machine shared with other builds.
  it(
    `matches ${cases.length} random cases × ${WINDOW + 1} steps (seed ${SEED})`,
    { timeout: 180_000 },
    async () => {
      const expected = await mapLimited(cases, CONCURRENCY, oathtoolCodes);
      const mismatches = cases.flatMap((c, i) => {
        const theirs = expected[i] ?? [];
        const ours = ourCodes(c);
        const pureJs = ourCodes(c, pure);
        const same =
          JSON.stringify(ours) === JSON.stringify(theirs) &&
          JSON.stringify(pureJs) === JSON.stringify(theirs);
        return same ? [] : [{ args: oathtoolArgs(c).join(' '), oathtool: theirs, node: ours, noble: pureJs }];
      });
      expect(mismatches.slice(0, 5)).toEqual([]);
      // Guard against a silently empty comparison.
      expect(expected.flat()).toHaveLength(cases.length * (WINDOW + 1));
    },
  );
});
