import { z } from 'zod';
import { ROLES } from '../../shared/admin-api/vocabulary';
import * as v1 from '../../shared/admin-api/v1';

type Method = 'get' | 'post' | 'put' | 'delete';
interface Operation {
  summary: string;
  body?: z.ZodType;
  query?: z.ZodObject;
  response?: z.ZodType;
  status?: number;
  stepUp?: boolean;
  public?: boolean;
}

const json = (schema: z.ZodType) => ({
  'application/json': { schema: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) },
});

const PATH_PARAMETERS: Record<string, unknown> = {
  id: { type: 'integer', minimum: 1 },
  codeId: { type: 'integer', minimum: 1 },
  checkId: { type: 'integer', minimum: 1 },
  deviceId: { type: 'string', pattern: '^[0-9a-f]{12}$' },
  role: { type: 'string', enum: [...ROLES] },
  approvalId: { type: 'integer', minimum: 1 },
  actionId: { type: 'integer', minimum: 1 },
};

const PROOF =
  ' Needs a proof of the caller’s identity that the reset policy of the target’s role accepts (409 `proof_required` / `proof_not_accepted` otherwise): `callerCheckId` (a caller check matched in the last 15 minutes, emailed or a right code at /2fa/check), `approvalId` (your own request, approved by another staff member in the last 30 minutes; used once) or `inPersonNote`. The proof goes into the audit record. For roles with a cooldown the answer is 202 `{pending}`: it takes effect later unless cancelled or stopped by the user’s mailed link; refused (409 `resets_locked`) for 24 hours after the user stopped one.';

