/**
 * Issue 9, item 1: one form body must not freeze the process. The worst bodies the caps allow (and
 * the ones the review used, far above them) are posted to a real HTTP server while /api/health is
 * polled: it must keep answering within a second. Before the fix, 60,000 repeated urlencoded fields
 * held the event loop for 18 s. And a client over its submission limit is refused before its body
 * is read.
 */
import { serve, type ServerType } from '@hono/node-server';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_TIPOFF_LIMITS } from '../../functions/service/limits.ts';
import { makeTipoffApp, postJson, VALID_TIPOFF } from '../fixtures/tipoff-app.ts';

/** Generous for a busy two-core machine; the bug it guards against took 17 s. */
const HEALTH_WITHIN_MS = 1000;

let server: ServerType;
let base = '';
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const t = await makeTipoffApp();
  cleanup = t.cleanup;
  await new Promise<void>((resolve) => {
    server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      base = `http://127.0.0.1:${info.port}`;
      resolve();
    });
  });
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  await cleanup();
});

/**
 * Posts `body` while polling /api/health every 50 ms; returns the post's status and the slowest
 * health answer seen while the post was in flight.
 */
async function postWhileProbing(
  path: string,
  body: Uint8Array | string,
  contentType: string,
): Promise<{ status: number; slowestHealthMs: number }> {
  let done = false;
  let slowest = 0;
  const probe = (async () => {
    while (!done) {
      const t0 = performance.now();
      const res = await fetch(`${base}/api/health`);
      await res.arrayBuffer();
      slowest = Math.max(slowest, performance.now() - t0);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  try {
    return { status: await rawPost(path, body, contentType), slowestHealthMs: slowest };
  } finally {
    done = true;
    await probe;
  }
}

/**
 * POSTs over a socket and resolves with the status as soon as it arrives: a server that refuses a
 * body by its Content-Length answers before reading it and may close while we still write.
 */
function rawPost(path: string, body: Uint8Array | string, contentType: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let status: number | undefined;
    // A fresh connection each time: the server closes one whose body it refused unread.
    const req = request(`${base}${path}`, {
      agent: false,
      method: 'POST',
      headers: {
        'content-type': contentType,
        'content-length': Buffer.byteLength(body),
        origin: base,
      },
    });
    req.on('response', (res) => {
      status = res.statusCode;
      res.resume();
      res.on('end', () => resolve(status!));
    });
    req.on('error', (err) => (status === undefined ? reject(err) : resolve(status)));
    req.end(body);
  });
}

const enc = new TextEncoder();

/** A multipart body with the given parts, by hand, so the boundary and sizes are exactly ours. */
function multipartBody(
  boundary: string,
  parts: { name: string; value: string | Uint8Array; filename?: string }[],
): Uint8Array {
  const chunks: Uint8Array[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ''}`;
    const type = p.filename ? '\r\nContent-Type: image/jpeg' : '';
    chunks.push(enc.encode(`--${boundary}\r\nContent-Disposition: ${disposition}${type}\r\n\r\n`));
    chunks.push(typeof p.value === 'string' ? enc.encode(p.value) : p.value);
    chunks.push(enc.encode('\r\n'));
  }
  chunks.push(enc.encode(`--${boundary}--\r\n`));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

const MB = 1024 * 1024;

describe('form bodies are bounded before parsing and parsed in linear time', () => {
  test('60,000 repeated urlencoded fields (the review’s body) are refused; health keeps answering', async () => {
    const body = Array.from({ length: 60_000 }, () => 'entities=x').join('&');
    for (const path of ['/report/submit', '/report/status', '/report/add-info']) {
      const r = await postWhileProbing(path, body, 'application/x-www-form-urlencoded');
      expect(r.status, path).toBe(413);
      expect(r.slowestHealthMs, path).toBeLessThan(HEALTH_WITHIN_MS);
    }
  });

  test('too many short fields under the size cap are refused by count', async () => {
    const body = Array.from({ length: 80_000 }, () => 'e=').join('&');
    const r = await postWhileProbing('/report/submit', body, 'application/x-www-form-urlencoded');
    expect(r.status).toBe(413);
    expect(r.slowestHealthMs).toBeLessThan(HEALTH_WITHIN_MS);
  });

  test('the largest urlencoded form the caps allow is answered, and health keeps answering', async () => {
    // As many fields as allowed, the body as large as allowed, every field repeated.
    const value = '诈'.repeat(Math.floor((250 * 1024) / 60 / 9));
    const body = Array.from({ length: 59 }, () => `entities=${encodeURIComponent(value)}`).join(
      '&',
    );
    const r = await postWhileProbing('/report/submit', body, 'application/x-www-form-urlencoded');
    expect(r.status).toBe(422);
    expect(r.slowestHealthMs).toBeLessThan(HEALTH_WITHIN_MS);
  });

  test('100,000 multipart parts in 16 MB are refused; health keeps answering', async () => {
    const boundary = 'flood';
    const parts = Array.from({ length: 100_000 }, () => ({ name: 'entities', value: 'x' }));
    const body = multipartBody(boundary, parts);
    expect(body.length).toBeLessThan(16 * MB);
    for (const path of ['/report/submit', '/api/tipoffs']) {
      const r = await postWhileProbing(path, body, `multipart/form-data; boundary=${boundary}`);
      expect(r.status, path).toBe(413);
      expect(r.slowestHealthMs, path).toBeLessThan(HEALTH_WITHIN_MS);
    }
  });

  test('the largest multipart body the caps allow is answered, and health keeps answering', async () => {
    const boundary = '----WebKitFormBoundary7MA4YWxkTrZu0gW';
    const file = new Uint8Array(5 * MB - 1024).fill(0x41);
    const text = 'x'.repeat(Math.floor((16 * MB - 3 * file.length) / 60));
    const parts = [
      ...Array.from({ length: 3 }, (_, i) => ({
        name: 'screenshots',
        value: file,
        filename: `s${i}.jpg`,
      })),
      ...Array.from({ length: 56 }, () => ({ name: 'entities', value: text })),
    ];
    const body = multipartBody(boundary, parts);
    expect(body.length).toBeLessThanOrEqual(16 * MB);
    for (const path of ['/report/submit', '/api/tipoffs']) {
      const r = await postWhileProbing(path, body, `multipart/form-data; boundary=${boundary}`);
      expect(r.status, path).toBeGreaterThanOrEqual(400);
      expect(r.status, path).toBeLessThan(500);
      expect(r.slowestHealthMs, path).toBeLessThan(HEALTH_WITHIN_MS);
    }
  });

  test('a boundary chosen to make the search slow does not slow it down', async () => {
    // The delimiter's search is the part an attacker shapes: a long, repetitive boundary over
    // content that almost matches it at every byte.
    const boundary = 'a'.repeat(70);
    const body = multipartBody(boundary, [
      { name: 'description', value: `-${'a'.repeat(15 * MB)}` },
      { name: 'category', value: 'phone' },
    ]);
    const r = await postWhileProbing(
      '/report/submit',
      body,
      `multipart/form-data; boundary=${boundary}`,
    );
    expect(r.status).toBeLessThan(500);
    expect(r.slowestHealthMs).toBeLessThan(HEALTH_WITHIN_MS);
  });
});

describe('the submission limit is taken before the body is read', () => {
  /** A body that never ends: a server that waits for it before limiting would hang. */
  const endless = () =>
    new ReadableStream<Uint8Array>({
      pull: () => new Promise(() => undefined),
    });

  test('over its limit, a client gets 429 at once, its body unread (API and form page)', async () => {
    const t = await makeTipoffApp({ limits: DEFAULT_TIPOFF_LIMITS });
    try {
      for (let i = 0; i < DEFAULT_TIPOFF_LIMITS.submit.perClient.capacity; i++) {
        expect((await postJson(t.app, '/api/tipoffs', VALID_TIPOFF)).status).toBe(201);
      }
      const cases = [
        ['/api/tipoffs', 'multipart/form-data; boundary=x'],
        ['/api/tipoffs', 'application/json'],
        ['/report/submit', 'application/x-www-form-urlencoded'],
        ['/report/add-info', 'multipart/form-data; boundary=x'],
      ] as const;
      for (const [path, type] of cases) {
        const res = await Promise.race([
          t.app.request(path, {
            method: 'POST',
            headers: { 'content-type': type, origin: 'http://localhost' },
            body: endless(),
            duplex: 'half',
          } as RequestInit),
          new Promise<'hung'>((r) => setTimeout(() => r('hung'), 2000)),
        ]);
        expect(res === 'hung' ? 'hung' : res.status, `${path} ${type}`).toBe(429);
      }
    } finally {
      await t.cleanup();
    }
  });
});
