import { useCallback } from 'react';
import type { CapabilityName } from '../../../../shared/admin-api/capabilities';
import type { MessageId } from '../../../../shared/i18n';
import { useT } from '../../i18n';
import { useConsoleSession } from './session';

/** Each capability's name in the catalogue, by its stable key (the driver's English label is not shown). */
const CAPABILITY_IDS: Readonly<Record<CapabilityName, MessageId>> = {
  users: 'helpdesk.capability.users',
  checkCode: 'helpdesk.capability.checkCode',
  disableTwofa: 'helpdesk.capability.disableTwofa',
  unlock: 'helpdesk.capability.unlock',
  serverAudit: 'helpdesk.capability.serverAudit',
  adoption: 'helpdesk.capability.adoption',
  enrollSelf: 'helpdesk.capability.enrollSelf',
  newRecoveryCodes: 'helpdesk.capability.newRecoveryCodes',
  trustedDevices: 'helpdesk.capability.trustedDevices',
  revokeDevice: 'helpdesk.capability.revokeDevice',
  temporaryAccess: 'helpdesk.capability.temporaryAccess',
  resetTwofa: 'helpdesk.capability.resetTwofa',
  signInHistory: 'helpdesk.capability.signInHistory',
  enforcementPolicy: 'helpdesk.capability.enforcementPolicy',
  verifyCaller: 'helpdesk.capability.verifyCaller',
  serverProof: 'helpdesk.capability.serverProof',
  fourEyes: 'helpdesk.capability.fourEyes',
  cooldown: 'helpdesk.capability.cooldown',
};

/** A capability's name in the active language. */
export function useCapabilityLabel(): (name: CapabilityName) => string {
  const t = useT();
  return useCallback((name: CapabilityName) => t(CAPABILITY_IDS[name]), [t]);
}

/** Everything the help desk can ask of this server, and for what it cannot, why. */
export function ServerOffers(): React.JSX.Element {
  const t = useT();
  const label = useCapabilityLabel();
  const { capabilities, profile } = useConsoleSession();
  return (
    <section className="helpdesk-offers" aria-label={t('helpdesk.offers.label')}>
      <h3 className="helpdesk-panel__subtitle">{t('helpdesk.offers.title', { profile })}</h3>
      <ul className="helpdesk-offers__list">
        {capabilities.map((capability) => (
          <li key={capability.name} data-offered={capability.offered}>
            <span aria-hidden="true">{capability.offered ? '✓' : '—'}</span> {label(capability.name)}
            {capability.offered ? null : (
              <span className="helpdesk-muted">
                {' '}
                {t('helpdesk.offers.notOffered', { why: capability.why ?? '' })}
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
