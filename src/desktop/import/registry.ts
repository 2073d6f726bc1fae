import { ImportError } from './errors';
import { ImportSource } from './input';
import { aegis } from './formats/aegis';
import { googleAuthenticator } from './formats/google-authenticator';
import { otpauthUris } from './formats/otpauth-uris';
import { twofas } from './formats/twofas';
import { andotp } from './formats/andotp';
import { gnomeAuthenticator } from './formats/gnome-authenticator';
import { bitwarden } from './formats/bitwarden';
import { freeotpPlus } from './formats/freeotp-plus';
import { protonAuthenticator } from './formats/proton-authenticator';
import { enteAuth } from './formats/ente-auth';
import { authenticatorPro } from './formats/authenticator-pro';
import { steam } from './formats/steam';
import { duo } from './formats/duo';
import { freeotp } from './formats/freeotp';
import { authy } from './formats/authy';
import { KdfSession } from './formats/support/crypto';
import type {
  ImportFormat,
  ImportFormatId,
  ImportInput,
  MigrationBatch,
  MigrationExport,
  ParseResult,
  ReadImportOptions,
} from './types';

/**
 * Every importer, in the order sniffing asks them: the most specific first,
 * the plain link list last. A new format is a new file and one line here.
 */
export const IMPORT_FORMATS: readonly ImportFormat[] = [
  aegis,
  twofas,
  bitwarden,
  freeotpPlus,
  protonAuthenticator,
  authenticatorPro,
  steam,
  duo,
  freeotp,
  authy,
  gnomeAuthenticator,
  andotp,
  googleAuthenticator,
  enteAuth,
  otpauthUris,
];

export function formatById(id: ImportFormatId): ImportFormat {
  const format = IMPORT_FORMATS.find((candidate) => candidate.id === id);
  if (!format) throw new ImportError('UNKNOWN_FORMAT', `"${id}" is not a format Twofold imports.`);
  return format;
}

function sourceOf(input: ImportInput | ImportSource): ImportSource {
  return input instanceof ImportSource ? input : new ImportSource(input);
}

/** Files people pick by mistake that no importer reads, each with what to do instead. */
const NOT_EXPORTS: readonly { magic: string; message: string }[] = [
  {
    magic: 'SQLite format 3\u0000',
    message:
      "This is an app's internal database, not an export. Export from the app instead (most can write an Aegis vault or a list of otpauth:// links).",
  },
  { magic: 'PK\u0003\u0004', message: 'This is a ZIP archive: unpack it and import the export inside.' },
  {
    magic: '<?xml',
    message:
      "This XML file is not one Twofold reads (it reads FreeOTP's and Authy's Android settings files). Export from the app instead.",
  },
];

/** The importer for this content; a clear error when none recognises it. */
export function detectFormat(input: ImportInput | ImportSource): ImportFormat {
  const source = sourceOf(input);
  const format = IMPORT_FORMATS.find((candidate) => candidate.sniff(source));
  const mistaken = format ? undefined : NOT_EXPORTS.find(({ magic }) => source.startsWith(magic));
  if (mistaken) throw new ImportError('UNKNOWN_FORMAT', mistaken.message);
  // JSON that does not parse says why (truncated, nested too deep) rather than "unknown".
  if (!format && source.looksLikeJson()) source.json();
  if (!format) {
    throw new ImportError(
      'UNKNOWN_FORMAT',
      `This file is not an export Twofold recognises. It reads: ${IMPORT_FORMATS.map((f) => f.label).join(', ')}.`,
    );
  }
  return format;
}

/** Groups the payloads read by export and lists the QR codes of each that were not given. */
export function summarizeBatches(batches: readonly MigrationBatch[]): MigrationExport[] {
  const byId = new Map<number, { size: number; present: Set<number> }>();
  for (const batch of batches) {
    const found = byId.get(batch.batchId) ?? { size: batch.batchSize, present: new Set<number>() };
    found.size = Math.max(found.size, batch.batchSize);
    found.present.add(batch.batchIndex);
    byId.set(batch.batchId, found);
  }
  return [...byId].map(([batchId, { size, present }]) => ({
    batchId,
    batchSize: size,
    present: [...present].sort((a, b) => a - b),
    missing: Array.from({ length: size }, (_, index) => index).filter((index) => !present.has(index)),
  }));
}

