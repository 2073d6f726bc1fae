import type { Words } from '../i18n';
import type { Standing } from '../services/enforcement-policy';
import type { EnrollmentReason } from '../services/required-enrollment';
import { html } from './html';
import { notice, page } from './layout';

export { requiredEnrollment, type EnrollmentReason } from '../services/required-enrollment';

export const REQUIRED_PATH = '/account/security/required';

/** The reminder shown at each sign-in inside the grace period, or undefined. */
export function graceReminder(words: Words, standing: Standing): string | undefined {
  if (standing.kind !== 'grace') return undefined;
  return words.t('server.enforcement.grace', { deadline: words.day(standing.deadline) });
}

const WHY = {
  reset: 'server.enforcement.whyReset',
  'temporary-code': 'server.enforcement.whyTemporaryCode',
  policy: 'server.enforcement.whyPolicy',
} as const satisfies Record<EnrollmentReason, string>;

/** The only page (with enrollment itself) an account with a required enrollment can reach. */
export function requiredEnrollmentPage(
  words: Words,
  user: { name: string },
  csrfToken: string,
  reason: EnrollmentReason,
): string {
  return page({
    words,
    title: words.t('server.enforcement.title'),
    signedIn: { name: user.name, csrfToken },
    body: html`${notice('info', words.t(WHY[reason]))}
      <p>${words.t('server.enforcement.needApp')}</p>
      <form method="post" action="/account/security/enable">
        <input type="hidden" name="csrf_token" value="${csrfToken}" />
        <button type="submit">${words.t('server.enforcement.title')}</button>
      </form>`,
  });
}
