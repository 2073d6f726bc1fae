import { constants, type Stats } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { errnoOf, ImportError } from './errors';
import { MAX_IMPORT_BYTES } from './input';
import { PersonFacingError, words, type PersonFacingMessage } from '../../shared/person-facing-error';

/** Why a path cannot be read as an export; the CLI shows it as a usage error. */
export class ImportPathError extends PersonFacingError {
  override name = 'ImportPathError';
  declare readonly code: 'IMPORT_PATH';
  constructor(message: string | PersonFacingMessage) {
    super('IMPORT_PATH', message);
  }
}

/** Megabytes to one decimal (the messages show them so). */
const megabytes = (bytes: number) => Math.round(bytes / 1024 / 102.4) / 10;

function notRegular(path: string, stats: Stats): ImportPathError | null {
  if (stats.isFile()) return null;
  if (stats.isDirectory()) return new ImportPathError(words('transfer.importFile.folder', { path }));
  const kind = stats.isFIFO()
    ? 'pipe'
    : stats.isCharacterDevice() || stats.isBlockDevice()
      ? 'device'
      : stats.isSocket()
        ? 'socket'
        : 'other';
  return new ImportPathError(words('transfer.importFile.notAFile', { path, kind }));
}

function tooLarge(path: string, size: number, limit: number, over = false): ImportError {
  return new ImportError(
    'TOO_LARGE',
    words(over ? 'transfer.importFile.overLimit' : 'transfer.importFile.tooLarge', {
      path,
      size: megabytes(size),
      limit: megabytes(limit),
    }),
  );
}

/**
 * Reads an export file whole. Only a regular file is read (a pipe or /dev/zero never ends,
 * and their size says 0), and the bytes are counted while reading, so a file whose size
 * was misreported (under /proc, or growing) is refused at the limit, not read on.
 */
export async function readImportFile(path: string, limit = MAX_IMPORT_BYTES): Promise<Uint8Array> {
  // stat first: opening a pipe for reading waits for a writer.
  let before: Stats;
  try {
    before = await stat(path);
  } catch (error) {
    throw new ImportPathError(words('transfer.importFile.unreadable', { path, code: errnoOf(error) }));
  }
  const refused = notRegular(path, before);
  if (refused) throw refused;
  let handle: FileHandle;
  try {
    // Non-blocking, should the path have become a pipe since the stat.
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw new ImportPathError(words('transfer.importFile.unreadable', { path, code: errnoOf(error) }));
  }
  try {
    const stats = await handle.stat();
    const changed = notRegular(path, stats);
    if (changed) throw changed;
    if (stats.size > limit) throw tooLarge(path, stats.size, limit);
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      // One byte past the limit tells a file at the limit from one over it.
      const room = limit + 1 - total;
      const chunk = new Uint8Array(Math.min(1024 * 1024, room));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > limit) throw tooLarge(path, limit, limit, true);
      chunks.push(chunk.subarray(0, bytesRead));
    }
    return Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}
