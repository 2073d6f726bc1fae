import { useEffect, useState } from 'react';
import QRCode from 'qrcode';
import { call, messageOf } from '../../api/client';
import { Dialog } from '../../components/Dialog';
import { useT } from '../../i18n';

/**
 * The sync code, shown only after the person confirms (it opens everything in the vault), as
 * its 12 words and a QR code for the other computer; dropped from memory when the dialog closes.
 */
export function SyncCodeDialog({ onClose }: { onClose: () => void }): React.JSX.Element {
  const t = useT();
  const [confirmed, setConfirmed] = useState(false);
  const [shown, setShown] = useState<{ code: string; qr: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!confirmed) return;
    let live = true;
    call('sync.pairingCode')
      .then(async ({ code }) => {
        const qr = await QRCode.toDataURL(code, { errorCorrectionLevel: 'M', margin: 2, width: 240 });
        if (live) setShown({ code, qr });
      })
      .catch((caught: unknown) => {
        if (live) setError(messageOf(caught));
      });
    return () => {
      live = false;
    };
  }, [confirmed]);

  return (
    <Dialog
      title={t('settings.sync.code.title')}
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
              {t('settings.sync.code.show')}
            </button>
          </>
        )
      }
    >
      {!confirmed ? (
        <p>{t('settings.sync.code.warning')}</p>
      ) : error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : shown ? (
        <div className="reveal">
          <img
            className="reveal__qr"
            src={shown.qr}
            alt={t('settings.sync.code.qr')}
            width={240}
            height={240}
          />
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
        </div>
      ) : (
        <p>{t('common.state.loading')}</p>
      )}
    </Dialog>
  );
}
