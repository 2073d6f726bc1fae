import { powerMonitor } from 'electron';
import type { PowerMonitorPort } from '../../desktop/services/auto-lock';

/** Electron's powerMonitor as the auto-lock's port; the decisions live in services/auto-lock.ts. */
export const electronPowerMonitor: PowerMonitorPort = {
  idleSeconds: () => powerMonitor.getSystemIdleTime(),
  on(event, listener) {
    // One overload per event name in Electron's typings.
    if (event === 'lock-screen') {
      powerMonitor.on('lock-screen', listener);
      return () => void powerMonitor.removeListener('lock-screen', listener);
    }
    powerMonitor.on('suspend', listener);
    return () => void powerMonitor.removeListener('suspend', listener);
  },
};
