import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context';
import { registerAuditRoutes } from './audit-routes';
import { registerHelpdeskRoutes } from './helpdesk-routes';
import { registerMeRoutes } from './me-routes';
import { openApiDocument } from './openapi';
import { registerSessionRoutes } from './session-routes';
import { registerUserRoutes } from './users-routes';

export const API_PREFIX = '/api/admin/v1';

/** The admin REST API: JSON in, JSON out, bearer tokens. */
export function registerAdminApi(ctx: ServerContext) {
  const document = openApiDocument();
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/openapi.json', async () => document);
    registerSessionRoutes(app, ctx);
    registerUserRoutes(app, ctx);
    registerAuditRoutes(app, ctx);
    registerMeRoutes(app, ctx);
    registerHelpdeskRoutes(app, ctx);
  };
}
