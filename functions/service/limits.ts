/**
 * Rate limits of the public and staff routes: submissions, receipt look-ups, logins, look-ups of a
 * number and of personal entries. Routes take them before reading a body, so a client over its
 * limit costs no parse.
 */
import { ApiError } from '../errors.ts';
import { type BucketOptions, TokenBuckets } from '../middleware/rate-limit.ts';
import {
  DEFAULT_LOGIN_POLICY,
  LoginThrottle,
  type LoginThrottlePolicy,
} from '../security/login-throttle.ts';

export interface TipoffLimits {
  /** Submissions (and added details), per client address and for the whole service. */
  submit: { perClient: BucketOptions; global: BucketOptions };
  /** Receipt look-ups: slows guessing by any one client and by a botnet as a whole. */
  receipt: { perClient: BucketOptions; global: BucketOptions };
  /** Admin login failures: growing waits per address, per user and address, and per user. */
  login: LoginThrottlePolicy;
  /** Public look-ups of a number (/api/lookup), per client address. */
  lookup: { perClient: BucketOptions; global: BucketOptions };
  /**
   * Look-ups of personal entries (people's phones, ID and card numbers), from /api/lookup and
   * /api/check alike: each distinct value costs one. Small enough that guessing the hidden digits
   * of a masked entry (10⁸ candidates for a phone) is hopeless, large enough for a city's day.
   */
  personal: { perClient: BucketOptions; global: BucketOptions };
}

export const DEFAULT_TIPOFF_LIMITS: TipoffLimits = {
  submit: {
    perClient: { capacity: 5, refillPerSecond: 1 / 120 },
    global: { capacity: 300, refillPerSecond: 10 },
  },
  receipt: {
    perClient: { capacity: 20, refillPerSecond: 1 / 15 },
    global: { capacity: 600, refillPerSecond: 30 },
  },
  login: DEFAULT_LOGIN_POLICY,
  lookup: {
    perClient: { capacity: 60, refillPerSecond: 1 },
    global: { capacity: 2000, refillPerSecond: 500 },
  },
  personal: {
    perClient: { capacity: 20, refillPerSecond: 1 / 120 },
    global: { capacity: 1000, refillPerSecond: 0.2 },
  },
};

/** Multiplies every limit (FANZHA_RATE_LIMIT_SCALE, for load benchmarks only). */
export function scaleLimits(limits: TipoffLimits, factor: number): TipoffLimits {
  const f = Number.isFinite(factor) && factor > 0 ? factor : 1;
  const s = (b: BucketOptions): BucketOptions => ({
    capacity: b.capacity * f,
    refillPerSecond: b.refillPerSecond * f,
  });
  return {
    submit: { perClient: s(limits.submit.perClient), global: s(limits.submit.global) },
    receipt: { perClient: s(limits.receipt.perClient), global: s(limits.receipt.global) },
    login: {
      ...limits.login,
      perClient: { ...limits.login.perClient, free: limits.login.perClient.free * f },
      perUserClient: { ...limits.login.perUserClient, free: limits.login.perUserClient.free * f },
      perUser: { ...limits.login.perUser, free: limits.login.perUser.free * f },
    },
    lookup: { perClient: s(limits.lookup.perClient), global: s(limits.lookup.global) },
    personal: { perClient: s(limits.personal.perClient), global: s(limits.personal.global) },
  };
}

/** The token buckets and login brakes of one service (null when limits are off). */
export interface TipoffLimiter {
  submitClient: TokenBuckets;
  submitGlobal: TokenBuckets;
  receiptClient: TokenBuckets;
  receiptGlobal: TokenBuckets;
  login: LoginThrottle;
  lookupClient: TokenBuckets;
  lookupGlobal: TokenBuckets;
  personalClient: TokenBuckets;
  personalGlobal: TokenBuckets;
}

export function createLimiter(limits: TipoffLimits, now: () => Date): TipoffLimiter {
  return {
    submitClient: new TokenBuckets(limits.submit.perClient),
    submitGlobal: new TokenBuckets(limits.submit.global, 1),
    receiptClient: new TokenBuckets(limits.receipt.perClient),
    receiptGlobal: new TokenBuckets(limits.receipt.global, 1),
    login: new LoginThrottle(limits.login, () => now().getTime()),
    lookupClient: new TokenBuckets(limits.lookup.perClient),
    lookupGlobal: new TokenBuckets(limits.lookup.global, 1),
    personalClient: new TokenBuckets(limits.personal.perClient),
    personalGlobal: new TokenBuckets(limits.personal.global, 1),
  };
}

export function rateLimited(wait: number): ApiError {
  return new ApiError(
    429,
    'rate_limited',
    '操作太频繁了，请稍等一会儿再试。如果已被骗，请立即拨打110。',
    {
      headers: { 'Retry-After': String(wait) },
    },
  );
}

/**
 * Takes one submission (or added details) for the client and the service; throws 429 when either
 * is out. The routes call it before they read the body, so a client over its limit costs no parse.
 */
export function limitSubmission(deps: { limiter: TipoffLimiter | null }, clientIp: string): void {
  if (!deps.limiter) return;
  const wait = deps.limiter.submitClient.take(clientIp) || deps.limiter.submitGlobal.take('submit');
  if (wait > 0) throw rateLimited(wait);
}

/** The limits a route takes before it reads a body: submissions, receipt look-ups or both. */
export type BodyLimit = 'submit' | 'receipt';

/**
 * Takes the given limits for the client (limitSubmission, limitReceiptLookup); throws 429 when one
 * is out. Routes call it before anything reads the body, so a client over its limit costs no parse.
 */
export function limitBeforeBody(
  deps: { limiter: TipoffLimiter | null },
  clientIp: string,
  limits: readonly BodyLimit[],
): void {
  if (limits.includes('submit')) limitSubmission(deps, clientIp);
  if (limits.includes('receipt')) limitReceiptLookup(deps, clientIp);
}

/**
 * Takes one receipt look-up for the client and the service (slows guessing by one client and by a
 * botnet as a whole); throws 429 when either is out. Called by the routes before the body is read.
 */
export function limitReceiptLookup(
  deps: { limiter: TipoffLimiter | null },
  clientIp: string,
): void {
  if (!deps.limiter) return;
  const wait =
    deps.limiter.receiptClient.take(clientIp) || deps.limiter.receiptGlobal.take('receipt');
  if (wait > 0) throw rateLimited(wait);
}
