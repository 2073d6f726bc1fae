import type { DriverEntry } from '../../driver';
import { adminV1Driver } from './admin-v1-driver';

/** Twofold's own account server, over its admin API (/api/admin/v1). */
export const twofold = {
  kind: 'twofold',
  label: 'Twofold',
  // Last in the registry: what no other driver recognises is taken to be Twofold's own server.
  detect: async () => true,
  open: async (transport) => adminV1Driver(transport),
} as const satisfies DriverEntry<'twofold'>;
