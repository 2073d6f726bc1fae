import type { DesktopServices } from '../../services/desktop-services';
import type { FeatureHandlers } from '../handler-types';

export const browserHandlers = {
  status: (s) => s.browser.status(),
  register: (s, { browser, on }) => s.browser.register(browser, on),
  setEnabled: (s, { enabled }) => s.browser.setEnabled(enabled),
  removeSite: (s, { site }) => s.browser.removeSite(site),
  answerSite(s, { request, allow }) {
    s.browser.answer(request, allow);
    return { done: true as const };
  },
} satisfies FeatureHandlers<'browser', DesktopServices>;
