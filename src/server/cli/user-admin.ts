import { hostname, userInfo } from 'node:os';
import { createContext, type ServerContext } from '../context';
import { systemServerClock } from '../clock';
import { openSql } from '../db/open';
import { mailConfigFromEnv } from '../mail/config';
import { smtpMailer } from '../mail/mailer';
import type { EventOrigin } from '../mail/notifications';
import { hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../security/password';
import { DEFAULT_THROTTLE } from '../security/throttle';
import { serverKeyFor, type DatabaseLocation } from './options';
import { readPasswordFromStdin } from './users';
import { ServerUsageError } from './server-usage-error';

/**
 * The operator's escape hatch on the server machine, for when no administrator
 * can sign in (e.g. the only admin lost their authenticator). Audited as `cli:<os user>`.
 */
async function withContext<T>(
  location: DatabaseLocation,
  work: (ctx: ServerContext, actor: string) => T | Promise<T>,
): Promise<T> {
  // The same relay as `serve`, so the owner hears of what is done from here too; a wrong setting stops first.
  const mail = mailConfigFromEnv(process.env);
  const serverKey = serverKeyFor(location);
  const sql = await openSql(location);
  let ctx: ServerContext | undefined;
  try {
    ctx = await createContext({
      sql,
      serverKey,
      clock: systemServerClock,
      throttle: DEFAULT_THROTTLE,
      mailer: mail ? smtpMailer(mail) : undefined,
    });
    return await work(ctx, `cli:${userInfo().username}`);
  } finally {
    await sql.close();
    await ctx?.notifier.settle();
    ctx?.notifier.close();
  }
}

/** Where an action taken on the server machine comes from, for the owner's email. */
function cliOrigin(): EventOrigin {
  return {
    server: process.env.TWOFOLD_SERVER_ISSUER || hostname(),
    at: systemServerClock.nowMs(),
    address: null,
    commandLine: true,
  };
}

function requireReason(reason: string | undefined, min: number): string {
  const trimmed = (reason ?? '').trim();
  if (trimmed.length < min) throw new ServerUsageError(`give --reason with at least ${min} characters.`);
  return trimmed;
}

async function findUser(ctx: ServerContext, login: string) {
  const user = await ctx.users.byLogin(login.trim());
  if (!user) throw new ServerUsageError(`there is no user with the login "${login.trim()}".`);
  return user;
}

export async function disableTwoFactorFromCli(options: {
  db: DatabaseLocation;
  login: string;
  reason?: string;
}) {
  const reason = requireReason(options.reason, 10);
  await withContext(options.db, async (ctx, actor) => {
    const user = await findUser(ctx, options.login);
    if (user.totpEnabledAt === null)
      throw new ServerUsageError(`${user.login} does not use two-factor authentication.`);
    await ctx.twoFactor.disable(user.id);
    await ctx.audit.record({ actor, action: 'user.2fa.disable', target: user.login, reason, result: 'ok' });
    ctx.notifier.notify(user, { kind: 'twofa-disabled', byHelpDesk: true }, cliOrigin());
    console.log(
      `two-factor authentication disabled for ${user.login}; their sessions and trusted devices ended.`,
    );
  });
}

export async function unlockFromCli(options: { db: DatabaseLocation; login: string; reason?: string }) {
  const reason = requireReason(options.reason, 1);
  await withContext(options.db, async (ctx, actor) => {
    const user = await findUser(ctx, options.login);
    await ctx.throttle.reset(user.id);
    await ctx.audit.record({ actor, action: 'user.unlock', target: user.login, reason, result: 'ok' });
    console.log(`${user.login} unlocked.`);
  });
}

export async function setPasswordFromCli(options: {
  db: DatabaseLocation;
  login: string;
  passwordStdin: boolean;
}) {
  if (!options.passwordStdin)
    throw new ServerUsageError('give the new password on standard input with --password-stdin.');
  const password = await readPasswordFromStdin();
  if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) {
    throw new ServerUsageError(
      `the password must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters.`,
    );
  }
  const hash = await hashPassword(password);
  await withContext(options.db, async (ctx, actor) => {
    const user = await findUser(ctx, options.login);
    // A new password ends every session and trusted device of the account (DESIGN.md).
    await ctx.stores.transaction(async () => {
      await ctx.users.setPassword(user.id, hash);
      await ctx.webSessions.endAllFor(user.id);
      await ctx.apiTokens.endAllFor(user.id);
      await ctx.trusted.revokeAll(user.id, ctx.clock.nowMs());
    });
    await ctx.audit.record({ actor, action: 'user.password', target: user.login, result: 'ok' });
    console.log(`password changed for ${user.login}; their sessions ended.`);
  });
}
