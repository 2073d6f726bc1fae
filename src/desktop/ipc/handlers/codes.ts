import type { DesktopServices } from '../../services/desktop-services';
import { UserError } from '../errors';
import type { FeatureHandlers } from '../handler-types';

export const codesHandlers = {
  now(s) {
    const at = Date.now();
    return { codes: s.ticker.codes(at), at };
  },

  async copy(s, { id, next }) {
    const code = s.ticker.codes().find((entry) => entry.id === id);
    if (!code) throw new UserError('NOT_FOUND', 'That account is no longer in the vault.');
    const text = next ? code.nextCode : code.code;
    if (text === null) {
      throw new UserError('NO_CODE', 'This is a counter-based account: ask for the next code first.');
    }
    return { clearsInSeconds: await s.clipboard.copySecretText(text) };
  },

  async nextHotp(s, { id, copy }) {
    const code = await s.vaults.current().nextHotpCode(id);
    if (copy) await s.clipboard.copySecretText(code);
    s.events.emit('entries.changed', { reason: 'updated' });
    return { id, code, nextCode: null, secondsRemaining: 0, period: 0 };
  },
} satisfies FeatureHandlers<'codes', DesktopServices>;
