import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context';
import type { Account } from '../db/users';
import { HttpError } from '../http-error';
import { words } from '../../shared/person-facing-error';
import { authenticate, requireStepUp, type ApiActor } from './auth';
import { guardedAction } from './guarded-routes';
import { refusalReason } from '../services/credentials';
import { callerAndTarget } from './target';
import {
  CheckRequest,
  DisableRequest,
  UnlockRequest,
  UserId,
  UsersQuery,
  type V1CheckResult,
} from '../../shared/admin-api/v1';
import { parse } from './validate';

/** The help desk's work on other accounts: find, verify a code, disable 2FA, unlock. */
export function registerUserRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const summary = (id: number) => ctx.users.summary(id, ctx.lockRule());

  // The check spends the step and counts toward the account's limits like a login would
  // (the hot path: with SQLite, step, counters and audit land in one group commit).
  const checkAndRecord = async (
    actorUser: ApiActor['user'],
    user: Account,
    code: string,
    address: string,
  ): Promise<V1CheckResult> => {
    // Counted against the account only: the address is the help desk's, not the caller's.
    const match = ctx.twoFactor.matchStep(user, code);
    // The step, the phone's offset and the audit line in one statement (one commit).
    const outcome = await ctx.throttle.spendStepWithinLimits(user.id, match, {
      offset: match === null ? undefined : ctx.twoFactor.offsetOf(match.delta),
      audit: {
        row: ctx.audit.line({
          actor: actorUser.login,
          action: 'user.2fa.check',
          target: user.login,
          clientAddress: address,
        }),
        refusedResult: 'failed',
      },
    });
    const accepted = outcome === 'accepted';
    if (accepted) ctx.metrics.checkAccepted('helpdesk');
    else ctx.metrics.checkRefused('helpdesk', refusalReason(ctx, user, code, outcome === 'limited'));
    // A refused code that is right for a phone clock minutes off is explained, and measured.
    if (accepted) {
      // A right code from the user's current authenticator is a caller check passed (issue 25).
      const callerCheckId = await ctx.stores.callerChecks.insertAuthenticatorMatch({
        userId: user.id,
        actor: actorUser.login,
        now: ctx.clock.nowMs(),
      });
      return { valid: true, callerCheckId };
    }
    const offset = await ctx.twoFactor.explainMiss(user, code);
    return offset === null ? { valid: false } : { valid: false, phoneClockOffsetSeconds: offset };
  };

  app.get('/users', async (request) => {
    await authenticate(ctx, request);
    const query = parse(UsersQuery, request.query, 'query');
    return await ctx.users.list(query, ctx.lockRule());
  });

  app.get('/users/:id', async (request) => {
    await authenticate(ctx, request);
    const { id } = parse(UserId, request.params, 'user id');
    const user = await summary(id);
    if (!user) throw new HttpError(404, 'not_found', words('server.api.noSuchUser'));
    const drift = await ctx.twoFactor.measuredDrift(id);
    return {
      ...user,
      twofa: {
        ...user.twofa,
        clockDrift: drift && { ...drift, lastAt: new Date(drift.lastAt).toISOString() },
      },
    };
  });

  app.post('/users/:id/2fa/check', async (request) => {
    const { actor, user } = await callerAndTarget(ctx, request);
    const { code } = parse(CheckRequest, request.body, 'request body');
    if (user.totpEnabledAt === null) {
      throw new HttpError(409, 'twofa_disabled', words('server.api.twofaOff', { name: user.name }));
    }
    return await checkAndRecord(actor.user, user, code, request.ip);
  });

  app.delete('/users/:id/2fa', async (request, reply) => {
    const { actor, user } = await callerAndTarget(ctx, request);
    const body = parse(DisableRequest, request.body, 'request body');
    requireStepUp(ctx, actor);
    if (user.totpEnabledAt === null && user.totpPendingSecret === null) {
      throw new HttpError(409, 'twofa_disabled', words('server.api.twofaOff', { name: user.name }));
    }
    const pending = await guardedAction(ctx, request, actor, user, 'disable-2fa', body);
    if (pending !== null) return reply.code(202).send({ pending });
    return summary(user.id);
  });

  app.post('/users/:id/unlock', async (request) => {
    const { actor, user } = await callerAndTarget(ctx, request);
    const { reason } = parse(UnlockRequest, request.body, 'request body');
    // Unlocking reopens an account to guessing: an identity check first, like the other destructive actions.
    requireStepUp(ctx, actor);
    await ctx.throttle.reset(user.id);
    await ctx.audit.record({
      actor: actor.user.login,
      action: 'user.unlock',
      target: user.login,
      reason,
      result: 'ok',
      clientAddress: request.ip,
    });
    return summary(user.id);
  });
}
