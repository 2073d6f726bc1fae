import { randomBytes } from 'node:crypto';
import { nodeOtpEngine } from '../../node/otp-engine';
import { NEAR_MISS_SECONDS } from '../../shared/clock-drift';
import { encodeBase32, formatOtpauthUri, type OtpKey } from '../../shared/otp';
import type { ServerClock } from '../clock';
import type { Stores } from '../db/stores';
import type { Account } from '../db/users';
import type { SecretBox } from '../security/secret-box';
import { generateRecoveryCodes, normalizeRecoveryCode } from './recovery-codes';

// DESIGN.md: 160-bit secrets, SHA1, 6 digits, 30 s, ±1 step.
const SECRET_BYTES = 20;
const PERIOD = 30;
const WINDOW = 1;
/** Refused codes are looked for this many steps either side, only to explain them. */
const NEAR_MISS_STEPS = NEAR_MISS_SECONDS / PERIOD;
/** A phone's measured offset: the mean of its latest codes, from the last 30 days. */
const DRIFT_CODES = 10;
export const DRIFT_MEMORY_MS = 30 * 24 * 3_600_000;

/** How far an account's phone runs from the server's clock, from its latest codes. */
export interface MeasuredDrift {
  /** The phone's clock minus the server's, in seconds: negative when its codes come late. */
  readonly offsetSeconds: number;
  /** How many codes the figure rests on. */
  readonly codes: number;
  /** When the latest of them arrived (Unix milliseconds). */
  readonly lastAt: number;
}
export const ENROLLMENT_TTL_MS = 10 * 60_000;

const keyFor = (secret: Uint8Array): OtpKey => ({
  type: 'totp',
  secret,
  algorithm: 'SHA1',
  digits: 6,
  period: PERIOD,
});

/** Associated data of a user's sealed secret (exported for the benchmark's bulk loader). */
export const userContext = (id: number): string => `totp:user:${id}`;
const pendingContext = (id: number): string => `totp-pending:user:${id}`;

/** Only six digits can be a TOTP code; anything else is refused before any work. */
const totpShape = (code: string): string | null => {
  const compact = code.replace(/\s/g, '');
  return /^\d{6}$/.test(compact) ? compact : null;
};

function describe(secret: Uint8Array, login: string, issuer: string): { secret: string; otpauthUri: string } {
  const base32 = encodeBase32(secret);
  const otpauthUri = formatOtpauthUri({
    type: 'totp',
    issuer,
    account: login,
    secret: base32,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    counter: 0,
  });
  return { secret: base32, otpauthUri };
}

/** The whole 2FA lifecycle of an account: enrollment, checks with replay protection, recovery codes, reset. */
export class TwoFactorService {
  constructor(
    private readonly stores: Pick<
      Stores,
      'users' | 'twoFactor' | 'codeOffsets' | 'trustedDevices' | 'webSessions' | 'apiTokens' | 'transaction'
    >,
    private readonly box: SecretBox,
    private readonly clock: ServerClock,
  ) {}

  /** A fresh secret shown during enrollment; it becomes the account's only once a code confirms it. */
  async startEnrollment(user: Account, issuer: string): Promise<{ secret: string; otpauthUri: string }> {
    const secret = randomBytes(SECRET_BYTES);
    await this.stores.twoFactor.setPending(
      user.id,
      this.box.seal(secret, pendingContext(user.id)),
      this.clock.nowMs(),
    );
    return describe(secret, user.login, issuer);
  }

  /** The enrollment in progress (for redisplaying the page), or null when there is none or it expired. */
  pendingSetup(user: Account, issuer: string): { secret: string; otpauthUri: string } | null {
    if (!this.hasPendingEnrollment(user) || user.totpPendingSecret === null) return null;
    return describe(this.box.open(user.totpPendingSecret, pendingContext(user.id)), user.login, issuer);
  }

  hasPendingEnrollment(user: Account): boolean {
    return (
      user.totpPendingSecret !== null &&
      user.totpPendingAt !== null &&
      this.clock.nowMs() - user.totpPendingAt < ENROLLMENT_TTL_MS
    );
  }

