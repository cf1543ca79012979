/**
 * What every part of the SQL store shares: the driver (refusing U+0000), the data-key guard that
 * every write of personal data runs first, and the few helpers for rows and placeholders.
 */
import type { SqlDriver, SqlExecutor, SqlValue } from './driver.ts';
import { StoreError, type Page } from './types.ts';

export type Row = Record<string, unknown>;

/** Handed to each part of the store (tipoffs.ts, moderation.ts, exposures.ts…) by sql-store.ts. */
export interface SqlContext {
  readonly db: SqlDriver;
  /**
   * Throws DataKeyError unless the stored data key is this process's (see data-key-store.ts); run
   * inside the transaction of every write of personal data.
   */
  assertDataKey(q: SqlExecutor): Promise<void>;
}

/** A nullable column as a string or null. */
export const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

/** `?, ?, ?` for an IN list of `n` values. */
export const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** A JSON column, or null when empty or unreadable. */
export const parseJson = (v: unknown): unknown => {
  if (v === null || v === undefined) return null;
  try {
    return JSON.parse(String(v));
  } catch {
    return null;
  }
};

/** The one-number answer of a `SELECT CAST(COUNT(*) AS INTEGER) AS n …` query. */
export async function countOf(q: SqlExecutor, sql: string, params: SqlValue[] = []) {
  const rows = await q.all(sql, params);
  return Number(rows[0]?.['n'] ?? 0);
}

export function notFound(what = '举报'): StoreError {
  return new StoreError(404, 'not_found', `找不到这条${what}。`);
}

/**
 * One page of `FROM … WHERE …` (`from`, with its `params`), newest first by `orderBy`, with the
 * total: the list screens' shape.
 */
export async function pageOf<T>(
  q: SqlExecutor,
  query: { from: string; params: SqlValue[]; orderBy: string; page: number; pageSize: number },
  map: (r: Row) => T,
): Promise<Page<T>> {
  const total = await countOf(
    q,
    `SELECT CAST(COUNT(*) AS INTEGER) AS n FROM ${query.from}`,
    query.params,
  );
  const rows = await q.all(
    `SELECT * FROM ${query.from} ORDER BY ${query.orderBy} LIMIT ? OFFSET ?`,
    [...query.params, query.pageSize, (query.page - 1) * query.pageSize],
  );
  return { items: rows.map(map), total, page: query.page, pageSize: query.pageSize };
}
