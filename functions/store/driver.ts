/**
 * The small dialect layer: the store's SQL is written once with `?` placeholders, and each driver
 * runs it on its database (SQLite: one serialized connection; PostgreSQL: a pool with advisory locks).
 */
import { ApiError } from '../errors.ts';

export type SqlValue = string | number | null;

export interface SqlExecutor {
  all<T = Record<string, unknown>>(sql: string, params?: SqlValue[]): Promise<T[]>;
  /** Runs a statement; returns the number of rows changed. */
  run(sql: string, params?: SqlValue[]): Promise<number>;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Serializes transactions that touch the same keys (PostgreSQL advisory locks, released at
   * commit); a no-op on SQLite, where BEGIN IMMEDIATE already serializes writers.
   */
  lock(keys: string[]): Promise<void>;
}

export interface SqlDriver extends SqlExecutor {
  readonly dialect: 'sqlite' | 'postgres';
  /** ` FOR UPDATE` where row locks exist; empty on SQLite. */
  readonly forUpdate: string;
  /** Runs `fn` in one transaction: all its writes commit together or none do. */
  tx<T>(fn: (q: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The database cannot be reached: the API answers 503 and tries again on the next request. */
export class StoreUnavailableError extends ApiError {
  constructor() {
    super(
      503,
      'store_unavailable',
      '举报系统暂时无法使用，请稍后再试。如果已被骗，请立即拨打110。',
    );
    this.name = 'StoreUnavailableError';
  }
}

/**
 * A parameter holding U+0000: PostgreSQL's text cannot store it (SQLite can), so both refuse it
 * here, alike and before the database sees it, for inputs no schema names (ids in paths). 422.
 */
export class NulCharacterError extends ApiError {
  constructor() {
    super(422, 'invalid_character', '内容里有无法识别的空字符，请删除后再试。');
    this.name = 'NulCharacterError';
  }
}

function refuseNul(params: SqlValue[] | undefined) {
  for (const p of params ?? [])
    if (typeof p === 'string' && p.includes('\u0000')) throw new NulCharacterError();
}

function guardExecutor<T extends SqlExecutor>(q: T): T {
  return {
    ...q,
    all: (sql, params) => {
      refuseNul(params);
      return q.all(sql, params);
    },
    run: (sql, params) => {
      refuseNul(params);
      return q.run(sql, params);
    },
    exec: (sql) => q.exec(sql),
    lock: (keys) => {
      refuseNul(keys);
      return q.lock(keys);
    },
  } as T;
}

/** The driver with every statement's parameters checked for U+0000 (see NulCharacterError). */
export function refusingNul(db: SqlDriver): SqlDriver {
  return {
    ...guardExecutor(db),
    dialect: db.dialect,
    forUpdate: db.forUpdate,
    tx: (fn) => db.tx((q) => fn(guardExecutor(q))),
    close: () => db.close(),
  };
}
