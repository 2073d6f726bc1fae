import type { DesktopServices } from '../../services/desktop-services';
import type { FeatureHandlers } from '../handler-types';

export const updatesHandlers = {
  status: (s) => s.updates.status(),
  check: (s) => s.updates.check(),
} satisfies FeatureHandlers<'updates', DesktopServices>;
