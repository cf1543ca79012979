/**
 * Who is asking, for rate limits. X-Forwarded-For is trusted only for as many hops as the deployer
 * says sit in front (FANZHA_TRUSTED_PROXIES): anyone can send that header, so blind trust would let
 * a client pick its own rate-limit key.
 */
import type { Context, MiddlewareHandler } from 'hono';

export type Env = { Variables: { clientIp: string } };

/** Reads the peer address from the platform; supplied by the adapter (Node, edge). */
export type RemoteAddress = (c: Context) => string | undefined;

/** Picks the client address: the peer, or the entry `trustedHops` from the right of X-Forwarded-For. */
export function resolveClientIp(
  remote: string | undefined,
  forwardedFor: string | undefined,
  trustedHops: number,
): string {
  const peer = remote ?? 'unknown';
  if (trustedHops <= 0 || !forwardedFor) return peer;
  const chain = forwardedFor
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  // The last `trustedHops` proxies each appended the address they saw; the one before them is the
  // client as seen by our outermost trusted proxy.
  const idx = chain.length - trustedHops;
  return idx >= 0 ? (chain[idx] ?? peer) : (chain[0] ?? peer);
}

export function clientIp(remote: RemoteAddress, trustedHops: number): MiddlewareHandler<Env> {
  return async (c, next) => {
    c.set('clientIp', resolveClientIp(remote(c), c.req.header('x-forwarded-for'), trustedHops));
    await next();
  };
}
