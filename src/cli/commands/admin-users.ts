import { callerNearMissSentence } from '../../shared/clock-drift';
import { Option, type Command } from 'commander';
import { allUsers, usersCsv, withStepUp } from '../../desktop/helpdesk';
import { say } from '../terminal-text';
import { UsageError } from '../usage-error';
import { pendingSentence, proofOf, withProof, type ProofFlags } from './admin-proof';
import { devicesTable, usersTable } from './admin-io';
import { ROLES, TWOFA_FILTERS, type Role, type TwofaFilter } from '../../shared/admin-api/vocabulary';
import { checkReason, signedIn, stepUpPassword, withCommon, type Common } from './admin';

/** `twofold admin users`, `check`, `disable-2fa`, `unlock` and `devices`: finding users and acting on them. */
export function registerUserCommands(admin: Command): void {
  withCommon(admin.command('users'))
    .description('list users, with filters')
    .option('--search <text>', 'login or name contains')
    .addOption(new Option('--twofa <state>', '2FA state').choices(TWOFA_FILTERS))
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
          twofa?: TwofaFilter;
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
        const result = await connection.checkCode(user.id, options.code.replace(/\s/g, ''));
        const { valid, phoneClockOffsetSeconds: offset } = result;
        if (options.json) console.log(JSON.stringify({ login: user.login, ...result }));
        else
          say(
            valid
              ? `valid: the code is right for ${user.login}.${result.callerCheckId === undefined ? '' : ` Caller check ${result.callerCheckId} passed: pass --caller-check ${result.callerCheckId} to reset-2fa, disable-2fa or temp-code within 15 minutes.`}`
              : offset !== undefined
                ? `invalid: ${callerNearMissSentence(offset).replace(/^✗ /, '')}`
                : `invalid: the code is wrong for ${user.login}.`,
          );
        // Like grep: scripts can branch on the answer without parsing it.
        if (!valid) process.exitCode = 1;
      });
    });

  withProof(withCommon(admin.command('disable-2fa <login>')))
    .description(
      'turn 2FA off for a user who lost their authenticator, with a proof of the caller’s identity (asks for your password again)',
    )
    .requiredOption('--reason <text>', 'why, for the audit log (10+ characters)')
    .option('--password-stdin', 'read your password from stdin for the confirmation')
    .action(async (login: string, options: Common & ProofFlags & { reason: string }) => {
      const reason = checkReason(options.reason);
      const proof = proofOf(options);
      await signedIn(options, 'disableTwofa', async (session, cli) => {
        const user = await session.connection.userByLogin(login);
        if (!user.twofa.enabled)
          throw new UsageError(`${user.login} does not have 2FA turned on; nothing to do.`);
        const done = await withStepUp(
          session.connection,
          () => session.connection.disableTwofa(user.id, reason, proof),
          stepUpPassword(cli, session, options),
        );
        if (done.pending !== undefined) return say(pendingSentence(done.pending));
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
}
