import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context';
import { ROLES } from '../db/users';
import { authenticate } from './auth';
import { AuditQuery } from '../../shared/admin-api/v1';
import { parse } from './validate';

const percent = (enabled: number, total: number): number =>
  total === 0 ? 0 : Math.round((enabled / total) * 1000) / 10;

export function registerAuditRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/audit', async (request) => {
    const actor = await authenticate(ctx, request);
    const query = parse(AuditQuery, request.query, 'query');
    // Failed sign-ins may show what someone typed and where from: administrators only.
    return { records: await ctx.audit.query({ ...query, withoutAuthFailures: actor.user.role !== 'admin' }) };
  });

  app.get('/reports/2fa', async (request) => {
    await authenticate(ctx, request);
    const rows = await ctx.users.adoption();
    const byRole = ROLES.map((role) => {
      const row = rows.find((r) => r.role === role);
      const total = row?.total ?? 0;
      const enabled = row?.enabled ?? 0;
      return { role, total, enabled, percentage: percent(enabled, total) };
    });
    const total = byRole.reduce((sum, r) => sum + r.total, 0);
    const enabled = byRole.reduce((sum, r) => sum + r.enabled, 0);
    return { total, enabled, percentage: percent(enabled, total), byRole };
  });
}
