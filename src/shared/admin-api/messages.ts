/**
 * The help desk's sentences for situations every account server has, whatever the server's own words:
 * one table, so a person reads the same thing from the Twofold server's pages and API, from the
 * Twofold driver and from the Odoo one. A driver adds its own sentences only for what is its own.
 */
export const HELPDESK_MESSAGES = {
  codeRequired: 'This account uses two-factor authentication: enter the code from your authenticator.',
  wrongCode: "Wrong code — check your authenticator's clock and use the newest code.",
  /** The server's sign-in page, which also says why a code that just worked is refused. */
  wrongCodeAtSignIn:
    "Wrong code — check your authenticator's clock, or wait for the next code. A code works only once.",
  /** A code the caller read out to the help desk. */
  callerWrongCode: '✗ Wrong code — ask for the newest code and check the phone’s clock.',
  stepUpRequired: 'Confirm it is you: enter your password again to do this.',
  wrongStepUpPassword: 'That password is not right. Enter your own password to confirm.',
  throttled: 'Too many failed sign-ins from here. Wait a minute and try again.',
  noSuchUser: 'No such user on this server (it may have been removed).',
  forbiddenApproval:
    'You cannot approve this request: not your own, and an administrator’s or help-desk account needs an administrator.',
  /** A capability the server lacks, with its driver's sentence why. */
  notOffered: (why: string) => `This server does not offer this: ${why}`,
} as const;
