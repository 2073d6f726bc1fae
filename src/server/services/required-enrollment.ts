import type { ServerContext } from '../context';
import type { UserRow } from '../db/users';

/** Why this account must set up an authenticator before anything else, or null when it need not. */
export type EnrollmentReason = 'reset' | 'temporary-code' | 'policy';

/** One rule for the web pages and the admin API: a reset, a temporary code or a passed grace period. */
export async function requiredEnrollment(
  ctx: Pick<ServerContext, 'policy' | 'clock'>,
  user: Pick<UserRow, 'required_action' | 'totp_enabled_at' | 'role' | 'created_at'>,
): Promise<EnrollmentReason | null> {
  if (user.required_action === 'enroll') return user.totp_enabled_at === null ? 'reset' : 'temporary-code';
  // An enrolled account meets any policy: no need to read it (the admin API's hot path).
  if (user.totp_enabled_at !== null) return null;
  return (await ctx.policy.standing(user, ctx.clock.nowMs())).kind === 'blocked' ? 'policy' : null;
}
