import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import { decodeImageFile, ImageRefusedError } from '../../qr';
import { EntryError, failureOf, ImportError } from '../errors';
import { words, type PersonFacingMessage } from '../../../shared/person-facing-error';
import {
  importFormat,
  type FormatOutput,
  type ImportedEntry,
  type ImportFailure,
  type ImportWords,
  type MigrationBatch,
  type MigrationExport,
} from '../types';
import type { ImportSource } from '../input';
import { collectEntries, labelOf, makeEntry } from './support/entry';
import { entryFromLink, labelOfLink, meaningfulLines } from './support/links';
import { OtpInputError, type OtpType } from '../../../shared/otp';

/** Google Authenticator's "Transfer accounts" export: otpauth-migration://offline?data=<base64 protobuf>. */

/** One OtpParameters message, as far as the fields are known. */
interface MigrationOtp {
  secret: Uint8Array;
  name: string;
  issuer: string;
  algorithm: number;
  digits: number;
  type: number;
  counter: number;
}

interface MigrationPayload {
  otps: MigrationOtp[];
  version: number;
  batchSize: number;
  batchIndex: number;
  batchId: number;
}

/** A payload is a few accounts; anything near this is not one. */
const MAX_PAYLOAD_BYTES = 1024 * 1024;

function readOtp(bytes: Uint8Array): MigrationOtp {
  const reader = new BinaryReader(bytes);
  const otp: MigrationOtp = {
    secret: new Uint8Array(),
    name: '',
    issuer: '',
    algorithm: 0,
    digits: 0,
    type: 0,
    counter: 0,
  };
  while (reader.pos < reader.len) {
    const [field, wireType] = reader.tag();
    if (field === 1 && wireType === WireType.LengthDelimited) otp.secret = reader.bytes();
    else if (field === 2 && wireType === WireType.LengthDelimited) otp.name = reader.string();
    else if (field === 3 && wireType === WireType.LengthDelimited) otp.issuer = reader.string();
    else if (field === 4 && wireType === WireType.Varint) otp.algorithm = reader.int32();
    else if (field === 5 && wireType === WireType.Varint) otp.digits = reader.int32();
    else if (field === 6 && wireType === WireType.Varint) otp.type = reader.int32();
    else if (field === 7 && wireType === WireType.Varint) otp.counter = Number(reader.int64());
    else reader.skip(wireType, field, 8);
  }
  return otp;
}

/** Decodes the protobuf payload; a broken one is the whole link's error. */
export function decodeMigrationPayload(bytes: Uint8Array): MigrationPayload {
  if (bytes.length > MAX_PAYLOAD_BYTES)
    throw new ImportError('TOO_LARGE', words('transfer.google.linkTooLarge'));
  const payload: MigrationPayload = { otps: [], version: 0, batchSize: 1, batchIndex: 0, batchId: 0 };
  try {
    const reader = new BinaryReader(bytes);
    while (reader.pos < reader.len) {
      const [field, wireType] = reader.tag();
      if (field === 1 && wireType === WireType.LengthDelimited) payload.otps.push(readOtp(reader.bytes()));
      else if (field === 2 && wireType === WireType.Varint) payload.version = reader.int32();
      else if (field === 3 && wireType === WireType.Varint) payload.batchSize = reader.int32();
      else if (field === 4 && wireType === WireType.Varint) payload.batchIndex = reader.int32();
      else if (field === 5 && wireType === WireType.Varint) payload.batchId = reader.int32();
      else reader.skip(wireType, field, 8);
    }
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError('MALFORMED', words('transfer.google.dataDamaged'), { cause: error });
  }
  if (payload.batchSize < 1) payload.batchSize = 1;
  if (payload.batchIndex < 0 || payload.batchIndex >= payload.batchSize) {
    throw new ImportError(
      'MALFORMED',
      words('transfer.google.batchOutOfRange', { index: payload.batchIndex + 1, size: payload.batchSize }),
    );
  }
  return payload;
}

