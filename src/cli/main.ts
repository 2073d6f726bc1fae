import { Command, CommanderError } from 'commander';
import { registerOtpCommands, printCodeForUri } from './commands/otp';
import { registerAdminCommands, settleAuditForwarding } from './commands/admin';
import { keychainCallsInChildProcess } from '../desktop/keychain';
import { registerVaultCommands } from './commands/vault';
import { registerExportCommand } from './commands/export';
import { registerBrowserCommands } from './commands/browser';
import { registerImportCommand } from './commands/import';
import { registerBackupCommands } from './commands/backup';
import { registerSyncCommands } from './commands/sync';
import { printCodeFromVault } from './commands/vault-code';
import { warnAboutClock } from './commands/server-time';
import { withVaultOptions, type VaultCliOptions } from './commands/vault-options';
import { terminalSafe } from './terminal-text';
import { UsageError } from './usage-error';
import { PersonFacingError } from '../shared/person-facing-error';

function buildProgram(): Command {
  const program = new Command('twofold')
    .description('Twofold: TOTP codes, an encrypted vault and help-desk 2FA administration from the terminal')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) })
    .showSuggestionAfterError();

  const code = program
    .command('code')
    .description('print the current code of a vault entry, or for an otpauth:// link')
    .argument('[search]', "a vault entry's id, issuer or account (or part of them)")
    .option('--uri <otpauth-link>', 'an otpauth:// link')
    .option('--time <unix-seconds>', 'compute the code at this time instead of now')
    .option(
      '--server-time <url>',
      "warn on stderr when this computer's clock is over 15 s from this server's",
    );
  withVaultOptions(code).action(
    async (
      search: string | undefined,
      options: VaultCliOptions & { uri?: string; time?: string; serverTime?: string },
    ) => {
      if (options.serverTime !== undefined) await warnAboutClock(options.serverTime);
      if (options.uri !== undefined) return printCodeForUri(options.uri, options.time);
      if (search === undefined)
        throw new UsageError('give a vault entry to search for, or --uri <otpauth-link>.');
      await printCodeFromVault(search, options);
    },
  );

  registerOtpCommands(program);
  registerAdminCommands(program);
  registerVaultCommands(program);
  registerImportCommand(program);
  registerExportCommand(program);
  registerBackupCommands(program);
  registerSyncCommands(program);
  registerBrowserCommands(program);
  return program;
}

async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  for (const command of program.commands) command.exitOverride();
  try {
    await program.parseAsync(argv);
    // A command may answer "no" without an error (e.g. `admin check` with a wrong code).
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its message (or the help text).
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof PersonFacingError) {
      process.stderr.write(`twofold: ${terminalSafe(error.message)}\n`);
      return 2;
    }
    // Anything else is a bug: say so in one line, never a stack trace with secrets in it.
    process.stderr.write(
      `twofold: unexpected error: ${terminalSafe(error instanceof Error ? error.message : String(error))}\n`,
    );
    return 1;
  }
}

// A keychain call that hangs (a D-Bus peer that never answers) must not keep `twofold` alive.
keychainCallsInChildProcess();
process.exitCode = await main(process.argv);
await settleAuditForwarding();
