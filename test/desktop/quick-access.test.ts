import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { QuickAccessShortcut, type GlobalShortcutPort } from '../../src/desktop/quick-access/quick-access';
import { SettingsStore } from '../../src/desktop/services/settings';
import { trayMenuItems } from '../../src/desktop/tray/tray-menu';
import { acceleratorProblem } from '../../src/shared/accelerator';
import { settingsSchema } from '../../src/shared/ipc/channels/app';

const homes: string[] = [];
function home(): string {
  const dir = mkdtempSync(join(tmpdir(), 'twofold-quick-'));
  homes.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of homes.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('Quick access: the shortcut setting', () => {
  it('accepts the accelerators Electron takes', () => {
    for (const ok of [
      'CommandOrControl+Shift+Space',
      'Ctrl+Alt+K',
      'Super+F12',
      'Alt+Shift+1',
      'CmdOrCtrl+Plus',
    ])
      expect(acceleratorProblem(ok), ok).toBeNull();
  });

  it('refuses the rest in words', () => {
    expect(acceleratorProblem('')).toMatch(/keys joined by \+/);
    expect(acceleratorProblem('Ctrl+')).toMatch(/keys joined by \+/);
    expect(acceleratorProblem('Hyper+K')).toBe(
      '"Hyper" is not a modifier; use Ctrl, Alt, Shift, Super or CommandOrControl.',
    );
    expect(acceleratorProblem('Ctrl+Shift+Banana')).toMatch(/"Banana" is not a key/);
    expect(acceleratorProblem('K')).toMatch(/without one would take the key from every app/);
    expect(acceleratorProblem('Shift+K')).toMatch(/without one/);
    expect(acceleratorProblem('Ctrl+ctrl+K')).toBe('A modifier is written twice.');
    const parsed = settingsSchema.partial().safeParse({ quickAccessShortcut: 'Hyper+K' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/not a modifier/);
  });

  it('is off by default on Linux and on elsewhere; a change is saved and announced', async () => {
    expect((await SettingsStore.load(home(), 'linux')).get().quickAccess).toBe(false);
    expect((await SettingsStore.load(home(), 'darwin')).get().quickAccess).toBe(true);
    expect((await SettingsStore.load(home(), 'win32')).get().quickAccess).toBe(true);
    const dir = home();
    const store = await SettingsStore.load(dir, 'linux');
    const seen: string[] = [];
    store.onChange((settings) => seen.push(`${settings.quickAccess} ${settings.quickAccessShortcut}`));
    await store.update({ quickAccess: true, quickAccessShortcut: 'Ctrl+Alt+K' });
    await expect(store.update({ quickAccessShortcut: 'Ctrl+Nope' })).rejects.toThrow(/is not a key/);
    expect(seen).toEqual(['true Ctrl+Alt+K']);
    expect((await SettingsStore.load(dir, 'linux')).get()).toMatchObject({
      quickAccess: true,
      quickAccessShortcut: 'Ctrl+Alt+K',
    });
  });
});

/** Electron's globalShortcut cannot run here: a table of what is registered stands in for it. */
class ShortcutTable implements GlobalShortcutPort {
  readonly registered = new Map<string, () => void>();
  refuse = new Set<string>();
  register(accelerator: string, onPress: () => void): boolean {
    if (this.refuse.has(accelerator) || this.registered.has(accelerator)) return false;
    this.registered.set(accelerator, onPress);
    return true;
  }
  unregister(accelerator: string): void {
    this.registered.delete(accelerator);
  }
}

describe('Quick access: keeping the shortcut registered as the settings say', () => {
  it('registers, moves, says why when refused, and lets go when turned off', () => {
    const table = new ShortcutTable();
    let opened = 0;
    const shortcut = new QuickAccessShortcut(table, () => (opened += 1), 'linux');
    expect(shortcut.apply({ quickAccess: false, quickAccessShortcut: 'Ctrl+Alt+K' })).toEqual({
      registered: false,
      why: null,
    });
    expect(table.registered.size).toBe(0);
    shortcut.apply({ quickAccess: true, quickAccessShortcut: 'Ctrl+Alt+K' });
    table.registered.get('Ctrl+Alt+K')?.();
    expect(opened).toBe(1);
    shortcut.apply({ quickAccess: true, quickAccessShortcut: 'Ctrl+Alt+J' });
    expect([...table.registered.keys()]).toEqual(['Ctrl+Alt+J']);
    table.refuse.add('Ctrl+Alt+L');
    const refused = shortcut.apply({ quickAccess: true, quickAccessShortcut: 'Ctrl+Alt+L' });
    expect(refused).toEqual({
      registered: false,
      why: 'Ctrl+Alt+L could not be registered: another app may use it, or this desktop does not let apps register global shortcuts.',
    });
    expect(table.registered.size).toBe(0);
    shortcut.apply({ quickAccess: true, quickAccessShortcut: 'Ctrl+Alt+J' });
    shortcut.apply({ quickAccess: false, quickAccessShortcut: 'Ctrl+Alt+J' });
    expect(table.registered.size).toBe(0);
  });

  it('registers nothing for an empty shortcut (none), and names a refused one in the platform’s words (issue 20, item 9)', async () => {
    const table = new ShortcutTable();
    const shortcut = new QuickAccessShortcut(table, () => undefined, 'darwin');
    shortcut.apply({ quickAccess: true, quickAccessShortcut: 'CommandOrControl+Alt+K' });
    expect([...table.registered.keys()]).toEqual(['CommandOrControl+Alt+K']);
    expect(shortcut.apply({ quickAccess: true, quickAccessShortcut: '' })).toEqual({
      registered: false,
      why: null,
    });
    expect(table.registered.size).toBe(0);
    table.refuse.add('CommandOrControl+Shift+Space');
    const refused = shortcut.apply({
      quickAccess: true,
      quickAccessShortcut: 'CommandOrControl+Shift+Space',
    });
    expect(refused.registered ? null : refused.why).toMatch(/^⇧⌘Space could not be registered/);
    const store = await SettingsStore.load(home(), 'linux');
    await store.update({ quickAccessShortcut: '' });
    expect(store.get().quickAccessShortcut).toBe('');
  });

  it('puts Quick access… in the tray menu when there are accounts', () => {
    const entry = {
      id: 'a',
      type: 'totp',
      issuer: 'GitHub',
      account: 'me',
      group: '',
      note: '',
      order: 0,
      digits: 6,
      period: 30,
      algorithm: 'SHA1',
    } as unknown as Parameters<typeof trayMenuItems>[0] extends readonly (infer E)[] | null ? E : never;
    expect(trayMenuItems([entry]).map((item) => ('label' in item ? item.label : '—'))).toContain(
      'Quick access…',
    );
    expect(trayMenuItems(null).map((item) => ('label' in item ? item.label : '—'))).not.toContain(
      'Quick access…',
    );
  });
});
