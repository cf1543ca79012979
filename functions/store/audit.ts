/**
 * The audit trail: every write of the store adds its audit row inside its own transaction (so a
 * change and its record commit together), and supervisors page through it.
 */
import type { SqlExecutor, SqlValue } from './driver.ts';
import { newId } from './ids.ts';
import { pageOf, parseJson, type SqlContext } from './sql-context.ts';
import type { AuditRow, Page } from './types.ts';

export interface AuditRecords {
  audit(entry: Omit<AuditRow, 'id'>): Promise<void>;
  listAudit(opts: { page: number; pageSize: number; target?: string }): Promise<Page<AuditRow>>;
}

/** Adds an audit row in the caller's transaction. */
export async function writeAudit(q: SqlExecutor, e: Omit<AuditRow, 'id'>) {
  await q.run(
    `INSERT INTO audit_log (id, at, actor, action, target, before_json, after_json) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    [
      newId(Date.parse(e.at) || Date.now()),
      e.at,
      e.actor,
      e.action,
      e.target,
      e.before === undefined ? null : JSON.stringify(e.before),
      e.after === undefined ? null : JSON.stringify(e.after),
    ],
  );
}

export function auditRecords({ db }: SqlContext): AuditRecords {
  return {
    async audit(entry) {
      await db.tx((q) => writeAudit(q, entry));
    },

    async listAudit(opts) {
      const params: SqlValue[] = opts.target ? [opts.target] : [];
      return pageOf(
        db,
        {
          from: `audit_log${opts.target ? ' WHERE target = ?' : ''}`,
          params,
          orderBy: 'at DESC, id DESC',
          page: opts.page,
          pageSize: opts.pageSize,
        },
        (r) => ({
          id: String(r['id']),
          at: String(r['at']),
          actor: String(r['actor']),
          action: String(r['action']),
          target: String(r['target']),
          before: parseJson(r['before_json']),
          after: parseJson(r['after_json']),
        }),
      );
    },
  };
}
