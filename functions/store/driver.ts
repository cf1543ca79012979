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
