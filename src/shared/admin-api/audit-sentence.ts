import type { AuditRecord } from './audit-record';

interface ActionWords {
  /** The action's plain name, for the audit filter's list. */
  readonly name: string;
  /** What was done; `{target}` is the account acted on. */
  readonly done: string;
  /** What was tried, for a refused or failed try. */
  readonly tried: string;
  /** What a failed try says instead of "tried to … — it failed" (a check that found a wrong code). */
  readonly failed?: string;
}

/**
 * Every audit action in words: the reference server's (test/helpdesk/audit-sentence.test.ts
 * finds them in src/server and fails on one without words) and those of Twofold's own local log.
 */
const ACTIONS: Record<string, ActionWords> = {
  'web.login': {
    name: 'Sign-in on the website',
    done: 'signed in on the website',
    tried: 'sign in on the website',
  },
  'web.login.2fa': {
    name: 'Two-factor code at sign-in',
    done: 'entered a right two-factor code at sign-in',
    tried: 'sign in with a two-factor code',
  },
  'web.login.recovery-code': {
    name: 'Sign-in with a recovery code',
    done: 'signed in with a recovery code',
    tried: 'sign in with a recovery code',
  },
  'web.login.temporary-code': {
    name: 'Sign-in with a temporary code',
    done: 'signed in with a temporary code from the help desk',
    tried: 'sign in with a temporary code',
  },
  'web.2fa.enable': {
    name: '2FA turned on (website)',
    done: 'turned on two-factor authentication',
    tried: 'turn on two-factor authentication',
  },
  'web.2fa.disable': {
    name: '2FA turned off (website)',
    done: 'turned off two-factor authentication',
    tried: 'turn off two-factor authentication',
  },
  'web.recovery.regenerate': {
    name: 'New recovery codes (website)',
    done: 'made new recovery codes (the old ones stopped working)',
    tried: 'make new recovery codes',
  },
  'auth.failures': {
    name: 'Failed sign-ins counted together',
    done: 'More failed sign-ins were counted, not recorded one by one',
    tried: 'More failed sign-ins were counted, not recorded one by one',
  },
  'api.session': {
    name: 'Sign-in to the help-desk console',
    done: 'signed in to the help-desk console',
    tried: 'sign in to the help-desk console',
  },
  'api.step-up': {
    name: 'Password confirmed',
    done: 'confirmed their password',
    tried: 'confirm their password',
  },
  'me.2fa.setup': {
    name: 'Own 2FA set-up started (console)',
    done: 'started setting up two-factor authentication',
    tried: 'set up two-factor authentication',
  },
  'me.2fa.enable': {
    name: 'Own 2FA turned on (console)',
    done: 'turned on two-factor authentication from the console',
    tried: 'turn on two-factor authentication from the console',
  },
  'me.recovery.regenerate': {
    name: 'Own new recovery codes (console)',
    done: 'made new recovery codes from the console (the old ones stopped working)',
    tried: 'make new recovery codes from the console',
  },
  'session.signin': {
    name: 'Sign-in to the console (this computer)',
    done: 'signed in to the help-desk console from this computer',
    tried: 'sign in to the help-desk console from this computer',
  },
  'self.2fa.enable': {
    name: 'Own 2FA turned on (this computer)',
    done: 'turned on two-factor authentication on their own account, into this computer’s vault',
    tried: 'turn on two-factor authentication on their own account',
  },
  'self.recovery.regenerate': {
    name: 'Own new recovery codes (this computer)',
    done: 'made new recovery codes for their own account (the old ones stopped working)',
    tried: 'make new recovery codes for their own account',
  },
  'user.2fa.check': {
    name: 'Code checked for a user',
    done: 'checked a code for {target}: right',
    tried: 'check a code for {target}',
    failed: 'checked a code for {target}: wrong',
  },
  'user.2fa.disable': {
    name: '2FA turned off for a user',
    done: 'turned off two-factor authentication for {target}',
    tried: 'turn off two-factor authentication for {target}',
  },
  'user.2fa.reset': {
    name: '2FA reset for a user',
    done: 'reset two-factor authentication for {target} (set up again at the next sign-in)',
    tried: 'reset two-factor authentication for {target}',
  },
  'user.temporary-code.issue': {
    name: 'Temporary code issued',
    done: 'issued a temporary sign-in code for {target}',
    tried: 'issue a temporary sign-in code for {target}',
  },
  'user.2fa.reset.pending': {
    name: '2FA reset asked (waiting out the cooldown)',
    done: 'asked to reset two-factor authentication for {target} (takes effect after the cooldown unless stopped)',
    tried: 'ask to reset two-factor authentication for {target}',
  },
  'user.2fa.disable.pending': {
    name: '2FA turn-off asked (waiting out the cooldown)',
    done: 'asked to turn off two-factor authentication for {target} (takes effect after the cooldown unless stopped)',
    tried: 'ask to turn off two-factor authentication for {target}',
  },
  'user.temporary-code.pending': {
    name: 'Temporary code issued (waiting out the cooldown)',
    done: 'issued a temporary sign-in code for {target} that works after the cooldown unless stopped',
    tried: 'issue a temporary sign-in code for {target}',
  },
  'user.pending.cancel': {
    name: 'Waiting action cancelled',
    done: 'cancelled a waiting help-desk action on {target}',
    tried: 'cancel a waiting help-desk action on {target}',
  },
  'user.pending.stop': {
    name: 'Stopped by the user ("This was not me")',
    done: 'said "This was not me" and stopped a help-desk action on their account',
    tried: 'stop a help-desk action on their account',
  },
  'approval.request': {
    name: 'Four-eyes approval asked',
    done: "asked a second staff member's approval to act on {target}",
    tried: "ask a second staff member's approval to act on {target}",
  },
  'approval.approve': {
    name: 'Four-eyes approval given',
    done: 'approved another staff member’s request to act on {target}',
    tried: 'approve a request to act on {target}',
  },
  'reset-policy.set': {
    name: 'Reset proofs and cooldown changed',
    done: 'changed the proofs and cooldown of resets for {target}',
    tried: 'change the proofs and cooldown of resets for {target}',
  },
  'user.temporary-code.revoke': {
    name: 'Temporary code revoked',
    done: 'revoked a temporary sign-in code of {target}',
    tried: 'revoke a temporary sign-in code of {target}',
  },
  'user.device.revoke': {
    name: 'Trusted device revoked',
    done: "revoked one of {target}'s trusted devices",
    tried: "revoke one of {target}'s trusted devices",
  },
  'user.devices.revoke': {
    name: 'All trusted devices revoked',
    done: "revoked {target}'s trusted devices",
    tried: "revoke {target}'s trusted devices",
  },
  'user.caller-check.send': {
    name: 'Caller check emailed',
    done: 'emailed {target} a code to check who is calling',
    tried: 'email {target} a code to check who is calling',
  },
  'user.caller-check.verify': {
    name: 'Caller check',
    done: 'checked the caller: the code {target} read back matched',
    tried: 'check the caller as {target}',
    failed: 'checked the caller as {target}: the code did not match',
  },
  'user.password': {
    name: 'Password set for a user',
    done: 'set a new password for {target}',
    tried: 'set a new password for {target}',
  },
  'user.unlock': { name: 'Account unlocked', done: 'unlocked {target}', tried: 'unlock {target}' },
  'audit.witness': {
    name: 'Witness of the local log refused',
    done: 'had the server witness the local log after acting on {target}',
    tried: 'have the server witness the local log after acting on {target}',
    failed: 'acted on {target}, but the server refused to witness the local log',
  },
  'policy.set': {
    name: '2FA policy changed',
    done: 'changed the 2FA policy for {target}',
    tried: 'change the 2FA policy for {target}',
  },
};

