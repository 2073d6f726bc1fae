import { useId, type Ref } from 'react';

interface TextFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string;
  error?: string | undefined;
  /** Monospace, no spell check or autocapitalisation: for secrets and links. */
  code?: boolean;
  numeric?: boolean;
  /** The id of a <datalist> of suggestions. */
  list?: string;
  /** A password: hidden as typed. */
  secret?: boolean;
  multiline?: boolean;
  /** The input itself (to focus or select it); single-line fields only. */
  inputRef?: Ref<HTMLInputElement>;
  autoFocus?: boolean;
}

/** A labelled input whose hint and error are read out with it. */
export function TextField({
  label,
  value,
  onChange,
  hint,
  error,
  code,
  numeric,
  multiline,
  secret,
  list,
  inputRef,
  autoFocus,
}: TextFieldProps): React.JSX.Element {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    className: `input${code ? ' input--code' : ''}`,
    value,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
    spellCheck: code ? false : undefined,
    autoCapitalize: code ? 'off' : undefined,
    autoComplete: 'off',
  } as const;
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {multiline ? (
        <textarea {...common} rows={3} onChange={(event) => onChange(event.target.value)} />
      ) : (
        <input
          {...common}
          ref={inputRef}
          autoFocus={autoFocus}
          type={secret ? 'password' : 'text'}
          inputMode={numeric ? 'numeric' : undefined}
          list={list}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
      {hint ? (
        <span id={hintId} className="field__hint">
          {hint}
        </span>
      ) : null}
      {error ? (
        <span id={errorId} className="field__error">
          {error}
        </span>
      ) : null}
    </div>
  );
}
