import { useEffect, useState } from 'react';
import { call, messageOf, subscribe } from '../../api/client';
import type { VaultStatus } from '../../../../shared/ipc';
import { useToast } from '../../components/toast';
import { NewPasswordForm } from '../../components/NewPasswordForm';
import { FormError } from '../../components/FormError';
import { useT } from '../../i18n';

/** The optional password slot: a second way to open the vault if the keychain is lost. */
export function PasswordSection(): React.JSX.Element {
  const [status, setStatus] = useState<VaultStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [rotateKey, setRotateKey] = useState(false);
  const toast = useToast();
  const t = useT();

  useEffect(() => {
    call('vault.status')
      .then(setStatus)
      .catch((caught: unknown) => setError(messageOf(caught)));
  }, []);

  useEffect(() => subscribe('vault.status', setStatus), []);

  const set = async (password: string): Promise<void> => {
    const next = await call('vault.setPassword', { password, rotateKey });
    setStatus(next);
    setError(null);
    setRotateKey(false);
    toast({ message: rotateKey ? t('settings.password.setRotated') : t('settings.password.setDone') });
  };

  const create = async (password: string): Promise<void> => {
    setStatus(await call('vault.create', { password }));
    toast({ message: t('settings.password.created') });
  };

  const remove = (): void => {
    setBusy(true);
    call('vault.removePassword', { rotateKey })
      .then((next) => {
        setStatus(next);
        setRotateKey(false);
        toast({
          message: rotateKey ? t('settings.password.removedRotated') : t('settings.password.removed'),
        });
      })
      .catch((caught: unknown) => setError(messageOf(caught)))
      .finally(() => setBusy(false));
  };

  return (
    <section className="settings__section" aria-labelledby="set-password">
      <h2 id="set-password">{t('settings.password.title')}</h2>
      <p>{t('settings.password.about')}</p>
      {status?.message ? <p className="field__hint">{status.message}</p> : null}
      {status?.state === 'needs-password' ? (
        <NewPasswordForm
          label={t('settings.password.createLabel')}
          submitLabel={t('settings.password.createSubmit')}
          onSubmit={create}
        />
      ) : status?.hasPassword ? (
        <div className="settings__row">
          <p>{t('settings.password.isSet')}</p>
          <button type="button" className="button" disabled={busy} onClick={remove}>
            {t('settings.password.remove')}
          </button>
        </div>
      ) : status?.state === 'ready' ? (
        <NewPasswordForm
          label={t('settings.password.setLabel')}
          submitLabel={t('settings.password.setSubmit')}
          onSubmit={set}
        >
          <p>{t('settings.password.notSet')}</p>
        </NewPasswordForm>
      ) : null}
      {status?.state === 'ready' ? (
        <>
          <label className="settings__toggle">
            <input
              type="checkbox"
              checked={rotateKey}
              disabled={busy}
              onChange={(event) => setRotateKey(event.target.checked)}
              aria-describedby="set-rotate-hint"
            />
            <span>{t('settings.password.rotate')}</span>
          </label>
          <span id="set-rotate-hint" className="field__hint settings__hint">
            {t('settings.password.rotateHint')}
          </span>
        </>
      ) : null}
      <FormError message={error} />
    </section>
  );
}
