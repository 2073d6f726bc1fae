import { readImports } from '../registry';
import type { KdfControl } from '../formats/support/crypto';
import type { ImportedEntry, ImportFailure, ImportFormatId, ImportInput, ImportWords } from '../types';

/** What the flow imports: every registered format, Twofold's own backup among them. */
export type FlowFormat = ImportFormatId;

/** The signal stops a key derivation under way; progress says which one runs. */
export interface ReadOptions extends KdfControl {
  readonly password?: string;
  readonly format?: FlowFormat;
}

/** Every file given, read and joined: what the preview shows. */
export interface FoundEntries {
  readonly formats: FlowFormat[];
  readonly entries: readonly ImportedEntry[];
  readonly failures: readonly ImportFailure[];
  readonly warnings: readonly string[];
  /** The warnings as the window says them, in the app's language. */
  readonly warningWords: readonly ImportWords[];
}

/**
 * Reads every file (format sniffed unless forced, the password tried on each
 * encrypted one) and joins them, so that the QR codes of one Google
 * Authenticator export given as separate files make one import. The first file
 * that cannot be read at all stops the whole import (ImportError).
 */
export async function readImportFiles(
  inputs: readonly ImportInput[],
  options: ReadOptions = {},
): Promise<FoundEntries> {
  const { formats, entries, failures, warnings, warningWords } = await readImports(inputs, options);
  return { formats, entries, failures, warnings, warningWords };
}
