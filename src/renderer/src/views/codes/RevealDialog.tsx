import { useCallback } from 'react';
import { call } from '../../api/client';
import type { EntryMeta } from '../../../../shared/ipc';
import { RevealSheet } from '../../components/RevealSheet';
import { displayName } from './AccountRow';
import { useT } from '../../i18n';

const linkOf = ({ uri }: { uri: string }): string => uri;

/** The one place an account's secret is shown: as a QR code, its secret and its link. */
export function RevealDialog({
  entry,
  onClose,
}: {
  entry: EntryMeta;
  onClose: () => void;
}): React.JSX.Element {
  const t = useT();
  const name = displayName(entry, t);
  const load = useCallback(() => call('entries.reveal', { id: entry.id }), [entry.id]);
  return (
    <RevealSheet
      title={t('codes.reveal.title', { name })}
      warning={t('codes.reveal.warning')}
      showLabel={t('codes.reveal.show')}
      qrAlt={t('codes.reveal.title', { name })}
      load={load}
      qrText={linkOf}
      onClose={onClose}
    >
      {(revealed) => (
        <>
          <label className="field">
            <span className="field__label">{t('codes.field.secret')}</span>
            <input className="input reveal__text" readOnly value={revealed.secret} translate="no" dir="ltr" />
          </label>
          <label className="field">
            <span className="field__label">{t('codes.field.link')}</span>
            <input className="input reveal__text" readOnly value={revealed.uri} translate="no" dir="ltr" />
          </label>
        </>
      )}
    </RevealSheet>
  );
}
