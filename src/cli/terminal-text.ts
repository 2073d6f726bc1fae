/**
 * Text from servers (user names, database names, error messages) shown on a terminal: control
 * characters (C0, DEL, C1: ESC and CSI start escape sequences that can retitle the window, clear the
 * screen or rewrite earlier lines) and bidi overrides (U+202E turns "gpj.exe" around) are shown as
 * visible escapes such as `\x1b` and `\u202e`, as OpenSSH does. `--json` output is left as it is.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;
// eslint-disable-next-line no-control-regex -- as above
const UNSAFE_IN_CELL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

function escaped(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** A message or block of lines: everything unsafe escaped, line breaks and tabs kept. */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, escaped);
}

/** One field (a table cell, a name): line breaks and tabs escaped too, so a row stays one row. */
export function terminalSafeField(text: string): string {
  return text.replace(UNSAFE_IN_CELL, escaped);
}

/** console.log for human output of server data. */
export function say(text: string): void {
  console.log(terminalSafe(text));
}
