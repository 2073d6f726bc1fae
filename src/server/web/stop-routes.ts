import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServerContext } from '../context';
import { peekStop, stopByToken } from '../guarded-effects';
import { actionKey } from '../mail/notifications';
import { html as markup } from './html';
import { anyPageWords, pageWords } from './language';
import { localTime, ltr, name, page } from './layout';

const html = 'text/html; charset=utf-8';
const TokenForm = z.object({ t: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/) });

const NOT_USABLE = {
  unknown: 'server.stop.unknown',
  used: 'server.stop.used',
  expired: 'server.stop.expired',
} as const;

/**
 * The mailed "This was not me — stop it" link (issue 25): no sign-in, the link's token is the
 * only key. The link opens a page whose one button stops the request (a mail scanner that
 * fetches links changes nothing); the token works once, and only while the request waits.
 */
export function registerStopRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const wordsOf = async (request: Parameters<typeof pageWords>[0], userId: number) =>
    pageWords(request, (await ctx.users.byId(userId))?.locale ?? null);

  app.get('/stop', async (request, reply) => {
    const form = TokenForm.safeParse(request.query);
    const peek = form.success ? await peekStop(ctx, form.data.t) : ({ kind: 'unknown' } as const);
    if (peek.kind !== 'ready') {
      const words = await anyPageWords(ctx, request);
      return reply
        .code(peek.kind === 'unknown' ? 404 : 410)
        .type(html)
        .send(
          page({
            words,
            title: words.t('server.stop.title'),
            body: markup`<p role="alert">${words.t(NOT_USABLE[peek.kind])}</p>`,
          }),
        );
    }
    const { row } = peek;
    const words = await wordsOf(request, row.userId);
    return reply.type(html).send(
      page({
        words,
        title: words.t('server.stop.title'),
        body: markup`<p>${words.rich('server.stop.asked', {
          actor: name(row.actor),
          action: actionKey(row.action),
          login: ltr(row.login),
          when: localTime(words, row.dueAt),
        })}</p>
          <form method="post" action="/stop">
            <input type="hidden" name="t" value="${form.success ? form.data.t : ''}" />
            <button type="submit" class="danger">${words.t('server.stop.button')}</button>
          </form>
          <p>${words.t('server.stop.lockNote')}</p>`,
      }),
    );
  });

  app.post('/stop', async (request, reply) => {
    const form = TokenForm.safeParse(request.body);
    const outcome = form.success
      ? await stopByToken(ctx, request, form.data.t)
      : ({ kind: 'unknown' } as const);
    if (outcome.kind !== 'stopped') {
      const words = await anyPageWords(ctx, request);
      return reply
        .code(outcome.kind === 'unknown' ? 404 : 410)
        .type(html)
        .send(
          page({
            words,
            title: words.t('server.stop.title'),
            body: markup`<p role="alert">${words.t(NOT_USABLE[outcome.kind])}</p>`,
          }),
        );
    }
    const words = await wordsOf(request, outcome.row.userId);
    return reply.type(html).send(
      page({
        words,
        title: words.t('server.stop.stoppedTitle'),
        body: markup`<p role="status">${words.rich('server.stop.stopped', {
          action: actionKey(outcome.row.action),
          until: localTime(words, outcome.lockedUntil),
        })}</p>
          <p>${words.t('server.stop.advice')}</p>`,
      }),
    );
  });
}
