/**
 * The exposure board as staff see it, under /api/admin/exposures: every entry by status, and the
 * supervisors' second approval (four eyes) and withdrawal, each refreshing the engine's blocklist.
 */
import { Hono } from 'hono';
import { jsonBody, queryParams, requireJson } from '../middleware/json-body.ts';
import { requireRole, type AdminEnv } from '../middleware/session.ts';
import { AdminExposureQuerySchema, WithdrawExposureSchema } from '../schemas/moderation.ts';
import type { TipoffServiceDeps } from '../tipoff-service.ts';
import { refreshBlocklist } from '../service/blocklist.ts';
import { ADMIN_JSON_MAX } from './limits.ts';
import { actorOf, exposureAdminView } from './views.ts';

export function boardRoutes(getDeps: () => TipoffServiceDeps) {
  const supervisor = requireRole('supervisor');
  return new Hono<AdminEnv>()
    .get('/', queryParams(AdminExposureQuerySchema), async (c) => {
      const d = getDeps();
      const q = c.req.valid('query');
      const page = await d.store.listExposures(q);
      return c.json({ ...page, items: page.items.map(exposureAdminView) });
    })
    .post('/:id/confirm', supervisor, async (c) => {
      const d = getDeps();
      const e = await d.store.confirmExposure(
        c.req.param('id'),
        actorOf(c.get('session')),
        d.now().toISOString(),
      );
      await refreshBlocklist(d);
      return c.json({ exposure: exposureAdminView(e) });
    })
    .post(
      '/:id/withdraw',
      supervisor,
      requireJson(ADMIN_JSON_MAX),
      jsonBody(WithdrawExposureSchema),
      async (c) => {
        const d = getDeps();
        const e = await d.store.withdrawExposure(
          c.req.param('id'),
          actorOf(c.get('session')),
          c.req.valid('json').reason,
          d.now().toISOString(),
        );
        await refreshBlocklist(d);
        return c.json({ exposure: exposureAdminView(e) });
      },
    );
}
