// Issue 20, item 10: locking drops the vault key and the decrypted entries from the main process.
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatch } from '../../src/desktop/ipc/dispatch';
import { desktopHandlers } from '../../src/desktop/ipc/handlers';
import type { Keychain } from '../../src/desktop/keychain';
import { AutoLock, type PowerMonitorPort } from '../../src/desktop/services/auto-lock';
import { trayMenuItems } from '../../src/desktop/tray/tray-menu';
import { testServices, type TestServices } from './support/services';

const LINK = 'otpauth://totp/Example:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example';
const PASSWORD = 'correct horse battery';

function memoryKeychain(): Keychain {
  const items = new Map<string, string>();
  return {
    get: async (account) => items.get(account) ?? null,
    set: async (account, secret) => void items.set(account, secret),
    delete: async (account) => items.delete(account),
  };
}

/** A power monitor the test drives: idle seconds it sets, screen lock and sleep it fires. */
class FakePower implements PowerMonitorPort {
  idle = 0;
  readonly listeners = new Map<string, Set<() => void>>();
  idleSeconds(): number {
    return this.idle;
  }
  on(event: 'lock-screen' | 'suspend', listener: () => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener);
    this.listeners.set(event, set);
    return () => set.delete(listener);
  }
  fire(event: 'lock-screen' | 'suspend'): void {
    for (const listener of this.listeners.get(event) ?? []) listener();
  }
}

const opened: TestServices[] = [];
async function services(options: Parameters<typeof testServices>[0] = {}): Promise<TestServices> {
  const t = await testServices(options);
  opened.push(t);
  return t;
}
afterEach(async () => {
  for (const t of opened.splice(0)) await t.cleanup();
});

describe('Locking the vault', () => {
  it('wipes the key and the entries, answers "locked" to codes and entries, and opens only with the password', async () => {
    const t = await services();
    const dispatch = createDispatch(desktopHandlers, t.services);
    expect((await dispatch('entries.addFromUri', { uri: LINK })).ok).toBe(true);
    const held = t.services.vaults.current();
    expect(held.list()).toHaveLength(1);

    const locked = await dispatch('vault.lock', undefined);
    expect(locked).toEqual({
      ok: true,
      value: { state: 'locked', message: 'Twofold is locked.', hasPassword: true },
    });
    // The vault object the session held is closed: key wiped, no entries, no codes.
    expect(held.closed).toBe(true);
    expect(held.list()).toEqual([]);
    expect(held.codes()).toEqual([]);
    expect(() => t.services.vaults.current()).toThrow(/locked/i);
    for (const name of ['codes.now', 'entries.list'] as const) {
      expect(await dispatch(name, undefined)).toMatchObject({
        ok: false,
        error: { code: 'VAULT_LOCKED', message: 'Twofold is locked.' },
      });
    }
    expect(t.events.map((e) => e.name)).toEqual(expect.arrayContaining(['vault.status', 'entries.changed']));
    expect(t.services.quickAccess).toMatchObject({ hidden: 1 });

    // A wrong password: in words, without the vault's file path.
    const wrong = await dispatch('vault.unlock', { password: 'not the password' });
    expect(wrong).toEqual({
      ok: false,
      error: { code: 'WRONG_PASSWORD', message: 'Wrong password. Try again.' },
    });
    const unlocked = await dispatch('vault.unlock', { password: PASSWORD });
    expect(unlocked).toMatchObject({ ok: true, value: { state: 'ready', hasPassword: true } });
    expect(await dispatch('entries.list', undefined)).toMatchObject({
      ok: true,
      value: [{ issuer: 'Example' }],
    });
  });

  it('with the keychain only, refuses to lock (the keychain would open it again at once)', async () => {
    const t = await services({ keychain: memoryKeychain() });
    const dispatch = createDispatch(desktopHandlers, t.services);
    expect(t.services.vaults.status()).toMatchObject({ state: 'ready', hasPassword: false });
    expect(t.services.vaults.lockable).toBe(false);
    expect(await dispatch('vault.lock', undefined)).toMatchObject({
      ok: false,
      error: { code: 'NO_PASSWORD', message: expect.stringContaining('Vault password') },
    });
    expect(t.services.vaults.status().state).toBe('ready');
  });

  it('with a keychain and a password, unlocks with the password, not the keychain', async () => {
    const t = await services({ keychain: memoryKeychain() });
    const dispatch = createDispatch(desktopHandlers, t.services);
    expect((await dispatch('vault.setPassword', { password: PASSWORD })).ok).toBe(true);
    expect((await dispatch('vault.lock', undefined)).ok).toBe(true);
    expect(await dispatch('codes.now', undefined)).toMatchObject({
      ok: false,
      error: { code: 'VAULT_LOCKED' },
    });
    expect(await dispatch('vault.status', undefined)).toMatchObject({
      ok: true,
      value: { state: 'locked', hasPassword: true },
    });
    expect((await dispatch('vault.unlock', { password: PASSWORD })).ok).toBe(true);
  });

  it('tray: no codes while locked, only a way to unlock; Lock now only where a password can unlock', () => {
    const entry = { id: 'a', type: 'totp', issuer: 'Example', account: 'alice' } as Parameters<
      typeof trayMenuItems
    >[0] extends readonly (infer E)[] | null
      ? E
      : never;
    const locked = trayMenuItems(null, { canLock: true });
    expect(
      locked.filter((item) => item.kind === 'copy' || item.kind === 'quick' || item.kind === 'lock'),
    ).toEqual([]);
    expect(locked).toContainEqual({ kind: 'unlock', label: 'Unlock…' });
    expect(trayMenuItems([entry], { canLock: true })).toContainEqual({ kind: 'lock', label: 'Lock now' });
    expect(trayMenuItems([entry], { canLock: false }).some((item) => item.kind === 'lock')).toBe(false);
  });
});

