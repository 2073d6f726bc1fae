import type { FastifyRequest } from 'fastify';
import type { GuardedAction } from '../shared/admin-api/vocabulary';
import type { ServerContext } from './context';
import type { PendingActionRow } from './db/pending-actions';
import type { Account } from './db/users';
import { pendingActionMessage, stoppedMessage } from './mail/notifications';
import { pendingView, STOP_LOCK_MS } from './services/guarded-actions';

/** The audit action of a guarded action when it takes effect, and while it waits out its cooldown. */
const AUDIT_NAMES: Record<GuardedAction, Record<'done' | 'pending', { action: string }>> = {
  'reset-2fa': { done: { action: 'user.2fa.reset' }, pending: { action: 'user.2fa.reset.pending' } },
  'disable-2fa': { done: { action: 'user.2fa.disable' }, pending: { action: 'user.2fa.disable.pending' } },
  'temp-code': {
    done: { action: 'user.temporary-code.issue' },
    pending: { action: 'user.temporary-code.pending' },
  },
};

export const auditNameOf = (action: GuardedAction, phase: 'done' | 'pending'): string =>
  AUDIT_NAMES[action][phase].action;

/** Who asked, with a proof: what a guarded action needs to take effect or to wait. */
export interface GuardedRequest {
  user: Account;
  action: GuardedAction;
  actor: { login: string; name: string };
  reason: string;
  proof: string;
  clientAddress: string | null;
}

/** The action's effect on the account (a temporary code is issued beforehand, and only becomes live). */
async function takeEffect(ctx: ServerContext, action: GuardedAction, userId: number): Promise<void> {
  if (action === 'reset-2fa') await ctx.twoFactor.reset(userId);
  else if (action === 'disable-2fa') await ctx.twoFactor.disable(userId);
}

/** What the owner is told once it took effect. */
function notifyDone(
  ctx: ServerContext,
  user: Account,
  action: GuardedAction,
  origin: ReturnType<ServerContext['originOf']>,
) {
  if (action === 'reset-2fa') ctx.notifier.notify(user, { kind: 'twofa-reset' }, origin);
  else if (action === 'disable-2fa')
    ctx.notifier.notify(user, { kind: 'twofa-disabled', byHelpDesk: true }, origin);
}

/** Takes effect now (no cooldown for the target's role): the effect and its audit record with the proof. */
export async function actNow(
  ctx: ServerContext,
  request: FastifyRequest,
  guarded: GuardedRequest,
): Promise<void> {
  await ctx.stores.transaction(async () => {
    await takeEffect(ctx, guarded.action, guarded.user.id);
    await ctx.audit.record({
      actor: guarded.actor.login,
      action: auditNameOf(guarded.action, 'done'),
      target: guarded.user.login,
      reason: guarded.reason,
      proof: guarded.proof,
      result: 'ok',
      clientAddress: guarded.clientAddress,
    });
  });
  notifyDone(ctx, guarded.user, guarded.action, ctx.originOf(request));
}

/**
 * Waits `cooldownMs`: stored (with the stop link's hash and, for a temporary code, the code that
 * becomes live then), audited with its proof, and mailed to the owner at once with the stop link.
 */
export async function actAfterCooldown(
  ctx: ServerContext,
  request: FastifyRequest,
  guarded: GuardedRequest,
  cooldownMs: number,
  tempCodeId: number | null = null,
): Promise<ReturnType<typeof pendingView>> {
  const now = ctx.clock.nowMs();
  const dueAt = now + cooldownMs;
  const stop = ctx.guarded.newStopToken();
  const id = await ctx.stores.transaction(async () => {
    const inserted = await ctx.stores.pendingActions.insert({
      userId: guarded.user.id,
      action: guarded.action,
      actor: guarded.actor.login,
      reason: guarded.reason,
      proof: guarded.proof,
      tempCodeId,
      createdAt: now,
      dueAt,
      stopHash: stop.hash,
    });
    await ctx.audit.record({
      actor: guarded.actor.login,
      action: auditNameOf(guarded.action, 'pending'),
      target: guarded.user.login,
      reason: `${guarded.reason} (takes effect at ${new Date(dueAt).toISOString()} unless stopped; pending #${inserted})`,
      proof: guarded.proof,
      result: 'ok',
      clientAddress: guarded.clientAddress,
    });
    return inserted;
  });
  if (ctx.notifier.enabled && guarded.user.email !== null && guarded.user.email !== '') {
    const link = `${ctx.linkBaseFor(request)}/stop?t=${stop.token}`;
    const message = await pendingActionMessage(
      guarded.user,
      { action: guarded.action, actorName: guarded.actor.name, actorLogin: guarded.actor.login, dueAt },
      link,
      ctx.issuerFor(request),
    );
    try {
      await ctx.notifier.sendNow(message);
    } catch (error) {
      request.log.error(
        `could not email ${guarded.user.login} the stop link of pending action ${id}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  const row = (await ctx.stores.pendingActions.find(id)) as PendingActionRow;
  return pendingView(row);
}

/** Revokes a waiting temporary code along with its action. */
async function revokeItsCode(ctx: ServerContext, row: PendingActionRow, now: number): Promise<void> {
  if (row.tempCodeId !== null) await ctx.temporaryCodes.revoke(row.userId, row.tempCodeId, now);
}

/** A staff member's Cancel: false when it is no longer pending. */
export async function cancelPending(
  ctx: ServerContext,
  row: PendingActionRow,
  actor: string,
  reason: string,
  clientAddress: string | null,
): Promise<boolean> {
  const now = ctx.clock.nowMs();
  return ctx.stores.transaction(async () => {
    if (!(await ctx.stores.pendingActions.end(row.id, 'cancelled', actor, now))) return false;
    await revokeItsCode(ctx, row, now);
    await ctx.audit.record({
      actor,
      action: 'user.pending.cancel',
      target: row.login,
      reason: `${reason} (pending #${row.id}: ${auditNameOf(row.action, 'done')} by ${row.actor})`,
      result: 'ok',
      clientAddress,
    });
    return true;
  });
}