  /**
   * Confirms enrollment with a code from the pending secret. On success 2FA is on,
   * other sessions and trusted devices end, and the recovery codes are returned (once).
   */
  async confirmEnrollment(
    user: Account,
    code: string,
    keep: { webSession?: string; apiToken?: string } = {},
  ): Promise<string[] | null> {
    const token = totpShape(code);
    if (token === null || !this.hasPendingEnrollment(user) || user.totpPendingSecret === null) return null;
    const secret = this.box.open(user.totpPendingSecret, pendingContext(user.id));
    const now = this.clock.nowMs();
    const match = nodeOtpEngine.verifyTotp(keyFor(secret), token, { time: now / 1000, window: WINDOW });
    if (match === null) return null;
    const codes = generateRecoveryCodes();
    const pending = user.totpPendingSecret;
    const enabled = await this.stores.transaction(async () => {
      // The step is recorded like any accepted code: it cannot be used again to log in.
      const changed = await this.stores.twoFactor.enable(user.id, {
        pending,
        sealedSecret: this.box.seal(secret, userContext(user.id)),
        step: match.step,
        at: now,
      });
      if (!changed) return false;
      await this.recordOffset(user.id, match.delta, true);
      await this.replaceRecoveryCodes(user.id, codes);
      await this.revokeAccess(user.id, keep.webSession, keep.apiToken);
      return true;
    });
    return enabled ? codes : null;
  }

  /**
   * New recovery codes for an account with 2FA on (after a password re-check by the caller):
   * the old ones, used or not, stop working. Returns the new codes once; null when 2FA is off.
   */
  async regenerateRecoveryCodes(userId: number): Promise<string[] | null> {
    const codes = generateRecoveryCodes();
    const regenerated = await this.stores.transaction(async () => {
      // Locked: a concurrent disable cannot slip between the check and the new codes.
      if (!(await this.stores.twoFactor.lockEnabled(userId))) return false;
      await this.replaceRecoveryCodes(userId, codes);
      return true;
    });
    return regenerated ? codes : null;
  }

  /** Stored as keyed hashes only: the codes themselves are shown once and never kept. */
  private async replaceRecoveryCodes(userId: number, codes: readonly string[]): Promise<void> {
    await this.stores.twoFactor.replaceRecoveryCodes(
      userId,
      codes.map((c) => this.recoveryCodeHash(userId, normalizeRecoveryCode(c) ?? c)),
    );
  }

  private recoveryCodeHash(userId: number, normalized: string): string {
    return this.box.mac(`${userId}:${normalized}`);
  }

  /**
   * The time step a code is right for (newer than any step accepted when the row was
   * read), or null. Only computes: spending the step is the caller's statement.
   */
  matchStep(user: Account, code: string): { step: number; delta: number; sealed: Buffer } | null {
    const token = totpShape(code);
    if (token === null || user.totpSecret === null) return null;
    const secret = this.box.open(user.totpSecret, userContext(user.id));
    const match = nodeOtpEngine.verifyTotp(keyFor(secret), token, {
      time: this.clock.nowMs() / 1000,
      window: WINDOW,
      after: user.totpLastStep ?? undefined,
    });
    return match === null ? null : { step: match.step, delta: match.delta, sealed: user.totpSecret };
  }

  /**
   * For a code refused because it matched no step of the window: the phone's clock offset
   * (seconds, negative when late) for which it would have been right, within ±10 minutes,
   * recorded as a measurement of the phone; null for any other wrong code (and for a replay,
   * which matches inside the window). Never makes a code acceptable.
   */
  async explainMiss(user: Account, code: string): Promise<number | null> {
    const token = totpShape(code);
    if (token === null || user.totpSecret === null) return null;
    const secret = this.box.open(user.totpSecret, userContext(user.id));
    const match = nodeOtpEngine.verifyTotp(keyFor(secret), token, {
      time: this.clock.nowMs() / 1000,
      window: NEAR_MISS_STEPS,
    });
    if (match === null || Math.abs(match.delta) <= WINDOW) return null;
    await this.recordOffset(user.id, match.delta, false);
    return match.delta * PERIOD;
  }

  /** Which step an accepted code (or a near miss) matched, counted from the server's. */
  async recordOffset(userId: number, stepOffset: number, accepted: boolean): Promise<void> {
    await this.stores.codeOffsets.record(userId, { ...this.offsetOf(stepOffset), accepted });
  }

