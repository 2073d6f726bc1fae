import type { Settings } from '../../shared/ipc/channels/app';
import type { LockReason } from './vault-session';

/** What Twofold needs from the OS's power monitor (Electron's powerMonitor in the app, a fake in tests). */
export interface PowerMonitorPort {
  /** Seconds since the last keyboard or mouse input anywhere on the computer. */
  idleSeconds(): number;
  /** Calls `listener` when the screen locks or the computer sleeps; returns how to stop listening. */
  on(event: 'lock-screen' | 'suspend', listener: () => void): () => void;
}

export interface AutoLockOptions {
  power: PowerMonitorPort;
  settings: () => Pick<Settings, 'lockAfterMinutes' | 'lockOnScreenLock'>;
  /** Open and protected by a password (nothing to lock otherwise). */
  lockable: () => boolean;
  lock: (reason: LockReason) => Promise<unknown>;
  /** How often the idle time is read. */
  checkEveryMs?: number;
}

/**
 * Locks the vault after the chosen minutes without input on the computer, and
 * when the screen locks or the computer sleeps, as the person chose in Settings.
 * Idle is the whole computer's (as 1Password counts it): typing in another app
 * keeps Twofold open.
 */
export class AutoLock {
  readonly #options: AutoLockOptions;
  #timer: ReturnType<typeof setInterval> | undefined;
  #stops: (() => void)[] = [];

  constructor(options: AutoLockOptions) {
    this.#options = options;
  }

  start(): void {
    if (this.#timer !== undefined) return;
    const { power } = this.#options;
    this.#stops = [
      power.on('lock-screen', () => void this.#onPower('screen-lock')),
      power.on('suspend', () => void this.#onPower('suspend')),
    ];
    this.#timer = setInterval(() => void this.check(), this.#options.checkEveryMs ?? 15_000);
    this.#timer.unref?.();
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    for (const stop of this.#stops.splice(0)) stop();
  }

  /** Locks when the computer has been idle for the chosen minutes; true when it locked. */
  async check(): Promise<boolean> {
    const minutes = this.#options.settings().lockAfterMinutes;
    if (minutes === 0 || !this.#options.lockable()) return false;
    if (this.#options.power.idleSeconds() < minutes * 60) return false;
    await this.#lock('idle');
    return true;
  }

  async #onPower(reason: 'screen-lock' | 'suspend'): Promise<void> {
    if (!this.#options.settings().lockOnScreenLock || !this.#options.lockable()) return;
    await this.#lock(reason);
  }

  async #lock(reason: LockReason): Promise<void> {
    // A failed lock leaves the vault open; the next check tries again.
    await this.#options.lock(reason).catch(() => undefined);
  }
}

/** Where there is no power monitor (the test host): never idle, never asleep. */
export const noPowerMonitor: PowerMonitorPort = {
  idleSeconds: () => 0,
  on: () => () => undefined,
};
