import type { Keychain } from '../keychain';
import { defaultAuditLogPath, helpdeskAuditLog, type LocalAuditLog } from './audit-log';
import { proofGuard } from './proof-guard';
import { audited, serverName } from './audited-connection';
import { CredentialStore } from './credentials';
import {
  MAX_SESSION_SECONDS,
  type AccountServerDriver,
  type AdminConnection,
  type Capabilities,
  type ServerRules,
  type SessionToken,
} from './driver';
import { detectKind, openDriver } from './drivers';
import { words } from '../../shared/person-facing-error';
import { HelpdeskError, isHelpdeskError } from './errors';
import { ProfileStore, profileNameFor, validateProfile, type ServerProfile } from './profiles';
import { createTransport, type Transport } from './transport';

/** A connection to one profile's server, with what is needed to close it. */
export interface HelpdeskSession {
  readonly profile: ServerProfile;
  readonly connection: AdminConnection;
  readonly kind: string;
  /** What this server offers; its connection refuses the rest before sending anything. */
  readonly capabilities: Capabilities;
  /** The server's rules the console shows before anyone clicks. */
  readonly rules: ServerRules;
  readonly expiresAt: string;
  /** Whether the signed-in account itself has 2FA (null: the server did not say). */
  readonly twofaEnabled: boolean | null;
  /** This computer's clock minus the server's (seconds), from its latest answer; null before any. */
  clockOffset(): number | null;
  /** The server's version, for kinds that state it (e.g. Odoo's "19.0"); null otherwise. */
  readonly serverVersion: string | null;
  close(): Promise<void>;
}

export interface SignInInput {
  readonly name?: string;
  readonly url: string;
  readonly login: string;
  readonly caFile?: string;
  /** The kind of server (a kind in the driver registry); found out from the server when not given. */
  readonly kind?: string;
  /** The database, on servers that hold several. */
  readonly db?: string;
  readonly password: string;
  readonly code?: string;
  /** Keep the password in the keychain so step-up can happen without asking. */
  readonly rememberPassword?: boolean;
}

export interface HelpdeskClientOptions {
  readonly keychain: Keychain;
  readonly profiles?: ProfileStore;
  /** Where every action is also logged, whatever the server keeps. */
  readonly auditLog?: LocalAuditLog;
  readonly now?: () => number;
  /** The app's language, sent to servers (TransportOptions.language). */
  readonly language?: () => string;
}

/** A session is kept no longer than MAX_SESSION_SECONDS, whatever (or however far off) the server says. */
function keptAtMost(token: SessionToken, now: number): SessionToken {
  const latest = now + MAX_SESSION_SECONDS * 1000;
  const at = Date.parse(token.expiresAt);
  return Number.isNaN(at) || at > latest ? { ...token, expiresAt: new Date(latest).toISOString() } : token;
}

/** Profiles, keychain credentials and drivers put together: what the CLI and the IPC handlers use. */
export class HelpdeskClient {
  readonly profiles: ProfileStore;
  readonly credentials: CredentialStore;
  readonly auditLog: LocalAuditLog;
  private readonly now: () => number;
  private readonly language: (() => string) | undefined;

  constructor(options: HelpdeskClientOptions) {
    this.profiles = options.profiles ?? new ProfileStore();
    this.credentials = new CredentialStore(options.keychain, this.profiles.path);
    this.auditLog = options.auditLog ?? helpdeskAuditLog(defaultAuditLogPath(), options.keychain);
    this.now = options.now ?? Date.now;
    this.language = options.language;
  }

  /** Signs in with password (and code), then saves the profile and keeps the token in the keychain. */
  async signIn(input: SignInInput): Promise<HelpdeskSession> {
    const profile = validateProfile({
      name: input.name?.trim() || profileNameFor(input.url),
      url: input.url,
      login: input.login.trim(),
      ...(input.caFile ? { caFile: input.caFile } : {}),
      ...(input.db?.trim() ? { db: input.db.trim() } : {}),
    });
    const transport = await createTransport({
      url: profile.url,
      caFile: profile.caFile,
      ...(this.language ? { language: this.language } : {}),
    });
    try {
      const kind = input.kind ?? (await detectKind(transport));
      const driver = await openDriver(kind, transport, { db: profile.db });
      const where = serverName({ url: profile.url, db: driver.database });
      const code = input.code?.replace(/\s/g, '') || undefined;
      const logSignIn = (result: string) =>
        this.auditLog.append({
          actor: profile.login,
          server: where,
          action: 'session.signin',
          target: null,
          reason: null,
          result,
        });
      let token: SessionToken;
      try {
        token = keptAtMost(
          await driver.signIn({ login: profile.login, password: input.password, code }),
          this.now(),
        );
      } catch (error) {
        // A sign-in that only learns a code is needed is not an attempt yet.
        if (!isHelpdeskError(error, 'CODE_REQUIRED'))
          await logSignIn(`failed: ${isHelpdeskError(error) ? error.code : 'error'}`);
        throw error;
      }
      await logSignIn(code ? 'ok (with a 2FA code)' : 'ok');
      // The profile is saved only once the server has accepted it: a failed sign-in leaves nothing behind.
      await this.credentials.saveToken(profile.name, token);
      if (input.rememberPassword) await this.credentials.savePassword(profile.name, input.password);
      else await this.credentials.clear(profile.name, ['password']);
      const saved = await this.profiles.save({
        ...profile,
        kind: driver.kind,
        ...(driver.database ? { db: driver.database } : {}),
        ...(token.serverVersion ? { serverVersion: token.serverVersion } : {}),
      });
      return this.session(saved, transport, driver, token);
    } catch (error) {
      await transport.close();
      throw error;
    }
  }

