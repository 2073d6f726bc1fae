import { useCallback } from 'react';
import { call } from '../../api/client';
import { RevealSheet } from '../../components/RevealSheet';
import { useT } from '../../i18n';

const codeOf = ({ code }: { code: string }): string => code;

/**
 * The sync code, shown only after the person confirms (it opens everything in the vault), as
 * its 12 words and a QR code for the other computer.
 */
export function SyncCodeDialog({ onClose }: { onClose: () => void }): React.JSX.Element {
  const t = useT();
  const load = useCallback(() => call('sync.pairingCode'), []);
  return (
    <RevealSheet
      title={t('settings.sync.code.title')}
      warning={t('settings.sync.code.warning')}
      showLabel={t('settings.sync.code.show')}
      qrAlt={t('settings.sync.code.qr')}
      load={load}
      qrText={codeOf}
      onClose={onClose}
    >
      {(shown) => (
        <label className="field">
          <span className="field__label">{t('settings.sync.code.label')}</span>
          <textarea
            className="input reveal__text"
            readOnly
            rows={3}
            value={shown.code}
            translate="no"
            dir="ltr"
          />
        </label>
      )}
    </RevealSheet>
  );
}
