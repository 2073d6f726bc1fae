import { describe, expect, it } from 'vitest';
import { ImportError } from '../../src/desktop/import/errors';
import { readImport } from '../../src/desktop/import/registry';
import type { KdfProgress } from '../../src/desktop/import/formats/support/crypto';
import { enteEncrypted, jsonInput } from './builders';

// Import key derivation runs in a worker thread: the calling thread (in the app, Electron's main
// process) keeps running while it works, progress is reported, and the signal terminates the worker.

/** CPU time this process spends over `ms` of wall time, in ms. */
async function cpuOver(ms: number): Promise<number> {
  const before = process.cpuUsage();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const spent = process.cpuUsage(before);
  return (spent.user + spent.system) / 1000;
}

describe('key derivation in a worker', () => {
  it('keeps the calling thread free, reports progress, and a cancel terminates the worker', async () => {
    const cheap = (await enteEncrypted('otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP', 'pw')) as {
      kdfParams: Record<string, unknown>;
    };
    // Ente Auth's default: seconds of Argon2id, far longer than this test waits.
    const costly = { ...cheap, kdfParams: { ...cheap.kdfParams, memLimit: 256 * 1024 ** 2, opsLimit: 16 } };
    const controller = new AbortController();
    const progress: KdfProgress[] = [];
    const started = performance.now();
    const reading = readImport(jsonInput(costly), {
      password: 'pw',
      signal: controller.signal,
      onProgress: (step) => progress.push(step),
    });
    const outcome = reading.then(
      () => null,
      (error: unknown) => error,
    );

    // The event loop keeps ticking while the worker derives.
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 20);
    await expect.poll(() => progress.length, { timeout: 10_000 }).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    clearInterval(ticker);
    expect(ticks).toBeGreaterThan(5);
    expect(progress[0]).toMatchObject({ step: 1, steps: 1, label: 'Argon2id t=16 m=262144 KiB p=1' });

    controller.abort();
    const error = await outcome;
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).code).toBe('CANCELLED');
    expect(performance.now() - started).toBeLessThan(10_000);
    // Terminated, not merely forgotten: the process stops spending CPU on it.
    expect(await cpuOver(1_000)).toBeLessThan(150);
  });

  it('a signal already aborted derives nothing', async () => {
    const file = await enteEncrypted('otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP', 'pw');
    const controller = new AbortController();
    controller.abort();
    await expect(
      readImport(jsonInput(file), { password: 'pw', signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
