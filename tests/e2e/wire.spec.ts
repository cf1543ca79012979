/**
 * What goes over the wire from `npm start`: every text file of the build compressed when the
 * browser asks and plain when not; the README's caching table, row by row; and /check/ starting
 * its code and knowledge with the HTML, fetching each once, and none of it again on a repeat visit.
 */
import { expect, test, type Page } from '@playwright/test';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join, relative } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { assetVersion } from '../../functions/static-files.ts';
import { walkFiles } from './helpers.ts';
import { E2E_PASSWORD, E2E_SUPERVISOR } from './staff.ts';

const DIST = 'dist';
const ALL = 'gzip, deflate, br';

interface Raw {
  status: number;
  headers: Record<string, string | undefined>;
  /** The body as sent (still compressed) and decoded. */
  sent: Buffer;
  body: Buffer;
}

/**
 * One HTTP request without a browser or fetch() in between, so the bytes are as sent. From
 * 127.0.0.2 when asked: the server then counts this spec's tip-offs against its own rate limit,
 * not the one the other specs' submissions share on 127.0.0.1.
 */
function raw(
  base: string,
  path: string,
  o: { method?: string; headers?: Record<string, string>; body?: string; from?: string } = {},
): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      new URL(path, base),
      { method: o.method ?? 'GET', headers: o.headers ?? {}, localAddress: o.from },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const sent = Buffer.concat(chunks);
          const enc = res.headers['content-encoding'];
          const body =
            enc === 'br' ? brotliDecompressSync(sent) : enc === 'gzip' ? gunzipSync(sent) : sent;
          const headers = Object.fromEntries(
            Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]),
          );
          resolve({ status: res.statusCode ?? 0, headers, sent, body });
        });
      },
    );
    req.on('error', reject);
    req.end(o.body);
  });
}

const TEXT_TYPE =
  /^(text\/|application\/(json|javascript|xml|rss\+xml|manifest\+json)|image\/svg\+xml)/;

