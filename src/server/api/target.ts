import type { FastifyRequest } from 'fastify';
import type { ServerContext } from '../context';
import type { Account } from '../db/users';
import { HttpError } from '../http-error';
import { words } from '../../shared/person-facing-error';
import { admit, authenticate, bearerOf, requireAuthorityOver, type ApiActor } from './auth';
import { parse } from './validate';
import { UserId } from '../../shared/admin-api/v1';

// Built once: a zod schema made per request is built (and compiled) again each time.
const LooseUserId = UserId.loose();

const noSuchUser = (): HttpError => new HttpError(404, 'not_found', words('server.api.noSuchUser'));

/** The account named by `:id`, once the caller's authority over it is checked. */
export async function targetUser(
  ctx: ServerContext,
  request: FastifyRequest,
  actor: ApiActor,
): Promise<Account> {
  const { id } = parse(LooseUserId, request.params, 'user id');
  const user = await ctx.users.byId(id);
  if (!user) throw noSuchUser();
  requireAuthorityOver(actor, user);
  return user;
}

/**
 * The caller (as `authenticate` admits it) and the account named by `:id` (as `targetUser`
 * finds it), read in one statement: the admin API's requests on an account start here.
 */
export async function callerAndTarget(
  ctx: ServerContext,
  request: FastifyRequest,
): Promise<{ actor: ApiActor; user: Account }> {
  const id = LooseUserId.safeParse(request.params ?? {});
  const token = bearerOf(request);
  if (!id.success || token === undefined) {
    // The answers of the two steps, in their order (a missing token before a malformed id).
    const actor = await authenticate(ctx, request);
    return { actor, user: await targetUser(ctx, request, actor) };
  }
  const found = await ctx.apiTokens.findWithAccount(token, ctx.clock.nowMs(), id.data.id);
  const actor = await admit(ctx, found);
  if (found?.account === undefined) throw noSuchUser();
  requireAuthorityOver(actor, found.account);
  return { actor, user: found.account };
}
