import type { TrustedDevice } from './driver';
import type {
  V1Approval,
  V1PendingAction,
  V1ResetPolicy,
  V1ResetPolicyRequest,
  V1CallerCheckResult,
  V1CallerCheckStarted,
  V1Policy,
  V1PolicyRequest,
  V1SignIn,
  V1TemporaryCode,
  V1TemporaryCodeIssued,
} from '../../shared/admin-api/v1';
import {
  SIGN_IN_FACTORS,
  type GuardedAction,
  type Role,
  type SignInFactor,
} from '../../shared/admin-api/vocabulary';

/**
 * The help desk's gentler tools beyond disabling 2FA: temporary access codes, reset
 * with required re-enrollment, revoking one trusted device, sign-in history, the
 * enforcement policy and out-of-band caller checks. Each belongs to a capability
 * (see shared/admin-api/capabilities.ts); Twofold's own server offers all of them.
 */

export { SIGN_IN_FACTORS, type SignInFactor };

export type TemporaryCodeIssued = V1TemporaryCodeIssued;
export type TemporaryCode = V1TemporaryCode;
/** A server other than Twofold's may name other channels. */
export type SignIn = Omit<V1SignIn, 'channel'> & { readonly channel: string };
export type PolicyRole = Role;
export type TwofaPolicy = V1Policy;
export type PolicyChange = V1PolicyRequest;
export type CallerCheckStarted = V1CallerCheckStarted;
export type CallerCheckResult = V1CallerCheckResult;
export type PendingAction = V1PendingAction;
export type Approval = V1Approval;
export type ResetPolicy = V1ResetPolicy;
export type ResetPolicyChange = V1ResetPolicyRequest;

/**
 * The proof of the caller's identity given with a reset, disable or temporary code (issue 25): a
 * caller check matched in the last 15 minutes, a four-eyes approval, or an identity document seen
 * in person. Twofold's server checks it against its policy and keeps it; where the server cannot
 * (Odoo), Twofold asks for one itself and keeps it in its local log (proof-guard.ts).
 */
export type Proof =
  { readonly callerCheckId: number } | { readonly approvalId: number } | { readonly inPersonNote: string };

/** What a reset or disable did: nothing more to say, or it waits out a cooldown the user can stop. */
export interface GuardedOutcome {
  readonly pending?: PendingAction;
}

/** The connection's methods behind these capabilities (a driver whose server lacks one throws NOT_OFFERED). */
export interface HelpdeskTools {
  /** Capability `temporaryAccess`. */
  temporaryCodes(userId: number): Promise<readonly TemporaryCode[]>;
  issueTemporaryCode(
    userId: number,
    options: { reason: string; lifetimeMinutes: number; uses: number; proof?: Proof },
  ): Promise<TemporaryCodeIssued>;
  revokeTemporaryCode(userId: number, codeId: number, reason: string): Promise<readonly TemporaryCode[]>;
  /** Capability `resetTwofa`: wipes 2FA and requires enrollment at the next sign-in. */
  resetTwofa(userId: number, reason: string, proof?: Proof): Promise<GuardedOutcome>;
  /** Capability `fourEyes`: asks a second staff member's approval; its id is then a proof. */
  requestApproval(userId: number, action: GuardedAction, reason: string): Promise<Approval>;
  approvals(): Promise<readonly Approval[]>;
  approve(approvalId: number): Promise<Approval>;
  /** Capability `cooldown`: actions waiting out their cooldown (and those ended lately). */
  pendingActions(userId?: number): Promise<readonly PendingAction[]>;
  cancelPending(actionId: number, reason: string): Promise<readonly PendingAction[]>;
  /** Capability `enforcementPolicy` (with `serverProof`): the proofs and cooldown per role. */
  setResetPolicy(role: PolicyRole, change: ResetPolicyChange): Promise<readonly ResetPolicy[]>;
  /** Capability `revokeDevice`: returns the devices left. */
  revokeDevice(userId: number, deviceId: string, reason: string): Promise<readonly TrustedDevice[]>;
  /** Capability `signInHistory`: newest first. */
  signIns(userId: number, limit: number): Promise<readonly SignIn[]>;
  /** Capability `enforcementPolicy`. */
  policy(): Promise<TwofaPolicy>;
  setPolicy(role: PolicyRole, change: PolicyChange): Promise<TwofaPolicy>;
  /** Capability `verifyCaller`. */
  startCallerCheck(userId: number): Promise<CallerCheckStarted>;
  verifyCallerCheck(userId: number, checkId: number, code: string): Promise<CallerCheckResult>;
}

/** `1h`, `90m`, `1h30m` → minutes; null when it is not such a duration. */
export function parseLifetime(text: string): number | null {
  const match = /^(?:(\d{1,3})h)?(?:(\d{1,4})m(?:in)?)?$/.exec(text.trim().toLowerCase());
  if (!match || (match[1] === undefined && match[2] === undefined)) return null;
  return Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0);
}
