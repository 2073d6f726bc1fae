import { join } from 'node:path';
import { clockNeedsWarning, computerClockWarning } from '../../shared/clock-drift';
import { englishTranslate, type Translate } from '../../shared/i18n/translate';
import { PersonFacingError, sayIn, words } from '../../shared/person-facing-error';
import {
  recoveryCodesFileName,
  recoveryCodesText,
  type RecoveryCodesSheet,
} from '../../shared/admin-api/recovery-codes-file';
import type { Keychain } from '../keychain';
import { allUsers, usersCsv } from './csv';
import { capabilityViews, type CapabilityView } from '../../shared/admin-api/capabilities';
import { offers } from './capability-gate';
import type { AdminUser, AuditQuery, NewRecoveryCodes, ServerRules, UsersQuery } from './driver';
import { defaultAuditLogPath, helpdeskAuditLog, type ChainCheck } from './audit-log';
import type { ForwardStatus } from '../../node/audit-forward';
import { serverName } from './audited-connection';
import { HelpdeskError, isHelpdeskError } from './errors';
import type { PendingAction, PolicyChange, PolicyRole, Proof, ResetPolicyChange } from './helpdesk-tools';
import type { GuardedAction } from '../../shared/admin-api/vocabulary';
import { ProfileStore, profileNameFor } from './profiles';
import { enrollSelf, type EnrollVault, type EnrolledSelf } from './self-enroll';
import { HelpdeskClient, withStepUp, type HelpdeskSession, type SignInInput } from './session';
import { matchVaultEntry, type EntryLabel } from './vault-match';

/** The vault as the console sees it: labels, current codes, add and remove. */
export interface ConsoleVault extends EnrollVault {
  list(): readonly EntryLabel[];
  codes(): readonly { id: string; code: string | null }[];
}

export interface ConsoleState {
  readonly profiles: {
    name: string;
    url: string;
    login: string;
    caFile?: string;
    kind?: string;
    db?: string;
  }[];
  readonly current: string | null;
  readonly session: {
    profile: string;
    url: string;
    login: string;
    expiresAt: string;
    kind: string;
    /** What the server offers, each with one sentence why not when it does not. */
    capabilities: CapabilityView[];
    /** The server's rules, as its driver states them. */
    rules: ServerRules;
    /** Whether the signed-in account itself has 2FA (null: the server did not say). */
    twofaEnabled: boolean | null;
    /** Said when this computer's clock is more than 15 s from the server's (its Date header). */
    clockWarning: string | null;
    /** The server's version, for kinds that state it (e.g. Odoo's "19.0"). */
    serverVersion: string | null;
  } | null;
}

export interface HelpdeskConsoleOptions {
  /** The OS keychain; null keeps tokens in memory for this run only (never in a file). */
  readonly keychain: Keychain | null;
  /** Twofold's home folder: the profiles file lives there. */
  readonly home: string;
  readonly vault: () => ConsoleVault;
  /** Called after self-enrollment changed the vault. */
  readonly vaultChanged?: () => void;
  /** The app's language (a BCP 47 tag), sent to servers so their refusals are in it. */
  readonly language?: () => string;
}

/** The warning for a computer clock too far from the server's, naming the server as the person knows it. */
function clockWarningFor(session: HelpdeskSession, t: Translate): string | null {
  const offset = session.clockOffset();
  if (offset === null || !clockNeedsWarning(offset)) return null;
  return computerClockWarning(offset, session.profile.name, t);
}

/** Whose recovery codes: this login on this server. */
const ownerOf = (session: HelpdeskSession): string => `${session.profile.login} ${session.profile.url}`;

function memoryKeychain(): Keychain {
  const items = new Map<string, string>();
  return {
    get: async (account) => items.get(account) ?? null,
    set: async (account, secret) => void items.set(account, secret),
    delete: async (account) => items.delete(account),
  };
}

/** Runs a sensitive action; when the server wants a fresh identity check, gives it the password the person typed. */
const stepUp = <T>(session: HelpdeskSession, action: () => Promise<T>, password: string | undefined) =>
  withStepUp(session.connection, action, async () => password ?? null);

/**
 * The help-desk console's state in the main process: one signed-in server at a time. Methods that
 * put sentences into what they return take `t`, the app's language (English when not given).
 */
