import { randomInt } from 'node:crypto';
import { words, type PersonFacingMessage } from '../../shared/person-facing-error';
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import { decodeBase32 } from '../../shared/otp';
import type { VaultEntry } from '../vault';

/**
 * Google Authenticator's "Transfer accounts" links: otpauth-migration://offline?data=
 * followed by a Base64 protobuf MigrationPayload, split into batches that each fit
 * one QR code. Google Authenticator knows only 6 or 8 digits, a 30 s period and
 * no Steam codes; other entries are left out, each with the reason.
 */

// Field numbers and enum values of Google Authenticator's migration protobuf.
const ALGORITHM = { SHA1: 1, SHA256: 2, SHA512: 3 } as const;
const DIGITS: Readonly<Record<number, number>> = { 6: 1, 8: 2 };
const TYPE = { hotp: 1, totp: 2 } as const;
const LEN = WireType.LengthDelimited;
const VARINT = WireType.Varint;

/** A few accounts per code keeps each QR small enough for any phone camera. */
export const ACCOUNTS_PER_CODE = 5;

/** Why Google Authenticator cannot take this entry, or null when it can. */
export function googleRefusal(entry: VaultEntry): PersonFacingMessage | null {
  if (entry.type === 'steam') return words('transfer.export.googleNoSteam');
  if (DIGITS[entry.digits] === undefined)
    return words('transfer.export.googleDigits', { digits: entry.digits });
  if (entry.type === 'totp' && entry.period !== 30)
    return words('transfer.export.googlePeriod', { period: entry.period });
  return null;
}

/**
 * The name field. Readers (ours, and Google's own display) drop a leading "Issuer:", so an account
 * that itself starts with it is written with the prefix once more, to survive the round trip.
 */
function nameField(entry: VaultEntry): string {
  const prefix = `${entry.issuer}:`;
  return entry.issuer !== '' && entry.account.startsWith(prefix) ? prefix + entry.account : entry.account;
}

function writeOtp(writer: BinaryWriter, entry: VaultEntry): void {
  writer.tag(1, LEN).fork();
  writer.tag(1, LEN).bytes(decodeBase32(entry.secret));
  writer.tag(2, LEN).string(nameField(entry));
  writer.tag(3, LEN).string(entry.issuer);
  writer.tag(4, VARINT).int32(ALGORITHM[entry.algorithm]);
  writer.tag(5, VARINT).int32(DIGITS[entry.digits] as number);
  writer.tag(6, VARINT).int32(TYPE[entry.type as 'hotp' | 'totp']);
  if (entry.type === 'hotp') writer.tag(7, VARINT).int64(entry.counter);
  writer.join();
}

/** One MigrationPayload: its accounts (field 1), version 1, and where it sits in the export (fields 3–5). */
export function migrationPayload(
  batch: readonly VaultEntry[],
  index: number,
  size: number,
  batchId: number,
): Uint8Array {
  const writer = new BinaryWriter();
  for (const entry of batch) writeOtp(writer, entry);
  writer.tag(2, VARINT).int32(1).tag(3, VARINT).int32(size).tag(4, VARINT).int32(index);
  writer.tag(5, VARINT).int32(batchId);
  return writer.finish();
}

export interface MigrationExport {
  /** One link per QR code, in order. */
  readonly links: string[];
  readonly left: { entry: VaultEntry; reason: PersonFacingMessage }[];
}

export function googleMigrationLinks(list: readonly VaultEntry[]): MigrationExport {
  const left: MigrationExport['left'] = [];
  const fit: VaultEntry[] = [];
  for (const entry of list) {
    const reason = googleRefusal(entry);
    if (reason === null) fit.push(entry);
    else left.push({ entry, reason });
  }
  const batches: VaultEntry[][] = [];
  for (let start = 0; start < fit.length; start += ACCOUNTS_PER_CODE)
    batches.push(fit.slice(start, start + ACCOUNTS_PER_CODE));
  const batchId = randomInt(1, 2 ** 31 - 1);
  const links = batches.map((batch, index) => {
    const data = Buffer.from(migrationPayload(batch, index, batches.length, batchId)).toString('base64');
    return `otpauth-migration://offline?data=${encodeURIComponent(data)}`;
  });
  return { links, left };
}
