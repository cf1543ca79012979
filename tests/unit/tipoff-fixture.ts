/**
 * Test fixtures for the tip-off backend: a store on SQLite (temp file) or PostgreSQL (a fresh
 * schema, dropped afterwards), more connections to it and a dump of every row, the service with
 * limits and delays off, and the app around it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterEach } from 'vitest';
import { analyze } from '../../bot/analyze.ts';
import type { Knowledge } from '../../bot/types.ts';
import { createApp } from '../../functions/app.ts';
import { hashPassword } from '../../functions/security/password.ts';
import { openAttachmentFiles } from '../../functions/store/files.ts';
import type { SqlDriver } from '../../functions/store/driver.ts';
import { openPostgresDriver } from '../../functions/store/postgres.ts';
import { createSqlStore } from '../../functions/store/sql-store.ts';
import { openSqliteDriver } from '../../functions/store/sqlite.ts';
import type { Role, TipoffStore } from '../../functions/store/types.ts';
import { createTipoffService, type TipoffServiceOptions } from '../../functions/tipoff-service.ts';
import { postJson } from '../fixtures/api-test-support.ts';

export { postJson };

/** PostgreSQL for the store suite: TEST_DATABASE_URL (CI) or DATABASE_URL; absent, SQLite only. */
export const DATABASE_URL = process.env['TEST_DATABASE_URL'] ?? process.env['DATABASE_URL'];
export const EMPTY_KNOWLEDGE: Knowledge = { version: 'test', patterns: [], blocklist: [] };

export interface StoreHandle {
  store: TipoffStore;
  dir: string;
  cleanup: () => Promise<void>;
  /** Another connection to the same database, as a second server process would have. */
  open: () => TipoffStore;
  /** A raw driver on the same database (for writing rows as earlier versions did). */
  driver: () => SqlDriver;
  /** Every row of every table, for "nothing was written" and "nothing is stored in clear". */
  dump: () => Promise<Record<string, Record<string, unknown>[]>>;
}

/**
 * A store of the given kind in a temp dir (SQLite) or a fresh schema (PostgreSQL), migrated unless
 * `migrate: false`.
 */
export async function openTestStore(
  kind: 'sqlite' | 'postgres',
  opts: { migrate?: boolean } = {},
): Promise<StoreHandle> {
  const dir = mkdtempSync(join(tmpdir(), 'fanzha-test-'));
  const extra: { close(): Promise<void> }[] = [];
  const track = <T extends { close(): Promise<void> }>(x: T) => (extra.push(x), x);
  let openDriver: () => SqlDriver;
  let drop = async () => {};
  if (kind === 'sqlite') {
    const path = join(dir, 'test.db');
    openDriver = () => openSqliteDriver(path);
  } else {
    if (!DATABASE_URL) throw new Error('DATABASE_URL not set');
    const url = DATABASE_URL;
    const schema = `fanzha_test_${crypto.randomUUID().replace(/-/g, '').slice(0, 16)}`;
    const admin = postgres(url, { onnotice: () => {}, max: 1 });
    await admin.unsafe(`CREATE SCHEMA ${schema}`);
    openDriver = () => openPostgresDriver(url, { schema });
    drop = async () => {
      await admin.unsafe(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    };
  }
  const store = createSqlStore(openDriver());
  if (opts.migrate !== false) await store.migrate();
  const raw = track(openDriver());
  return {
    store,
    dir,
    open: () => track(createSqlStore(openDriver())),
    driver: () => track(openDriver()),
    async dump() {
      const tables =
        kind === 'sqlite'
          ? await raw.all<{ name: string }>(
              `SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`,
            )
          : await raw.all<{ name: string }>(
              `SELECT table_name AS name FROM information_schema.tables
               WHERE table_schema = current_schema() ORDER BY table_name`,
            );
      const out: Record<string, Record<string, unknown>[]> = {};
      for (const { name } of tables) {
        const rows = await raw.all(`SELECT * FROM ${name}`);
        out[name] = rows
          .map((r) => ({ ...r }))
          .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      }
      return out;
    },
    cleanup: async () => {
      await store.close();
      for (const x of extra.splice(0)) await x.close();
      await drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const TEST_PASSWORD = 'correct horse battery staple';

export async function addUser(store: TipoffStore, username: string, role: Role) {
  return store.createUser(
    { username, role, passwordHash: await hashPassword(TEST_PASSWORD, 1000) },
    new Date().toISOString(),
  );
}

/** The whole app over a fresh SQLite store, limits and delays off unless given. */
export async function makeTipoffApp(
  opts: Partial<TipoffServiceOptions> & {
    kind?: 'sqlite' | 'postgres';
    knowledge?: Knowledge;
    log?: (l: string) => void;
  } = {},
) {
  const handle = await openTestStore(opts.kind ?? 'sqlite');
  const knowledge = opts.knowledge ?? EMPTY_KNOWLEDGE;
  const deps = await createTipoffService({
    store: handle.store,
    files: openAttachmentFiles(join(handle.dir, 'uploads')),
    dataKey: crypto.getRandomValues(new Uint8Array(32)),
    analyze: (text) => analyze(text, knowledge),
    limits: false,
    receiptDelayMs: 0,
    loginDelayMs: 0,
    passwordIterations: 1000,
    ...opts,
  });
  const app = createApp({
    version: 'test',
    remoteAddress: () => '198.51.100.7',
    tipoffs: deps,
    getKnowledge: () => knowledge,
    ...(opts.log ? { log: opts.log } : {}),
  });
  return { app, deps, store: handle.store, dir: handle.dir, cleanup: handle.cleanup, handle };
}

/**
 * `makeTipoffApp` for the tests of one file: call at the top of the file; each app made with the
 * returned function has its store cleaned up after the test that made it.
 */
export function tipoffAppPerTest() {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });
  return async (opts: Parameters<typeof makeTipoffApp>[0] = {}) => {
    const t = await makeTipoffApp(opts);
    cleanup = t.cleanup;
    return t;
  };
}

type App = Awaited<ReturnType<typeof makeTipoffApp>>['app'];

export const VALID_TIPOFF = {
  category: 'phone',
  description: '有人自称快递客服，说包裹丢了要理赔，让我开屏幕共享。',
  entities: [{ kind: 'phone', value: '17012345678' }],
  district: '松林镇',
  contact: { name: '王小明', phone: '13912345678' },
  consent: true,
};

/** Logs in and returns the headers a same-origin admin request sends. */
export async function login(app: App, username: string, password = TEST_PASSWORD) {
  const res = await postJson(app, '/api/admin/login', { username, password });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return {
    cookie,
    csrfToken,
    headers: { cookie, 'x-csrf-token': csrfToken, origin: 'http://localhost' },
  };
}
