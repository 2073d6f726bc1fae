import { useId, useRef, useState, type RefObject } from 'react';
import { useT } from '../../i18n';

/** Why an action is taken: at least 10 characters, kept in the audit log. */
export const reasonIsLongEnough = (reason: string): boolean => reason.trim().length >= 10;

/**
 * The reason of a dialog: its text, and its error shown at the field itself (not at the foot of
 * the dialog), with the field focused so the admin types on where the problem is.
 */
export function useReason() {
  const t = useT();
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  return {
    value,
    /** True when the reason is long enough; otherwise shows the error at the field and focuses it. */
    check(): boolean {
      if (reasonIsLongEnough(value)) {
        setError(null);
        return true;
      }
      setError(t('helpdesk.reason.tooShort', { min: 10 }));
      inputRef.current?.focus();
      return false;
    },
    field: {
      value,
      error,
      inputRef,
      onChange(next: string) {
        setValue(next);
        if (reasonIsLongEnough(next)) setError(null);
      },
    },
  };
}

/** The reason field of every help-desk action that changes an account or a policy. */
export function ReasonField({
  value,
  onChange,
  error = null,
  inputRef,
  placeholder,
  rows = 3,
}: {
  value: string;
  onChange: (value: string) => void;
  error?: string | null;
  inputRef?: RefObject<HTMLTextAreaElement | null>;
  placeholder?: string;
  rows?: number;
}): React.JSX.Element {
  const t = useT();
  const id = useId();
  return (
    <label className="field">
      <span className="field__label">{t('helpdesk.reason.label')}</span>
      <textarea
        ref={inputRef}
        className="input"
        rows={rows}
        required
        autoFocus
        value={value}
        aria-invalid={error !== null}
        aria-describedby={error ? `${id}-error ${id}-hint` : `${id}-hint`}
        onChange={(e) => onChange(e.target.value)}
        placeholder={placeholder ?? t('helpdesk.reason.placeholder')}
      />
      {error ? (
        <span className="field__error" id={`${id}-error`} role="alert">
          {error}
        </span>
      ) : null}
      <span className="field__hint" id={`${id}-hint`}>
        {t('helpdesk.reason.hint', { min: 10 })}
      </span>
    </label>
  );
}
