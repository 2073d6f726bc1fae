import { chmod, mkdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../vault/atomic-file';
import { ExportError, type ExportResult, type Exporter } from './exporters';
import { errnoOf } from '../import/errors';
import { words } from '../../shared/person-facing-error';

/** Owner-only: the files hold secrets (encrypted or not). */
const FILE_MODE = 0o600;
const FOLDER_MODE = 0o700;

async function isFolder(path: string): Promise<boolean | null> {
  return stat(path).then(
    (stats) => stats.isDirectory(),
    () => null,
  );
}

/**
 * Writes an export: one file at `out`, or, for a format of several files, a
 * folder at `out` (made owner-only) with the files inside. Each file is written
 * atomically with mode 0600. Returns the paths written.
 */
export async function writeExport(exporter: Exporter, result: ExportResult, out: string): Promise<string[]> {
  const kind = await isFolder(out);
  if (exporter.folder) {
    if (kind === false) throw new ExportError(words('transfer.export.fileNotFolder', { path: out }));
    if (kind === null) await makeFolder(out);
    const paths = result.files.map((file) => join(out, file.name));
    for (const [index, file] of result.files.entries())
      await writePrivate(paths[index] as string, file.bytes);
    return paths;
  }
  const [file] = result.files;
  if (file === undefined) throw new ExportError(words('transfer.export.nothingToWrite'));
  await writePrivateFile(out, file.bytes);
  return [out];
}

/** One owner-only file at `out` (its folder made when missing), written atomically. */
export async function writePrivateFile(out: string, bytes: Buffer): Promise<void> {
  if ((await isFolder(out)) === true)
    throw new ExportError(words('transfer.export.folderNotFile', { path: out }));
  if ((await isFolder(dirname(out))) === null) await makeFolder(dirname(out));
  await writePrivate(out, bytes);
}

export async function writePrivate(path: string, bytes: Buffer): Promise<void> {
  try {
    await writeFileAtomic(path, bytes);
    // The temp file was created 0600 already; this also holds where an ACL widened it.
    await chmod(path, FILE_MODE);
  } catch (error) {
    throw new ExportError(words('transfer.export.cannotWrite', { path, code: errnoOf(error) }));
  }
}

async function makeFolder(path: string): Promise<void> {
  try {
    await mkdir(path, { recursive: true, mode: FOLDER_MODE });
  } catch (error) {
    throw new ExportError(words('transfer.export.cannotMakeFolder', { path, code: errnoOf(error) }));
  }
}
