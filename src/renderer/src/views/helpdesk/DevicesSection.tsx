import type { TrustedDeviceView } from '../../../../shared/ipc/channels/helpdesk';
import { NotOffered } from './NotOffered';
import { useCapability, useConsoleCall, when } from './session';
import { useLoaded } from './useLoaded';

/** A user's trusted devices (name, first and last seen, address), reloaded whenever `version` changes. */
export function DevicesSection({
  userId,
  version,
  onRevoke,
  onRevokeAll,
}: {
  userId: number;
  version: number;
  onRevoke: (device: TrustedDeviceView) => void;
  onRevokeAll: () => void;
}): React.JSX.Element {
  const consoleCall = useConsoleCall();
  const revokeOne = useCapability('revokeDevice');
  const { value: devices, error } = useLoaded(
    () => consoleCall('helpdesk.devices', { userId }),
    `${userId}:${version}`,
  );

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
          <ul className="helpdesk-audit-list" aria-label="Devices">
            {devices.map((device) => (
              <li key={device.id} className="helpdesk-item">
                <span>
                  {device.name ?? 'A browser'}{' '}
                  <span className="helpdesk-muted">
                    first seen {when(device.createdAt)}
                    {device.lastSeenAt ? `, last seen ${when(device.lastSeenAt)}` : ''}
                    {device.address ? ` from ${device.address}` : ''}
                    {device.expiresAt ? `, trusted until ${when(device.expiresAt)}` : ''}
                  </span>
                </span>
                {revokeOne.offered ? (
                  <button
                    type="button"
                    className="button button--quiet"
                    aria-label={`Revoke ${device.name ?? 'this browser'}`}
                    onClick={() => onRevoke(device)}
                  >
                    Revoke
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
          <button type="button" className="button" onClick={onRevokeAll}>
            Revoke all trusted devices
          </button>
          {revokeOne.offered ? null : <NotOffered what="revokeDevice" why={revokeOne.why} />}
        </>
      )}
    </section>
  );
}
