/** The admin's own password, asked again before a sensitive action (the server's step-up). */
export function CurrentPasswordField({
  value,
  onChange,
}: {
  value: string;
  onChange: (value: string) => void;
}): React.JSX.Element {
  return (
    <label className="field">
      <span className="field__label">Your password</span>
      <input
        className="input"
        type="password"
        autoComplete="current-password"
        autoFocus
        required
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}
