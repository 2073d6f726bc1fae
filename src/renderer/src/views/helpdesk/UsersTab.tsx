import { useCallback, useEffect, useRef, useState } from 'react';
import { messageOf } from '../../api/client';
import type { AdminUserView, UsersQueryInput } from '../../../../shared/ipc/channels/helpdesk';
import { useToast } from '../../components/toast';
import { saveText, useConsoleCall, useMyRole } from './session';
import { UserPanel } from './UserPanel';
import { FormError } from '../../components/FormError';
import { ROLES, type Role } from '../../../../shared/admin-api/vocabulary';
import type { MessageId } from '../../../../shared/i18n';
import { useT } from '../../i18n';
import { When } from './When';

type SortKey = NonNullable<UsersQueryInput['sort']>;
type Chip = 'on' | 'off' | 'locked' | Role;

/** The filter chips, each with its catalogue id (a role's by its stable key). */
const ROLE_CHIPS: Readonly<Record<Role, MessageId>> = {
  user: 'helpdesk.users.chipUsers',
  helpdesk: 'helpdesk.users.chipHelpdesk',
  admin: 'helpdesk.users.chipAdmins',
};
const CHIPS: readonly { id: Chip; label: MessageId }[] = [
  { id: 'on', label: 'helpdesk.user.twofaOn' },
  { id: 'off', label: 'helpdesk.user.twofaOff' },
  { id: 'locked', label: 'helpdesk.user.locked' },
  ...ROLES.map((role) => ({ id: role, label: ROLE_CHIPS[role] })),
];

const COLUMNS: readonly { key: SortKey; label: MessageId }[] = [
  { key: 'login', label: 'helpdesk.policy.colLogin' },
  { key: 'name', label: 'helpdesk.policy.colName' },
  { key: 'role', label: 'helpdesk.policy.colRole' },
  { key: 'twofa', label: 'helpdesk.policy.colTwofa' },
  { key: 'lastUsedAt', label: 'helpdesk.user.lastUsed' },
  { key: 'locked', label: 'helpdesk.user.locked' },
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
  const t = useT();
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
      toast({ message: t('helpdesk.users.exported', { count: rows, filename }) });
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
          <div className="helpdesk-chips" role="group" aria-label={t('helpdesk.users.filters')}>
            {CHIPS.map((chip) => (
              <button
                key={chip.id}
                type="button"
                className="chip"
                aria-pressed={chips.has(chip.id)}
                onClick={() => toggle(chip.id)}
              >
                {t(chip.label)}
              </button>
            ))}
          </div>
          <button type="button" className="button" onClick={() => void exportCsv()}>
            {t('helpdesk.action.exportCsv')}
          </button>
        </div>
        <FormError message={error} />
        <table className="helpdesk-table" aria-label={t('helpdesk.users.tableLabel')}>
          <thead>
            <tr>
              {COLUMNS.map((column) => (
                <th
                  key={column.key}
                  scope="col"
                  aria-sort={sort === column.key ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}
                >
                  <button type="button" className="helpdesk-table__sort" onClick={() => sortBy(column.key)}>
                    {t(column.label)}
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
                <td className="helpdesk-table__login" translate="no" dir="ltr">
                  {user.login}
                </td>
                <td translate="no">{user.name}</td>
                <td>{t('helpdesk.policy.roleShort', { role: user.role })}</td>
                <td>
                  <span className={`pill ${user.twofa.enabled ? 'pill--on' : 'pill--off'}`}>
                    {user.twofa.enabled ? t('helpdesk.user.twofaOn') : t('helpdesk.user.twofaOff')}
                  </span>
                </td>
                <td>
                  <When at={user.twofa.lastUsedAt} />
                </td>
                <td>
                  {user.locked ? <span className="pill pill--locked">{t('helpdesk.user.locked')}</span> : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {result && result.users.length === 0 ? (
          <p className="helpdesk-empty">{t('helpdesk.users.empty')}</p>
        ) : null}
        <nav className="helpdesk-pager" aria-label={t('helpdesk.users.pages')}>
          <button type="button" className="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
            {t('helpdesk.users.previous')}
          </button>
          <span aria-live="polite">
            {result
              ? t('helpdesk.users.pageOf', { count: result.total, page, pages })
              : t('common.state.loading')}
          </span>
          <button type="button" className="button" disabled={page >= pages} onClick={() => setPage(page + 1)}>
            {t('common.action.next')}
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
