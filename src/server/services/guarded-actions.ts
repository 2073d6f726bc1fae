import { randomBytes } from 'node:crypto';
import {
  APPROVAL_VALID_MINUTES,
  CALLER_CHECK_PROOF_MINUTES,
  PROOF_KINDS,
  ROLES,
  type GuardedAction,
  type ProofKind,
  type Role,
} from '../../shared/admin-api/vocabulary';
import type { ServerClock } from '../clock';
import type { ApprovalListRow, ApprovalRow } from '../db/approvals';
import type { PendingActionRow } from '../db/pending-actions';
import type { Stores } from '../db/stores';
import type { Account } from '../db/users';
import type { SecretBox } from '../security/secret-box';
import { HttpError } from '../http-error';
import { words, type PersonFacingMessage } from '../../shared/person-facing-error';

/** A caller check counts as a proof for this long after it matched. */
export const CALLER_CHECK_PROOF_MS = CALLER_CHECK_PROOF_MINUTES * 60_000;
/** A request can be approved, and an approval used, for this long. */
export const APPROVAL_VALID_MS = APPROVAL_VALID_MINUTES * 60_000;
/** After the user stops an action with their link, resets of the account are refused this long. */
export const STOP_LOCK_MS = 24 * 3_600_000;
/** How long ended pending actions stay in the console's list. */
const ENDED_SHOWN_MS = 24 * 3_600_000;

export interface ResetRule {
  role: Role;
  proofs: ProofKind[];
  cooldownMinutes: number;
  updatedBy: string | null;
}

/** Issue 25's defaults: admins need four-eyes, everyone else a caller check or four-eyes; staff wait an hour. */
export const DEFAULT_RESET_POLICY: Readonly<Record<Role, Omit<ResetRule, 'role' | 'updatedBy'>>> = {
  user: { proofs: ['caller-check', 'four-eyes'], cooldownMinutes: 0 },
  helpdesk: { proofs: ['caller-check', 'four-eyes'], cooldownMinutes: 60 },
  admin: { proofs: ['four-eyes'], cooldownMinutes: 60 },
};

/** The proof a request names (at most one of them). */
export interface ProofGiven {
  callerCheckId?: number | undefined;
  approvalId?: number | undefined;
  inPersonNote?: string | undefined;
}

/** Why a guarded action was refused: the admin API answers with its status, code and sentence. */
export const GuardRefusal = HttpError;

const iso = (ms: number): string => new Date(ms).toISOString();
/** A guarded action as its messages' select key. */
const ACTION_KEYS: Readonly<Record<GuardedAction, string>> = {
  'reset-2fa': 'reset',
  'disable-2fa': 'disable',
  'temp-code': 'tempCode',
};
const PROOF_KEYS: Readonly<Record<ProofKind, string>> = {
  'caller-check': 'CallerCheck',
  'four-eyes': 'FourEyes',
  'in-person': 'InPerson',
};

/** The `select` key of `server.api.proofs` for these proofs ("callerCheckFourEyes"), in policy order. */
export const proofsKey = (kinds: readonly ProofKind[]): string => {
  const key = PROOF_KINDS.filter((kind) => kinds.includes(kind))
    .map((kind) => PROOF_KEYS[kind])
    .join('');
  return key ? key.charAt(0).toLowerCase() + key.slice(1) : 'none';
};

/** Proofs as one message ("a caller check … or a second staff member's approval"), in policy order. */
const proofList = (kinds: readonly ProofKind[]): PersonFacingMessage =>
  words('server.api.proofs', { proofs: proofsKey(kinds) });

/** The state of an approval at `now`, as the lists show it. */
export function approvalState(row: ApprovalRow, now: number): 'waiting' | 'approved' | 'used' | 'expired' {
  if (row.usedAt !== null) return 'used';
  if (row.approvedAt !== null) return now - row.approvedAt <= APPROVAL_VALID_MS ? 'approved' : 'expired';
  return now - row.requestedAt <= APPROVAL_VALID_MS ? 'waiting' : 'expired';
}

export function approvalView(row: ApprovalListRow, now: number) {
  const expiresAt = (row.approvedAt ?? row.requestedAt) + APPROVAL_VALID_MS;
  return {
    id: row.id,
    userId: row.userId,
    login: row.login,
    name: row.name,
    role: row.role as Role,
    action: row.action,
    reason: row.reason,
    requestedBy: row.requestedBy,
    requestedAt: iso(row.requestedAt),
    approvedBy: row.approvedBy,
    approvedAt: row.approvedAt === null ? null : iso(row.approvedAt),
    expiresAt: iso(expiresAt),
    usedAt: row.usedAt === null ? null : iso(row.usedAt),
    state: approvalState(row, now),
  };
}

