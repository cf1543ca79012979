/**
 * The admin API's access control, enumerated from the router so a new route cannot slip by: every
 * route is classified (public, moderator, supervisor), each answers 401 without a session, 403 to
 * the wrong role, and 403 to a cross-site or tokenless state change. Runs on both databases.
 */
import { describe, expect, test } from 'vitest';
import { login } from '../fixtures/tipoff-app.ts';
import { DATABASES, staffAppPerTest } from './helpers.ts';

const staffApp = staffAppPerTest();
type App = Awaited<ReturnType<typeof staffApp>>['app'];

// Every admin route must be listed here: the test below fails when a new one is not.
const PUBLIC = new Set(['POST /api/admin/login']);
const SUPERVISOR = new Set([
  'POST /api/admin/tipoffs/:id/reward',
  'GET /api/admin/tipoffs/:id/contact',
  'POST /api/admin/exposures/:id/confirm',
  'POST /api/admin/exposures/:id/withdraw',
  'GET /api/admin/audit',
]);
const MODERATOR = new Set([
  'POST /api/admin/logout',
  'GET /api/admin/me',
  'GET /api/admin/tipoffs',
  'GET /api/admin/tipoffs/:id',
  'GET /api/admin/tipoffs/:id/attachments/:aid',
  'POST /api/admin/tipoffs/bulk',
  'POST /api/admin/tipoffs/:id/approve',
  'POST /api/admin/tipoffs/:id/reject',
  'POST /api/admin/tipoffs/:id/request-info',
  'POST /api/admin/tipoffs/:id/merge',
  'GET /api/admin/exposures',
]);

function adminRoutes(app: App): { method: string; path: string; key: string }[] {
  const seen = new Set<string>();
  return app.routes
    .filter((r) => r.path.startsWith('/api/admin/') && r.method !== 'ALL' && !r.path.endsWith('*'))
    .map((r) => ({ method: r.method, path: r.path, key: `${r.method} ${r.path}` }))
    .filter((r) => !seen.has(r.key) && seen.add(r.key));
}

const concrete = (path: string) => path.replace(':id', 'nonexistent').replace(':aid', 'nothing');

function call(app: App, method: string, path: string, headers: Record<string, string> = {}) {
  return app.request(concrete(path), {
    method,
    headers: { 'content-type': 'application/json', origin: 'http://localhost', ...headers },
    ...(method === 'GET' ? {} : { body: '{}' }),
  });
}

describe.each(DATABASES)('admin access control, enumerated from the router (%s)', (kind) => {
  test('every admin route is classified', async () => {
    const { app } = await staffApp({ kind });
    const routes = adminRoutes(app);
    expect(routes.length).toBeGreaterThanOrEqual(PUBLIC.size + SUPERVISOR.size + MODERATOR.size);
    for (const r of routes)
      expect(PUBLIC.has(r.key) || SUPERVISOR.has(r.key) || MODERATOR.has(r.key), r.key).toBe(true);
  });

  test('every route but login answers 401 without a session', async () => {
    const { app } = await staffApp({ kind });
    for (const r of adminRoutes(app)) {
      if (PUBLIC.has(r.key)) continue;
      const res = await call(app, r.method, r.path);
      expect(res.status, r.key).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    }
  });

  test('supervisor routes answer 403 to a moderator, and let a supervisor through', async () => {
    const { app } = await staffApp({ kind });
    const m = await login(app, 'mod');
    const s = await login(app, 'boss');
    for (const r of adminRoutes(app)) {
      if (!SUPERVISOR.has(r.key)) continue;
      expect((await call(app, r.method, r.path, m.headers)).status, r.key).toBe(403);
      expect([200, 404, 409, 422], r.key).toContain(
        (await call(app, r.method, r.path, s.headers)).status,
      );
    }
    for (const r of adminRoutes(app)) {
      if (!MODERATOR.has(r.key) || r.key === 'POST /api/admin/logout') continue;
      expect([200, 404, 409, 422], r.key).toContain(
        (await call(app, r.method, r.path, m.headers)).status,
      );
    }
  });

  test('cross-site or tokenless state changes fail with 403 on every POST route', async () => {
    const { app } = await staffApp({ kind });
    const s = await login(app, 'boss');
    for (const r of adminRoutes(app)) {
      if (r.method !== 'POST') continue;
      const evilOrigin = await call(app, r.method, r.path, {
        ...s.headers,
        origin: 'https://evil.example',
      });
      expect(evilOrigin.status, `${r.key} evil origin`).toBe(403);
      const crossSite = await call(app, r.method, r.path, {
        ...s.headers,
        'sec-fetch-site': 'cross-site',
      });
      expect(crossSite.status, `${r.key} cross-site`).toBe(403);
      if (PUBLIC.has(r.key)) continue;
      const { 'x-csrf-token': _, ...noToken } = s.headers;
      expect((await call(app, r.method, r.path, noToken)).status, `${r.key} no token`).toBe(403);
      expect(
        (await call(app, r.method, r.path, { ...s.headers, 'x-csrf-token': 'guess' })).status,
        `${r.key} bad token`,
      ).toBe(403);
    }
  });
});
