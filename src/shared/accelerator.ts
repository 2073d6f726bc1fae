/**
 * Keyboard shortcuts in Electron's accelerator syntax ("CommandOrControl+Shift+Space"): what the
 * Quick access setting accepts, checked here so a bad one is refused in words before Electron
 * would silently fail to register it.
 */
const MODIFIERS = new Set([
  'command',
  'cmd',
  'control',
  'ctrl',
  'commandorcontrol',
  'cmdorctrl',
  'alt',
  'option',
  'altgr',
  'shift',
  'super',
  'meta',
]);

const NAMED_KEYS = new Set([
  'plus',
  'space',
  'tab',
  'backspace',
  'delete',
  'insert',
  'return',
  'enter',
  'up',
  'down',
  'left',
  'right',
  'home',
  'end',
  'pageup',
  'pagedown',
  'escape',
  'esc',
]);

function isKey(part: string): boolean {
  const key = part.toLowerCase();
  return (
    /^[a-z0-9]$/.test(key) ||
    /^f([1-9]|1[0-9]|2[0-4])$/.test(key) ||
    /^[)!@#$%^&*(:;<=>?`~_{}|[\]\\/'",.-]$/.test(key) ||
    NAMED_KEYS.has(key)
  );
}

/** Why the text is not a usable global shortcut, in words; null when it is. */
export function acceleratorProblem(text: string): string | null {
  const parts = text.split('+').map((part) => part.trim());
  if (text.trim() === '' || parts.some((part) => part === ''))
    return 'Write the shortcut as keys joined by +, such as CommandOrControl+Shift+Space.';
  const key = parts[parts.length - 1] ?? '';
  const modifiers = parts.slice(0, -1);
  const unknown = modifiers.find((part) => !MODIFIERS.has(part.toLowerCase()));
  if (unknown !== undefined)
    return `"${unknown}" is not a modifier; use Ctrl, Alt, Shift, Super or CommandOrControl.`;
  if (!isKey(key))
    return `"${key}" is not a key a shortcut can end with (a letter, a digit, F1–F24, Space…).`;
  if (new Set(modifiers.map((part) => part.toLowerCase())).size !== modifiers.length)
    return 'A modifier is written twice.';
  if (needsModifier(modifiers, key))
    return 'Add Ctrl, Alt, Super or CommandOrControl: a global shortcut without one would take the key from every app.';
  return null;
}

const isFunctionKey = (key: string): boolean => /^f([1-9]|1[0-9]|2[0-4])$/i.test(key);

/**
 * A global shortcut without Ctrl, Alt, Super or Command would take that key (or, with Shift only,
 * its capital) away from every other app; F1–F24 are the exception, as Electron and the OS allow.
 */
export function needsModifier(modifiers: readonly string[], key: string): boolean {
  return !isFunctionKey(key) && modifiers.every((part) => part.toLowerCase() === 'shift');
}

export const DEFAULT_QUICK_ACCESS_SHORTCUT = 'CommandOrControl+Shift+Space';

/**
 * Quick access is on by default except on Linux, where many desktops (every Wayland session)
 * do not let an app register a global shortcut at all.
 */
export function quickAccessOnByDefault(platform: string): boolean {
  return platform !== 'linux';
}
