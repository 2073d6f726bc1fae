import { needsModifier } from './accelerator';

/**
 * Keyboard shortcuts between Electron's accelerator syntax (what the Quick access setting stores,
 * "CommandOrControl+Shift+Space") and what people see and press: the platform's own names
 * (Ctrl+Shift+Space; ⇧⌘Space on macOS) and the key events of a shortcut recorder.
 * `platform` is Node's name for the OS (`darwin` is macOS), as the app info gives it.
 */

/** What a modifier does on the keyboard: CommandOrControl is ⌘ on macOS and Ctrl elsewhere. */
type Physical = 'control' | 'alt' | 'altgr' | 'shift' | 'meta';

const isMac = (platform: string): boolean => platform === 'darwin';

function physicalOf(token: string, platform: string): Physical | null {
  switch (token.toLowerCase()) {
    case 'commandorcontrol':
    case 'cmdorctrl':
      return isMac(platform) ? 'meta' : 'control';
    case 'command':
    case 'cmd':
    case 'super':
    case 'meta':
      return 'meta';
    case 'control':
    case 'ctrl':
      return 'control';
    case 'alt':
    case 'option':
      return 'alt';
    case 'altgr':
      return 'altgr';
    case 'shift':
      return 'shift';
    default:
      return null;
  }
}

/** In the order each platform writes them: Apple's ⌃⌥⇧⌘, elsewhere Ctrl+Shift+Alt+Super. */
const MAC_MODIFIERS: readonly [Physical, string][] = [
  ['control', '⌃'],
  ['alt', '⌥'],
  ['altgr', '⌥'],
  ['shift', '⇧'],
  ['meta', '⌘'],
];
const OTHER_MODIFIERS: readonly [Physical, string][] = [
  ['control', 'Ctrl'],
  ['shift', 'Shift'],
  ['alt', 'Alt'],
  ['altgr', 'AltGr'],
  ['meta', 'Super'],
];

/** Named keys: [macOS, elsewhere]. */
const KEY_LABELS: Readonly<Record<string, readonly [string, string]>> = {
  plus: ['+', 'Plus'],
  space: ['Space', 'Space'],
  tab: ['⇥', 'Tab'],
  backspace: ['⌫', 'Backspace'],
  delete: ['⌦', 'Delete'],
  insert: ['Insert', 'Insert'],
  return: ['↩', 'Enter'],
  enter: ['↩', 'Enter'],
  up: ['↑', 'Up'],
  down: ['↓', 'Down'],
  left: ['←', 'Left'],
  right: ['→', 'Right'],
  home: ['↖', 'Home'],
  end: ['↘', 'End'],
  pageup: ['⇞', 'Page Up'],
  pagedown: ['⇟', 'Page Down'],
  escape: ['⎋', 'Esc'],
  esc: ['⎋', 'Esc'],
};

function keyLabel(key: string, platform: string): string {
  const named = KEY_LABELS[key.toLowerCase()];
  if (named !== undefined) return isMac(platform) ? named[0] : named[1];
  return key.length === 1 || /^f\d+$/i.test(key) ? key.toUpperCase() : key;
}

function modifiersLabel(held: ReadonlySet<Physical>, platform: string): string[] {
  const names = isMac(platform) ? MAC_MODIFIERS : OTHER_MODIFIERS;
  const meta = platform === 'win32' ? 'Win' : 'Super';
  return names
    .filter(([physical]) => held.has(physical))
    .map(([physical, name]) => (physical === 'meta' && !isMac(platform) ? meta : name))
    .filter((name, index, all) => all.indexOf(name) === index);
}

function joined(modifiers: readonly string[], key: string | null, platform: string): string {
  if (isMac(platform)) return modifiers.join('') + (key ?? '');
  return [...modifiers, ...(key === null ? [] : [key])].join('+');
}

/**
 * How a stored accelerator reads on this platform: `CommandOrControl+Shift+Space` is
 * "Ctrl+Shift+Space" on Windows and Linux and "⇧⌘Space" on macOS. Empty for no shortcut.
 */
export function acceleratorLabel(accelerator: string, platform: string): string {
  if (accelerator.trim() === '') return '';
  const parts = accelerator.split('+').map((part) => part.trim());
  const key = parts[parts.length - 1] ?? '';
  const held = new Set<Physical>();
  for (const part of parts.slice(0, -1)) {
    const physical = physicalOf(part, platform);
    if (physical !== null) held.add(physical);
  }
  return joined(modifiersLabel(held, platform), keyLabel(key, platform), platform);
}

/** The parts of a keydown event a recorder reads (a DOM KeyboardEvent fits). */
export interface KeyPress {
  readonly key: string;
  readonly code: string;
  readonly ctrlKey: boolean;
  readonly altKey: boolean;
  readonly shiftKey: boolean;
  readonly metaKey: boolean;
}

