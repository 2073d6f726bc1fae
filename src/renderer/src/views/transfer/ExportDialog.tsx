import { useEffect, useState, type FormEvent } from 'react';
import QRCode from 'qrcode';
import { call, messageOf } from '../../api/client';
import type { ExportResult } from '../../../../shared/ipc/channels/transfer';
import { EXPORT_FORMATS, type ExportFormatId } from '../../../../shared/transfer/export-formats';
import { Dialog } from '../../components/Dialog';
import { FormError } from '../../components/FormError';
import { TextField } from '../../components/TextField';
import './transfer.css';

export type ExportFormat = ExportFormatId;

/** Shows the transfer QR codes one at a time, like Google Authenticator does. */
function QrPager({ links }: { links: readonly string[] }): React.JSX.Element {
  const [index, setIndex] = useState(0);
  const [image, setImage] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void QRCode.toDataURL(links[index] ?? '', { errorCorrectionLevel: 'M', margin: 2, width: 280 }).then(
      (url) => {
        if (live) setImage(url);
      },
    );
    return () => {
      live = false;
    };
  }, [links, index]);
  return (
    <div className="export-qr">
      <p aria-live="polite">
        QR code {index + 1} of {links.length}: scan it in Google Authenticator (Transfer accounts → Import).
      </p>
      {image ? <img src={image} alt={`Transfer QR code ${index + 1} of ${links.length}`} /> : null}
      <div className="form__actions">
        <button type="button" className="button" disabled={index === 0} onClick={() => setIndex(index - 1)}>
          Previous
        </button>
        <button
          type="button"
          className="button"
          disabled={index >= links.length - 1}
          onClick={() => setIndex(index + 1)}
        >
          Next
        </button>
      </div>
    </div>
  );
}

/**
 * An export behind an explicit confirmation that names what leaves the vault;
 * an unencrypted one asks a second time. The secrets are packed in main.
 */
export function ExportDialog({
  format,
  count,
  onClose,
}: {
  format: ExportFormat;
  count: number;
  onClose: () => void;
}): React.JSX.Element {
  const { what: files, encrypted, folder } = EXPORT_FORMATS[format];
  // Several files (QR codes) are shown here rather than saved.
  const what = folder ? `${files}, shown here one by one` : files;
  const [understood, setUnderstood] = useState(false);
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ExportResult | null>(null);

  const ready = encrypted ? password !== '' && password === repeat : understood;
  const accounts = count === 1 ? '1 account' : `${count} accounts`;

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (!ready) return;
    setBusy(true);
    setError(null);
    call('transfer.export', {
      format,
      confirmed: true,
      ...(encrypted ? { password } : { unencryptedConfirmed: true }),
    })
      .then(setResult)
      .catch((caught: unknown) => setError(messageOf(caught)))
      .finally(() => setBusy(false));
  };

  return (
    <Dialog title="Export accounts" size="large" onClose={onClose}>
      {result === null ? (
        <form className="form" onSubmit={submit} aria-label="Confirm the export">
          <p className="transfer__leaves">
            {accounts} with their secrets will leave the vault as {what}
            {encrypted ? ', protected by the password you give.' : '.'}
          </p>
          {encrypted ? (
            <>
              <TextField label="Password for the export" value={password} onChange={setPassword} secret />
              <TextField
                label="Repeat the password"
                value={repeat}
                onChange={setRepeat}
                error={
                  repeat !== '' && repeat !== password ? 'The two passwords are not the same.' : undefined
                }
                secret
              />
            </>
          ) : (
            <label className="settings__toggle">
              <input
                type="checkbox"
                checked={understood}
                onChange={(event) => setUnderstood(event.target.checked)}
              />
              <span>I understand this is not encrypted: anyone who sees it can make my codes.</span>
            </label>
          )}
          <FormError message={error} />
          <div className="form__actions">
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="button button--primary" disabled={!ready || busy}>
              Export {accounts}
            </button>
          </div>
        </form>
      ) : (
        <div className="form" aria-live="polite">
          {result.paths.length > 0 ? (
            <p>
              Exported {result.count === 1 ? '1 account' : `${result.count} accounts`} to{' '}
              {result.paths.join(', ')}.
            </p>
          ) : null}
          {result.left.map((left) => (
            <p key={`${left.issuer}:${left.account}`} className="field__hint">
              Left out {[left.issuer, left.account].filter(Boolean).join(' · ')}: {left.reason}.
            </p>
          ))}
          {result.links.length > 0 ? <QrPager links={result.links} /> : null}
          <div className="form__actions">
            <button type="button" className="button button--primary" onClick={onClose}>
              Done
            </button>
          </div>
        </div>
      )}
    </Dialog>
  );
}
