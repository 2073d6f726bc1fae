import { Option, type Command } from 'commander';
import { withStepUp, type Approval, type PendingAction, type Proof } from '../../desktop/helpdesk';
import {
  GUARDED_ACTIONS,
  GUARDED_ACTION_LABELS,
  type GuardedAction,
} from '../../shared/admin-api/vocabulary';
import { say } from '../terminal-text';
import { UsageError } from '../usage-error';
import { checkReason, signedIn, stepUpPassword, withCommon, type Common } from './admin';
import { day, table } from './admin-io';

/** The proof options of reset-2fa, disable-2fa and temp-code (issue 25). */
export interface ProofFlags {
  callerCheck?: string;
  approval?: string;
  inPerson?: string;
}

/** Adds `--caller-check ID`, `--approval ID` and `--in-person "NOTE"` to a guarded command. */
export function withProof(command: Command): Command {
  return command
    .option(
      '--caller-check <id>',
      'a caller check passed in the last 15 minutes (`verify-caller`, or `check` with a right code)',
    )
    .option(
      '--approval <id>',
      'your `request-approval` request, approved by another staff member in the last 30 minutes',
    )
    .option('--in-person <note>', 'the caller was seen in person: which identity document was checked');
}

const id = (name: string, value: string): number => {
  if (!/^\d{1,15}$/.test(value) || Number(value) < 1)
    throw new UsageError(`${name} must be a positive whole number, not "${value}".`);
  return Number(value);
};

/** The one proof given, or undefined; more than one is a usage error. */
export function proofOf(flags: ProofFlags): Proof | undefined {
  const given: Proof[] = [];
  if (flags.callerCheck !== undefined) given.push({ callerCheckId: id('--caller-check', flags.callerCheck) });
  if (flags.approval !== undefined) given.push({ approvalId: id('--approval', flags.approval) });
  if (flags.inPerson !== undefined) {
    const note = flags.inPerson.trim();
    if (note.length < 5)
      throw new UsageError('--in-person needs a note saying which identity document was seen.');
    given.push({ inPersonNote: note });
  }
  if (given.length > 1) throw new UsageError('give one proof: --caller-check, --approval or --in-person.');
  return given[0];
}

/** "It takes effect at … unless …": said when a reset, disable or temporary code waits out its cooldown. */
export function pendingSentence(pending: PendingAction): string {
  return `Waiting: this takes effect at ${day(pending.dueAt)} UTC (pending action ${pending.id}). The user was emailed a link to stop it; cancel it with \`twofold admin pending --cancel ${pending.id} --reason "…"\`.`;
}

const approvalsTable = (approvals: readonly Approval[]) =>
  table(
    ['ID', 'STATE', 'ACTION', 'USER', 'ASKED BY', 'APPROVED BY', 'UNTIL', 'REASON'],
    approvals.map((a) => [
      String(a.id),
      a.state,
      a.action,
      a.login,
      a.requestedBy,
      a.approvedBy ?? '—',
      day(a.expiresAt),
      a.reason,
    ]),
  );

const pendingTable = (actions: readonly PendingAction[]) =>
  table(
    ['ID', 'STATE', 'ACTION', 'USER', 'BY', 'DUE', 'PROOF'],
    actions.map((a) => [String(a.id), a.state, a.action, a.login, a.actor, day(a.dueAt), a.proof]),
  );

export function registerProofCommands(admin: Command): void {
  withCommon(admin.command('request-approval <login>'))
    .description(
      'four-eyes: ask another staff member to approve a reset, disable or temporary code (prints the request id)',
    )
    .addOption(
      new Option('--action <action>', 'what is to be done').choices(GUARDED_ACTIONS).makeOptionMandatory(),
    )
    .option('--reason <text>', 'why, for the approver and the audit log (10+ characters)')
    .option('--json', 'print JSON')
    .action(
      async (login: string, options: Common & { action: GuardedAction; reason?: string; json?: boolean }) => {
        const reason = checkReason(options.reason);
        await signedIn(options, 'requestApproval', async ({ connection }) => {
          const user = await connection.userByLogin(login);
          const approval = await connection.requestApproval(user.id, options.action, reason);
          if (options.json) return console.log(JSON.stringify(approval, null, 2));
          console.log(String(approval.id));
          process.stderr.write(
            `Request ${approval.id} to ${GUARDED_ACTION_LABELS[options.action]} for ${user.login} is waiting for another staff member (\`twofold admin approvals --approve ${approval.id}\`, or the console) until ${day(approval.expiresAt)} UTC; then pass --approval ${approval.id}.\n`,
          );
        });
      },
    );

  withCommon(admin.command('approvals'))
    .description(
      'four-eyes requests of the last 24 hours; --approve ID approves another member’s (asks for your password again)',
    )
    .option('--approve <id>', 'approve this request')
    .option('--password-stdin', 'read your password from stdin for the confirmation')
    .option('--json', 'print JSON')
    .action(async (options: Common & { approve?: string; json?: boolean }) => {
      if (options.approve !== undefined) {
        const approvalId = id('--approve', options.approve);
        return signedIn(options, 'approve', async (session, cli) => {
          const approved = await withStepUp(
            session.connection,
            () => session.connection.approve(approvalId),
            stepUpPassword(cli, session, options),
          );
          if (options.json) return console.log(JSON.stringify(approved, null, 2));
          say(
            `Approved request ${approved.id}: ${approved.requestedBy} may ${GUARDED_ACTION_LABELS[approved.action]} for ${approved.login} until ${day(approved.expiresAt)} UTC.`,
          );
        });
      }
      await signedIn(options, 'approvals', async ({ connection }) => {
        const approvals = await connection.approvals();
        if (options.json) console.log(JSON.stringify(approvals, null, 2));
        else
          console.log(
            approvals.length === 0 ? 'No requests in the last 24 hours.' : approvalsTable(approvals),
          );
      });
    });

  withCommon(admin.command('pending'))
    .description('resets, disables and temporary codes waiting out their cooldown; --cancel ID stops one')
    .option('--cancel <id>', 'cancel this pending action')
    .option('--reason <text>', 'why, for the audit log (with --cancel)')
    .option('--json', 'print JSON')
    .action(async (options: Common & { cancel?: string; reason?: string; json?: boolean }) => {
      if (options.cancel !== undefined) {
        const actionId = id('--cancel', options.cancel);
        const reason = checkReason(options.reason);
        return signedIn(options, 'cancelPending', async ({ connection }) => {
          const actions = await connection.cancelPending(actionId, reason);
          if (options.json) return console.log(JSON.stringify(actions, null, 2));
          say(`Pending action ${actionId} is cancelled: it will not take effect.`);
        });
      }
      await signedIn(options, 'pendingActions', async ({ connection }) => {
        const actions = await connection.pendingActions();
        if (options.json) console.log(JSON.stringify(actions, null, 2));
        else console.log(actions.length === 0 ? 'Nothing is waiting.' : pendingTable(actions));
      });
    });
}
