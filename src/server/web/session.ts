import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ServerContext } from '../context';
import type { SessionStage, WebSession } from '../db/sessions';
import type { Account } from '../db/users';
import { HttpError } from '../http-error';
import { words } from '../../shared/person-facing-error';
import { sameString } from '../security/tokens';

const SESSION_COOKIE = 'twofold_session';
const TRUSTED_COOKIE = 'twofold_trusted';
export const STEP_UP_TTL_MS = 10 * 60_000;

// A login form may sit open a while; half-logged-in (password given, code not yet) lasts 5 minutes.
const TTL_MS: Record<SessionStage, number> = {
  anonymous: 30 * 60_000,
  half: 5 * 60_000,
  full: 8 * 60 * 60_000,
};

/** Reached over https (directly, or as a trusted proxy says in X-Forwarded-Proto). */
export const overHttps = (request: FastifyRequest): boolean => request.protocol === 'https';

/**
 * Over https a cookie is `__Host-` prefixed and Secure: browsers then take it only
 * from this very host over https, never from a sibling subdomain or plain http.
 * Plain http (this computer, tests) cannot carry the prefix, so the bare name is used.
 */
export function cookieName(request: FastifyRequest, kind: 'session' | 'trusted'): string {
  const name = kind === 'session' ? SESSION_COOKIE : TRUSTED_COOKIE;
  return overHttps(request) ? `__Host-${name}` : name;
}

export function cookieOptions(request: FastifyRequest, maxAgeSeconds?: number) {
  return {
    // `__Host-` requires the path / and no Domain.
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: overHttps(request),
    ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds }),
  };
}

/** The session cookie, when there is one of a plausible length. */
function sessionCookie(request: FastifyRequest): string | undefined {
  const cookie = request.cookies[cookieName(request, 'session')];
  return cookie === undefined || cookie.length > 100 ? undefined : cookie;
}

export async function currentSession(
  ctx: ServerContext,
  request: FastifyRequest,
): Promise<WebSession | undefined> {
  const cookie = sessionCookie(request);
  return cookie === undefined ? undefined : await ctx.webSessions.find(cookie, ctx.clock.nowMs());
}

/** The current session and its account, read together (the sign-in's code step). */
export async function currentSessionWithAccount(
  ctx: ServerContext,
  request: FastifyRequest,
): Promise<{ session: WebSession; account: Account | undefined } | undefined> {
  const cookie = sessionCookie(request);
  return cookie === undefined ? undefined : await ctx.webSessions.findWithAccount(cookie, ctx.clock.nowMs());
}

/** Starts a new session and drops the old one: the id changes at every login step. */
export async function rotateSession(
  ctx: ServerContext,
  request: FastifyRequest,
  reply: FastifyReply,
  previous: WebSession | undefined,
  next: { userId: number | null; stage: SessionStage },
): Promise<WebSession> {
  if (previous) await ctx.webSessions.delete(previous.idHash);
  const ttlMs = TTL_MS[next.stage];
  const { cookie, session } = await ctx.webSessions.create({ ...next, now: ctx.clock.nowMs(), ttlMs });
  reply.setCookie(cookieName(request, 'session'), cookie, cookieOptions(request, Math.floor(ttlMs / 1000)));
  return session;
}

export async function endSession(
  ctx: ServerContext,
  request: FastifyRequest,
  reply: FastifyReply,
  session: WebSession | undefined,
): Promise<void> {
  if (session) await ctx.webSessions.delete(session.idHash);
  reply.clearCookie(cookieName(request, 'session'), cookieOptions(request));
}

const CsrfField = z.object({ csrf_token: z.string().max(200).optional() }).loose();

/** Every form carries the session's CSRF token; a missing or wrong one changes nothing. */
export function requireCsrf(session: WebSession | undefined, body: unknown): asserts session is WebSession {
  const parsed = CsrfField.safeParse(body ?? {});
  const token = parsed.success ? parsed.data.csrf_token : undefined;
  if (!session || token === undefined || !sameString(token, session.csrfToken)) {
    throw new HttpError(403, 'csrf', words('server.error.csrf'));
  }
}

/** The signed-in person, or null (the caller redirects to /login). */
export async function signedIn(
  ctx: ServerContext,
  request: FastifyRequest,
): Promise<{ session: WebSession; user: Account } | null> {
  const session = await currentSession(ctx, request);
  if (!session || session.stage !== 'full' || session.userId === null) return null;
  const user = await ctx.users.byId(session.userId);
  return user ? { session, user } : null;
}

export function hasFreshStepUp(ctx: ServerContext, session: WebSession): boolean {
  return session.stepUpAt !== null && ctx.clock.nowMs() - session.stepUpAt <= STEP_UP_TTL_MS;
}

/** Form fields parsed at the boundary; anything malformed becomes a clear 400 page. */
export function formOf<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    throw new HttpError(400, 'invalid_form', words('server.error.invalidForm'));
  }
  return result.data;
}
