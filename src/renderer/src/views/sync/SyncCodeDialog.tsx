import { useEffect, useState } from 'react';
import QRCode from 'qrcode';
import { call, messageOf } from '../../api/client';
import { Dialog } from '../../components/Dialog';

/**
 * The sync code, shown only after the person confirms (it opens everything in the vault), as
 * its 12 words and a QR code for the other computer; dropped from memory when the dialog closes.
 */
export function SyncCodeDialog({ onClose }: { onClose: () => void }): React.JSX.Element {
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
      title="Sync code"
      onClose={onClose}
      actions={
        confirmed ? (
          <button type="button" className="button button--primary" onClick={onClose}>
            Done
          </button>
        ) : (
          <>
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
            <button type="button" className="button button--primary" onClick={() => setConfirmed(true)}>
              Show the sync code
            </button>
          </>
        )
      }
    >
      {!confirmed ? (
        <p>
          The sync code opens every account in this vault. Enter or scan it only on your own computer, with no
          one watching your screen. It never goes through the sync folder.
        </p>
      ) : error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : shown ? (
        <div className="reveal">
          <img
            className="reveal__qr"
            src={shown.qr}
            alt="QR code of the sync code"
            width={240}
            height={240}
          />
          <label className="field">
            <span className="field__label">Sync code</span>
            <textarea className="input reveal__text" readOnly rows={3} value={shown.code} />
          </label>
        </div>
      ) : (
        <p>Loading…</p>
      )}
    </Dialog>
  );
}
