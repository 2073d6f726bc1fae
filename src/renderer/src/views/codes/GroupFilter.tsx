import { ALL_GROUPS } from './listModel';

interface GroupFilterProps {
  groups: readonly string[];
  value: string;
  onChange: (group: string) => void;
}

/** Shows one group, or all of them. */
export function GroupFilter({ groups, value, onChange }: GroupFilterProps): React.JSX.Element {
  return (
    <select
      className="input"
      aria-label="Show group"
      value={value}
      onChange={(event) => onChange(event.target.value)}
    >
      <option value={ALL_GROUPS}>All groups</option>
      {groups.map((group) => (
        <option key={group} value={group}>
          {group}
        </option>
      ))}
    </select>
  );
}
