/**
 * `GET /api/health`: liveness and version for load balancers and uptime checks. It also says
 * whether an LLM is set up, so the checker page can offer the opt-in deeper analysis.
 */
import { Hono } from 'hono';

export function healthRoutes(version: string, features: { llm: boolean }) {
  return new Hono().get('/', (c) => c.json({ ok: true as const, version, llm: features.llm }));
}
