import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

type Env = Record<string, string | undefined>;

/**
 * Settings the organisation manages: a JSON file in a machine-wide folder that only an administrator
 * of the computer can write (deployed by MDM, GPO or configuration management), read by the app and the
 * CLI, and never written by them. TWOFOLD_MANAGED_SETTINGS names another file (for tests and packaging).
 */
export function managedSettingsPath(
  env: Env = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  const override = env.TWOFOLD_MANAGED_SETTINGS;
  if (override !== undefined && override.trim() !== '') return override;
  switch (platform) {
    case 'darwin':
      return '/Library/Application Support/Twofold/managed.json';
    case 'win32':
      return join(env.ProgramData ?? 'C:\\ProgramData', 'Twofold', 'managed.json');
    default:
      return '/etc/twofold/managed.json';
  }
}

export const managedSettingsSchema = z.object({
  /** Where the help desk's local audit log is forwarded as it is written. */
  auditForwarding: z
    .strictObject({
      /** RFC 5424 syslog over TCP: tcp://HOST:PORT, or tls://HOST:PORT with the organisation's CA. */
      syslog: z.strictObject({ url: z.string().min(1), caFile: z.string().min(1).optional() }).optional(),
      /** JSON lines, one record a line, appended to this file ("-": standard output). */
      jsonLines: z.string().min(1).optional(),
    })
    .optional(),
});
export type ManagedSettings = z.infer<typeof managedSettingsSchema>;

export class ManagedSettingsError extends Error {
  override readonly name = 'ManagedSettingsError';
}

/** The managed settings; none when the file does not exist; an error when it exists but is wrong. */
export async function readManagedSettings(path: string = managedSettingsPath()): Promise<ManagedSettings> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new ManagedSettingsError(`The managed settings ${path} cannot be read.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ManagedSettingsError(`The managed settings ${path} are not JSON.`);
  }
  const parsed = managedSettingsSchema.safeParse(json);
  if (!parsed.success)
    throw new ManagedSettingsError(
      `The managed settings ${path} are not as expected: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}.`,
    );
  return parsed.data;
}