export function pendingView(row: PendingActionRow) {
  return {
    id: row.id,
    userId: row.userId,
    login: row.login,
    action: row.action,
    actor: row.actor,
    reason: row.reason,
    proof: row.proof,
    createdAt: iso(row.createdAt),
    dueAt: iso(row.dueAt),
    state: row.state,
    endedAt: row.endedAt === null ? null : iso(row.endedAt),
    endedBy: row.endedBy,
  };
}

/**
 * Issue 25: every reset, disable and temporary code rests on a proof of the caller's identity
 * that the reset policy of the target's role accepts, and for the roles it names waits out a
 * cooldown the user can stop from their mailbox.
 */
export class GuardedActions {
  constructor(
    private readonly stores: Pick<
      Stores,
      'approvals' | 'callerChecks' | 'resetPolicies' | 'pendingActions' | 'transaction' | 'users'
    >,
    private readonly box: SecretBox,
    private readonly clock: ServerClock,
  ) {}

  async policies(): Promise<ResetRule[]> {
    const stored = await this.stores.resetPolicies.all();
    return ROLES.map((role) => {
      const row = stored.find((candidate) => candidate.role === role);
      return row
        ? { role, proofs: row.proofs, cooldownMinutes: row.cooldownMinutes, updatedBy: row.updatedBy }
        : { role, ...DEFAULT_RESET_POLICY[role], updatedBy: null };
    });
  }

  async policyFor(role: Role): Promise<ResetRule> {
    return (await this.policies()).find((rule) => rule.role === role) as ResetRule;
  }

  async setPolicy(
    role: Role,
    rule: { proofs: ProofKind[]; cooldownMinutes: number },
    actor: string,
  ): Promise<void> {
    const proofs = PROOF_KINDS.filter((kind) => rule.proofs.includes(kind));
    await this.stores.resetPolicies.set(
      role,
      { proofs, cooldownMinutes: rule.cooldownMinutes },
      actor,
      this.clock.nowMs(),
    );
  }

  /** Refuses while the account's owner stopped an action with their link in the last 24 hours. */
  async requireNotLocked(user: Account): Promise<void> {
    const stopped = await this.stores.pendingActions.lastStoppedAt(user.id);
    if (stopped !== null && this.clock.nowMs() - stopped < STOP_LOCK_MS) {
      throw new GuardRefusal(
        409,
        'resets_locked',
        words('server.api.resetsLocked', {
          name: user.name,
          stoppedAt: stopped,
          until: stopped + STOP_LOCK_MS,
        }),
      );
    }
  }

  /**
   * Checks the proof given for `action` on `user` by `actor` against the policy of the user's
   * role, spends it where it is single-use (an approval), and returns the sentence the audit
   * record keeps. Throws GuardRefusal when there is none, or it is not enough.
   */
  async acceptProof(
    actor: { login: string; role: Role },
    user: Account,
    action: GuardedAction,
    given: ProofGiven,
  ): Promise<string> {
    await this.requireNotLocked(user);
    const rule = await this.policyFor(user.role);
    const named = [
      given.callerCheckId !== undefined ? 'caller-check' : null,
      given.approvalId !== undefined ? 'four-eyes' : null,
      given.inPersonNote !== undefined ? 'in-person' : null,
    ].filter((kind): kind is ProofKind => kind !== null);
    if (named.length === 0) {
      throw new GuardRefusal(
        409,
        'proof_required',
        words('server.api.proofRequired', {
          action: ACTION_KEYS[action],
          name: user.name,
          role: user.role,
          proofs: proofList(rule.proofs),
        }),
      );
    }
    if (named.length > 1) {
      throw new GuardRefusal(400, 'one_proof', words('server.api.oneProof'));
    }
    const kind = named[0] as ProofKind;
    if (!rule.proofs.includes(kind)) {
      throw new GuardRefusal(
        409,
        'proof_not_accepted',
        words('server.api.proofNotAccepted', {
          role: user.role,
          proof: proofList([kind]),
          proofs: proofList(rule.proofs),
        }),
      );
    }
    const now = this.clock.nowMs();
    if (kind === 'caller-check') {
      const check = await this.stores.callerChecks.find(given.callerCheckId as number, user.id, actor.login);
      if (check?.matchedAt == null || now - check.matchedAt > CALLER_CHECK_PROOF_MS) {
        throw new GuardRefusal(
          409,
          'caller_not_verified',
          words('server.api.callerNotVerified', { minutes: CALLER_CHECK_PROOF_MINUTES }),
        );
      }
      const how =
        check.kind === 'authenticator' ? "a code from the user's authenticator" : 'an emailed code read back';
      return `caller check #${check.id}: ${how}, matched at ${iso(check.matchedAt)}`;
    }
    if (kind === 'four-eyes') {
      const id = given.approvalId as number;
      const row = await this.stores.approvals.find(id);
      const used = await this.stores.approvals.use(id, {
        userId: user.id,
        action,
        requester: actor.login,
        approvedAfter: now - APPROVAL_VALID_MS,
        now,
      });
      if (!row || !used) {
        throw new GuardRefusal(
          409,
          'approval_invalid',
          words('server.api.approvalInvalid', {
            id,
            action: ACTION_KEYS[action],
            name: user.name,
            minutes: APPROVAL_VALID_MINUTES,
          }),
        );
      }
      return `four-eyes: approval #${id} requested by ${row.requestedBy}, approved by ${row.approvedBy ?? '?'} at ${iso(row.approvedAt ?? now)}`;
    }
    return `in person, identity document seen: ${(given.inPersonNote as string).trim()}`;
  }

