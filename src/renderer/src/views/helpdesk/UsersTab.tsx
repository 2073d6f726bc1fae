import { countOf } from '../../../../shared/words';
import { useCallback, useEffect, useRef, useState } from 'react';
import { messageOf } from '../../api/client';
import type { AdminUserView, UsersQueryInput } from '../../../../shared/ipc/channels/helpdesk';
import { useToast } from '../../components/toast';
import { saveText, useConsoleCall, useMyRole, when } from './session';
import { UserPanel } from './UserPanel';
import { FormError } from '../../components/FormError';
import { ROLES, ROLE_PLURALS, type Role } from '../../../../shared/admin-api/vocabulary';

type SortKey = NonNullable<UsersQueryInput['sort']>;
type Chip = 'on' | 'off' | 'locked' | Role;

const CHIPS: readonly { id: Chip; label: string }[] = [
  { id: 'on', label: '2FA on' },
  { id: 'off', label: '2FA off' },
  { id: 'locked', label: 'Locked' },
  ...ROLES.map((role) => ({ id: role, label: ROLE_PLURALS[role] })),
];

const COLUMNS: readonly { key: SortKey; label: string }[] = [
  { key: 'login', label: 'Login' },
  { key: 'name', label: 'Name' },
  { key: 'role', label: 'Role' },
  { key: 'twofa', label: '2FA' },
  { key: 'lastUsedAt', label: 'Last used' },
  { key: 'locked', label: 'Locked' },
];

const PAGE_SIZE = 50;

function filtersOf(
  search: string,
  chips: ReadonlySet<Chip>,
): Omit<UsersQueryInput, 'page' | 'pageSize' | 'sort' | 'order'> {
  const role = ROLES.find((r) => chips.has(r));
  return {
    ...(search.trim() ? { q: search.trim() } : {}),
    ...(chips.has('on')
      ? { twofa: 'enabled' as const }
      : chips.has('off')
        ? { twofa: 'disabled' as const }
        : {}),
    ...(chips.has('locked') ? { locked: true } : {}),
    ...(role ? { role } : {}),
  };
}

