import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isLocale, type Locale } from '../../shared/i18n/locales';
import type { ServerContext } from '../context';
import { LANG_COOKIE, pageLocale, wordsFor, type Words } from '../i18n';
import { cookieOptions, currentSession, formOf, requireCsrf, signedIn } from './session';

/** A page's words: the signed-in person's choice, else the switcher's cookie, else Accept-Language. */
export function pageWords(request: FastifyRequest, preference?: Locale | null): Promise<Words> {
  return wordsFor(pageLocale(request, preference));
}

/** The words of a page whose person may or may not be signed in (an error page). */
export async function anyPageWords(ctx: ServerContext, request: FastifyRequest): Promise<Words> {
  let preference: Locale | null = null;
  try {
    preference = (await signedIn(ctx, request))?.user.locale ?? null;
  } catch {
    // The store cannot be read (the error being shown may be that): the browser's language, then.
  }
  return pageWords(request, preference);
}

const LocaleForm = z.object({
  locale: z
    .string()
    .max(20)
    .refine((value) => value === '' || isLocale(value)),
  // Only a path on this server: never `//other.site` or a scheme.
  back: z
    .string()
    .max(200)
    .regex(/^\/(?![/\\])[\w\-/]*$/)
    .optional(),
});

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/**
 * The language switcher's form (on the login page): sets the `lang` cookie and goes back. With
 * the form's CSRF token, like every form: another site cannot change someone's language.
 */
export function registerLanguageRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post('/language', async (request, reply) => {
    const session = await currentSession(ctx, request);
    requireCsrf(session, request.body);
    const form = formOf(LocaleForm, request.body);
    if (form.locale === '') reply.clearCookie(LANG_COOKIE, cookieOptions(request));
    else reply.setCookie(LANG_COOKIE, form.locale, cookieOptions(request, ONE_YEAR_SECONDS));
    return reply.redirect(form.back ?? '/login', 303);
  });

  // Account Security's choice: kept with the account, for its pages on every browser and its mails.
  app.post('/account/security/language', async (request, reply) => {
    const me = await signedIn(ctx, request);
    if (!me) return reply.redirect('/login', 303);
    requireCsrf(me.session, request.body);
    const form = formOf(LocaleForm, request.body);
    await ctx.users.setLocale(me.user.id, form.locale === '' || !isLocale(form.locale) ? null : form.locale);
    return reply.redirect('/account/security?notice=language', 303);
  });
}
