/**
 * Run-time compression: answers above the threshold are gzipped when the client asks, never
 * where a secret sits beside text an attacker can choose (BREACH), never a live stream.
 */
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { gunzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { COMPRESS_MIN_BYTES, compression } from './compression.ts';

/** A body an attacker could have chosen (a tip-off's words) beside a receipt, well over 1 KB. */
const big = { receipt: 'R7Q2-KX9M-4TB8', echoed: '我要举报'.repeat(400) };

function app() {
  const a = new Hono().use(compression());
  for (const path of [
    '/api/check',
    '/api/tipoffs',
    '/api/tipoffs/status',
    '/api/admin/tipoffs',
    '/report/submit',
  ]) {
    a.post(path, (c) => c.json(big));
  }
  a.get('/api/small', (c) => c.json({ ok: true }));
  a.get('/api/stream', (c) =>
    streamSSE(c, async (s) => {
      await s.writeSSE({ data: '第一段'.repeat(500) });
    }),
  );
  return a;
}

const GZIP = { 'Accept-Encoding': 'gzip, deflate, br' };

describe('run-time compression', () => {
  test('a public answer over 1 KB is gzipped when asked, and decodes to the same JSON', async () => {
    const res = await app().request('/api/check', { method: 'POST', headers: GZIP });
    expect(res.headers.get('Content-Encoding')).toBe('gzip');
    expect(res.headers.get('Vary')).toMatch(/Accept-Encoding/i);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.length).toBeLessThan(JSON.stringify(big).length / 4);
    expect(JSON.parse(gunzipSync(bytes).toString('utf8'))).toEqual(big);
  });

  test('the same answer is plain for a client that does not ask', async () => {
    const res = await app().request('/api/check', { method: 'POST' });
    expect(res.headers.get('Content-Encoding')).toBeNull();
    expect(await res.json()).toEqual(big);
  });

  test('answers under the threshold stay plain', async () => {
    const res = await app().request('/api/small', { headers: GZIP });
    expect(res.headers.get('Content-Encoding')).toBeNull();
    expect(Number(res.headers.get('Content-Length'))).toBeLessThan(COMPRESS_MIN_BYTES);
  });

  test.each(['/api/tipoffs', '/api/tipoffs/status', '/api/admin/tipoffs', '/report/submit'])(
    'receipts, tip-offs and staff answers are never compressed (BREACH): %s',
    async (path) => {
      const res = await app().request(path, { method: 'POST', headers: GZIP });
      expect(res.headers.get('Content-Encoding')).toBeNull();
      expect(await res.json()).toEqual(big);
    },
  );

  test('a server-sent event stream is passed through as it is written', async () => {
    const res = await app().request('/api/stream', { headers: GZIP });
    expect(res.headers.get('Content-Encoding')).toBeNull();
    expect(await res.text()).toContain('第一段');
  });
});
