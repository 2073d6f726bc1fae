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
  const toast = useToast();

  useEffect(() => {
    call('vault.status')
      .then(setStatus)
      .catch((caught: unknown) => setError(messageOf(caught)));
  }, []);

  useEffect(() => subscribe('vault.status', setStatus), []);

  const set = async (password: string): Promise<void> => {
    const next = await call('vault.setPassword', { password });
    setStatus(next);
    setError(null);
    toast({ message: 'Vault password set' });
  };

  const create = async (password: string): Promise<void> => {
    setStatus(await call('vault.create', { password }));
    toast({ message: 'Your vault is protected by its password' });
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
      <FormError message={error} />
    </section>
  );
}
