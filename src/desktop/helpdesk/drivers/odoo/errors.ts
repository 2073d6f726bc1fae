import { HELPDESK_MESSAGES } from '../../../../shared/admin-api/messages';
import { HelpdeskError } from '../../errors';
import { OdooFault, shortMessage } from './rpc';

export type OdooPhase = 'sign-in' | 'step-up' | 'action';

/** Odoo 19 limits code checks to 5 per account per hour ("You reached the limit of code verifications…"). */
export const CODE_CHECKS_PAUSED =
  'Too many wrong codes: Odoo has paused code checks for this account for up to an hour. Try again later, or sign in with another administrator account.';
/** Odoo 19 refuses a code already used ("Verification failed, please use the latest 6-digit code"). */
export const CODE_ALREADY_USED =
  'Odoo takes each code only once and this one was already used: wait for the next code in your authenticator, then enter it.';
/** An identity check that wants a passkey and offers no password instead. */
export const PASSKEY_ONLY =
  "Odoo asks this account to confirm with a passkey, which Twofold cannot use, and this server does not offer the password instead. Sign in to the console with an administrator account that has no passkey, or do this in Odoo's own page.";

/**
 * The server's own sentences that need words of ours (on the TOTP form and in JSON-RPC errors), most
 * specific first: Odoo 19's replay and per-account limit also start with "Verification failed".
 */
const SERVER_SENTENCES: readonly (readonly [RegExp, () => HelpdeskError])[] = [
  [/limit of code verifications/i, () => new HelpdeskError('THROTTLED', CODE_CHECKS_PAUSED)],
  [/too many/i, () => new HelpdeskError('THROTTLED', HELPDESK_MESSAGES.throttled)],
  [/use the latest 6-digit code/i, () => new HelpdeskError('WRONG_CODE', CODE_ALREADY_USED)],
  [/incorrect passkey/i, () => new HelpdeskError('NOT_OFFERED', PASSKEY_ONLY)],
  [/verification failed/i, () => new HelpdeskError('WRONG_CODE', HELPDESK_MESSAGES.wrongCode)],
];

const known = (text: string): HelpdeskError | null =>
  SERVER_SENTENCES.find(([pattern]) => pattern.test(text))?.[1]() ?? null;

/** Why the TOTP form came back instead of signing in, or null when the page says nothing Twofold knows. */
export function formAlert(page: string): HelpdeskError | null {
  return known(page);
}

/** An Odoo/Flectra JSON-RPC error in the console's words (anything else passes through). */
export function inWords(error: unknown, phase: OdooPhase, origin: string): unknown {
  if (!(error instanceof OdooFault)) return error;
  const said = shortMessage(error.message);
  if (error.is('SessionExpiredException')) {
    return new HelpdeskError(
      'TOKEN_EXPIRED',
      'Your session on the Odoo server has ended. Sign in again to continue — nothing was changed.',
    );
  }
  if (error.is('exceptions.AccessDenied')) {
    const sentence = known(error.message);
    if (sentence?.code === 'THROTTLED') return sentence;
    if (phase === 'sign-in')
      return new HelpdeskError('WRONG_CREDENTIALS', 'Wrong login or password. Check them and try again.');
    return new HelpdeskError('FORBIDDEN_ROLE', 'The Odoo server refused: your account may not do this.');
  }
  if (error.is('exceptions.AccessError')) {
    return new HelpdeskError(
      'FORBIDDEN_ROLE',
      'The Odoo server refused: this needs the "Access Rights" (Administration) permission.',
    );
  }
  if (error.is('exceptions.MissingError'))
    return new HelpdeskError('NOT_FOUND', HELPDESK_MESSAGES.noSuchUser);
  if (error.is('exceptions.UserError') || error.is('exceptions.ValidationError')) {
    if (/incorrect password/i.test(error.message))
      return new HelpdeskError('WRONG_CREDENTIALS', HELPDESK_MESSAGES.wrongStepUpPassword);
    const sentence = known(error.message);
    if (sentence) return sentence;
    if (/already enabled/i.test(error.message))
      return new HelpdeskError('CONFLICT', 'Two-factor authentication is already on for this account.');
    return new HelpdeskError(
      'INVALID_INPUT',
      said ? `The Odoo server refused: ${said}` : 'The Odoo server refused this.',
    );
  }
  return new HelpdeskError(
    'SERVER_ERROR',
    said
      ? `${origin} had a problem: ${said}`
      : `${origin} had a problem. Try again; if it persists, check the server's log.`,
  );
}
