/**
 * Staff sign-in under /api/admin/: login (braked per address and per user, the session rotated),
 * then, behind the session check, logout and who am I.
 */
import { Hono } from 'hono';
import { ApiError } from '../errors.ts';
import { jsonBody, requireJson } from '../middleware/json-body.ts';
import {
  clearSessionCookie,
  readSessionToken,
  setSessionCookie,
  type AdminEnv,
} from '../middleware/session.ts';
import { LoginSchema } from '../schemas/moderation.ts';
import { dummyHash, verifyPassword } from '../security/password.ts';
import { hashToken, randomToken } from '../security/session.ts';
import type { TipoffServiceDeps } from '../tipoff-service.ts';
import { rateLimited } from '../service/limits.ts';
import { ADMIN_JSON_MAX } from './limits.ts';

/** POST /login: the one route without a session. */
export function loginRoutes(getDeps: () => TipoffServiceDeps) {
  return new Hono<AdminEnv>().post(
    '/login',
    requireJson(ADMIN_JSON_MAX),
    jsonBody(LoginSchema),
    async (c) => {
      const d = getDeps();
      const { username, password } = c.req.valid('json');
      // Brakes per address and per user (functions/security/login-throttle.ts): an attacker who
      // knows a name slows only their own addresses, never the user's usual one.
      const ip = c.get('clientIp');
      const wait = d.limiter?.login.check(username, ip) ?? 0;
      if (wait > 0) throw rateLimited(wait);
      const user = await d.store.getUser(username);
      // Verify against a dummy hash for unknown users: the answer takes as long either way.
      const ok = await verifyPassword(
        password,
        user?.passwordHash ?? (await dummyHash(d.passwordIterations)),
      );
      const at = d.now().toISOString();
      if (!user || !ok || user.disabled) {
        d.limiter?.login.failed(username, ip);
        // An unknown name is not recorded: people sometimes type their password into that field.
        const who = user ? user.username : '(unknown)';
        await d.store.audit({
          at,
          actor: who,
          action: 'login.failed',
          target: `user:${who}`,
          before: null,
          after: null,
        });
        if (d.loginDelayMs > 0) await d.sleep(d.loginDelayMs);
        throw new ApiError(401, 'login_failed', '用户名或密码不对。');
      }
      d.limiter?.login.succeeded(username, ip);
      // Rotate: whatever session the browser had before is ended, a new one begins.
      const old = readSessionToken(c);
      if (old) await d.store.deleteSession(await hashToken(old));
      const token = randomToken();
      const csrfToken = randomToken();
      await d.store.createSession({
        idHash: await hashToken(token),
        userId: user.id,
        csrfToken,
        createdAt: at,
        lastSeenAt: at,
      });
      await d.store.audit({
        at,
        actor: user.username,
        action: 'login',
        target: `user:${user.username}`,
        before: null,
        after: null,
      });
      setSessionCookie(c, token, Math.floor(d.session.absoluteMs / 1000));
      return c.json({ username: user.username, role: user.role, csrfToken });
    },
  );
}

/** POST /logout and GET /me (behind the session check). */
export function sessionRoutes(getDeps: () => TipoffServiceDeps) {
  return new Hono<AdminEnv>()
    .post('/logout', async (c) => {
      const d = getDeps();
      const s = c.get('session');
      await d.store.deleteSession(s.idHash);
      await d.store.audit({
        at: d.now().toISOString(),
        actor: s.username,
        action: 'logout',
        target: `user:${s.username}`,
        before: null,
        after: null,
      });
      clearSessionCookie(c);
      return c.json({ ok: true as const });
    })
    .get('/me', (c) => {
      const s = c.get('session');
      return c.json({ username: s.username, role: s.role, csrfToken: s.csrfToken });
    });
}
