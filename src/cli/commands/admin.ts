import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { osKeychain } from '../../desktop/keychain';
import {
  allUsers,
  DRIVERS,
  enrollSelf,
  HelpdeskClient,
  HelpdeskError,
  isHelpdeskError,
  offers,
  requireOffered,
  SERVER_KINDS,
  serverName,
  usersCsv,
  withStepUp,
  type GatedMethod,
  type HelpdeskSession,
  type ServerKind,
} from '../../desktop/helpdesk';
import { capabilityViews } from '../../shared/admin-api/capabilities';
import { say } from '../terminal-text';
import { UsageError } from '../usage-error';
import { ask, auditTable, devicesTable, personFacing, readStdinSecret, usersTable } from './admin-io';
import { registerHelpdeskToolCommands } from './admin-helpdesk';
import { registerRecoveryCodesCommand } from './admin-recovery';
import { codeFromVault, openVault, vaultOffer, type VaultFlags } from './admin-vault';
import { ROLES, type Role } from '../../shared/admin-api/vocabulary';

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

function client(): HelpdeskClient {
  return new HelpdeskClient({ keychain: osKeychain() });
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

  withCommon(admin.command('login'))
    .description(
      'sign in to an account server and save it as a profile (the password and token go to the keychain)',
    )
    .requiredOption('--server <url>', 'the server address, https:// (http:// only on this machine)')
    .requiredOption('--login <login>', 'your administrator or help-desk login')
    .option('--password-stdin', 'read the password from stdin instead of asking')
    .option('--code <code>', 'your own 2FA code, if your account has 2FA')
    .option('--code-from-vault', 'take your 2FA code from the matching entry in the vault')
    .option('--ca-file <pem>', "trust this CA certificate for this server (your organisation's own CA)")
    .addOption(
      new Option(
        '--kind <kind>',
        `the kind of server: ${DRIVERS.map((entry) => `${entry.kind} (${entry.label})`).join(', ')}; found out from the server when not given`,
      ).choices(SERVER_KINDS),
    )
    .option('--db <name>', 'the Odoo/Flectra database (taken from the server when it has only one)')
    .option('--remember-password', 'keep the password in the keychain so confirmations do not ask for it')
    .action(
      async (
        options: Common & {
          server: string;
          login: string;
          code?: string;
          codeFromVault?: boolean;
          caFile?: string;
          rememberPassword?: boolean;
          kind?: ServerKind;
          db?: string;
        },
      ) => {
        await personFacing(async () => {
          const password = options.passwordStdin
            ? await readStdinSecret('The password')
            : await ask(`Password for ${options.login}: `, true);
          if (!password) throw new UsageError('give the password on a terminal or with --password-stdin.');
          const base = {
            name: options.profile,
            url: options.server,
            login: options.login,
            password,
            rememberPassword: options.rememberPassword,
            ...(options.caFile ? { caFile: resolve(options.caFile) } : {}),
            ...(options.kind ? { kind: options.kind } : {}),
            ...(options.db ? { db: options.db } : {}),
          };
          const cli = client();
          let code = options.code;
          if (code === undefined && options.codeFromVault)
            code = await codeFromVault(options, options.server, options.login, options.profile);
          let session: HelpdeskSession;
          try {
            session = await cli.signIn({ ...base, code });
          } catch (error) {
            if (!isHelpdeskError(error, 'CODE_REQUIRED') || code !== undefined) throw error;
            // The vault's code is offered, never used on its own: an empty answer is the person's yes.
            const offer = await vaultOffer(options, options.server, options.login, options.profile);
            const typed = await ask(
              offer
                ? `Two-factor code (press Enter to use Twofold's code for ${offer}): `
                : 'Two-factor code: ',
            );
            const chosen =
              typed === '' && offer
                ? await codeFromVault(options, options.server, options.login, options.profile)
                : typed;
            if (!chosen) throw new UsageError('this account uses 2FA: give --code (or --code-from-vault).');
            session = await cli.signIn({ ...base, code: chosen });
          }
          await session.close();
          console.log(
            `Signed in to ${session.profile.url} as ${session.profile.login} (profile "${session.profile.name}", until ${session.expiresAt}).`,
          );
          const unprotected = withoutTwofaNotice(session);
          if (unprotected) console.log(unprotected);
          const missing = capabilityViews(session.capabilities).filter((view) => !view.offered);
          if (missing.length > 0)
            console.log(
              `This server does not offer: ${missing.map((view) => view.label.toLowerCase()).join('; ')} (\`twofold admin capabilities\` says why).`,
            );
        });
      },
    );

  withCommon(admin.command('logout'))
    .description('sign out and forget the token')
    .action(async (options: Common) => {
      await personFacing(async () => {
        const cli = client();
        const profile = await cli.profiles.resolve(options.profile);
        const session = await cli.resume(profile.name).catch(() => null);
        if (session) await cli.signOut(session);
        await cli.credentials.clear(profile.name);
        say(`Signed out of ${profile.name}.`);
      });
    });

  withCommon(admin.command('users'))
    .description('list users, with filters')
    .option('--search <text>', 'login or name contains')
    .addOption(new Option('--twofa <state>', '2FA state').choices(['enabled', 'disabled']))
    .option('--locked', 'only locked accounts')
    .addOption(new Option('--role <role>', 'only this role').choices(ROLES))
    .option('--page <n>', 'page number', '1')
    .option('--page-size <n>', 'users per page (up to 100)', '50')
    .option('--all', 'every page (for --json or --csv)')
    .option('--json', 'print JSON')
    .option('--csv', 'print CSV')
    .action(
      async (
        options: Common & {
          search?: string;
          twofa?: 'enabled' | 'disabled';
          locked?: boolean;
          role?: Role;
          page: string;
          pageSize: string;
          all?: boolean;
          json?: boolean;
          csv?: boolean;
        },
      ) => {
        const page = Number(options.page);
        const pageSize = Number(options.pageSize);
        if (!Number.isInteger(page) || page < 1)
          throw new UsageError('--page must be a whole number from 1.');
        if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100)
          throw new UsageError('--page-size must be from 1 to 100.');
        await signedIn(options, 'users', async ({ connection }) => {
          const filters = {
            ...(options.search ? { q: options.search } : {}),
            ...(options.twofa ? { twofa: options.twofa } : {}),
            ...(options.locked ? { locked: true } : {}),
            ...(options.role ? { role: options.role } : {}),
          };
          const result = options.all
            ? await allUsers(connection, filters).then((users) => ({
                users,
                total: users.length,
                page: 1,
                pageSize: users.length,
              }))
            : await connection.users({ ...filters, page, pageSize });
          if (options.json) console.log(JSON.stringify(result, null, 2));
          else if (options.csv) process.stdout.write(usersCsv(result.users));
          else {
            console.log(usersTable(result.users));
            const last = Math.max(1, Math.ceil(result.total / result.pageSize));
            say(`\n${result.total} users · page ${result.page} of ${last}`);
          }
        });
      },
    );

  withCommon(admin.command('check <login>'))
    .description('check a code the user reads out (the server counts the attempt); exit status 1 when wrong')
    .requiredOption('--code <code>', 'the code the user reads out')
    .option('--json', 'print JSON')
    .action(async (login: string, options: Common & { code: string; json?: boolean }) => {
      await signedIn(options, 'checkCode', async ({ connection }) => {
        const user = await connection.userByLogin(login);
        if (!user.twofa.enabled)
          throw new UsageError(`${user.login} does not have 2FA turned on; there is no code to check.`);
        const { valid } = await connection.checkCode(user.id, options.code.replace(/\s/g, ''));
        if (options.json) console.log(JSON.stringify({ login: user.login, valid }));
        else
          say(
            valid
              ? `valid: the code is right for ${user.login}.`
              : `invalid: the code is wrong for ${user.login}.`,
          );
        // Like grep: scripts can branch on the answer without parsing it.
        if (!valid) process.exitCode = 1;
      });
    });

  withCommon(admin.command('disable-2fa <login>'))
    .description('turn 2FA off for a user who lost their authenticator (asks for your password again)')
    .requiredOption('--reason <text>', 'why, for the audit log (10+ characters)')
    .option('--password-stdin', 'read your password from stdin for the confirmation')
    .action(async (login: string, options: Common & { reason: string }) => {
      const reason = checkReason(options.reason);
      await signedIn(options, 'disableTwofa', async (session, cli) => {
        const user = await session.connection.userByLogin(login);
        if (!user.twofa.enabled)
          throw new UsageError(`${user.login} does not have 2FA turned on; nothing to do.`);
        await withStepUp(
          session.connection,
          () => session.connection.disableTwofa(user.id, reason),
          stepUpPassword(cli, session, options),
        );
        say(`2FA is now off for ${user.name} (${user.login}); they can sign in with their password alone.`);
      });
    });

  withCommon(admin.command('unlock <login>'))
    .description('unlock an account locked after failed attempts')
    .requiredOption('--reason <text>', 'why, for the audit log (10+ characters)')
    .option('--password-stdin', 'read your password from stdin if a confirmation is needed')
    .action(async (login: string, options: Common & { reason: string }) => {
      const reason = checkReason(options.reason);
      await signedIn(options, 'unlock', async (session, cli) => {
        const user = await session.connection.userByLogin(login);
        await withStepUp(
          session.connection,
          () => session.connection.unlock(user.id, reason),
          stepUpPassword(cli, session, options),
        );
        say(`${user.name} (${user.login}) is unlocked.`);
      });
    });

  withCommon(admin.command('audit'))
    .description(
      "show the audit log (the server's, or for a server that keeps none, Twofold's local one); --verify checks the local log's hash chain",
    )
    .option('--actor <login>', 'who did it')
    .option('--target <login>', 'to whom')
    .option('--action <name>', 'what')
    .option('--from <date>', 'from this date/time (ISO 8601)')
    .option('--to <date>', 'until this date/time (ISO 8601)')
    .option('--local', "Twofold's local log of this server, even when the server keeps its own")
    .option('--verify', "check that the local audit log's hash chain is whole (exit status 1 when not)")
    .option('--json', 'print JSON')
    .action(
      async (
        options: Common & {
          actor?: string;
          target?: string;
          action?: string;
          from?: string;
          to?: string;
          local?: boolean;
          verify?: boolean;
          json?: boolean;
        },
      ) => {
        if (options.verify) {
          await personFacing(async () => {
            const log = client().auditLog;
            const check = await log.verify();
            if (options.json) console.log(JSON.stringify(check));
            else if (check.whole)
              say(
                `The local audit log is whole: ${check.records} record(s)${check.lastAt ? `, the last at ${check.lastAt}` : ''} (${log.path}).`,
              );
            else say(`The local audit log has been tampered with: ${check.problem} (${log.path}).`);
            if (!check.whole) process.exitCode = 1;
          });
          return;
        }
        for (const [name, value] of [
          ['--from', options.from],
          ['--to', options.to],
        ] as const) {
          if (value !== undefined && Number.isNaN(Date.parse(value)))
            throw new UsageError(`${name} must be a date such as 2026-01-31, not "${value}".`);
        }
        await signedIn(options, null, async (session, cli) => {
          const query = {
            actor: options.actor,
            target: options.target,
            action: options.action,
            from: options.from ? new Date(options.from).toISOString() : undefined,
            to: options.to ? new Date(options.to).toISOString() : undefined,
          };
          const local = options.local || !offers(session.capabilities, 'audit');
          const records = local
            ? await cli.auditLog.list(serverName(session.profile), query)
            : await session.connection.audit(query);
          if (options.json) return console.log(JSON.stringify(records, null, 2));
          if (local) say(`Twofold's local log of ${session.profile.url} (${cli.auditLog.path}):`);
          console.log(auditTable(records));
        });
      },
    );

  withCommon(admin.command('report'))
    .description('2FA adoption: how many accounts use it, by role')
    .option('--json', 'print JSON')
    .action(async (options: Common & { json?: boolean }) => {
      await signedIn(options, 'adoption', async ({ connection }) => {
        const report = await connection.adoption();
        if (options.json) return console.log(JSON.stringify(report, null, 2));
        const percent = (on: number, all: number) => (all === 0 ? '—' : `${Math.round((on / all) * 100)}%`);
        say(
          `2FA on for ${report.enabled} of ${report.total} accounts (${percent(report.enabled, report.total)})`,
        );
        for (const row of report.byRole)
          say(`  ${row.role.padEnd(9)} ${row.enabled}/${row.total} (${percent(row.enabled, row.total)})`);
      });
    });

  withCommon(admin.command('enroll-self'))
    .description('turn on 2FA for your own account, with the secret stored straight into the vault')
    .option('--password-stdin', 'read your password from stdin for the confirmation')
    .action(async (options: Common) => {
      await signedIn(options, 'setupSelf', async (session, cli) => {
        const vault = await openVault(options, true);
        try {
          const result = await enrollSelf(session.connection, vault, stepUpPassword(cli, session, options));
          await cli.enrolled(session);
          say(
            `2FA is on for ${session.profile.login}; the vault now holds "${result.entry.issuer}: ${result.entry.account}".`,
          );
          if (result.recoveryCodes.length > 0) {
            say('\nRecovery codes — shown once; keep them somewhere safe, each works one time:');
            for (const code of result.recoveryCodes) say(`  ${code}`);
          }
        } finally {
          vault.close();
        }
      });
    });

  withCommon(admin.command('devices <login>'))
    .description(
      "a user's trusted devices (browsers that skip the code); --revoke ID forgets one, --revoke-all forgets them all",
    )
    .option('--revoke <id>', 'revoke this device (as listed; needs --reason)')
    .option('--revoke-all', 'revoke every trusted device of the user (needs --reason)')
    .option('--reason <text>', 'why, for the audit log (10+ characters)')
    .option('--password-stdin', 'read your password from stdin if a confirmation is needed')
    .option('--json', 'print JSON')
    .action(
      async (
        login: string,
        options: Common & { revoke?: string; revokeAll?: boolean; reason?: string; json?: boolean },
      ) => {
        if (options.revoke !== undefined && options.revokeAll)
          throw new UsageError('give --revoke ID or --revoke-all, not both.');
        const revoking = options.revokeAll === true || options.revoke !== undefined;
        const reason = revoking ? checkReason(options.reason) : undefined;
        if (!revoking && options.reason !== undefined)
          throw new UsageError('--reason goes with --revoke or --revoke-all.');
        const method =
          options.revoke !== undefined ? 'revokeDevice' : options.revokeAll ? 'revokeDevices' : 'devices';
        await signedIn(options, method, async (session, cli) => {
          const user = await session.connection.userByLogin(login);
          if (options.revoke !== undefined && reason !== undefined) {
            const deviceId = options.revoke;
            const left = await withStepUp(
              session.connection,
              () => session.connection.revokeDevice(user.id, deviceId, reason),
              stepUpPassword(cli, session, options),
            );
            if (options.json)
              return console.log(JSON.stringify({ login: user.login, devices: left }, null, 2));
            return say(
              `Device ${deviceId} of ${user.name} (${user.login}) revoked; its next sign-in asks for the code. ${left.length} left.`,
            );
          }
          if (reason !== undefined) {
            const { revoked } = await withStepUp(
              session.connection,
              () => session.connection.revokeDevices(user.id, reason),
              stepUpPassword(cli, session, options),
            );
            if (options.json) return console.log(JSON.stringify({ login: user.login, revoked }));
            return say(
              `${revoked} trusted device(s) of ${user.name} (${user.login}) revoked; their next sign-in asks for the code.`,
            );
          }
          const devices = await session.connection.devices(user.id);
          if (options.json) return console.log(JSON.stringify({ login: user.login, devices }, null, 2));
          if (devices.length === 0)
            return say(`${user.login} has no trusted devices: every sign-in asks for the code.`);
          console.log(devicesTable(devices));
        });
      },
    );

  withCommon(admin.command('capabilities'))
    .description('what the signed-in server offers, and for what it does not, why')
    .option('--json', 'print JSON')
    .action(async (options: Common & { json?: boolean }) => {
      await signedIn(options, null, async (session) => {
        const views = capabilityViews(session.capabilities);
        if (options.json)
          return console.log(JSON.stringify({ kind: session.kind, capabilities: views }, null, 2));
        say(`${session.profile.name} (${session.profile.url}) is a ${session.kind} server.`);
        for (const view of views)
          say(view.offered ? `  yes  ${view.label}` : `  no   ${view.label}: ${view.why}`);
      });
    });

  registerHelpdeskToolCommands(admin);
  registerRecoveryCodesCommand(admin);
}
