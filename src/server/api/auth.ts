import type { FastifyRequest } from 'fastify';
import type { ServerContext } from '../context';
import type { ApiToken, TokenHolder } from '../db/sessions';
import type { Account } from '../db/users';
import { HttpError } from '../http-error';
import { words } from '../../shared/person-facing-error';
import { requiredEnrollment } from '../services/required-enrollment';

export const API_TOKEN_TTL_MS = 15 * 60_000;
export const STEP_UP_TTL_MS = 10 * 60_000;

export interface ApiActor {
  user: TokenHolder;
  token: ApiToken;
}

export const signInAgain = (): HttpError =>
  new HttpError(401, 'unauthorized', words('server.api.signInAgain'));

/**
 * What a token may reach: `full` (the default), or `enrolling` — signing out, the identity
 * check and enrolling one's own account, all a staff account with a required enrollment
 * (after a reset, or past its role's grace period) may do, as on the web pages.
 */
export type Access = 'full' | 'enrolling';

/** The bearer token a request carries, when it is shaped like one. */
export function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization ?? '';
  return /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header)?.[1];
}

/** Who is calling: a valid, unexpired bearer token of a help-desk or admin account. */
export async function authenticate(
  ctx: ServerContext,
  request: FastifyRequest,
  access: Access = 'full',
): Promise<ApiActor> {
  const token = bearerOf(request);
  return admit(
    ctx,
    token === undefined ? undefined : await ctx.apiTokens.find(token, ctx.clock.nowMs()),
    access,
  );
}

/** The token's holder as the caller, if the token was found and its holder may reach `access`. */
export async function admit(
  ctx: ServerContext,
  found: ApiActor | undefined,
  access: Access = 'full',
): Promise<ApiActor> {
  if (!found || found.user.role === 'user') throw signInAgain();
  if (access === 'full') {
    if ((await requiredEnrollment(ctx, found.user)) !== null) {
      throw new HttpError(403, 'enrollment_required', words('server.api.enrollFirst'));
    }
  }
  return { user: found.user, token: found.token };
}

/** Destructive actions need the password again within the last 10 minutes. */
export function requireStepUp(ctx: ServerContext, actor: ApiActor): void {
  const at = actor.token.stepUpAt;
  if (at === null || ctx.clock.nowMs() - at > STEP_UP_TTL_MS) {
    throw new HttpError(403, 'step_up_required', words('server.api.stepUpRequired'));
  }
}

/** Help desk acts on `user` accounts only; admins on everyone but themselves. */
export function requireAuthorityOver(actor: ApiActor, target: Account): void {
  if (actor.user.id === target.id) {
    throw new HttpError(403, 'self_action', words('server.api.selfAction'));
  }
  if (actor.user.role === 'helpdesk' && target.role !== 'user') {
    throw new HttpError(403, 'forbidden_role', words('server.api.helpdeskUsersOnly'));
  }
}
