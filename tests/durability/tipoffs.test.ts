/**
 * Durability of the real server (`node functions/node.ts`, no dist/ needed): acknowledged tip-offs
 * survive kill -9, the database stays intact, no orphan uploads; parallel reward updates leave one
 * record; with PostgreSQL unreachable (a TCP proxy we cut) the API answers 503 and then recovers.
 * Run: npx vitest run --config tests/durability/vitest.config.ts
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, test } from 'vitest';
import {
  adminCli,
  adminLogin,
  freshPgDatabase,
  freePort,
  postJson,
  startServer,
  stop,
} from './server.ts';

const PASSWORD = 'durability test password';
// PostgreSQL needs the one key every process shares (issue 15); any fixed test key will do.
const DATA_KEY = btoa('durability-test-data-key-32bytes');

const TIPOFF = {
  category: 'phone',
  description: '自称银行客服，说我的账户被冻结，要我转到安全账户。',
  entities: [{ kind: 'phone', value: '17099990000' }],
  contact: { phone: '13800138000' },
  consent: true,
};

// A tiny valid PNG (CRCs are not checked by the metadata stripper).
const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1,
  0, 0, 0, 1, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0, 0,
  0, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0, 0, 0, 0,
]);

function submit(base: string, i: number): Promise<Response> {
  if (i % 3 === 0) {
    const fd = new FormData();
    fd.append('category', 'phone');
    fd.append('description', TIPOFF.description);
    fd.append('entities', `1709999${String(i % 50).padStart(4, '0')}`);
    fd.append('consent', 'on');
    fd.append('screenshots', new Blob([PNG], { type: 'image/png' }), 'shot.png');
    return fetch(`${base}/api/tipoffs`, {
      method: 'POST',
      body: fd,
      headers: { accept: 'application/json' },
    });
  }
  return fetch(`${base}/api/tipoffs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(TIPOFF),
  });
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('SQLite under kill -9', () => {
  test('every acknowledged receipt survives, the database is intact, no orphan uploads', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fanzha-dur-'));
    dirs.push(dataDir);
    const first = await startServer(dataDir);
    const acked: string[] = [];
    let killed = false;
    let withScreenshot = 0;
    const TOTAL = 600;
    const attempts = Array.from({ length: TOTAL }, (_, i) =>
      submit(first.base, i)
        .then(async (res) => {
          if (res.status === 201) {
            acked.push(((await res.json()) as { receipt: string }).receipt);
            if (i % 3 === 0) withScreenshot++;
          } else if (!killed) throw new Error(`unexpected ${res.status}: ${await res.text()}`);
          // Mid-way, once some screenshots are in: uploads are then in every stage of writing.
          if (acked.length >= 200 && withScreenshot >= 20 && !killed) {
            killed = true;
            first.child.kill('SIGKILL');
          }
        })
        .catch((err: unknown) => {
          // After the kill, requests in flight fail: they were never acknowledged.
          if (!killed) throw err;
        }),
    );
    await Promise.all(attempts);
    expect(killed).toBe(true);
    await new Promise((r) =>
      first.child.exitCode !== null || first.child.signalCode
        ? r(null)
        : first.child.once('exit', r),
    );
    expect(acked.length).toBeGreaterThanOrEqual(200);

    const second = await startServer(dataDir);
    try {
      const missing: string[] = [];
      for (let i = 0; i < acked.length; i += 50) {
        const batch = acked.slice(i, i + 50);
        const codes = await Promise.all(
          batch.map((receipt) =>
            postJson(`${second.base}/api/tipoffs/status`, { receipt }).then((r) => r.status),
          ),
        );
        codes.forEach((code, j) => code !== 200 && missing.push(batch[j]!));
      }
      expect(missing).toEqual([]);
      // Nothing personal in what the server printed.
      const printed = second.output.join('') + first.output.join('');
      expect(printed).not.toContain('13800138000');
      for (const r of acked.slice(0, 20)) expect(printed).not.toContain(r);
    } finally {
      await stop(second);
    }

    const db = new DatabaseSync(join(dataDir, 'fanzha.db'));
    try {
      expect(db.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
      const names = new Set(
        (
          db.prepare('SELECT storage_name FROM attachments').all() as { storage_name: string }[]
        ).map((r) => r.storage_name),
      );
      const files = readdirSync(join(dataDir, 'uploads'));
      expect(files.filter((f) => f.endsWith('.part'))).toEqual([]);
      expect(files.filter((f) => !names.has(f))).toEqual([]);
      expect([...names].filter((n) => !files.includes(n))).toEqual([]);
      expect(names.size).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });
});

describe('rewards under contention', () => {
  test('50 parallel reward updates on one case leave exactly one reward record', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fanzha-dur-'));
    dirs.push(dataDir);
    const cli = adminCli(['create-user', 'chief', '--role', 'supervisor'], {
      FANZHA_DATA_DIR: dataDir,
      FANZHA_ADMIN_PASSWORD: PASSWORD,
    });
    expect(cli.status, cli.stderr).toBe(0);
    const server = await startServer(dataDir);
    try {
      expect((await submit(server.base, 1)).status).toBe(201);
      const headers = await adminLogin(server.base, 'chief', PASSWORD);
      const queue = (await (
        await fetch(`${server.base}/api/admin/tipoffs`, { headers })
      ).json()) as { items: { id: string }[] };
      const id = queue.items[0]!.id;
      expect(
        (await postJson(`${server.base}/api/admin/tipoffs/${id}/approve`, { entries: [] }, headers))
          .status,
      ).toBe(200);
      const codes = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          postJson(
            `${server.base}/api/admin/tipoffs/${id}/reward`,
            { state: i < 25 ? 'reward-pending' : 'reward-paid', amount: 300 },
            headers,
          ).then((r) => r.status),
        ),
      );
      expect(codes.every((c) => c === 200 || c === 409)).toBe(true);
      const db = new DatabaseSync(join(dataDir, 'fanzha.db'));
      try {
        const rows = db
          .prepare('SELECT state, amount_cents FROM rewards WHERE tipoff_id = ?')
          .all(id);
        expect(rows).toHaveLength(1);
        const status = db.prepare('SELECT status FROM tipoffs WHERE id = ?').get(id) as {
          status: string;
        };
        expect(status.status).toBe((rows[0] as { state: string }).state);
      } finally {
        db.close();
      }
    } finally {
      await stop(server);
    }
  });
});

/** A TCP proxy in front of PostgreSQL that the test can cut and restore. */
function pgProxy(port: number) {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  const up = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const upstream = connect(5432, '127.0.0.1');
        sockets.add(client).add(upstream);
        client.pipe(upstream).pipe(client);
        const end = () => {
          client.destroy();
          upstream.destroy();
          sockets.delete(client);
          sockets.delete(upstream);
        };
        client.on('error', end).on('close', end);
        upstream.on('error', end).on('close', end);
      }).listen(port, '127.0.0.1', () => resolve());
    });
  const down = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      sockets.clear();
      if (!server) return resolve();
      server.close(() => resolve());
      server = null;
    });
  return { up, down };
}

