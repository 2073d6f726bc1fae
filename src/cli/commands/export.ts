import type { Command } from 'commander';
import { Option } from 'commander';
import { confirmationOf, exporterFor, type ExportFormat } from '../../desktop/export/exporters';
import {
  EXPORT_FORMAT_IDS,
  EXPORT_FORMATS,
  exportFormatsWhere,
  wordList,
} from '../../shared/transfer/export-formats';
import { writeExport } from '../../desktop/export/write';
import { UsageError } from '../usage-error';
import { atTerminal, confirmOnTerminal } from './confirm';
import { openVault, readPasswordFile } from './vault-options';
import { promptHidden } from './vault-prompt';

interface ExportOptions {
  format: ExportFormat;
  out: string;
  passwordFile?: string;
  yes?: boolean;
  vault?: string;
}

async function exportPassword(options: ExportOptions): Promise<string> {
  if (options.passwordFile !== undefined) return readPasswordFile(options.passwordFile, '--password-file');
  if (!atTerminal())
    throw new UsageError(
      `--format ${options.format} is encrypted: give its password with --password-file P.`,
    );
  const first = await promptHidden('Password for the export: ');
  const second = await promptHidden('Repeat the password: ');
  if (first !== second) throw new UsageError('the two passwords differ; nothing was exported.');
  if (first === '') throw new UsageError('an empty password protects nothing; nothing was exported.');
  return first;
}

/** Asks first on a terminal; `--yes` answers for scripts; neither refuses. */
async function confirmExport(options: ExportOptions, message: string, unencrypted: boolean): Promise<void> {
  if (options.yes === true) {
    process.stderr.write(`${message}\n`);
    return;
  }
  if (!atTerminal()) {
    throw new UsageError(
      `${message} Nothing was exported: confirm on a terminal, or add --yes to confirm from a script.`,
    );
  }
  process.stderr.write(`${message}\n`);
  if (!(await confirmOnTerminal('Export them?'))) throw new UsageError('cancelled; nothing was exported.');
  if (unencrypted && !(await confirmOnTerminal('The file is not encrypted. Write it anyway?')))
    throw new UsageError('cancelled; nothing was exported.');
}

const FORMAT_HELP = EXPORT_FORMAT_IDS.map((id) => `${id} (${EXPORT_FORMATS[id].cli})`).join(', ');
const FOLDER_FORMATS = wordList(
  exportFormatsWhere((info) => info.folder),
  'and',
);
const ENCRYPTED_FORMATS = wordList(
  exportFormatsWhere((info) => info.encrypted),
  'and',
);

/** `twofold export --format aegis|google-qr|uris|backup --out PATH [--password-file P] [--yes]`. */
export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description('write every vault entry, secrets included, to another format (asks to confirm first)')
    .addOption(new Option('--format <format>', FORMAT_HELP).choices(EXPORT_FORMAT_IDS).makeOptionMandatory())
    .requiredOption('--out <path>', `the file to write (for ${FOLDER_FORMATS}: a folder)`)
    .option('--password-file <file>', `${ENCRYPTED_FORMATS}: the password protecting the export (else asked)`)
    .option('--yes', 'confirm without asking (for scripts)')
    .option(
      '--vault <path>',
      'the vault file (default: TWOFOLD_VAULT, else the per-user Twofold folder); its password from TWOFOLD_PASSWORD',
    )
    .action(async (options: ExportOptions) => {
      const exporter = exporterFor(options.format);
      if (options.out.trim() === '') throw new UsageError('--out needs a path.');
      if (!exporter.encrypted && options.passwordFile !== undefined)
        throw new UsageError(
          `--format ${options.format} is not encrypted; --password-file has no use with it.`,
        );
      const vault = await openVault(options.vault !== undefined ? { vault: options.vault } : {});
      try {
        const list = vault.exportEntries();
        if (list.length === 0) throw new UsageError('the vault is empty; there is nothing to export.');
        const { message, unencrypted } = confirmationOf(exporter, list.length);
        await confirmExport(options, message, unencrypted);
        const password = exporter.encrypted ? await exportPassword(options) : undefined;
        const result = await exporter.build(list, password);
        for (const { issuer, account, reason } of result.left)
          process.stderr.write(
            `twofold: left out ${[issuer, account].filter(Boolean).join(' · ')}: ${reason}.\n`,
          );
        if (result.files.length === 0)
          throw new UsageError('no entry can be written in this format; nothing was exported.');
        const paths = await writeExport(exporter, result, options.out);
        process.stderr.write(
          `Exported ${result.count} of ${list.length} accounts as ${exporter.what} (owner-only files):\n`,
        );
        for (const path of paths) console.log(path);
      } finally {
        vault.close();
      }
    });
}