test.describe('over the wire', () => {
  test.skip(!existsSync(join(DIST, 'index.html')), 'needs the built site (npm run build)');

  test('every text file of the build is sent compressed when asked, and plain when not', async ({
    baseURL,
  }) => {
    const files = walkFiles(DIST).filter((f) => !/\.(br|gz)$/.test(f));
    let text = 0;
    for (const file of files) {
      const url = '/' + relative(DIST, file).split('\\').join('/');
      const original = readFileSync(file);
      const plain = await raw(baseURL!, url);
      expect(plain.status, url).toBe(200);
      if (!TEXT_TYPE.test(plain.headers['content-type'] ?? '')) continue;
      text++;
      expect(plain.headers['content-encoding'], url).toBeUndefined();
      expect(plain.body.equals(original), url).toBe(true);
      for (const [asked, expected] of [
        [ALL, 'br'],
        ['gzip', 'gzip'],
      ] as const) {
        const res = await raw(baseURL!, url, { headers: { 'Accept-Encoding': asked } });
        expect(res.body.equals(original), `${url} (${asked})`).toBe(true);
        // Below 1 KB a copy may not pay for itself; everything larger must shrink on the wire.
        if (original.length >= 1024) {
          expect(res.headers['vary'], url).toMatch(/Accept-Encoding/i);
          expect(res.headers['content-encoding'], `${url} (${asked})`).toBe(expected);
          expect(res.sent.length, url).toBeLessThan(original.length);
        }
      }
    }
    expect(text).toBeGreaterThan(50);
  });

  test('each row of the README’s caching table holds for its example', async ({ baseURL }) => {
    const base = baseURL!;
    const origin = { Origin: new URL(base).origin };
    const readme = readFileSync('README.md', 'utf8').split('\n');
    const start = readme.findIndex((l) => l.startsWith('| answer | example | Cache-Control |'));
    expect(start, 'the caching table in README.md').toBeGreaterThan(0);
    const rows: string[][] = [];
    for (const line of readme.slice(start + 2)) {
      if (!line.startsWith('|')) break;
      rows.push(
        line
          .split('|')
          .slice(1, -1)
          .map((c) => c.trim().replace(/^`|`$/g, '')),
      );
    }
    expect(rows.length).toBeGreaterThanOrEqual(10);

    // A tip-off whose words anyone could have written, long enough that the staff list is > 1 KB.
    const tipoff = {
      category: 'other',
      description: `有人冒充客服让我开屏幕共享，对方说的话我记下来了：${'先垫付再返现，'.repeat(60)}`,
      consent: true,
    };
    const submit = () =>
      raw(base, '/api/tipoffs', {
        method: 'POST',
        from: '127.0.0.2',
        headers: { 'Content-Type': 'application/json', ...origin, 'Accept-Encoding': ALL },
        body: JSON.stringify(tipoff),
      });
    const first = await submit();
    expect(first.status).toBe(201);
    const receipt = (JSON.parse(first.body.toString()) as { receipt: string }).receipt;
    const login = await raw(base, '/api/admin/login', {
      method: 'POST',
      from: '127.0.0.2',
      headers: { 'Content-Type': 'application/json', ...origin },
      body: JSON.stringify({ username: E2E_SUPERVISOR, password: E2E_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers['set-cookie'] ?? '').split(';')[0]!;

    const requests: Record<string, (path: string) => Promise<Raw>> = {
      GET: (path) => raw(base, path, { headers: { 'Accept-Encoding': ALL } }),
      'POST /api/check': (path) =>
        raw(base, path, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'Accept-Encoding': ALL },
          body: JSON.stringify({
            text: '您好，这里是市公安局，您的账户涉嫌洗钱，请把钱转到安全账户，不要告诉家人。',
          }),
        }),
      'POST /api/tipoffs': () => submit(),
      'POST /report/status': (path) =>
        raw(base, path, {
          method: 'POST',
          from: '127.0.0.2',
          headers: {
            'Content-Type': 'application/x-www-form-urlencoded',
            ...origin,
            'Accept-Encoding': ALL,
          },
          body: new URLSearchParams({ receipt }).toString(),
        }),
      'GET /api/admin/tipoffs': (path) =>
        raw(base, path, { headers: { Cookie: cookie, 'Accept-Encoding': ALL } }),
    };

    for (const [answer, example, cacheControl, etag, compressed] of rows) {
      const [method, pattern] = example!.split(' ') as [string, string];
      const path = resolveExample(pattern);
      const send =
        requests[`${method} ${pattern}`] ?? (method === 'GET' ? requests['GET'] : undefined);
      expect(send, `README row "${answer}": no request for ${example}`).toBeDefined();
      const res = await send!(path);
      const what = `${answer} (${method} ${path})`;
      expect(res.status, what).toBeLessThan(300);
      expect(res.headers['cache-control'], what).toBe(cacheControl);

      if (etag === 'none') expect(res.headers['etag'], what).toBeUndefined();
      else {
        expect(res.headers['etag'], what).toMatch(etag === 'weak' ? /^W\/"/ : /^"/);
        const again = await raw(base, path, {
          headers: { 'Accept-Encoding': ALL, 'If-None-Match': res.headers['etag']! },
        });
        expect(again.status, `${what} revalidated`).toBe(304);
        expect(again.sent.length, what).toBe(0);
      }

      const encoding = res.headers['content-encoding'];
      if (compressed === 'never') {
        expect(encoding, what).toBeUndefined();
      } else if (compressed === 'gzip above 1 KB') {
        expect(encoding, what).toBe(res.body.length >= 1024 ? 'gzip' : undefined);
      } else {
        expect(compressed, what).toBe('Brotli or gzip, at build');
        expect(encoding, what).toBe('br');
      }
    }
  });

  test('/check/ starts its code and knowledge with the HTML, and fetches each once', async ({
    page,
  }) => {
    const fetched: string[] = [];
    const warnings: string[] = [];
    page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
    page.on('console', (m) => {
      if (/preload/i.test(m.text())) warnings.push(m.text());
    });
    await page.goto('/check/');
    const preloaded = await page
      .locator('link[rel="modulepreload"], link[rel="preload"][as="fetch"]')
      .evaluateAll((links) => links.map((l) => new URL((l as HTMLLinkElement).href).pathname));
    const island = await page.locator('astro-island').first().getAttribute('component-url');
    expect(preloaded).toContain(island);
    expect(preloaded).toContain('/bot-knowledge.json');

    await page
      .getByLabel('把收到的短信、聊天消息粘贴到这里')
      .fill('您的账户涉嫌洗钱，请转入安全账户。');
    await page.getByRole('button', { name: '帮我看看' }).click();
    await expect(page.locator('#check-result').getByRole('heading', { level: 2 })).toContainText(
      '高风险',
    );

    // Every script the check needed was among the preloads: no chain of late discoveries.
    const scripts = fetched.filter((p) => p.startsWith('/_astro/') && p.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(2);
    expect(scripts.filter((p) => !preloaded.includes(p))).toEqual([]);
    // Fetched once each: the island's fetch() took the preloaded download.
    const twice = [...scripts, '/bot-knowledge.json'].filter(
      (p) => fetched.filter((f) => f === p).length !== 1,
    );
    expect(twice).toEqual([]);
    expect(warnings).toEqual([]);
  });

  test('a second visit to /check/ gets neither the engine nor the knowledge again', async ({
    page,
    context,
  }) => {
    await page.goto('/check/');
    await expect(page.getByRole('button', { name: '帮我看看' })).toBeEnabled();
    await page.waitForLoadState('networkidle');
    await page.close();

    const again = await context.newPage();
    const wire = await watchWire(again);
    await again.goto('/check/');
    await expect(again.getByRole('button', { name: '帮我看看' })).toBeEnabled();
    await again.waitForLoadState('networkidle');

    const seen = wire();
    // Page and knowledge: asked about (an empty 304) or from a service worker, never taken from
    // the cache unasked, so a new build shows at once. The code: from the cache, not a byte sent.
    const knowledge = seen.filter((r) => r.path === '/bot-knowledge.json');
    expect(knowledge.length).toBe(1);
    expect(knowledge[0]!.status === 304 || knowledge[0]!.sw).toBe(true);
    const engine = seen.filter((r) => r.path.startsWith('/_astro/'));
    expect(engine.length).toBeGreaterThan(2);
    expect(engine.filter((r) => !r.cached).map((r) => r.path)).toEqual([]);
    const html = seen.find((r) => r.path === '/check/');
    expect(html?.status === 304 || html?.sw).toBe(true);
  });
});

/** `/_astro/Checker.*.js` → that file in the build; `?v=(hash)` → the file's current hash. */
function resolveExample(pattern: string): string {
  if (pattern.includes('*')) {
    const dir = pattern.slice(0, pattern.lastIndexOf('/') + 1);
    const re = new RegExp(
      '^' + pattern.slice(dir.length).replace(/\./g, '\\.').replace('*', '[^/]+') + '$',
    );
    const name = readdirSync(join(DIST, dir)).find((n) => re.test(n));
    if (!name) throw new Error(`no file in dist${dir} matches ${pattern}`);
    return dir + name;
  }
  if (pattern.includes('(hash)')) {
    const file = pattern.split('?')[0]!;
    return pattern.replace('(hash)', assetVersion(readFileSync(join(DIST, file))));
  }
  return pattern;
}

/** What reached the page over the network, through the DevTools protocol (304s and cache hits). */
async function watchWire(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  // Events about one request may come in any order (the raw answer's before the request's own).
  const paths = new Map<string, string>();
  const statuses = new Map<string, number>();
  const cached = new Set<string>();
  const sw = new Set<string>();
  cdp.on('Network.requestWillBeSent', (e) =>
    paths.set(e.requestId, new URL(e.request.url).pathname),
  );
  cdp.on('Network.requestServedFromCache', (e) => cached.add(e.requestId));
  cdp.on('Network.responseReceived', (e) => {
    if (e.response.fromDiskCache || e.response.fromServiceWorker) cached.add(e.requestId);
    if (e.response.fromServiceWorker) sw.add(e.requestId);
  });
  // A revalidated copy reaches the page as the stored 200; the answer on the wire was a 304.
  cdp.on('Network.responseReceivedExtraInfo', (e) => statuses.set(e.requestId, e.statusCode));
  await cdp.send('Network.enable');
  return () =>
    [...paths].map(([id, path]) => ({
      path,
      status: statuses.get(id),
      cached: cached.has(id),
      sw: sw.has(id),
    }));
}
