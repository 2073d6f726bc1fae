import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerContext } from '../context';
import type { Account } from '../db/users';
import { actAfterCooldown, type GuardedRequest } from '../guarded-effects';
import { HttpError } from '../http-error';
import { words } from '../../shared/person-facing-error';
import { callerCheckMessage } from '../mail/notifications';
import { CALLER_CHECK_LIMITS, CallerCheckLimited } from '../services/caller-checks';
import { authenticate, requireStepUp, type ApiActor } from './auth';
import { acceptedProof, guardedAction } from './guarded-routes';
import {
  CallerCheckId,
  CallerCheckRequest,
  DeviceId,
  PolicyRequest,
  PolicyRole,
  ReasonRequest,
  ResetRequest,
  SignInsQuery,
  TemporaryCodeId,
  TemporaryCodeRequest,
} from '../../shared/admin-api/v1';
import { targetUser } from './target';
import { parse } from './validate';

const COMPLIANCE_LIST_LIMIT = 500;

/** `alice@example.com` → `a…e@example.com`: enough for the caller to recognise, little to leak. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const hidden = local.length <= 2 ? `${local[0] ?? ''}…` : `${local[0]}…${local[local.length - 1]}`;
  return `${hidden}${email.slice(at)}`;
}

/** `n minutes` (at least one), rounded up: how long to wait, for a person. */
const wholeMinutes = (ms: number): number => Math.max(1, Math.ceil(ms / 60_000));

/** The 429 of a caller check over its limits, with Retry-After and a sentence the console and CLI show. */
function callerChecksLimited(
  reply: FastifyReply,
  limited: CallerCheckLimited,
  user: Pick<Account, 'name'>,
): HttpError {
  const seconds = Math.ceil(limited.retryAfterMs / 1000);
  reply.header('retry-after', String(seconds));
  const { perAccount, perMember } = CALLER_CHECK_LIMITS;
  const message =
    limited.limit === 'perAccount'
      ? words('server.api.callerChecksPerAccount', {
          name: user.name,
          count: perAccount.count,
          window: wholeMinutes(perAccount.windowMs),
          wait: wholeMinutes(limited.retryAfterMs),
        })
      : words('server.api.callerChecksPerMember', {
          count: perMember.count,
          wait: wholeMinutes(limited.retryAfterMs),
        });
  return new HttpError(429, 'caller_checks_limited', message, { retryAfterSeconds: seconds });
}

/**
 * The help desk's gentler tools: temporary access codes, reset with required re-enrollment,
 * trusted devices, sign-in history, the enforcement policy and out-of-band caller checks.
 */
