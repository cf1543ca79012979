/**
 * The real server and admin CLI as child processes, for the durability suites: start one and wait
 * for /api/health, run one expected to refuse and collect what it printed, stop or kill -9 it, and
 * a fresh PostgreSQL database per test.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const NODE = join(ROOT, 'node_modules/.bin/node');
export const PG_URL =
  process.env['TEST_DATABASE_URL'] ??
  process.env['DATABASE_URL'] ??
  'postgres://postgres@127.0.0.1:5432/test';

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Running {
  child: ChildProcess;
  base: string;
  output: string[];
}

function serverEnv(dataDir: string, port: number, extraEnv: Record<string, string>) {
  return {
    PATH: process.env['PATH'] ?? '',
    PORT: String(port),
    HOST: '127.0.0.1',
    FANZHA_DATA_DIR: dataDir,
    FANZHA_RATE_LIMIT_SCALE: '100000',
    FANZHA_RECEIPT_DELAY_MS: '0',
    ...extraEnv,
  };
}

function spawnServer(dataDir: string, port: number, extraEnv: Record<string, string>) {
  const child = spawn(NODE, ['functions/node.ts'], {
    cwd: ROOT,
    env: serverEnv(dataDir, port, extraEnv),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  return { child, output };
}

/** Starts `node functions/node.ts` and waits until /api/health answers. */
export async function startServer(
  dataDir: string,
  extraEnv: Record<string, string> = {},
): Promise<Running> {
  const port = await freePort();
  const { child, output } = spawnServer(dataDir, port, extraEnv);
  const base = `http://127.0.0.1:${port}`;
  const until = Date.now() + 20_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output.join('')}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return { child, base, output };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not start: ${output.join('')}`);
}

/**
 * Starts a server that is expected to refuse: resolves with its exit code and output, or with
 * code null (after killing it) if it answered /api/health instead.
 */
export async function startRefused(
  dataDir: string,
  extraEnv: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  const port = await freePort();
  const { child, output } = spawnServer(dataDir, port, extraEnv);
  const until = Date.now() + 20_000;
  while (Date.now() < until && child.exitCode === null) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) {
        await stop({ child, base: '', output });
        return { code: null, output: output.join('') };
      }
    } catch {
      /* not up, or gone */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  if (child.exitCode === null) await stop({ child, base: '', output }, 'SIGKILL');
  return { code: child.exitCode, output: output.join('') };
}

export async function stop(r: Running, signal: NodeJS.Signals = 'SIGTERM') {
  if (r.child.exitCode !== null || r.child.signalCode !== null) return;
  const exited = new Promise((resolve) => r.child.once('exit', resolve));
  r.child.kill(signal);
  await exited;
}

/** `npm run admin -- …` with only the given environment. */
export function adminCli(args: string[], env: Record<string, string>) {
  return spawnSync(NODE, ['functions/admin-cli.ts', ...args], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    encoding: 'utf8',
  });
}

export const postJson = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

/** Logs in to the moderation API; returns the headers a same-origin request sends. */
export async function adminLogin(base: string, username: string, password: string) {
  const login = await postJson(`${base}/api/admin/login`, { username, password }, { origin: base });
  if (login.status !== 200) throw new Error(`login failed: ${login.status}`);
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return { cookie, 'x-csrf-token': csrfToken, origin: base };
}

/** A fresh PostgreSQL database for one test, dropped by `drop`. */
export async function freshPgDatabase(port?: number) {
  const name = `fanzha_dur_${crypto.randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = postgres(PG_URL, { onnotice: () => {}, max: 1 });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  if (port) url.port = String(port);
  return {
    url: url.toString(),
    drop: async () => {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
