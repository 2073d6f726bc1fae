import { useEffect, useState, type FormEvent } from 'react';
import { useIntl } from 'react-intl';
import QRCode from 'qrcode';
import { call, messageOf } from '../../api/client';
import type { ExportResult } from '../../../../shared/ipc/channels/transfer';
import { EXPORT_FORMATS, type ExportFormatId } from '../../../../shared/transfer/export-formats';
import { Dialog } from '../../components/Dialog';
import { FormError } from '../../components/FormError';
import { TextField } from '../../components/TextField';
import { useRichT, useT } from '../../i18n';
import type { MessageId } from '../../../../shared/i18n';
import { dataChunks } from './richData';
import './transfer.css';

export type ExportFormat = ExportFormatId;

/** Each format's name in the list, and the confirmation that says what leaves the vault. */
export const EXPORT_FORMAT_MESSAGES = {
  aegis: { title: 'settings.export.format.aegis', leaves: 'settings.export.leaves.aegis' },
  'google-qr': { title: 'settings.export.format.googleQr', leaves: 'settings.export.leaves.googleQr' },
  uris: { title: 'settings.export.format.uris', leaves: 'settings.export.leaves.uris' },
  backup: { title: 'settings.export.format.backup', leaves: 'settings.export.leaves.backup' },
} as const satisfies Record<ExportFormatId, { title: MessageId; leaves: MessageId }>;

/** Shows the transfer QR codes one at a time, like Google Authenticator does. */
function QrPager({ links }: { links: readonly string[] }): React.JSX.Element {
  const t = useT();
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
      <p aria-live="polite">{t('settings.export.qrScan', { index: index + 1, total: links.length })}</p>
      {image ? (
        <img src={image} alt={t('settings.export.qrAlt', { index: index + 1, total: links.length })} />
      ) : null}
      <div className="form__actions">
        <button type="button" className="button" disabled={index === 0} onClick={() => setIndex(index - 1)}>
          {t('settings.export.previous')}
        </button>
        <button
          type="button"
          className="button"
          disabled={index >= links.length - 1}
          onClick={() => setIndex(index + 1)}
        >
          {t('common.action.next')}
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
  const t = useT();
  const richT = useRichT();
  const intl = useIntl();
  const { encrypted } = EXPORT_FORMATS[format];
  const [understood, setUnderstood] = useState(false);
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ExportResult | null>(null);

  const ready = encrypted ? password !== '' && password === repeat : understood;

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
    <Dialog title={t('settings.export.title')} size="large" onClose={onClose}>
      {result === null ? (
        <form className="form" onSubmit={submit} aria-label={t('settings.export.confirm')}>
          <p className="transfer__leaves">{t(EXPORT_FORMAT_MESSAGES[format].leaves, { count })}</p>
          {encrypted ? (
            <>
              <TextField
                label={t('settings.export.password')}
                value={password}
                onChange={setPassword}
                secret
              />
              <TextField
                label={t('settings.export.repeat')}
                value={repeat}
                onChange={setRepeat}
                error={repeat !== '' && repeat !== password ? t('settings.export.mismatch') : undefined}
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
              <span>{t('settings.export.understood')}</span>
            </label>
          )}
          <FormError message={error} />
          <div className="form__actions">
            <button type="button" className="button" onClick={onClose}>
              {t('common.action.cancel')}
            </button>
            <button type="submit" className="button button--primary" disabled={!ready || busy}>
              {t('settings.export.submit', { count })}
            </button>
          </div>
        </form>
      ) : (
        <div className="form" aria-live="polite">
          {result.paths.length > 0 ? (
            <p>
              {richT('settings.export.done', {
                count: result.count,
                paths: intl.formatList(result.paths, { type: 'unit' }),
                path: dataChunks,
              })}
            </p>
          ) : null}
          {result.left.map((left) => (
            <p key={`${left.issuer}:${left.account}`} className="field__hint">
              {richT('settings.export.leftOut', {
                name: [left.issuer, left.account].filter(Boolean).join(' · '),
                reason: left.reason,
                account: dataChunks,
              })}
            </p>
          ))}
          {result.links.length > 0 ? <QrPager links={result.links} /> : null}
          <div className="form__actions">
            <button type="button" className="button button--primary" onClick={onClose}>
              {t('common.action.done')}
            </button>
          </div>
        </div>
      )}
    </Dialog>
  );
}
