/**
 * The site as a person on a cheap phone feels it: Chromium with 4× CPU throttling and slow 3G
 * (400 kbit/s, 400 ms latency) set through the DevTools protocol, against the real Node server.
 * For /, /check/, the longest explainer and /report/, first visit and repeat visit: time until the
 * main button works, tap → verdict on /check/, and bytes on the wire (compressed, as sent), each
 * beside its floor: the same page's HTML document alone.
 * Run alone: `npm run bench -- network` (needs `npm run build` first). BENCH_RUNS=n sets the runs
 * per figure (median shown; default 3).
 */
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');
/** The issue's profile: DevTools' "slow 3G" link and a phone four times slower than this machine. */
const PROFILE = { cpu: 4, latencyMs: 400, kbitPerS: 400 } as const;
/** A made-up police-impersonation message: a typical first check, with a verdict to wait for. */
const MESSAGE =
  '您好，这里是市公安局，您的身份证涉嫌一起洗钱案，请把资金转入安全账户配合调查，不要告诉家人。';

interface PageSpec {
  name: string;
  path: string;
  /** The button that is the page's reason to exist; "ready" is when a tap on it does its job. */
  button: string;
  /** Check a message once ready, and time the verdict (only /check/). */
  verdict?: { box: string; result: string };
}

/** What one visit measured. Times are ms from navigation start, bytes as sent (compressed). */
export interface Visit {
  readyMs: number;
  /** The HTML document alone: when its last byte arrived, and its size on the wire. */
  floorMs: number;
  floorBytes: number;
  tapToVerdictMs: number | null;
  bytes: number;
  requests: number;
  /** Responses answered 304 (revalidated) and bodies fetched again that the first visit had already. */
  notModified: number;
  refetchedBytes: number;
  refetched: string[];
}

/** The explainer with the largest HTML: the worst case for the "≤ 20 KB" budget. */
function longestExplainer(): string {
  const dir = join(DIST, 'patterns');
  const slugs = readdirSync(dir).filter((s) => existsSync(join(dir, s, 'index.html')));
  const size = (s: string) => statSync(join(dir, s, 'index.html')).size;
  const slug = slugs.sort((a, b) => size(b) - size(a))[0];
  if (!slug) throw new Error('no explainer under dist/patterns/');
  return `/patterns/${slug}/`;
}

function pages(): PageSpec[] {
  return [
    { name: '/', path: '/', button: 'form[data-check-entry] button[type=submit]' },
    {
      name: '/check/',
      path: '/check/',
      button: '.check-form button[type=submit]',
      verdict: { box: '#check-text', result: '#check-result-title' },
    },
    { name: 'explainer', path: longestExplainer(), button: 'button[data-read-aloud]' },
    { name: '/report/', path: '/report/', button: 'form button[type=submit].btn-primary' },
  ];
}

/**
 * Installed before any page script: notes when the main button is in the DOM, enabled, outside
 * any not-yet-hydrated island, with the page painted and parsed. On /check/ it then puts the
 * message in the box, taps at once and notes when the verdict heading appears.
 */
function watchPage(spec: {
  button: string;
  verdict?: { box: string; result: string };
  text: string;
}) {
  const w = window as unknown as { __bench: Record<string, number> };
  const marks: Record<string, number> = {};
  w.__bench = marks;
  const painted = () => performance.getEntriesByName('first-contentful-paint').length > 0;
  const usable = () => {
    const b = document.querySelector<HTMLButtonElement>(spec.button);
    return (
      !!b && !b.disabled && !b.closest('astro-island[ssr]') && document.readyState !== 'loading'
    );
  };
  const tap = () => {
    const v = spec.verdict!;
    const box = document.querySelector<HTMLTextAreaElement>(v.box)!;
    const setValue = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!;
    setValue.call(box, spec.text);
    box.dispatchEvent(new Event('input', { bubbles: true }));
    // One task later, so the island has re-rendered with the text before the tap.
    setTimeout(() => {
      marks.tapAt = performance.now();
      document.querySelector<HTMLButtonElement>(spec.button)!.click();
    }, 0);
  };
  const check = () => {
    if (marks.readyAt === undefined && usable() && painted()) {
      marks.readyAt = performance.now();
      if (spec.verdict) tap();
    }
    if (spec.verdict && marks.tapAt !== undefined && marks.verdictAt === undefined) {
      const h = document.querySelector(spec.verdict.result);
      if (h && h.textContent?.trim()) marks.verdictAt = performance.now();
    }
    if (marks.readyAt !== undefined && (!spec.verdict || marks.verdictAt !== undefined)) return;
    requestAnimationFrame(check);
  };
  new MutationObserver(check).observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
  });
  requestAnimationFrame(check);
}

