import { words } from '../../../../shared/person-facing-error';
import type { z } from 'zod';
import {
  OFFERED,
  type AccountServerDriver,
  type AdminConnection,
  type AdminUser,
  type Capabilities,
  type UsersQuery,
} from '../../driver';
import { HelpdeskError } from '../../errors';
import type { HelpdeskTools } from '../../helpdesk-tools';
import {
  adoptionSchema,
  approvalSchema,
  approvalsSchema,
  auditSchema,
  witnessHeadsSchema,
  callerCheckResultSchema,
  callerCheckStartedSchema,
  checkSchema,
  devicesSchema,
  errorBodySchema,
  policySchema,
  revokedSchema,
  selfEnabledSchema,
  newRecoveryCodesSchema,
  pendingActionsSchema,
  pendingAnswerSchema,
  resetPoliciesSchema,
  selfSetupSchema,
  sessionSchema,
  signInsSchema,
  temporaryCodeIssuedSchema,
  temporaryCodesSchema,
  userSchema,
  usersSchema,
} from './schemas';
import type { HttpAnswer, Transport } from '../../transport';

const PREFIX = '/api/admin/v1';

type Phase = 'sign-in' | 'step-up' | 'action';

function serverWords(answer: Pick<HttpAnswer, 'status' | 'body'>): {
  code: string;
  message: string | undefined;
} {
  const parsed = errorBodySchema.safeParse(answer.body);
  const code = parsed.success ? (parsed.data.code ?? '') : '';
  const message = parsed.success ? parsed.data.message : undefined;
  // Server messages are shown only when short and single-line: they are meant for people, not stack traces.
  const safe = message && message.length <= 300 && !/[\n\r]/.test(message) ? message : undefined;
  return { code: code.toLowerCase(), message: safe };
}

/** Maps the server's refusal (`{error: code, message}`) to a HelpdeskError in plain words. */
export function refusal(
  answer: Pick<HttpAnswer, 'status' | 'body'>,
  phase: Phase,
  origin: string,
): HelpdeskError {
  const { code, message } = serverWords(answer);
  switch (code) {
    case 'code_required':
      return new HelpdeskError('CODE_REQUIRED', words('helpdesk.error.codeRequired'));
    case 'invalid_code':
      return new HelpdeskError('WRONG_CODE', words('helpdesk.error.wrongCode'));
    case 'step_up_required':
      return new HelpdeskError('STEP_UP_REQUIRED', words('helpdesk.error.stepUpRequired'));
    case 'enrollment_required':
      // At sign-in there is no session to enroll with: the server's own pages do it.
      return new HelpdeskError(
        'ENROLLMENT_REQUIRED',
        phase === 'sign-in'
          ? words('helpdesk.error.enrollAtServer', { origin })
          : words('helpdesk.error.enrollOwnFirst'),
      );
    case 'temporary_code':
      return new HelpdeskError('TEMPORARY_CODE', words('helpdesk.error.temporaryCode', { origin }));
    case 'self_approval':
    case 'approver_role':
      // Four-eyes refusals: the server's sentence says which rule (relayed as it came).
      return new HelpdeskError('FORBIDDEN_ROLE', message ?? words('helpdesk.error.forbiddenApproval'));
    case 'self_action':
      return new HelpdeskError('SELF_ACTION', words('helpdesk.error.selfAction'));
    default:
      break;
  }
  switch (answer.status) {
    case 400:
    case 422:
      return new HelpdeskError('INVALID_INPUT', message ?? words('helpdesk.error.invalidInput'));
    case 401:
      if (phase === 'sign-in') {
        return new HelpdeskError('WRONG_CREDENTIALS', words('helpdesk.error.wrongCredentials'));
      }
      if (phase === 'step-up') {
        return new HelpdeskError('WRONG_CREDENTIALS', words('helpdesk.error.wrongStepUpPassword'));
      }
      return new HelpdeskError('TOKEN_EXPIRED', words('helpdesk.error.sessionEnded'));
    case 403:
      if (phase === 'sign-in') {
        return new HelpdeskError('FORBIDDEN_ROLE', words('helpdesk.error.notStaff'));
      }
      return new HelpdeskError('FORBIDDEN_ROLE', words('helpdesk.error.roleForbids'));
    case 404:
      return new HelpdeskError('NOT_FOUND', words('helpdesk.error.noSuchUser'));
    case 409:
      return new HelpdeskError('CONFLICT', message ?? words('helpdesk.error.conflict'));
    case 423:
      return new HelpdeskError('LOCKED', words('helpdesk.error.locked'));
    case 429:
      // The server says what was limited and for how long (e.g. caller checks).
      return new HelpdeskError('THROTTLED', message ?? words('helpdesk.error.tooManyAttempts'));
    default:
      if (answer.status >= 500) {
        return new HelpdeskError(
          'SERVER_ERROR',
          words('helpdesk.error.serverProblemHttp', { origin, status: String(answer.status) }),
        );
      }
      return new HelpdeskError(
        'BAD_RESPONSE',
        words('helpdesk.error.unexpectedAnswer', { origin, status: String(answer.status) }),
      );
  }
}