  // --- Four-eyes ----------------------------------------------------------------------------

  async requestApproval(
    requester: string,
    user: Account,
    action: GuardedAction,
    reason: string,
  ): Promise<ReturnType<typeof approvalView>> {
    const now = this.clock.nowMs();
    const id = await this.stores.approvals.insert({
      userId: user.id,
      action,
      reason,
      requestedBy: requester,
      requestedAt: now,
    });
    return approvalView(
      {
        id,
        userId: user.id,
        action,
        reason,
        requestedBy: requester,
        requestedAt: now,
        approvedBy: null,
        approvedAt: null,
        usedAt: null,
        login: user.login,
        name: user.name,
        role: user.role,
      },
      now,
    );
  }

  async approvals(): Promise<ReturnType<typeof approvalView>[]> {
    const now = this.clock.nowMs();
    const rows = await this.stores.approvals.since(now - 24 * 3_600_000, 200);
    return rows.map((row) => approvalView(row, now));
  }

  /** Approves request `id` by `approver` (another staff member with authority over the target). */
  async approve(
    id: number,
    approver: { login: string; role: Role; id: number },
  ): Promise<ReturnType<typeof approvalView>> {
    const row = await this.stores.approvals.find(id);
    if (!row) throw new GuardRefusal(404, 'not_found', words('server.api.noSuchApproval'));
    const user = await this.stores.users.byId(row.userId);
    if (!user) throw new GuardRefusal(404, 'not_found', words('server.api.approvalAccountGone'));
    if (row.requestedBy === approver.login) {
      throw new GuardRefusal(403, 'self_approval', words('server.api.selfApproval'));
    }
    if (user.id === approver.id) {
      throw new GuardRefusal(403, 'self_action', words('server.api.approveOwnAccount'));
    }
    if (approver.role !== 'admin' && user.role !== 'user') {
      throw new GuardRefusal(403, 'approver_role', words('server.api.approverRole', { role: user.role }));
    }
    const now = this.clock.nowMs();
    if (!(await this.stores.approvals.approve(id, approver.login, now, now - APPROVAL_VALID_MS))) {
      throw new GuardRefusal(
        409,
        'approval_closed',
        words('server.api.approvalClosed', { id, minutes: APPROVAL_VALID_MINUTES }),
      );
    }
    const approved = await this.stores.approvals.since(row.requestedAt - 1, 200);
    const mine = approved.find((candidate) => candidate.id === id) as ApprovalListRow;
    return approvalView(mine, now);
  }

  // --- Cooldown -----------------------------------------------------------------------------

  /** A new stop token: the link's secret (mailed once) and the hash the database keeps. */
  newStopToken(): { token: string; hash: string } {
    const token = randomBytes(32).toString('base64url');
    return { token, hash: this.stopHash(token) };
  }

  stopHash(token: string): string {
    return this.box.mac(`stop-link:${token}`);
  }

  async pending(userId?: number): Promise<ReturnType<typeof pendingView>[]> {
    const rows = await this.stores.pendingActions.list({
      userId,
      endedSince: this.clock.nowMs() - ENDED_SHOWN_MS,
      limit: 200,
    });
    return rows.map(pendingView);
  }

  /** Who is told when a user stops an action: the configured contact, else every administrator with an email. */
  async securityContacts(configured: string | undefined): Promise<string[]> {
    if (configured !== undefined && configured !== '') return [configured];
    return (await this.stores.users.adminsWithEmail()).flatMap((admin) => (admin.email ? [admin.email] : []));
  }
}
