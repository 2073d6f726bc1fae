import { HELPDESK_MESSAGES } from '../../../../shared/admin-api/messages';
import { HelpdeskError } from '../../errors';
import { OdooFault, shortMessage } from './rpc';

export type OdooPhase = 'sign-in' | 'step-up' | 'action';

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
    if (/too many/i.test(error.message)) return new HelpdeskError('THROTTLED', HELPDESK_MESSAGES.throttled);
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
    if (/verification failed/i.test(error.message))
      return new HelpdeskError('WRONG_CODE', HELPDESK_MESSAGES.wrongCode);
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