function missingWarnings(exports: readonly MigrationExport[]): string[] {
  return exports
    .filter((found) => found.missing.length > 0)
    .map(
      (found) =>
        `This Google Authenticator export has ${found.batchSize} QR codes; ` +
        `${found.missing.length === 1 ? 'code' : 'codes'} ${found.missing.map((index) => index + 1).join(', ')} ` +
        `${found.missing.length === 1 ? 'is' : 'are'} missing. Scan or add ${
          found.missing.length === 1 ? 'it' : 'them'
        } too to import every account.`,
    );
}

/**
 * Reads one export: sniffs its format (or uses the one forced), decrypts it when
 * it needs a password, and gives every entry it holds plus the ones it could not
 * read. Throws ImportError only, when the file as a whole cannot be read.
 */
export async function readImport(
  input: ImportInput | ImportSource,
  options: ReadImportOptions = {},
): Promise<ParseResult> {
  const source = sourceOf(input);
  const format = options.format ? formatById(options.format) : detectFormat(source);
  const kdf = new KdfSession({
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  let output;
  try {
    output = await format.parse(source, {
      ...(options.password !== undefined ? { password: options.password } : {}),
      kdf,
    });
  } finally {
    kdf.close();
  }
  if (output.entries.length === 0 && output.failures.length === 0) {
    throw new ImportError('NOTHING_FOUND', `This ${format.label} file holds no accounts.`);
  }
  const batches = output.batches ?? [];
  const exports = summarizeBatches(batches);
  return {
    format: format.id,
    entries: output.entries,
    failures: output.failures,
    warnings: [...(output.warnings ?? []), ...missingWarnings(exports)],
    batches,
    exports,
    ...(output.kdf ? { kdf: output.kdf } : {}),
  };
}

/**
 * Joins several files read together (the QR codes of one Google Authenticator
 * export given as separate images, say): a QR code given twice counts once, and
 * the missing ones are worked out over all of them.
 */
export function joinResults(
  results: readonly ParseResult[],
): Omit<ParseResult, 'format'> & { formats: ImportFormatId[] } {
  const entries: ParseResult['entries'][number][] = [];
  const failures: ParseResult['failures'][number][] = [];
  const warnings: string[] = [];
  const batches: MigrationBatch[] = [];
  const seen = new Set<string>();
  for (const result of results) {
    const skipped = new Set<number>();
    for (const batch of result.batches) {
      const key = `${batch.batchId}/${batch.batchIndex}`;
      if (seen.has(key)) {
        for (let i = 0; i < batch.entryCount; i++) skipped.add(batch.firstEntry + i);
        warnings.push(
          `QR code ${batch.batchIndex + 1} of ${batch.batchSize} was given twice; it was read once.`,
        );
        continue;
      }
      seen.add(key);
      batches.push({
        ...batch,
        firstEntry: entries.length + batch.firstEntry - skippedBefore(skipped, batch.firstEntry),
      });
    }
    result.entries.forEach((entry, index) => {
      if (!skipped.has(index)) entries.push(entry);
    });
    failures.push(...result.failures);
    // Per-file "missing" notes are replaced by the joined ones below.
    warnings.push(
      ...result.warnings.filter((warning) => !warning.startsWith('This Google Authenticator export has')),
    );
  }
  const exports = summarizeBatches(batches);
  warnings.push(...missingWarnings(exports));
  return {
    formats: [...new Set(results.map((result) => result.format))],
    entries,
    failures,
    warnings,
    batches,
    exports,
  };
}

function skippedBefore(skipped: ReadonlySet<number>, index: number): number {
  let count = 0;
  for (const position of skipped) if (position < index) count++;
  return count;
}
