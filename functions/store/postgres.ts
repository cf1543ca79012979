/**
 * PostgreSQL driver (the `postgres` package) for deployments with DATABASE_URL: a small pool,
 * short connect timeout so a dead database answers 503 quickly, reconnection on the next query,
 * advisory locks to serialize writers of the same entity, and retries of deadlocked transactions.
 */
import postgres from 'postgres';
import type { SqlDriver, SqlExecutor, SqlValue } from './driver.ts';
import { StoreUnavailableError } from './driver.ts';
import { createSqlStore } from './sql-store.ts';
import type { TipoffStore } from './tipoff-store.ts';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
]);

function mapError(err: unknown): unknown {
  const code = String((err as { code?: unknown }).code ?? '');
  // Class 08: connection exceptions; 57P0x: server shutting down; 53300: too many connections.
  if (
    NETWORK_CODES.has(code) ||
    code.startsWith('08') ||
    code.startsWith('57P') ||
    code === '53300'
  ) {
    return new StoreUnavailableError();
  }
  return err;
}

/** `?` placeholders → `$1, $2…` (the store's SQL never has `?` inside string literals). */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

type Sql = postgres.Sql | postgres.TransactionSql;

function executor(sql: Sql): SqlExecutor {
  return {
    async all<T>(query: string, params: SqlValue[] = []) {
      try {
        return (await sql.unsafe(
          numbered(query),
          params as postgres.ParameterOrJSON<never>[],
        )) as unknown as T[];
      } catch (err) {
        throw mapError(err);
      }
    },
    async run(query: string, params: SqlValue[] = []) {
      try {
        const res = await sql.unsafe(numbered(query), params as postgres.ParameterOrJSON<never>[]);
        return res.count ?? 0;
      } catch (err) {
        throw mapError(err);
      }
    },
    async exec(query: string) {
      try {
        await sql.unsafe(query);
      } catch (err) {
        throw mapError(err);
      }
    },
    async lock(keys: string[]) {
      // Sorted, so two transactions never wait on each other's keys in opposite orders.
      for (const key of [...new Set(keys)].sort()) {
        try {
          await sql.unsafe('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
        } catch (err) {
          throw mapError(err);
        }
      }
    },
  };
}

export interface PostgresOptions {
  /** Schema to use (tests use a fresh one per file); default the server's search_path. */
  schema?: string;
  max?: number;
}

export function openPostgresDriver(url: string, opts: PostgresOptions = {}): SqlDriver {
  const sql = postgres(url, {
    max: opts.max ?? 10,
    connect_timeout: 3,
    idle_timeout: 60,
    max_lifetime: 60 * 30,
    onnotice: () => {},
    ...(opts.schema ? { connection: { search_path: opts.schema } } : {}),
  });
  const base = executor(sql);
  return {
    dialect: 'postgres',
    forUpdate: ' FOR UPDATE',
    ...base,
    async tx<T>(fn: (q: SqlExecutor) => Promise<T>): Promise<T> {
      for (let attempt = 0; ; attempt++) {
        try {
          return (await sql.begin((t) => fn(executor(t)))) as T;
        } catch (err) {
          const code = String((err as { code?: unknown }).code ?? '');
          // Deadlock or serialization failure: the whole transaction is safe to run again.
          if ((code === '40P01' || code === '40001') && attempt < 3) continue;
          throw mapError(err);
        }
      }
    },
    async close() {
      await sql.end({ timeout: 5 });
    },
  };
}

/** The tip-off store on PostgreSQL. */
export function openPostgresStore(url: string, opts: PostgresOptions = {}): TipoffStore {
  return createSqlStore(openPostgresDriver(url, opts));
}