export class HelpdeskConsole {
  private readonly client: HelpdeskClient;
  private session: HelpdeskSession | null = null;
  private resumed = false;
  /** The temporary code last issued, kept in memory only so "Copy" can put it on the clipboard. */
  private lastIssued: { id: number; code: string } | null = null;
  /** Recovery codes shown to the admin and not yet confirmed saved. */
  private shownCodes: RecoveryCodesSheet | null = null;
  private shownFor = '';

  constructor(private readonly options: HelpdeskConsoleOptions) {
    const keychain = options.keychain ?? memoryKeychain();
    this.client = new HelpdeskClient({
      keychain,
      profiles: new ProfileStore(join(options.home, 'helpdesk-profiles.json')),
      auditLog: helpdeskAuditLog(defaultAuditLogPath(options.home), keychain),
      ...(options.language ? { language: options.language } : {}),
    });
  }

  async state(t: Translate = englishTranslate): Promise<ConsoleState> {
    if (!this.resumed) {
      this.resumed = true;
      // A token still valid from an earlier run signs the console in again; anything else waits for the person.
      this.session = await this.client.resume().catch(() => null);
    }
    const { profiles, current } = await this.client.profiles.list();
    const session = this.session;
    return {
      profiles,
      current: current ?? null,
      session: session && {
        profile: session.profile.name,
        url: session.profile.url,
        login: session.profile.login,
        expiresAt: session.expiresAt,
        kind: session.kind,
        capabilities: capabilityViews(session.capabilities, t),
        rules: session.rules,
        twofaEnabled: session.twofaEnabled,
        clockWarning: clockWarningFor(session, t),
        serverVersion: session.serverVersion,
      },
    };
  }

  /** Signs in; a profile given no name is named after the server, in the app's language. */
  async signIn(input: SignInInput, t: Translate = englishTranslate): Promise<ConsoleState> {
    const session = await this.client.signIn({
      ...input,
      name: input.name?.trim() || profileNameFor(input.url, t),
    });
    await this.dropSession();
    this.session = session;
    this.resumed = true;
    return this.state(t);
  }

  async signOut(t: Translate = englishTranslate): Promise<ConsoleState> {
    if (this.session) {
      await this.client.signOut(this.session);
      this.session = null;
    }
    this.resumed = true;
    return this.state(t);
  }

  async forgetProfile(name: string): Promise<void> {
    if (this.session?.profile.name === name) await this.signOut();
    await this.client.credentials.clear(name);
    await this.client.profiles.remove(name);
  }

  vaultMatch(target: { url: string; login: string; profile?: string }): EntryLabel | null {
    return matchVaultEntry(this.options.vault().list(), {
      url: target.url,
      login: target.login,
      profileName: target.profile,
    });
  }

  fillCode(target: { url: string; login: string; profile?: string }): string {
    const vault = this.options.vault();
    const match = matchVaultEntry(vault.list(), {
      url: target.url,
      login: target.login,
      profileName: target.profile,
    });
    if (!match) throw new HelpdeskError('VAULT', words('helpdesk.error.fillNoEntry'));
    const code = vault.codes().find((entry) => entry.id === match.id)?.code;
    if (!code) throw new HelpdeskError('VAULT', words('helpdesk.error.fillNoCode'));
    return code;
  }

  users(query: UsersQuery) {
    return this.run((session) => session.connection.users(query));
  }

  user(id: number) {
    return this.run((session) => session.connection.user(id));
  }

  checkCode(userId: number, code: string) {
    return this.run((session) => session.connection.checkCode(userId, code.replace(/\s/g, '')));
  }

  /** Turns 2FA off with a proof of the caller's identity; `pending` when it waits out a cooldown. */
  disableTwofa(
    userId: number,
    reason: string,
    password?: string,
    proof?: Proof,
  ): Promise<AdminUser & { readonly pending?: PendingAction }> {
    return this.run((session) =>
      stepUp(session, () => session.connection.disableTwofa(userId, reason, proof), password),
    );
  }

  temporaryCodes(userId: number) {
    return this.run((session) => session.connection.temporaryCodes(userId));
  }

  issueTemporaryCode(
    userId: number,
    options: { reason: string; lifetimeMinutes: number; uses: number; proof?: Proof },
    password?: string,
  ) {
    return this.run(async (session) => {
      const issued = await stepUp(
        session,
        () => session.connection.issueTemporaryCode(userId, options),
        password,
      );
      this.lastIssued = { id: issued.id, code: issued.code };
      return issued;
    });
  }