/** What one key press means to a shortcut recorder. */
export type Recorded =
  /** Only modifiers so far: show them and wait for the key. */
  | { readonly kind: 'modifiers'; readonly label: string }
  /** Esc: stop recording and keep the shortcut there was. */
  | { readonly kind: 'cancel' }
  /** Backspace or Delete alone: no shortcut. */
  | { readonly kind: 'clear' }
  /** Tab alone: leave the recorder as usual, recording nothing. */
  | { readonly kind: 'leave' }
  | { readonly kind: 'shortcut'; readonly accelerator: string; readonly label: string }
  /** A key or combination a shortcut cannot be, and why in words. */
  | { readonly kind: 'refused'; readonly problem: string };

const MODIFIER_KEYS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'OS', 'Super', 'Hyper']);

/** Keys by their place on the keyboard (KeyboardEvent.code), in accelerator names. */
const CODE_KEYS: Readonly<Record<string, string>> = {
  Space: 'Space',
  Enter: 'Enter',
  NumpadEnter: 'Enter',
  Tab: 'Tab',
  Backspace: 'Backspace',
  Delete: 'Delete',
  Insert: 'Insert',
  Home: 'Home',
  End: 'End',
  PageUp: 'PageUp',
  PageDown: 'PageDown',
  ArrowUp: 'Up',
  ArrowDown: 'Down',
  ArrowLeft: 'Left',
  ArrowRight: 'Right',
  Minus: '-',
  Equal: '=',
  BracketLeft: '[',
  BracketRight: ']',
  Backslash: '\\',
  Semicolon: ';',
  Quote: "'",
  Comma: ',',
  Period: '.',
  Slash: '/',
  Backquote: '`',
};

/**
 * The accelerator name of the key pressed, null for one a shortcut cannot use. A letter or digit
 * is taken as the layout writes it (the key marked A on an AZERTY keyboard is A), unless a
 * modifier changed what it writes (⌥K on a Mac writes ˚), then by its place.
 */
function acceleratorKey(press: KeyPress): string | null {
  if (/^[a-z0-9]$/i.test(press.key)) return press.key.toUpperCase();
  const place = /^(?:Key([A-Z])|Digit([0-9]))$/.exec(press.code);
  if (place !== null) return (place[1] ?? place[2]) as string;
  if (/^F([1-9]|1[0-9]|2[0-4])$/.test(press.code)) return press.code;
  return CODE_KEYS[press.code] ?? null;
}

type Held = Omit<KeyPress, 'key' | 'code'>;

function modifierNames(press: Held, platform: string): string[] {
  const mac = isMac(platform);
  const names: string[] = [];
  if (mac ? press.metaKey : press.ctrlKey) names.push('CommandOrControl');
  if (mac && press.ctrlKey) names.push('Control');
  if (press.altKey) names.push('Alt');
  if (press.shiftKey) names.push('Shift');
  if (!mac && press.metaKey) names.push('Super');
  return names;
}

/** The modifiers an event says are held, as the platform writes them ("Ctrl+Shift", "⇧⌘"). */
export function heldModifiersLabel(press: Held, platform: string): string {
  const held = new Set(modifierNames(press, platform).map((name) => physicalOf(name, platform) as Physical));
  return joined(modifiersLabel(held, platform), null, platform);
}

/**
 * Reads one keydown of a shortcut recorder. Modifiers are stored as Electron names them for the
 * platform: the primary one (⌘ on macOS, Ctrl elsewhere) as CommandOrControl, like the default.
 */
export function recordKeyPress(press: KeyPress, platform: string): Recorded {
  const mac = isMac(platform);
  const names = modifierNames(press, platform);
  const heldLabel = modifiersLabel(
    new Set(names.map((name) => physicalOf(name, platform) as Physical)),
    platform,
  );

  if (MODIFIER_KEYS.has(press.key)) return { kind: 'modifiers', label: heldModifiersLabel(press, platform) };
  if (press.key === 'Escape') return { kind: 'cancel' };
  if (names.length === 0 && (press.key === 'Backspace' || press.key === 'Delete')) return { kind: 'clear' };
  if (names.length === 0 && press.key === 'Tab') return { kind: 'leave' };
  const key = acceleratorKey(press);
  if (key === null)
    return {
      kind: 'refused',
      problem: `${press.key || 'That key'} cannot be part of a shortcut; choose another key.`,
    };
  const label = joined(heldLabel, keyLabel(key, platform), platform);
  if (needsModifier(names, key)) {
    const add = mac ? '⌘, ⌥ or ⌃' : `Ctrl, Alt or ${platform === 'win32' ? 'Win' : 'Super'}`;
    return {
      kind: 'refused',
      problem: `${label} alone would take the key from every app: add ${add} (only F1–F24 work on their own).`,
    };
  }
  return { kind: 'shortcut', accelerator: [...names, key].join('+'), label };
}
