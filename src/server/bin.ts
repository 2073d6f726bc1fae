import { Command, CommanderError } from 'commander';
import { databaseOf, parsePort } from './cli/options';
import { copyDatabase } from './cli/copy';
import { migrateDatabase } from './cli/migrate';
import { serve } from './cli/serve';
import { disableTwoFactorFromCli, setPasswordFromCli, unlockFromCli } from './cli/user-admin';
import { addUser, listUsers } from './cli/users';
import { PersonFacingError } from '../shared/person-facing-error';

const DB_HELP =
  'SQLite file (created if missing), or a postgres:// URL; default TWOFOLD_SERVER_DB, else data/twofold-server.sqlite';

function buildProgram(): Command {
  const program = new Command('twofold-server')
    .description('Twofold account server: users, the 2FA lifecycle as web pages, and the admin API')
    .exitOverride()
    .showSuggestionAfterError();

  program
    .command('serve')
    .description('start the server (migrations are applied on start)')
    .option('--db <path|url>', DB_HELP)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port; 0 picks any free port', parsePort, 8069)
    .option(
      '--issuer <name>',
      'name shown in authenticators (default: the host name clients use, if allowed)',
    )
    .option(
      '--allowed-hosts <names>',
      'host names clients reach this server by, comma-separated: the only ones the issuer is taken from (default: --host and localhost)',
    )
    .option(
      '--metrics-port <port>',
      'serve Prometheus metrics (GET /metrics) on this port; default TWOFOLD_SERVER_METRICS_PORT, else off',
      parsePort,
    )
    .option('--metrics-host <host>', 'address the metrics listener binds', '127.0.0.1')
    .option(
      '--audit-syslog <url>',
      'forward the audit trail as it is written, RFC 5424 syslog to tcp://HOST:PORT or tls://HOST:PORT; default TWOFOLD_SERVER_AUDIT_SYSLOG, else off',
    )
    .option(
      '--audit-syslog-ca <file>',
      "the organisation's CA (PEM) for a tls:// syslog destination; default TWOFOLD_SERVER_AUDIT_SYSLOG_CA, else the system's CAs",
    )
    .option(
      '--audit-json <path>',
      'forward the audit trail as JSON lines to this file, or - for standard output; default TWOFOLD_SERVER_AUDIT_JSON, else off',
    )
    .action(
      async (options: {
        db?: string;
        host: string;
        port: number;
        issuer?: string;
        allowedHosts?: string;
        metricsPort?: number;
        metricsHost: string;
        auditSyslog?: string;
        auditSyslogCa?: string;
        auditJson?: string;
      }) => {
        await serve({
          db: databaseOf(options.db),
          host: options.host,
          port: options.port,
          issuer: options.issuer,
          allowedHosts: options.allowedHosts,
          metricsPort: options.metricsPort,
          metricsHost: options.metricsHost,
          auditSyslog: options.auditSyslog,
          auditSyslogCa: options.auditSyslogCa,
          auditJson: options.auditJson,
        });
      },
    );

  program
    .command('migrate')
    .description('bring the database schema up to date and exit (serve does this on start too)')
    .option('--db <path|url>', DB_HELP)
    .action(async (options: { db?: string }) => {
      await migrateDatabase(databaseOf(options.db));
    });

  program
    .command('copy')
    .description('copy a SQLite deployment into an empty PostgreSQL database, verified table by table')
    .requiredOption('--from <path>', 'the SQLite file')
    .requiredOption('--to <url>', 'the postgres:// URL')
    .action(async (options: { from: string; to: string }) => {
      await copyDatabase(databaseOf(options.from), databaseOf(options.to));
    });

  const user = program.command('user').description('manage accounts');
  user
    .command('add')
    .description('add an account; the password is read from standard input')
    .requiredOption('--login <login>', 'login name')
    .requiredOption('--name <name>', 'full name')
    .option('--role <role>', 'user, helpdesk or admin', 'user')
    .option('--email <address>', 'where security notifications go')
    .option('--password-stdin', 'read the password from standard input')
    .option('--db <path|url>', DB_HELP)
    .action(
      async (options: {
        login: string;
        name: string;
        role: string;
        email?: string;
        passwordStdin?: boolean;
        db?: string;
      }) => {
        await addUser({
          db: databaseOf(options.db),
          login: options.login,
          name: options.name,
          role: options.role,
          email: options.email,
          passwordStdin: options.passwordStdin === true,
        });
      },
    );
  user
    .command('passwd')
    .description('set a new password (read from standard input); ends the account sessions')
    .requiredOption('--login <login>', 'login name')
    .option('--password-stdin', 'read the password from standard input')
    .option('--db <path|url>', DB_HELP)
    .action(async (options: { login: string; passwordStdin?: boolean; db?: string }) => {
      await setPasswordFromCli({
        db: databaseOf(options.db),
        login: options.login,
        passwordStdin: options.passwordStdin === true,
      });
    });
  user
    .command('disable-2fa')
    .description('disable 2FA on an account (lost authenticator) when no administrator can sign in')
    .requiredOption('--login <login>', 'login name')
    .requiredOption('--reason <text>', 'why (10+ characters; audited)')
    .option('--db <path|url>', DB_HELP)
    .action(async (options: { login: string; reason: string; db?: string }) => {
      await disableTwoFactorFromCli({
        db: databaseOf(options.db),
        login: options.login,
        reason: options.reason,
      });
    });
  user
    .command('unlock')
    .description('clear failed attempts on an account')
    .requiredOption('--login <login>', 'login name')
    .requiredOption('--reason <text>', 'why (audited)')
    .option('--db <path|url>', DB_HELP)
    .action(async (options: { login: string; reason: string; db?: string }) => {
      await unlockFromCli({ db: databaseOf(options.db), login: options.login, reason: options.reason });
    });
  user
    .command('list')
    .description('list accounts')
    .option('--db <path|url>', DB_HELP)
    .action((options: { db?: string }) => listUsers(databaseOf(options.db)));
  return program;
}

async function main(argv: string[]): Promise<number | undefined> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return undefined;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof PersonFacingError) {
      process.stderr.write(`twofold-server: ${error.message}\n`);
      return 2;
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      process.stderr.write(`twofold-server: cannot listen: ${(error as Error).message}\n`);
      return 2;
    }
    process.stderr.write(
      `twofold-server: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  }
}

const status = await main(process.argv);
// `serve` keeps running; the other commands end here.
if (status !== undefined) process.exitCode = status;
