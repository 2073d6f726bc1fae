import type { TrustedDevice } from './driver';

/**
 * The help desk's gentler tools beyond disabling 2FA: temporary access codes, reset
 * with required re-enrollment, revoking one trusted device, sign-in history, the
 * enforcement policy and out-of-band caller checks. Each belongs to a capability
 * (see shared/admin-api/capabilities.ts); Twofold's own server offers all of them.
 */

export interface TemporaryCodeIssued {
  readonly id: number;
  /** Shown once: the server keeps only a keyed hash. */
  readonly code: string;
  readonly expiresAt: string;
  readonly uses: number;
}

export interface TemporaryCode {
  readonly id: number;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly usesAllowed: number;
  readonly uses: number;
  readonly createdBy: string;
  readonly reason: string;
  readonly state: 'active' | 'used' | 'expired' | 'revoked';
}

export const SIGN_IN_FACTORS = ['password', 'totp', 'recovery', 'temporary-code', 'trusted-device'] as const;
export type SignInFactor = (typeof SIGN_IN_FACTORS)[number];

export interface SignIn {
  readonly at: string;
  readonly address: string | null;
  readonly result: 'ok' | 'refused';
  readonly factor: SignInFactor;
  readonly channel: string;
}

export type PolicyRole = 'user' | 'helpdesk' | 'admin';

export interface TwofaPolicy {
  readonly policies: readonly {
    readonly role: PolicyRole;
    readonly required: boolean;
    readonly graceUntil: string | null;
    readonly graceDays: number | null;
    readonly since: string | null;
    readonly updatedBy: string | null;
  }[];
  readonly outOfCompliance: {
    readonly users: readonly {
      readonly id: number;
      readonly login: string;
      readonly name: string;
      readonly role: PolicyRole;
      readonly deadline: string;
      readonly blocked: boolean;
    }[];
    readonly total: number;
  };
}

export interface PolicyChange {
  readonly required: boolean;
  readonly graceDays?: number;
  /** ISO 8601 date. */
  readonly graceUntil?: string;
  readonly reason?: string;
}

export interface CallerCheckStarted {
  readonly id: number;
  /** The address the code went to, partly hidden. */
  readonly sentTo: string;
  readonly expiresAt: string;
}

export interface CallerCheckResult {
  readonly matched: boolean;
  readonly result: 'matched' | 'wrong' | 'expired' | 'too-many-attempts' | 'unknown';
}

/** The connection's methods behind these capabilities (a driver whose server lacks one throws NOT_OFFERED). */
export interface HelpdeskTools {
  /** Capability `temporaryAccess`. */
  temporaryCodes(userId: number): Promise<readonly TemporaryCode[]>;
  issueTemporaryCode(
    userId: number,
    options: { reason: string; lifetimeMinutes: number; uses: number },
  ): Promise<TemporaryCodeIssued>;
  revokeTemporaryCode(userId: number, codeId: number, reason: string): Promise<readonly TemporaryCode[]>;
  /** Capability `resetTwofa`: wipes 2FA and requires enrollment at the next sign-in. */
  resetTwofa(userId: number, reason: string, callerCheckId?: number): Promise<void>;
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
