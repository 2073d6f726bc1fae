import { Command } from 'commander';
import type { VaultEntryMeta } from '../../desktop/vault';
import { describeMeta } from './vault-code';
import { openVault, readPasswordFile, withVaultOptions, type VaultCliOptions } from './vault-options';
import { promptNewPassword } from './vault-prompt';

/** The fields `list --json` prints (a contract), plus the group. */
function listItem(entry: VaultEntryMeta) {
  const { id, issuer, account, type, algorithm, digits, period, counter, group } = entry;
  return { id, issuer, account, type, algorithm, digits, period, counter, group };
}

const ROTATED = 'The vault key was replaced; every entry is now encrypted under the new one.\n';

function registerPassword(program: Command): void {
  const password = new Command('password').description("add, change or remove the vault's password slot");
  withVaultOptions(
    password
      .command('set')
      .description('protect the vault with a password too (opens it where no keychain is)')
      .option(
        '--new-password-file <file>',
        'read the new password from this file (else asked on the terminal)',
      )
      .option(
        '--rotate-key',
        'also replace the vault key and re-encrypt every entry under it (a copy of the old file and its password then reads nothing new)',
      ),
  ).action(async (options: VaultCliOptions & { newPasswordFile?: string; rotateKey?: boolean }) => {
    const vault = await openVault(options);
    const next =
      options.newPasswordFile !== undefined
        ? await readPasswordFile(options.newPasswordFile, '--new-password-file')
        : await promptNewPassword();
    const had = vault.hasPasswordSlot();
    const rotateKey = options.rotateKey === true;
    await vault.setPassword(next, { rotateKey });
    process.stderr.write(had ? 'The vault password was changed.\n' : 'The vault now has a password.\n');
    if (rotateKey) process.stderr.write(ROTATED);
  });
  withVaultOptions(
    password
      .command('remove')
      .description('remove the password slot (the keychain must still open the vault)')
      .option(
        '--rotate-key',
        'also replace the vault key and re-encrypt every entry under it (a copy of the old file and its password then reads nothing new)',
      ),
  ).action(async (options: VaultCliOptions & { rotateKey?: boolean }) => {
    const vault = await openVault(options);
    const rotateKey = options.rotateKey === true;
    await vault.removePassword({ rotateKey });
    process.stderr.write('The vault password was removed; the keychain opens the vault.\n');
    if (rotateKey) process.stderr.write(ROTATED);
  });
  for (const command of [password, ...password.commands]) command.exitOverride();
  program.addCommand(password);
}

/** The vault from the terminal: add, list, remove, reveal, password (and `code <search>`, wired in main.ts). */
export function registerVaultCommands(program: Command): void {
  withVaultOptions(
    program
      .command('add')
      .description('add an account from an otpauth:// link; prints the new entry id')
      .argument('<otpauth-link>', 'the otpauth:// link (quote it in the shell)')
      .option('--allow-duplicate', 'add it even if the same account and secret are already there')
      .option('--group <name>', 'put the entry in this group')
      .option('--note <text>', 'a note kept (encrypted) with the entry'),
  ).action(
    async (
      link: string,
      options: VaultCliOptions & { allowDuplicate?: boolean; group?: string; note?: string },
    ) => {
      const vault = await openVault(options, true);
      const { entry, warnings } = await vault.addFromUri(link, {
        allowDuplicate: options.allowDuplicate === true,
        ...(options.group !== undefined ? { group: options.group } : {}),
        ...(options.note !== undefined ? { note: options.note } : {}),
      });
      for (const warning of warnings) process.stderr.write(`twofold: warning: ${warning}\n`);
      console.log(entry.id);
    },
  );

  withVaultOptions(
    program
      .command('list')
      .description('list the entries (never their secrets)')
      .option('--json', 'print JSON'),
  ).action(async (options: VaultCliOptions & { json?: boolean }) => {
    const vault = await openVault(options, true);
    const entries = vault.list();
    if (options.json) console.log(JSON.stringify(entries.map(listItem), null, 2));
    else for (const entry of entries) console.log(describeMeta(entry));
  });

  withVaultOptions(
    program.command('remove').description('delete an entry').argument('<id>', 'the entry id (see list)'),
  ).action(async (id: string, options: VaultCliOptions) => {
    const vault = await openVault(options);
    const removed = await vault.remove(id);
    process.stderr.write(`Removed ${describeMeta(removed)}.\n`);
  });

  withVaultOptions(
    program
      .command('reveal')
      .description("print an entry's otpauth:// link, secret included (to move it to another authenticator)")
      .argument('<id>', 'the entry id (see list)'),
  ).action(async (id: string, options: VaultCliOptions) => {
    const vault = await openVault(options);
    console.log(vault.reveal(id));
  });

  registerPassword(program);
}
