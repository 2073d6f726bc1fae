import { useEffect, useState } from 'react';
import { call, subscribe } from '../../api/client';
import type { VaultStatus } from '../../../../shared/ipc';

/** Whether the vault is open, locked behind its password, or out of reach; kept fresh by main's event. */
export function useVaultStatus(): [VaultStatus | null, (status: VaultStatus) => void] {
  const [status, setStatus] = useState<VaultStatus | null>(null);
  useEffect(() => {
    let live = true;
    call('vault.status')
      .then((next) => {
        if (live) setStatus(next);
      })
      .catch(() => undefined);
    const stop = subscribe('vault.status', setStatus);
    return () => {
      live = false;
      stop();
    };
  }, []);
  return [status, setStatus];
}
