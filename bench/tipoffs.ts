/**
 * Tip-off figures against a real server on 127.0.0.1 (autocannon, 10 connections, 5 s each):
 * submissions/s and p99 on SQLite and on PostgreSQL (a fresh database, dropped after; skipped if
 * unreachable), and /api/lookup requests/s. Rate limits are scaled out of the way (benchmark only).
 * Run alone: node bench/tipoffs.ts
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import postgres from 'postgres';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PG_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const SECONDS = 5;
const CONNECTIONS = 10;

const BODY = {
  category: 'phone',
  description: '自称电商客服，说我买的东西有质量问题要退款，让我下载会议软件并开屏幕共享。',
  entities: [{ kind: 'phone', value: '17012345678' }],
  district: '松林镇',
  contact: { name: '李四', phone: '13912345678' },
  consent: true,
};

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function startServer(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['functions/node.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      FANZHA_RATE_LIMIT_SCALE: '1000000',
      FANZHA_RECEIPT_DELAY_MS: '0',
      ...env,
    },
    stdio: 'ignore',
  });
  const base = `http://127.0.0.1:${port}`;
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return { child, base };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new Error('server did not start');
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function submissions(base: string, label: string): Promise<Record<string, unknown>> {
  const r = await autocannon({
    url: `${base}/api/tipoffs`,
    connections: CONNECTIONS,
    duration: SECONDS,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(BODY),
  });
  return {
    [`${label}_submissions_per_s`]: Math.round(r.requests.average),
    [`${label}_submission_latency_p50_ms`]: r.latency.p50,
    [`${label}_submission_latency_p99_ms`]: r.latency.p99,
    [`${label}_non_2xx`]: r.non2xx,
    [`${label}_errors`]: r.errors,
  };
}

async function lookups(base: string): Promise<Record<string, unknown>> {
  let i = 0;
  const r = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [
      {
        setupRequest: (req) => ({
          ...req,
          path: `/api/lookup?q=170${String(i++ % 100_000_000).padStart(8, '0')}`,
        }),
      },
    ],
  });
  return {
    lookup_requests_per_s: Math.round(r.requests.average),
    lookup_latency_p50_ms: r.latency.p50,
    lookup_latency_p99_ms: r.latency.p99,
    lookup_non_2xx: r.non2xx,
  };
}

export async function benchTipoffs(): Promise<Record<string, unknown>> {
  const figures: Record<string, unknown> = { connections: CONNECTIONS, seconds_each: SECONDS };
  const dataDir = mkdtempSync(join(tmpdir(), 'fanzha-bench-tipoffs-'));
  try {
    const sqlite = await startServer({ FANZHA_DATA_DIR: dataDir });
    try {
      Object.assign(figures, await submissions(sqlite.base, 'sqlite'));
      Object.assign(figures, await lookups(sqlite.base));
    } finally {
      await stop(sqlite.child);
    }

    const dbName = `fanzha_bench_${Date.now().toString(36)}`;
    const admin = postgres(PG_URL, { onnotice: () => {}, max: 1, connect_timeout: 3 });
    try {
      await admin.unsafe(`CREATE DATABASE ${dbName}`);
    } catch (err) {
      figures['postgres'] = `skipped: ${(err as Error).message}`;
      await admin.end();
      return figures;
    }
    const url = new URL(PG_URL);
    url.pathname = `/${dbName}`;
    const pgDir = mkdtempSync(join(tmpdir(), 'fanzha-bench-pg-'));
    try {
      // A shared database needs its own FANZHA_DATA_KEY (the server refuses to start without).
      const pg = await startServer({
        FANZHA_DATA_DIR: pgDir,
        DATABASE_URL: url.toString(),
        FANZHA_DATA_KEY: btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32)))),
      });
      try {
        Object.assign(figures, await submissions(pg.base, 'postgres'));
      } finally {
        await stop(pg.child);
      }
    } finally {
      rmSync(pgDir, { recursive: true, force: true });
      await admin.unsafe(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await admin.end();
    }
    return figures;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchTipoffs(), null, 2));
}
