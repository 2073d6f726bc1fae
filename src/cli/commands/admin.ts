import type { Command } from 'commander';
import { osKeychain } from '../../desktop/keychain';
import {
  HelpdeskClient,
  HelpdeskError,
  offers,
  requireOffered,
  type GatedMethod,
  type HelpdeskSession,
} from '../../desktop/helpdesk';
import { UsageError } from '../usage-error';
import { ask, personFacing, readStdinSecret } from './admin-io';
import { registerHelpdeskToolCommands } from './admin-helpdesk';
import { registerProofCommands } from './admin-proof';
import { registerRecoveryCodesCommand } from './admin-recovery';
import { registerAuditCommands } from './admin-audit';
import { registerSessionCommands } from './admin-session';
import { registerUserCommands } from './admin-users';
import type { VaultFlags } from './admin-vault';

export interface Common extends VaultFlags {
  profile?: string;
  passwordStdin?: boolean;
}

const MIN_REASON = 10;

export function withCommon(command: Command): Command {
  return command
    .option('--profile <name>', 'the server profile to use (default: the last one signed in to)')
    .option('--vault <path>', 'the Twofold vault file (default: the usual one)')
    .option('--vault-password-file <file>', "a file holding the vault's password, when it has one");
}

let shared: HelpdeskClient | null = null;

/** The help-desk client of this run (one, so that its audit log forwards once before the CLI exits). */
export function client(): HelpdeskClient {
  shared ??= new HelpdeskClient({ keychain: osKeychain() });
  return shared;
}

/**
 * Before the CLI exits: forwards what the local audit log holds for its destinations (the managed
 * setting), for a short while. What is not delivered stays waiting and goes with a later run or the app.
 */
export async function settleAuditForwarding(timeoutMs = 1500): Promise<void> {
  if (!shared) return;
  const log = shared.auditLog;
  await log.drainForwarding(timeoutMs).catch(() => false);
  await log.closeForwarding().catch(() => undefined);
}

export function checkReason(reason: string | undefined): string {
  const trimmed = (reason ?? '').trim();
  if (trimmed.length < MIN_REASON) {
    throw new UsageError(
      `give --reason with at least ${MIN_REASON} characters saying why (it goes into the audit log).`,
    );
  }
  return trimmed;
}

/** Where the admin's password comes from when the server wants it again: stdin, the keychain, or the terminal. */
export function stepUpPassword(
  cli: HelpdeskClient,
  session: HelpdeskSession,
  options: Common,
): () => Promise<string | null> {
  return async () => {
    if (options.passwordStdin) return readStdinSecret('The password');
    const remembered = await cli.rememberedPassword(session.profile.name);
    if (remembered !== null) return remembered;
    const typed = await ask(`Password for ${session.profile.login} on ${session.profile.name}: `, true);
    if (typed === null || typed === '') {
      throw new HelpdeskError(
        'STEP_UP_REQUIRED',
        'This needs your password again: pass it with --password-stdin (or run in a terminal).',
      );
    }
    return typed;
  };
}

/**
 * Runs one signed-in command, if the server offers what `method` does (else exit 2 with the driver's
 * sentence, before anything is sent, even the user lookup), and always closes the connection.
 */
export async function signedIn<T>(
  options: Common,
  method: GatedMethod | null,
  run: (session: HelpdeskSession, cli: HelpdeskClient) => Promise<T>,
): Promise<T> {
  return personFacing(async () => {
    const cli = client();
    const session = await cli.resume(options.profile);
    try {
      if (method) requireOffered(session.capabilities, method);
      return await run(session, cli);
    } finally {
      await session.close();
    }
  });
}

/** Said at every sign-in while the admin's own account has no 2FA: what that means and how to turn it on. */
export function withoutTwofaNotice(session: HelpdeskSession): string | null {
  if (session.twofaEnabled !== false) return null;
  const { login, name } = session.profile;
  const how = offers(session.capabilities, 'setupSelf')
    ? `Turn it on with \`twofold admin enroll-self --profile ${name}\` (the secret goes straight into your vault).`
    : "Turn it on in your account's security settings on the server.";
  return `Your account ${login} has no two-factor authentication: anyone who learns its password can use the help desk as you. ${how}`;
}

export function registerAdminCommands(program: Command): void {
  const admin = program
    .command('admin')
    .description('help-desk work on an account server: users, 2FA, unlocks, audit');
  registerSessionCommands(admin);
  registerUserCommands(admin);
  registerAuditCommands(admin);
  registerHelpdeskToolCommands(admin);
  registerProofCommands(admin);
  registerRecoveryCodesCommand(admin);
}
