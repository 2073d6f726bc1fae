/** Prints why a suite is skipped, so a skip is never silent. */
export function skipReason(suite: string, reason: string | null): boolean {
  if (reason !== null) console.warn(`[skipped] ${suite}: ${reason}`);
  return reason !== null;
}
