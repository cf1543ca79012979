/**
 * `npm run bench`: prints the project's speed, size and accuracy figures. Each part runs in turn on
 * this machine: the engine alone, its accuracy beside two baselines, /api/check under load, tip-off
 * submissions and look-ups, pages on a throttled phone (bench/network.ts), and the chat-bot on
 * resident questions beside a keyword-search baseline.
 * Figures, not pass/fail: budgets that must hold are checked in tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

const PORT = 4391;
const MESSAGES = [
  '您好，我是市公安局民警，您涉嫌洗钱，请将资金转入安全账户配合调查，不要告诉家人。',
  '妈，我明天回家吃饭，给你带了点水果。',
  '【XX银行】您尾号1234的账户消费58.00元。',
  '兼职刷单，日结300，先垫付后返佣，加V：abc123',
];

async function waitForHealth(url: string, ms = 20_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server did not start: ${url}`);
}

/** /api/check requests/s and latency with 10 connections for 5 s; rate limits scaled out of the way. */
async function benchCheckApi(): Promise<Record<string, unknown>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fanzha-bench-'));
  const server: ChildProcess = spawn(process.execPath, ['functions/node.ts'], {
    env: {
      ...process.env,
      PORT: String(PORT),
      FANZHA_DATA_DIR: dataDir,
      FANZHA_RATE_LIMIT_SCALE: '100000',
    },
    stdio: 'ignore',
  });
  try {
    await waitForHealth(`http://127.0.0.1:${PORT}/api/health`);
    let i = 0;
    const result = await autocannon({
      url: `http://127.0.0.1:${PORT}/api/check`,
      connections: 10,
      duration: 5,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      requests: [
        {
          setupRequest: (req) => ({
            ...req,
            body: JSON.stringify({ text: MESSAGES[i++ % MESSAGES.length] }),
          }),
        },
      ],
    });
    return {
      check_api_requests_per_s: Math.round(result.requests.average),
      check_api_latency_p50_ms: result.latency.p50,
      check_api_latency_p99_ms: result.latency.p99,
      check_api_non_2xx: result.non2xx,
      check_api_errors: result.errors,
      connections: 10,
      seconds: 5,
    };
  } finally {
    server.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function optional(path: string, name: string): Promise<Record<string, unknown>> {
  try {
    const mod = (await import(path)) as Record<string, () => Promise<Record<string, unknown>>>;
    const fn = mod[name];
    return fn ? await fn() : { skipped: `${path} has no ${name}` };
  } catch (err) {
    return { skipped: `${path}: ${(err as Error).message}` };
  }
}

// `npm run bench -- network tipoffs` runs only the parts named; no names: all of them.
const only = process.argv.slice(2);
const part = (name: string, run: () => Promise<Record<string, unknown>>) =>
  only.length === 0 || only.includes(name) ? run() : Promise.resolve(undefined);

const figures = {
  engine: await part('engine', () => optional('./engine.ts', 'benchEngine')),
  accuracy: await part('accuracy', () => optional('./accuracy.ts', 'benchAccuracy')),
  checkApi: await part('checkApi', benchCheckApi),
  tipoffs: await part('tipoffs', () => optional('./tipoffs.ts', 'benchTipoffs')),
  network: await part('network', () => optional('./network.ts', 'benchNetwork')),
  questions: await part('questions', () => optional('./questions.ts', 'benchQuestions')),
};
console.log(JSON.stringify(figures, null, 2));
