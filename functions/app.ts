/**
 * The Hono app: one sub-app per resource, composed here. Portable: no Node or platform APIs; the
 * adapters (functions/node.ts, an edge entry) supply the platform pieces through `AppDeps`.
 */
import { Hono } from 'hono';
import { makeErrorHandler, notFoundHandler } from './errors.ts';
import { healthRoutes } from './health.ts';
import { clientIp, type Env, type RemoteAddress } from './middleware/client-ip.ts';
import { buildCsp, securityHeaders } from './middleware/security-headers.ts';

export interface AppDeps {
  /** The app's version, reported by /api/health. */
  version: string;
  /** The peer address, from the platform. */
  remoteAddress: RemoteAddress;
  /** How many reverse proxies in front are trusted to set X-Forwarded-For (0: none). */
  trustedProxies?: number;
  /** The Content-Security-Policy; defaults to one allowing no inline code. */
  csp?: string;
  /** Where unknown errors are logged (never with request bodies). */
  log?: (line: string) => void;
}

/** Builds the API app; mount it at the site root (it answers under /api/). */
export function createApp(deps: AppDeps) {
  const api = new Hono<Env>().route('/health', healthRoutes(deps.version));

  const app = new Hono<Env>()
    .use(securityHeaders(deps.csp ?? buildCsp()))
    .use('/api/*', clientIp(deps.remoteAddress, deps.trustedProxies ?? 0))
    .use('/api/*', async (c, next) => {
      await next();
      // API answers are personal to the asker or change often: never cache them in shared caches.
      if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
    })
    .route('/api', api);

  app.onError(makeErrorHandler(deps.log));
  app.notFound(notFoundHandler);
  return app;
}

export type AppType = ReturnType<typeof createApp>;
