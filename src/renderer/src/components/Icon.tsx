import './Icon.css';

// Line icons drawn here rather than emoji: emoji depend on fonts the system may lack.
const PATHS = {
  codes: 'M12 3a9 9 0 1 0 0 18a9 9 0 0 0 0-18zM12 7v5l3 2',
  helpdesk: 'M4 13v-1a8 8 0 0 1 16 0v1M4 13h3v6H4zM17 13h3v6h-3zM20 19a3 3 0 0 1-3 3h-3',
  settings:
    'M12 9a3 3 0 1 0 0 6a3 3 0 0 0 0-6zM19 12l2-1-1-3-2 .2-1.2-1.2.2-2-3-1-1 2h-2l-1-2-3 1 .2 2L6 8.2 4 8 3 11l2 1v0l-2 1 1 3 2-.2 1.2 1.2-.2 2 3 1 1-2h2l1 2 3-1-.2-2 1.2-1.2 2 .2 1-3z',
  edit: 'M4 20h4L19 9l-4-4L4 16zM14 6l4 4',
  next: 'M20 12a8 8 0 1 1-2.3-5.7M20 4v5h-5',
  copy: 'M9 8h11v13H9zM15 8V3H4v13h5',
  more: 'M5 11a1 1 0 1 0 0 2a1 1 0 1 0 0-2zM12 11a1 1 0 1 0 0 2a1 1 0 1 0 0-2zM19 11a1 1 0 1 0 0 2a1 1 0 1 0 0-2z',
} as const;

export type IconName = keyof typeof PATHS;

/** A decorative icon; the control around it carries the accessible name. */
export function Icon({ name }: { name: IconName }): React.JSX.Element {
  return (
    <svg className="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} />
    </svg>
  );
}
