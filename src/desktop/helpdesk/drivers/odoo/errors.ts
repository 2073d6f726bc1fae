import { words } from '../../../../shared/person-facing-error';
import { HelpdeskError } from '../../errors';
import { OdooFault, shortMessage } from './rpc';

export type OdooPhase = 'sign-in' | 'step-up' | 'action';

/** Odoo 19 limits code checks to 5 per account per hour ("You reached the limit of code verifications…"). */
export const CODE_CHECKS_PAUSED = words('helpdesk.error.odoo.codeChecksPaused');
/** Odoo 19 refuses a code already used ("Verification failed, please use the latest 6-digit code"). */
export const CODE_ALREADY_USED = words('helpdesk.error.odoo.codeAlreadyUsed');
/** An identity check that wants a passkey and offers no password instead. */
export const PASSKEY_ONLY = words('helpdesk.error.odoo.passkeyOnly');

/** Odoo's name for the group that may manage other users (Settings → Users, "Administration"). */
export const ACCESS_RIGHTS = 'Access Rights';

/** Odoo's name for the group that may write contacts, which a note on a user's record needs. */
export const CONTACT_CREATION = 'Contact Creation';

/**
 * Why Odoo refused the witness note on a user's record, said as what the agent's account lacks
 * (odoo-note.test.ts found both on real 15–18): write access to contacts, or an email address to
 * sign the note with. Anything else passes through to `inWords`.
 */
export function noteRefusal(error: unknown): unknown {
  if (!(error instanceof OdooFault)) return error;
  if (error.is('exceptions.AccessError'))
    return new HelpdeskError(
      'FORBIDDEN_ROLE',
      words('helpdesk.error.odoo.noteNeedsContactCreation', { group: CONTACT_CREATION }),
    );
  if (error.is('exceptions.UserError') && /e-?mail/i.test(error.message))
    return new HelpdeskError('FORBIDDEN_ROLE', words('helpdesk.error.odoo.noteNeedsEmail'));
  return error;
}

/**
 * The server's own sentences that need words of ours (on the TOTP form and in JSON-RPC errors), most
 * specific first: Odoo 19's replay and per-account limit also start with "Verification failed".
 */
const SERVER_SENTENCES: readonly (readonly [RegExp, () => HelpdeskError])[] = [
  [/limit of code verifications/i, () => new HelpdeskError('THROTTLED', CODE_CHECKS_PAUSED)],
  [/too many/i, () => new HelpdeskError('THROTTLED', words('helpdesk.error.throttled'))],
  [/use the latest 6-digit code/i, () => new HelpdeskError('WRONG_CODE', CODE_ALREADY_USED)],
  [/incorrect passkey/i, () => new HelpdeskError('NOT_OFFERED', PASSKEY_ONLY)],
  [/verification failed/i, () => new HelpdeskError('WRONG_CODE', words('helpdesk.error.wrongCode'))],
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
    return new HelpdeskError('TOKEN_EXPIRED', words('helpdesk.error.odoo.sessionEnded'));
  }
  if (error.is('exceptions.AccessDenied')) {
    const sentence = known(error.message);
    if (sentence?.code === 'THROTTLED') return sentence;
    if (phase === 'sign-in')
      return new HelpdeskError('WRONG_CREDENTIALS', words('helpdesk.error.odoo.wrongCredentials'));
    return new HelpdeskError('FORBIDDEN_ROLE', words('helpdesk.error.odoo.refusedAccount'));
  }
  if (error.is('exceptions.AccessError')) {
    return new HelpdeskError(
      'FORBIDDEN_ROLE',
      words('helpdesk.error.odoo.needsAccessRights', { group: ACCESS_RIGHTS }),
    );
  }
  if (error.is('exceptions.MissingError'))
    return new HelpdeskError('NOT_FOUND', words('helpdesk.error.noSuchUser'));
  if (error.is('exceptions.UserError') || error.is('exceptions.ValidationError')) {
    if (/incorrect password/i.test(error.message))
      return new HelpdeskError('WRONG_CREDENTIALS', words('helpdesk.error.wrongStepUpPassword'));
    const sentence = known(error.message);
    if (sentence) return sentence;
    if (/already enabled/i.test(error.message))
      return new HelpdeskError('CONFLICT', words('helpdesk.error.twofaAlreadyOn'));
    return new HelpdeskError(
      'INVALID_INPUT',
      said ? words('helpdesk.error.odoo.refusedSaid', { said }) : words('helpdesk.error.odoo.refused'),
    );
  }
  return new HelpdeskError(
    'SERVER_ERROR',
    said
      ? words('helpdesk.error.serverProblemSaid', { origin, said })
      : words('helpdesk.error.serverProblem', { origin }),
  );
}
