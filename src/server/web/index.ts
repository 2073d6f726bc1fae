import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context';
import { registerAssets } from './assets';
import { registerLanguageRoutes } from './language';
import { registerLoginRoutes } from './login-routes';
import { registerSecurityRoutes } from './security-routes';
import { registerStopRoutes } from './stop-routes';

export { renderErrorPage } from './layout';
export { anyPageWords } from './language';

/** The server-rendered pages of the seed's flow: plain forms, no script needed. */
export function registerWebPages(ctx: ServerContext) {
  return async (app: FastifyInstance): Promise<void> => {
    registerAssets(app);
    registerLoginRoutes(app, ctx);
    registerSecurityRoutes(app, ctx);
    registerLanguageRoutes(app, ctx);
    registerStopRoutes(app, ctx);
  };
}
