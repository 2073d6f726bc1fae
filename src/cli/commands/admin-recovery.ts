import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { withStepUp } from '../../desktop/helpdesk';
import { ExportError } from '../../desktop/export/exporters';
import { writePrivateFile } from '../../desktop/export/write';
import { recoveryCodesText, type RecoveryCodesSheet } from '../../shared/admin-api/recovery-codes-file';
import { UsageError } from '../usage-error';
import { signedIn, stepUpPassword, withCommon, type Common } from './admin';

const KEEP_THEM =
  'Shown once: keep them somewhere only you can read. Each signs you in one time in place of a code; the old codes no longer work.';

/** `--out` must be a file we can write: found out before the server replaces the codes, not after. */
async function checkOut(out: string): Promise<string> {
  const path = resolve(out);
  const stats = await stat(path).catch(() => null);
  if (stats?.isDirectory()) throw new UsageError(`${out} is a folder; give a file name for --out.`);
  return path;
}

/**
 * `twofold admin recovery-codes --new`: new recovery codes for the signed-in account
 * itself, the path the console's My account takes (capability `newRecoveryCodes`,
 * with the password step-up when the server wants it).
 */
export function registerRecoveryCodesCommand(admin: Command): void {
  withCommon(admin.command('recovery-codes'))
    .description(
      'make new recovery codes for your own account (the old ones stop working); shown once, or saved with --out',
    )
    .option('--new', 'make new recovery codes now (required: the current ones stop working)')
    .option('--out <file>', 'save them to this file (readable by you only) instead of printing them')
    .option('--json', 'print JSON')
    .option('--password-stdin', 'read your password from stdin for the confirmation')
    .action(async (options: Common & { new?: boolean; out?: string; json?: boolean }) => {
      if (options.new !== true) {
        throw new UsageError(
          'give --new to make new recovery codes for your account (the current ones stop working at once).',
        );
      }
      const out = options.out === undefined ? undefined : await checkOut(options.out);
      await signedIn(options, 'newRecoveryCodes', async (session, cli) => {
        const made = await withStepUp(
          session.connection,
          () => session.connection.newRecoveryCodes(),
          stepUpPassword(cli, session, options),
        );
        const at = new Date(made.generatedAt);
        const sheet: RecoveryCodesSheet = {
          account: session.profile.login,
          server: `${session.profile.name} (${session.profile.url})`,
          generatedAt: Number.isNaN(at.getTime()) ? new Date() : at,
          codes: made.recoveryCodes,
        };
        if (out !== undefined) {
          try {
            await writePrivateFile(out, Buffer.from(recoveryCodesText(sheet), 'utf8'));
          } catch (error) {
            if (!(error instanceof ExportError)) throw error;
            // The old codes are gone already: the new ones must not be lost with the file.
            process.stdout.write(recoveryCodesText(sheet));
            throw new UsageError(`${error.message} The new codes are printed above instead.`);
          }
        }
        if (options.json) {
          const json =
            out === undefined
              ? { account: sheet.account, generatedAt: made.generatedAt, recoveryCodes: made.recoveryCodes }
              : {
                  account: sheet.account,
                  generatedAt: made.generatedAt,
                  count: made.recoveryCodes.length,
                  savedTo: out,
                };
          return console.log(JSON.stringify(json, null, 2));
        }
        if (out !== undefined) {
          return console.log(
            `${made.recoveryCodes.length} new recovery codes for ${sheet.account} saved to ${out} (readable by you only). Keep that file safe; the old codes no longer work.`,
          );
        }
        console.log(`New recovery codes for ${sheet.account} on ${sheet.server}:`);
        for (const code of made.recoveryCodes) console.log(`  ${code}`);
        console.log(KEEP_THEM);
      });
    });
}
