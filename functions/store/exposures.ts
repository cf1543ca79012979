/**
 * The exposure board (曝光台): entries made by approvals, the supervisor's second approval for
 * personal kinds (four eyes) and withdrawal, the public listing and the engine's blocklist.
 */
import { PERSONAL_KINDS, type ExposureKind } from '../../site/lib/taxonomy.ts';
import type { SqlExecutor, SqlValue } from './driver.ts';
import { writeAudit } from './audit.ts';
import { newId } from './ids.ts';
import { notFound, pageOf, placeholders, str, type Row, type SqlContext } from './sql-context.ts';
import {
  StoreError,
  type Actor,
  type ExposureRow,
  type ExposureStatus,
  type ExposureUpsert,
  type Page,
} from './types.ts';

export interface ExposureRecords {
  confirmExposure(id: string, actor: Actor, at: string): Promise<ExposureRow>;
  /** Takes a published entry off the board and the blocklist (a supervisor's correction). */
  withdrawExposure(id: string, actor: Actor, reason: string, at: string): Promise<ExposureRow>;
  listExposures(opts: {
    page: number;
    pageSize: number;
    kind?: ExposureKind;
    status?: ExposureStatus;
  }): Promise<Page<ExposureRow>>;
  /** Changes whenever the published list changes: for ETags. */
  exposuresVersion(): Promise<string>;
  findExposures(keys: string[]): Promise<ExposureRow[]>;
  getExposure(id: string): Promise<ExposureRow | null>;
  /** Every published entry (for the engine's blocklist). */
  publishedExposures(): Promise<ExposureRow[]>;
  /** Every entry of a personal kind, whatever its status (to re-tag them at start). */
  listPersonalExposures(): Promise<ExposureRow[]>;
  /** Gives a personal entry a new match tag and value sealed under it, if its key is `oldKey`. */
  retagExposure(id: string, oldKey: string, key: string, valueEnc: string): Promise<void>;
}

export function exposureRow(r: Row): ExposureRow {
  return {
    id: String(r['id']),
    kind: r['kind'] as ExposureKind,
    key: String(r['key']),
    display: String(r['display']),
    value: str(r['value']),
    valueEnc: str(r['value_enc']),
    pattern: str(r['pattern']),
    publicNote: String(r['public_note']),
    status: r['status'] as ExposureRow['status'],
    reportCount: Number(r['report_count']),
    createdBy: String(r['created_by']),
    proposedBy: String(r['proposed_by'] ?? r['created_by']),
    confirmedBy: str(r['confirmed_by']),
    withdrawnBy: str(r['withdrawn_by']),
    createdAt: String(r['created_at']),
    updatedAt: String(r['updated_at']),
    publishedAt: str(r['published_at']),
  };
}

/**
 * Creates or updates the board entry for one approved entity, links it to the tip-off and audits
 * it, in the approval's transaction (the caller holds the entry's lock).
 */
export async function upsertExposure(
  { db }: SqlContext,
  q: SqlExecutor,
  e: ExposureUpsert,
  actor: Actor,
  tipoffId: string,
  at: string,
): Promise<ExposureRow> {
  const existing = await q.all(
    `SELECT * FROM exposures WHERE kind = ? AND key = ?${db.forUpdate}`,
    [e.kind, e.key],
  );
  let exposureId: string;
  const old = existing[0] ? exposureRow(existing[0]) : null;
  if (old) {
    exposureId = old.id;
    if (e.needsConfirmation) {
      // A published personal entry keeps its confirmed wording; only the count grows. A
      // withdrawn one goes back to pending as this approver's proposal, to be confirmed by
      // someone else than them (and than whoever withdrew it).
      const reproposed = old.status === 'withdrawn';
      await q.run(
        `UPDATE exposures SET report_count = report_count + 1, status = ?, updated_at = ?,
           proposed_by = ?, confirmed_by = ? WHERE id = ?`,
        [
          reproposed ? 'pending' : old.status,
          at,
          reproposed ? actor.username : old.proposedBy,
          reproposed ? null : old.confirmedBy,
          old.id,
        ],
      );
    } else {
      await q.run(
        `UPDATE exposures SET display = ?, value = ?, value_enc = ?, pattern = COALESCE(?, pattern),
           public_note = ?, report_count = report_count + 1, updated_at = ?,
           status = 'published', published_at = COALESCE(published_at, ?)
         WHERE id = ?`,
        [e.display, e.value, e.valueEnc, e.pattern, e.publicNote, at, at, old.id],
      );
    }
  } else {
    exposureId = newId();
    const status = e.needsConfirmation ? 'pending' : 'published';
    await q.run(
      `INSERT INTO exposures (id, kind, key, display, value, value_enc, pattern, public_note, status,
         report_count, created_by, proposed_by, created_at, updated_at, published_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)`,
      [
        exposureId,
        e.kind,
        e.key,
        e.display,
        e.value,
        e.valueEnc,
        e.pattern,
        e.publicNote,
        status,
        actor.username,
        actor.username,
        at,
        at,
        status === 'published' ? at : null,
      ],
    );
  }
  await q.run(
    `INSERT INTO exposure_tipoffs (exposure_id, tipoff_id) VALUES (?, ?) ON CONFLICT DO NOTHING`,
    [exposureId, tipoffId],
  );
  const now = await q.all(`SELECT * FROM exposures WHERE id = ?`, [exposureId]);
  const row = exposureRow(now[0]!);
  await writeAudit(q, {
    at,
    actor: actor.username,
    action: old ? 'exposure.update' : 'exposure.create',
    target: `exposure:${exposureId}`,
    before: old && {
      status: old.status,
      display: old.display,
      publicNote: old.publicNote,
      reportCount: old.reportCount,
    },
    after: {
      status: row.status,
      kind: row.kind,
      display: row.display,
      publicNote: row.publicNote,
      reportCount: row.reportCount,
      proposedBy: row.proposedBy,
      tipoff: tipoffId,
    },
  });
  return row;
}