/** The actions with words, by plain name: the audit filter's list (value: the action, label: its name). */
export const AUDIT_ACTIONS: readonly { readonly action: string; readonly name: string }[] = Object.entries(
  ACTIONS,
)
  .map(([action, words]) => ({ action, name: words.name }))
  .sort((a, b) => a.name.localeCompare(b.name));

/** Whether this version has words for the action. */
export const hasAuditWords = (action: string): boolean => Object.hasOwn(ACTIONS, action);

const ROLE_TARGETS: Record<string, string> = {
  'role:user': 'users',
  'role:helpdesk': 'the help desk',
  'role:admin': 'administrators',
};

/**
 * Which sentence a record gets, without its words: the console puts it into its catalogue's words
 * (by the action's key), `auditSentence` into English. `target` is a role's key or the account acted on.
 */
export type AuditSentenceShape =
  | {
      readonly kind: 'unknown';
      readonly what: string;
      readonly target: string | null;
      readonly result: string | null;
    }
  | { readonly kind: 'counted'; readonly action: string }
  | {
      readonly kind: 'done' | 'failed' | 'tried';
      readonly action: string;
      readonly target: AuditTarget;
      readonly outcome: 'refused' | 'failed';
    };
export type AuditTarget =
  { readonly role: 'user' | 'helpdesk' | 'admin' } | { readonly account: string } | { readonly none: true };

