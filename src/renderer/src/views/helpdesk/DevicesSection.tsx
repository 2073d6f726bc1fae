import { useEffect, useState } from 'react';
import { messageOf } from '../../api/client';
import type { TrustedDeviceView } from '../../../../shared/ipc/channels/helpdesk';
import { useConsoleCall, when } from './session';

/** A user's trusted devices, reloaded whenever `version` changes. */
export function DevicesSection({
  userId,
  version,
  onRevokeAll,
}: {
  userId: number;
  version: number;
  onRevokeAll: () => void;
}): React.JSX.Element {
  const consoleCall = useConsoleCall();
  const [devices, setDevices] = useState<TrustedDeviceView[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    consoleCall('helpdesk.devices', { userId })
      .then((found) => {
        if (!live) return;
        setDevices(found);
        setError(null);
      })
      .catch((caught: unknown) => live && setError(messageOf(caught)));
    return () => {
      live = false;
    };
  }, [consoleCall, userId, version]);

  return (
    <section aria-label="Trusted devices">
      <h3 className="helpdesk-panel__subtitle">Trusted devices</h3>
      {error ? (
        <p className="helpdesk-muted">{error}</p>
      ) : devices === null ? (
        <p className="helpdesk-muted">Loading…</p>
      ) : devices.length === 0 ? (
        <p className="helpdesk-muted">No trusted devices: every sign-in asks for the code.</p>
      ) : (
        <>
          <ul className="helpdesk-audit-list">
            {devices.map((device) => (
              <li key={device.id}>
                {device.name ?? 'A browser'}{' '}
                <span className="helpdesk-muted">
                  since {when(device.createdAt)}
                  {device.expiresAt ? `, until ${when(device.expiresAt)}` : ''}
                </span>
              </li>
            ))}
          </ul>
          <button type="button" className="button" onClick={onRevokeAll}>
            Revoke all trusted devices
          </button>
        </>
      )}
    </section>
  );
}
