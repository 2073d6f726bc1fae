import { z } from 'zod';
import { words } from '../../../../shared/person-facing-error';
import { HelpdeskError } from '../../errors';
import type { HttpAnswer, Transport } from '../../transport';

/** Odoo's session cookie: the whole of a signed-in web session. */
export const SESSION_COOKIE = 'session_id';

const faultSchema = z.object({
  code: z.number().optional(),
  message: z.string().optional(),
  data: z
    .object({
      name: z.string().optional(),
      message: z.string().optional(),
    })
    .optional(),
});

const replySchema = z.union([
  z.object({ result: z.unknown() }).transform((reply) => ({ ok: true as const, result: reply.result })),
  z.object({ error: faultSchema }).transform((reply) => ({ ok: false as const, fault: reply.error })),
]);

/** A JSON-RPC error from the server: its exception's name (without the `odoo.`/`flectra.` prefix) and message. */
export class OdooFault extends Error {
  override name = 'OdooFault';
  constructor(
    /** e.g. "exceptions.AccessDenied", "http.SessionExpiredException". */
    readonly exception: string,
    message: string,
    readonly code: number | undefined,
  ) {
    super(message);
  }

  /** Matches by suffix, so Odoo's `odoo.` and Flectra's `flectra.` prefixes both fit. */
  is(suffix: string): boolean {
    return this.exception === suffix || this.exception.endsWith(`.${suffix}`);
  }
}

/** The value of one cookie among a response's Set-Cookie lines, with its lifetime in seconds if given. */
export function cookieFrom(
  setCookies: readonly string[],
  name: string,
): { value: string; maxAgeSeconds: number | null } | null {
  for (const line of setCookies) {
    const [pair = '', ...attributes] = line.split(';');
    const eq = pair.indexOf('=');
    if (eq <= 0 || pair.slice(0, eq).trim() !== name) continue;
    const maxAge = attributes
      .map((attribute) => /^\s*max-age\s*=\s*(\d+)\s*$/i.exec(attribute)?.[1])
      .find((value) => value !== undefined);
    return { value: pair.slice(eq + 1).trim(), maxAgeSeconds: maxAge === undefined ? null : Number(maxAge) };
  }
  return null;
}

/** Server messages are shown only when short and single-line: they are meant for people, not tracebacks. */
export function shortMessage(message: string | undefined): string | undefined {
  return message && message.length <= 300 && !/[\n\r]/.test(message) ? message : undefined;
}

/**
 * One web session on an Odoo/Flectra server: JSON-RPC posts with the `session_id` cookie, which the
 * server may replace at any answer (it rotates after the second sign-in step).
 */
export class OdooSession {
  private nextId = 1;

  constructor(
    readonly transport: Transport,
    /** The session cookie's value; null before the server has given one. */
    public sessionId: string | null = null,
  ) {}

  get cookie(): string | undefined {
    return this.sessionId === null ? undefined : `${SESSION_COOKIE}=${this.sessionId}`;
  }

  /** Keeps a new session cookie if the answer set one. */
  keep(answer: HttpAnswer): void {
    const cookie = cookieFrom(answer.setCookies, SESSION_COOKIE);
    if (cookie && cookie.value !== '') this.sessionId = cookie.value;
  }

  async http(method: 'GET' | 'POST', path: string, form?: Record<string, string>): Promise<HttpAnswer> {
    const answer = await this.transport.request(method, path, { cookie: this.cookie, form });
    this.keep(answer);
    return answer;
  }

  /** Posts `{"jsonrpc":"2.0","method":"call","params":…}`; returns `result` or throws an OdooFault. */
  async call(path: string, params: Record<string, unknown>): Promise<unknown> {
    const answer = await this.transport.request('POST', path, {
      cookie: this.cookie,
      json: { jsonrpc: '2.0', method: 'call', params, id: this.nextId++ },
    });
    this.keep(answer);
    const origin = this.transport.origin;
    if (answer.status === 404) {
      throw new HelpdeskError('BAD_RESPONSE', words('helpdesk.error.odoo.noPath', { origin, path }));
    }
    if (answer.status >= 500) {
      throw new HelpdeskError(
        'SERVER_ERROR',
        words('helpdesk.error.serverProblemHttp', { origin, status: String(answer.status) }),
      );
    }
    const reply = replySchema.safeParse(answer.body);
    if (answer.status !== 200 || !reply.success) {
      throw new HelpdeskError(
        'BAD_RESPONSE',
        words('helpdesk.error.odoo.notUnderstood', { origin, status: String(answer.status) }),
      );
    }
    if (reply.data.ok) return reply.data.result;
    const { fault } = reply.data;
    throw new OdooFault(
      (fault.data?.name ?? '').replace(/^(odoo|flectra|openerp)\./, ''),
      fault.data?.message ?? fault.message ?? 'unknown error',
      fault.code,
    );
  }

  /** `model.method(*args, **kwargs)` through /web/dataset/call_kw. */
  callKw(model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}) {
    return this.call(`/web/dataset/call_kw/${model}/${method}`, { model, method, args, kwargs });
  }

  /** A button's method, whose answer may be an action (a wizard to open) rather than data. */
  callButton(model: string, method: string, args: unknown[], context: Record<string, unknown> = {}) {
    return this.call('/web/dataset/call_button', { model, method, args, kwargs: { context } });
  }
}
