import { createInterface } from 'node:readline';
import { Option, type Command } from 'commander';
import {
  parseLifetime,
  withStepUp,
  type AdminConnection,
  type CallerCheckResult,
  type SignIn,
  type TemporaryCode,
  type TwofaPolicy,
} from '../../desktop/helpdesk';
import { say } from '../terminal-text';
import { UsageError } from '../usage-error';
import { checkReason, signedIn, stepUpPassword, withCommon, type Common } from './admin';
import { ask, day, table } from './admin-io';
import { pendingSentence, proofOf, withProof, type ProofFlags } from './admin-proof';
import { PROOF_KINDS, ROLES, type ProofKind, type Role } from '../../shared/admin-api/vocabulary';

const codesTable = (codes: readonly TemporaryCode[]) =>
  table(
    ['ID', 'STATE', 'USES', 'EXPIRES', 'BY', 'REASON'],
    codes.map((c) => [
      String(c.id),
      c.state,
      `${c.uses}/${c.usesAllowed}`,
      day(c.expiresAt),
      c.createdBy,
      c.reason,
    ]),
  );

const signInsTable = (signIns: readonly SignIn[]) =>
  table(
    ['AT', 'RESULT', 'FACTOR', 'ADDRESS', 'VIA'],
    signIns.map((s) => [day(s.at), s.result, s.factor, s.address ?? '—', s.channel]),
  );

function policyText(policy: TwofaPolicy): string {
  const rows = policy.policies.map((p) => [
    p.role,
    p.required ? 'required' : 'optional',
    !p.required ? '—' : p.graceUntil !== null ? `until ${day(p.graceUntil)}` : `${p.graceDays ?? 0} days`,
    p.updatedBy ?? '—',
  ]);
  const lines = [table(['ROLE', '2FA', 'GRACE', 'SET BY'], rows)];
  if (policy.resetPolicies !== undefined) {
    lines.push('', 'Before a reset, disable or temporary code:');
    lines.push(
      table(
        ['ROLE', 'PROOFS ENOUGH', 'COOLDOWN', 'SET BY'],
        policy.resetPolicies.map((p) => [
          p.role,
          p.proofs.join(', '),
          p.cooldownMinutes === 0 ? 'none' : `${p.cooldownMinutes} min`,
          p.updatedBy ?? 'default',
        ]),
      ),
    );
  }
  const late = policy.outOfCompliance;
  if (late.total === 0) lines.push('', 'Everyone the policy covers has 2FA.');
  else {
    lines.push('', `${late.total} without 2FA:`);
    lines.push(
      table(
        ['LOGIN', 'NAME', 'ROLE', 'DEADLINE', ''],
        late.users.map((u) => [u.login, u.name, u.role, day(u.deadline), u.blocked ? 'blocked' : '']),
      ),
    );
  }
  return lines.join('\n');
}

/**
 * Reads answers one line at a time: on the terminal if there is one, else from stdin
 * (scripts and tests), through one reader so no buffered line is lost between questions.
 */
function lineReader(): { next(question: string): Promise<string | null>; close(): void } {
  if (process.stdin.isTTY) return { next: (question) => ask(question), close: () => undefined };
  const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
  return {
    async next(question) {
      process.stderr.write(question);
      const line = await lines.next();
      return line.done === true ? null : (line.value as string);
    },
    close: () => void lines.return?.(),
  };
}

/** Asks for the code the caller reads back and has the server compare it. */
async function readBack(
  answers: ReturnType<typeof lineReader>,
  connection: AdminConnection,
  userId: number,
  checkId: number,
): Promise<CallerCheckResult> {
  const typed = await answers.next('Code the caller reads back: ');
  if (typed === null || typed.trim() === '')
    throw new UsageError('no code was given; the caller is not verified.');
  return connection.verifyCallerCheck(userId, checkId, typed.trim());
}

function wholeNumber(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max)
    throw new UsageError(`${name} must be a whole number from ${min} to ${max}, not "${value}".`);
  return n;
}

