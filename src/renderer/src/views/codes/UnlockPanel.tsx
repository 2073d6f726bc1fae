import { useRef, useState, type FormEvent } from 'react';
import { call, messageOf } from '../../api/client';
import type { VaultStatus } from '../../../../shared/ipc';
import { NewPasswordForm } from '../../components/NewPasswordForm';
import { TextField } from '../../components/TextField';
import './UnlockPanel.css';

interface UnlockPanelProps {
  status: VaultStatus;
  onUnlocked: (status: VaultStatus) => void;
}

/** Shown instead of the codes when the keychain cannot open the vault: its password can. */
export function UnlockPanel({ status, onUnlocked }: UnlockPanelProps): React.JSX.Element {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const field = useRef<HTMLInputElement>(null);

  const unlock = (event: FormEvent): void => {
    event.preventDefault();
    if (password === '') {
      setError('Enter the vault password.');
      return;
    }
    setBusy(true);
    call('vault.unlock', { password })
      .then((next) => {
        setPassword('');
        onUnlocked(next);
      })
      .catch((caught: unknown) => {
        setError(messageOf(caught));
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
        <h2 id="unlock-title">Protect your accounts with a password</h2>
        <p>{status.message}</p>
        <p>
          Choose a password instead: Twofold encrypts your accounts with it and asks for it each time it
          starts. Nobody can recover it for you, so keep it somewhere safe.
        </p>
        <NewPasswordForm
          label="Protect the vault with a password"
          submitLabel="Protect and open"
          autoFocus
          onSubmit={(password) => call('vault.create', { password }).then(onUnlocked)}
        />
      </section>
    );
  }
  if (status.state === 'unavailable') {
    return (
      <section className="unlock" aria-labelledby="unlock-title">
        <h2 id="unlock-title">Your accounts cannot be opened</h2>
        <p>{status.message ?? 'Twofold cannot reach the system keychain that holds the vault key.'}</p>
      </section>
    );
  }
  return (
    <section className="unlock" aria-labelledby="unlock-title">
      <h2 id="unlock-title">Unlock your accounts</h2>
      <p>
        {status.message ?? 'The system keychain did not give Twofold the vault key.'} Enter the vault
        password.
      </p>
      <form className="form" onSubmit={unlock} noValidate aria-label="Unlock">
        <TextField
          label="Vault password"
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
            Unlock
          </button>
        </div>
      </form>
    </section>
  );
}
