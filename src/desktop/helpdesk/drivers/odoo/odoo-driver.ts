import { words } from '../../../../shared/person-facing-error';
import { z } from 'zod';
import type { DriverConnection } from '../../capability-gate';
import { auditSentence } from '../../../../shared/admin-api/audit-sentence';
import type { WitnessedHead } from '../../audit-log';
import type {
  AuditWitness,
  DriverDefinition,
  AdminUser,
  SessionToken,
  TrustedDevice,
  UsersQuery,
} from '../../driver';
import { MAX_SESSION_SECONDS } from '../../driver';
import { HelpdeskError } from '../../errors';
import type { Transport } from '../../transport';
import { ODOO_CAPABILITIES } from './capabilities';
import { ACCESS_RIGHTS, formAlert, inWords, noteRefusal, PASSKEY_ONLY, type OdooPhase } from './errors';
import { cookieFrom, OdooFault, OdooSession, SESSION_COOKIE } from './rpc';
import { apiFor, versionFrom, type OdooApi } from './versions';

/** How long Odoo keeps a web session when its cookie does not say (its own default, 7 days). */
const DEFAULT_SESSION_SECONDS = 7 * 24 * 60 * 60;

const sessionInfoSchema = z.object({ uid: z.number().int().nullable() }).passthrough();

const userRowSchema = z.object({
  id: z.number().int(),
  login: z.string(),
  // Odoo answers `false` for an empty char field.
  name: z.union([z.string(), z.literal(false)]).transform((name) => name || ''),
  totp_enabled: z.boolean(),
});
type UserRow = z.infer<typeof userRowSchema>;
const USER_FIELDS = ['login', 'name', 'totp_enabled'];

const actionSchema = z
  .object({ type: z.string(), res_model: z.string().optional(), res_id: z.number().int().optional() })
  .passthrough();

const deviceRowSchema = z.object({
  id: z.number().int(),
  name: z.union([z.string(), z.literal(false)]).transform((name) => name || null),
  create_date: z.union([z.string(), z.literal(false)]),
});

const wizardSchema = z.array(z.object({ secret: z.string(), url: z.string().startsWith('otpauth://') }));

/** Odoo writes datetimes as "2026-11-29 22:57:28", in UTC. */
function isoFromOdoo(value: string | false): string | null {
  if (!value) return null;
  const date = new Date(`${value.replace(' ', 'T')}Z`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

type Domain = unknown[];

/** What marks a note as a witness of a local audit log, and starts its machine-readable end. */
export const WITNESS_MARK = 'Twofold audit log';

/** "hdadmin turned off two-factor authentication for alice via Twofold — reason: …", then the head. */
export function witnessNote(witness: AuditWitness): string {
  const sentence = auditSentence(witness);
  const reason = witness.reason ? ` — reason: ${witness.reason}` : '';
  return `${sentence} via Twofold${reason}. [${WITNESS_MARK} ${witness.logId} record ${witness.seq} head ${witness.hash} from ${witness.computer.replace(/\s+/g, '-')}]`;
}

/** Text as HTML that shows it as written (what Odoo 17 on does to a plain body itself). */
const escapeHtml = (text: string): string =>
  text.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] ?? c);

