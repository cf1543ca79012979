/**
 * Brakes on admin password guessing that nobody can turn into a lock-out. Failed logins are counted
 * per client address, per (user, address), and per user from addresses the user has not signed in
 * from; past a few free failures each counter imposes a wait that doubles with every further
 * failure, up to a ceiling, and fades after a quiet day. Knowing a moderator's name is then not
 * enough to keep them out: the waits an attacker earns fall on the attacker's addresses, and the
 * user-wide brake (against guessing from many addresses) spares the addresses the moderator has
 * signed in from. In memory, per process, like the other rate limits; keys are never logged.
 */

/** One counter's rule: `free` failures without a wait, then `baseSeconds` doubling up to `maxSeconds`. */
export interface BrakeRule {
  free: number;
  baseSeconds: number;
  maxSeconds: number;
}

export interface LoginThrottlePolicy {
  /** Failures from one address, whatever the user name. */
  perClient: BrakeRule;
  /** Failures for one user from one address. */
  perUserClient: BrakeRule;
  /** Failures for one user from addresses it has not signed in from (guessing from many). */
  perUser: BrakeRule;
  /** A counter without a failure for this long starts again from zero. */
  forgetAfterMs: number;
}

export const DEFAULT_LOGIN_POLICY: LoginThrottlePolicy = {
  perClient: { free: 10, baseSeconds: 2, maxSeconds: 3600 },
  perUserClient: { free: 5, baseSeconds: 2, maxSeconds: 900 },
  perUser: { free: 50, baseSeconds: 2, maxSeconds: 900 },
  forgetAfterMs: 24 * 3600_000,
};

interface Counter {
  failures: number;
  lastAt: number;
  blockedUntil: number;
}

/** Keeps the maps bounded under a flood of distinct keys: the oldest entries go first. */
function trim<K, V>(map: Map<K, V>, max: number) {
  if (map.size <= max) return;
  let n = map.size - Math.floor(max / 2);
  for (const k of map.keys()) {
    if (n-- <= 0) break;
    map.delete(k);
  }
}

export class LoginThrottle {
  private readonly counters = new Map<string, Counter>();
  /** Addresses each user has signed in from (most recent last). */
  private readonly knownAddresses = new Map<string, Set<string>>();
  private readonly policy: LoginThrottlePolicy;
  private readonly now: () => number;
  private readonly maxKeys: number;

  constructor(policy: LoginThrottlePolicy, now: () => number = Date.now, maxKeys = 50_000) {
    this.policy = policy;
    this.now = now;
    this.maxKeys = maxKeys;
  }

  /** Seconds to wait before `user` may try from `client`; 0 when the attempt may go ahead. */
  check(user: string, client: string): number {
    const t = this.now();
    let until = 0;
    for (const key of this.keysFor(user, client)) {
      const c = this.live(key, t);
      if (c) until = Math.max(until, c.blockedUntil);
    }
    return until > t ? Math.ceil((until - t) / 1000) : 0;
  }

  /** Records a failed attempt (wrong password, unknown or disabled user). */
  failed(user: string, client: string): void {
    const t = this.now();
    for (const key of this.keysFor(user, client)) {
      const rule = this.ruleOf(key);
      const c = this.live(key, t) ?? { failures: 0, lastAt: t, blockedUntil: 0 };
      c.failures++;
      c.lastAt = t;
      if (c.failures >= rule.free) {
        const seconds = Math.min(rule.maxSeconds, rule.baseSeconds * 2 ** (c.failures - rule.free));
        c.blockedUntil = t + seconds * 1000;
      }
      this.counters.delete(key);
      this.counters.set(key, c);
    }
    trim(this.counters, this.maxKeys);
  }

  /**
   * Records a sign-in: the address's own brakes for this user are cleared and it becomes one of
   * the user's known addresses, which the user-wide brake spares from then on.
   */
  succeeded(user: string, client: string): void {
    const u = normalUser(user);
    this.counters.delete(`pair:${u}\u0000${client}`);
    const known = this.knownAddresses.get(u) ?? new Set<string>();
    known.delete(client);
    known.add(client);
    // A handful per user is plenty (office, home); the oldest is forgotten first.
    if (known.size > 20) known.delete(known.values().next().value!);
    this.knownAddresses.delete(u);
    this.knownAddresses.set(u, known);
    trim(this.knownAddresses, this.maxKeys);
  }

  private keysFor(user: string, client: string): string[] {
    const u = normalUser(user);
    const keys = [`client:${client}`, `pair:${u}\u0000${client}`];
    if (!this.knownAddresses.get(u)?.has(client)) keys.push(`user:${u}`);
    return keys;
  }

  private ruleOf(key: string): BrakeRule {
    if (key.startsWith('client:')) return this.policy.perClient;
    if (key.startsWith('pair:')) return this.policy.perUserClient;
    return this.policy.perUser;
  }

  /** The counter under `key`, unless it has faded (no failure for forgetAfterMs). */
  private live(key: string, t: number): Counter | undefined {
    const c = this.counters.get(key);
    if (c && t - c.lastAt > this.policy.forgetAfterMs && t >= c.blockedUntil) {
      this.counters.delete(key);
      return undefined;
    }
    return c;
  }
}

/** User names as typed: case and surrounding spaces do not make a new counter. */
const normalUser = (user: string) => user.trim().toLowerCase();
