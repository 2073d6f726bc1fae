import lockfile from 'proper-lockfile';
import { words } from '../../shared/person-facing-error';
import { VaultError } from './errors';

export interface LockSettings {
  /** A lock not refreshed for this long belongs to a dead process and is taken over. */
  staleMs: number;
  /** How long to wait for another process before giving up. */
  waitMs: number;
}

export const DEFAULT_LOCK: LockSettings = { staleMs: 10_000, waitMs: 30_000 };

export interface HeldLock {
  /** True if another process took the lock over (we stalled longer than staleMs): do not commit. */
  compromised(): boolean;
  release(): Promise<void>;
}

/** Cross-process lock on a vault: `<vault>.lock`, a folder kept fresh while held (proper-lockfile). */
export async function lockVault(path: string, settings: LockSettings): Promise<HeldLock> {
  let lost = false;
  const update = Math.max(1000, Math.floor(settings.staleMs / 2));
  const minTimeout = 15;
  const maxTimeout = 200;
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(path, {
      realpath: false,
      stale: settings.staleMs,
      update,
      retries: {
        // Most waits reach maxTimeout (randomized up to twice that), so this roughly spans waitMs.
        retries: Math.ceil(settings.waitMs / (maxTimeout * 1.5)),
        minTimeout,
        maxTimeout,
        factor: 1.5,
        randomize: true,
      },
      onCompromised: () => {
        lost = true;
      },
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') {
      throw new VaultError('BUSY', words('vault.file.stillWriting', { path }));
    }
    throw error;
  }
  return {
    compromised: () => lost,
    release: () => release().catch(() => undefined),
  };
}
