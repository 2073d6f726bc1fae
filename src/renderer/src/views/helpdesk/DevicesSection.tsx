import type { TrustedDeviceView } from '../../../../shared/ipc/channels/helpdesk';
import { NotOffered } from './NotOffered';
import { useT } from '../../i18n';
import { useCapability, useConsoleCall, useWhen } from './session';
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
  const t = useT();
  const when = useWhen();
  const consoleCall = useConsoleCall();
  const revokeOne = useCapability('revokeDevice');
  const { value: devices, error } = useLoaded(
    () => consoleCall('helpdesk.devices', { userId }),
    `${userId}:${version}`,
  );

  return (
    <section aria-label={t('helpdesk.devices.title')}>
      <h3 className="helpdesk-panel__subtitle">{t('helpdesk.devices.title')}</h3>
      {error ? (
        <p className="helpdesk-muted">{error}</p>
      ) : devices === null ? (
        <p className="helpdesk-muted">{t('common.state.loading')}</p>
      ) : devices.length === 0 ? (
        <p className="helpdesk-muted">{t('helpdesk.devices.empty')}</p>
      ) : (
        <>
          <ul className="helpdesk-audit-list" aria-label={t('helpdesk.devices.listLabel')}>
            {devices.map((device) => (
              <li key={device.id} className="helpdesk-item">
                <span>
                  {device.name ?? t('helpdesk.devices.unnamed')}{' '}
                  <span className="helpdesk-muted">
                    {t('helpdesk.devices.seen', {
                      first: when(device.createdAt),
                      hasLast: device.lastSeenAt ? 'yes' : 'no',
                      last: when(device.lastSeenAt ?? null),
                      hasAddress: device.address ? 'yes' : 'no',
                      address: device.address ?? '',
                      hasExpiry: device.expiresAt ? 'yes' : 'no',
                      expires: when(device.expiresAt ?? null),
                    })}
                  </span>
                </span>
                {revokeOne.offered ? (
                  <button
                    type="button"
                    className="button button--quiet"
                    aria-label={t('helpdesk.devices.revokeOne', {
                      device: device.name ?? t('helpdesk.devices.thisBrowser'),
                    })}
                    onClick={() => onRevoke(device)}
                  >
                    {t('helpdesk.action.revoke')}
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
          <button type="button" className="button" onClick={onRevokeAll}>
            {t('helpdesk.devices.revokeAll')}
          </button>
          {revokeOne.offered ? null : <NotOffered what="revokeDevice" why={revokeOne.why} />}
        </>
      )}
    </section>
  );
}
