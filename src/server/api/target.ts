import type { FastifyRequest } from 'fastify';
import type { ServerContext } from '../context';
import type { Account } from '../db/users';
import { HttpError } from '../http-error';
import { requireAuthorityOver, type ApiActor } from './auth';
import { parse } from './validate';
import { UserId } from '../../shared/admin-api/v1';

/** The account named by `:id`, once the caller's authority over it is checked. */
export async function targetUser(
  ctx: ServerContext,
  request: FastifyRequest,
  actor: ApiActor,
): Promise<Account> {
  const { id } = parse(UserId.loose(), request.params, 'user id');
  const user = await ctx.users.byId(id);
  if (!user) throw new HttpError(404, 'not_found', 'There is no user with this id.');
  requireAuthorityOver(actor, user);
  return user;
}
