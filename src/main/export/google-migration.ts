import { randomInt } from 'node:crypto';
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

/** A few accounts per code keeps each QR small enough for any phone camera. */
export const ACCOUNTS_PER_CODE = 5;

function varint(value: bigint): number[] {
  // Negative int32/int64 are written as their 64-bit two's complement (10 bytes).
  let rest = BigInt.asUintN(64, value);
  const bytes: number[] = [];
  do {
    const low = Number(rest & 0x7fn);
    rest >>= 7n;
    bytes.push(rest > 0n ? low | 0x80 : low);
  } while (rest > 0n);
  return bytes;
}

const tag = (field: number, wire: 0 | 2) => varint(BigInt((field << 3) | wire));

function varintField(field: number, value: number | bigint): number[] {
  return [...tag(field, 0), ...varint(BigInt(value))];
}

function bytesField(field: number, bytes: Uint8Array): number[] {
  return [...tag(field, 2), ...varint(BigInt(bytes.length)), ...bytes];
}

const text = (value: string) => new TextEncoder().encode(value);

/** Why Google Authenticator cannot take this entry, or null when it can. */
export function googleRefusal(entry: VaultEntry): string | null {
  if (entry.type === 'steam') return 'Google Authenticator has no Steam codes';
  if (DIGITS[entry.digits] === undefined)
    return `Google Authenticator shows only 6 or 8 digits, not ${entry.digits}`;
  if (entry.type === 'totp' && entry.period !== 30)
    return `Google Authenticator uses 30-second codes, not ${entry.period}-second ones`;
  return null;
}

function otpParameters(entry: VaultEntry): number[] {
  return [
    ...bytesField(1, decodeBase32(entry.secret)),
    ...bytesField(2, text(entry.account)),
    ...bytesField(3, text(entry.issuer)),
    ...varintField(4, ALGORITHM[entry.algorithm]),
    ...varintField(5, DIGITS[entry.digits] as number),
    ...varintField(6, TYPE[entry.type as 'hotp' | 'totp']),
    ...(entry.type === 'hotp' ? varintField(7, entry.counter) : []),
  ];
}

export function migrationPayload(
  batch: readonly VaultEntry[],
  index: number,
  size: number,
  batchId: number,
): Uint8Array {
  const bytes: number[] = [];
  for (const entry of batch) bytes.push(...bytesField(1, Uint8Array.from(otpParameters(entry))));
  bytes.push(
    ...varintField(2, 1),
    ...varintField(3, size),
    ...varintField(4, index),
    ...varintField(5, batchId),
  );
  return Uint8Array.from(bytes);
}

export interface MigrationExport {
  /** One link per QR code, in order. */
  readonly links: string[];
  readonly left: { entry: VaultEntry; reason: string }[];
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
