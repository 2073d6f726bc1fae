import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const tempPrefix = (path: string) => `.${basename(path)}.`;
const TEMP_SUFFIX = '.tmp';

/**
 * Replaces `path` so that a crash at any moment leaves either the old or the
 * new file: write a temp file beside it, fsync, rename over, fsync the folder.
 */
export async function writeFileAtomic(path: string, data: Buffer): Promise<void> {
  const folder = dirname(path);
  const temp = join(
    folder,
    `${tempPrefix(path)}${process.pid}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`,
  );
  const handle = await open(temp, 'wx', 0o600);
  try {
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncFolder(folder);
}

/** Makes the rename itself durable. Windows cannot open a folder for fsync; there NTFS journals it. */
async function syncFolder(folder: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Removes temp files left by writers that were killed; call only while holding the vault's lock. */
export async function removeStaleTemps(path: string): Promise<void> {
  const folder = dirname(path);
  const prefix = tempPrefix(path);
  const names = await readdir(folder).catch(() => [] as string[]);
  await Promise.all(
    names
      .filter((name) => name.startsWith(prefix) && name.endsWith(TEMP_SUFFIX))
      .map((name) => rm(join(folder, name), { force: true }).catch(() => undefined)),
  );
}

export async function ensureFolder(path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
}
