/**
 * Admin sessions: a random token in an HttpOnly, SameSite=Strict cookie (`__Host-fanzha_session`,
 * Secure; plain `fanzha_session` only on http://localhost, where browsers refuse Secure cookies),
 * looked up by its hash in the sessions table, ended after idle and absolute timeouts.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { ApiError } from '../errors.ts';
import { hashToken } from '../security/session.ts';
import type { TipoffServiceDeps } from '../tipoff-service.ts';
import type { Role, SessionRow } from '../store/types.ts';

export type AdminEnv = { Variables: { clientIp: string; session: SessionRow } };

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Secure cookies everywhere except plain http on this machine (development and tests). */
export function isSecureContext(c: Context): boolean {
  const url = new URL(c.req.url);
  if (url.protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https') return true;
  return !LOCAL_HOSTS.has(url.hostname);
}

export function sessionCookieName(c: Context): string {
  // The __Host- prefix makes browsers insist on Secure, Path=/ and no Domain: no subdomain can
  // plant or read it.
  return isSecureContext(c) ? '__Host-fanzha_session' : 'fanzha_session';
}

export function setSessionCookie(c: Context, token: string, maxAgeSeconds: number) {
  setCookie(c, sessionCookieName(c), token, {
    path: '/',
    httpOnly: true,
    secure: isSecureContext(c),
    sameSite: 'Strict',
    maxAge: maxAgeSeconds,
  });
}

export function clearSessionCookie(c: Context) {
  const secure = isSecureContext(c);
  deleteCookie(c, sessionCookieName(c), { path: '/', secure, httpOnly: true, sameSite: 'Strict' });
}

export function readSessionToken(c: Context): string | undefined {
  const token = getCookie(c, sessionCookieName(c));
  return token && token.length <= 128 ? token : undefined;
}

const unauthorized = () => new ApiError(401, 'unauthorized', '请先登录。');

/** Requires a live session; sets `session`. Expired sessions are deleted on sight. */
export function requireSession(deps: () => TipoffServiceDeps): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    const token = readSessionToken(c);
    if (!token) throw unauthorized();
    const d = deps();
    const idHash = await hashToken(token);
    const session = await d.store.getSession(idHash);
    if (!session) throw unauthorized();
    const now = d.now().getTime();
    const idle = now - Date.parse(session.lastSeenAt) > d.session.idleMs;
    const tooOld = now - Date.parse(session.createdAt) > d.session.absoluteMs;
    if (session.disabled || idle || tooOld) {
      await d.store.deleteSession(idHash);
      clearSessionCookie(c);
      throw new ApiError(401, 'session_expired', '登录已过期，请重新登录。');
    }
    // Touch at most once a minute: the idle clock needs no per-request write.
    if (now - Date.parse(session.lastSeenAt) > 60_000) {
      await d.store.touchSession(idHash, new Date(now).toISOString());
    }
    c.set('session', session);
    await next();
  };
}

/** Requires the given role (supervisors may do everything moderators may). */
export function requireRole(role: Role): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    const s = c.get('session');
    if (!s) throw unauthorized();
    if (role === 'supervisor' && s.role !== 'supervisor') {
      throw new ApiError(403, 'forbidden', '这个操作需要主管权限。');
    }
    await next();
  };
}