const OPERATIONS: Record<string, Partial<Record<Method, Operation>>> = {
  '/session': {
    post: {
      summary:
        "Sign in (admins and help desk). Accounts with 2FA must give `code`. The token lasts 15 minutes. `twofaEnabled` false: the account has no 2FA yet; clients say so and how to enroll (POST /me/2fa/setup). An account that must enroll (after a reset, or past its role's grace period) is answered 403 `enrollment_required`: it enrolls on the web pages (/login). A temporary access code from the help desk is answered 403 `temporary_code`: it works on the web pages only, where it leads to setting up a new authenticator, and is not spent here. A token held when an enrollment becomes required gets 403 `enrollment_required` from every route but /me, /me/2fa/*, /session/step-up and DELETE /session.",
      body: v1.SessionRequest,
      response: v1.SessionResponse,
      status: 201,
      public: true,
    },
    delete: { summary: 'Sign out: the token stops working.', status: 204 },
  },
  '/session/step-up': {
    post: {
      summary: 'Identity check: the password again, valid 10 minutes.',
      body: v1.StepUpRequest,
      response: v1.StepUpResponse,
    },
  },
  '/users': {
    get: { summary: 'Find users. Never returns a secret.', query: v1.UsersQuery, response: v1.UsersResponse },
  },
  '/users/{id}': {
    get: {
      summary: 'One user, with how far their phone runs from the server clock.',
      response: v1.UserDetail,
    },
  },
  '/users/{id}/2fa/check': {
    post: {
      summary: 'Verify a code read out by the caller; spends the time step and counts toward the limits.',
      body: v1.CheckRequest,
      response: v1.CheckResponse,
    },
  },
  '/users/{id}/2fa': {
    delete: {
      summary:
        'Disable 2FA (lost authenticator): wipes secret, recovery codes, trusted devices; ends sessions. The user is emailed.' +
        PROOF,
      body: v1.DisableRequest,
      response: v1.User,
      stepUp: true,
    },
  },
  '/users/{id}/unlock': {
    post: { summary: 'Clear failed attempts.', body: v1.UnlockRequest, response: v1.User, stepUp: true },
  },
  '/audit': {
    get: {
      summary: 'The append-only audit trail, newest first.',
      query: v1.AuditQuery,
      response: v1.AuditResponse,
    },
  },
  '/audit/witness': {
    post: {
      summary:
        "Witness the head of your help-desk computer's local audit log (sent with each action it records); kept append-only.",
      body: v1.AuditWitnessRequest,
      status: 204,
    },
    get: {
      summary:
        'The local-log heads this server witnessed for you (administrators: for `actor`), oldest first.',
      query: v1.AuditWitnessQuery,
      response: v1.AuditWitnessResponse,
    },
  },
  '/audit/forwarding': {
    get: {
      summary:
        'Administrators: where the audit trail is forwarded, and how many records wait for each destination.',
      response: v1.AuditForwardingResponse,
    },
  },
  '/reports/2fa': { get: { summary: '2FA adoption, overall and by role.', response: v1.ReportResponse } },
  '/users/{id}/temporary-codes': {
    get: {
      summary: "A user's temporary access codes (never the codes themselves).",
      response: v1.TemporaryCodesResponse,
    },
    post: {
      summary:
        'Issue a temporary access code (10 min – 8 h, one use by default) for a user who lost their authenticator; signing in with it leads straight to re-enrollment. The code is in this answer only. The user is emailed. After a cooldown (202) the code works from `activeFrom` on, for its whole lifetime.' +
        PROOF,
      body: v1.TemporaryCodeRequest,
      response: v1.TemporaryCodeIssued,
      status: 201,
      stepUp: true,
    },
  },
  '/users/{id}/temporary-codes/{codeId}': {
    delete: {
      summary: 'Revoke a temporary access code that still works.',
      body: v1.ReasonRequest,
      response: v1.TemporaryCodesResponse,
    },
  },
  '/users/{id}/2fa/reset': {
    post: {
      summary:
        'Reset 2FA: wipes the secret like disabling it, and the next password sign-in must enroll a new authenticator before anything else. The user is emailed.' +
        PROOF,
      body: v1.ResetRequest,
      response: v1.User,
      stepUp: true,
    },
  },
  '/users/{id}/devices': {
    get: {
      summary: "A user's trusted devices: name, first and last seen, address.",
      response: v1.DevicesResponse,
    },
    delete: {
      summary: 'Revoke all trusted devices of a user: each asks for a code again.',
      body: v1.ReasonRequest,
      response: v1.RevokeAllResponse,
    },
  },
  '/users/{id}/devices/{deviceId}': {
    delete: {
      summary: 'Revoke one trusted device: it asks for a code again.',
      body: v1.ReasonRequest,
      response: v1.DevicesResponse,
    },
  },
  '/users/{id}/sign-ins': {
    get: {
      summary: 'The last sign-ins of a user, newest first: time, address, result and the factor used.',
      query: v1.SignInsQuery,
      response: v1.SignInsResponse,
    },
  },
  '/policy': {
    get: {
      summary: 'The 2FA enforcement policy per role, and who is out of compliance by when.',
      response: v1.PolicyResponse,
    },
  },
  '/policy/{role}': {
    put: {
      summary:
        'Set the policy of a role (administrators only): 2FA required, with a grace period of `graceDays` or until `graceUntil`. Inside it users are reminded at each sign-in; after it they can only enroll.',
      body: v1.PolicyRequest,
      response: v1.PolicyResponse,
      stepUp: true,
    },
  },
  '/users/{id}/caller-checks': {
    post: {
      summary:
        'Email the user a one-time confirmation code (valid 10 minutes) that the caller reads back. 503 when the server has no email configured. At most 3 per user in 15 minutes and 20 per help-desk member in an hour: 429 `caller_checks_limited` with Retry-After beyond that.',
      response: v1.CallerCheckStarted,
      status: 201,
    },
  },
  '/users/{id}/caller-checks/{checkId}': {
    post: {
      summary: 'Compare what the caller read back (at most 5 attempts).',
      body: v1.CallerCheckRequest,
      response: v1.CallerCheckResponse,
    },
  },
  '/approvals': {
    get: {
      summary: 'Four-eyes requests of the last 24 hours, newest first, with their state.',
      response: v1.ApprovalsResponse,
    },
    post: {
      summary:
        'Ask a second staff member to approve a reset, disable or temporary code for a user; the answer’s `id` is given as `approvalId` once approved.',
      body: v1.ApprovalRequest,
      response: v1.Approval,
      status: 201,
    },
  },
  '/approvals/{approvalId}/approve': {
    post: {
      summary:
        'Approve another staff member’s request (within 30 minutes of it; the approval lasts 30 minutes). Refused: your own request (403 `self_approval`), an administrator’s or help-desk account unless you are an administrator (403 `approver_role`).',
      response: v1.Approval,
      stepUp: true,
    },
  },
  '/pending-actions': {
    get: {
      summary:
        'Resets, disables and temporary codes waiting out their cooldown (soonest first), and those ended in the last 24 hours.',
      query: z.strictObject({ userId: z.coerce.number().int().positive().optional() }),
      response: v1.PendingActionsResponse,
    },
  },
  '/pending-actions/{actionId}': {
    delete: {
      summary: 'Cancel an action waiting out its cooldown (a waiting temporary code is revoked).',
      body: v1.ReasonRequest,
      response: v1.PendingActionsResponse,
    },
  },
  '/reset-policy/{role}': {
    put: {
      summary:
        'Set, per role of the target, which proofs are enough for a reset, disable or temporary code and how long they wait (administrators only). Defaults: admins four-eyes, others a caller check or four-eyes; admins and help desk wait 60 minutes. The other administrators with an email address are mailed the change.',
      body: v1.ResetPolicyRequest,
      response: z.object({ resetPolicies: z.array(v1.ResetPolicy) }),
      stepUp: true,
    },
  },
  '/me': { get: { summary: 'The signed-in account.', response: v1.User } },
  '/me/2fa/setup': {
    post: {
      summary: 'Start enrolling your own account: a new secret.',
      response: v1.SetupResponse,
      stepUp: true,
    },
  },
  '/me/2fa/enable': {
    post: {
      summary: 'Finish enrolling with a code; returns the recovery codes once.',
      body: v1.EnableRequest,
      response: v1.EnableResponse,
    },
  },
  '/me/2fa/recovery-codes': {
    post: {
      summary:
        'New recovery codes for your own account (2FA on); the old ones stop working at once. Returns the codes once; the owner is emailed.',
      response: v1.RecoveryCodesResponse,
      stepUp: true,
    },
  },
};

