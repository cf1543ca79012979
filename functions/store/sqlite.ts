/**
 * SQLite driver (node:sqlite, built into Node 24): one file under data/, WAL journal with
 * synchronous=FULL so an acknowledged commit survives power loss, and BEGIN IMMEDIATE so a
 * read-then-write transaction holds the write lock from its first read.
 */
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { SqlDriver, SqlExecutor, SqlValue } from './driver.ts';
import { StoreUnavailableError } from './driver.ts';
import { createSqlStore } from './sql-store.ts';
import type { TipoffStore } from './tipoff-store.ts';

// SQLite result codes that mean "the database is not usable now", not "your input is wrong".
const UNAVAILABLE = new Set([5, 6, 10, 13, 14, 26]); // BUSY, LOCKED, IOERR, FULL, CANTOPEN, NOTADB

function mapError(err: unknown): unknown {
  const code = (err as { errcode?: number }).errcode;
  if (typeof code === 'number' && UNAVAILABLE.has(code & 0xff)) return new StoreUnavailableError();
  return err;
}

/** Opens (creating if needed) the database at `path` (':memory:' for tests). */
export function openSqliteDriver(path: string): SqlDriver {
  const db = new DatabaseSync(path);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = FULL');
  db.exec('PRAGMA foreign_keys = ON');
  db.exec('PRAGMA busy_timeout = 5000');
  const cache = new Map<string, StatementSync>();
  const prepare = (sql: string) => {
    let s = cache.get(sql);
    if (!s) {
      s = db.prepare(sql);
      cache.set(sql, s);
    }
    return s;
  };
  const direct: SqlExecutor = {
    async all<T>(sql: string, params: SqlValue[] = []) {
      try {
        return prepare(sql).all(...params) as T[];
      } catch (err) {
        throw mapError(err);
      }
    },
    async run(sql: string, params: SqlValue[] = []) {
      try {
        return Number(prepare(sql).run(...params).changes);
      } catch (err) {
        throw mapError(err);
      }
    },
    async exec(sql: string) {
      try {
        db.exec(sql);
      } catch (err) {
        throw mapError(err);
      }
    },
    async lock() {},
  };

  // One connection: a transaction's awaits must not let another request's statements in, so every
  // use of the connection waits its turn.
  let queue: Promise<unknown> = Promise.resolve();
  function serialized<T>(fn: () => Promise<T>): Promise<T> {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  }

  return {
    dialect: 'sqlite',
    forUpdate: '',
    all: (sql, params) => serialized(() => direct.all(sql, params)),
    run: (sql, params) => serialized(() => direct.run(sql, params)),
    exec: (sql) => serialized(() => direct.exec(sql)),
    lock: async () => {},
    tx: (fn) =>
      serialized(async () => {
        try {
          db.exec('BEGIN IMMEDIATE');
        } catch (err) {
          throw mapError(err);
        }
        try {
          const result = await fn(direct);
          db.exec('COMMIT');
          return result;
        } catch (err) {
          if (db.isTransaction) db.exec('ROLLBACK');
          throw err;
        }
      }),
    close: async () => {
      await queue;
      db.close();
    },
  };
}

/** The tip-off store on SQLite. */
export function openSqliteStore(path: string): TipoffStore {
  return createSqlStore(openSqliteDriver(path));
}
