import { Command } from 'commander';
import { FolderSync, type Notice, type SyncReport } from '../../desktop/sync';
import type { Vault } from '../../desktop/vault';
import { terminalSafe } from '../terminal-text';
import { UsageError } from '../usage-error';
import { cliKeychain, openVault, withVaultOptions, type VaultCliOptions } from './vault-options';

interface FolderOptions extends VaultCliOptions {
  folder?: string;
  name?: string;
}

async function withVault<T>(
  options: VaultCliOptions,
  create: boolean,
  run: (vault: Vault) => Promise<T>,
): Promise<T> {
  const vault = await openVault(options, create);
  try {
    return await run(vault);
  } finally {
    vault.close();
  }
}

function folderOf(options: FolderOptions): string {
  if (options.folder === undefined || options.folder.trim() === '')
    throw new UsageError('give the sync folder: --folder DIR.');
  return options.folder;
}

const line = (text: string) => `${terminalSafe(text)}\n`;

function printReport(report: SyncReport): void {
  process.stdout.write(
    line(
      `Synced: ${report.wrote} change${report.wrote === 1 ? '' : 's'} written, ${report.merged} file${report.merged === 1 ? '' : 's'} merged.`,
    ),
  );
  for (const notice of report.conflicts) process.stdout.write(line(notice.message));
  for (const notice of report.notices) process.stderr.write(line(notice.message));
}

const when = (iso: string | null) =>
  iso === null ? 'never' : iso.replace('T', ' ').replace(/\.\d+Z$/, ' UTC');

function noticeLines(notices: readonly Notice[]): string {
  return notices.map((notice) => line(`  ${notice.message}`)).join('');
}

/**
 * `twofold sync setup|pair|join|now|status|devices`: end-to-end encrypted folder sync of the
 * vault between this user's computers (src/desktop/sync).
 */
export function registerSyncCommands(program: Command): void {
  const sync = new Command('sync').description(
    'sync the vault between your computers through a folder (end-to-end encrypted)',
  );

  withVaultOptions(
    sync
      .command('setup')
      .description("set up sync on the first computer: a new sync key, this computer's files in the folder")
      .option(
        '--folder <dir>',
        'the folder your sync tool (Syncthing, Nextcloud, Dropbox, a share…) keeps in step',
      )
      .option('--name <device>', "this computer's name in the device list (default: its host name)"),
  ).action(async (options: FolderOptions) => {
    await withVault(options, true, async (vault) => {
      const done = await FolderSync.setup(vault, cliKeychain(), {
        folder: folderOf(options),
        ...(options.name !== undefined ? { name: options.name } : {}),
      });
      process.stdout.write(
        line(`Sync is set up: this computer is "${done.name}", the folder ${done.folder}.`),
      );
      process.stderr.write(
        'Pair another computer: run `twofold sync pair` here and `twofold sync join CODE --folder DIR` there.\n',
      );
    });
  });

  withVaultOptions(
    sync.command('pair').description('print the sync code (12 words) to enter on another computer'),
  ).action(async (options: VaultCliOptions) => {
    await withVault(options, false, async (vault) => {
      const code = (await FolderSync.require(vault, cliKeychain())).pairingCode();
      process.stderr.write(
        'The sync code (it opens everything in the vault: type it only on your own computer):\n',
      );
      process.stdout.write(`${code}\n`);
    });
  });

  withVaultOptions(
    sync
      .command('join')
      .description('join the sync of another computer with its sync code')
      .argument('<code>', 'the 12 words `twofold sync pair` printed (quoted as one argument)')
      .option('--folder <dir>', "this computer's copy of the sync folder")
      .option('--name <device>', "this computer's name in the device list (default: its host name)"),
  ).action(async (code: string, options: FolderOptions) => {
    await withVault(options, true, async (vault) => {
      const done = await FolderSync.join(vault, cliKeychain(), {
        code,
        folder: folderOf(options),
        ...(options.name !== undefined ? { name: options.name } : {}),
      });
      process.stdout.write(
        line(
          `Joined sync as "${done.name}": the vault holds ${vault.size} entr${vault.size === 1 ? 'y' : 'ies'}.`,
        ),
      );
    });
  });

  withVaultOptions(
    sync
      .command('now')
      .description("write this vault's changes to the folder and merge the other computers'"),
  ).action(async (options: VaultCliOptions) => {
    await withVault(options, false, async (vault) => {
      printReport(await (await FolderSync.require(vault, cliKeychain())).now());
    });
  });

  withVaultOptions(
    sync
      .command('status')
      .description('the folder, the devices, the last sync and what was refused')
      .option('--json', 'print it as JSON'),
  ).action(async (options: VaultCliOptions & { json?: boolean }) => {
    await withVault(options, false, async (vault) => {
      const status = await (await FolderSync.require(vault, cliKeychain())).status();
      if (options.json) {
        process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
        return;
      }
      process.stdout.write(line(`Folder: ${status.folder}`));
      process.stdout.write(line(`This computer: ${status.device.name}; last sync: ${when(status.lastSync)}`));
      process.stdout.write(line(`Devices: ${status.devices.length}`));
      if (status.conflicts.length > 0) process.stdout.write(`Edits kept:\n${noticeLines(status.conflicts)}`);
      if (status.notices.length > 0) process.stdout.write(`Notices:\n${noticeLines(status.notices)}`);
    });
  });

  withVaultOptions(
    sync
      .command('devices')
      .description('list the computers that sync this vault, each with its last change')
      .option('--remove <name>', 'remove a computer: the sync key is replaced and it reads no later change'),
  ).action(async (options: VaultCliOptions & { remove?: string }) => {
    await withVault(options, false, async (vault) => {
      const folder = await FolderSync.require(vault, cliKeychain());
      if (options.remove !== undefined) {
        const removed = await folder.removeDevice(options.remove);
        process.stdout.write(
          line(`Removed "${removed.name}": the sync key was replaced; it cannot read later changes.`),
        );
        return;
      }
      for (const device of (await folder.status()).devices) {
        process.stdout.write(
          line(
            `${device.name}${device.self ? ' (this computer)' : ''}\tlast change: ${when(device.lastChange)}\tlast sync: ${when(device.lastSync)}`,
          ),
        );
      }
    });
  });

  for (const command of [sync, ...sync.commands]) command.exitOverride();
  program.addCommand(sync);
}
