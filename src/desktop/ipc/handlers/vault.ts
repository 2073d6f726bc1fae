import type { DesktopServices } from '../../services/desktop-services';
import type { FeatureHandlers } from '../handler-types';

export const vaultHandlers = {
  status: (s) => s.vaults.status(),

  async unlock(s, { password }) {
    const status = await s.vaults.unlock(password);
    s.events.emit('vault.status', status);
    s.events.emit('entries.changed', { reason: 'reloaded' });
    return status;
  },

  lock: (s) => s.lock('person'),

  async setPassword(s, { password, rotateKey }) {
    await s.vaults.current().setPassword(password, { rotateKey: rotateKey === true });
    const status = s.vaults.status();
    s.events.emit('vault.status', status);
    return status;
  },

  async create(s, { password }) {
    const status = await s.vaults.create(password);
    s.events.emit('vault.status', status);
    s.events.emit('entries.changed', { reason: 'reloaded' });
    return status;
  },

  async removePassword(s, input) {
    await s.vaults.current().removePassword({ rotateKey: input?.rotateKey === true });
    const status = s.vaults.status();
    s.events.emit('vault.status', status);
    return status;
  },
} satisfies FeatureHandlers<'vault', DesktopServices>;
