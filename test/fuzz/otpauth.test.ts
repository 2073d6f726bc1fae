import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatOtpauthUri,
  MAX_OTPAUTH_URI_LENGTH,
  otpAccountSchema,
  OtpInputError,
  parseOtpauthUri,
  type ParsedOtpauthUri,
} from '../../src/shared/otp';
import { accountArbitrary, expectedAfterRoundTrip, tricky } from '../otp/arbitraries';
import { PARSER_FUZZ_SEED, timed } from './report';

/**
 * Fuzzing otpauth:// links (issue 9, item 11): the parser reads links from QR codes, the clipboard, the
 * OS link handler and every importer. Valid links round-trip; links with characters cut, changed or added
 * either parse into an account the vault accepts or give an OtpInputError — nothing else escapes.
 */
const RUNS = 5_000;
const options = (numRuns: number) => ({ seed: PARSER_FUZZ_SEED, numRuns, endOnFailure: true });

/** A string with up to four edits: cut, a character replaced, text inserted (tricky or arbitrary), a span removed. */
function mutatedText(sample: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const insert = fc.oneof(
    tricky,
    fc.string({ unit: 'binary', maxLength: 12 }),
    fc.constantFrom(
      '&secret=',
      '&digits=',
      '&period=',
      '&counter=',
      '&algorithm=',
      '&issuer=',
      '%',
      '%E0%A4',
      '/',
    ),
  );
  const edit = fc.oneof(
    fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: insert }),
    fc.record({
      kind: fc.constant('remove' as const),
      at: fc.nat(),
      length: fc.integer({ min: 1, max: 12 }),
    }),
  );
  return fc.tuple(sample, fc.array(edit, { minLength: 1, maxLength: 4 })).map(([text, edits]) =>
    edits.reduce((current, change) => {
      const at = change.at % Math.max(1, current.length + 1);
      if (change.kind === 'cut') return current.slice(0, at);
      if (change.kind === 'insert') return current.slice(0, at) + change.text + current.slice(at);
      return current.slice(0, at) + current.slice(at + change.length);
    }, text),
  );
}

/** Parses, or returns the OtpInputError; any other error fails the property. */
function parseOrRefuse(text: string): ParsedOtpauthUri | OtpInputError {
  try {
    return parseOtpauthUri(text);
  } catch (error) {
    if (error instanceof OtpInputError) return error;
    throw error;
  }
}

describe('fuzzing otpauth:// links', { timeout: 300_000 }, () => {
  it('format → parse gives the same account back', async () => {
    await timed('otpauth round trip', RUNS, () =>
      fc.assert(
        fc.property(accountArbitrary, (account) => {
          const parsed = parseOtpauthUri(formatOtpauthUri(account));
          expect(parsed.account).toEqual(expectedAfterRoundTrip(account));
        }),
        options(RUNS),
      ),
    );
  });

  it('a damaged link parses into a valid, stable account or is refused with an OtpInputError', async () => {
    const links = mutatedText(accountArbitrary.map(formatOtpauthUri));
    await timed('otpauth damaged links', RUNS, () =>
      fc.assert(
        fc.property(links, (link) => {
          const result = parseOrRefuse(link);
          if (result instanceof OtpInputError) {
            expect(result.message.length).toBeGreaterThan(10);
            return;
          }
          expect(otpAccountSchema.parse(result.account)).toEqual(result.account);
          // What was read once reads the same again once written out.
          expect(parseOtpauthUri(formatOtpauthUri(result.account)).account).toEqual(result.account);
        }),
        options(RUNS),
      ),
    );
  });

  it('links at and past the length limit are refused quickly, never parsed at length', async () => {
    const long = fc
      .tuple(accountArbitrary.map(formatOtpauthUri), fc.integer({ min: 0, max: 3 * MAX_OTPAUTH_URI_LENGTH }))
      .map(([link, extra]) => `${link}&note=${'A'.repeat(extra)}`);
    await timed('otpauth long links', 200, () =>
      fc.assert(
        fc.property(long, (link) => {
          const result = parseOrRefuse(link);
          if (link.length > MAX_OTPAUTH_URI_LENGTH) expect(result).toBeInstanceOf(OtpInputError);
        }),
        options(200),
      ),
    );
  });
});
