// A secret shown only after the person confirms, fetched then and drawn as a QR code beside its
// text, and dropped from memory when the dialog closes: an account's secret, the sync code.
import { useEffect, useState } from 'react';
import QRCode from 'qrcode';
import { messageOf } from '../api/client';
import { useT } from '../i18n';
import { Dialog } from './Dialog';
import './RevealSheet.css';

interface RevealSheetProps<T> {
  title: string;
  /** What showing it means, asked before anything is fetched. */
  warning: string;
  showLabel: string;
  qrAlt: string;
  /** Fetches the secret (called once, after confirming; keep it stable with useCallback). */
  load: () => Promise<T>;
  /** The text the QR code carries. */
  qrText: (shown: T) => string;
  /** The secret's text fields under the QR code. */
  children: (shown: T) => React.ReactNode;
  onClose: () => void;
}

export function RevealSheet<T>({
  title,
  warning,
  showLabel,
  qrAlt,
  load,
  qrText,
  children,
  onClose,
}: RevealSheetProps<T>): React.JSX.Element {
  const t = useT();
  const [confirmed, setConfirmed] = useState(false);
  const [shown, setShown] = useState<{ value: T; qr: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!confirmed) return;
    let live = true;
    load()
      .then(async (value) => {
        const qr = await QRCode.toDataURL(qrText(value), {
          errorCorrectionLevel: 'M',
          margin: 2,
          width: 240,
        });
        if (live) setShown({ value, qr });
      })
      .catch((caught: unknown) => {
        if (live) setError(messageOf(caught, t));
      });
    return () => {
      live = false;
    };
  }, [confirmed, load, qrText, t]);

  return (
    <Dialog
      title={title}
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
              {showLabel}
            </button>
          </>
        )
      }
    >
      {!confirmed ? (
        <p>{warning}</p>
      ) : error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : shown ? (
        <div className="reveal">
          <img className="reveal__qr" src={shown.qr} alt={qrAlt} width={240} height={240} />
          {children(shown.value)}
        </div>
      ) : (
        <p>{t('common.state.loading')}</p>
      )}
    </Dialog>
  );
}
