import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context';
import { HttpError } from '../http-error';
import { words } from '../../shared/person-facing-error';
import type { Account } from '../db/users';
import { authenticate, requireStepUp, signInAgain, type ApiActor } from './auth';
import { EnableRequest } from '../../shared/admin-api/v1';
import { parse } from './validate';

/** The signed-in admin enrolls their own account (the console stores the secret in its vault). */
export function registerMeRoutes(app: FastifyInstance, ctx: ServerContext): void {
  /** The caller's whole account row: enrollment reads and writes its secrets. */
  const ownAccount = async (actor: ApiActor): Promise<Account> => {
    const user = await ctx.users.byId(actor.user.id);
    if (!user) throw signInAgain();
    return user;
  };
  app.get('/me', async (request) => {
    const actor = await authenticate(ctx, request, 'enrolling');
    return await ctx.users.summary(actor.user.id, ctx.lockRule());
  });

  app.post('/me/2fa/setup', async (request) => {
    const actor = await authenticate(ctx, request, 'enrolling');
    requireStepUp(ctx, actor);
    if (actor.user.totpEnabledAt !== null) {
      throw new HttpError(409, 'twofa_enabled', words('server.api.twofaAlreadyOn'));
    }
    const setup = await ctx.twoFactor.startEnrollment(await ownAccount(actor), ctx.issuerFor(request));
    await ctx.audit.record({
      actor: actor.user.login,
      action: 'me.2fa.setup',
      target: actor.user.login,
      result: 'ok',
      clientAddress: request.ip,
    });
    return setup;
  });

  app.post('/me/2fa/enable', async (request) => {
    const actor = await authenticate(ctx, request, 'enrolling');
    const { code } = parse(EnableRequest, request.body, 'request body');
    if (actor.user.totpEnabledAt !== null) {
      throw new HttpError(409, 'twofa_enabled', words('server.api.twofaAlreadyOn'));
    }
    const me = await ownAccount(actor);
    if (!ctx.twoFactor.hasPendingEnrollment(me)) {
      throw new HttpError(409, 'no_setup', words('server.api.noSetup'));
    }
    const recoveryCodes = await ctx.throttle.attempt(actor.user.id, request.ip, () =>
      ctx.twoFactor.confirmEnrollment(me, code, { apiToken: actor.token.tokenHash }),
    );
    await ctx.audit.record({
      actor: actor.user.login,
      action: 'me.2fa.enable',
      target: actor.user.login,
      result: recoveryCodes ? 'ok' : 'failed',
      clientAddress: request.ip,
    });
    if (recoveryCodes === null) {
      throw new HttpError(422, 'invalid_code', words('server.api.wrongCode'));
    }
    ctx.notifier.notify(me, { kind: 'twofa-enabled' }, ctx.originOf(request));
    return { enabled: true, recoveryCodes };
  });

  // New recovery codes for the signed-in account; the old ones stop working. Shown in this answer only.
  app.post('/me/2fa/recovery-codes', async (request) => {
    const actor = await authenticate(ctx, request, 'enrolling');
    requireStepUp(ctx, actor);
    const me = await ownAccount(actor);
    const recoveryCodes = await ctx.twoFactor.regenerateRecoveryCodes(me.id);
    if (recoveryCodes === null) {
      throw new HttpError(409, 'twofa_disabled', words('server.api.noRecoveryCodes'));
    }
    await ctx.audit.record({
      actor: me.login,
      action: 'me.recovery.regenerate',
      target: me.login,
      result: 'ok',
      clientAddress: request.ip,
    });
    ctx.notifier.notify(me, { kind: 'recovery-codes-regenerated' }, ctx.originOf(request));
    return { recoveryCodes, generatedAt: new Date(ctx.clock.nowMs()).toISOString() };
  });
}
