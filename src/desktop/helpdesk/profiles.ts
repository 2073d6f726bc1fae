import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { englishTranslate, type Translate } from '../../shared/i18n/translate';
import { words, type PersonFacingMessage } from '../../shared/person-facing-error';
import { twofoldHome } from '../platform/paths';
import { SERVER_KINDS, type ServerKind } from './drivers';
import { HelpdeskError } from './errors';
import { checkServerUrl } from './transport';

/** What is kept on disk about a server: never a password or token (those live in the keychain). */
export interface ServerProfile {
  readonly name: string;
  readonly url: string;
  readonly login: string;
  readonly caFile?: string;
  /** Which driver speaks to it; profiles saved before there were several kinds are Twofold's. */
  readonly kind?: ServerKind;
  /** The database on the server, for servers that hold several (Odoo/Flectra). */
  readonly db?: string;
  /** The server's version as it said at the last sign-in (e.g. "19.0"), for kinds that state it. */
  readonly serverVersion?: string;
}

export const profileNameSchema = z
  .string()
  .trim()
  .min(1, 'Give the profile a name.')
  .max(64, 'Keep the profile name under 64 characters.')
  .regex(
    /^[\p{L}\p{N} ._-]+$/u,
    'Use letters, digits, spaces, dots, dashes or underscores in the profile name.',
  );

const profileSchema = z.object({
  name: profileNameSchema,
  url: z.string().min(1).max(2048),
  login: z.string().trim().min(1).max(256),
  caFile: z.string().min(1).max(4096).optional(),
  kind: z.enum(SERVER_KINDS).optional(),
  db: z
    .string()
    .trim()
    .min(1, 'Give the database name.')
    .max(128, 'Keep the database name under 128 characters.')
    .optional(),
  serverVersion: z.string().min(1).max(32).optional(),
});

const fileSchema = z.object({
  version: z.literal(1),
  current: z.string().optional(),
  profiles: z.array(profileSchema),
});
type ProfilesFile = z.infer<typeof fileSchema>;

export function defaultProfilesPath(env: Record<string, string | undefined> = process.env): string {
  return join(twofoldHome(env), 'helpdesk-profiles.json');
}

/**
 * A readable profile name from a server address, for when the person gives none:
 * "accounts.example.com", "accounts.example.com port 8443", "This computer port 45757".
 */
export function profileNameFor(url: string, t: Translate = englishTranslate): string {
  const parsed = checkServerUrl(url);
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const local = host === 'localhost' || host === '::1' || /^127\./.test(host);
  const name = local
    ? t('helpdesk.profile.thisComputer')
    : host.replace(/^www\./, '').replace(/[^\p{L}\p{N}._-]/gu, '-');
  // The name must still pass profileNameSchema in every language (letters, digits, spaces, . _ -).
  return parsed.port ? t('helpdesk.profile.withPort', { name, port: parsed.port }) : name;
}

/** What is wrong with a profile, by the field and the rule it breaks (the schema's messages are English). */
function profileProblem(issue: z.ZodIssue | undefined): PersonFacingMessage {
  const field = issue?.path[0];
  if (field === 'name') {
    if (issue?.code === 'too_small') return words('helpdesk.error.profileNameMissing');
    if (issue?.code === 'too_big') return words('helpdesk.error.profileNameTooLong');
    return words('helpdesk.error.profileNameCharacters');
  }
  if (field === 'db' && issue?.code === 'too_small') return words('helpdesk.error.databaseMissing');
  if (field === 'db' && issue?.code === 'too_big') return words('helpdesk.error.databaseTooLong');
  return words('helpdesk.error.profileInvalid');
}

/** Checks a profile as it comes in from a person: a usable URL and an absolute CA path. */
export function validateProfile(input: ServerProfile): ServerProfile {
  const parsed = profileSchema.safeParse(input);
  if (!parsed.success) {
    throw new HelpdeskError('PROFILE', profileProblem(parsed.error.issues[0]));
  }
  const url = checkServerUrl(parsed.data.url);
  if (parsed.data.caFile !== undefined && !isAbsolute(parsed.data.caFile)) {
    throw new HelpdeskError('CA_FILE', words('helpdesk.error.caFileNotAbsolute'));
  }
  return { ...parsed.data, url: url.href.replace(/\/+$/, '') };
}

/** Server profiles in one small JSON file, written atomically (temp file, fsync, rename). */
export class ProfileStore {
  constructor(readonly path: string = defaultProfilesPath()) {}

  private async read(): Promise<ProfilesFile> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, profiles: [] };
      throw new HelpdeskError('PROFILE', words('helpdesk.error.profilesUnreadable', { path: this.path }));
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = fileSchema.safeParse(json);
    if (!parsed.success) {
      throw new HelpdeskError('PROFILE', words('helpdesk.error.profilesDamaged', { path: this.path }));
    }
    return parsed.data;
  }

  private async write(file: ProfilesFile): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const temp = `${this.path}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(file, null, 2)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(temp, this.path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  async list(): Promise<{ profiles: ServerProfile[]; current: string | undefined }> {
    const file = await this.read();
    return { profiles: file.profiles, current: file.current };
  }

  /** The named profile, else the current one, else the only one. */
  async resolve(name?: string): Promise<ServerProfile> {
    const { profiles, current } = await this.list();
    const wanted = name ?? current;
    if (wanted !== undefined) {
      const found = profiles.find((profile) => profile.name === wanted);
      if (found) return found;
      throw new HelpdeskError(
        'PROFILE',
        words('helpdesk.error.noSuchProfile', { profile: wanted, command: 'twofold admin login' }),
      );
    }
    if (profiles.length === 1 && profiles[0]) return profiles[0];
    if (profiles.length === 0) {
      throw new HelpdeskError(
        'NOT_SIGNED_IN',
        words('helpdesk.error.noServerYet', {
          command: 'twofold admin login --server URL --login L',
        }),
      );
    }
    throw new HelpdeskError(
      'PROFILE',
      words('helpdesk.error.severalProfiles', {
        option: '--profile',
        profiles: profiles.map((p) => p.name).join(', '),
      }),
    );
  }

  /** Adds or replaces a profile by name and makes it the current one. */
  async save(profile: ServerProfile): Promise<ServerProfile> {
    const valid = validateProfile(profile);
    const file = await this.read();
    const profiles = file.profiles.filter((existing) => existing.name !== valid.name);
    profiles.push(valid);
    profiles.sort((a, b) => a.name.localeCompare(b.name));
    await this.write({ version: 1, current: valid.name, profiles });
    return valid;
  }

  async remove(name: string): Promise<boolean> {
    const file = await this.read();
    const profiles = file.profiles.filter((existing) => existing.name !== name);
    if (profiles.length === file.profiles.length) return false;
    await this.write({ version: 1, current: file.current === name ? undefined : file.current, profiles });
    return true;
  }
}
