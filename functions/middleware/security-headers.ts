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
    await base(c, next);
    if (!c.res.headers.has('Content-Security-Policy')) c.header('Content-Security-Policy', csp);
  };
}
