/**
 * In-memory token-bucket rate limits, per client and global. Enough for one process; a multi-node
 * deployment puts the same limits at its gateway. Keys are client addresses, never personal data.
 */
import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../errors.ts';
import type { Env } from './client-ip.ts';

export interface BucketOptions {
  /** Requests allowed in a burst. */
  capacity: number;
  /** Tokens added per second. */
  refillPerSecond: number;
}

/** A set of token buckets keyed by string, evicting idle keys so memory stays bounded. */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly opts: BucketOptions;
  private readonly maxKeys: number;
  private readonly now: () => number;
  constructor(opts: BucketOptions, maxKeys = 50_000, now: () => number = Date.now) {
    this.opts = opts;
    this.maxKeys = maxKeys;
    this.now = now;
  }

  /** Takes one token for `key`; returns 0 when allowed, else the seconds to wait. */
  take(key: string, cost = 1): number {
    const t = this.now();
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size >= this.maxKeys) this.evict(t);
      b = { tokens: this.opts.capacity, at: t };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(this.opts.capacity, b.tokens + ((t - b.at) / 1000) * this.opts.refillPerSecond);
    b.at = t;
    if (b.tokens >= cost) {
      b.tokens -= cost;
      return 0;
    }
    return Math.ceil((cost - b.tokens) / this.opts.refillPerSecond);
  }

  private evict(t: number) {
    const full = (this.opts.capacity / this.opts.refillPerSecond) * 1000;
    for (const [k, b] of this.buckets) if (t - b.at > full) this.buckets.delete(k);
    // Still full (a flood of distinct keys): drop the oldest half rather than grow without bound.
    if (this.buckets.size >= this.maxKeys) {
      let n = Math.floor(this.buckets.size / 2);
      for (const k of this.buckets.keys()) {
        if (n-- <= 0) break;
        this.buckets.delete(k);
      }
    }
  }
}

let scale = 1;

/**
 * Multiplies every limit created afterwards (FANZHA_RATE_LIMIT_SCALE, read by the adapter). Only
 * for load benchmarks, which would otherwise measure the limiter instead of the service.
 */
export function setRateLimitScale(factor: number) {
  scale = Number.isFinite(factor) && factor > 0 ? factor : 1;
}

const scaled = (b: BucketOptions): BucketOptions => ({
  capacity: b.capacity * scale,
  refillPerSecond: b.refillPerSecond * scale,
});

/** Rejects with 429 and Retry-After when the client's or the global bucket is empty. */
export function rateLimit(opts: {
  perClient: BucketOptions;
  global?: BucketOptions;
  name: string;
}): MiddlewareHandler<Env> {
  const clients = new TokenBuckets(scaled(opts.perClient));
  const global = opts.global ? new TokenBuckets(scaled(opts.global), 1) : undefined;
  return async (c, next) => {
    const wait = clients.take(c.get('clientIp') ?? 'unknown') || (global?.take(opts.name) ?? 0);
    if (wait > 0) {
      throw new ApiError(429, 'rate_limited', '操作太频繁了，请稍等一会儿再试。', {
        headers: { 'Retry-After': String(wait) },
      });
    }
    await next();
  };
}