/** The head a witness note carries (its body as Odoo keeps it: HTML), or null. */
export function headFromNote(html: string): Omit<WitnessedHead, 'at'> | null {
  const text = html
    .replace(/<[^>]*>/g, ' ')
    .replace(
      /&(amp|lt|gt|quot|#x27|#39);/g,
      (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#x27': "'", '#39': "'" })[name] ?? '',
    );
  const match = /Twofold audit log ([0-9a-f]{16}) record (\d+) head ([0-9a-f]{64}) from (\S+?)\]/.exec(text);
  if (!match) return null;
  return { logId: match[1]!, seq: Number(match[2]), hash: match[3]!, computer: match[4]! };
}

export interface OdooDriverOptions {
  /** The database on the server (see `chooseDatabase`). */
  readonly db: string;
  /** The server's version as last seen (kept in the profile); learned again at sign-in. */
  readonly serverVersion?: string;
  readonly now?: () => number;
}

/**
 * The driver for Odoo 15 to 19 and Flectra, over the web client's JSON-RPC with its session cookie:
 * two-step sign-in through the TOTP form, and the identity-check wizard (the admin's own password,
 * valid 10 minutes) in front of the privileged methods. What differs by version comes from versions.ts.
 */
export function odooDriver(transport: Transport, options: OdooDriverOptions): DriverDefinition {
  const { origin } = transport;
  const now = options.now ?? Date.now;
  const translate = async <T>(phase: OdooPhase, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw inWords(error, phase, origin);
    }
  };

  let version: string | null = options.serverVersion ?? null;
  let learning: Promise<string | null> | null = null;
  /** The server's version (its route needs no session), asked once per sign-in or connection. */
  const learnVersion = (): Promise<string | null> => {
    learning ??= new OdooSession(transport)
      .call('/web/webclient/version_info', {})
      .then((info) => {
        version = versionFrom(info) ?? version;
        return version;
      })
      .catch((error: unknown) => {
        learning = null;
        throw inWords(error, 'sign-in', origin);
      });
    return learning;
  };
  /** The names and call shapes of this server's version. */
  const api = async (): Promise<OdooApi> => apiFor(version ?? (await learnVersion()));

  async function signIn({
    login,
    password,
    code,
  }: {
    login: string;
    password: string;
    code?: string;
  }): Promise<SessionToken> {
    learning = null;
    await learnVersion();
    const session = new OdooSession(transport);
    const info = sessionInfoSchema.safeParse(
      await translate('sign-in', () =>
        session.call('/web/session/authenticate', { db: options.db, login, password }),
      ),
    );
    if (!info.success)
      throw new HelpdeskError('BAD_RESPONSE', words('helpdesk.error.odoo.unknownSignIn', { origin }));
    let maxAge: number | null = null;
    if (info.data.uid === null) {
      // A 2FA account: the password opened a half session; the code goes through the web form.
      if (!code) {
        throw new HelpdeskError('CODE_REQUIRED', words('helpdesk.error.codeRequired'));
      }
      const page = await session.http('GET', '/web/login/totp');
      const csrf = /name="csrf_token"\s+value="([^"]+)"/.exec(page.text)?.[1];
      if (page.status !== 200 || !csrf) {
        throw new HelpdeskError(
          'BAD_RESPONSE',
          words('helpdesk.error.odoo.noTwofaForm', { origin, status: String(page.status) }),
        );
      }
      // Never `remember`: Odoo fails (HTTP 500) naming a trusted device for a client that is not a browser.
      const answer = await session.http('POST', '/web/login/totp', { csrf_token: csrf, totp_token: code });
      const refused = answer.status === 200 ? formAlert(answer.text) : null;
      if (answer.status === 303 && !(answer.location ?? '').includes('/web/login')) {
        maxAge = cookieFrom(answer.setCookies, SESSION_COOKIE)?.maxAgeSeconds ?? null;
      } else if (refused) {
        throw refused;
      } else {
        throw new HelpdeskError(
          'BAD_RESPONSE',
          words('helpdesk.error.odoo.twofaStepRefused', { origin, status: String(answer.status) }),
        );
      }
    }
    if (session.sessionId === null)
      throw new HelpdeskError('BAD_RESPONSE', words('helpdesk.error.odoo.noSession', { origin }));
    const seconds = Math.min(maxAge ?? DEFAULT_SESSION_SECONDS, MAX_SESSION_SECONDS);
    return {
      token: session.sessionId,
      expiresAt: new Date(now() + seconds * 1000).toISOString(),
      // Twofold never keeps an Odoo trusted-device cookie, so only an account with 2FA gets the code step.
      twofaEnabled: info.data.uid === null,
      ...(version ? { serverVersion: version } : {}),
    };
  }

  /** What Odoo does not offer (capabilities.ts says why) is left out: the capability gate refuses it. */
  function connect(token: string): DriverConnection {
    const session = new OdooSession(transport, token);
    const act = <T>(run: () => Promise<T>) => translate('action', run);
    /** The identity-check wizard the server opened for the last privileged call, until it is passed. */
    let pendingCheck: number | null = null;
    /** The auth_totp.wizard holding the admin's new secret between setupSelf and enableSelf. */
    let enableWizard: number | null = null;
    /** How many devices a user had when their revocation began, until it is done. */
    const revoking = new Map<number, number>();
    let ownId: Promise<number> | null = null;
    let adminGroup: Promise<number | null> | null = null;

    const myId = () => {
      ownId ??= act(async () => {
        const info = sessionInfoSchema.parse(await session.call('/web/session/get_session_info', {}));
        if (info.uid === null) throw new OdooFault('http.SessionExpiredException', 'Session expired', 100);
        return info.uid;
      }).catch((error: unknown) => {
        ownId = null;
        throw error;
      });
      return ownId;
    };

    // "Access Rights" managers are Odoo's administrators; anyone else is a user to the console.
    const adminGroupId = () => {
      adminGroup ??= session
        .callKw(
          'ir.model.data',
          'search_read',
          [
            [
              ['module', '=', 'base'],
              ['name', '=', 'group_erp_manager'],
            ],
          ],
          { fields: ['res_id'], limit: 1 },
        )
        .then((rows) => z.array(z.object({ res_id: z.number() })).parse(rows)[0]?.res_id ?? null)
        .catch(() => null);
      return adminGroup;
    };

    /** The domain term "is (not) an Access Rights manager", implied membership included. */
    const inAdminGroup = async (operator: 'in' | 'not in', group: number) =>
      [(await api()).groupsField, operator, [group]] as const;

    const toUsers = async (rows: readonly UserRow[]): Promise<AdminUser[]> => {
      const group = await adminGroupId();
      const admins = new Set<number>();
      if (group !== null && rows.length > 0) {
        const ids = z
          .array(z.number())
          .parse(
            await session.callKw('res.users', 'search', [
              [['id', 'in', rows.map((row) => row.id)], await inAdminGroup('in', group)],
            ]),
          );
        for (const id of ids) admins.add(id);
      }
      return rows.map((row) => ({
        id: row.id,
        login: row.login,
        name: row.name,
        role: admins.has(row.id) ? 'admin' : 'user',
        twofa: { enabled: row.totp_enabled, enabledAt: null, lastUsedAt: null, recoveryCodesLeft: null },
        locked: false,
      }));
    };

    const readUser = async (userId: number): Promise<AdminUser> => {
      const rows = z
        .array(userRowSchema)
        .parse(
          await session.callKw('res.users', 'search_read', [[['id', '=', userId]]], { fields: USER_FIELDS }),
        );
      const [user] = await toUsers(rows);
      if (!user) throw new HelpdeskError('NOT_FOUND', words('helpdesk.error.noSuchUser'));
      return user;
    };

    /**
     * Calls an identity-checked button: when the server opens its identity check instead, remembers the
     * wizard and asks for the admin's password (STEP_UP_REQUIRED); `stepUp` then passes the check.
     */
    const privileged = async (model: string, method: string, ids: number[]): Promise<unknown> => {
      const result = await session.callButton(model, method, [ids]);
      const action = actionSchema.safeParse(result);
      if (action.success && action.data.res_model === 'res.users.identitycheck' && action.data.res_id) {
        pendingCheck = action.data.res_id;
        throw new HelpdeskError('STEP_UP_REQUIRED', words('helpdesk.error.stepUpRequired'));
      }
      return result;
    };

    /** Enabling or disabling 2FA, by this version's method name. */
    const named = async (which: 'enable' | 'disable', ids: number[]): Promise<unknown> =>
      privileged('res.users', (await api()).methods[which], ids);

    /**
     * Calls a wizard's button with a secret the wizard needs (the identity check's password, the enable
     * wizard's code): written into the wizard first, or, where the version no longer stores it, in the
     * call's context.
     */
    const pressWithSecret = async (
      model: string,
      method: string,
      wizard: number,
      secret: Record<string, string>,
    ): Promise<unknown> => {
      if ((await api()).secretsIn === 'context') return session.callButton(model, method, [[wizard]], secret);
      await session.callKw(model, 'write', [[wizard], secret]);
      return session.callButton(model, method, [[wizard]]);
    };

    /**
     * Odoo asks an account with passkeys for a passkey, which Twofold cannot give; the check's own
     * "use your password instead" switches it to the password, as a person would in Odoo's dialog.
     */
    const confirmWithPassword = async (wizard: number): Promise<void> => {
      if (!(await api()).identityCheckMethods) return;
      const [check] = z
        .array(z.object({ auth_method: z.union([z.string(), z.literal(false)]) }))
        .parse(await session.callKw('res.users.identitycheck', 'read', [[wizard], ['auth_method']]));
      if (check?.auth_method !== 'webauthn') return;
      try {
        await session.callButton('res.users.identitycheck', 'action_use_password', [[wizard]]);
      } catch (error) {
        if (error instanceof OdooFault) throw new HelpdeskError('NOT_OFFERED', PASSKEY_ONLY);
        throw error;
      }
    };

    const refusedUnlessDone = (result: unknown): void => {
      // Odoo's methods answer `false` when the caller may not act on that user.
      if (result === false)
        throw new HelpdeskError(
          'FORBIDDEN_ROLE',
          words('helpdesk.error.odoo.onlyAccessRights', { group: ACCESS_RIGHTS }),
        );
    };

    const devices = async (userId: number): Promise<TrustedDevice[]> => {
      const rows = z.array(deviceRowSchema).parse(
        await session.callKw('auth_totp.device', 'search_read', [[['user_id', '=', userId]]], {
          fields: ['name', 'create_date'],
          order: 'id',
        }),
      );
      return rows.map((row) => ({
        id: String(row.id),
        name: row.name,
        createdAt: isoFromOdoo(row.create_date),
        expiresAt: null,
      }));
    };

    let discuss: Promise<boolean> | null = null;
    /** Whether the server has the Discuss module (mail): then partners have a chatter to note in. */
    const hasDiscuss = () => {
      discuss ??= session
        .callKw('ir.model', 'search_count', [[['model', '=', 'mail.message']]])
        .then((count) => z.number().parse(count) > 0)
        .catch((error: unknown) => {
          discuss = null;
          throw error;
        });
      return discuss;
    };
    const partnerOf = async (userId: number): Promise<number> => {
      const [row] = z
        .array(z.object({ partner_id: z.tuple([z.number().int(), z.unknown()]) }))
        .parse(await session.callKw('res.users', 'read', [[userId], ['partner_id']]));
      if (!row) throw new HelpdeskError('NOT_FOUND', words('helpdesk.error.noSuchUser'));
      return row.partner_id[0];
    };

    return {
      /**
       * The witness on Odoo: a note on the affected user's record (their partner's chatter; res.users has
       * none of its own), saying what was done, by whom and why, and carrying the local log's head.
       */
      witnessHead: (witness) =>
        act(async () => {
          if (!(await hasDiscuss())) return;
          const userId = witness.userId ?? (witness.action.startsWith('self.') ? await myId() : null);
          if (userId === null) return;
          const note = witnessNote(witness);
          const partner = await partnerOf(userId);
          const body = (await api()).noteBody === 'html' ? escapeHtml(note) : note;
          await session
            .callKw('res.partner', 'message_post', [[partner]], {
              body,
              message_type: 'comment',
              subtype_xmlid: 'mail.mt_note',
            })
            .catch((error: unknown) => {
              throw noteRefusal(error);
            });
        }),
      witnessedHeads: () =>
        act(async () => {
          if (!(await hasDiscuss())) return null;
          const me = await partnerOf(await myId());
          const rows = z
            .array(z.object({ body: z.union([z.string(), z.literal(false)]), date: z.string() }))
            .parse(
              await session.callKw(
                'mail.message',
                'search_read',
                [
                  [
                    ['model', '=', 'res.partner'],
                    ['author_id', '=', me],
                    ['body', 'ilike', WITNESS_MARK],
                  ],
                ],
                { fields: ['body', 'date'], order: 'id' },
              ),
            );
          return rows.flatMap((row) => {
            const head = headFromNote(row.body || '');
            return head ? [{ ...head, at: isoFromOdoo(row.date) ?? row.date }] : [];
          });
        }),
      // search_read serves a thousand rows about as fast as a hundred: ten times fewer round trips.
      largestPage: 1000,
      users: (query: UsersQuery) =>
        act(async () => {
          const page = query.page ?? 1;
          const pageSize = query.pageSize ?? 50;
          // Odoo has no account lock: no account is locked.
          if (query.locked === true || query.role === 'helpdesk')
            return { users: [], total: 0, page, pageSize };
          const domain: Domain = [];
          const q = query.q?.trim();
          if (q) domain.push('|', ['login', 'ilike', q], ['name', 'ilike', q]);
          if (query.twofa) domain.push(['totp_enabled', '=', query.twofa === 'enabled']);
          if (query.role) {
            const group = await adminGroupId();
            if (group !== null)
              domain.push(await inAdminGroup(query.role === 'admin' ? 'in' : 'not in', group));
          }
          // Only stored fields sort on the server; the rest fall back to the login.
          const column = query.sort === 'name' ? 'name' : 'login';
          const direction = query.order === 'desc' ? 'desc' : 'asc';
          const [rows, total] = await Promise.all([
            session.callKw('res.users', 'search_read', [domain], {
              fields: USER_FIELDS,
              offset: (page - 1) * pageSize,
              limit: pageSize,
              order: `${column} ${direction}, id`,
            }),
            session.callKw('res.users', 'search_count', [domain]),
          ]);
          return {
            users: await toUsers(z.array(userRowSchema).parse(rows)),
            total: z.number().int().nonnegative().parse(total),
            page,
            pageSize,
          };
        }),
      user: (userId) => act(() => readUser(userId)),
      userByLogin: (login) =>
        act(async () => {
          const wanted = login.trim();
          const rows = z.array(userRowSchema).parse(
            await session.callKw('res.users', 'search_read', [[['login', '=ilike', wanted]]], {
              fields: USER_FIELDS,
              limit: 2,
            }),
          );
          const exact = rows.filter((row) => row.login.toLowerCase() === wanted.toLowerCase());
          const [user] = await toUsers(exact.slice(0, 1));
          if (!user)
            throw new HelpdeskError(
              'NOT_FOUND',
              words('helpdesk.error.noUserWithLogin', { login: wanted, origin }),
            );
          return user;
        }),
      disableTwofa: (userId) =>
        act(async () => {
          refusedUnlessDone(await named('disable', [userId]));
          return readUser(userId);
        }),
      adoption: () =>
        act(async () => {
          const count = async (domain: Domain) =>
            z
              .number()
              .int()
              .nonnegative()
              .parse(await session.callKw('res.users', 'search_count', [domain]));
          const on: Domain = [['totp_enabled', '=', true]];
          const group = await adminGroupId();
          const [total, enabled] = await Promise.all([count([]), count(on)]);
          if (group === null)
            return { total, enabled, locked: null, byRole: [{ role: 'user', total, enabled }] };
          const admin: Domain = [await inAdminGroup('in', group)];
          const [admins, adminsOn] = await Promise.all([count(admin), count([...admin, ...on])]);
          return {
            total,
            enabled,
            locked: null,
            byRole: [
              { role: 'admin', total: admins, enabled: adminsOn },
              { role: 'user', total: total - admins, enabled: enabled - adminsOn },
            ],
          };
        }),
      stepUp: (password) =>
        translate('step-up', async () => {
          const wizard = pendingCheck;
          // Odoo checks identity only when a privileged call asks for it; nothing is waiting.
          if (wizard === null) return;
          await confirmWithPassword(wizard);
          // Passing the check runs the method that asked for it; the caller then repeats that call, which
          // goes straight through for the next 10 minutes (all three guarded methods may run twice).
          await pressWithSecret('res.users.identitycheck', 'run_check', wizard, { password });
          pendingCheck = null;
        }),
      setupSelf: () =>
        act(async () => {
          const result = actionSchema.safeParse(await named('enable', [await myId()]));
          if (!result.success || result.data.res_model !== 'auth_totp.wizard' || !result.data.res_id) {
            throw new HelpdeskError('BAD_RESPONSE', words('helpdesk.error.odoo.noTwofaSetup', { origin }));
          }
          enableWizard = result.data.res_id;
          const [wizard] = wizardSchema.parse(
            await session.callKw('auth_totp.wizard', 'read', [[enableWizard], ['secret', 'url']]),
          );
          if (!wizard)
            throw new HelpdeskError('BAD_RESPONSE', words('helpdesk.error.odoo.noNewSecret', { origin }));
          return { secret: wizard.secret.replace(/\s/g, ''), otpauthUri: wizard.url };
        }),
      enableSelf: (code) =>
        act(async () => {
          const wizard = enableWizard;
          if (wizard === null)
            throw new HelpdeskError('CONFLICT', words('helpdesk.error.odoo.noSecretWaiting'));
          await pressWithSecret('auth_totp.wizard', 'enable', wizard, { code });
          enableWizard = null;
          // Odoo hands out no recovery codes.
          return { recoveryCodes: [] };
        }),
      devices: (userId) => act(() => devices(userId)),
      revokeDevices: (userId) =>
        act(async () => {
          // Counted before the identity check: passing it already revokes them.
          const before = revoking.get(userId) ?? (await devices(userId)).length;
          revoking.set(userId, before);
          await privileged('res.users', 'revoke_all_devices', [userId]);
          revoking.delete(userId);
          // The method answers `false` both when it worked and when it was refused: look again.
          if ((await devices(userId)).length > 0) refusedUnlessDone(false);
          return { revoked: before };
        }),
      signOut: async () => {
        try {
          await session.call('/web/session/destroy', {});
        } catch {
          // Signing out locally still happens; the session expires on its own.
        }
      },
    };
  }

  return {
    kind: 'odoo',
    capabilities: ODOO_CAPABILITIES,
    // Odoo has no rule against an administrator acting on their own account.
    rules: { refusesOwnAccount: false },
    database: options.db,
    signIn,
    connect,
  };
}
