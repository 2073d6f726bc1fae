import { useT } from '../../i18n';
import { ALL_GROUPS } from './listModel';

interface GroupFilterProps {
  groups: readonly string[];
  value: string;
  onChange: (group: string) => void;
}

/** Shows one group, or all of them. */
export function GroupFilter({ groups, value, onChange }: GroupFilterProps): React.JSX.Element {
  const t = useT();
  return (
    <select
      className="input"
      aria-label={t('codes.groups.label')}
      value={value}
      onChange={(event) => onChange(event.target.value)}
    >
      <option value={ALL_GROUPS}>{t('codes.groups.all')}</option>
      {groups.map((group) => (
        <option key={group} value={group} translate="no">
          {group}
        </option>
      ))}
    </select>
  );
}
