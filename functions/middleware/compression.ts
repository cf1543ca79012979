/**
 * Gzip for answers made at run time (API JSON, error pages) above a small size; the built site's
 * files are compressed once at build time instead (site/integrations/delivery.ts). Portable: uses
 * the web-standard CompressionStream through Hono's compress().
 */
import type { MiddlewareHandler } from 'hono';
import { compress } from 'hono/compress';
import { COMPRESSIBLE_CONTENT_TYPE_REGEX } from 'hono/utils/compress';

/** Below this, the gzip header and the CPU cost more than the bytes saved. */
export const COMPRESS_MIN_BYTES = 1024;

/**
 * Never compressed (BREACH): answers that carry a secret — a receipt code, a CSRF token, a
 * session's data, a reporter's contact — next to text an attacker can choose (a tip-off's words,
 * a form field echoed back). Compressing both together lets the attacker learn the secret from
 * the answer's length. Tip-offs and receipts, the staff API and the no-JS report/status pages.
 */
const NEVER_COMPRESSED = [/^\/api\/admin(\/|$)/, /^\/api\/tipoffs(\/|$)/, /^\/report(\/|$)/];

/** Streamed answers (the chat's server-sent events) must reach the reader as they are written. */
const compressible = (type: string) =>
  COMPRESSIBLE_CONTENT_TYPE_REGEX.test(type) && !/^\s*text\/event-stream/i.test(type);

/** Would this path's run-time answers be compressed? (For tests and the README table.) */
export const mayCompress = (path: string): boolean => !NEVER_COMPRESSED.some((re) => re.test(path));

export function compression(): MiddlewareHandler {
  const gzip = compress({ threshold: COMPRESS_MIN_BYTES, contentTypeFilter: compressible });
  return async (c, next) => {
    if (!mayCompress(c.req.path)) return next();
    await gzip(c, async () => {
      await next();
      const res = c.res;
      const type = res.headers.get('Content-Type') ?? '';
      // compress() weighs a body only by Content-Length, which c.json() and c.html() do not set;
      // run-time answers are small, so measure them here.
      if (
        res.body &&
        compressible(type) &&
        !res.headers.has('Content-Length') &&
        !res.headers.has('Content-Encoding')
      ) {
        const body = await res.arrayBuffer();
        c.res = new Response(body, res);
        c.res.headers.set('Content-Length', String(body.byteLength));
      }
    });
  };
}
