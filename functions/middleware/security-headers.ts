/**
 * Security headers for every answer. Hono's secureHeaders sets no CSP, so the policy is built here:
 * no inline script or style unless its hash is listed (the build computes them: see
 * site/integrations/csp.ts), no framing, no plugins, and connections only to this origin. These are
 * defaults: a header a route set for itself stands (an attachment's `default-src 'none'; sandbox`,
 * the no-referrer of the pages that show a receipt).
 */
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

export interface CspHashes {
  scripts: string[];
  styles: string[];
}

/** The Content-Security-Policy for the site and API, allowing only the given inline hashes. */
export function buildCsp(hashes: CspHashes = { scripts: [], styles: [] }): string {
  const quote = (h: string) => `'${h}'`;
  return [
    "default-src 'self'",
    `script-src 'self' ${hashes.scripts.map(quote).join(' ')}`.trim(),
    `style-src 'self' ${hashes.styles.map(quote).join(' ')}`.trim(),
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "media-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function securityHeaders(csp: string): MiddlewareHandler {
  const base = secureHeaders({
    contentSecurityPolicy: undefined,
    xFrameOptions: 'DENY',
    referrerPolicy: 'strict-origin-when-cross-origin',
    strictTransportSecurity: 'max-age=31536000; includeSubDomains',
    crossOriginResourcePolicy: 'same-origin',
    crossOriginOpenerPolicy: 'same-origin',
    permissionsPolicy: { camera: [], microphone: [], geolocation: [], payment: [] },
    overwrite: false,
  });
  return async (c, next) => {
    let own: string[] = [];
    await base(c, async () => {
      await next();
      own = DOCUMENT_ONLY_HEADERS.filter((h) => c.res.headers.has(h));
    });
    if (isDocument(c.req.path, c.req.query('v') !== undefined, c.res)) {
      if (!own.includes('Content-Security-Policy')) c.header('Content-Security-Policy', csp);
    } else for (const h of DOCUMENT_ONLY_HEADERS) if (!own.includes(h)) c.res.headers.delete(h);
  };
}

/**
 * Headers that act only on a document (a page, an SVG opened on its own, a worker script). On a
 * phone on slow 3G they cost ~1 KB per stylesheet, script chunk or data file, and a 304 needs
 * none: the cache keeps the stored answer's (RFC 9111 §4.3.4). nosniff and CORP stay on all.
 */
const DOCUMENT_ONLY_HEADERS = [
  'Content-Security-Policy',
  'Cross-Origin-Opener-Policy',
  'Origin-Agent-Cluster',
  'Permissions-Policy',
  'Referrer-Policy',
  'Strict-Transport-Security',
  'X-DNS-Prefetch-Control',
  'X-Download-Options',
  'X-Frame-Options',
  'X-Permitted-Cross-Domain-Policies',
  'X-XSS-Protection',
];

/** Stylesheets, JSON, raster images and fonts are never documents. */
const SUBRESOURCE_TYPE =
  /^\s*(text\/css|application\/json|image\/(png|jpeg|webp|gif|avif)|font\/)/i;

/**
 * Pages always are. Scripts and SVG named by their content hash (`/_astro/…`, or `?v=` that the
 * build adds to a page's references) are only ever loaded by a page, never run on their own as a
 * worker or opened; the same files without a hash (a service worker, say) keep the whole set.
 */
function isDocument(path: string, versioned: boolean, res: Response): boolean {
  if (res.status === 304) return false;
  const type = res.headers.get('Content-Type') ?? '';
  if (/^\s*text\/html/i.test(type)) return true;
  if (SUBRESOURCE_TYPE.test(type)) return false;
  return !(path.startsWith('/_astro/') || versioned);
}
