import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context';

export { renderErrorPage } from './layout';

/** The server-rendered pages of the seed's flow. */
export function registerWebPages(_ctx: ServerContext) {
  return async (_app: FastifyInstance): Promise<void> => {};
}