  /** The offset of a code matched now, for a store that records it with the spent step. */
  offsetOf(stepOffset: number): { stepOffset: number; at: number } {
    return { stepOffset, at: this.clock.nowMs() };
  }

  /** The account's phone against the server's clock, or null before any code in the last 30 days. */
  async measuredDrift(userId: number): Promise<MeasuredDrift | null> {
    const recent = await this.stores.codeOffsets.recent(
      userId,
      this.clock.nowMs() - DRIFT_MEMORY_MS,
      DRIFT_CODES,
    );
    const latest = recent[0];
    if (latest === undefined) return null;
    const mean = recent.reduce((sum, r) => sum + r.stepOffset, 0) / recent.length;
    return { offsetSeconds: Math.round(mean * PERIOD), codes: recent.length, lastAt: latest.at };
  }

  /** Whether a refused code is right for a time step already accepted (a replay), for the metrics. */
  isReplay(user: Account, code: string): boolean {
    const token = totpShape(code);
    if (token === null || user.totpSecret === null || user.totpLastStep === null) return false;
    const secret = this.box.open(user.totpSecret, userContext(user.id));
    const match = nodeOtpEngine.verifyTotp(keyFor(secret), token, {
      time: this.clock.nowMs() / 1000,
      window: WINDOW,
    });
    return match !== null && match.step <= user.totpLastStep;
  }

  /**
   * Checks a TOTP code and consumes its time step in one statement: a step
   * accepted once (login, enrollment, help-desk check) is never accepted again.
   */
  async checkCode(user: Account, code: string): Promise<boolean> {
    const match = this.matchStep(user, code);
    if (match === null) return false;
    // Once per account, whichever process sees the code first (one atomic statement,
    // which records the phone's offset too).
    return this.stores.twoFactor.acceptTimeStep(user.id, match.sealed, match.step, this.clock.nowMs(), {
      offset: this.offsetOf(match.delta),
    });
  }

  /** Spends a recovery code; each works once. */
  async useRecoveryCode(user: Account, input: string): Promise<boolean> {
    const code = normalizeRecoveryCode(input);
    if (code === null || user.totpEnabledAt === null) return false;
    const spent = await this.stores.twoFactor.spendRecoveryCode(
      user.id,
      this.recoveryCodeHash(user.id, code),
      this.clock.nowMs(),
    );
    if (spent) await this.stores.twoFactor.markUsed(user.id, this.clock.nowMs());
    return spent;
  }

  /**
   * Turns 2FA off (by the user, or an admin for a lost authenticator): wipes the
   * secret and recovery codes, revokes trusted devices and ends the account's sessions.
   */
  async disable(userId: number, keep: { webSession?: string; apiToken?: string } = {}): Promise<void> {
    await this.stores.transaction(async () => {
      await this.stores.twoFactor.clear(userId);
      await this.stores.twoFactor.deleteRecoveryCodes(userId);
      // The next authenticator has a clock of its own.
      await this.stores.codeOffsets.clear(userId);
      await this.revokeAccess(userId, keep.webSession, keep.apiToken);
    });
  }

  /**
   * The help desk's reset (Keycloak's "Configure OTP" required action): 2FA is wiped as by
   * `disable`, and the next successful password sign-in must enroll a new authenticator first.
   */
  async reset(userId: number): Promise<void> {
    await this.stores.transaction(async () => {
      await this.disable(userId);
      await this.stores.users.setRequiredAction(userId, 'enroll');
    });
  }

  /** Trusted devices and every other session of the account go. */
  private async revokeAccess(userId: number, keepWebSession?: string, keepApiToken?: string): Promise<void> {
    await this.stores.trustedDevices.deleteAllFor(userId);
    await this.stores.webSessions.endAllFor(userId, keepWebSession);
    await this.stores.apiTokens.endAllFor(userId, keepApiToken);
  }

  recoveryCodesLeft(userId: number): Promise<number> {
    return this.stores.twoFactor.recoveryCodesLeft(userId);
  }

  /** Re-reads the account (callers hold rows that may be stale after a check). */
  reload(userId: number): Promise<Account | undefined> {
    return this.stores.users.byId(userId);
  }
}
