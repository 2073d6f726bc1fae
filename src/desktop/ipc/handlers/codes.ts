import type { DesktopServices } from '../../services/desktop-services';
import type { FeatureHandlers } from '../handler-types';

export const codesHandlers = {
  now(s) {
    const at = Date.now();
    return { codes: s.ticker.codes(at), at };
  },

  copy: async (s, { id, next }) => ({ clearsInSeconds: await s.copyCode(id, next) }),

  async nextHotp(s, { id, copy }) {
    const code = await s.vaults.current().nextHotpCode(id);
    if (copy) await s.clipboard.copySecretText(code);
    s.events.emit('entries.changed', { reason: 'updated' });
    return { id, code, nextCode: null, secondsRemaining: 0, period: 0 };
  },
} satisfies FeatureHandlers<'codes', DesktopServices>;
