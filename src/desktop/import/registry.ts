import { ImportError, inEnglish } from './errors';
import { ImportSource } from './input';
import { words, type PersonFacingMessage } from '../../shared/person-facing-error';
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
import { twofoldBackup } from './formats/twofold-backup';
import { KdfSession } from './formats/support/crypto';
import type { FormatOutput, ImportFormat, ImportInput, ParseResult, ReadImportOptions } from './types';

/**
 * Every importer, in the order sniffing asks them: the most specific first,
 * the plain link list last. This is the one list: the ids `--format` takes, the
 * formats the Transfer view names with their help, and the "It reads: …" message
 * all come from it. A new format is a new file and one line here.
 */
export const IMPORT_FORMATS = [
  twofoldBackup,
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
] as const;

/** Every importer, by the id `--format` takes. */
export type ImportFormatId = (typeof IMPORT_FORMATS)[number]['id'];
export const IMPORT_FORMAT_IDS: readonly ImportFormatId[] = IMPORT_FORMATS.map((format) => format.id);

export function formatById(id: ImportFormatId): ImportFormat<ImportFormatId> {
  const format = IMPORT_FORMATS.find((candidate) => candidate.id === id);
  if (!format) throw new ImportError('UNKNOWN_FORMAT', words('transfer.import.unknownFormatId', { id }));
  return format;
}

function sourceOf(input: ImportInput | ImportSource): ImportSource {
  return input instanceof ImportSource ? input : new ImportSource(input);
}

/** Files people pick by mistake that no importer reads, each with what to do instead. */
const NOT_EXPORTS: readonly { magic: string; message: PersonFacingMessage }[] = [
  { magic: 'SQLite format 3\u0000', message: words('transfer.import.appDatabase') },
  { magic: 'PK\u0003\u0004', message: words('transfer.import.zipArchive', { format: 'ZIP' }) },
  { magic: '<?xml', message: words('transfer.import.otherXml', { format: 'XML' }) },
];

/** The importer for this content; a clear error when none recognises it. */
export function detectFormat(input: ImportInput | ImportSource): ImportFormat<ImportFormatId> {
  const source = sourceOf(input);
  const format = IMPORT_FORMATS.find((candidate) => candidate.sniff(source));
  const mistaken = format ? undefined : NOT_EXPORTS.find(({ magic }) => source.startsWith(magic));
  if (mistaken) throw new ImportError('UNKNOWN_FORMAT', mistaken.message);
  // JSON that does not parse says why (truncated, nested too deep) rather than "unknown".
  if (!format && source.looksLikeJson()) source.json();
  if (!format) {
    throw new ImportError(
      'UNKNOWN_FORMAT',
      // App names are data: joined as written, whatever the language.
      words('transfer.import.unknownFormat', { formats: IMPORT_FORMATS.map((f) => f.label).join(', ') }),
    );
  }
  return format;
}

/** One file read by its format, before it is joined with the others of its import. */
interface FileRead {
  readonly format: ImportFormat<ImportFormatId>;
  readonly output: FormatOutput;
}

async function readFile(input: ImportInput | ImportSource, options: ReadImportOptions): Promise<FileRead> {
  const source = sourceOf(input);
  const format = options.format ? formatById(options.format) : detectFormat(source);
  // Each file has its own derivation budget, in a worker the signal can stop.
  const kdf = new KdfSession({
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  let output: FormatOutput;
  try {
    output = await format.parse(source, {
      ...(options.password !== undefined ? { password: options.password } : {}),
      kdf,
    });
  } finally {
    kdf.close();
  }
  if (output.entries.length === 0 && output.failures.length === 0) {
    throw new ImportError('NOTHING_FOUND', words('transfer.import.noAccounts', { app: format.label }));
  }
  return { format, output };
}

/** Several outputs of one format without a join of its own: one after the other. */
function concatenate(outputs: readonly FormatOutput[]): FormatOutput {
  return {
    entries: outputs.flatMap((output) => output.entries),
    failures: outputs.flatMap((output) => output.failures),
    warnings: outputs.flatMap((output) => output.warnings ?? []),
  };
}

/** Every file read together as one import. */
export type JoinedImport = Omit<ParseResult, 'format'> & { formats: ImportFormatId[] };

/**
 * Joins files read together, in the order given: the files of a format that joins its
 * own (Google Authenticator's QR codes) are joined by it, where the first of them came.
 */
function join(reads: readonly FileRead[]): JoinedImport {
  const parts: FormatOutput[] = [];
  const joined = new Set<ImportFormat<ImportFormatId>>();
  for (const { format, output } of reads) {
    if (!format.join) parts.push(output);
    else if (!joined.has(format)) {
      joined.add(format);
      parts.push(format.join(reads.filter((read) => read.format === format).map((read) => read.output)));
    }
  }
  const whole = concatenate(parts);
  return {
    formats: [...new Set(reads.map((read) => read.format.id))],
    entries: whole.entries,
    failures: whole.failures,
    warnings: (whole.warnings ?? []).map(inEnglish),
    warningWords: whole.warnings ?? [],
    batches: parts.flatMap((part) => part.batches ?? []),
    exports: parts.flatMap((part) => part.exports ?? []),
  };
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
  const read = await readFile(input, options);
  const { formats: _formats, ...joined } = join([read]);
  return { format: read.format.id, ...joined, ...(read.output.kdf ? { kdf: read.output.kdf } : {}) };
}

/**
 * Reads several files as one import (the QR codes of one Google Authenticator export
 * given as separate images, say), each with the same password and forced format. The
 * first file that cannot be read at all stops the whole import (ImportError).
 */
export async function readImports(
  inputs: readonly (ImportInput | ImportSource)[],
  options: ReadImportOptions = {},
): Promise<JoinedImport> {
  const reads: FileRead[] = [];
  for (const input of inputs) reads.push(await readFile(input, options));
  return join(reads);
}
