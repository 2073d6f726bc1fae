import { useEffect, useState } from 'react';
import QRCode from 'qrcode';
import { call, messageOf } from '../../api/client';
import type { EntryMeta } from '../../../../shared/ipc';
import { Dialog } from '../../components/Dialog';
import { displayName } from './AccountRow';
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
  const [confirmed, setConfirmed] = useState(false);
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const [error, setError] = useState<string | null>(null);
  const name = displayName(entry);

  useEffect(() => {
    if (!confirmed) return;
    let live = true;
    call('entries.reveal', { id: entry.id })
      .then(async ({ uri, secret }) => {
        const qr = await QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 2, width: 240 });
        if (live) setRevealed({ uri, secret, qr });
      })
      .catch((caught: unknown) => {
        if (live) setError(messageOf(caught));
      });
    return () => {
      live = false;
    };
  }, [confirmed, entry.id]);

  return (
    <Dialog
      title={`QR code for ${name}`}
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
              Show the secret
            </button>
          </>
        )
      }
    >
      {!confirmed ? (
        <p>
          The QR code and link hold this account&apos;s secret. Anyone who sees them can make its codes. Show
          them only to move the account to another authenticator, with no one watching your screen.
        </p>
      ) : error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : revealed ? (
        <div className="reveal">
          <img
            className="reveal__qr"
            src={revealed.qr}
            alt={`QR code for ${name}`}
            width={240}
            height={240}
          />
          <label className="field">
            <span className="field__label">Secret</span>
            <input className="input reveal__text" readOnly value={revealed.secret} />
          </label>
          <label className="field">
            <span className="field__label">Link</span>
            <input className="input reveal__text" readOnly value={revealed.uri} />
          </label>
        </div>
      ) : (
        <p>Loading…</p>
      )}
    </Dialog>
  );
}
