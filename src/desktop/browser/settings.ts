import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../vault/atomic-file';

/** Beside the vault: whether filling is on, and the sites the person allowed (first-time confirmation). */
const settingsSchema = z.object({
  enabled: z.boolean().default(true),
  allowedSites: z.array(z.string().max(253)).max(10_000).default([]),
});
export type BrowserSettings = z.infer<typeof settingsSchema>;

export function browserSettingsPath(vaultPath: string): string {
  return join(dirname(vaultPath), 'browser.json');
}

export async function readBrowserSettings(vaultPath: string): Promise<BrowserSettings> {
  let text: string;
  try {
    text = await readFile(browserSettingsPath(vaultPath), 'utf8');
  } catch {
    return { enabled: true, allowedSites: [] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { enabled: true, allowedSites: [] };
  }
  const parsed = settingsSchema.safeParse(json);
  return parsed.success ? parsed.data : { enabled: true, allowedSites: [] };
}

export async function writeBrowserSettings(vaultPath: string, settings: BrowserSettings): Promise<void> {
  await mkdir(dirname(vaultPath), { recursive: true });
  await writeFileAtomic(
    browserSettingsPath(vaultPath),
    Buffer.from(`${JSON.stringify(settings, null, 2)}\n`),
  );
}