export function registerHelpdeskRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const audit = async (
    request: FastifyRequest,
    actor: ApiActor,
    action: string,
    target: string | null,
    reason: string | null,
  ) =>
    await ctx.audit.record({
      actor: actor.user.login,
      action,
      target,
      reason,
      result: 'ok',
      clientAddress: request.ip,
    });

  // --- Temporary access codes ---------------------------------------------------------------

  app.get('/users/:id/temporary-codes', async (request) => {
    const actor = await authenticate(ctx, request);
    const user = await targetUser(ctx, request, actor);
    return { codes: await ctx.temporaryCodes.list(user.id, ctx.clock.nowMs()) };
  });

  app.post('/users/:id/temporary-codes', async (request, reply) => {
    const actor = await authenticate(ctx, request);
    const user = await targetUser(ctx, request, actor);
    const body = parse(TemporaryCodeRequest, request.body, 'request body');
    requireStepUp(ctx, actor);
    if (user.totpEnabledAt === null) {
      throw new HttpError(
        409,
        'twofa_disabled',
        words('server.api.twofaOffPasswordAlone', { name: user.name }),
      );
    }
    const proof = await acceptedProof(ctx, actor, user, 'temp-code', body);
    const now = ctx.clock.nowMs();
    const { cooldownMinutes } = await ctx.guarded.policyFor(user.role);
    // After a cooldown the code works from then on, for its whole lifetime.
    const activeFrom = cooldownMinutes === 0 ? null : now + cooldownMinutes * 60_000;
    const issued = await ctx.temporaryCodes.issue(user.id, {
      lifetimeMs: body.lifetimeMinutes * 60_000,
      uses: body.uses,
      actor: actor.user.login,
      reason: body.reason,
      now,
      activeFrom,
    });
    const answer = {
      id: issued.id,
      code: issued.code,
      expiresAt: new Date(issued.expiresAt).toISOString(),
      uses: body.uses,
    };
    if (activeFrom !== null) {
      const guarded: GuardedRequest = {
        user,
        action: 'temp-code',
        actor: { login: actor.user.login, name: actor.user.name },
        reason: body.reason,
        proof,
        clientAddress: request.ip,
      };
      const pending = await actAfterCooldown(ctx, request, guarded, activeFrom - now, issued.id);
      return reply.code(202).send({ ...answer, activeFrom: new Date(activeFrom).toISOString(), pending });
    }
    await ctx.audit.record({
      actor: actor.user.login,
      action: 'user.temporary-code.issue',
      target: user.login,
      reason: body.reason,
      proof,
      result: 'ok',
      clientAddress: request.ip,
    });
    ctx.notifier.notify(
      user,
      { kind: 'temporary-code-issued', expiresAt: issued.expiresAt, uses: body.uses },
      ctx.originOf(request),
    );
    return reply.code(201).send(answer);
  });

  app.delete('/users/:id/temporary-codes/:codeId', async (request) => {
    const actor = await authenticate(ctx, request);
    const user = await targetUser(ctx, request, actor);
    const { codeId } = parse(TemporaryCodeId, request.params, 'code id');
    const { reason } = parse(ReasonRequest, request.body, 'request body');
    const now = ctx.clock.nowMs();
    if (!(await ctx.temporaryCodes.revoke(user.id, codeId, now))) {
      throw new HttpError(404, 'not_found', words('server.api.noSuchTemporaryCode'));
    }
    await audit(request, actor, 'user.temporary-code.revoke', user.login, reason);
    return { codes: await ctx.temporaryCodes.list(user.id, now) };
  });

  // --- Reset with required re-enrollment ----------------------------------------------------

  app.post('/users/:id/2fa/reset', async (request, reply) => {
    const actor = await authenticate(ctx, request);
    const user = await targetUser(ctx, request, actor);
    const body = parse(ResetRequest, request.body, 'request body');
    requireStepUp(ctx, actor);
    const pending = await guardedAction(ctx, request, actor, user, 'reset-2fa', body);
    // Waiting out the cooldown: 202 with what waits (the user was mailed a stop link).
    if (pending !== null) return reply.code(202).send({ pending });
    return await ctx.users.summary(user.id, ctx.lockRule());
  });

  // --- Trusted devices ----------------------------------------------------------------------

  app.get('/users/:id/devices', async (request) => {
    const actor = await authenticate(ctx, request);
    const user = await targetUser(ctx, request, actor);
    return { devices: await ctx.trusted.list(user.id, ctx.clock.nowMs()) };
  });

  app.delete('/users/:id/devices/:deviceId', async (request) => {
    const actor = await authenticate(ctx, request);
    const user = await targetUser(ctx, request, actor);
    const { deviceId } = parse(DeviceId, request.params, 'device id');
    const { reason } = parse(ReasonRequest, request.body, 'request body');
    if (!(await ctx.trusted.revoke(user.id, deviceId))) {
      throw new HttpError(404, 'not_found', words('server.api.noSuchDevice'));
    }
    await audit(request, actor, 'user.device.revoke', user.login, `${reason} (device ${deviceId})`);
    return { devices: await ctx.trusted.list(user.id, ctx.clock.nowMs()) };
  });

  app.delete('/users/:id/devices', async (request) => {
    const actor = await authenticate(ctx, request);
    const user = await targetUser(ctx, request, actor);
    const { reason } = parse(ReasonRequest, request.body, 'request body');
    const revoked = await ctx.trusted.revokeAll(user.id, ctx.clock.nowMs());
    await audit(request, actor, 'user.devices.revoke', user.login, reason);
    return { revoked };
  });

  // --- Sign-in history ----------------------------------------------------------------------

  app.get('/users/:id/sign-ins', async (request) => {
    const actor = await authenticate(ctx, request);
    const user = await targetUser(ctx, request, actor);
    const { limit } = parse(SignInsQuery, request.query, 'query');
    return { signIns: await ctx.signIns.recent(user.id, limit) };
  });

  // --- Enforcement policy -------------------------------------------------------------------

  const policyAnswer = async () => ({
    policies: await ctx.policy.all(),
    resetPolicies: await ctx.guarded.policies(),
    outOfCompliance: await ctx.policy.outOfCompliance(ctx.clock.nowMs(), COMPLIANCE_LIST_LIMIT),
  });

  app.get('/policy', async (request) => {
    await authenticate(ctx, request);
    return policyAnswer();
  });

  app.put('/policy/:role', async (request) => {
    const actor = await authenticate(ctx, request);
    if (actor.user.role !== 'admin') {
      throw new HttpError(403, 'forbidden_role', words('server.api.adminsOnlyPolicy'));
    }
    // Loosening a role's policy weakens every account in it: a fresh password, not just a token.
    requireStepUp(ctx, actor);
    const { role } = parse(PolicyRole, request.params, 'role');
    const body = parse(PolicyRequest, request.body, 'request body');
    const graceUntil = body.graceUntil === undefined ? undefined : Date.parse(body.graceUntil);
    await ctx.policy.set(
      role,
      { required: body.required, graceDays: body.graceDays, graceUntil },
      actor.user.login,
      ctx.clock.nowMs(),
    );
    const grace =
      graceUntil !== undefined
        ? `, grace until ${new Date(graceUntil).toISOString()}`
        : body.graceDays !== undefined
          ? `, ${body.graceDays} days of grace`
          : '';
    await audit(
      request,
      actor,
      'policy.set',
      `role:${role}`,
      `${body.reason === undefined ? '' : `${body.reason} `}(2FA ${body.required ? 'required' : 'optional'}${body.required ? grace : ''})`,
    );
    return policyAnswer();
  });

  // --- Out-of-band caller checks ------------------------------------------------------------

  app.post('/users/:id/caller-checks', async (request, reply) => {
    const actor = await authenticate(ctx, request);
    const user = await targetUser(ctx, request, actor);
    if (!ctx.notifier.enabled) {
      throw new HttpError(503, 'mail_unavailable', words('server.api.noMail'));
    }
    if (user.email === null || user.email === '') {
      throw new HttpError(409, 'no_email', words('server.api.noEmail', { name: user.name }));
    }
    let check: Awaited<ReturnType<typeof ctx.callerChecks.start>>;
    try {
      check = await ctx.callerChecks.start(user.id, actor.user, ctx.clock.nowMs());
    } catch (error) {
      if (!(error instanceof CallerCheckLimited)) throw error;
      await ctx.audit.record({
        actor: actor.user.login,
        action: 'user.caller-check.send',
        target: user.login,
        reason:
          error.limit === 'perAccount' ? 'limit per user reached' : 'limit per help-desk member reached',
        result: 'refused',
        clientAddress: request.ip,
      });
      throw callerChecksLimited(reply, error, user);
    }
    try {
      await ctx.notifier.sendNow(
        await callerCheckMessage(user, check.code, actor.user.name, ctx.issuerFor(request)),
      );
    } catch (error) {
      request.log.error(
        `could not email a caller check to ${user.login}: ${error instanceof Error ? error.message : String(error)}`,
      );
      throw new HttpError(502, 'mail_failed', words('server.api.mailFailed'));
    }
    await audit(request, actor, 'user.caller-check.send', user.login, null);
    return reply.code(201).send({
      id: check.id,
      sentTo: maskEmail(user.email),
      expiresAt: new Date(check.expiresAt).toISOString(),
    });
  });

  app.post('/users/:id/caller-checks/:checkId', async (request) => {
    const actor = await authenticate(ctx, request);
    const user = await targetUser(ctx, request, actor);
    const { checkId } = parse(CallerCheckId, request.params, 'check id');
    const { code } = parse(CallerCheckRequest, request.body, 'request body');
    const result = await ctx.callerChecks.verify(checkId, user.id, actor.user.login, code, ctx.clock.nowMs());
    await ctx.audit.record({
      actor: actor.user.login,
      action: 'user.caller-check.verify',
      target: user.login,
      reason: null,
      result: result === 'matched' ? 'ok' : 'failed',
      clientAddress: request.ip,
    });
    return { matched: result === 'matched', result };
  });
}
