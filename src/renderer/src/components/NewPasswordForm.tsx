import { useState, type FormEvent, type ReactNode } from 'react';
import { messageOf } from '../api/client';
import { FormError } from './FormError';
import { TextField } from './TextField';
import { useT } from '../i18n';

const MIN_LENGTH = 8;

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
  const t = useT();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const mismatch = repeat !== '' && repeat !== password ? t('codes.password.mismatch') : undefined;
  const tooShort =
    password !== '' && password.length < MIN_LENGTH
      ? t('codes.password.tooShort', { count: MIN_LENGTH })
      : undefined;

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (password.length < MIN_LENGTH || password !== repeat) return;
    setBusy(true);
    setError(null);
    onSubmit(password)
      .then(() => {
        setPassword('');
        setRepeat('');
      })
      .catch((caught: unknown) => setError(messageOf(caught, t)))
      .finally(() => setBusy(false));
  };

  return (
    <form className="form settings__form" onSubmit={submit} noValidate aria-label={label}>
      {children}
      <TextField
        label={t('codes.password.new')}
        value={password}
        onChange={setPassword}
        error={tooShort}
        secret
        autoFocus={autoFocus}
      />
      <TextField
        label={t('codes.password.repeat')}
        value={repeat}
        onChange={setRepeat}
        error={mismatch}
        secret
      />
      <div>
        <button
          type="submit"
          className="button button--primary"
          disabled={busy || password.length < MIN_LENGTH || password !== repeat}
        >
          {submitLabel}
        </button>
      </div>
      <FormError message={error} />
    </form>
  );
}
