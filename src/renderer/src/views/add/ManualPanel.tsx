import { useState, type FormEvent } from 'react';
import { call } from '../../api/client';
import type { EntryMeta } from '../../../../shared/ipc';
import { HASH_ALGORITHMS } from '../../../../shared/otp/types';
import { EMPTY_FORM, toAddInput, validateManual, type ManualForm } from './manualForm';
import { TextField } from '../../components/TextField';
import { FormError } from '../../components/FormError';
import { SameSecretWarning, useAddCall } from './useAddCall';
import { useT } from '../../i18n';

/** Enter an account by hand; every field explains its problem as you type. */
export function ManualPanel({ onAdded }: { onAdded: (entries: EntryMeta[]) => void }): React.JSX.Element {
  const t = useT();
  const [form, setForm] = useState<ManualForm>(EMPTY_FORM);
  const [touched, setTouched] = useState<Partial<Record<keyof ManualForm, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const { busy, error: serverError, setError: setServerError, sameSecret, add } = useAddCall(onAdded);
  const errors = validateManual(form, t);

  const set = (key: keyof ManualForm) => (value: string) => {
    setForm((previous) => ({ ...previous, [key]: value }));
    setTouched((previous) => ({ ...previous, [key]: true }));
    setServerError(null);
  };
  const shown = (key: keyof ManualForm): string | undefined =>
    submitted || touched[key] ? errors[key] : undefined;

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setSubmitted(true);
    if (Object.keys(errors).length > 0) return;
    add((allowDuplicate) => call('entries.add', { ...toAddInput(form), allowDuplicate }));
  };

  return (
    <form className="form" onSubmit={submit} noValidate aria-label={t('codes.add.method.manual')}>
      <TextField
        label={t('codes.field.issuer')}
        hint={t('codes.manual.issuerHint')}
        value={form.issuer}
        onChange={set('issuer')}
        error={shown('issuer')}
      />
      <TextField
        label={t('codes.field.login')}
        hint={t('codes.manual.loginHint')}
        value={form.account}
        onChange={set('account')}
        error={shown('account')}
      />
      <TextField
        label={t('codes.field.secret')}
        hint={t('codes.manual.secretHint')}
        value={form.secret}
        onChange={set('secret')}
        error={shown('secret')}
        code
      />
      <details className="manual__advanced">
        <summary>{t('codes.manual.advanced')}</summary>
        <div className="form form--row">
          <label className="field">
            <span className="field__label">{t('codes.manual.type')}</span>
            <select className="input" value={form.type} onChange={(e) => set('type')(e.target.value)}>
              <option value="totp">{t('codes.manual.totp')}</option>
              <option value="hotp">{t('codes.manual.hotp')}</option>
              <option value="steam">{t('codes.manual.steam')}</option>
            </select>
          </label>
          <label className="field">
            <span className="field__label">{t('codes.manual.algorithm')}</span>
            <select
              className="input"
              value={form.algorithm}
              onChange={(e) => set('algorithm')(e.target.value)}
            >
              {HASH_ALGORITHMS.map((name) => (
                <option key={name} value={name} translate="no">
                  {name}
                </option>
              ))}
            </select>
          </label>
          {form.type !== 'steam' ? (
            <TextField
              label={t('codes.manual.digits')}
              value={form.digits}
              onChange={set('digits')}
              error={shown('digits')}
              numeric
            />
          ) : null}
          {form.type === 'hotp' ? (
            <TextField
              label={t('codes.manual.counter')}
              value={form.counter}
              onChange={set('counter')}
              error={shown('counter')}
              numeric
            />
          ) : (
            <TextField
              label={t('codes.manual.period')}
              value={form.period}
              onChange={set('period')}
              error={shown('period')}
              numeric
            />
          )}
        </div>
      </details>
      <FormError message={serverError} />
      <SameSecretWarning warning={sameSecret} />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {t('codes.add.submit')}
        </button>
      </div>
    </form>
  );
}
