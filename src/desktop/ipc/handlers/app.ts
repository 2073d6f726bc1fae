import type { DesktopServices } from '../../services/desktop-services';
import type { FeatureHandlers } from '../handler-types';

export const appHandlers = {
  info: (s) => ({ ...s.info }),
  settings: (s) => s.settings.get(),
  updateSettings: (s, patch) => s.settings.update(patch),
  quickAccessProblem(s) {
    const state = s.quickAccessShortcut.state;
    return { problem: state.registered ? null : state.why };
  },
  hideQuickAccess(s) {
    s.quickAccess.hide();
    return { done: true as const };
  },
  async openExternal(s, { url }) {
    await s.openExternal(url);
    return { done: true as const };
  },
} satisfies FeatureHandlers<'app', DesktopServices>;