async function throttled(context: BrowserContext): Promise<{ page: Page; wire: () => Wire }> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  // Events about one request may come in any order (the raw answer's before the request's own).
  const reqs = new Map<string, Wire[number]>();
  const at = (id: string) => reqs.get(id) ?? reqs.set(id, { url: '' }).get(id)!;
  cdp.on('Network.requestWillBeSent', (e) => void (at(e.requestId).url = e.request.url));
  cdp.on('Network.requestServedFromCache', (e) => void (at(e.requestId).cached = true));
  cdp.on('Network.responseReceived', (e) => {
    const r = at(e.requestId);
    r.status = e.response.status;
    if (e.response.fromDiskCache || e.response.fromServiceWorker) r.cached = true;
  });
  // A revalidated copy reaches the page as the cached 200; the raw answer on the wire says 304.
  cdp.on('Network.responseReceivedExtraInfo', (e) => {
    if (e.statusCode === 304) at(e.requestId).revalidated = true;
  });
  cdp.on('Network.loadingFinished', (e) => void (at(e.requestId).bytes = e.encodedDataLength));
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: PROFILE.latencyMs,
    downloadThroughput: (PROFILE.kbitPerS * 1000) / 8,
    uploadThroughput: (PROFILE.kbitPerS * 1000) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: PROFILE.cpu });
  return { page, wire: () => [...reqs.values()].filter((r) => r.url) };
}

type Wire = {
  url: string;
  status?: number;
  revalidated?: boolean;
  cached?: boolean;
  bytes?: number;
}[];

