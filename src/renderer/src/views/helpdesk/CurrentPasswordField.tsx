/** The admin's own password, asked again before a sensitive action (the server's step-up). */
import { useT } from '../../i18n';

export function CurrentPasswordField({
  value,
  onChange,
}: {
  value: string;
  onChange: (value: string) => void;
}): React.JSX.Element {
  const t = useT();
  return (
    <label className="field">
      <span className="field__label">{t('helpdesk.stepUp.passwordLabel')}</span>
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
