import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerContext } from '../context';
import { HttpError } from '../http-error';
import { words } from '../../shared/person-facing-error';
import { registerAuditRoutes } from './audit-routes';
import { registerAuditWitnessRoutes } from './audit-witness-routes';
import { registerGuardedRoutes } from './guarded-routes';
import { registerHelpdeskRoutes } from './helpdesk-routes';
import { registerMeRoutes } from './me-routes';
import { openApiDocument } from './openapi';
import { registerSessionRoutes } from './session-routes';
import { registerUserRoutes } from './users-routes';

export const API_PREFIX = '/api/admin/v1';

/**
 * Whether a request to the API carries anything but JSON: a form (or any other body a
 * page on another site can make a browser send without asking) is refused before it is
 * parsed, so a cross-site form cannot sign in or spend attempts here. A request without
 * a body (GET, DELETE, or a POST that needs none) passes.
 */
export function isNonJsonBody(request: Pick<FastifyRequest, 'headers'>): boolean {
  const type = request.headers['content-type'];
  if (type !== undefined) return !/^application\/json\s*(;|$)/i.test(type.trim());
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** The admin REST API: JSON in, JSON out, bearer tokens. */
export function registerAdminApi(ctx: ServerContext) {
  const document = openApiDocument();
  return async (app: FastifyInstance): Promise<void> => {
    app.addHook('onRequest', async (request) => {
      if (isNonJsonBody(request)) {
        throw new HttpError(415, 'unsupported_media_type', words('server.api.jsonOnly'));
      }
    });
    app.get('/openapi.json', async () => document);
    registerSessionRoutes(app, ctx);
    registerUserRoutes(app, ctx);
    registerAuditRoutes(app, ctx);
    registerAuditWitnessRoutes(app, ctx);
    registerMeRoutes(app, ctx);
    registerHelpdeskRoutes(app, ctx);
    registerGuardedRoutes(app, ctx);
  };
}
