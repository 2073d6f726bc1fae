import type { Role } from './vocabulary';

/** A role on an account server, as the help desk sees it. */
export type ConsoleRole = Role;

/**
 * Why the signed-in person cannot act on this account at all, in one sentence, or null when
 * they can. It mirrors the account server's own rule (the help desk acts on user accounts only;
 * administrators on everyone but themselves) so the console greys the buttons out and says why
 * before anyone clicks, instead of after a refusal.
 */
export function authorityProblem(
  actor: { readonly login: string; readonly role: ConsoleRole | null },
  target: { readonly login: string; readonly role: ConsoleRole },
  options: { readonly selfRule: boolean },
): string | null {
  const kind = authorityProblemKind(actor, target, options);
  if (kind === 'self')
    return 'This is your own account: another administrator must do this (your own two-factor is under My account).';
  if (kind === 'helpdeskOnAdmin')
    return 'The help desk cannot act on an administrator; ask an administrator.';
  if (kind === 'helpdeskOnHelpdesk')
    return 'The help desk cannot act on another help-desk account; ask an administrator.';
  return null;
}

/** The same rule, as a key (the console says it in the active language). */
export function authorityProblemKind(
  actor: { readonly login: string; readonly role: ConsoleRole | null },
  target: { readonly login: string; readonly role: ConsoleRole },
  options: { readonly selfRule: boolean },
): 'self' | 'helpdeskOnAdmin' | 'helpdeskOnHelpdesk' | null {
  if (options.selfRule && actor.login === target.login) return 'self';
  if (actor.role === 'helpdesk' && target.role === 'admin') return 'helpdeskOnAdmin';
  if (actor.role === 'helpdesk' && target.role === 'helpdesk') return 'helpdeskOnHelpdesk';
  return null;
}
