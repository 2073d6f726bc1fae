import { basename } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { ImportError } from '../../desktop/import/errors';
import { readImportFile } from '../../desktop/import/read-file';
import type { KdfProgress } from '../../desktop/import/formats/support/crypto';
import { IMPORT_FORMAT_IDS } from '../../desktop/import/registry';
import type { ImportInput } from '../../desktop/import/types';
import {
  commitImport,
  DUPLICATE_CHOICES,
  planImport,
  readImportFiles,
  summarize,
  type DuplicateChoice,
  type FlowFormat,
  type ImportSummary,
  type PreviewEntry,
} from '../../desktop/import/flow';
import { atTerminal } from './confirm';
import { openVault, readPasswordFile } from './vault-options';
import { promptHidden } from './vault-prompt';

/** Below this a derivation passes unnoticed; above it the CLI says what it is doing. */
const LONG_KDF_MS = 1_000;

interface ImportOptions {
  format?: FlowFormat;
  passwordFile?: string;
  dryRun?: boolean;
  json?: boolean;
  onDuplicate: DuplicateChoice;
  vault?: string;
}

/** Reads one export file; a path that is not a readable regular file is refused (ImportPathError). */
async function readInput(path: string): Promise<ImportInput> {
  return { bytes: await readImportFile(path), fileName: basename(path) };
}

const nameOf = (entry: { issuer: string; account: string }) =>
  [entry.issuer, entry.account].filter((part) => part !== '').join(' · ') || '(no name)';

function printText(summary: ImportSummary, dryRun: boolean): void {
  const verb = dryRun ? 'Would import' : 'Imported';
  const replaced =
    summary.replaced > 0 ? ` (${summary.replaced} replacing entries already in the vault)` : '';
  console.log(`${verb} ${summary.imported} ${summary.imported === 1 ? 'account' : 'accounts'}${replaced}.`);
  if (summary.skipped.length > 0) {
    console.log(`Skipped ${summary.skipped.length} already in the vault:`);
    for (const entry of summary.skipped) console.log(`  ${nameOf(entry)}`);
  }
  if (summary.unreadable.length > 0) {
    console.log(`Could not read ${summary.unreadable.length}:`);
    for (const failure of summary.unreadable) console.log(`  ${failure.label}: ${failure.reason}`);
  }
  for (const warning of summary.warnings) process.stderr.write(`twofold: note: ${warning}\n`);
}

function jsonOf(
  summary: ImportSummary,
  preview: readonly PreviewEntry[],
  formats: readonly FlowFormat[],
  dryRun: boolean,
) {
  return {
    dryRun,
    formats,
    imported: summary.imported,
    replaced: summary.replaced,
    skipped: summary.skipped,
    unreadable: summary.unreadable,
    warnings: summary.warnings,
    entries: preview.map(({ issuer, account, type, group, duplicateOf }) => ({
      issuer,
      account,
      type,
      group,
      duplicate: duplicateOf !== null,
    })),
  };
}

/** Says so when unlocking a file takes a while (Ente Auth's default takes seconds); Ctrl+C ends it. */
function showProgress({ step, steps, label, estimatedMs }: KdfProgress): void {
  if (estimatedMs < LONG_KDF_MS) return;
  const which = steps > 1 ? ` (key ${step} of ${steps})` : '';
  process.stderr.write(
    `twofold: deriving the export's key with ${label}${which}; this can take a while. Ctrl+C stops it.\n`,
  );
}

/** Reads the files; on a terminal, asks for the password an encrypted file needs. */
async function readAll(inputs: ImportInput[], options: ImportOptions) {
  const password =
    options.passwordFile !== undefined
      ? await readPasswordFile(options.passwordFile, '--password-file')
      : undefined;
  const read = (given: string | undefined) =>
    readImportFiles(inputs, {
      ...(given !== undefined ? { password: given } : {}),
      ...(options.format !== undefined ? { format: options.format } : {}),
      onProgress: showProgress,
    });
  try {
    return await read(password);
  } catch (error) {
    if (!(error instanceof ImportError && error.code === 'PASSWORD_REQUIRED')) throw error;
    if (password !== undefined || !atTerminal()) {
      error.message += ' Use --password-file P.';
      throw error;
    }
    process.stderr.write(`${error.message}\n`);
    return read(await promptHidden('Password of the export: '));
  }
}

/** `twofold import FILE… [--format F] [--password-file P] [--dry-run] [--json] [--on-duplicate skip|keep-both|replace]`. */
export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description("import accounts from other authenticators' exports or a Twofold backup, in one vault write")
    .argument(
      '<files...>',
      'export files (several QR code images of one Google Authenticator export are joined)',
    )
    .addOption(
      new Option('--format <format>', 'read the files as this format instead of recognising it').choices(
        IMPORT_FORMAT_IDS,
      ),
    )
    .option('--password-file <file>', 'the password of an encrypted export (its first line)')
    .option('--dry-run', 'read and show what would be imported; write nothing')
    .option('--json', 'print the summary as JSON')
    .addOption(
      new Option('--on-duplicate <choice>', 'for entries already in the vault (same secret)')
        .choices(DUPLICATE_CHOICES)
        .default('skip'),
    )
    .option(
      '--vault <path>',
      'the vault file (default: TWOFOLD_VAULT, else the per-user Twofold folder); its password from TWOFOLD_PASSWORD',
    )
    .action(async (files: string[], options: ImportOptions) => {
      const inputs: ImportInput[] = [];
      for (const file of files) inputs.push(await readInput(file));
      const found = await readAll(inputs, options);
      const vault = await openVault(options.vault !== undefined ? { vault: options.vault } : {}, true);
      try {
        const plan = planImport(found, vault.exportEntries());
        const choices = { onDuplicate: options.onDuplicate };
        const dryRun = options.dryRun === true;
        const summary = dryRun ? summarize(plan, choices) : await commitImport(vault, plan, choices);
        if (options.json)
          console.log(JSON.stringify(jsonOf(summary, plan.preview, found.formats, dryRun), null, 2));
        else printText(summary, dryRun);
        // Duplicates skipped by choice are not a failure; a file with nothing readable is.
        if (found.entries.length === 0) process.exitCode = 2;
      } finally {
        vault.close();
      }
    });
}
