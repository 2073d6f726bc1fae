import type { Standing } from '../services/enforcement-policy';
import type { EnrollmentReason } from '../services/required-enrollment';
import { html } from './html';
import { notice, page } from './layout';

export { requiredEnrollment, type EnrollmentReason } from '../services/required-enrollment';

export const REQUIRED_PATH = '/account/security/required';

const day = (ms: number) => new Date(ms).toUTCString().replace(/ \d\d:\d\d:\d\d GMT$/, '');

/** The reminder shown at each sign-in inside the grace period, or undefined. */
export function graceReminder(standing: Standing): string | undefined {
  if (standing.kind !== 'grace') return undefined;
  return `Your organisation requires two-factor authentication. Set it up under Account Security by ${day(standing.deadline)}; after that date you will only be able to set it up.`;
}

const WHY: Record<EnrollmentReason, string> = {
  reset:
    'The help desk reset two-factor authentication on your account. Set up your authenticator again to continue.',
  'temporary-code':
    'You signed in with a temporary code from the help desk. Set up your new authenticator now, before anything else.',
  policy:
    'Your organisation requires two-factor authentication and the time to set it up has passed. Set it up to continue.',
};

/** The only page (with enrollment itself) an account with a required enrollment can reach. */
export function requiredEnrollmentPage(
  user: { name: string },
  csrfToken: string,
  reason: EnrollmentReason,
): string {
  return page({
    title: 'Set up two-factor authentication',
    signedIn: { name: user.name, csrfToken },
    body: html`${notice('info', WHY[reason])}
      <p>You will need an authenticator app (such as Twofold) on your phone or computer.</p>
      <form method="post" action="/account/security/enable">
        <input type="hidden" name="csrf_token" value="${csrfToken}" />
        <button type="submit">Set up two-factor authentication</button>
      </form>`,
  });
}
