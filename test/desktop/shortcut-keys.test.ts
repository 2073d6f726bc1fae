import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acceleratorProblem } from '../../src/shared/accelerator';
import { acceleratorLabel, recordKeyPress, type KeyPress } from '../../src/shared/shortcut-keys';

/** A keydown as Chromium reports it; `code` defaults to the place of a letter or digit key. */
function press(key: string, held: Partial<Omit<KeyPress, 'key' | 'code'>> = {}, code?: string): KeyPress {
  const place = /^[a-z]$/i.test(key) ? `Key${key.toUpperCase()}` : /^\d$/.test(key) ? `Digit${key}` : key;
  return {
    key,
    code: code ?? place,
    ctrlKey: false,
    altKey: false,
    shiftKey: false,
    metaKey: false,
    ...held,
  };
}

describe('Shortcut names: an accelerator as each platform writes it (issue 20, item 9)', () => {
  it('Windows and Linux: Ctrl+Shift+Alt+key, named keys in words', () => {
    for (const [accelerator, label] of [
      ['CommandOrControl+Shift+Space', 'Ctrl+Shift+Space'],
      ['CmdOrCtrl+Alt+Shift+K', 'Ctrl+Shift+Alt+K'],
      ['Ctrl+Plus', 'Ctrl+Plus'],
      ['Control+Alt+Up', 'Ctrl+Alt+Up'],
      ['Alt+Shift+Down', 'Shift+Alt+Down'],
      ['Ctrl+Left', 'Ctrl+Left'],
      ['Ctrl+Right', 'Ctrl+Right'],
      ['Alt+1', 'Alt+1'],
      ['ctrl+shift+k', 'Ctrl+Shift+K'],
      ['F5', 'F5'],
      ['Shift+f12', 'Shift+F12'],
      ['Super+PageDown', 'Super+Page Down'],
      ['Option+Return', 'Alt+Enter'],
      ['Ctrl+Esc', 'Ctrl+Esc'],
      ['Ctrl+-', 'Ctrl+-'],
      ['', ''],
    ] as const)
      expect(acceleratorLabel(accelerator, 'linux'), accelerator).toBe(label);
    expect(acceleratorLabel('Super+K', 'win32')).toBe('Win+K');
    expect(acceleratorLabel('CommandOrControl+Shift+Space', 'win32')).toBe('Ctrl+Shift+Space');
  });

  it('macOS: the symbols in Apple’s order ⌃⌥⇧⌘, keys as its menus show them', () => {
    for (const [accelerator, label] of [
      ['CommandOrControl+Shift+Space', '⇧⌘Space'],
      ['Command+Alt+K', '⌥⌘K'],
      ['Control+Option+Shift+Cmd+K', '⌃⌥⇧⌘K'],
      ['CmdOrCtrl+Plus', '⌘+'],
      ['Ctrl+Up', '⌃↑'],
      ['Cmd+Down', '⌘↓'],
      ['Cmd+Left', '⌘←'],
      ['Cmd+Right', '⌘→'],
      ['Alt+7', '⌥7'],
      ['Shift+F3', '⇧F3'],
      ['Cmd+Backspace', '⌘⌫'],
      ['Cmd+Enter', '⌘↩'],
    ] as const)
      expect(acceleratorLabel(accelerator, 'darwin'), accelerator).toBe(label);
  });
});