describe('PostgreSQL unreachable', () => {
  test('the API answers 503 store_unavailable and recovers when the database is back', async () => {
    const port = await freePort();
    const db = await freshPgDatabase(port);
    const proxy = pgProxy(port);
    await proxy.up();
    const dataDir = mkdtempSync(join(tmpdir(), 'fanzha-dur-'));
    dirs.push(dataDir);
    const server = await startServer(dataDir, { DATABASE_URL: db.url, FANZHA_DATA_KEY: DATA_KEY });
    try {
      const ok = await postJson(`${server.base}/api/tipoffs`, TIPOFF);
      expect(ok.status).toBe(201);
      const { receipt } = (await ok.json()) as { receipt: string };

      await proxy.down();
      const down = await postJson(`${server.base}/api/tipoffs`, TIPOFF);
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({
        error: {
          code: 'store_unavailable',
          message: '举报系统暂时无法使用，请稍后再试。如果已被骗，请立即拨打110。',
        },
      });
      expect((await postJson(`${server.base}/api/tipoffs/status`, { receipt })).status).toBe(503);
      expect((await fetch(`${server.base}/api/exposures`)).status).toBe(503);

      await proxy.up();
      let back = 0;
      for (let i = 0; i < 30 && back !== 201; i++) {
        back = (await postJson(`${server.base}/api/tipoffs`, TIPOFF)).status;
        if (back !== 201) await new Promise((r) => setTimeout(r, 200));
      }
      expect(back).toBe(201);
      expect((await postJson(`${server.base}/api/tipoffs/status`, { receipt })).status).toBe(200);
      expect(server.child.exitCode).toBeNull();
    } finally {
      await stop(server);
      await proxy.down();
      await db.drop();
    }
  });
});
