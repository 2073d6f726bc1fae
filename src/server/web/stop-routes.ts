import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { GUARDED_ACTION_LABELS } from '../../shared/admin-api/vocabulary';
import type { ServerContext } from '../context';
import { peekStop, stopByToken } from '../guarded-effects';
import { html as markup } from './html';
import { localTime, page } from './layout';

const html = 'text/html; charset=utf-8';
const TokenForm = z.object({ t: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/) });

const NOT_USABLE = {
  unknown: 'This link is not valid. If you copied it, check that it is whole.',
  used: 'This link was used already: the request was stopped. Resets of your account are refused for 24 hours, and the security contact was told.',
  expired:
    'This link has expired: the request already took effect or was cancelled. If you did not ask the help desk for it, contact them at once.',
} as const;

/**
 * The mailed "This was not me — stop it" link (issue 25): no sign-in, the link's token is the
 * only key. The link opens a page whose one button stops the request (a mail scanner that
 * fetches links changes nothing); the token works once, and only while the request waits.
 */
export function registerStopRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/stop', async (request, reply) => {
    const form = TokenForm.safeParse(request.query);
    const peek = form.success ? await peekStop(ctx, form.data.t) : ({ kind: 'unknown' } as const);
    if (peek.kind !== 'ready') {
      return reply
        .code(peek.kind === 'unknown' ? 404 : 410)
        .type(html)
        .send(
          page({
            title: 'Stop a help-desk request',
            body: markup`<p role="alert">${NOT_USABLE[peek.kind]}</p>`,
          }),
        );
    }
    const { row } = peek;
    return reply.type(html).send(
      page({
        title: 'Stop a help-desk request',
        body: markup`<p>${row.actor} of the help desk asked to <strong>${GUARDED_ACTION_LABELS[row.action]}</strong> on your account (${row.login}). It takes effect at ${localTime(row.dueAt)}.</p>
          <form method="post" action="/stop">
            <input type="hidden" name="t" value="${form.success ? form.data.t : ''}" />
            <button type="submit" class="danger">This was not me — stop it</button>
          </form>
          <p>Stopping it also refuses any further reset of your account for 24 hours, and tells the security contact.</p>`,
      }),
    );
  });

  app.post('/stop', async (request, reply) => {
    const form = TokenForm.safeParse(request.body);
    const outcome = form.success
      ? await stopByToken(ctx, request, form.data.t)
      : ({ kind: 'unknown' } as const);
    if (outcome.kind !== 'stopped') {
      return reply
        .code(outcome.kind === 'unknown' ? 404 : 410)
        .type(html)
        .send(
          page({
            title: 'Stop a help-desk request',
            body: markup`<p role="alert">${NOT_USABLE[outcome.kind]}</p>`,
          }),
        );
    }
    return reply.type(html).send(
      page({
        title: 'Request stopped',
        body: markup`<p role="status">Stopped: ${GUARDED_ACTION_LABELS[outcome.row.action]} will not happen. Resets of your account are refused until ${localTime(outcome.lockedUntil)}, and the security contact was told.</p>
          <p>Someone may have called the help desk pretending to be you. If you know your password may be known to others, change it.</p>`,
      }),
    );
  });
}