  /** The code just issued (for Copy); it is not kept beyond the dialog that shows it. */
  issuedCode(codeId: number): string {
    if (this.lastIssued?.id !== codeId)
      throw new HelpdeskError('NOT_FOUND', words('helpdesk.error.issuedCodeGone'));
    return this.lastIssued.code;
  }

  /** Forgets the code just issued (its dialog closed). */
  forgetIssuedCode(): void {
    this.lastIssued = null;
  }

  revokeTemporaryCode(userId: number, codeId: number, reason: string) {
    return this.run((session) => session.connection.revokeTemporaryCode(userId, codeId, reason));
  }

  /**
   * Resets 2FA (the user must enroll at the next sign-in) with a proof of the caller's identity and
   * returns the user as they are now, with what waits out a cooldown.
   */
  resetTwofa(
    userId: number,
    reason: string,
    password?: string,
    proof?: Proof,
  ): Promise<AdminUser & { readonly pending?: PendingAction }> {
    return this.run(async (session) => {
      const { pending } = await stepUp(
        session,
        () => session.connection.resetTwofa(userId, reason, proof),
        password,
      );
      const user = await session.connection.user(userId);
      return pending === undefined ? user : { ...user, pending };
    });
  }

  requestApproval(userId: number, action: GuardedAction, reason: string) {
    return this.run((session) => session.connection.requestApproval(userId, action, reason));
  }

  approvals() {
    return this.run((session) => session.connection.approvals());
  }

  /** Approving lets another member's reset through: it may need the password like a reset. */
  approve(approvalId: number, password?: string) {
    return this.run((session) => stepUp(session, () => session.connection.approve(approvalId), password));
  }

  pendingActions(userId?: number) {
    return this.run((session) => session.connection.pendingActions(userId));
  }

  cancelPending(actionId: number, reason: string) {
    return this.run((session) => session.connection.cancelPending(actionId, reason));
  }

  /** Loosening it weakens every account of the role: it may need the password like a reset. */
  setResetPolicy(role: PolicyRole, change: ResetPolicyChange, password?: string) {
    return this.run((session) =>
      stepUp(session, () => session.connection.setResetPolicy(role, change), password),
    );
  }

  revokeDevice(userId: number, deviceId: string, reason: string, password?: string) {
    return this.run((session) =>
      stepUp(session, () => session.connection.revokeDevice(userId, deviceId, reason), password),
    );
  }

  signIns(userId: number, limit: number) {
    return this.run((session) => session.connection.signIns(userId, limit));
  }

  policy() {
    return this.run((session) => session.connection.policy());
  }

  /** Like the reset policy, it may need the password. */
  setPolicy(role: PolicyRole, change: PolicyChange, password?: string) {
    return this.run((session) => stepUp(session, () => session.connection.setPolicy(role, change), password));
  }

  startCallerCheck(userId: number) {
    return this.run((session) => session.connection.startCallerCheck(userId));
  }

  verifyCallerCheck(userId: number, checkId: number, code: string) {
    return this.run((session) =>
      session.connection.verifyCallerCheck(userId, checkId, code.replace(/\s/g, '')),
    );
  }

  unlock(userId: number, reason: string, password?: string): Promise<AdminUser> {
    return this.run((session) => stepUp(session, () => session.connection.unlock(userId, reason), password));
  }

  /** The server's audit log; for a server that keeps none, Twofold's local log of what was done to it. */
  audit(query: AuditQuery) {
    return this.run((session) =>
      offers(session.capabilities, 'audit')
        ? session.connection.audit(query)
        : this.client.auditLog.list(serverName(session.profile), query),
    );
  }

  /** Whether the local audit log's hash chain is whole; where it breaks, said in `t`'s language. */
  async auditVerify(t: Translate = englishTranslate): Promise<ChainCheck> {
    const check = await this.client.auditLog.verify();
    if (check.whole || typeof check.problemWords === 'string') return check;
    return { ...check, problem: sayIn(t, check.problemWords) };
  }

  /** Where the local log is forwarded (managed) and each destination's backlog; also sends what waits. */
  async auditForwarding(t: Translate = englishTranslate): Promise<readonly ForwardStatus[]> {
    await this.client.auditLog.forwardNow();
    return this.client.auditLog.forwardingStatus().catch((error: unknown) => [
      {
        destination: t('helpdesk.audit.managedSetting'),
        backlog: 0,
        delivered: 0,
        lastError:
          error instanceof PersonFacingError
            ? error.inLanguage(t)
            : error instanceof Error
              ? error.message
              : String(error),
        lastErrorAt: null,
      },
    ]);
  }

