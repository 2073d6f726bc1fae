import { resolve } from 'node:path';
import { z } from 'zod';
import type { Keychain } from '../keychain';
import { PersonFacingError, words } from '../../shared/person-facing-error';
import { HelpdeskError } from './errors';
import { defaultProfilesPath } from './profiles';
import type { SessionToken } from './driver';

const tokenSchema = z.object({
  token: z.string().min(1),
  expiresAt: z.string().min(1),
  twofaEnabled: z.boolean().optional(),
});

function keychainError(error: unknown): HelpdeskError {
  // The keychain's own words: a catalogue message when it has one, else the system's text as it came.
  if (error instanceof PersonFacingError && error.words) return new HelpdeskError('KEYCHAIN', error.words);
  return new HelpdeskError(
    'KEYCHAIN',
    error instanceof Error ? error.message : words('helpdesk.error.unknownDetail'),
  );
}

/**
 * A profile's bearer token and (only if asked) password, kept in the OS keychain, never in files.
 *
 * Several Twofold homes share one keychain (TWOFOLD_HOME: parallel Playwright runs, portable copies,
 * a second help desk), and a profile "odoo" in one must not take the token of "odoo" in another: an
 * entry of a home other than the default one is also named by that home's profiles file. The default
 * home keeps the names it always had, so nobody is signed out by an upgrade.
 */
export class CredentialStore {
  private readonly scope: string | null;

  constructor(
    private readonly keychain: Keychain,
    profilesPath: string = defaultProfilesPath(),
  ) {
    const path = resolve(profilesPath);
    this.scope =
      path === resolve(defaultProfilesPath({ ...process.env, TWOFOLD_HOME: undefined })) ? null : path;
  }

  private account(profile: string, what: 'token' | 'password'): string {
    return this.scope === null ? `helpdesk:${profile}:${what}` : `helpdesk:${this.scope}:${profile}:${what}`;
  }

  async token(profile: string): Promise<SessionToken | null> {
    let raw: string | null;
    try {
      raw = await this.keychain.get(this.account(profile, 'token'));
    } catch (error) {
      throw keychainError(error);
    }
    if (raw === null) return null;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return null;
    }
    const parsed = tokenSchema.safeParse(json);
    return parsed.success ? parsed.data : null;
  }

  async saveToken(profile: string, token: SessionToken): Promise<void> {
    try {
      await this.keychain.set(this.account(profile, 'token'), JSON.stringify(token));
    } catch (error) {
      throw keychainError(error);
    }
  }

  /** Remembers that the profile's own account now has 2FA (so the console stops asking to enroll). */
  async markEnrolled(profile: string): Promise<void> {
    const token = await this.token(profile);
    if (token !== null) await this.saveToken(profile, { ...token, twofaEnabled: true });
  }

  async password(profile: string): Promise<string | null> {
    try {
      return await this.keychain.get(this.account(profile, 'password'));
    } catch (error) {
      throw keychainError(error);
    }
  }

  async savePassword(profile: string, password: string): Promise<void> {
    try {
      await this.keychain.set(this.account(profile, 'password'), password);
    } catch (error) {
      throw keychainError(error);
    }
  }

  /** Forgets everything kept for the profile. */
  async clear(
    profile: string,
    what: readonly ('token' | 'password')[] = ['token', 'password'],
  ): Promise<void> {
    try {
      for (const item of what) await this.keychain.delete(this.account(profile, item));
    } catch (error) {
      throw keychainError(error);
    }
  }
}
