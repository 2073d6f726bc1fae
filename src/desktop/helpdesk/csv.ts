import type { AdminConnection, AdminUser, UsersQuery } from './driver';

const COLUMNS = [
  'login',
  'name',
  'role',
  '2fa',
  '2fa enabled at',
  '2fa last used',
  'recovery codes left',
  'locked',
] as const;

/** One CSV cell: quoted when needed, and defused so a spreadsheet never runs it as a formula. */
function cell(value: string | number | boolean | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function usersCsv(users: readonly AdminUser[]): string {
  const lines = [COLUMNS.join(',')];
  for (const user of users) {
    lines.push(
      [
        user.login,
        user.name,
        user.role,
        user.twofa.enabled ? 'on' : 'off',
        user.twofa.enabledAt,
        user.twofa.lastUsedAt,
        user.twofa.recoveryCodesLeft,
        user.locked ? 'yes' : 'no',
      ]
        .map(cell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** Every user matching the filters, page by page (stops at `limit` rows). */
export async function allUsers(
  connection: AdminConnection,
  query: Omit<UsersQuery, 'page' | 'pageSize'>,
  limit = 200_000,
): Promise<AdminUser[]> {
  const pageSize = connection.largestPage ?? 100;
  const users: AdminUser[] = [];
  for (let page = 1; users.length < limit; page++) {
    const result = await connection.users({ ...query, page, pageSize });
    users.push(...result.users);
    if (result.users.length === 0 || users.length >= result.total) break;
  }
  return users.slice(0, limit);
}
