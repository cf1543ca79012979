/**
 * The audit log for supervisors, under /api/admin/audit: who did what to which case, newest first.
 */
import { Hono } from 'hono';
import { queryParams } from '../middleware/json-body.ts';
import { requireRole, type AdminEnv } from '../middleware/session.ts';
import { AuditQuerySchema } from '../schemas/moderation.ts';
import type { TipoffServiceDeps } from '../tipoff-service.ts';

export function auditRoutes(getDeps: () => TipoffServiceDeps) {
  return new Hono<AdminEnv>().get(
    '/',
    requireRole('supervisor'),
    queryParams(AuditQuerySchema),
    async (c) => {
      const d = getDeps();
      return c.json(await d.store.listAudit(c.req.valid('query')));
    },
  );
}