export type StopOutcome =
  | { kind: 'stopped'; row: PendingActionRow; lockedUntil: number }
  | { kind: 'unknown' }
  | { kind: 'used'; row: PendingActionRow }
  | { kind: 'expired'; row: PendingActionRow };

/** What the stop link's page says before the button is pressed (nothing changes). */
export async function peekStop(
  ctx: ServerContext,
  token: string,
): Promise<Exclude<StopOutcome, { kind: 'stopped' }> | { kind: 'ready'; row: PendingActionRow }> {
  const row = await ctx.stores.pendingActions.byStopHash(ctx.guarded.stopHash(token));
  if (!row) return { kind: 'unknown' };
  if (row.stopUsedAt !== null) return { kind: 'used', row };
  if (row.state !== 'pending' || row.dueAt <= ctx.clock.nowMs()) return { kind: 'expired', row };
  return { kind: 'ready', row };
}

/**
 * The owner's "This was not me — stop it": single use, only while the action waits. Cancels
 * it, locks resets of the account for 24 hours (GuardedActions.requireNotLocked) and tells the
 * security contact.
 */
export async function stopByToken(
  ctx: ServerContext,
  request: FastifyRequest,
  token: string,
): Promise<StopOutcome> {
  const peek = await peekStop(ctx, token);
  if (peek.kind !== 'ready') return peek;
  const { row } = peek;
  const now = ctx.clock.nowMs();
  const stopped = await ctx.stores.transaction(async () => {
    // Only before it takes effect (the scheduler may be about to run it): one statement decides.
    if (!(await ctx.stores.pendingActions.end(row.id, 'stopped', row.login, now, { beforeDue: now })))
      return false;
    await revokeItsCode(ctx, row, now);
    await ctx.audit.record({
      actor: row.login,
      action: 'user.pending.stop',
      target: row.login,
      reason: `"This was not me": stopped pending #${row.id} (${auditNameOf(row.action, 'done')} by ${row.actor}); resets locked until ${new Date(now + STOP_LOCK_MS).toISOString()}`,
      result: 'ok',
      clientAddress: request.ip,
    });
    return true;
  });
  if (!stopped) {
    const again = await ctx.stores.pendingActions.find(row.id);
    return again?.state === 'stopped' ? { kind: 'used', row: again } : { kind: 'expired', row: again ?? row };
  }
  const ended = (await ctx.stores.pendingActions.find(row.id)) as PendingActionRow;
  const lockedUntil = now + STOP_LOCK_MS;
  const user = await ctx.users.byId(row.userId);
  if (user && ctx.notifier.enabled) {
    for (const to of await ctx.guarded.securityContacts(ctx.securityContact)) {
      ctx.notifier.sendLater(
        await stoppedMessage(
          to,
          { ...ended, endedAt: ended.endedAt ?? lockedUntil - STOP_LOCK_MS },
          user,
          lockedUntil,
          ctx.issuerFor(request),
        ),
        `security contact about pending ${row.id}`,
      );
    }
  }
  return { kind: 'stopped', row: ended, lockedUntil };
}

/**
 * The scheduler: every pending action due by now takes effect, once. Each is claimed by one
 * conditional statement inside the transaction that applies it, so with several server
 * processes on one PostgreSQL database exactly one applies it, and a crash applies none
 * (it is still pending at the next run, or at the next start).
 */
export async function runDueActions(ctx: ServerContext): Promise<number> {
  const now = ctx.clock.nowMs();
  let applied = 0;
  for (const id of await ctx.stores.pendingActions.dueIds(now, 100)) {
    const row = await ctx.stores.transaction(async () => {
      if (!(await ctx.stores.pendingActions.end(id, 'done', 'scheduler', now, { dueBy: now }))) return null;
      const claimed = (await ctx.stores.pendingActions.find(id)) as PendingActionRow;
      await takeEffect(ctx, claimed.action, claimed.userId);
      await ctx.audit.record({
        actor: claimed.actor,
        action: auditNameOf(claimed.action, 'done'),
        target: claimed.login,
        reason: `${claimed.reason} (after the cooldown; pending #${claimed.id})`,
        proof: claimed.proof,
        result: 'ok',
        clientAddress: null,
      });
      return claimed;
    });
    if (row === null) continue;
    applied++;
    const user = await ctx.users.byId(row.userId);
    if (user) {
      notifyDone(ctx, user, row.action, { server: ctx.serverName(), at: now, address: null });
    }
  }
  return applied;
}
