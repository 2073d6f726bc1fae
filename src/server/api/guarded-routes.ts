import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerContext } from '../context';
import type { Account } from '../db/users';
import { actAfterCooldown, actNow, cancelPending, type GuardedRequest } from '../guarded-effects';
import { HttpError } from '../http-error';
import { words } from '../../shared/person-facing-error';
import type { ProofGiven, ResetRule } from '../services/guarded-actions';
import type { GuardedAction, Role } from '../../shared/admin-api/vocabulary';
import { resetPolicyChangedMessage } from '../mail/notifications';
import {
  ApprovalId,
  ApprovalRequest,
  PendingActionId,
  PolicyRole,
  ReasonRequest,
  ResetPolicyRequest,
} from '../../shared/admin-api/v1';
import { authenticate, requireAuthorityOver, requireStepUp, type ApiActor } from './auth';
import { parse } from './validate';
import { z } from 'zod';

const PendingQuery = z.strictObject({ userId: z.coerce.number().int().positive().optional() });

/**
 * The proof the request gives, checked against the reset policy of the target's role (and
 * spent, for an approval): the sentence the audit record keeps. Refuses (409) without one.
 */
export async function acceptedProof(
  ctx: ServerContext,
  actor: ApiActor,
  user: Account,
  action: GuardedAction,
  given: ProofGiven,
): Promise<string> {
  return ctx.guarded.acceptProof(actor.user, user, action, given);
}

/**
 * Does a guarded action (reset, disable) with its accepted proof: now, or after the cooldown of
 * the target's role (then answering `{pending}`). Returns the pending action, or null when done.
 */
export async function guardedAction(
  ctx: ServerContext,
  request: FastifyRequest,
  actor: ApiActor,
  user: Account,
  action: GuardedAction,
  body: ProofGiven & { reason: string },
) {
  const proof = await acceptedProof(ctx, actor, user, action, body);
  const guarded: GuardedRequest = {
    user,
    action,
    actor: { login: actor.user.login, name: actor.user.name },
    reason: body.reason,
    proof,
    clientAddress: request.ip,
  };
  const { cooldownMinutes } = await ctx.guarded.policyFor(user.role);
  if (cooldownMinutes === 0) {
    await actNow(ctx, request, guarded);
    return null;
  }
  return actAfterCooldown(ctx, request, guarded, cooldownMinutes * 60_000);
}

/**
 * Mails every other administrator with an address that a role's reset policy changed (a stolen
 * admin session loosening it is then seen by the others). Nothing when mail is off or nothing changed.
 */
async function tellOtherAdmins(
  ctx: ServerContext,
  request: FastifyRequest,
  actor: ApiActor,
  change: { role: Role; before: ResetRule; after: ResetRule; reason: string | undefined },
): Promise<void> {
  const { before, after } = change;
  const same =
    before.cooldownMinutes === after.cooldownMinutes && before.proofs.join() === after.proofs.join();
  if (!ctx.notifier.enabled || same) return;
  const origin = { server: ctx.issuerFor(request), at: ctx.clock.nowMs(), address: request.ip };
  for (const admin of await ctx.users.adminsWithEmail()) {
    if (admin.id === actor.user.id) continue;
    const message = await resetPolicyChangedMessage(
      admin,
      { ...change, actorName: actor.user.name, actorLogin: actor.user.login },
      origin,
    );
    ctx.notifier.sendLater(message, `${admin.login} the change of the ${change.role} reset policy`);
  }
}

