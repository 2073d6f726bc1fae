import { useEffect, useState } from 'react';
import { call, messageOf, subscribe } from '../../api/client';
import type { VaultStatus } from '../../../../shared/ipc';
import { useToast } from '../../components/toast';
import { NewPasswordForm } from '../../components/NewPasswordForm';
import { FormError } from '../../components/FormError';

/** The optional password slot: a second way to open the vault if the keychain is lost. */
export function PasswordSection(): React.JSX.Element {
  const [status, setStatus] = useState<VaultStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [rotateKey, setRotateKey] = useState(false);
  const toast = useToast();

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
    toast({ message: rotateKey ? 'Vault password set and vault key replaced' : 'Vault password set' });
  };

  const create = async (password: string): Promise<void> => {
    setStatus(await call('vault.create', { password }));
    toast({ message: 'Your vault is protected by its password' });
  };

  const remove = (): void => {
    setBusy(true);
    call('vault.removePassword', { rotateKey })
      .then((next) => {
        setStatus(next);
        setRotateKey(false);
        toast({
          message: rotateKey ? 'Vault password removed and vault key replaced' : 'Vault password removed',
        });
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
      {status?.state === 'needs-password' ? (
        <NewPasswordForm
          label="Protect the vault with a password"
          submitLabel="Protect and open"
          onSubmit={create}
        />
      ) : status?.hasPassword ? (
        <div className="settings__row">
          <p>A vault password is set.</p>
          <button type="button" className="button" disabled={busy} onClick={remove}>
            Remove password
          </button>
        </div>
      ) : status?.state === 'ready' ? (
        <NewPasswordForm label="Set a vault password" submitLabel="Set password" onSubmit={set}>
          <p>No vault password is set.</p>
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
            <span>Also replace the vault key</span>
          </label>
          <span id="set-rotate-hint" className="field__hint settings__hint">
            Re-encrypts all your accounts under a new key when you set or remove the password, so a copy of
            the vault file made before, with its old password, cannot read anything saved from now on. Use it
            if a password or a copy of the file may have been seen by someone else.
          </span>
        </>
      ) : null}
      <FormError message={error} />
    </section>
  );
}
