/** Why an action is taken: at least 10 characters, kept in the audit log. */
export const REASON_TOO_SHORT = 'Give a reason of at least 10 characters; it goes into the audit log.';

export const reasonIsLongEnough = (reason: string): boolean => reason.trim().length >= 10;

/** The reason field of every help-desk action that changes an account or a policy. */
export function ReasonField({
  value,
  onChange,
  invalid = false,
  placeholder = 'e.g. Lost phone; identity checked by call-back',
  rows = 3,
}: {
  value: string;
  onChange: (value: string) => void;
  invalid?: boolean;
  placeholder?: string;
  rows?: number;
}): React.JSX.Element {
  return (
    <label className="field">
      <span className="field__label">Reason</span>
      <textarea
        className="input"
        rows={rows}
        required
        autoFocus
        value={value}
        aria-invalid={invalid}
        onChange={(e) => onChange(e.target.value)}
        placeholder={placeholder}
      />
      <span className="field__hint">At least 10 characters. It is kept in the audit log.</span>
    </label>
  );
}
