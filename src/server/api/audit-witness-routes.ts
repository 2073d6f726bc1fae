import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context';
import { HttpError } from '../http-error';
import { words } from '../../shared/person-facing-error';
import { AuditWitnessQuery, AuditWitnessRequest } from '../../shared/admin-api/v1';
import { authenticate } from './auth';
import { parse } from './validate';

/**
 * The witness of help-desk computers' local audit logs (issue 25): each action recorded in a local log
 * sends the log's head here, where the agent cannot rewrite it; `twofold admin audit --verify` reads
 * them back and holds the local log against them. And, for administrators, the forwarding backlog.
 */
export function registerAuditWitnessRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post('/audit/witness', async (request, reply) => {
    const actor = await authenticate(ctx, request);
    const body = parse(AuditWitnessRequest, request.body, 'request body');
    await ctx.stores.auditWitness.add(actor.user.login, ctx.clock.nowMs(), body);
    return reply.code(204).send();
  });

  app.get('/audit/witness', async (request) => {
    const actor = await authenticate(ctx, request);
    const query = parse(AuditWitnessQuery, request.query, 'query');
    const whose = query.actor ?? actor.user.login;
    if (whose !== actor.user.login && actor.user.role !== 'admin')
      throw new HttpError(403, 'forbidden_role', words('server.api.adminsOnlyHeads'));
    const heads = await ctx.stores.auditWitness.byActor(whose, query.limit);
    return {
      heads: heads.map((head) => ({
        logId: head.logId,
        seq: head.seq,
        head: head.head,
        action: head.action,
        target: head.target,
        computer: head.computer ?? null,
        actor: head.actor,
        at: new Date(head.at).toISOString(),
      })),
    };
  });

  app.get('/audit/forwarding', async (request) => {
    const actor = await authenticate(ctx, request);
    if (actor.user.role !== 'admin')
      throw new HttpError(403, 'forbidden_role', words('server.api.adminsOnlyForwarding'));
    return { destinations: (await ctx.auditForwarding?.status()) ?? [] };
  });
}
