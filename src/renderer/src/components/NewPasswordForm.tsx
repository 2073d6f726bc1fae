import { useState, type FormEvent, type ReactNode } from 'react';
import { messageOf } from '../api/client';
import { FormError } from './FormError';
import { TextField } from './TextField';

interface NewPasswordFormProps {
  /** The form's accessible name. */
  label: string;
  submitLabel: string;
  /** Resolves when the password was taken; a rejection is shown under the form. */
  onSubmit: (password: string) => Promise<unknown>;
  children?: ReactNode;
  /** The first field takes focus (a page that is only this form). */
  autoFocus?: boolean;
}

/** A new password typed twice, at least 8 characters, checked as you type. */
export function NewPasswordForm({
  label,
  submitLabel,
  onSubmit,
  children,
  autoFocus,
}: NewPasswordFormProps): React.JSX.Element {
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const mismatch = repeat !== '' && repeat !== password ? 'The two passwords are not the same.' : undefined;
  const tooShort = password !== '' && password.length < 8 ? 'Use at least 8 characters.' : undefined;

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (password.length < 8 || password !== repeat) return;
    setBusy(true);
    setError(null);
    onSubmit(password)
      .then(() => {
        setPassword('');
        setRepeat('');
      })
      .catch((caught: unknown) => setError(messageOf(caught)))
      .finally(() => setBusy(false));
  };

  return (
    <form className="form settings__form" onSubmit={submit} noValidate aria-label={label}>
      {children}
      <TextField
        label="New password"
        value={password}
        onChange={setPassword}
        error={tooShort}
        secret
        autoFocus={autoFocus}
      />
      <TextField label="Repeat the password" value={repeat} onChange={setRepeat} error={mismatch} secret />
      <div>
        <button
          type="submit"
          className="button button--primary"
          disabled={busy || password.length < 8 || password !== repeat}
        >
          {submitLabel}
        </button>
      </div>
      <FormError message={error} />
    </form>
  );
}
