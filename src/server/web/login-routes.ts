import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServerContext } from '../context';
import { checkPassword, checkSecondFactor } from '../services/credentials';
import { TRUSTED_DEVICE_TTL_MS } from '../services/trusted-devices';
import { accountPage, loginPage, logoutPage, secondStepPage } from './login-views';
import {
  cookieName,
  cookieOptions,
  currentSession,
  endSession,
  formOf,
  requireCsrf,
  rotateSession,
  signedIn,
} from './session';

const LoginForm = z.object({
  login: z.string().trim().min(1).max(200),
  password: z.string().min(1).max(1024),
});
const CodeForm = z.object({ code: z.string().trim().min(1).max(64), remember: z.literal('1').optional() });

// The same words whether the login is unknown, the password wrong or the account locked.
const WRONG_PASSWORD = 'Wrong login or password.';
const WRONG_CODE =
  "Wrong code — check your authenticator's clock, or wait for the next code. A code works only once.";

const html = 'text/html; charset=utf-8';
const ANONYMOUS = { userId: null, stage: 'anonymous' } as const;

/** The seed's login: password, then (with 2FA) a second screen for the code. */
export function registerLoginRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/', async (request, reply) => reply.redirect(signedIn(ctx, request) ? '/account' : '/login', 303));

  app.get('/login', async (request, reply) => {
    if (signedIn(ctx, request)) return reply.redirect('/account', 303);
    // A GET changes no live session (another site can make a browser send one): a
    // half-logged-in session stays, and its form token serves the login form too.
    const session = currentSession(ctx, request) ?? rotateSession(ctx, request, reply, undefined, ANONYMOUS);
    return reply.type(html).send(loginPage(session.csrfToken));
  });

  app.post('/login', async (request, reply) => {
    const session = currentSession(ctx, request);
    requireCsrf(session, request.body);
    const form = formOf(LoginForm, request.body);
    const user = await checkPassword(ctx, form.login, form.password, request.ip);
    if (user === null) {
      ctx.audit.recordFailedSignIn({ action: 'web.login', login: form.login, clientAddress: request.ip });
      return reply
        .code(401)
        .type(html)
        .send(loginPage(session.csrfToken, { error: WRONG_PASSWORD, login: form.login }));
    }
    const now = ctx.clock.nowMs();
    if (
      user.totp_enabled_at !== null &&
      !ctx.trusted.isTrusted(request.cookies[cookieName(request, 'trusted')], user.id, now)
    ) {
      rotateSession(ctx, request, reply, session, { userId: user.id, stage: 'half' });
      return reply.redirect('/login/2fa', 303);
    }
    ctx.throttle.reset(user.id);
    rotateSession(ctx, request, reply, session, { userId: user.id, stage: 'full' });
    ctx.audit.record({ actor: user.login, action: 'web.login', result: 'ok', clientAddress: request.ip });
    return reply.redirect('/account', 303);
  });

  app.get('/login/2fa', async (request, reply) => {
    const session = currentSession(ctx, request);
    if (!session || session.stage !== 'half') return reply.redirect('/login', 303);
    return reply.type(html).send(secondStepPage(session.csrfToken));
  });

  app.post('/login/2fa', async (request, reply) => {
    const tooLong = (csrfToken: string) =>
      reply
        .code(401)
        .type(html)
        .send(loginPage(csrfToken, { error: 'Your sign-in took too long. Enter your password again.' }));
    const session = currentSession(ctx, request);
    // The 5 minutes are over (or the session was ended): start again from the password.
    if (!session) return tooLong(rotateSession(ctx, request, reply, undefined, ANONYMOUS).csrfToken);
    // The form token first: a post from another site changes no session, whatever its stage.
    requireCsrf(session, request.body);
    if (session.stage === 'full') return reply.redirect('/account', 303);
    if (session.stage !== 'half' || session.userId === null) return tooLong(session.csrfToken);
    const form = formOf(CodeForm, request.body);
    const user = ctx.users.byId(session.userId);
    if (!user) {
      // The account is gone: this half-done login goes with it.
      return tooLong(rotateSession(ctx, request, reply, session, ANONYMOUS).csrfToken);
    }
    const kind = checkSecondFactor(ctx, user, form.code, request.ip);
    if (kind === null) {
      ctx.audit.record({
        actor: user.login,
        action: 'web.login.2fa',
        result: 'refused',
        clientAddress: request.ip,
      });
      return reply.code(401).type(html).send(secondStepPage(session.csrfToken, WRONG_CODE));
    }
    ctx.throttle.reset(user.id);
    rotateSession(ctx, request, reply, session, { userId: user.id, stage: 'full' });
    if (form.remember === '1') {
      const device = ctx.trusted.issue(user.id, ctx.clock.nowMs());
      reply.setCookie(
        cookieName(request, 'trusted'),
        device.cookie,
        cookieOptions(request, Math.floor(TRUSTED_DEVICE_TTL_MS / 1000)),
      );
    }
    ctx.audit.record({
      actor: user.login,
      action: kind === 'recovery' ? 'web.login.recovery-code' : 'web.login.2fa',
      result: 'ok',
      clientAddress: request.ip,
    });
    return reply.redirect(kind === 'recovery' ? '/account?notice=recovery' : '/account', 303);
  });

  app.get('/account', async (request, reply) => {
    const me = signedIn(ctx, request);
    if (!me) return reply.redirect('/login', 303);
    const { notice } = request.query as { notice?: unknown };
    const info =
      notice === 'recovery'
        ? `You used a recovery code; ${ctx.twoFactor.recoveryCodesLeft(me.user.id)} left. Each works only once.`
        : undefined;
    return reply.type(html).send(accountPage(me.user, me.session.csrfToken, info));
  });

  app.get('/logout', async (request, reply) => {
    const session = currentSession(ctx, request);
    if (!session || session.stage === 'anonymous') return reply.redirect('/login', 303);
    // Logging out is a form (POST with a CSRF token) so another site cannot log people out.
    return reply.type(html).send(logoutPage(session.csrfToken));
  });

  app.post('/logout', async (request, reply) => {
    const session = currentSession(ctx, request);
    requireCsrf(session, request.body);
    endSession(ctx, request, reply, session);
    return reply.redirect('/login', 303);
  });
}
