/**
 * Issue 9, item 12: login failures were limited per user name alone, so anyone who knew a
 * moderator's name kept them locked out with one try every 3 minutes. Now failures are braked per
 * address and per (user, address) with a growing wait, and the user-wide brake (against guessing
 * from many addresses) does not apply to an address the user has signed in from before.
 */
import { describe, expect, test } from 'vitest';
import { createApp } from '../../functions/app.ts';
import { DEFAULT_TIPOFF_LIMITS } from '../../functions/service/limits.ts';
import { postJson, TEST_PASSWORD } from '../fixtures/tipoff-app.ts';
import { staffAppPerTest } from './helpers.ts';

const staffApp = staffAppPerTest();

async function loginApp() {
  let now = Date.parse('2026-03-01T08:00:00Z');
  const t = await staffApp({ limits: DEFAULT_TIPOFF_LIMITS, now: () => new Date(now) });
  // The client address comes from a test header, to play the attacker and the moderator.
  const app = createApp({
    version: 'test',
    remoteAddress: (c) => c.req.header('x-test-client') ?? '203.0.113.1',
    tipoffs: t.deps,
  });
  const attempt = async (from: string, username: string, password: string) => {
    const res = await postJson(
      app,
      '/api/admin/login',
      { username, password },
      { 'x-test-client': from },
    );
    return { status: res.status, retryAfter: Number(res.headers.get('retry-after') ?? 0) };
  };
  const wait = (seconds: number) => (now += seconds * 1000);
  return { attempt, wait };
}

describe('admin login throttling', () => {
  test('one try every 3 minutes by someone who knows the name does not lock the moderator out', async () => {
    const { attempt, wait } = await loginApp();
    expect((await attempt('198.51.100.20', 'mod', TEST_PASSWORD)).status).toBe(200);
    wait(3600);
    // The attacker burns the quick tries, then keeps one going every 3 minutes for two hours.
    for (let i = 0; i < 5; i++) await attempt('203.0.113.66', 'mod', `guess${i}`);
    for (let i = 0; i < 40; i++) {
      wait(180);
      expect([401, 429]).toContain((await attempt('203.0.113.66', 'mod', `again${i}`)).status);
    }
    // The moderator, at the office as usual, signs in at once.
    expect((await attempt('198.51.100.20', 'mod', TEST_PASSWORD)).status).toBe(200);
  });

  test('failures from one address earn a growing wait, not a fixed one', async () => {
    const { attempt, wait } = await loginApp();
    const waits: number[] = [];
    for (let round = 0; round < 12; round++) {
      const r = await attempt('203.0.113.66', 'mod', `guess${round}`);
      if (r.status === 429) {
        waits.push(r.retryAfter);
        wait(r.retryAfter);
      }
    }
    expect(waits.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < waits.length; i++) expect(waits[i]).toBeGreaterThan(waits[i - 1]!);
    // Right after one more failure, even the right password from that address waits its turn.
    expect((await attempt('203.0.113.66', 'mod', 'one-more')).status).toBe(401);
    expect((await attempt('203.0.113.66', 'mod', TEST_PASSWORD)).status).toBe(429);
  });

  test('guessing from many addresses slows new addresses, never the user’s own', async () => {
    const { attempt } = await loginApp();
    expect((await attempt('198.51.100.20', 'mod', TEST_PASSWORD)).status).toBe(200);
    for (let i = 0; i < 120; i++)
      await attempt(`203.0.${Math.floor(i / 250)}.${i % 250}`, 'mod', `g${i}`);
    expect((await attempt('192.0.2.200', 'mod', TEST_PASSWORD)).status).toBe(429);
    expect((await attempt('198.51.100.20', 'mod', TEST_PASSWORD)).status).toBe(200);
    // Other users are not affected at all.
    expect((await attempt('192.0.2.201', 'boss', TEST_PASSWORD)).status).toBe(200);
  });
});
