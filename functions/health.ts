/** `GET /api/health`: liveness and version, for load balancers and uptime checks. */
import { Hono } from 'hono';

export function healthRoutes(version: string) {
  return new Hono().get('/', (c) => c.json({ ok: true as const, version }));
}
