/**
 * The data key with the real server and admin CLI as child processes, on SQLite and PostgreSQL
 * (issue 15): a start with the wrong key refuses and writes no row; PostgreSQL without a key
 * refuses; two servers with one key read each other's receipts and contacts; `rotate-key` killed
 * with -9 half-way, then resumed, leaves every receipt resolvable and every contact readable with
 * the new key alone. Each PostgreSQL server gets a fresh data directory, as a container would.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import postgres from 'postgres';
import { afterAll, describe, expect, test } from 'vitest';
import {
  adminCli,
  adminLogin,
  freshPgDatabase,
  NODE,
  postJson,
  ROOT,
  startRefused,
  startServer,
  stop,
  type Running,
} from './server.ts';

const PASSWORD = 'durability test password';
const newKey = () => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));

const report = (i: number) => ({
  category: 'phone',
  description: `第${i}条：自称银行客服，说我的账户被冻结，要我转到安全账户。`,
  entities: [{ kind: 'phone', value: `1709999${String(i % 7).padStart(4, '0')}` }],
  contact: { name: `王${i}`, phone: `1391234${String(i).padStart(4, '0')}` },
  consent: true,
});

type Rows = Record<string, Record<string, unknown>[]>;

interface Db {
  env: Record<string, string>;
  /** The data directory for the next process: shared on SQLite, fresh for each on PostgreSQL. */
  dataDir(): string;
  dump(): Promise<Rows>;
  tables(): Promise<string[]>;
  cleanup(): Promise<void>;
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'fanzha-key-'));
  dirs.push(d);
  return d;
};

async function openDb(kind: 'sqlite' | 'postgres'): Promise<Db> {
  if (kind === 'sqlite') {
    const dir = tempDir();
    const read = <T>(fn: (db: DatabaseSync) => T): T => {
      const db = new DatabaseSync(join(dir, 'fanzha.db'), { readOnly: true });
      try {
        return fn(db);
      } finally {
        db.close();
      }
    };
    const tables = () =>
      existsSync(join(dir, 'fanzha.db'))
        ? read((db) =>
            (
              db
                .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
                .all() as { name: string }[]
            ).map((r) => r.name),
          )
        : [];
    return {
      env: {},
      dataDir: () => dir,
      tables: async () => tables(),
      dump: async () =>
        read((db) =>
          Object.fromEntries(
            tables().map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()]),
          ),
        ),
      cleanup: async () => {},
    };
  }
  const db = await freshPgDatabase();
  const sql = postgres(db.url, { onnotice: () => {}, max: 1 });
  const tables = async () =>
    (
      await sql.unsafe<{ name: string }[]>(
        `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
      )
    ).map((r) => r.name);
  return {
    env: { DATABASE_URL: db.url },
    dataDir: tempDir,
    tables,
    dump: async () => {
      const out: Rows = {};
      for (const t of await tables()) {
        out[t] = (await sql.unsafe(`SELECT * FROM ${t}`)).map((r) => ({ ...r }));
        out[t].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      }
      return out;
    },
    cleanup: async () => {
      await sql.end();
      await db.drop();
    },
  };
}

// A 1×1 PNG (CRCs are not checked by the metadata stripper).
const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1,
  0, 0, 0, 1, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0, 0,
  0, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0, 0, 0, 0,
]);

/** Submits report `i`; with a screenshot, as the no-JS form sends it (multipart). */
async function submit(base: string, i: number, screenshot = false): Promise<string> {
  let body: FormData | undefined;
  if (screenshot) {
    const r = report(i);
    body = new FormData();
    body.append('category', r.category);
    body.append('description', r.description);
    body.append('entities', r.entities[0]!.value);
    body.append('contact.name', r.contact.name);
    body.append('contact.phone', r.contact.phone);
    body.append('consent', 'on');
    body.append('screenshots', new Blob([PNG], { type: 'image/png' }), 'shot.png');
  }
  const res = body
    ? await fetch(`${base}/api/tipoffs`, {
        method: 'POST',
        body,
        headers: { accept: 'application/json' },
      })
    : await postJson(`${base}/api/tipoffs`, report(i));
  if (res.status !== 201) throw new Error(`submit ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { receipt: string }).receipt;
}

const status = (base: string, receipt: string) =>
  postJson(`${base}/api/tipoffs/status`, { receipt }).then((r) => r.status);

/**
 * Every contact name the supervisor can read on this server (`unreadable:<id>` for a case whose
 * description does not read), and how many screenshots open as the PNG they were.
 */
