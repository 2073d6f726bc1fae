import type { ServerContext } from '../context';
import type { Account } from '../db/users';
import type { RefusalReason } from '../metrics';
import { decoyHash, verifyPassword } from '../security/password';
import { normalizeTemporaryCode } from './temporary-codes';

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
): Promise<Account | null> {
  const user = await ctx.users.byLogin(login);
  const reservation = await ctx.throttle.reserve(user?.id ?? null, address);
  const ok = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
  if (reservation === null || user === undefined || !ok) return null;
  await ctx.throttle.refund(reservation);
  return user;
}

export type SecondFactor = 'totp' | 'recovery' | 'temporary-code';

/** What a typed code looks like it is (for the sign-in history of a refused one). */
export function factorOf(code: string): SecondFactor {
  const compact = code.replace(/\s/g, '');
  if (/^\d{6}$/.test(compact)) return 'totp';
  return normalizeTemporaryCode(code) !== null ? 'temporary-code' : 'recovery';
}

/**
 * The code step: a TOTP code (replay-protected), a single-use recovery code, or a
 * temporary access code from the help desk (its uses are counted); counted like a password.
 */
export async function checkSecondFactor(
  ctx: ServerContext,
  user: Account,
  code: string,
  address: string,
  /**
   * Temporary codes sign in to the web pages only, where they lead straight to enrollment
   * (`use` spends one use). Elsewhere `recognise` tells a live one apart from a wrong code
   * without spending it, so the client can say where it works; unset, it is a wrong code.
   */
  accept: {
    temporaryCode?: 'use' | 'recognise';
    /** Told the phone's clock offset when a TOTP code is wrong now but right within ±10 minutes. */
    nearMiss?: (offsetSeconds: number) => void;
  } = {},
): Promise<SecondFactor | null> {
  let limited = false;
  const kind = await ctx.throttle.attempt(
    user.id,
    address,
    async (): Promise<SecondFactor | null> => {
      const compact = code.replace(/\s/g, '');
      if (/^\d{6}$/.test(compact)) {
        if (await ctx.twoFactor.checkCode(user, compact)) return 'totp';
        const offset = await ctx.twoFactor.explainMiss(user, compact);
        if (offset !== null) accept.nearMiss?.(offset);
        return null;
      }
      if (accept.temporaryCode !== undefined && normalizeTemporaryCode(code) !== null) {
        const now = ctx.clock.nowMs();
        const right =
          accept.temporaryCode === 'use'
            ? await ctx.temporaryCodes.use(user.id, code, now)
            : await ctx.temporaryCodes.isLive(user.id, code, now);
        return right ? 'temporary-code' : null;
      }
      return (await ctx.twoFactor.useRecoveryCode(user, code)) ? 'recovery' : null;
    },
    () => (limited = true),
  );
  if (kind !== null) ctx.metrics.checkAccepted('sign_in');
  else ctx.metrics.checkRefused('sign_in', refusalReason(ctx, user, code, limited));
  return kind;
}

/**
 * Why a code was refused, for the metrics: the account's lock or back-off when the limits
 * refused it (`user` as read before the check), else a replayed step, else a wrong code.
 */
export function refusalReason(
  ctx: ServerContext,
  user: Account,
  code: string,
  limited: boolean,
): RefusalReason {
  if (limited) {
    const { lockAfter, lockMs, now } = ctx.lockRule();
    const locked =
      user.failedCount >= lockAfter && user.lastFailedAt !== null && now - user.lastFailedAt < lockMs;
    return locked ? 'locked' : 'throttled';
  }
  return ctx.twoFactor.isReplay(user, code) ? 'replay' : 'wrong';
}
