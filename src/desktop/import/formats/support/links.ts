import { OtpInputError, parseOtpauthUri } from '../../../../shared/otp';
import { EntryError, failureOf } from '../../errors';
import type { ImportFailure, ImportedEntry, ImportWords } from '../../types';
import { words } from '../../../../shared/person-facing-error';
import { makeEntry } from './entry';

/** What an app keeps beside a link (Ente's tags and notes…). */
export interface LinkExtras {
  group?: string;
  note?: string;
  /** Leave the entry out without calling it a failure. */
  skip?: boolean;
}

/** Names an otpauth link in the preview by its label, never by its query (which holds the secret). */
export function labelOfLink(link: string, fallback: ImportWords): ImportWords {
  const match = /^otpauth:\/\/[^/?#]*\/([^?#]*)/i.exec(link.trim());
  if (!match?.[1]) return fallback;
  try {
    return decodeURIComponent(match[1]).slice(0, 120) || fallback;
  } catch {
    return fallback;
  }
}

/** Reads one otpauth:// link into a checked entry; warnings are added to `warnings`. */
export function entryFromLink(link: string, extras: LinkExtras, warnings: ImportWords[]): ImportedEntry {
  const { account, warnings: linkWarnings } = parseOtpauthUri(link);
  // The link's own warnings come from the otpauth parser, as it words them.
  for (const warning of linkWarnings)
    warnings.push(
      words('transfer.import.linkWarning', {
        link: labelOfLink(link, words('transfer.import.aLink')),
        warning,
      }),
    );
  return makeEntry(
    extras.group || extras.note ? { ...account, group: extras.group, note: extras.note } : account,
  );
}

export interface LinkLinesResult {
  entries: ImportedEntry[];
  failures: ImportFailure[];
  warnings: ImportWords[];
}

/** Splits a text into the lines that carry something: no blanks, no `#` comments. */
export function meaningfulLines(text: string): { line: string; number: number }[] {
  const lines: { line: string; number: number }[] = [];
  text.split(/\r\n|\r|\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line !== '' && !line.startsWith('#')) lines.push({ line, number: index + 1 });
  });
  return lines;
}

/** Reads one link per line; a line that is not a readable link is listed as a failure. */
export function readLinkLines(
  text: string,
  extrasOf: (link: string) => LinkExtras = () => ({}),
): LinkLinesResult {
  const result: LinkLinesResult = { entries: [], failures: [], warnings: [] };
  for (const { line, number } of meaningfulLines(text)) {
    try {
      if (!/^otpauth:\/\//i.test(line)) throw new EntryError(words('transfer.entry.lineNotLink', { number }));
      const extras = extrasOf(line);
      if (extras.skip) continue;
      result.entries.push(entryFromLink(line, extras, result.warnings));
    } catch (error) {
      if (!(error instanceof EntryError || error instanceof OtpInputError)) throw error;
      result.failures.push(failureOf(labelOfLink(line, words('transfer.entry.line', { number })), error));
    }
  }
  return result;
}
