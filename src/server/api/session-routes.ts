import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context';
import { HttpError } from '../http-error';
import { words } from '../../shared/person-facing-error';
import { checkPassword, checkSecondFactor, factorOf, type SecondFactor } from '../services/credentials';
import { requiredEnrollment } from '../services/required-enrollment';
import { API_TOKEN_TTL_MS, authenticate, STEP_UP_TTL_MS } from './auth';
import { SessionRequest, StepUpRequest } from '../../shared/admin-api/v1';
import { parse } from './validate';

export function registerSessionRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post('/session', async (request, reply) => {
    const body = parse(SessionRequest, request.body, 'request body');
    const user = await checkPassword(ctx, body.login, body.password, request.ip);
    if (user === null) {
      await ctx.audit.recordFailedSignIn({
        action: 'api.session',
        login: body.login,
        clientAddress: request.ip,
      });
      throw new HttpError(401, 'invalid_credentials', words('server.api.wrongLogin'));
    }
    if (user.role === 'user') {
      throw new HttpError(403, 'forbidden_role', words('server.api.notStaff'));
    }
    // An account that must enroll does so on the web pages; checked before any code, so none is spent.
    if ((await requiredEnrollment(ctx, user)) !== null) {
      await ctx.audit.record({
        actor: user.login,
        action: 'api.session',
        reason: 'must set up two-factor authentication first',
        result: 'refused',
        clientAddress: request.ip,
      });
      throw new HttpError(403, 'enrollment_required', words('server.api.enrollOnWeb'));
    }
    let factor: SecondFactor | 'password' = 'password';
    if (user.totpEnabledAt !== null) {
      if (body.code === undefined) {
        throw new HttpError(401, 'code_required', words('server.api.codeRequired'));
      }
      const kind = await checkSecondFactor(ctx, user, body.code, request.ip, { temporaryCode: 'recognise' });
      if (kind === 'temporary-code') {
        // Right, but not for here: it stays unspent for the web pages.
        await ctx.audit.record({
          actor: user.login,
          action: 'api.session',
          reason: 'temporary access code (web pages only)',
          result: 'refused',
          clientAddress: request.ip,
        });
        throw new HttpError(403, 'temporary_code', words('server.api.temporaryCodeOnWeb'));
      }
      if (kind === null) {
        await ctx.signIns.record({
          userId: user.id,
          at: ctx.clock.nowMs(),
          address: request.ip,
          result: 'refused',
          factor: factorOf(body.code),
          channel: 'api',
        });
        await ctx.audit.record({
          actor: user.login,
          action: 'api.session',
          result: 'refused',
          clientAddress: request.ip,
        });
        throw new HttpError(401, 'invalid_code', words('server.api.wrongCode'));
      }
      factor = kind;
    }
    await ctx.throttle.reset(user.id);
    await ctx.signIns.record({
      userId: user.id,
      at: ctx.clock.nowMs(),
      address: request.ip,
      result: 'ok',
      factor,
      channel: 'api',
    });
    if (factor === 'recovery') {
      const left = await ctx.twoFactor.recoveryCodesLeft(user.id);
      ctx.notifier.notify(user, { kind: 'recovery-code-used', left }, ctx.originOf(request));
    }
    const { token, expiresAt } = await ctx.apiTokens.create(user.id, ctx.clock.nowMs(), API_TOKEN_TTL_MS);
    await ctx.audit.record({
      actor: user.login,
      action: 'api.session',
      result: 'ok',
      clientAddress: request.ip,
    });
    return reply.code(201).send({
      token,
      expiresAt: new Date(expiresAt).toISOString(),
      twofaEnabled: user.totpEnabledAt !== null,
    });
  });

  app.post('/session/step-up', async (request) => {
    const actor = await authenticate(ctx, request, 'enrolling');
    const body = parse(StepUpRequest, request.body, 'request body');
    const user = await checkPassword(ctx, actor.user.login, body.password, request.ip);
    if (user === null || user.id !== actor.user.id) {
      await ctx.audit.record({
        actor: actor.user.login,
        action: 'api.step-up',
        result: 'refused',
        clientAddress: request.ip,
      });
      throw new HttpError(401, 'invalid_credentials', words('server.api.wrongPassword'));
    }
    const now = ctx.clock.nowMs();
    await ctx.apiTokens.markStepUp(actor.token.tokenHash, now);
    return { stepUpUntil: new Date(now + STEP_UP_TTL_MS).toISOString() };
  });

  app.delete('/session', async (request, reply) => {
    const actor = await authenticate(ctx, request, 'enrolling');
    await ctx.apiTokens.delete(actor.token.tokenHash);
    return reply.code(204).send();
  });
}
