/**
 * Issue 9, item 6: the start-up orphan sweep of a second server deleted a screenshot the first was
 * still saving; the first swallowed the failed rename and gave the citizen 201 and a receipt for a
 * case whose attachment answered 404. Now the sweep leaves uploads of a live server alone, and a
 * failed rename is an error, never a quiet success.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { createApp } from '../../functions/app.ts';
import { openAttachmentFiles } from '../../functions/store/files.ts';
import { startTipoffService } from '../../functions/store/node-setup.ts';
import { tinyPng } from '../fixtures/images.ts';
import { ROOT } from './helpers.ts';

const dirs: string[] = [];
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const s of stops.splice(0)) await s();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir() {
  const d = mkdtempSync(join(tmpdir(), 'fanzha-sweep-'));
  dirs.push(d);
  return d;
}

const env = (dataDir: string) => ({
  FANZHA_DATA_DIR: dataDir,
  FANZHA_DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
  FANZHA_RECEIPT_DELAY_MS: '0',
});

/** Server A, in this process: the app over the data directory, its store wrapped by the test. */
async function serverA(dataDir: string) {
  const started = await startTipoffService(env(dataDir), { log: () => undefined });
  stops.push(started.stop);
  const logs: string[] = [];
  const app = createApp({
    version: 'test',
    remoteAddress: () => '198.51.100.9',
    tipoffs: started.deps,
    log: (l) => logs.push(l),
  });
  const submit = () => {
    const fd = new FormData();
    fd.append('category', 'phone');
    fd.append('description', '自称客服让我下载会议软件共享屏幕，还发来这张截图。');
    fd.append('consent', 'on');
    fd.append('screenshots', new Blob([tinyPng() as Uint8Array<ArrayBuffer>]), 's.png');
    return app.request('/api/tipoffs', { method: 'POST', body: fd });
  };
  return { ...started, app, logs, submit };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Server B: the real Node adapter in its own process on the same data directory. */
async function startServerB(dataDir: string) {
  const port = await freePort();
  const child = spawn(join(ROOT, 'node_modules/.bin/node'), ['functions/node.ts'], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', PORT: String(port), ...env(dataDir) },
    stdio: 'ignore',
  });
  stops.push(async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  });
  // The adapter listens only after its start-up chores, the orphan sweep included.
  for (const until = Date.now() + 30_000; Date.now() < until;) {
    if (child.exitCode !== null) throw new Error('server B exited');
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server B did not start');
}

describe('two servers on one data directory', () => {
  test('a second server starting mid-upload leaves the first one’s screenshot alone', async () => {
    const dataDir = tempDir();
    const a = await serverA(dataDir);
    // Hold A's transaction open until B has started (and swept).
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let reached!: () => void;
    const inTransaction = new Promise<void>((r) => (reached = r));
    const createTipoff = a.deps.store.createTipoff.bind(a.deps.store);
    a.deps.store.createTipoff = async (t) => {
      reached();
      await held;
      return createTipoff(t);
    };
    const pending = a.submit();
    await inTransaction;
    await startServerB(dataDir);
    release();
    const res = await pending;
    expect(res.status).toBe(201);
    const [row] = (await a.deps.store.listQueue({ page: 1, pageSize: 1, now: new Date() })).items;
    const [attachment] = await a.deps.store.listAttachments(row!.id);
    expect(attachment).toBeDefined();
    expect(await a.deps.files.read(attachment!.storageName)).not.toBeNull();
  });

  test('a rename that fails is an error answer, not a receipt for a case without its screenshot', async () => {
    const a = await serverA(tempDir());
    a.deps.files.commit = async () => {
      throw Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' });
    };
    const res = await a.submit();
    expect(res.status).toBeGreaterThanOrEqual(500);
    expect(((await res.json()) as { receipt?: string }).receipt).toBeUndefined();
    expect(a.logs.join('\n')).toContain('EIO');
  });
});

describe('the start-up sweep', () => {
  test('finishes uploads of a server that died, removes its strays, keeps a live one’s', async () => {
    const dir = tempDir();
    const files = openAttachmentFiles(dir);
    const [committed, stray, live] = ['a'.repeat(20), 'b'.repeat(20), 'c'.repeat(20)];
    // A server that died (its process is gone) left two temp files: one whose row committed.
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.once('exit', r));
    for (const name of [committed, stray]) {
      const deadOwner = files.ownerTag.replace(/-\d+$/, `-${dead.pid}`);
      writeFileSync(join(dir, `${name}.${deadOwner}.part`), 'x');
    }
    // This (live) process is writing one.
    await files.writeTemp(live!, new Uint8Array([1]));
    expect(await files.cleanOrphans(async () => new Set([committed!]))).toEqual({
      removed: 1,
      recovered: 1,
    });
    expect(readdirSync(dir).sort()).toEqual([committed, `${live}.${files.ownerTag}.part`].sort());
  });
});