describe('Recording a shortcut from key presses (issue 20, item 9)', () => {
  it('stores the primary modifier as CommandOrControl: Ctrl elsewhere, ⌘ on macOS', () => {
    expect(recordKeyPress(press(' ', { ctrlKey: true, shiftKey: true }, 'Space'), 'linux')).toEqual({
      kind: 'shortcut',
      accelerator: 'CommandOrControl+Shift+Space',
      label: 'Ctrl+Shift+Space',
    });
    expect(recordKeyPress(press(' ', { metaKey: true, shiftKey: true }, 'Space'), 'darwin')).toEqual({
      kind: 'shortcut',
      accelerator: 'CommandOrControl+Shift+Space',
      label: '⇧⌘Space',
    });
    // ⌃ on a Mac is Control; the Windows key elsewhere is Super.
    expect(recordKeyPress(press('k', { ctrlKey: true, metaKey: true }), 'darwin')).toMatchObject({
      accelerator: 'CommandOrControl+Control+K',
      label: '⌃⌘K',
    });
    expect(recordKeyPress(press('k', { metaKey: true, altKey: true }), 'win32')).toMatchObject({
      accelerator: 'Alt+Super+K',
      label: 'Alt+Win+K',
    });
  });

  it('names letters, digits, F-keys, arrows and punctuation as Electron does', () => {
    const ctrlAlt = { ctrlKey: true, altKey: true };
    const cases: [KeyPress, string, string][] = [
      [press('K', { ...ctrlAlt, shiftKey: true }), 'CommandOrControl+Alt+Shift+K', 'Ctrl+Shift+Alt+K'],
      [
        press('!', { ...ctrlAlt, shiftKey: true }, 'Digit1'),
        'CommandOrControl+Alt+Shift+1',
        'Ctrl+Shift+Alt+1',
      ],
      [press('7', ctrlAlt), 'CommandOrControl+Alt+7', 'Ctrl+Alt+7'],
      [press('ArrowUp', ctrlAlt, 'ArrowUp'), 'CommandOrControl+Alt+Up', 'Ctrl+Alt+Up'],
      [press('ArrowLeft', ctrlAlt, 'ArrowLeft'), 'CommandOrControl+Alt+Left', 'Ctrl+Alt+Left'],
      [press('PageDown', ctrlAlt, 'PageDown'), 'CommandOrControl+Alt+PageDown', 'Ctrl+Alt+Page Down'],
      [press('=', ctrlAlt, 'Equal'), 'CommandOrControl+Alt+=', 'Ctrl+Alt+='],
      [press('F7', {}, 'F7'), 'F7', 'F7'],
      [press('F24', { shiftKey: true }, 'F24'), 'Shift+F24', 'Shift+F24'],
      [press('Backspace', { ctrlKey: true }, 'Backspace'), 'CommandOrControl+Backspace', 'Ctrl+Backspace'],
    ];
    for (const [key, accelerator, label] of cases)
      expect(recordKeyPress(key, 'linux'), accelerator).toEqual({ kind: 'shortcut', accelerator, label });
    // ⌥K on a Mac writes ˚: the key is still K, by its place.
    expect(recordKeyPress(press('˚', { altKey: true, metaKey: true }, 'KeyK'), 'darwin')).toMatchObject({
      accelerator: 'CommandOrControl+Alt+K',
      label: '⌥⌘K',
    });
    // The key marked A on an AZERTY keyboard sits where QWERTY has Q: the letter written counts.
    expect(recordKeyPress(press('a', { ctrlKey: true, altKey: true }, 'KeyQ'), 'linux')).toMatchObject({
      accelerator: 'CommandOrControl+Alt+A',
    });
  });

  it('waits on modifiers alone, cancels on Esc, clears on Backspace or Delete, lets Tab through', () => {
    expect(recordKeyPress(press('Control', { ctrlKey: true }, 'ControlLeft'), 'linux')).toEqual({
      kind: 'modifiers',
      label: 'Ctrl',
    });
    expect(recordKeyPress(press('Shift', { metaKey: true, shiftKey: true }, 'ShiftLeft'), 'darwin')).toEqual({
      kind: 'modifiers',
      label: '⇧⌘',
    });
    expect(recordKeyPress(press('Escape', {}, 'Escape'), 'linux')).toEqual({ kind: 'cancel' });
    expect(recordKeyPress(press('Escape', { ctrlKey: true }, 'Escape'), 'darwin')).toEqual({
      kind: 'cancel',
    });
    expect(recordKeyPress(press('Backspace', {}, 'Backspace'), 'linux')).toEqual({ kind: 'clear' });
    expect(recordKeyPress(press('Delete', {}, 'Delete'), 'darwin')).toEqual({ kind: 'clear' });
    expect(recordKeyPress(press('Tab', {}, 'Tab'), 'linux')).toEqual({ kind: 'leave' });
  });

  it('refuses a key without Ctrl, Alt, Super or ⌘ (F1–F24 excepted), and keys a shortcut cannot use', () => {
    expect(recordKeyPress(press('k'), 'linux')).toEqual({
      kind: 'refused',
      problem:
        'K alone would take the key from every app: add Ctrl, Alt or Super (only F1–F24 work on their own).',
    });
    expect(recordKeyPress(press('K', { shiftKey: true }), 'darwin')).toEqual({
      kind: 'refused',
      problem: '⇧K alone would take the key from every app: add ⌘, ⌥ or ⌃ (only F1–F24 work on their own).',
    });
    expect(recordKeyPress(press('NumLock', { ctrlKey: true }, 'NumLock'), 'linux')).toEqual({
      kind: 'refused',
      problem: 'NumLock cannot be part of a shortcut; choose another key.',
    });
  });

  it('records only accelerators the setting accepts, which read back as recorded', () => {
    const codes = [
      ...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('').map((letter) => `Key${letter}`),
      ...'0123456789'.split('').map((digit) => `Digit${digit}`),
      ...Array.from({ length: 24 }, (_, index) => `F${index + 1}`),
      'Space',
      'Enter',
      'ArrowUp',
      'ArrowDown',
      'Home',
      'PageUp',
      'Minus',
      'Slash',
      'Backquote',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...codes),
        fc.record({
          ctrlKey: fc.boolean(),
          altKey: fc.boolean(),
          shiftKey: fc.boolean(),
          metaKey: fc.boolean(),
        }),
        fc.constantFrom('linux', 'win32', 'darwin'),
        (code, held, platform) => {
          const recorded = recordKeyPress({ key: 'Unidentified', code, ...held }, platform);
          if (recorded.kind === 'shortcut') {
            expect(acceleratorProblem(recorded.accelerator)).toBeNull();
            expect(acceleratorLabel(recorded.accelerator, platform)).toBe(recorded.label);
          } else {
            expect(recorded.kind).toBe('refused');
            // Refused only for lack of a modifier, never a usable combination.
            expect(held.ctrlKey || held.altKey || held.metaKey || code.startsWith('F')).toBe(false);
          }
        },
      ),
    );
  });
});

describe('The setting accepts F1–F24 alone (issue 20, item 9)', () => {
  it('F-keys with or without modifiers; other keys still need one', () => {
    expect(acceleratorProblem('F9')).toBeNull();
    expect(acceleratorProblem('Shift+F24')).toBeNull();
    expect(acceleratorProblem('F25')).toMatch(/is not a key/);
    expect(acceleratorProblem('Shift+Space')).toMatch(/without one/);
  });
});
