import { useState, type FormEvent } from 'react';
import { call } from '../../api/client';
import type { EntryMeta } from '../../../../shared/ipc';
import { checkLink } from './linkCheck';
import { isOtpauthMigrationUri } from '../../../../shared/otp/otpauth-uri';
import { TextField } from '../../components/TextField';
import { FormError } from '../../components/FormError';
import { SameSecretWarning, useAddCall } from './useAddCall';
import { useT } from '../../i18n';

/** Paste an otpauth:// link: read as you type, added by main (which parses it again); Enter adds it. */
interface PasteLinkPanelProps {
  onAdded: (entries: EntryMeta[]) => void;
  /** A link pasted elsewhere in the sheet. */
  initialLink?: string | undefined;
  /** A Google Authenticator export link: imported through the import flow instead. */
  onImport?: (text: string) => void;
}

export function PasteLinkPanel({ onAdded, initialLink, onImport }: PasteLinkPanelProps): React.JSX.Element {
  const t = useT();
  const [link, setLink] = useState(initialLink ?? '');
  const { busy, error: serverError, setError: setServerError, sameSecret, add } = useAddCall(onAdded);
  const check = checkLink(link, t);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (check.kind !== 'ok') return;
    add((allowDuplicate) => call('entries.addFromUri', { uri: link.trim(), allowDuplicate }));
  };

  return (
    <form className="form" onSubmit={submit} noValidate aria-label={t('codes.add.method.link')}>
      <TextField
        label={t('codes.field.link')}
        hint={t('codes.link.hint')}
        value={link}
        onChange={(value) => {
          setLink(value);
          setServerError(null);
        }}
        error={check.kind === 'error' ? check.message : undefined}
        code
      />
      {check.kind === 'ok' ? (
        <div className="preview" aria-live="polite">
          <p>
            {check.account.issuer ? (
              <strong translate="no">{check.account.issuer}</strong>
            ) : (
              <strong>{t('codes.link.noIssuer')}</strong>
            )}
            {check.account.account ? (
              <>
                {' — '}
                <span translate="no" dir="ltr">
                  {check.account.account}
                </span>
              </>
            ) : null}
          </p>
          <p className="field__hint">
            {t('codes.link.summary', {
              type: check.account.type,
              digits: check.account.digits,
              period: check.account.period,
            })}
          </p>
          {check.warnings.map((warning) => (
            <p key={warning} className="field__hint">
              {warning}
            </p>
          ))}
        </div>
      ) : null}
      <FormError message={serverError} />
      <SameSecretWarning warning={sameSecret} />
      {onImport && isOtpauthMigrationUri(link.trim()) ? (
        <div className="form__actions">
          <button type="button" className="button button--primary" onClick={() => onImport(link.trim())}>
            {t('codes.add.importThese')}
          </button>
        </div>
      ) : null}
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={check.kind !== 'ok' || busy}>
          {t('codes.add.submit')}
        </button>
      </div>
    </form>
  );
}