  /** Resumes the saved session of a profile, or says to sign in again. */
  async resume(profileName?: string): Promise<HelpdeskSession> {
    const profile = await this.profiles.resolve(profileName);
    const token = await this.credentials.token(profile.name);
    if (token === null) {
      throw new HelpdeskError(
        'NOT_SIGNED_IN',
        words('helpdesk.error.notSignedInTo', {
          profile: profile.name,
          command: `twofold admin login --profile ${profile.name}`,
        }),
      );
    }
    if (Date.parse(token.expiresAt) <= this.now()) {
      throw new HelpdeskError(
        'TOKEN_EXPIRED',
        words('helpdesk.error.sessionEndedOn', {
          profile: profile.name,
          command: `twofold admin login --profile ${profile.name}`,
        }),
      );
    }
    const transport = await createTransport({
      url: profile.url,
      caFile: profile.caFile,
      ...(this.language ? { language: this.language } : {}),
    });
    try {
      const driver = await openDriver(profile.kind ?? 'twofold', transport, {
        db: profile.db,
        serverVersion: profile.serverVersion,
      });
      return this.session(profile, transport, driver, token);
    } catch (error) {
      await transport.close();
      throw error;
    }
  }

  /** Signs out on the server (best effort) and forgets the token. */
  async signOut(session: HelpdeskSession): Promise<void> {
    await session.connection.signOut();
    await this.credentials.clear(session.profile.name, ['token']);
    await session.close();
  }

  /** After enrolling the signed-in account: the session (and its saved token) now says 2FA is on. */
  async enrolled(session: HelpdeskSession): Promise<HelpdeskSession> {
    await this.credentials.markEnrolled(session.profile.name);
    return { ...session, twofaEnabled: true };
  }

  /** The remembered password for step-up, if the person chose to keep it. */
  rememberedPassword(profileName: string): Promise<string | null> {
    return this.credentials.password(profileName);
  }

  private session(
    profile: ServerProfile,
    transport: Transport,
    driver: AccountServerDriver,
    token: SessionToken,
  ): HelpdeskSession {
    // Where the server cannot check a proof of the caller's identity, Twofold asks for one (issue 25).
    const connection = proofGuard(
      audited(driver.connect(token.token), {
        log: this.auditLog,
        actor: profile.login,
        server: serverName(profile),
      }),
      driver.capabilities,
    );
    return {
      profile,
      connection: this.forgetTokenWhenRefused(profile.name, connection),
      kind: driver.kind,
      capabilities: driver.capabilities,
      rules: driver.rules,
      expiresAt: token.expiresAt,
      twofaEnabled: token.twofaEnabled ?? null,
      clockOffset: () => transport.clockOffset(),
      serverVersion: profile.serverVersion ?? null,
      close: () => transport.close(),
    };
  }

  /** A refused (expired or revoked) token is dropped from the keychain so the next command asks to sign in. */
  private forgetTokenWhenRefused(profile: string, connection: AdminConnection): AdminConnection {
    const wrapped = {} as Record<string, unknown>;
    for (const [name, method] of Object.entries(connection) as [
      string,
      (...args: unknown[]) => Promise<unknown>,
    ][]) {
      wrapped[name] = async (...args: unknown[]) => {
        try {
          return await method(...args);
        } catch (error) {
          if (isHelpdeskError(error, 'TOKEN_EXPIRED'))
            await this.credentials.clear(profile, ['token']).catch(() => undefined);
          throw error;
        }
      };
    }
    return wrapped as unknown as AdminConnection;
  }
}

/**
 * Runs a destructive action; when the server wants a fresh password check, gets the
 * password once (asking the person or the keychain), steps up and retries the same action once.
 */
export async function withStepUp<T>(
  connection: AdminConnection,
  action: () => Promise<T>,
  password: () => Promise<string | null>,
): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (!isHelpdeskError(error, 'STEP_UP_REQUIRED')) throw error;
    const given = await password();
    if (given === null) throw error;
    await connection.stepUp(given);
    return action();
  }
}