/** The OpenAPI 3.1 document, generated from the same zod schemas that validate requests. */
export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [path, methods] of Object.entries(OPERATIONS)) {
    const item: Record<string, unknown> = {};
    for (const [method, op] of Object.entries(methods) as [Method, Operation][]) {
      const parameters: unknown[] = [];
      for (const [, name = ''] of path.matchAll(/\{(\w+)\}/g)) {
        parameters.push({ name, in: 'path', required: true, schema: PATH_PARAMETERS[name] });
      }
      if (op.query) {
        const shape = z.toJSONSchema(op.query, { io: 'input', unrepresentable: 'any' }) as {
          properties?: Record<string, unknown>;
        };
        for (const [name, schema] of Object.entries(shape.properties ?? {})) {
          parameters.push({ name, in: 'query', required: false, schema });
        }
      }
      item[method] = {
        summary: op.summary + (op.stepUp ? ' Needs a step-up from the last 10 minutes.' : ''),
        ...(parameters.length > 0 ? { parameters } : {}),
        ...(op.body ? { requestBody: { required: true, content: json(op.body) } } : {}),
        ...(op.public ? { security: [] } : {}),
        responses: {
          [String(op.status ?? 200)]: {
            description: 'Success',
            ...(op.response ? { content: json(op.response) } : {}),
          },
          default: {
            description: 'An error: `error` is a stable code, `message` is for people.',
            content: json(v1.ErrorResponse),
          },
        },
      };
    }
    paths[path] = item;
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Twofold account server — admin API', version: '1' },
    servers: [{ url: '/api/admin/v1' }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths,
  };
}