const ROLE_TARGET_KEYS: Record<string, 'user' | 'helpdesk' | 'admin'> = {
  'role:user': 'user',
  'role:helpdesk': 'helpdesk',
  'role:admin': 'admin',
};

export function auditSentenceShape(
  record: Pick<AuditRecord, 'action' | 'target' | 'result'>,
): AuditSentenceShape {
  const words = Object.hasOwn(ACTIONS, record.action) ? ACTIONS[record.action] : undefined;
  if (!words) {
    // An action this version has no words for (a newer server): say so without hiding what it is.
    return {
      kind: 'unknown',
      what: record.action.replace(/[._-]+/g, ' '),
      target: record.target || null,
      result: record.result === 'ok' ? null : record.result,
    };
  }
  // Written by the server itself, not by a person: the count is in the reason.
  if (record.action === 'auth.failures') return { kind: 'counted', action: record.action };
  const role = record.target ? ROLE_TARGET_KEYS[record.target] : undefined;
  const target: AuditTarget = role ? { role } : record.target ? { account: record.target } : { none: true };
  const outcome = record.result === 'refused' ? 'refused' : 'failed';
  // The local log adds how after "ok" ("ok (with a 2FA code)").
  if (record.result === 'ok' || record.result.startsWith('ok '))
    return { kind: 'done', action: record.action, target, outcome };
  // The local log says why after a colon ("failed: wrong code").
  if (words.failed && record.result.startsWith('failed'))
    return { kind: 'failed', action: record.action, target, outcome };
  return { kind: 'tried', action: record.action, target, outcome };
}

/** "root turned off two-factor authentication for alice"; a refused try says so. */
export function auditSentence(record: Pick<AuditRecord, 'actor' | 'action' | 'target' | 'result'>): string {
  const shape = auditSentenceShape(record);
  if (shape.kind === 'unknown') {
    const what = `“${shape.what}”`;
    return `${record.actor} did ${what}${shape.target ? ` on ${shape.target}` : ''}${shape.result === null ? '' : ` (${shape.result})`}`;
  }
  const words = ACTIONS[shape.action] as ActionWords;
  if (shape.kind === 'counted') return words.done;
  const target =
    'role' in shape.target
      ? (ROLE_TARGETS[`role:${shape.target.role}`] ?? shape.target.role)
      : 'account' in shape.target
        ? shape.target.account
        : 'an account';
  const fill = (text: string) => text.replaceAll('{target}', target);
  if (shape.kind === 'done') return `${record.actor} ${fill(words.done)}`;
  if (shape.kind === 'failed' && words.failed) return `${record.actor} ${fill(words.failed)}`;
  const outcome = shape.outcome === 'refused' ? 'refused' : 'it failed';
  return `${record.actor} tried to ${fill(words.tried)} — ${outcome}`;
}