/** Four-eyes approvals, the actions waiting out a cooldown, and the reset policy. */
export function registerGuardedRoutes(app: FastifyInstance, ctx: ServerContext): void {
  // --- Four-eyes ----------------------------------------------------------------------------

  app.get('/approvals', async (request) => {
    await authenticate(ctx, request);
    return { approvals: await ctx.guarded.approvals() };
  });

  app.post('/approvals', async (request, reply) => {
    const actor = await authenticate(ctx, request);
    const body = parse(ApprovalRequest, request.body, 'request body');
    const user = await ctx.users.byId(body.userId);
    if (!user) throw new HttpError(404, 'not_found', words('server.api.noSuchUser'));
    requireAuthorityOver(actor, user);
    const approval = await ctx.guarded.requestApproval(actor.user.login, user, body.action, body.reason);
    await ctx.audit.record({
      actor: actor.user.login,
      action: 'approval.request',
      target: user.login,
      reason: `${body.reason} (request #${approval.id} to ${body.action})`,
      result: 'ok',
      clientAddress: request.ip,
    });
    return reply.code(201).send(approval);
  });

  app.post('/approvals/:approvalId/approve', async (request) => {
    const actor = await authenticate(ctx, request);
    const { approvalId } = parse(ApprovalId, request.params, 'approval id');
    // Approving is what lets a reset through: the approver confirms their password too.
    requireStepUp(ctx, actor);
    let approval;
    try {
      approval = await ctx.guarded.approve(approvalId, actor.user);
    } catch (error) {
      if (error instanceof HttpError) {
        await ctx.audit.record({
          actor: actor.user.login,
          action: 'approval.approve',
          target: null,
          reason: `request #${approvalId}: ${error.code}`,
          result: 'refused',
          clientAddress: request.ip,
        });
      }
      throw error;
    }
    await ctx.audit.record({
      actor: actor.user.login,
      action: 'approval.approve',
      target: approval.login,
      reason: `request #${approval.id} by ${approval.requestedBy} to ${approval.action}: ${approval.reason}`,
      result: 'ok',
      clientAddress: request.ip,
    });
    return approval;
  });

  // --- Actions waiting out a cooldown ---------------------------------------------------------

  app.get('/pending-actions', async (request) => {
    await authenticate(ctx, request);
    const { userId } = parse(PendingQuery, request.query, 'query');
    return { actions: await ctx.guarded.pending(userId) };
  });

  app.delete('/pending-actions/:actionId', async (request) => {
    const actor = await authenticate(ctx, request);
    const { actionId } = parse(PendingActionId, request.params, 'action id');
    const { reason } = parse(ReasonRequest, request.body, 'request body');
    const row = await ctx.stores.pendingActions.find(actionId);
    if (!row) throw new HttpError(404, 'not_found', words('server.api.noSuchPending'));
    const user = await ctx.users.byId(row.userId);
    if (!user) throw new HttpError(404, 'not_found', words('server.api.pendingAccountGone'));
    // Cancelling only makes things safer: anyone who may act on the account may cancel, even on their own.
    if (actor.user.id !== user.id) requireAuthorityOver(actor, user);
    if (!(await cancelPending(ctx, row, actor.user.login, reason, request.ip))) {
      throw new HttpError(409, 'not_pending', words('server.api.notPending'));
    }
    return { actions: await ctx.guarded.pending() };
  });

  // --- The reset policy -----------------------------------------------------------------------

  app.put('/reset-policy/:role', async (request) => {
    const actor = await authenticate(ctx, request);
    if (actor.user.role !== 'admin') {
      throw new HttpError(403, 'forbidden_role', words('server.api.adminsOnlyResetPolicy'));
    }
    // Weaker proofs let a reset of the role through with less: a fresh password, not just a token.
    requireStepUp(ctx, actor);
    const { role } = parse(PolicyRole, request.params, 'role');
    const body = parse(ResetPolicyRequest, request.body, 'request body');
    const before = await ctx.guarded.policyFor(role);
    await ctx.guarded.setPolicy(role, body, actor.user.login);
    await ctx.audit.record({
      actor: actor.user.login,
      action: 'reset-policy.set',
      target: `role:${role}`,
      reason: `${body.reason === undefined ? '' : `${body.reason} `}(proofs: ${body.proofs.join(', ')}; cooldown ${body.cooldownMinutes} min)`,
      result: 'ok',
      clientAddress: request.ip,
    });
    const resetPolicies = await ctx.guarded.policies();
    const after = resetPolicies.find((rule) => rule.role === role) as ResetRule;
    await tellOtherAdmins(ctx, request, actor, { role, before, after, reason: body.reason });
    return { resetPolicies };
  });
}
