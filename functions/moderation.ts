/**
 * The moderation API under /api/admin/: one sub-app per resource (functions/moderation/), joined
 * here in the order that guards them. Every route but login needs a session; every state-changing
 * one passes the same-origin check and the CSRF token; reward, contact, audit, second approvals
 * and withdrawals from the board need a supervisor. Each action writes an audit row in the same
 * transaction as the change (functions/store/).
 */
import { Hono } from 'hono';
import { requireCsrfToken, sameOriginOnly } from './middleware/csrf.ts';
import { requireSession, type AdminEnv } from './middleware/session.ts';
import { auditRoutes } from './moderation/audit.ts';
import { caseActionRoutes } from './moderation/case-actions.ts';
import { caseRoutes } from './moderation/cases.ts';
import { boardRoutes } from './moderation/exposures.ts';
import { loginRoutes, sessionRoutes } from './moderation/session.ts';
import type { TipoffServiceDeps } from './tipoff-service.ts';

export function moderationRoutes(getDeps: () => TipoffServiceDeps) {
  return (
    new Hono<AdminEnv>()
      // Cross-site POSTs fail before anything else, login included (login CSRF).
      .use('*', sameOriginOnly())
      .route('/', loginRoutes(getDeps))
      // Everything joined below this line needs a session, and its CSRF token to change anything.
      .use('*', (c, next) => requireSession(getDeps)(c, next))
      .use('*', requireCsrfToken())
      .route('/', sessionRoutes(getDeps))
      .route('/tipoffs', caseRoutes(getDeps))
      .route('/tipoffs', caseActionRoutes(getDeps))
      .route('/exposures', boardRoutes(getDeps))
      .route('/audit', auditRoutes(getDeps))
  );
}
