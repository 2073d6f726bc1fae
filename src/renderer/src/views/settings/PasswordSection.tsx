import { useEffect, useState, type FormEvent } from 'react';
import { call, messageOf } from '../../api/client';
import type { VaultStatus } from '../../../../shared/ipc';
import { useToast } from '../../components/toast';
import { TextField } from '../../components/TextField';
import { FormError } from '../../components/FormError';

/** The optional password slot: a second way to open the vault if the keychain is lost. */
export function PasswordSection(): React.JSX.Element {
  const [status, setStatus] = useState<VaultStatus | null>(null);
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const toast = useToast();

  useEffect(() => {
    call('vault.status')
      .then(setStatus)
      .catch((caught: unknown) => setError(messageOf(caught)));
  }, []);

  const mismatch = repeat !== '' && repeat !== password ? 'The two passwords are not the same.' : undefined;
  const tooShort = password !== '' && password.length < 8 ? 'Use at least 8 characters.' : undefined;

  const set = (event: FormEvent): void => {
    event.preventDefault();
    if (password.length < 8 || password !== repeat) return;
    setBusy(true);
    call('vault.setPassword', { password })
      .then((next) => {
        setStatus(next);
        setPassword('');
        setRepeat('');
        setError(null);
        toast({ message: 'Vault password set' });
      })
      .catch((caught: unknown) => setError(messageOf(caught)))
      .finally(() => setBusy(false));
  };

  const remove = (): void => {
    setBusy(true);
    call('vault.removePassword')
      .then((next) => {
        setStatus(next);
        toast({ message: 'Vault password removed' });
      })
      .catch((caught: unknown) => setError(messageOf(caught)))
      .finally(() => setBusy(false));
  };

  return (
    <section className="settings__section" aria-labelledby="set-password">
      <h2 id="set-password">Vault password</h2>
      <p>
        Your accounts are encrypted with a key kept in your system keychain. A password is a second way to
        open them, for example after reinstalling your system.
      </p>
      {status?.message ? <p className="field__hint">{status.message}</p> : null}
      {status?.hasPassword ? (
        <div className="settings__row">
          <p>A vault password is set.</p>
          <button type="button" className="button" disabled={busy} onClick={remove}>
            Remove password
          </button>
        </div>
      ) : status ? (
        <form className="form settings__form" onSubmit={set} noValidate aria-label="Set a vault password">
          <p>No vault password is set.</p>
          <TextField label="New password" value={password} onChange={setPassword} error={tooShort} secret />
          <TextField
            label="Repeat the password"
            value={repeat}
            onChange={setRepeat}
            error={mismatch}
            secret
          />
          <div>
            <button
              type="submit"
              className="button button--primary"
              disabled={busy || password.length < 8 || password !== repeat}
            >
              Set password
            </button>
          </div>
        </form>
      ) : null}
      <FormError message={error} />
    </section>
  );
}
