import type { NewEntry } from '../vault/types';
import type { ImportSource } from './input';
import type { ImportFormatId } from './registry';
import type { KdfControl, KdfSession } from './formats/support/crypto';
import type { PersonFacingMessage } from '../../shared/person-facing-error';

/** Every importer's id, as `--format` takes it: derived from the registry's list. */
export type { ImportFormatId };

/** A file as the user gave it: its bytes, and its name when there is one (a hint, never trusted alone). */
export interface ImportInput {
  readonly bytes: Uint8Array;
  readonly fileName?: string;
}

/** One account read from an export, ready for the vault's add (group and note kept when the app had them). */
export type ImportedEntry = NewEntry;

/** Words from an import for a person: a catalogue message, or data (names, another area's English) as written. */
export type ImportWords = string | PersonFacingMessage;

/** An entry that could not be read: what it was (never its secret) and why. */
export interface ImportFailure {
  /** In English (the CLI's language), as are `reason` and the warnings. */
  readonly label: string;
  readonly reason: string;
  /** The label and the reason as the window says them, in the app's language. */
  readonly words: { readonly label: ImportWords; readonly reason: ImportWords };
}

/** One Google Authenticator migration payload (one QR code) that was read. */
export interface MigrationBatch {
  /** Shared by every QR code of one export. */
  readonly batchId: number;
  /** 0-based position of this QR code in the export. */
  readonly batchIndex: number;
  readonly batchSize: number;
  /** Where this payload's entries sit in `entries`. */
  readonly firstEntry: number;
  readonly entryCount: number;
}

/** One Google Authenticator export as far as it was given: which of its QR codes are here and which are not. */
export interface MigrationExport {
  readonly batchId: number;
  readonly batchSize: number;
  readonly present: readonly number[];
  readonly missing: readonly number[];
}

/** Time spent in a password-based key derivation, measured on its own. */
export interface KdfTiming {
  /** e.g. "scrypt N=32768 r=8 p=1". */
  readonly name: string;
  readonly ms: number;
}

/** One file read, before it is joined with the others of its import. */
export interface ParseResult {
  readonly format: ImportFormatId;
  readonly entries: readonly ImportedEntry[];
  readonly failures: readonly ImportFailure[];
  /** Things read anyway that the user should know, in English (the CLI's). */
  readonly warnings: readonly string[];
  /** The same, as the window says them in the app's language. */
  readonly warningWords: readonly ImportWords[];
  /** Google Authenticator only: the payloads read. */
  readonly batches: readonly MigrationBatch[];
  /** Google Authenticator only: each export, with the QR codes still missing. */
  readonly exports: readonly MigrationExport[];
  readonly kdf?: KdfTiming;
}

/** What a format's parser returns; the registry fills in the rest. */
export interface FormatOutput {
  entries: ImportedEntry[];
  failures: ImportFailure[];
  warnings?: ImportWords[];
  /** Google Authenticator only: the payloads read. */
  batches?: MigrationBatch[];
  /** Google Authenticator only, after its join: each export, with the QR codes still missing. */
  exports?: MigrationExport[];
  kdf?: KdfTiming;
}

export interface ParseOptions {
  readonly password?: string;
  /** The file's key derivations: in a worker, within the per-file budget, cancellable. */
  readonly kdf: KdfSession;
}

export interface ReadImportOptions extends KdfControl {
  readonly password?: string;
  /** Skip sniffing and read the file as this format. */
  readonly format?: ImportFormatId;
}

/** One importer: recognises its files, says whether one is encrypted, and reads it. */
export interface ImportFormat<Id extends string = string> {
  readonly id: Id;
  /** The app's name as people know it. */
  readonly label: string;
  /** Where to find the export in that app, in words for a person (the Transfer view lists it). */
  readonly help: string;
  /** Whether this content looks like this format's; cheap and never throws. */
  sniff(source: ImportSource): boolean;
  /** Whether this particular file needs a password to be read. */
  needsPassword(source: ImportSource): boolean;
  /** Reads the file; throws only ImportError for the whole file, lists per-entry trouble in `failures`. */
  parse(source: ImportSource, options: ParseOptions): Promise<FormatOutput>;
  /**
   * Joins what several files of this format gave into one import (the QR codes of one Google
   * Authenticator export as separate images), and says what only the whole can tell. Called
   * for a single file too. Without it, the outputs are simply put one after the other.
   */
  join?(outputs: readonly FormatOutput[]): FormatOutput;
}

/** Declares an importer, keeping its id as a literal so that the registry's list gives the id type. */
export function importFormat<const Id extends string>(format: ImportFormat<Id>): ImportFormat<Id> {
  return format;
}
