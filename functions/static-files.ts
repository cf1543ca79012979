/**
 * The built site (dist/) on Node: the Brotli or gzip copy the build wrote, chosen by
 * Accept-Encoding; a strong ETag for the bytes actually sent (so each encoding has its own),
 * answered with 304; Cache-Control by class (middleware/cache-policy.ts).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { CACHE_CONTROL, staticCacheControl } from './middleware/cache-policy.ts';

/** The build's compressed copies sit beside each file under these suffixes. */
export const ENCODED_SUFFIXES = { br: '.br', gzip: '.gz' } as const;

/** A file's content hash, short: the build adds it as `?v=` to references of unhashed files. */
export function assetVersion(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64url').slice(0, 12);
}

interface FileFacts {
  mtimeMs: number;
  size: number;
  etag: string;
  version: string;
  /** A compressed copy exists, so the answer depends on Accept-Encoding. */
  encoded: boolean;
}

/** Hashes each served file once (again only when it changes on disk). */
function fileFacts(): (path: string) => FileFacts {
  const known = new Map<string, FileFacts>();
  return (path) => {
    const st = statSync(path);
    const had = known.get(path);
    if (had && had.mtimeMs === st.mtimeMs && had.size === st.size) return had;
    const digest = createHash('sha256').update(readFileSync(path)).digest('base64url');
    const facts = {
      mtimeMs: st.mtimeMs,
      size: st.size,
      etag: `"${digest.slice(0, 27)}"`,
      version: digest.slice(0, 12),
      encoded: Object.values(ENCODED_SUFFIXES).some((s) => existsSync(path + s)),
    };
    known.set(path, facts);
    return facts;
  };
}

/** RFC 9110 §13.1.2: If-None-Match uses the weak comparison. */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === bare);
}

/** Headers a 304 keeps (RFC 9110 §15.4.5), besides ETag. */
const KEPT_ON_304 = ['Cache-Control', 'Vary', 'Content-Location', 'Expires', 'Date'];

/** Serves `root` (the built site) as the rest of the app's fallback for GET and HEAD. */
export function siteFiles(root: string): MiddlewareHandler {
  const facts = fileFacts();
  const served = new WeakMap<Context, string>();
  const serve = serveStatic({
    root,
    precompressed: true,
    onFound: (path, c) => void served.set(c, path),
  });
  return async (c, next) => {
    const res = await serve(c, next);
    const path = served.get(c);
    if (!(res instanceof Response) || !path) return res;
    const encoding = res.headers.get('Content-Encoding');
    const plain = encoding ? path.replace(/\.(br|gz)$/, '') : path;
    const sent = facts(path);
    const original = plain === path ? sent : facts(plain);
    const cacheControl = staticCacheControl(c.req.path, c.req.query('v') === original.version);
    res.headers.set('Cache-Control', cacheControl);
    // Caches must keep the Brotli, gzip and plain answers apart, also when this one is plain.
    if (original.encoded && !encoding) res.headers.append('Vary', 'Accept-Encoding');
    // The ETag is the one validator (stronger than a build's mtime); immutable files never ask.
    res.headers.delete('Last-Modified');
    if (cacheControl !== CACHE_CONTROL.revalidate) return res;
    res.headers.set('ETag', sent.etag);
    if (!matches(c.req.header('If-None-Match'), sent.etag)) return res;
    await res.body?.cancel();
    const headers = new Headers({ ETag: sent.etag });
    for (const h of KEPT_ON_304) {
      const v = res.headers.get(h);
      if (v) headers.set(h, v);
    }
    return new Response(null, { status: 304, headers });
  };
}
