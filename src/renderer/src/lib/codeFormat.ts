/** Groups a code for reading aloud: `123 456`, `1234 5678`; Steam codes stay as they are. */
export function groupCode(code: string, type: string): string {
  if (type === 'steam' || code.length < 6) return code;
  if (code.length === 6) return `${code.slice(0, 3)} ${code.slice(3)}`;
  if (code.length === 8) return `${code.slice(0, 4)} ${code.slice(4)}`;
  if (code.length === 9) return `${code.slice(0, 3)} ${code.slice(3, 6)} ${code.slice(6)}`;
  const half = Math.floor(code.length / 2);
  return `${code.slice(0, half)} ${code.slice(half)}`;
}

/**
 * A code as a screen reader should say it: digit by digit, in the groups it is shown in, with a
 * pause (a comma) between groups — "4 7 1, 2 9 0" — so it is not read as a number.
 */
export function spokenCode(code: string, type: string): string {
  return groupCode(code, type)
    .split(' ')
    .map((group) => [...group].join(' '))
    .join(', ');
}

/** Twelve badge colours, each with white text at AA contrast; an issuer's own is a stable hash of its name. */
export const BADGE_COLOURS = 12;
export function badgeColour(issuer: string): number {
  let hash = 0;
  for (const char of issuer.toLowerCase()) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return hash % BADGE_COLOURS;
}

export function badgeLetter(issuer: string, account: string): string {
  const source = issuer.trim() || account.trim() || '?';
  return (Array.from(source)[0] ?? '?').toUpperCase();
}

/**
 * Badge colours for a list in display order. Hashing alone gives two of nine issuers one colour
 * more often than not, so the list's issuers (taken by name, so the result does not depend on
 * the order) each claim their own colour, or the next free one when another issuer has it: up
 * to twelve issuers all differ. Beyond that, a colour moves on where it would match the row
 * above (a different issuer), so GitHub, Fastmail and GitLab one under another never share one.
 */
export function neighbourColours(issuers: readonly string[]): number[] {
  const claimed = new Map<string, number>();
  const used = new Set<number>();
  for (const name of [...new Set(issuers.map((issuer) => issuer.toLowerCase()))].sort()) {
    let colour = badgeColour(name);
    if (used.size < BADGE_COLOURS) while (used.has(colour)) colour = (colour + 1) % BADGE_COLOURS;
    used.add(colour);
    claimed.set(name, colour);
  }
  const colours: number[] = [];
  issuers.forEach((issuer, i) => {
    const previous = colours[i - 1];
    const sameIssuer = i > 0 && issuers[i - 1]?.toLowerCase() === issuer.toLowerCase();
    let colour = claimed.get(issuer.toLowerCase()) ?? badgeColour(issuer);
    if (!sameIssuer && colour === previous) colour = (colour + 1) % BADGE_COLOURS;
    colours.push(colour);
  });
  return colours;
}
