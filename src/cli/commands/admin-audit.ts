import { type Command } from 'commander';
import {
  offers,
  serverName,
  type HelpdeskClient,
  type HelpdeskSession,
  type LocalAuditLog,
  type WitnessCheck,
} from '../../desktop/helpdesk';
import type { ForwardStatus } from '../../node/audit-forward';
import { say } from '../terminal-text';
import { UsageError } from '../usage-error';
import { auditTable, personFacing } from './admin-io';
import { client, signedIn, withCommon, type Common } from './admin';

/** What the witness on the signed-in server said of the local log. */
type WitnessAnswer = ({ kind: 'checked' } & WitnessCheck) | { kind: 'none'; witness: string; why: string };

/**
 * Holds the local log against the heads the profile's server kept (Twofold's server, or the notes on an
 * Odoo server with Discuss); says why not when there is no session or the server keeps none.
 */
async function witnessCheck(cli: HelpdeskClient, profile: string | undefined): Promise<WitnessAnswer> {
  let session: HelpdeskSession;
  try {
    session = await cli.resume(profile);
  } catch (error) {
    return {
      kind: 'none',
      witness: profile ?? 'the server',
      why: `not signed in (${error instanceof Error ? error.message : 'no session'})`,
    };
  }
  try {
    const witness = session.profile.url;
    const heads = session.connection.witnessedHeads ? await session.connection.witnessedHeads() : null;
    if (heads === null)
      return {
        kind: 'none',
        witness,
        why:
          session.kind === 'odoo'
            ? 'this Odoo server has no Discuss module (mail), so it keeps no notes of the actions'
            : 'this server keeps no heads of local logs',
      };
    return { kind: 'checked', ...(await cli.auditLog.verifyWitness(witness, heads)) };
  } finally {
    await session.close();
  }
}

function witnessWords(answer: WitnessAnswer): string {
  if (answer.kind === 'none') return `Not held against a witness: ${answer.why}.`;
  const others =
    answer.otherComputers > 0 ? ` (${answer.otherComputers} head(s) from other computers left aside)` : '';
  const gaps =
    answer.unwitnessed > 0
      ? ` ${answer.unwitnessed} action(s) were not witnessed: the server refused the note or head (twofold admin audit --local --action audit.witness says why).`
      : '';
  if (answer.problem !== null) return `The witness disagrees: ${answer.problem}${others}.${gaps}`;
  return `The witness agrees: ${answer.compared} head(s) kept by ${answer.witness} match this log${others}.${gaps}`;
}

async function forwardingOf(log: LocalAuditLog): Promise<readonly ForwardStatus[] | { error: string }> {
  try {
    return await log.forwardingStatus();
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** The forwarding backlog per destination (the managed setting), or nothing when forwarding is off. */
function forwardingWords(forwarding: readonly ForwardStatus[] | { error: string }): string[] {
  if ('error' in forwarding) return [`Forwarding is set but cannot run: ${forwarding.error}`];
  return forwarding.map(
    (status) =>
      `Forwarded to ${status.destination}: ${status.backlog === 0 ? 'nothing waiting' : `${status.backlog} record(s) waiting`}${status.lastError ? ` (last try failed: ${status.lastError})` : ''}.`,
  );
}

/** `twofold admin audit` and `report`: what was done, and how far 2FA has spread. */
export function registerAuditCommands(admin: Command): void {
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
            const cli = client();
            const log = cli.auditLog;
            const check = await log.verify();
            const witness = await witnessCheck(cli, options.profile);
            const forwarding = await forwardingOf(log);
            if (options.json) console.log(JSON.stringify({ ...check, witness, forwarding }));
            else {
              if (check.whole)
                say(
                  `The local audit log is whole: ${check.records} record(s)${check.lastAt ? `, the last at ${check.lastAt}` : ''} (${log.path}).`,
                );
              else say(`The local audit log has been tampered with: ${check.problem} (${log.path}).`);
              say(witnessWords(witness));
              for (const line of forwardingWords(forwarding)) say(line);
            }
            if (!check.whole || (witness.kind === 'checked' && witness.problem !== null))
              process.exitCode = 1;
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
          for (const line of forwardingWords(await forwardingOf(cli.auditLog))) say(line);
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
}
