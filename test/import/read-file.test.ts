import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ImportError } from '../../src/desktop/import/errors';
import { ImportPathError, readImportFile } from '../../src/desktop/import/read-file';

describe('readImportFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'twofold-read-file-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a regular file whole, up to the limit', async () => {
    const path = join(dir, 'links.txt');
    writeFileSync(path, 'x'.repeat(100));
    expect((await readImportFile(path, 100)).byteLength).toBe(100);
    await expect(readImportFile(path, 99)).rejects.toMatchObject({ code: 'TOO_LARGE' });
  });

  it('refuses a pipe, a device and a folder without reading (or waiting on) them', async () => {
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    await expect(readImportFile(fifo)).rejects.toThrow(/is a pipe, not a file/);
    await expect(readImportFile('/dev/zero')).rejects.toThrow(/is a device, not a file/);
    await expect(readImportFile(dir)).rejects.toBeInstanceOf(ImportPathError);
  });

  it('counts bytes while reading: a file whose size says 0 is still cut off at the limit', async () => {
    // Files under /proc say they are empty and are not.
    const error = await readImportFile('/proc/self/status', 64).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).message).toMatch(/over 0\.0 MB|limited/);
  });
});
