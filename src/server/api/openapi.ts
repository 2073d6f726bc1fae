import { z } from 'zod';
import * as s from './schemas';

type Method = 'get' | 'post' | 'delete';
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

const OPERATIONS: Record<string, Partial<Record<Method, Operation>>> = {
  '/session': {
    post: {
      summary:
        'Sign in (admins and help desk). Accounts with 2FA must give `code`. The token lasts 15 minutes. `twofaEnabled` false: the account has no 2FA yet; clients say so and how to enroll (POST /me/2fa/setup).',
      body: s.SessionRequest,
      response: s.SessionResponse,
      status: 201,
      public: true,
    },
    delete: { summary: 'Sign out: the token stops working.', status: 204 },
  },
  '/session/step-up': {
    post: {
      summary: 'Identity check: the password again, valid 10 minutes.',
      body: s.StepUpRequest,
      response: s.StepUpResponse,
    },
  },
  '/users': {
    get: { summary: 'Find users. Never returns a secret.', query: s.UsersQuery, response: s.UsersResponse },
  },
  '/users/{id}': { get: { summary: 'One user.', response: s.User } },
  '/users/{id}/2fa/check': {
    post: {
      summary: 'Verify a code read out by the caller; spends the time step and counts toward the limits.',
      body: s.CheckRequest,
      response: s.CheckResponse,
    },
  },
  '/users/{id}/2fa': {
    delete: {
      summary:
        'Disable 2FA (lost authenticator): wipes secret, recovery codes, trusted devices; ends sessions.',
      body: s.DisableRequest,
      response: s.User,
      stepUp: true,
    },
  },
  '/users/{id}/devices': {
    get: { summary: "The user's trusted devices (no secret, no hash).", response: s.DevicesResponse },
    delete: {
      summary: 'Revoke all trusted devices: the next sign-in asks for the code again.',
      body: s.RevokeDevicesRequest,
      response: s.RevokeDevicesResponse,
    },
  },
  '/users/{id}/unlock': {
    post: { summary: 'Clear failed attempts.', body: s.UnlockRequest, response: s.User, stepUp: true },
  },
  '/audit': {
    get: {
      summary: 'The append-only audit trail, newest first.',
      query: s.AuditQuery,
      response: s.AuditResponse,
    },
  },
  '/reports/2fa': { get: { summary: '2FA adoption, overall and by role.', response: s.ReportResponse } },
  '/me': { get: { summary: 'The signed-in account.', response: s.User } },
  '/me/2fa/setup': {
    post: {
      summary: 'Start enrolling your own account: a new secret.',
      response: s.SetupResponse,
      stepUp: true,
    },
  },
  '/me/2fa/enable': {
    post: {
      summary: 'Finish enrolling with a code; returns the recovery codes once.',
      body: s.EnableRequest,
      response: s.EnableResponse,
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
      if (path.includes('{id}')) {
        parameters.push({ name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } });
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
            content: json(s.ErrorResponse),
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
