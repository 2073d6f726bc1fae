import { WITNESS_REFUSED, type LocalAuditLog } from './audit-log';
import type { AdminConnection, AdminUser } from './driver';
import { isHelpdeskError } from './errors';

export interface AuditScope {
  readonly log: LocalAuditLog;
  /** The admin's login. */
  readonly actor: string;
  /** The server as the log names it (see `serverName`). */
  readonly server: string;
}

/** How the local log names a server: its address, plus the database where there are several. */
export function serverName(profile: { url: string; db?: string }): string {
  return profile.db ? `${profile.url} (database ${profile.db})` : profile.url;
}

/** The server's refusal in one short line (Odoo's access errors are long). */
const refusalText = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim().slice(0, 300);

/**
 * "ok", or the error's code; null when there is nothing to record: the outcome is not final (the server
 * asked for the password first), or nothing was sent (the server does not offer it).
 */
function outcome(error: unknown): string | null {
  if (isHelpdeskError(error, 'STEP_UP_REQUIRED') || isHelpdeskError(error, 'NOT_OFFERED')) return null;
  return `failed: ${isHelpdeskError(error) ? error.code : 'error'}`;
}

/**
 * The connection, with every action that changes or checks an account written to the local audit log
 * (who, where, what, on whom, why, how it ended), whatever the server keeps itself.
 */
export function audited(connection: AdminConnection, scope: AuditScope): AdminConnection {
  const logins = new Map<number, string>();
  const seen = <T extends AdminUser>(user: T): T => {
    logins.set(user.id, user.login);
    return user;
  };
  const record = async <T>(
    action: string,
    target: string | number | null,
    reason: string | null,
    run: () => Promise<T>,
    resultOf: (value: T) => string = () => 'ok',
  ): Promise<T> => {
    const targetName = typeof target === 'number' ? (logins.get(target) ?? `user #${target}`) : target;
    const write = async (result: string) => {
      const head = await scope.log.append({
        actor: scope.actor,
        server: scope.server,
        action,
        target: targetName,
        reason,
        result,
      });
      // The head goes to the server with the action; the action is done whatever the witness says,
      // and the next action's head covers this record too. A witness that refused (an Odoo agent
      // without the right to post a note, say) is itself a record: --verify and the Audit tab tell it.
      if (head && connection.witnessHead) {
        await connection
          .witnessHead({
            ...head,
            actor: scope.actor,
            action,
            target: targetName,
            userId: typeof target === 'number' ? target : null,
            reason,
            result,
          })
          .catch((error: unknown) =>
            scope.log.append({
              actor: scope.actor,
              server: scope.server,
              action: WITNESS_REFUSED,
              target: targetName,
              reason: `record ${head.seq} (${action}): ${refusalText(error)}`,
              result: `failed: ${isHelpdeskError(error) ? error.code : 'error'}`,
            }),
          );
      }
    };
    let value: T;
    try {
      value = await run();
    } catch (error) {
      const result = outcome(error);
      if (result !== null) await write(result);
      throw error;
    }
    await write(resultOf(value));
    return value;
  };

  return {
    ...connection,
    users: async (query) => {
      const page = await connection.users(query);
      page.users.forEach(seen);
      return page;
    },
    user: async (userId) => seen(await connection.user(userId)),
    userByLogin: async (login) => seen(await connection.userByLogin(login)),
    checkCode: (userId, code) =>
      record(
        'user.2fa.check',
        userId,
        null,
        () => connection.checkCode(userId, code),
        ({ valid }) => (valid ? 'ok' : 'failed: wrong code'),
      ),
    disableTwofa: (userId, reason, proof) =>
      record('user.2fa.disable', userId, reason, () => connection.disableTwofa(userId, reason, proof)),
    resetTwofa: (userId, reason, proof) =>
      record('user.2fa.reset', userId, reason, () => connection.resetTwofa(userId, reason, proof)),
    issueTemporaryCode: (userId, options) =>
      record('user.temporary-code.issue', userId, options.reason, () =>
        connection.issueTemporaryCode(userId, options),
      ),
    revokeTemporaryCode: (userId, codeId, reason) =>
      record('user.temporary-code.revoke', userId, reason, () =>
        connection.revokeTemporaryCode(userId, codeId, reason),
      ),
    revokeDevice: (userId, deviceId, reason) =>
      record('user.device.revoke', userId, reason, () => connection.revokeDevice(userId, deviceId, reason)),
    setPolicy: (role, change) =>
      record('policy.set', `role:${role}`, change.reason ?? null, () => connection.setPolicy(role, change)),
    unlock: (userId, reason) =>
      record('user.unlock', userId, reason, () => connection.unlock(userId, reason)),
    revokeDevices: (userId, reason) =>
      record(
        'user.devices.revoke',
        userId,
        reason,
        () => connection.revokeDevices(userId, reason),
        ({ revoked }) => `ok: ${revoked} revoked`,
      ),
    enableSelf: (code) => record('self.2fa.enable', scope.actor, null, () => connection.enableSelf(code)),
    newRecoveryCodes: () =>
      record('self.recovery.regenerate', scope.actor, null, () => connection.newRecoveryCodes()),
  };
}