/** The users table: search, filter chips, sortable columns, paging, CSV, and the side panel. */
export function UsersTab({ search }: { search: string }): React.JSX.Element {
  const consoleCall = useConsoleCall();
  const toast = useToast();
  const myRole = useMyRole();
  const [chips, setChips] = useState<ReadonlySet<Chip>>(new Set());
  const [sort, setSort] = useState<SortKey>('login');
  const [order, setOrder] = useState<'asc' | 'desc'>('asc');
  // The page resets whenever the filters or the sort change.
  const filterKey = JSON.stringify([search, [...chips], sort, order]);
  const [paging, setPaging] = useState({ key: filterKey, page: 1 });
  const page = paging.key === filterKey ? paging.page : 1;
  const setPage = (next: number): void => setPaging({ key: filterKey, page: next });
  const [result, setResult] = useState<{ users: AdminUserView[]; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<AdminUserView | null>(null);

  // Only the newest request may fill the table: an older answer arriving late is dropped.
  const latest = useRef(0);
  const load = useCallback(async () => {
    const ticket = ++latest.current;
    try {
      const found = await consoleCall('helpdesk.users', {
        ...filtersOf(search, chips),
        sort,
        order,
        page,
        pageSize: PAGE_SIZE,
      });
      if (ticket !== latest.current) return;
      setResult(found);
      setError(null);
    } catch (caught) {
      if (ticket === latest.current) setError(messageOf(caught));
    }
  }, [consoleCall, search, chips, sort, order, page]);

  useEffect(() => {
    const timer = setTimeout(() => void load(), 150);
    return () => clearTimeout(timer);
  }, [load]);

  const toggle = (chip: Chip): void => {
    const next = new Set(chips);
    if (next.has(chip)) next.delete(chip);
    else {
      // Opposites cannot both apply: 2FA on/off, and one role at a time.
      const exclusive: Chip[] =
        chip === 'on' || chip === 'off' ? ['on', 'off'] : chip === 'locked' ? [] : [...ROLES];
      for (const other of exclusive) next.delete(other);
      next.add(chip);
    }
    setChips(next);
  };

  const sortBy = (key: SortKey): void => {
    if (key === sort) setOrder(order === 'asc' ? 'desc' : 'asc');
    else {
      setSort(key);
      setOrder('asc');
    }
  };

  const exportCsv = async (): Promise<void> => {
    try {
      const { csv, rows, filename } = await consoleCall('helpdesk.exportCsv', {
        ...filtersOf(search, chips),
        sort,
        order,
      });
      saveText(filename, csv);
      toast({ message: `Exported ${countOf(rows, 'user')} to ${filename}` });
    } catch (caught) {
      toast({ message: messageOf(caught) });
    }
  };

  const pages = result ? Math.max(1, Math.ceil(result.total / PAGE_SIZE)) : 1;
  const updated = (user: AdminUserView): void => {
    setSelected(user);
    setResult(
      (current) => current && { ...current, users: current.users.map((u) => (u.id === user.id ? user : u)) },
    );
  };

  return (
    <div className="helpdesk-users">
      <div className="helpdesk-users__main">
        <div className="helpdesk-toolbar">
          <div className="helpdesk-chips" role="group" aria-label="Filters">
            {CHIPS.map((chip) => (
              <button
                key={chip.id}
                type="button"
                className="chip"
                aria-pressed={chips.has(chip.id)}
                onClick={() => toggle(chip.id)}
              >
                {chip.label}
              </button>
            ))}
          </div>
          <button type="button" className="button" onClick={() => void exportCsv()}>
            Export CSV
          </button>
        </div>
        <FormError message={error} />
        <table className="helpdesk-table" aria-label="Users">
          <thead>
            <tr>
              {COLUMNS.map((column) => (
                <th
                  key={column.key}
                  scope="col"
                  aria-sort={sort === column.key ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}
                >
                  <button type="button" className="helpdesk-table__sort" onClick={() => sortBy(column.key)}>
                    {column.label}
                    <span aria-hidden="true">
                      {sort === column.key ? (order === 'asc' ? ' ▲' : ' ▼') : ''}
                    </span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {result?.users.map((user) => (
              <tr
                key={user.id}
                className={selected?.id === user.id ? 'is-selected' : undefined}
                tabIndex={0}
                aria-selected={selected?.id === user.id}
                onClick={() => setSelected(user)}
                onKeyDown={(event) => {
                  if (event.key === 'Enter' || event.key === ' ') {
                    event.preventDefault();
                    setSelected(user);
                  }
                }}
              >
                <td className="helpdesk-table__login">{user.login}</td>
                <td>{user.name}</td>
                <td>{user.role}</td>
                <td>
                  <span className={`pill ${user.twofa.enabled ? 'pill--on' : 'pill--off'}`}>
                    {user.twofa.enabled ? '2FA on' : '2FA off'}
                  </span>
                </td>
                <td>{when(user.twofa.lastUsedAt)}</td>
                <td>{user.locked ? <span className="pill pill--locked">Locked</span> : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {result && result.users.length === 0 ? <p className="helpdesk-empty">No users match.</p> : null}
        <nav className="helpdesk-pager" aria-label="Pages">
          <button type="button" className="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
            Previous
          </button>
          <span aria-live="polite">
            {result
              ? `${countOf(result.total, 'user')} · page ${page.toLocaleString()} of ${pages.toLocaleString()}`
              : 'Loading…'}
          </span>
          <button type="button" className="button" disabled={page >= pages} onClick={() => setPage(page + 1)}>
            Next
          </button>
        </nav>
      </div>
      {selected ? (
        <UserPanel
          key={selected.id}
          user={selected}
          actorRole={myRole}
          onChanged={updated}
          onClose={() => setSelected(null)}
        />
      ) : null}
    </div>
  );
}