function parse<S extends z.ZodType>(schema: S, answer: HttpAnswer, origin: string): z.output<S> {
  const parsed = schema.safeParse(answer.body);
  if (!parsed.success) {
    throw new HelpdeskError('BAD_RESPONSE', words('helpdesk.error.notUnderstood', { origin }));
  }
  return parsed.data;
}

function usersSearch(query: UsersQuery): string {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  if (query.twofa) params.set('twofa', query.twofa);
  if (query.locked !== undefined) params.set('locked', String(query.locked));
  if (query.role) params.set('role', query.role);
  if (query.sort) params.set('sort', query.sort);
  if (query.order) params.set('order', query.order);
  params.set('page', String(query.page ?? 1));
  params.set('pageSize', String(query.pageSize ?? 50));
  return params.toString();
}

/** Twofold's own server keeps its audit log and offers the whole help-desk job. */
export const TWOFOLD_CAPABILITIES: Capabilities = {
  users: OFFERED,
  checkCode: OFFERED,
  disableTwofa: OFFERED,
  unlock: OFFERED,
  serverAudit: OFFERED,
  adoption: OFFERED,
  enrollSelf: OFFERED,
  newRecoveryCodes: OFFERED,
  trustedDevices: OFFERED,
  revokeDevice: OFFERED,
  temporaryAccess: OFFERED,
  resetTwofa: OFFERED,
  signInHistory: OFFERED,
  enforcementPolicy: OFFERED,
  verifyCaller: OFFERED,
  serverProof: OFFERED,
  fourEyes: OFFERED,
  cooldown: OFFERED,
};

