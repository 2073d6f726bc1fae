import type { ServerContext } from '../context';
import type { UserRow } from '../db/users';
import { decoyHash, verifyPassword } from '../security/password';

/**
 * The password step, shared by the web login, the admin API and step-up checks.
 * The attempt is counted before the password is hashed (and refunded when it is
 * right), so simultaneous guesses cannot all slip under the limits. Unknown
 * login, wrong password, back-off and lock all return null after the same work,
 * so the answer reveals none of them.
 */
export async function checkPassword(
  ctx: ServerContext,
  login: string,
  password: string,
  address: string,
): Promise<UserRow | null> {
  const user = ctx.users.byLogin(login);
  const reservation = ctx.throttle.reserve(user?.id ?? null, address);
  const ok = await verifyPassword(password, user?.password_hash ?? (await decoyHash()));
  if (reservation === null || user === undefined || !ok) return null;
  ctx.throttle.refund(reservation);
  return user;
}

export type SecondFactor = 'totp' | 'recovery';

/** The code step: a TOTP code (replay-protected) or a single-use recovery code, counted like a password. */
export function checkSecondFactor(
  ctx: ServerContext,
  user: UserRow,
  code: string,
  address: string,
): SecondFactor | null {
  return ctx.throttle.attempt(user.id, address, () => {
    const compact = code.replace(/\s/g, '');
    if (/^\d{6}$/.test(compact)) return ctx.twoFactor.checkCode(user, compact) ? 'totp' : null;
    return ctx.twoFactor.useRecoveryCode(user, code) ? 'recovery' : null;
  });
}