export function exposureRecords(ctx: SqlContext): ExposureRecords {
  const { db, assertDataKey } = ctx;
  return {
    async confirmExposure(id, actor, at) {
      return db.tx(async (q) => {
        const rows = await q.all(`SELECT * FROM exposures WHERE id = ?${db.forUpdate}`, [id]);
        if (!rows[0]) throw notFound('曝光信息');
        const before = exposureRow(rows[0]);
        if (before.status !== 'pending') {
          throw new StoreError(409, 'not_pending', '这条曝光信息不在待复核状态。');
        }
        // Four eyes: not the one who proposed this approval, nor the one who withdrew it before.
        if (before.proposedBy === actor.username) {
          throw new StoreError(
            409,
            'same_approver',
            '涉及个人的信息需要另一位主管复核，不能由提交人自己确认。',
          );
        }
        if (before.withdrawnBy === actor.username) {
          throw new StoreError(
            409,
            'withdrawn_by_you',
            '这条信息是您撤下的，重新公开需要另一位主管复核。',
          );
        }
        await q.run(
          `UPDATE exposures SET status = 'published', confirmed_by = ?, published_at = ?, updated_at = ? WHERE id = ?`,
          [actor.username, at, at, id],
        );
        await writeAudit(q, {
          at,
          actor: actor.username,
          action: 'exposure.confirm',
          target: `exposure:${id}`,
          before: { status: before.status, proposedBy: before.proposedBy },
          after: { status: 'published', confirmedBy: actor.username },
        });
        return {
          ...before,
          status: 'published',
          confirmedBy: actor.username,
          publishedAt: at,
          updatedAt: at,
        };
      });
    },

    async withdrawExposure(id, actor, reason, at) {
      return db.tx(async (q) => {
        const rows = await q.all(`SELECT * FROM exposures WHERE id = ?${db.forUpdate}`, [id]);
        if (!rows[0]) throw notFound('曝光信息');
        const before = exposureRow(rows[0]);
        if (before.status === 'withdrawn') {
          throw new StoreError(409, 'already_withdrawn', '这条曝光信息已经撤下了。');
        }
        if (before.status !== 'published') {
          throw new StoreError(409, 'not_published', '这条曝光信息还没有公开，不能撤下。');
        }
        await q.run(
          `UPDATE exposures SET status = 'withdrawn', withdrawn_by = ?, updated_at = ? WHERE id = ?`,
          [actor.username, at, id],
        );
        await writeAudit(q, {
          at,
          actor: actor.username,
          action: 'exposure.withdraw',
          target: `exposure:${id}`,
          before: {
            status: before.status,
            display: before.display,
            publishedAt: before.publishedAt,
          },
          after: { status: 'withdrawn', reason },
        });
        return { ...before, status: 'withdrawn', withdrawnBy: actor.username, updatedAt: at };
      });
    },

    async listExposures(opts) {
      const where = ['status = ?'];
      const params: SqlValue[] = [opts.status ?? 'published'];
      if (opts.kind) {
        where.push('kind = ?');
        params.push(opts.kind);
      }
      return pageOf(
        db,
        {
          from: `exposures WHERE ${where.join(' AND ')}`,
          params,
          orderBy: 'COALESCE(published_at, created_at) DESC, id DESC',
          page: opts.page,
          pageSize: opts.pageSize,
        },
        exposureRow,
      );
    },

    async exposuresVersion() {
      const rows = await db.all(
        `SELECT CAST(COUNT(*) AS INTEGER) AS n, MAX(updated_at) AS m FROM exposures WHERE status = 'published'`,
      );
      return `${Number(rows[0]?.['n'] ?? 0)}-${String(rows[0]?.['m'] ?? '0')}`;
    },

    async findExposures(keys) {
      if (keys.length === 0) return [];
      const rows = await db.all(
        `SELECT * FROM exposures WHERE status = 'published' AND key IN (${placeholders(keys.length)})`,
        keys,
      );
      return rows.map(exposureRow);
    },

    async getExposure(id) {
      const rows = await db.all(`SELECT * FROM exposures WHERE id = ?`, [id]);
      return rows[0] ? exposureRow(rows[0]) : null;
    },

    async publishedExposures() {
      const rows = await db.all(
        `SELECT * FROM exposures WHERE status = 'published' ORDER BY published_at, id`,
      );
      return rows.map(exposureRow);
    },

    async listPersonalExposures() {
      const rows = await db.all(
        `SELECT * FROM exposures WHERE kind IN (${placeholders(PERSONAL_KINDS.length)}) ORDER BY id`,
        [...PERSONAL_KINDS],
      );
      return rows.map(exposureRow);
    },

    async retagExposure(id, oldKey, key, valueEnc) {
      // Only if still under the old key: another process may have re-tagged it already.
      await db.tx(async (q) => {
        await assertDataKey(q);
        await q.run(`UPDATE exposures SET key = ?, value_enc = ? WHERE id = ? AND key = ?`, [
          key,
          valueEnc,
          id,
          oldKey,
        ]);
      });
    },
  };
}