/** The `data` parameter's bytes. `+` stays `+` (base64), never a space as in a form. */
export function migrationData(link: string): Uint8Array {
  const match = /[?&]data=([^&#]*)/i.exec(link);
  if (!match?.[1]) throw new ImportError('MALFORMED', words('transfer.google.noData'));
  let base64: string;
  try {
    base64 = decodeURIComponent(match[1]);
  } catch {
    throw new ImportError('MALFORMED', words('transfer.google.brokenEscape'));
  }
  base64 = base64.replace(/\s/g, '').replace(/-/g, '+').replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.replace(/=+$/, '').length % 4 === 1) {
    throw new ImportError('MALFORMED', words('transfer.google.notBase64', { encoding: 'base64' }));
  }
  return Uint8Array.from(Buffer.from(base64, 'base64'));
}

const TYPES: Record<number, OtpType> = { 0: 'totp', 1: 'hotp', 2: 'totp' };
const ALGORITHMS: Record<number, string> = { 0: 'SHA1', 1: 'SHA1', 2: 'SHA256', 3: 'SHA512', 4: 'MD5' };
const DIGITS: Record<number, number> = { 0: 6, 1: 6, 2: 8 };

/** GA puts "Issuer:account" in the name; the prefix is dropped when it repeats the issuer. */
function accountName(name: string, issuer: string): string {
  const prefix = `${issuer}:`;
  return issuer !== '' && name.startsWith(prefix) ? name.slice(prefix.length).trim() : name;
}

const GOOGLE = 'Google Authenticator';

function entryOf(otp: MigrationOtp): ImportedEntry {
  const type = TYPES[otp.type];
  if (!type) throw new EntryError(words('transfer.entry.typeNotWritten', { type: otp.type, app: GOOGLE }));
  const algorithm = ALGORITHMS[otp.algorithm];
  if (!algorithm)
    throw new EntryError(
      words('transfer.entry.algorithmNotWritten', { algorithm: otp.algorithm, app: GOOGLE }),
    );
  const digits = DIGITS[otp.digits];
  if (!digits)
    throw new EntryError(words('transfer.entry.digitsNotWritten', { digits: otp.digits, app: GOOGLE }));
  return makeEntry({
    type,
    issuer: otp.issuer,
    account: accountName(otp.name, otp.issuer),
    secret: otp.secret,
    algorithm,
    digits,
    counter: otp.counter,
  });
}

/** Reads texts (lines of a file, or QR codes of an image): migration links and plain otpauth links alike. */
function readTexts(texts: readonly { text: string; where: PersonFacingMessage }[]): FormatOutput {
  const output: FormatOutput & { warnings: ImportWords[]; batches: MigrationBatch[] } = {
    entries: [],
    failures: [],
    warnings: [],
    batches: [],
  };
  const seen = new Set<string>();
  for (const { text, where } of texts) {
    const at = text.search(/otpauth-migration:\/\//i);
    if (at === -1) {
      if (/^otpauth:\/\//i.test(text)) {
        try {
          output.entries.push(entryFromLink(text, {}, output.warnings));
        } catch (error) {
          if (!(error instanceof EntryError || error instanceof OtpInputError)) throw error;
          output.failures.push(failureOf(labelOfLink(text, where), error));
        }
      } else {
        output.failures.push(failureOf(where, new EntryError(words('transfer.google.neitherExportNorLink'))));
      }
      continue;
    }
    if (at > 0) output.warnings.push(words('transfer.google.textBefore', { where }));
    let payload: MigrationPayload;
    try {
      payload = decodeMigrationPayload(migrationData(text.slice(at)));
    } catch (error) {
      // One damaged QR code of several is that code's failure; a lone one is the file's error.
      if (!(error instanceof ImportError) || texts.length === 1) throw error;
      output.failures.push(failureOf(where, error));
      continue;
    }
    const key = `${payload.batchId}/${payload.batchIndex}`;
    if (seen.has(key)) {
      output.warnings.push(givenTwice(payload.batchIndex, payload.batchSize));
      continue;
    }
    seen.add(key);
    const collected: { entries: ImportedEntry[]; failures: ImportFailure[] } = collectEntries(
      payload.otps,
      (otp, index) => labelOf(otp.issuer, otp.name, index),
      entryOf,
    );
    output.batches.push({
      batchId: payload.batchId,
      batchIndex: payload.batchIndex,
      batchSize: payload.batchSize,
      firstEntry: output.entries.length,
      entryCount: collected.entries.length,
    });
    output.entries.push(...collected.entries);
    output.failures.push(...collected.failures);
  }
  return output;
}

/** The texts of the QR codes in an image, or a clear error when there are none to use. */
async function imageTexts(bytes: Uint8Array): Promise<string[]> {
  let texts: string[];
  try {
    texts = await decodeImageFile(bytes);
  } catch (error) {
    if (error instanceof ImageRefusedError)
      throw new ImportError('TOO_LARGE', error.words ?? error.message, { cause: error });
    throw new ImportError('MALFORMED', words('transfer.google.imageUnreadable'), { cause: error });
  }
  if (texts.length === 0) {
    throw new ImportError('NOTHING_FOUND', words('transfer.google.noQrCode'));
  }
  if (!texts.some((text) => /^(otpauth-migration|otpauth):\/\//i.test(text.trim()))) {
    throw new ImportError('NOTHING_FOUND', words('transfer.google.qrNeither'));
  }
  return texts;
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

function missingWarnings(exports: readonly MigrationExport[]): PersonFacingMessage[] {
  return exports
    .filter((found) => found.missing.length > 0)
    .map((found) =>
      words('transfer.google.missingCodes', {
        size: found.batchSize,
        count: found.missing.length,
        codes: found.missing.map((index) => index + 1).join(', '),
      }),
    );
}

const givenTwice = (index: number, size: number) =>
  words('transfer.google.givenTwice', { index: index + 1, size });

function skippedBefore(skipped: ReadonlySet<number>, index: number): number {
  let count = 0;
  for (const position of skipped) if (position < index) count++;
  return count;
}

/**
 * Joins the QR codes of one export given as several files (or one file): a QR code given twice
 * counts once, and the missing ones are worked out over all of them. Each file's output holds no
 * "missing" note of its own; they are made here, once, for the whole.
 */
function joinOutputs(outputs: readonly FormatOutput[]): FormatOutput {
  const entries: ImportedEntry[] = [];
  const failures: ImportFailure[] = [];
  const warnings: ImportWords[] = [];
  const batches: MigrationBatch[] = [];
  const seen = new Set<string>();
  for (const output of outputs) {
    const skipped = new Set<number>();
    for (const batch of output.batches ?? []) {
      const key = `${batch.batchId}/${batch.batchIndex}`;
      if (seen.has(key)) {
        for (let i = 0; i < batch.entryCount; i++) skipped.add(batch.firstEntry + i);
        warnings.push(givenTwice(batch.batchIndex, batch.batchSize));
        continue;
      }
      seen.add(key);
      batches.push({
        ...batch,
        firstEntry: entries.length + batch.firstEntry - skippedBefore(skipped, batch.firstEntry),
      });
    }
    output.entries.forEach((entry, index) => {
      if (!skipped.has(index)) entries.push(entry);
    });
    failures.push(...output.failures);
    warnings.push(...(output.warnings ?? []));
  }
  const exports = summarizeBatches(batches);
  warnings.push(...missingWarnings(exports));
  return { entries, failures, warnings, batches, exports };
}

export const googleAuthenticator = importFormat({
  id: 'google-authenticator',
  label: 'Google Authenticator (Transfer accounts)',
  help: 'Google Authenticator: menu → Transfer accounts → Export accounts; scan the QR codes with Scan screen, or give photos or screenshots of all of them.',
  sniff(source) {
    if (source.isImage()) return true;
    const text = source.text();
    return text !== null && !source.looksLikeJson() && /otpauth-migration:\/\//i.test(text.slice(0, 65_536));
  },
  needsPassword: () => false,
  async parse(source: ImportSource) {
    if (source.isImage()) {
      const texts = await imageTexts(source.bytes);
      return readTexts(
        texts.map((text, index) => ({
          text: text.trim(),
          where: words('transfer.google.qrCode', { number: index + 1 }),
        })),
      );
    }
    const text = source.requireText('googleExport');
    const lines = meaningfulLines(text).map(({ line, number }) => ({
      text: line,
      where: words('transfer.entry.line', { number }),
    }));
    if (!lines.some(({ text: line }) => /otpauth-migration:\/\//i.test(line))) {
      throw new ImportError('MALFORMED', words('transfer.google.noMigrationLink'));
    }
    return readTexts(lines);
  },
  join: joinOutputs,
});