describe('Auto-lock (a fake power monitor)', () => {
  async function withAutoLock(settings: {
    lockAfterMinutes?: 0 | 1 | 5 | 15 | 60;
    lockOnScreenLock?: boolean;
  }) {
    const t = await services();
    await t.services.settings.update(settings);
    const power = new FakePower();
    const auto = new AutoLock({
      power,
      settings: () => t.services.settings.get(),
      lockable: () => t.services.vaults.lockable,
      lock: (reason) => t.services.lock(reason),
      checkEveryMs: 60_000,
    });
    auto.start();
    return { t, power, auto };
  }

  it('locks after the chosen idle minutes, not before, and not when off', async () => {
    const { t, power, auto } = await withAutoLock({ lockAfterMinutes: 5 });
    power.idle = 299;
    expect(await auto.check()).toBe(false);
    expect(t.services.vaults.status().state).toBe('ready');
    power.idle = 300;
    expect(await auto.check()).toBe(true);
    expect(t.services.vaults.status()).toMatchObject({
      state: 'locked',
      message: 'Twofold locked itself after you were away.',
    });
    auto.stop();

    const off = await withAutoLock({ lockAfterMinutes: 0 });
    off.power.idle = 86_400;
    expect(await off.auto.check()).toBe(false);
    expect(off.t.services.vaults.status().state).toBe('ready');
    off.auto.stop();
  });

  it('locks when the screen locks or the computer sleeps, when asked to', async () => {
    const screen = await withAutoLock({ lockOnScreenLock: true });
    screen.power.fire('lock-screen');
    await expect.poll(() => screen.t.services.vaults.status().state, { timeout: 5_000 }).toBe('locked');
    expect(screen.t.services.vaults.status().message).toMatch(/screen locked/);
    screen.auto.stop();

    const sleep = await withAutoLock({ lockOnScreenLock: true });
    sleep.power.fire('suspend');
    await expect.poll(() => sleep.t.services.vaults.status().state, { timeout: 5_000 }).toBe('locked');
    expect(sleep.t.services.vaults.status().message).toMatch(/went to sleep/);
    sleep.auto.stop();

    const not = await withAutoLock({ lockOnScreenLock: false });
    not.power.fire('lock-screen');
    not.power.fire('suspend');
    await new Promise((done) => setTimeout(done, 200));
    expect(not.t.services.vaults.status().state).toBe('ready');
    not.auto.stop();
    // Stopped: no listeners left behind.
    expect([...not.power.listeners.values()].every((set) => set.size === 0)).toBe(true);
  });
});