async function readAll(s: Running) {
  const headers = await adminLogin(s.base, 'chief', PASSWORD);
  const queue = (await (
    await fetch(`${s.base}/api/admin/tipoffs?status=all&pageSize=100`, { headers })
  ).json()) as { items: { id: string }[] };
  const names: string[] = [];
  let screenshots = 0;
  for (const { id } of queue.items) {
    const c = await fetch(`${s.base}/api/admin/tipoffs/${id}/contact`, { headers });
    names.push(((await c.json()) as { contact: { name?: string } }).contact.name ?? '?');
    const d = (await (await fetch(`${s.base}/api/admin/tipoffs/${id}`, { headers })).json()) as {
      description: string;
      attachments: { url: string }[];
    };
    if (!d.description.includes('自称银行客服')) names.push(`unreadable:${id}`);
    for (const a of d.attachments) {
      const bytes = new Uint8Array(
        await (await fetch(`${s.base}${a.url}`, { headers })).arrayBuffer(),
      );
      if (bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) screenshots++;
    }
  }
  return { names: names.sort(), screenshots };
}

describe.each(['sqlite', 'postgres'] as const)('the data key on %s', (kind) => {
  test('a start with the wrong key refuses, names FANZHA_DATA_KEY, and writes no row', async () => {
    const db = await openDb(kind);
    try {
      const key = newKey();
      const first = await startServer(db.dataDir(), { ...db.env, FANZHA_DATA_KEY: key });
      const receipts = [await submit(first.base, 1), await submit(first.base, 2)];
      await stop(first);
      const before = await db.dump();

      const refused = await startRefused(db.dataDir(), { ...db.env, FANZHA_DATA_KEY: newKey() });
      expect(refused.code).toBe(1);
      expect(refused.output).toContain('FANZHA_DATA_KEY 不是这个数据库的数据密钥');
      expect(refused.output).toContain('没有写入任何数据');
      expect(await db.dump()).toEqual(before);

      const again = await startServer(db.dataDir(), { ...db.env, FANZHA_DATA_KEY: key });
      try {
        for (const r of receipts) expect(await status(again.base, r)).toBe(200);
      } finally {
        await stop(again);
      }
    } finally {
      await db.cleanup();
    }
  }, 180_000);

  test('two servers with one key read each other’s receipts and contacts', async () => {
    const db = await openDb(kind);
    const env = { ...db.env, FANZHA_DATA_KEY: newKey() };
    const servers: Running[] = [];
    try {
      const cli = adminCli(['create-user', 'chief', '--role', 'supervisor'], {
        ...env,
        FANZHA_DATA_DIR: db.dataDir(),
        FANZHA_ADMIN_PASSWORD: PASSWORD,
      });
      expect(cli.status, cli.stderr).toBe(0);
      const a = await startServer(db.dataDir(), env);
      servers.push(a);
      const b = await startServer(db.dataDir(), env);
      servers.push(b);
      const ra = await submit(a.base, 1);
      const rb = await submit(b.base, 2);
      expect(await status(b.base, ra)).toBe(200);
      expect(await status(a.base, rb)).toBe(200);
      expect((await readAll(a)).names).toEqual(['王1', '王2']);
      expect((await readAll(b)).names).toEqual(['王1', '王2']);
    } finally {
      for (const s of servers) await stop(s);
      await db.cleanup();
    }
  }, 180_000);

  test('rotate-key killed with -9 half-way, then resumed: every receipt resolves and every contact reads with the new key', async () => {
    const db = await openDb(kind);
    // Server and rotate-key on one machine: the screenshots are in its data directory.
    const dir = db.dataDir();
    const oldKey = newKey();
    const nextKey = newKey();
    try {
      const cli = adminCli(['create-user', 'chief', '--role', 'supervisor'], {
        ...db.env,
        FANZHA_DATA_KEY: oldKey,
        FANZHA_DATA_DIR: dir,
        FANZHA_ADMIN_PASSWORD: PASSWORD,
      });
      expect(cli.status, cli.stderr).toBe(0);
      const server = await startServer(dir, { ...db.env, FANZHA_DATA_KEY: oldKey });
      const TOTAL = 90;
      const receipts: string[] = [];
      try {
        for (let i = 0; i < TOTAL; i++) receipts.push(await submit(server.base, i, i % 10 === 0));
        for (const r of receipts.slice(0, 5)) {
          const res = await postJson(`${server.base}/api/tipoffs/info`, {
            receipt: r,
            text: '对方又发来一个收款账号。',
          });
          expect(res.status).toBe(200);
        }
      } finally {
        await stop(server);
      }

      const rotateEnv = {
        ...db.env,
        FANZHA_DATA_DIR: dir,
        FANZHA_DATA_KEY_OLD: oldKey,
        FANZHA_DATA_KEY: nextKey,
      };
      // Killed as soon as a third of the tip-offs are done: mid-way through the batches.
      const child = spawn(NODE, ['functions/admin-cli.ts', 'rotate-key', '--batch', '3'], {
        cwd: ROOT,
        env: { PATH: process.env['PATH'] ?? '', ...rotateEnv },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let printed = '';
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.once('exit', (_code, signal) => resolve(signal)),
      );
      child.stdout.on('data', (d: Buffer) => {
        printed += d.toString();
        const m = /已处理 (\d+)\/\d+/.exec(printed.split('\n').findLast((l) => l) ?? '');
        if (m && Number(m[1]) >= TOTAL / 3) child.kill('SIGKILL');
      });
      expect(await exited).toBe('SIGKILL');
      const half = (await db.dump())['data_key']![0]!;
      expect(half['next_fingerprint']).not.toBeNull();
      expect(Number(half['rotation_done'])).toBeGreaterThanOrEqual(TOTAL / 3);
      expect(Number(half['rotation_done'])).toBeLessThan(TOTAL);

      // Neither key starts a server until the rotation is finished; each is told what to run.
      for (const [key, which] of [
        [nextKey, '新密钥'],
        [oldKey, '旧密钥'],
      ] as const) {
        const refused = await startRefused(dir, { ...db.env, FANZHA_DATA_KEY: key });
        expect(refused.code).toBe(1);
        expect(refused.output).toContain(`当前 FANZHA_DATA_KEY 是${which}`);
        expect(refused.output).toContain('rotate-key');
      }

      const check = adminCli(['key-check'], rotateEnv);
      expect(check.stdout).toMatch(/FANZHA_DATA_KEY 指纹 \w{8}（正在更换到的新密钥）/);
      expect(check.stdout).toMatch(/FANZHA_DATA_KEY_OLD 指纹 \w{8}（数据库现在用的密钥）/);

      const resumed = adminCli(['rotate-key', '--batch', '3'], rotateEnv);
      expect(resumed.status, resumed.stderr).toBe(0);
      expect(resumed.stdout).toContain('接着上次中断处');
      expect(resumed.stdout).toContain('已更换完成');

      const after = await startServer(dir, { ...db.env, FANZHA_DATA_KEY: nextKey });
      try {
        const missing: string[] = [];
        for (const r of receipts) if ((await status(after.base, r)) !== 200) missing.push(r);
        expect(missing).toEqual([]);
        const all = await readAll(after);
        expect(all.names).toEqual(Array.from({ length: TOTAL }, (_, i) => `王${i}`).sort());
        expect(all.screenshots).toBe(TOTAL / 10);
      } finally {
        await stop(after);
      }
      const stale = await startRefused(db.dataDir(), { ...db.env, FANZHA_DATA_KEY: oldKey });
      expect(stale.code).toBe(1);
    } finally {
      await db.cleanup();
    }
  }, 300_000);
});

describe('without FANZHA_DATA_KEY', () => {
  test('PostgreSQL refuses to start, generates no key, and creates nothing', async () => {
    const db = await openDb('postgres');
    try {
      const dir = db.dataDir();
      const refused = await startRefused(dir, db.env);
      expect(refused.code).toBe(1);
      expect(refused.output).toContain('未设置 FANZHA_DATA_KEY');
      expect(refused.output).toContain('openssl rand -base64 32');
      expect(existsSync(join(dir, 'dev-data-key'))).toBe(false);
      expect(await db.tables()).toEqual([]);
      // The case: a development key left from an earlier start is pointed to, not used.
      writeFileSync(join(dir, 'dev-data-key'), `${newKey()}\n`);
      const again = await startRefused(dir, db.env);
      expect(again.code).toBe(1);
      expect(again.output).toContain(join(dir, 'dev-data-key'));
      expect(await db.tables()).toEqual([]);
    } finally {
      await db.cleanup();
    }
  }, 180_000);

  test('SQLite makes a development key once, with its warning, and keeps using it', async () => {
    const db = await openDb('sqlite');
    const first = await startServer(db.dataDir());
    let receipt: string;
    try {
      expect(first.output.join('')).toContain('警告：未设置 FANZHA_DATA_KEY');
      receipt = await submit(first.base, 1);
    } finally {
      await stop(first);
    }
    const second = await startServer(db.dataDir());
    try {
      expect(await status(second.base, receipt)).toBe(200);
      expect(second.output.join('')).not.toContain('已生成开发用密钥');
    } finally {
      await stop(second);
    }
  }, 180_000);
});
