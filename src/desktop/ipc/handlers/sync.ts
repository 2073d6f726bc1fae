import type { DesktopServices } from '../../services/desktop-services';
import type { FeatureHandlers } from '../handler-types';

export const syncHandlers = {
  status: (s) => s.sync.status(),
  setup: (s, { name }) => s.sync.setup(name),
  join: (s, { code, name }) => s.sync.join(code, name),
  now: (s) => s.sync.now(),
  pairingCode: (s) => s.sync.pairingCode(),
  removeDevice: (s, { id }) => s.sync.removeDevice(id),
  dismissConflicts: (s) => s.sync.dismissConflicts(),
} satisfies FeatureHandlers<'sync', DesktopServices>;
