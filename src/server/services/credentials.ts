import type { ServerContext } from '../context';
import type { UserRow } from '../db/users';
import { decoyHash, verifyPassword } from '../security/password';

/**
 * The password step, shared by the web login, the admin API and step-up checks.
 * Unknown login, wrong password, back-off and lock all return null after the
 * same work, so the answer reveals none of them.
 */
export async function checkPassword(
  ctx: ServerContext,
  login: string,
  password: string,
  address: string,
): Promise<UserRow | null> {
  const user = ctx.users.byLogin(login);
  const allowed = ctx.throttle.allows(user?.id ?? null, address);
  const ok = await verifyPassword(password, user?.password_hash ?? (await decoyHash()));
  if (!allowed) return null;
  if (user === undefined || !ok) {
    ctx.throttle.recordFailure(user?.id ?? null, address);
    return null;
  }
  return user;
}

export type SecondFactor = 'totp' | 'recovery';

/** The code step: a TOTP code (replay-protected) or a single-use recovery code. */
export function checkSecondFactor(
  ctx: ServerContext,
  user: UserRow,
  code: string,
  address: string,
): SecondFactor | null {
  if (!ctx.throttle.allows(user.id, address)) return null;
  const compact = code.replace(/\s/g, '');
  const kind: SecondFactor | null = /^\d{6}$/.test(compact)
    ? ctx.twoFactor.checkCode(user, compact)
      ? 'totp'
      : null
    : ctx.twoFactor.useRecoveryCode(user, code)
      ? 'recovery'
      : null;
  if (kind === null) ctx.throttle.recordFailure(user.id, address);
  return kind;
}
