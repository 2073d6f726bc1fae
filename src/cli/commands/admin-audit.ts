import { type Command } from 'commander';
import { offers, serverName } from '../../desktop/helpdesk';
import { say } from '../terminal-text';
import { UsageError } from '../usage-error';
import { auditTable, personFacing } from './admin-io';
import { client, signedIn, withCommon, type Common } from './admin';

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
}
