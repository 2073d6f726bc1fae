import type { ServerContext } from '../context';
import type { Account } from '../db/users';

/** Why this account must set up an authenticator before anything else, or null when it need not. */
export type EnrollmentReason = 'reset' | 'temporary-code' | 'policy';

/** One rule for the web pages and the admin API: a reset, a temporary code or a passed grace period. */
export async function requiredEnrollment(
  ctx: Pick<ServerContext, 'policy' | 'clock'>,
  user: Pick<Account, 'requiredAction' | 'totpEnabledAt' | 'role' | 'createdAt'>,
): Promise<EnrollmentReason | null> {
  if (user.requiredAction === 'enroll') return user.totpEnabledAt === null ? 'reset' : 'temporary-code';
  // An enrolled account meets any policy: no need to read it (the admin API's hot path).
  if (user.totpEnabledAt !== null) return null;
  return (await ctx.policy.standing(user, ctx.clock.nowMs())).kind === 'blocked' ? 'policy' : null;
}
