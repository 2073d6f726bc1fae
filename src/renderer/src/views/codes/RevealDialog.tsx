import { useEffect, useState } from 'react';
import QRCode from 'qrcode';
import { call, messageOf } from '../../api/client';
import type { EntryMeta } from '../../../../shared/ipc';
import { Dialog } from '../../components/Dialog';
import { displayName } from './AccountRow';
import { useT } from '../../i18n';
import './RevealDialog.css';

interface Revealed {
  uri: string;
  secret: string;
  qr: string;
}

/**
 * The one place a secret is shown: asked for only after the person confirms,
 * and dropped from memory when the dialog closes.
 */
export function RevealDialog({
  entry,
  onClose,
}: {
  entry: EntryMeta;
  onClose: () => void;
}): React.JSX.Element {
  const t = useT();
  const [confirmed, setConfirmed] = useState(false);
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const [error, setError] = useState<string | null>(null);
  const name = displayName(entry, t);

  useEffect(() => {
    if (!confirmed) return;
    let live = true;
    call('entries.reveal', { id: entry.id })
      .then(async ({ uri, secret }) => {
        const qr = await QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 2, width: 240 });
        if (live) setRevealed({ uri, secret, qr });
      })
      .catch((caught: unknown) => {
        if (live) setError(messageOf(caught, t));
      });
    return () => {
      live = false;
    };
  }, [confirmed, entry.id, t]);

  return (
    <Dialog
      title={t('codes.reveal.title', { name })}
      onClose={onClose}
      actions={
        confirmed ? (
          <button type="button" className="button button--primary" onClick={onClose}>
            {t('common.action.done')}
          </button>
        ) : (
          <>
            <button type="button" className="button" onClick={onClose}>
              {t('common.action.cancel')}
            </button>
            <button type="button" className="button button--primary" onClick={() => setConfirmed(true)}>
              {t('codes.reveal.show')}
            </button>
          </>
        )
      }
    >
      {!confirmed ? (
        <p>{t('codes.reveal.warning')}</p>
      ) : error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : revealed ? (
        <div className="reveal">
          <img
            className="reveal__qr"
            src={revealed.qr}
            alt={t('codes.reveal.title', { name })}
            width={240}
            height={240}
          />
          <label className="field">
            <span className="field__label">{t('codes.field.secret')}</span>
            <input className="input reveal__text" readOnly value={revealed.secret} translate="no" dir="ltr" />
          </label>
          <label className="field">
            <span className="field__label">{t('codes.field.link')}</span>
            <input className="input reveal__text" readOnly value={revealed.uri} translate="no" dir="ltr" />
          </label>
        </div>
      ) : (
        <p>{t('common.state.loading')}</p>
      )}
    </Dialog>
  );
}
