import { useRef, useState, type FormEvent } from 'react';
import { call, messageOf } from '../../api/client';
import type { VaultStatus } from '../../../../shared/ipc';
import { NewPasswordForm } from '../../components/NewPasswordForm';
import { TextField } from '../../components/TextField';
import { useT } from '../../i18n';
import './UnlockPanel.css';

interface UnlockPanelProps {
  status: VaultStatus;
  onUnlocked: (status: VaultStatus) => void;
}

/** Shown instead of the codes when the keychain cannot open the vault: its password can. */
export function UnlockPanel({ status, onUnlocked }: UnlockPanelProps): React.JSX.Element {
  const t = useT();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const field = useRef<HTMLInputElement>(null);

  const unlock = (event: FormEvent): void => {
    event.preventDefault();
    if (password === '') {
      setError(t('codes.unlock.enterPassword'));
      return;
    }
    setBusy(true);
    call('vault.unlock', { password })
      .then((next) => {
        setPassword('');
        onUnlocked(next);
      })
      .catch((caught: unknown) => {
        setError(messageOf(caught, t));
        // Ready to type again over the wrong text.
        requestAnimationFrame(() => {
          field.current?.focus();
          field.current?.select();
        });
      })
      .finally(() => setBusy(false));
  };

  if (status.state === 'needs-password') {
    return (
      <section className="unlock" aria-labelledby="unlock-title">
        <h2 id="unlock-title">{t('codes.unlock.protectTitle')}</h2>
        <p>{status.message}</p>
        <p>{t('codes.unlock.protectBody')}</p>
        <NewPasswordForm
          label={t('codes.unlock.protectLabel')}
          submitLabel={t('codes.unlock.protectSubmit')}
          autoFocus
          onSubmit={(password) => call('vault.create', { password }).then(onUnlocked)}
        />
      </section>
    );
  }
  if (status.state === 'unavailable') {
    return (
      <section className="unlock" aria-labelledby="unlock-title">
        <h2 id="unlock-title">{t('codes.unlock.unavailableTitle')}</h2>
        <p>{status.message ?? t('codes.unlock.noKeychain')}</p>
      </section>
    );
  }
  return (
    <section className="unlock" aria-labelledby="unlock-title">
      <h2 id="unlock-title">{t('codes.unlock.title')}</h2>
      <p>{t('codes.unlock.intro', { reason: status.message ?? t('codes.unlock.keychainRefused') })}</p>
      <form className="form" onSubmit={unlock} noValidate aria-label={t('codes.unlock.formLabel')}>
        <TextField
          label={t('codes.unlock.passwordLabel')}
          value={password}
          onChange={(value) => {
            setPassword(value);
            setError(null);
          }}
          error={error ?? undefined}
          secret
          inputRef={field}
          autoFocus
        />
        <div>
          <button type="submit" className="button button--primary" disabled={busy}>
            {t('codes.unlock.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
