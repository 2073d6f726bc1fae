import { basename, dirname } from 'node:path';
import type { Command } from 'commander';
import { AutoBackups } from '../../desktop/export/auto-backup';
import { checkBackupWithPassword, newestBackupIn } from '../../desktop/export/backup-check';
import { readImportFile } from '../../desktop/import/read-file';
import { UsageError } from '../usage-error';
import { atTerminal } from './confirm';
import { openVault, readPasswordFile, vaultPathOf } from './vault-options';
import { promptHidden } from './vault-prompt';

interface VerifyOptions {
  vault?: string;
  passwordFile?: string;
  folder?: string;
  json?: boolean;
}

/** Exit status when the backup was checked and does not restore (2 stays "could not check"). */
const NOT_RESTORABLE = 1;

/** The newest automatic backup: in --folder, else the folder Settings → Backups names for this vault's home. */
async function newestBackup(options: VerifyOptions): Promise<string> {
  const folder =
    options.folder ?? (await AutoBackups.load(dirname(vaultPathOf(options)), null)).state().folder;
  const newest = await newestBackupIn(folder);
  if (newest === null) throw new UsageError(`there is no Twofold backup in ${folder}; give the backup file.`);
  return newest;
}

async function backupPassword(options: VerifyOptions): Promise<string> {
  if (options.passwordFile !== undefined) return readPasswordFile(options.passwordFile, '--password-file');
  if (!atTerminal()) throw new UsageError('give the backup password with --password-file P.');
  return promptHidden('Backup password: ');
}

/** `twofold backup verify [FILE] [--password-file P] [--folder DIR] [--vault PATH] [--json]`. */
export function registerBackupCommands(program: Command): void {
  const backup = program.command('backup').description('check Twofold backups');
  backup
    .command('verify')
    .description(
      'open a backup as a restore would and compare every entry with the vault (exit 0: restorable, 1: not, 2: could not check)',
    )
    .argument('[file]', 'the backup file (default: the newest automatic backup)')
    .option('--password-file <file>', 'the backup password (its first line; else asked on a terminal)')
    .option(
      '--folder <dir>',
      'where the automatic backups are (default: the folder set in Settings → Backups)',
    )
    .option(
      '--vault <path>',
      'the vault file (default: TWOFOLD_VAULT, else the per-user Twofold folder); its password from TWOFOLD_PASSWORD',
    )
    .option('--json', 'print the outcome as JSON')
    .action(async (file: string | undefined, options: VerifyOptions) => {
      const path = file ?? (await newestBackup(options));
      const bytes = await readImportFile(path);
      const password = await backupPassword(options);
      const vault = await openVault(options.vault !== undefined ? { vault: options.vault } : {});
      try {
        const check = await checkBackupWithPassword(
          bytes,
          basename(path),
          password,
          vault.exportEntries(),
          new Date(),
        );
        if (options.json) console.log(JSON.stringify({ path, ...check }, null, 2));
        else if (check.restorable) console.log(`Restorable: ${path}\n${check.message}`);
        else process.stderr.write(`twofold: not restorable: ${path}\n${check.message}\n`);
        if (!check.restorable) process.exitCode = NOT_RESTORABLE;
      } finally {
        vault.close();
      }
    });
}