/** The driver for Twofold's own account server: /api/admin/v1. */
export function adminV1Driver(transport: Transport): AccountServerDriver {
  const { origin } = transport;

  const call = async (
    method: string,
    path: string,
    token: string | undefined,
    json?: unknown,
    phase: Phase = 'action',
  ) => {
    const answer = await transport.request(method, `${PREFIX}${path}`, { token, json });
    if (answer.status < 200 || answer.status >= 300) throw refusal(answer, phase, origin);
    return answer;
  };

  /** The gentler tools: temporary codes, reset, one device, history, policy, caller checks. */
  const tools = (token: string): HelpdeskTools => ({
    async temporaryCodes(userId) {
      return parse(
        temporaryCodesSchema,
        await call('GET', `/users/${userId}/temporary-codes`, token),
        origin,
      );
    },
    async issueTemporaryCode(userId, { proof, ...options }) {
      const answer = await call('POST', `/users/${userId}/temporary-codes`, token, { ...options, ...proof });
      return parse(temporaryCodeIssuedSchema, answer, origin);
    },
    async revokeTemporaryCode(userId, codeId, reason) {
      const answer = await call('DELETE', `/users/${userId}/temporary-codes/${codeId}`, token, { reason });
      return parse(temporaryCodesSchema, answer, origin);
    },
    async resetTwofa(userId, reason, proof) {
      const answer = await call('POST', `/users/${userId}/2fa/reset`, token, { reason, ...proof });
      return answer.status === 202 ? parse(pendingAnswerSchema, answer, origin) : {};
    },
    async requestApproval(userId, action, reason) {
      return parse(
        approvalSchema,
        await call('POST', '/approvals', token, { userId, action, reason }),
        origin,
      );
    },
    async approvals() {
      return parse(approvalsSchema, await call('GET', '/approvals', token), origin);
    },
    async approve(approvalId) {
      return parse(approvalSchema, await call('POST', `/approvals/${approvalId}/approve`, token), origin);
    },
    async pendingActions(userId) {
      const query = userId === undefined ? '' : `?userId=${userId}`;
      return parse(pendingActionsSchema, await call('GET', `/pending-actions${query}`, token), origin);
    },
    async cancelPending(actionId, reason) {
      return parse(
        pendingActionsSchema,
        await call('DELETE', `/pending-actions/${actionId}`, token, { reason }),
        origin,
      );
    },
    async setResetPolicy(role, change) {
      const answer = await call('PUT', `/reset-policy/${role}`, token, change);
      return parse(resetPoliciesSchema, answer, origin).resetPolicies;
    },
    async revokeDevice(userId, deviceId, reason) {
      const path = `/users/${userId}/devices/${encodeURIComponent(deviceId)}`;
      return parse(devicesSchema, await call('DELETE', path, token, { reason }), origin);
    },
    async signIns(userId, limit) {
      return parse(
        signInsSchema,
        await call('GET', `/users/${userId}/sign-ins?limit=${limit}`, token),
        origin,
      );
    },
    async policy() {
      return parse(policySchema, await call('GET', '/policy', token), origin);
    },
    async setPolicy(role, change) {
      return parse(policySchema, await call('PUT', `/policy/${role}`, token, change), origin);
    },
    async startCallerCheck(userId) {
      const answer = await call('POST', `/users/${userId}/caller-checks`, token, {});
      return parse(callerCheckStartedSchema, answer, origin);
    },
    async verifyCallerCheck(userId, checkId, code) {
      const answer = await call('POST', `/users/${userId}/caller-checks/${checkId}`, token, { code });
      return parse(callerCheckResultSchema, answer, origin);
    },
  });

  const connect = (token: string): AdminConnection => {
    const users: AdminConnection['users'] = async (query) => {
      const page = query.page ?? 1;
      const pageSize = query.pageSize ?? 50;
      const answer = await call('GET', `/users?${usersSearch({ ...query, page, pageSize })}`, token);
      const data = parse(usersSchema, answer, origin);
      return { users: data.users, total: data.total, page, pageSize };
    };
    return {
      users,
      async userByLogin(login) {
        const wanted = login.trim().toLowerCase();
        const { users: found } = await users({ q: login.trim(), pageSize: 100 });
        const user: AdminUser | undefined = found.find(
          (candidate) => candidate.login.toLowerCase() === wanted,
        );
        if (!user)
          throw new HelpdeskError(
            'NOT_FOUND',
            words('helpdesk.error.noUserWithLogin', { login: login.trim(), origin }),
          );
        return user;
      },
      async user(userId) {
        return parse(userSchema, await call('GET', `/users/${userId}`, token), origin);
      },
      async checkCode(userId, code) {
        return parse(checkSchema, await call('POST', `/users/${userId}/2fa/check`, token, { code }), origin);
      },
      async disableTwofa(userId, reason, proof) {
        const answer = await call('DELETE', `/users/${userId}/2fa`, token, { reason, ...proof });
        if (answer.status !== 202) return parse(userSchema, answer, origin);
        // Waiting out the cooldown: the user as they are still, and what waits.
        const { pending } = parse(pendingAnswerSchema, answer, origin);
        return { ...parse(userSchema, await call('GET', `/users/${userId}`, token), origin), pending };
      },
      async unlock(userId, reason) {
        return parse(userSchema, await call('POST', `/users/${userId}/unlock`, token, { reason }), origin);
      },
      async audit(query) {
        const params = new URLSearchParams();
        for (const [key, value] of Object.entries(query)) if (value) params.set(key, String(value));
        const suffix = params.size > 0 ? `?${params.toString()}` : '';
        return parse(auditSchema, await call('GET', `/audit${suffix}`, token), origin);
      },
      async witnessHead(witness) {
        await call('POST', '/audit/witness', token, {
          logId: witness.logId,
          seq: witness.seq,
          head: witness.hash,
          action: witness.action,
          target: witness.target,
          computer: witness.computer,
        });
      },
      async witnessedHeads() {
        const answer = parse(witnessHeadsSchema, await call('GET', '/audit/witness', token), origin);
        return answer.heads.map((head) => ({
          logId: head.logId,
          seq: head.seq,
          hash: head.head,
          computer: head.computer,
          at: head.at,
        }));
      },
      async adoption() {
        return parse(adoptionSchema, await call('GET', '/reports/2fa', token), origin);
      },
      async stepUp(password) {
        await call('POST', '/session/step-up', token, { password }, 'step-up');
      },
      async setupSelf() {
        return parse(selfSetupSchema, await call('POST', '/me/2fa/setup', token, {}), origin);
      },
      async enableSelf(code) {
        return parse(selfEnabledSchema, await call('POST', '/me/2fa/enable', token, { code }), origin);
      },
      async newRecoveryCodes() {
        return parse(newRecoveryCodesSchema, await call('POST', '/me/2fa/recovery-codes', token), origin);
      },
      async devices(userId) {
        return parse(devicesSchema, await call('GET', `/users/${userId}/devices`, token), origin);
      },
      async revokeDevices(userId, reason) {
        return parse(
          revokedSchema,
          await call('DELETE', `/users/${userId}/devices`, token, { reason }),
          origin,
        );
      },
      ...tools(token),
      async signOut() {
        try {
          await call('DELETE', '/session', token);
        } catch {
          // Signing out locally still happens; the token expires on its own.
        }
      },
    };
  };

  return {
    kind: 'twofold',
    capabilities: TWOFOLD_CAPABILITIES,
    // The admin API refuses actions on the signed-in account itself (`self_action`).
    rules: { refusesOwnAccount: true },
    async signIn({ login, password, code }) {
      const body = code ? { login, password, code } : { login, password };
      return parse(sessionSchema, await call('POST', '/session', undefined, body, 'sign-in'), origin);
    },
    connect,
  };
}
