/**
 * CSRF defence for admin routes, JSON included (Hono's csrf() looks only at form content types):
 * a state-changing request must come from this origin (Sec-Fetch-Site / Origin) and, once signed
 * in, carry the session's token in X-CSRF-Token, which another site's page cannot read.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { ApiError } from '../errors.ts';
import { constantTimeEqual } from '../security/receipt.ts';
import type { AdminEnv } from './session.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const crossSite = () => new ApiError(403, 'cross_site', '请求来源不对，请从本站页面操作。');

/** True when the browser says the request comes from this site (or says nothing: not a browser). */
export function isSameOrigin(c: Context): boolean {
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = c.req.header('origin');
  if (origin !== undefined) {
    if (origin === 'null') return false;
    try {
      const host = c.req.header('x-forwarded-host') ?? new URL(c.req.url).host;
      if (new URL(origin).host !== host) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/** Refuses cross-site state-changing requests (before any session is looked at: login too). */
export function sameOriginOnly(): MiddlewareHandler {
  return async (c, next) => {
    if (!SAFE_METHODS.has(c.req.method) && !isSameOrigin(c)) throw crossSite();
    await next();
  };
}

/** Requires X-CSRF-Token to equal the session's token on state-changing requests. */
export function requireCsrfToken(): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    if (!SAFE_METHODS.has(c.req.method)) {
      const sent = c.req.header('x-csrf-token') ?? '';
      const session = c.get('session');
      if (!session || !sent || !constantTimeEqual(sent, session.csrfToken)) {
        throw new ApiError(403, 'csrf_failed', '页面已过期，请刷新后再操作。');
      }
    }
    await next();
  };
}