export function registerHelpdeskToolCommands(admin: Command): void {
  withProof(withCommon(admin.command('temp-code <login>')))
    .description(
      'issue a temporary access code for a user who lost their authenticator (shown once; signing in with it leads to re-enrollment)',
    )
    .option('--reason <text>', 'why, for the audit log (10+ characters)')
    .option('--lifetime <duration>', 'how long it works: 10m to 8h', '1h')
    .option('--uses <n>', 'how many sign-ins it allows', '1')
    .option('--list', "list the user's temporary codes (never the codes themselves)")
    .option('--revoke <id>', 'revoke a code that still works')
    .option('--password-stdin', 'read your password from stdin for the confirmation')
    .option('--json', 'print JSON')
    .action(
      async (
        login: string,
        options: Common &
          ProofFlags & {
            reason?: string;
            lifetime: string;
            uses: string;
            list?: boolean;
            revoke?: string;
            json?: boolean;
          },
      ) => {
        if (options.list) {
          return signedIn(options, 'temporaryCodes', async ({ connection }) => {
            const user = await connection.userByLogin(login);
            const codes = await connection.temporaryCodes(user.id);
            console.log(options.json ? JSON.stringify(codes, null, 2) : codesTable(codes));
          });
        }
        const reason = checkReason(options.reason);
        if (options.revoke !== undefined) {
          const codeId = wholeNumber('--revoke', options.revoke, 1, Number.MAX_SAFE_INTEGER);
          return signedIn(options, 'revokeTemporaryCode', async ({ connection }) => {
            const user = await connection.userByLogin(login);
            await connection.revokeTemporaryCode(user.id, codeId, reason);
            say(`Temporary code ${codeId} of ${user.login} is revoked.`);
          });
        }
        const lifetimeMinutes = parseLifetime(options.lifetime);
        if (lifetimeMinutes === null || lifetimeMinutes < 10 || lifetimeMinutes > 480)
          throw new UsageError(
            `--lifetime must be from 10m to 8h (such as 30m, 1h, 1h30m), not "${options.lifetime}".`,
          );
        const uses = wholeNumber('--uses', options.uses, 1, 10);
        const proof = proofOf(options);
        await signedIn(options, 'issueTemporaryCode', async (session, cli) => {
          const { connection } = session;
          const user = await connection.userByLogin(login);
          const issued = await withStepUp(
            connection,
            () =>
              connection.issueTemporaryCode(user.id, {
                reason,
                lifetimeMinutes,
                uses,
                ...(proof === undefined ? {} : { proof }),
              }),
            stepUpPassword(cli, session, options),
          );
          if (options.json) return console.log(JSON.stringify({ login: user.login, ...issued }, null, 2));
          say(`Temporary code for ${user.name} (${user.login}): ${issued.code}`);
          if (issued.activeFrom !== undefined)
            say(
              `It works only from ${day(issued.activeFrom)} UTC, unless the user stops it from their email.`,
            );
          if (issued.pending !== undefined) say(pendingSentence(issued.pending));
          say(
            `It works until ${day(issued.expiresAt)} UTC for ${issued.uses === 1 ? 'one sign-in' : `${issued.uses} sign-ins`}, with their password; they will set up a new authenticator right after.`,
          );
          say('It is shown only now: read it to the user, do not send it by email or chat.');
        });
      },
    );

  withProof(withCommon(admin.command('reset-2fa <login>')))
    .description(
      'reset 2FA: remove the authenticator and make the next sign-in set up a new one first, with a proof of the caller’s identity (asks for your password again)',
    )
    .option('--reason <text>', 'why, for the audit log (10+ characters)')
    .option('--password-stdin', 'read your password from stdin for the confirmation')
    .action(async (login: string, options: Common & ProofFlags & { reason?: string }) => {
      const reason = checkReason(options.reason);
      const proof = proofOf(options);
      await signedIn(options, 'resetTwofa', async (session, cli) => {
        const { connection } = session;
        const user = await connection.userByLogin(login);
        const done = await withStepUp(
          connection,
          () => connection.resetTwofa(user.id, reason, proof),
          stepUpPassword(cli, session, options),
        );
        if (done.pending !== undefined) return say(pendingSentence(done.pending));
        say(
          `2FA is reset for ${user.name} (${user.login}): at their next sign-in they must set up a new authenticator before anything else.`,
        );
      });
    });

  withCommon(admin.command('history <login>'))
    .description("a user's recent sign-ins: time, address, result and factor used")
    .option('--limit <n>', 'how many (up to 200)', '20')
    .option('--json', 'print JSON')
    .action(async (login: string, options: Common & { limit: string; json?: boolean }) => {
      const limit = wholeNumber('--limit', options.limit, 1, 200);
      await signedIn(options, 'signIns', async ({ connection }) => {
        const user = await connection.userByLogin(login);
        const signIns = await connection.signIns(user.id, limit);
        if (options.json) console.log(JSON.stringify(signIns, null, 2));
        else
          console.log(signIns.length === 0 ? `${user.login} has not signed in yet.` : signInsTable(signIns));
      });
    });

  withCommon(admin.command('policy'))
    .description(
      'the 2FA enforcement policy per role and who is out of compliance; change it (administrators; asks for your password again)',
    )
    .addOption(new Option('--role <role>', 'the role to change').choices(ROLES))
    .option('--require', 'require 2FA for the role')
    .option('--no-require', 'make 2FA optional for the role')
    .option('--grace-days <n>', 'days to enroll before sign-in is blocked (0 to 365)')
    .option('--grace-until <date>', 'or a date to enroll by, such as 2026-03-31')
    .option(
      '--proofs <list>',
      'with --role: the proofs enough before a reset of that role, comma-separated: caller-check, four-eyes, in-person',
    )
    .option(
      '--cooldown-minutes <n>',
      'with --role: how long a reset or temporary code of that role waits (0 for none)',
    )
    .option('--reason <text>', 'why, for the audit log')
    .option('--password-stdin', 'read your password from stdin for the confirmation (when changing)')
    .option('--json', 'print JSON')
    .action(
      async (
        options: Common & {
          proofs?: string;
          cooldownMinutes?: string;
          role?: Role;
          require?: boolean;
          graceDays?: string;
          graceUntil?: string;
          reason?: string;
          json?: boolean;
        },
      ) => {
        if (options.proofs !== undefined || options.cooldownMinutes !== undefined) {
          if (options.role === undefined) throw new UsageError('say which role with --role.');
          const role = options.role;
          const proofs =
            options.proofs === undefined
              ? undefined
              : options.proofs
                  .split(',')
                  .map((p) => p.trim())
                  .filter((p) => p !== '');
          const unknown = proofs?.find((p) => !(PROOF_KINDS as readonly string[]).includes(p));
          if (unknown !== undefined)
            throw new UsageError(`--proofs takes ${PROOF_KINDS.join(', ')}, not "${unknown}".`);
          const cooldown =
            options.cooldownMinutes === undefined
              ? undefined
              : wholeNumber('--cooldown-minutes', options.cooldownMinutes, 0, 7 * 24 * 60);
          const reason = options.reason === undefined ? undefined : checkReason(options.reason);
          return signedIn(options, 'setResetPolicy', async (session, cli) => {
            const { connection } = session;
            const current = (await connection.policy()).resetPolicies?.find((p) => p.role === role);
            const change = {
              proofs: (proofs ?? current?.proofs ?? []) as ProofKind[],
              cooldownMinutes: cooldown ?? current?.cooldownMinutes ?? 0,
              ...(reason === undefined ? {} : { reason }),
            };
            await withStepUp(
              connection,
              () => connection.setResetPolicy(role, change),
              stepUpPassword(cli, session, options),
            );
            const policy = await connection.policy();
            console.log(options.json ? JSON.stringify(policy, null, 2) : policyText(policy));
          });
        }
        const changing =
          options.require !== undefined ||
          options.graceDays !== undefined ||
          options.graceUntil !== undefined;
        if (changing && options.role === undefined)
          throw new UsageError('say which role to change with --role.');
        if (options.role !== undefined && options.require === undefined)
          throw new UsageError('say --require or --no-require for the role.');
        if (options.graceDays !== undefined && options.graceUntil !== undefined)
          throw new UsageError('give --grace-days or --grace-until, not both.');
        if (options.graceUntil !== undefined && Number.isNaN(Date.parse(options.graceUntil)))
          throw new UsageError(
            `--grace-until must be a date such as 2026-03-31, not "${options.graceUntil}".`,
          );
        const graceDays =
          options.graceDays === undefined
            ? undefined
            : wholeNumber('--grace-days', options.graceDays, 0, 365);
        const reason = options.reason === undefined ? undefined : checkReason(options.reason);
        await signedIn(options, changing ? 'setPolicy' : 'policy', async (session, cli) => {
          const { connection } = session;
          const { role, require: required } = options;
          const policy =
            role !== undefined && required !== undefined
              ? await withStepUp(
                  connection,
                  () =>
                    connection.setPolicy(role, {
                      required,
                      ...(graceDays === undefined ? {} : { graceDays }),
                      ...(options.graceUntil === undefined
                        ? {}
                        : { graceUntil: new Date(options.graceUntil).toISOString() }),
                      ...(reason === undefined ? {} : { reason }),
                    }),
                  stepUpPassword(cli, session, options),
                )
              : await connection.policy();
          console.log(options.json ? JSON.stringify(policy, null, 2) : policyText(policy));
        });
      },
    );

  withCommon(admin.command('verify-caller <login>'))
    .description(
      'email the user a one-time code, then ask for what the caller reads back (exit status 1 when it does not match)',
    )
    .option('--json', 'print JSON')
    .action(async (login: string, options: Common & { json?: boolean }) => {
      await signedIn(options, 'startCallerCheck', async ({ connection }) => {
        const user = await connection.userByLogin(login);
        const check = await connection.startCallerCheck(user.id);
        process.stderr.write(
          `A code was emailed to ${check.sentTo} (${user.login}); it works for 10 minutes. Ask the caller to read it back.\n`,
        );
        const answers = lineReader();
        try {
          let outcome = await readBack(answers, connection, user.id, check.id);
          while (outcome.result === 'wrong') {
            process.stderr.write('That code does not match. Ask the caller to read it again.\n');
            outcome = await readBack(answers, connection, user.id, check.id);
          }
          const { matched, result } = outcome;
          if (options.json)
            console.log(JSON.stringify({ login: user.login, checkId: check.id, matched, result }));
          else if (matched)
            say(
              `matched: the caller can read ${user.login}'s email. Check ${check.id}; pass --caller-check ${check.id} to reset-2fa, disable-2fa or temp-code within 15 minutes.`,
            );
          else say(`not verified: ${result === 'expired' ? 'the code expired' : 'too many wrong codes'}.`);
          if (!matched) process.exitCode = 1;
        } finally {
          answers.close();
        }
      });
    });
}
