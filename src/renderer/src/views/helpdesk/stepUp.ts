// The server asks for the admin's password again before sensitive actions,
// unless it was confirmed in the last ten minutes (the reference server's
// window). The console asks up front rather than after a refusal.
const WINDOW_MS = 9 * 60_000;
const confirmedAt = new Map<string, number>();

/** Whether to show "Your password" from the start for this server profile. */
export function passwordLikelyNeeded(profile: string): boolean {
  const at = confirmedAt.get(profile);
  return at === undefined || Date.now() - at > WINDOW_MS;
}

/** A sensitive action went through with the password just given. */
export function passwordConfirmed(profile: string): void {
  confirmedAt.set(profile, Date.now());
}

/** A new sign-in is a new server session: its password has not been confirmed yet. */
export function forgetConfirmations(): void {
  confirmedAt.clear();
}
