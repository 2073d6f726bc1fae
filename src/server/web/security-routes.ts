import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { z } from 'zod';
import type { ServerContext } from '../context';
import type { WebSession } from '../db/sessions';
import type { Account } from '../db/users';
import { checkPassword, checkSecondFactor } from '../services/credentials';
import { REQUIRED_PATH, requiredEnrollment, requiredEnrollmentPage } from './enforcement';
import {
  identityPage,
  recoveryCodesPage,
  securityPage,
  setupPage,
  type RecoveryCodesOccasion,
} from './security-views';
import { formOf, hasFreshStepUp, requireCsrf, signedIn } from './session';
import { pageWords } from './language';
import type { Words } from '../i18n';

const PasswordForm = z.object({ password: z.string().min(1).max(1024) });
const CodeForm = z.object({ code: z.string().trim().min(1).max(64) });
const DisableForm = PasswordForm.extend({ code: z.string().trim().min(1).max(64) });

const html = 'text/html; charset=utf-8';
const NOTICES = {
  disabled: 'server.security.disabledNotice',
  language: 'server.language.saved',
} as const;

type Me = { session: WebSession; user: Account; words: Words };

/** Account Security: enable 2FA (password re-check, QR + link + secret, verification code) and disable it. */
export function registerSecurityRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const me = async (request: FastifyRequest, reply: FastifyReply): Promise<Me | null> => {
    const found = await signedIn(ctx, request);
    if (!found) {
      void reply.redirect('/login', 303);
      return null;
    }
    return { ...found, words: await pageWords(request, found.user.locale) };
  };

  const showSetup = async (
    request: FastifyRequest,
    reply: FastifyReply,
    { session, user, words }: Me,
    error?: string,
  ) => {
    const setup = ctx.twoFactor.pendingSetup(user, ctx.issuerFor(request));
    if (!setup || !hasFreshStepUp(ctx, session)) return reply.redirect('/account/security', 303);
    const qrDataUrl = await QRCode.toDataURL(setup.otpauthUri, {
      errorCorrectionLevel: 'M',
      margin: 2,
      scale: 6,
    });
    return reply
      .code(error ? 422 : 200)
      .type(html)
      .send(setupPage({ words, user, csrfToken: session.csrfToken }, { ...setup, qrDataUrl }, error));
  };

  // Shown once, in this answer only: there is no page to come back to them.
  const showCodes = (
    request: FastifyRequest,
    reply: FastifyReply,
    { session, user, words }: Me,
    codes: readonly string[],
    occasion: RecoveryCodesOccasion,
  ) =>
    reply
      .type(html)
      .send(
        recoveryCodesPage(
          { words, user, csrfToken: session.csrfToken },
          { codes, server: ctx.issuerFor(request), generatedAt: new Date(ctx.clock.nowMs()) },
          occasion,
        ),
      );

  app.get(REQUIRED_PATH, async (request, reply) => {
    const found = await me(request, reply);
    if (!found) return reply;
    const reason = await requiredEnrollment(ctx, found.user);
    if (reason === null) return reply.redirect('/account/security', 303);
    return reply
      .type(html)
      .send(requiredEnrollmentPage(found.words, found.user, found.session.csrfToken, reason));
  });

  app.get('/account/security', async (request, reply) => {
    const found = await me(request, reply);
    if (!found) return reply;
    if ((await requiredEnrollment(ctx, found.user)) !== null) return reply.redirect(REQUIRED_PATH, 303);
    const { notice } = request.query as { notice?: unknown };
    return reply.type(html).send(
      securityPage(
        { words: found.words, user: found.user, csrfToken: found.session.csrfToken },
        {
          codesLeft: await ctx.twoFactor.recoveryCodesLeft(found.user.id),
          // Own keys only: `?notice=constructor` must not reach Object.prototype.
          ...(typeof notice === 'string' && Object.hasOwn(NOTICES, notice)
            ? { info: found.words.t(NOTICES[notice as keyof typeof NOTICES]) }
            : {}),
        },
      ),
    );
  });

  app.post('/account/security/enable', async (request, reply) => {
    const found = await me(request, reply);
    if (!found) return reply;
    requireCsrf(found.session, request.body);
    // With 2FA on, only a required re-enrollment (after a temporary code) sets up a new secret.
    const required = (await requiredEnrollment(ctx, found.user)) !== null;
    if (found.user.totpEnabledAt !== null && !required) return reply.redirect('/account/security', 303);
    if (!hasFreshStepUp(ctx, found.session)) {
      return reply
        .type(html)
        .send(identityPage({ words: found.words, user: found.user, csrfToken: found.session.csrfToken }));
    }
    await ctx.twoFactor.startEnrollment(found.user, ctx.issuerFor(request));
    return reply.redirect('/account/security/setup', 303);
  });

  app.post('/account/security/identity', async (request, reply) => {
    const found = await me(request, reply);
    if (!found) return reply;
    requireCsrf(found.session, request.body);
    const form = formOf(PasswordForm, request.body);
    const checked = await checkPassword(ctx, found.user.login, form.password, request.ip);
    if (checked === null) {
      return reply
        .code(401)
        .type(html)
        .send(
          identityPage(
            { words: found.words, user: found.user, csrfToken: found.session.csrfToken },
            found.words.t('server.security.wrongPassword'),
          ),
        );
    }
    await ctx.webSessions.markStepUp(found.session.idHash, ctx.clock.nowMs());
    if (found.user.totpEnabledAt === null || (await requiredEnrollment(ctx, found.user)) !== null)
      await ctx.twoFactor.startEnrollment(found.user, ctx.issuerFor(request));
    return reply.redirect('/account/security/setup', 303);
  });

  app.get('/account/security/setup', async (request, reply) => {
    const found = await me(request, reply);
    if (!found) return reply;
    return showSetup(request, reply, found);
  });

  app.post('/account/security/setup', async (request, reply) => {
    const found = await me(request, reply);
    if (!found) return reply;
    requireCsrf(found.session, request.body);
    const form = formOf(CodeForm, request.body);
    const codes = await ctx.throttle.attempt(found.user.id, request.ip, () =>
      ctx.twoFactor.confirmEnrollment(found.user, form.code, { webSession: found.session.idHash }),
    );
    await ctx.audit.record({
      actor: found.user.login,
      action: 'web.2fa.enable',
      target: found.user.login,
      result: codes ? 'ok' : 'failed',
      clientAddress: request.ip,
    });
    if (codes === null) {
      return showSetup(request, reply, found, found.words.t('server.setup.wrongCode'));
    }
    ctx.notifier.notify(found.user, { kind: 'twofa-enabled' }, ctx.originOf(request));
    return showCodes(request, reply, found, codes, 'enabled');
  });

  // New recovery codes, the password asked with the request (not after a failure); the old ones stop working.
  app.post('/account/security/recovery-codes', async (request, reply) => {
    const found = await me(request, reply);
    if (!found) return reply;
    requireCsrf(found.session, request.body);
    if (found.user.totpEnabledAt === null) return reply.redirect('/account/security', 303);
    if ((await requiredEnrollment(ctx, found.user)) !== null) return reply.redirect(REQUIRED_PATH, 303);
    const form = formOf(PasswordForm, request.body);
    const frame = { words: found.words, user: found.user, csrfToken: found.session.csrfToken };
    const checked = await checkPassword(ctx, found.user.login, form.password, request.ip);
    const codes = checked === null ? null : await ctx.twoFactor.regenerateRecoveryCodes(found.user.id);
    await ctx.audit.record({
      actor: found.user.login,
      action: 'web.recovery.regenerate',
      target: found.user.login,
      result: codes ? 'ok' : 'refused',
      clientAddress: request.ip,
    });
    if (codes === null) {
      return reply
        .code(401)
        .type(html)
        .send(
          securityPage(frame, {
            codesLeft: await ctx.twoFactor.recoveryCodesLeft(found.user.id),
            error: found.words.t('server.security.regenerateRefused'),
          }),
        );
    }
    ctx.notifier.notify(found.user, { kind: 'recovery-codes-regenerated' }, ctx.originOf(request));
    return showCodes(request, reply, found, codes, 'regenerated');
  });

  app.post('/account/security/disable', async (request, reply) => {
    const found = await me(request, reply);
    if (!found) return reply;
    requireCsrf(found.session, request.body);
    const form = formOf(DisableForm, request.body);
    const frame = { words: found.words, user: found.user, csrfToken: found.session.csrfToken };
    const codesLeft = await ctx.twoFactor.recoveryCodesLeft(found.user.id);
    if (found.user.totpEnabledAt === null) return reply.redirect('/account/security', 303);
    if ((await requiredEnrollment(ctx, found.user)) !== null) return reply.redirect(REQUIRED_PATH, 303);
    const checked = await checkPassword(ctx, found.user.login, form.password, request.ip);
    const kind = checked ? await checkSecondFactor(ctx, checked, form.code, request.ip) : null;
    if (!checked || kind === null) {
      return reply
        .code(401)
        .type(html)
        .send(securityPage(frame, { codesLeft, error: found.words.t('server.security.disableRefused') }));
    }
    await ctx.twoFactor.disable(found.user.id, { webSession: found.session.idHash });
    await ctx.audit.record({
      actor: found.user.login,
      action: 'web.2fa.disable',
      target: found.user.login,
      reason: 'disabled by the account owner',
      result: 'ok',
      clientAddress: request.ip,
    });
    ctx.notifier.notify(found.user, { kind: 'twofa-disabled', byHelpDesk: false }, ctx.originOf(request));
    return reply.redirect('/account/security?notice=disabled', 303);
  });
}
