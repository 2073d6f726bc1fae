import { durationAmount } from '../../shared/clock-drift';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServerContext } from '../context';
import type { Words } from '../i18n';
import type { Account } from '../db/users';
import { checkPassword, checkSecondFactor, factorOf } from '../services/credentials';
import type { SignInFactor } from '../services/sign-in-history';
import { deviceName, TRUSTED_DEVICE_TTL_MS } from '../services/trusted-devices';
import { graceReminder, REQUIRED_PATH, requiredEnrollment } from './enforcement';
import { pageWords } from './language';
import { accountPage, loginPage, logoutPage, secondStepPage } from './login-views';
import {
  cookieName,
  cookieOptions,
  currentSession,
  currentSessionWithAccount,
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

/** The sign-in page's words for a code right for a phone clock this far off, to the person holding the phone. */
function nearMissSentence(words: Words, offsetSeconds: number): string {
  const { value, unit } = durationAmount(offsetSeconds);
  return words.t('server.twoStep.nearMiss', {
    // The clock change that would make the code right: the opposite of the phone's offset.
    direction: offsetSeconds < 0 ? 'later' : 'earlier',
    amount: words.intl.formatNumber(value, { style: 'unit', unit, unitDisplay: 'long' }),
  });
}

const html = 'text/html; charset=utf-8';
const ANONYMOUS = { userId: null, stage: 'anonymous' } as const;

/** The seed's login: password, then (with 2FA) a second screen for the code. */
export function registerLoginRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const history = (user: Account, address: string, result: 'ok' | 'refused', factor: SignInFactor) =>
    ctx.signIns.record({ userId: user.id, at: ctx.clock.nowMs(), address, result, factor, channel: 'web' });

  /**
   * Where a full sign-in lands: an account that must enroll first goes to enrollment, with
   * its password just checked standing as the identity check.
   */
  const landing = async (user: Account, sessionIdHash: string): Promise<string> => {
    if ((await requiredEnrollment(ctx, user)) === null) return '/account';
    await ctx.webSessions.markStepUp(sessionIdHash, ctx.clock.nowMs());
    return REQUIRED_PATH;
  };

  app.get('/', async (request, reply) =>
    reply.redirect((await signedIn(ctx, request)) ? '/account' : '/login', 303),
  );

  app.get('/login', async (request, reply) => {
    if (await signedIn(ctx, request)) return reply.redirect('/account', 303);
    // A GET changes no live session (another site can make a browser send one): a
    // half-logged-in session stays, and its form token serves the login form too.
    const session =
      (await currentSession(ctx, request)) ??
      (await rotateSession(ctx, request, reply, undefined, ANONYMOUS));
    const words = await pageWords(request);
    return reply.type(html).send(loginPage(words, session.csrfToken));
  });

  app.post('/login', async (request, reply) => {
    const session = await currentSession(ctx, request);
    requireCsrf(session, request.body);
    const form = formOf(LoginForm, request.body);
    const user = await checkPassword(ctx, form.login, form.password, request.ip);
    if (user === null) {
      const words = await pageWords(request);
      const known = await ctx.users.byLogin(form.login);
      if (known) await history(known, request.ip, 'refused', 'password');
      await ctx.audit.recordFailedSignIn({
        action: 'web.login',
        login: form.login,
        clientAddress: request.ip,
      });
      return (
        reply
          .code(401)
          .type(html)
          // The same words whether the login is unknown, the password wrong or the account locked.
          .send(
            loginPage(words, session.csrfToken, {
              error: words.t('server.login.wrongPassword'),
              login: form.login,
            }),
          )
      );
    }
    const now = ctx.clock.nowMs();
    const trusted =
      user.totpEnabledAt !== null &&
      (await ctx.trusted.isTrusted(
        request.cookies[cookieName(request, 'trusted')],
        user.id,
        now,
        request.ip,
      ));
    if (user.totpEnabledAt !== null && !trusted) {
      await rotateSession(ctx, request, reply, session, { userId: user.id, stage: 'half' });
      return reply.redirect('/login/2fa', 303);
    }
    await ctx.throttle.reset(user.id);
    const full = await rotateSession(ctx, request, reply, session, { userId: user.id, stage: 'full' });
    await history(user, request.ip, 'ok', trusted ? 'trusted-device' : 'password');
    await ctx.audit.record({
      actor: user.login,
      action: 'web.login',
      result: 'ok',
      clientAddress: request.ip,
    });
    return reply.redirect(await landing(user, full.idHash), 303);
  });

  app.get('/login/2fa', async (request, reply) => {
    const found = await currentSessionWithAccount(ctx, request);
    const session = found?.session;
    if (!session || session.stage !== 'half') return reply.redirect('/login', 303);
    const words = await pageWords(request, found?.account?.locale);
    return reply.type(html).send(secondStepPage(words, session.csrfToken));
  });

  app.post('/login/2fa', async (request, reply) => {
    // The session and its account in one read.
    const found = await currentSessionWithAccount(ctx, request);
    const words = await pageWords(request, found?.account?.locale);
    const tooLong = (csrfToken: string) =>
      reply
        .code(401)
        .type(html)
        .send(loginPage(words, csrfToken, { error: words.t('server.login.tooLong') }));
    const session = found?.session;
    // The 5 minutes are over (or the session was ended): start again from the password.
    if (!session) return tooLong((await rotateSession(ctx, request, reply, undefined, ANONYMOUS)).csrfToken);
    // The form token first: a post from another site changes no session, whatever its stage.
    requireCsrf(session, request.body);
    if (session.stage === 'full') return reply.redirect('/account', 303);
    if (session.stage !== 'half' || session.userId === null) return tooLong(session.csrfToken);
    const form = formOf(CodeForm, request.body);
    const user = found?.account;
    if (!user) {
      // The account is gone: this half-done login goes with it.
      return tooLong((await rotateSession(ctx, request, reply, session, ANONYMOUS)).csrfToken);
    }
    const clock: { offset: number | null } = { offset: null };
    const kind = await checkSecondFactor(ctx, user, form.code, request.ip, {
      temporaryCode: 'use',
      nearMiss: (offset) => (clock.offset = offset),
    });
    if (kind === null) {
      await history(user, request.ip, 'refused', factorOf(form.code));
      await ctx.audit.record({
        actor: user.login,
        action: 'web.login.2fa',
        result: 'refused',
        clientAddress: request.ip,
      });
      // A code right for a phone clock minutes off: say so, and how to fix it.
      const error =
        clock.offset === null ? words.t('server.twoStep.wrongCode') : nearMissSentence(words, clock.offset);
      return reply
        .code(401)
        .type(html)
        .send(secondStepPage(words, session.csrfToken, error));
    }
    await ctx.throttle.reset(user.id);
    const full = await rotateSession(ctx, request, reply, session, { userId: user.id, stage: 'full' });
    await history(user, request.ip, 'ok', kind);
    const origin = ctx.originOf(request);
    // A temporary code stands in for the lost authenticator: a new one is set up before anything else.
    if (kind === 'temporary-code') await ctx.users.setRequiredAction(user.id, 'enroll');
    if (kind === 'recovery') {
      const left = await ctx.twoFactor.recoveryCodesLeft(user.id);
      ctx.notifier.notify(user, { kind: 'recovery-code-used', left }, origin);
    }
    // Only a real authenticator earns "don't ask again", not a code from the help desk.
    if (form.remember === '1' && kind !== 'temporary-code') {
      const device = await ctx.trusted.issue(user.id, ctx.clock.nowMs(), {
        name: deviceName(request.headers['user-agent']),
        address: request.ip,
      });
      reply.setCookie(
        cookieName(request, 'trusted'),
        device.cookie,
        cookieOptions(request, Math.floor(TRUSTED_DEVICE_TTL_MS / 1000)),
      );
      ctx.notifier.notify(user, { kind: 'trusted-device-added', device: origin.device ?? null }, origin);
    }
    await ctx.audit.record({
      actor: user.login,
      action:
        kind === 'recovery'
          ? 'web.login.recovery-code'
          : kind === 'temporary-code'
            ? 'web.login.temporary-code'
            : 'web.login.2fa',
      result: 'ok',
      clientAddress: request.ip,
    });
    const next = await landing((await ctx.users.byId(user.id)) ?? user, full.idHash);
    return reply.redirect(
      next === '/account' && kind === 'recovery' ? '/account?notice=recovery' : next,
      303,
    );
  });

  app.get('/account', async (request, reply) => {
    const me = await signedIn(ctx, request);
    if (!me) return reply.redirect('/login', 303);
    if ((await requiredEnrollment(ctx, me.user)) !== null) return reply.redirect(REQUIRED_PATH, 303);
    const words = await pageWords(request, me.user.locale);
    const { notice } = request.query as { notice?: unknown };
    const info =
      notice === 'recovery'
        ? words.t('server.account.recoveryUsed', {
            left: await ctx.twoFactor.recoveryCodesLeft(me.user.id),
          })
        : graceReminder(words, await ctx.policy.standing(me.user, ctx.clock.nowMs()));
    return reply.type(html).send(accountPage(words, me.user, me.session.csrfToken, info));
  });

  app.get('/logout', async (request, reply) => {
    const session = await currentSession(ctx, request);
    if (!session || session.stage === 'anonymous') return reply.redirect('/login', 303);
    // Logging out is a form (POST with a CSRF token) so another site cannot log people out.
    const words = await pageWords(request, (await signedIn(ctx, request))?.user.locale);
    return reply.type(html).send(logoutPage(words, session.csrfToken));
  });

  app.post('/logout', async (request, reply) => {
    const session = await currentSession(ctx, request);
    requireCsrf(session, request.body);
    await endSession(ctx, request, reply, session);
    return reply.redirect('/login', 303);
  });
}