async function visit(context: BrowserContext, base: string, spec: PageSpec, seen: Set<string>) {
  const { page, wire } = await throttled(context);
  await page.addInitScript(watchPage, {
    button: spec.button,
    verdict: spec.verdict,
    text: MESSAGE,
  });
  const url = base + spec.path;
  await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
  await page.waitForFunction(
    (needVerdict) => {
      const m = (window as unknown as { __bench: Record<string, number> }).__bench;
      return m.readyAt !== undefined && (!needVerdict || m.verdictAt !== undefined);
    },
    Boolean(spec.verdict),
    { timeout: 120_000 },
  );
  if (spec.verdict) {
    const error = await page.locator('.field-error').count();
    if (error) throw new Error(`${spec.path}: the check answered with an error, not a verdict`);
  }
  // Let late fetches (knowledge, health) finish so their bytes count.
  await page.waitForLoadState('networkidle', { timeout: 60_000 }).catch(() => {});
  const marks = await page.evaluate(() => {
    const m = (window as unknown as { __bench: Record<string, number | undefined> }).__bench;
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    return {
      readyAt: m.readyAt,
      tapAt: m.tapAt,
      verdictAt: m.verdictAt,
      responseEnd: nav.responseEnd,
    };
  });
  const requests = wire();
  await page.close();
  const doc = requests.find((r) => r.url === url);
  const onWire = requests.filter((r) => !r.cached);
  const refetched = onWire.filter(
    (r) => r.status === 200 && !r.revalidated && seen.has(r.url) && r.url !== url,
  );
  for (const r of requests) seen.add(r.url);
  return {
    readyMs: marks.readyAt!,
    floorMs: marks.responseEnd,
    floorBytes: doc?.bytes ?? 0,
    tapToVerdictMs:
      marks.verdictAt !== undefined && marks.tapAt !== undefined
        ? marks.verdictAt - marks.tapAt
        : null,
    bytes: onWire.reduce((n, r) => n + (r.bytes ?? 0), 0),
    requests: onWire.length,
    notModified: onWire.filter((r) => r.revalidated || r.status === 304).length,
    refetchedBytes: refetched.reduce((n, r) => n + (r.bytes ?? 0), 0),
    refetched: refetched.map((r) => new URL(r.url).pathname),
  } satisfies Visit;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The median run (by ready time) of first and repeat visits, each in a fresh browser profile. */
async function measure(browser: Browser, base: string, spec: PageSpec, runs: number) {
  const first: Visit[] = [];
  const repeat: Visit[] = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({
      viewport: { width: 360, height: 740 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
    });
    const seen = new Set<string>();
    first.push(await visit(context, base, spec, seen));
    repeat.push(await visit(context, base, spec, seen));
    await context.close();
  }
  // The median run, and the best times: on a shared machine, the best is the closest to the phone
  // alone (other processes only ever add to a time).
  const pick = (vs: Visit[]) => {
    const m = median(vs.map((v) => v.readyMs));
    const v = vs.find((x) => x.readyMs === m)!;
    const taps = vs.map((x) => x.tapToVerdictMs).filter((x): x is number => x !== null);
    return {
      ...v,
      tapToVerdictMs: taps.length ? median(taps) : null,
      bestReadyMs: Math.min(...vs.map((x) => x.readyMs)),
      bestTapToVerdictMs: taps.length ? Math.min(...taps) : null,
    };
  };
  return { first: pick(first), repeat: pick(repeat) };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
const s = (ms: number | null) => (ms === null ? '' : `${(ms / 1000).toFixed(2)} s`);

/** Prints the table and returns the figures for bench/run.ts. */
export async function benchNetwork(): Promise<Record<string, unknown>> {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error('dist/ is missing: run npm run build');
  const runs = Math.max(1, Number(process.env['BENCH_RUNS'] ?? 3));
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'fanzha-bench-net-'));
  const server = spawn(process.execPath, ['functions/node.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', FANZHA_DATA_DIR: dataDir },
    stdio: 'ignore',
  });
  const base = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const until = Date.now() + 30_000;
    for (;;) {
      const up = await fetch(`${base}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      if (Date.now() > until) throw new Error('server did not start');
      await new Promise((r) => setTimeout(r, 200));
    }
    const rows: Record<string, unknown> = {};
    const lines = [
      `network: ${PROFILE.cpu}× CPU, ${PROFILE.kbitPerS} kbit/s, ${PROFILE.latencyMs} ms latency, 360×740; ` +
        `times: median of ${runs} (best); this machine's load average ${loadavg()[0]!.toFixed(1)} (times grow with it)`,
      '| page | visit | button works | floor (HTML) | tap → verdict | bytes on the wire | floor (HTML) | requests | 304 | fetched again |',
      '|---|---|---|---|---|---|---|---|---|---|',
    ];
    for (const spec of pages()) {
      const m = await measure(browser, base, spec, runs);
      rows[spec.name] = { path: spec.path, ...m };
      for (const [visitName, v] of [
        ['first', m.first],
        ['repeat', m.repeat],
      ] as const) {
        lines.push(
          `| ${spec.name} | ${visitName} | ${s(v.readyMs)} (${s(v.bestReadyMs)}) | ${s(v.floorMs)} | ` +
            `${v.tapToVerdictMs === null ? '' : `${s(v.tapToVerdictMs)} (${s(v.bestTapToVerdictMs)})`} | ` +
            `${kb(v.bytes)} | ${kb(v.floorBytes)} | ${v.requests} | ${v.notModified} | ` +
            `${v.refetched.length ? `${kb(v.refetchedBytes)} (${v.refetched.join(' ')})` : '0'} |`,
        );
      }
    }
    console.log(lines.join('\n'));
    return rows;
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchNetwork();
