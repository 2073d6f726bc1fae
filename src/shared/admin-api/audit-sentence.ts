import type { AuditRecord } from './audit-record';

/**
 * Each audit action in words: what was done, and (for a refused or failed try)
 * what was tried. `{target}` is the account acted on.
 */
const PHRASES: Record<string, { done: string; tried: string }> = {
  'web.login': { done: 'signed in on the website', tried: 'sign in on the website' },
  'web.login.2fa': {
    done: 'entered a right two-factor code at sign-in',
    tried: 'sign in with a two-factor code',
  },
  'web.2fa.enable': {
    done: 'turned on two-factor authentication',
    tried: 'turn on two-factor authentication',
  },
  'web.2fa.disable': {
    done: 'turned off two-factor authentication',
    tried: 'turn off two-factor authentication',
  },
  'web.recovery.regenerate': {
    done: 'made new recovery codes (the old ones stopped working)',
    tried: 'make new recovery codes',
  },
  'api.session': { done: 'signed in to the help-desk console', tried: 'sign in to the help-desk console' },
  'api.step-up': { done: 'confirmed their password', tried: 'confirm their password' },
  'me.2fa.setup': {
    done: 'started setting up two-factor authentication',
    tried: 'set up two-factor authentication',
  },
  'me.2fa.enable': {
    done: 'turned on two-factor authentication from the console',
    tried: 'turn on two-factor authentication from the console',
  },
  'me.recovery.regenerate': {
    done: 'made new recovery codes from the console (the old ones stopped working)',
    tried: 'make new recovery codes from the console',
  },
  'user.2fa.check': { done: 'checked a code for {target}: right', tried: 'check a code for {target}' },
  'user.2fa.disable': {
    done: 'turned off two-factor authentication for {target}',
    tried: 'turn off two-factor authentication for {target}',
  },
  'user.devices.revoke': {
    done: "revoked {target}'s trusted devices",
    tried: "revoke {target}'s trusted devices",
  },
  'user.password': { done: 'set a new password for {target}', tried: 'set a new password for {target}' },
  'user.unlock': { done: 'unlocked {target}', tried: 'unlock {target}' },
};

/** "root turned off two-factor authentication for alice"; a refused try says so. */
export function auditSentence(record: Pick<AuditRecord, 'actor' | 'action' | 'target' | 'result'>): string {
  const phrase = PHRASES[record.action];
  const target = record.target ?? 'an account';
  if (!phrase) {
    // An action this version has no words for (a newer server): say so without hiding what it is.
    const what = `“${record.action.replace(/[._-]+/g, ' ')}”`;
    return `${record.actor} did ${what}${record.target ? ` on ${record.target}` : ''}${record.result === 'ok' ? '' : ` (${record.result})`}`;
  }
  if (record.action === 'user.2fa.check' && record.result === 'failed') {
    return `${record.actor} checked a code for ${target}: wrong`;
  }
  if (record.result === 'ok') return `${record.actor} ${phrase.done.replace('{target}', target)}`;
  const outcome = record.result === 'refused' ? 'refused' : 'it failed';
  return `${record.actor} tried to ${phrase.tried.replace('{target}', target)} — ${outcome}`;
}