  adoption() {
    return this.run((session) => session.connection.adoption());
  }

  devices(userId: number) {
    return this.run((session) => session.connection.devices(userId));
  }

  revokeDevices(userId: number, reason: string, password?: string) {
    return this.run((session) =>
      stepUp(session, () => session.connection.revokeDevices(userId, reason), password),
    );
  }

  async exportCsv(
    query: Omit<UsersQuery, 'page' | 'pageSize'>,
  ): Promise<{ csv: string; rows: number; filename: string }> {
    const users = await this.run((session) => allUsers(session.connection, query));
    const host = this.session ? new URL(this.session.profile.url).hostname : 'server';
    const day = new Date().toISOString().slice(0, 10);
    return { csv: usersCsv(users), rows: users.length, filename: `twofold-users-${host}-${day}.csv` };
  }

  async enrollSelf(password?: string, t: Translate = englishTranslate): Promise<EnrolledSelf> {
    const result = await this.run(async (session) => {
      const enrolled = await enrollSelf(
        session.connection,
        this.options.vault(),
        async () => password ?? null,
        { t },
      );
      this.keepShownCodes(session, enrolled.recoveryCodes, new Date());
      return enrolled;
    });
    this.options.vaultChanged?.();
    if (this.session) this.session = await this.client.enrolled(this.session);
    return result;
  }

  /** New recovery codes for the signed-in account (the old ones stop working); kept until saved. */
  newRecoveryCodes(password?: string): Promise<NewRecoveryCodes> {
    return this.run(async (session) => {
      const made = await stepUp(session, () => session.connection.newRecoveryCodes(), password);
      const at = new Date(made.generatedAt);
      this.keepShownCodes(session, made.recoveryCodes, Number.isNaN(at.getTime()) ? new Date() : at);
      return made;
    });
  }

  /**
   * The recovery codes on screen, as the text file or clipboard holds them (the file's words in
   * `t`'s language). Main keeps them (not the window) so Copy and Save write only what the server
   * sent, never text from the page.
   */
  shownRecoveryCodes(t: Translate = englishTranslate): {
    text: string;
    fileName: string;
    codes: readonly string[];
  } {
    const sheet = this.shownCodes;
    if (!sheet || this.recoveryCodesOnScreen() === null) {
      throw new HelpdeskError('NOT_FOUND', words('helpdesk.error.recoveryCodesGone'));
    }
    return {
      text: recoveryCodesText(sheet, t),
      fileName: recoveryCodesFileName(sheet),
      codes: sheet.codes,
    };
  }

  /** Only to the account they belong to, signed in to the same server. */
  recoveryCodesOnScreen(): string[] | null {
    const session = this.session;
    if (!this.shownCodes || !session || this.shownFor !== ownerOf(session)) return null;
    return [...this.shownCodes.codes];
  }

  /** "I have saved them": the codes are forgotten. */
  forgetRecoveryCodes(): void {
    this.shownCodes = null;
  }

  private keepShownCodes(session: HelpdeskSession, codes: readonly string[], generatedAt: Date): void {
    this.shownFor = ownerOf(session);
    this.shownCodes =
      codes.length === 0
        ? null
        : {
            account: session.profile.login,
            server: `${session.profile.name} (${session.profile.url})`,
            generatedAt,
            codes: [...codes],
          };
  }

  /**
   * Runs an action on the signed-in server (what the server does not offer, its connection refuses with
   * the driver's sentence before anything is sent); an ended session signs the console out so it asks again.
   */
  private async run<T>(action: (session: HelpdeskSession) => Promise<T>): Promise<T> {
    if (!this.resumed) await this.state();
    const session = this.session;
    if (!session) throw new HelpdeskError('NOT_SIGNED_IN', words('helpdesk.error.signInFirst'));
    try {
      return await action(session);
    } catch (error) {
      if (isHelpdeskError(error, 'TOKEN_EXPIRED')) await this.dropSession();
      throw error;
    }
  }

  private async dropSession(): Promise<void> {
    this.lastIssued = null;
    const session = this.session;
    this.session = null;
    await session?.close().catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.dropSession();
  }
}
