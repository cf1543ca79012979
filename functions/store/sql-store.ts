/**
 * The tip-off store, written once in portable SQL over a driver (sqlite.ts, postgres.ts). Every
 * write is one transaction with its audit rows inside it, so a crash leaves all or nothing.
 */
import { PERSONAL_KINDS, type ExposureKind } from '../../site/lib/taxonomy.ts';
import type { TipoffStatus } from '../schemas/tipoff.ts';
import { refusingNul, type SqlDriver, type SqlExecutor, type SqlValue } from './driver.ts';
import { SEALED } from '../security/pii-crypto.ts';
import { newId } from './ids.ts';
import { MIGRATIONS } from './migrations/index.ts';
import {
  DataKeyError,
  StoreError,
  type AttachmentRow,
  type AuditRow,
  type DataKeyRow,
  type EntityRow,
  type ExposureRow,
  type MessageRow,
  type NewTipoff,
  type QueueItem,
  type Rekey,
  type RewardRow,
  type SessionRow,
  type TipoffRow,
  type TipoffStore,
  type UserRow,
} from './types.ts';

type Row = Record<string, unknown>;

const OPEN_STATUSES: TipoffStatus[] = ['received', 'reviewing', 'need-info'];
const REWARDABLE: TipoffStatus[] = ['accepted', 'reward-pending', 'reward-paid'];
const CLOSED_STATUSES = new Set<TipoffStatus>(['accepted', 'rejected', 'reward-paid']);

const TIPOFF_COLS = `t.id, t.receipt_hash, t.category, t.description_enc, t.occurred_at, t.district,
  t.lost_money, t.contact_enc, t.contact_masked, t.status, t.merged_into, t.group_id, t.score,
  t.verdict_json, t.created_at, t.updated_at, t.closed_at, t.purged_at`;

const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

function tipoffRow(r: Row): TipoffRow {
  return {
    id: String(r['id']),
    receiptHash: String(r['receipt_hash']),
    category: r['category'] as TipoffRow['category'],
    descriptionEnc: String(r['description_enc']),
    occurredAt: str(r['occurred_at']),
    district: str(r['district']),
    lostMoney: Number(r['lost_money']) === 1,
    contactEnc: str(r['contact_enc']),
    contactMasked: str(r['contact_masked']),
    hasContact: r['contact_enc'] !== null && r['contact_enc'] !== undefined,
    status: r['status'] as TipoffStatus,
    mergedInto: str(r['merged_into']),
    groupId: String(r['group_id']),
    score: Number(r['score']),
    verdictJson: String(r['verdict_json']),
    createdAt: String(r['created_at']),
    updatedAt: String(r['updated_at']),
    closedAt: str(r['closed_at']),
    purgedAt: str(r['purged_at']),
  };
}

function exposureRow(r: Row): ExposureRow {
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

function entityRow(r: Row): EntityRow {
  return {
    kind: r['kind'] as EntityRow['kind'],
    valueEnc: String(r['value_enc']),
    key: String(r['key']),
    source: r['source'] as EntityRow['source'],
  };
}

function dataKeyRow(r: Row): DataKeyRow {
  return {
    fingerprint: String(r['fingerprint']),
    canaryEnc: String(r['canary_enc']),
    nextFingerprint: str(r['next_fingerprint']),
    nextCanaryEnc: str(r['next_canary_enc']),
    rotationStep: str(r['rotation_step']) as DataKeyRow['rotationStep'],
    rotationCursor: str(r['rotation_cursor']),
    rotationDone: Number(r['rotation_done']),
    legacyReceiptKeyEnc: str(r['legacy_receipt_key_enc']),
    nextLegacyReceiptKeyEnc: str(r['next_legacy_receipt_key_enc']),
  };
}

function attachmentRow(r: Row): AttachmentRow {
  return {
    id: String(r['id']),
    tipoffId: String(r['tipoff_id']),
    storageName: String(r['storage_name']),
    mime: String(r['mime']),
    size: Number(r['size']),
    createdAt: String(r['created_at']),
  };
}

function rewardRow(r: Row): RewardRow {
  return {
    tipoffId: String(r['tipoff_id']),
    state: r['state'] as RewardRow['state'],
    amountCents: r['amount_cents'] === null ? null : Number(r['amount_cents']),
    updatedBy: String(r['updated_by']),
    updatedAt: String(r['updated_at']),
  };
}

const parseJson = (v: unknown): unknown => {
  if (v === null || v === undefined) return null;
  try {
    return JSON.parse(String(v));
  } catch {
    return null;
  }
};

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

function notFound(what = '举报'): StoreError {
  return new StoreError(404, 'not_found', `找不到这条${what}。`);
}

export function createSqlStore(driver: SqlDriver): TipoffStore {
  // U+0000 refused in every parameter, alike on both databases (PostgreSQL's text cannot hold it).
  const db = refusingNul(driver);
  let boundKey: string | null = null;

  /**
   * Every write of personal data first checks, in its own transaction, that the store's key is this
   * process's: a server left running with the old key during a rotation, or started with another
   * key, cannot mix two keys' data. FOR SHARE makes a rotation's start wait for writes in flight.
   */
  async function assertDataKey(q: SqlExecutor) {
    if (boundKey === null) return;
    const rows = await q.all(
      `SELECT fingerprint, next_fingerprint FROM data_key WHERE id = 1${db.dialect === 'postgres' ? ' FOR SHARE' : ''}`,
    );
    const r = rows[0];
    if (!r || r['next_fingerprint'] !== null || String(r['fingerprint']) !== boundKey) {
      throw new DataKeyError(
        'data_key_mismatch',
        '数据库的数据密钥已不是本进程的 FANZHA_DATA_KEY（密钥已更换或正在更换），拒绝写入。请用 npm run admin -- key-check 查看，并用正确的密钥重启。',
      );
    }
  }

  async function getDataKeyRow(q: SqlExecutor, forUpdate = false): Promise<DataKeyRow | null> {
    const rows = await q.all(`SELECT * FROM data_key WHERE id = 1${forUpdate ? db.forUpdate : ''}`);
    return rows[0] ? dataKeyRow(rows[0]) : null;
  }

  /** Records a rotation batch done (its last id and count) with the batch, in its transaction. */
  async function advanceRotation(q: SqlExecutor, rows: Row[], at: string): Promise<DataKeyRow> {
    await q.run(
      `UPDATE data_key SET rotation_cursor = ?, rotation_done = rotation_done + ?, updated_at = ? WHERE id = 1`,
      [String(rows.at(-1)!['id']), rows.length, at],
    );
    return (await getDataKeyRow(q))!;
  }

  /** Grouping keys no report uses any more (left by earlier versions): never re-keyed, so dropped. */
  async function dropUnusedGroupKeys(q: SqlExecutor) {
    await q.run(
      `DELETE FROM entity_groups WHERE NOT EXISTS (SELECT 1 FROM tipoff_entities e WHERE e.key = entity_groups.key)`,
    );
  }

  /** Re-seals one tip-off's entities; their grouping keys move with them (shared keys move once). */
  async function rekeyEntities(q: SqlExecutor, tipoffId: string, rekey: Rekey, onlyPlain: boolean) {
    const rows = await q.all(
      `SELECT kind, value_enc, key, source FROM tipoff_entities WHERE tipoff_id = ?${onlyPlain ? ` AND value_enc LIKE 'plain:%'` : ''}`,
      [tipoffId],
    );
    for (const e of rows.map(entityRow)) {
      const next = await rekey.entity(tipoffId, e);
      await q.run(
        `UPDATE tipoff_entities SET value_enc = ?, key = ? WHERE tipoff_id = ? AND key = ?`,
        [next.valueEnc, next.key, tipoffId, e.key],
      );
      // A key shared with a report re-keyed earlier was moved then: nothing left to move.
      if (e.kind !== 'other' && next.key !== e.key) {
        await q.run(`UPDATE entity_groups SET key = ? WHERE key = ?`, [next.key, e.key]);
      }
    }
  }

  async function getForUpdate(q: SqlExecutor, id: string): Promise<TipoffRow> {
    const rows = await q.all(`SELECT ${TIPOFF_COLS} FROM tipoffs t WHERE t.id = ?${db.forUpdate}`, [
      id,
    ]);
    if (!rows[0]) throw notFound();
    return tipoffRow(rows[0]);
  }

  async function writeAudit(q: SqlExecutor, e: Omit<AuditRow, 'id'>) {
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

  /** Moves an open tip-off to `to`, checking it is in one of `from`; returns before and after. */
  async function transition(
    q: SqlExecutor,
    id: string,
    from: TipoffStatus[],
    to: TipoffStatus,
    at: string,
  ): Promise<{ before: TipoffRow; after: TipoffRow }> {
    const before = await getForUpdate(q, id);
    if (before.mergedInto) {
      throw new StoreError(
        409,
        'tipoff_merged',
        '这条举报已合并到另一条，请在合并后的举报上操作。',
      );
    }
    if (!from.includes(before.status)) {
      throw new StoreError(
        409,
        'invalid_state',
        '这条举报当前的状态不能进行这个操作，请刷新后再看。',
      );
    }
    const closedAt = CLOSED_STATUSES.has(to) ? at : null;
    await q.run(`UPDATE tipoffs SET status = ?, updated_at = ?, closed_at = ? WHERE id = ?`, [
      to,
      at,
      closedAt,
      id,
    ]);
    return { before, after: { ...before, status: to, updatedAt: at, closedAt } };
  }

  /** Makes `others` part of group `into` (a report linked them, or a moderator merged them). */
  async function joinGroups(q: SqlExecutor, into: string, others: string[]) {
    const ph = placeholders(others.length);
    await q.run(`UPDATE tipoffs SET group_id = ? WHERE group_id IN (${ph})`, [into, ...others]);
    await q.run(`UPDATE entity_groups SET group_id = ? WHERE group_id IN (${ph})`, [
      into,
      ...others,
    ]);
  }

  async function insertAttachments(
    q: SqlExecutor,
    tipoffId: string,
    list: NewTipoff['attachments'],
    at: string,
  ) {
    for (const a of list) {
      await q.run(
        `INSERT INTO attachments (id, tipoff_id, storage_name, mime, size, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
        [a.id, tipoffId, a.storageName, a.mime, a.size, at],
      );
    }
  }

  async function migrate(): Promise<number[]> {
    const applied: number[] = [];
    for (const m of MIGRATIONS) {
      const done = await db.tx(async (q) => {
        // Two processes starting at once: the lock makes the second wait, then find the step done.
        await q.lock(['fanzha:migrations']);
        await q.exec(
          `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`,
        );
        const rows = await q.all(`SELECT version FROM schema_migrations WHERE version = ?`, [
          m.version,
        ]);
        if (rows.length > 0) return false;
        await q.exec(m.sql);
        await q.run(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`, [
          m.version,
          m.name,
          new Date().toISOString(),
        ]);
        return true;
      });
      if (done) applied.push(m.version);
    }
    return applied;
  }

  const store: TipoffStore = {
    dialect: db.dialect,
    migrate,
    close: () => db.close(),

    async createTipoff(t) {
      const keys = [
        ...new Set(t.entities.filter((e) => e.kind !== 'other').map((e) => e.key)),
      ].sort();
      return db.tx(async (q) => {
        await assertDataKey(q);
        let groupId = t.id;
        if (keys.length > 0) {
          // New keys are claimed for this report's own group; known keys keep theirs. Two reports
          // claiming one new key at once: the second waits on the key's unique index, then reads
          // the first's group. Keys in sorted order, so claims never wait on each other in a circle.
          for (const key of keys) {
            await q.run(
              `INSERT INTO entity_groups (key, group_id) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`,
              [key, t.id],
            );
          }
          const rows = await q.all<{ group_id: string }>(
            `SELECT DISTINCT group_id FROM entity_groups WHERE key IN (${placeholders(keys.length)})`,
            keys,
          );
          // Ids are time-ordered: the smallest is the oldest group, which the others join.
          const groups = rows.map((r) => String(r.group_id)).sort();
          groupId = groups[0] ?? t.id;
          const others = groups.slice(1);
          if (others.length > 0) await joinGroups(q, groupId, others);
        }
        await q.run(
          `INSERT INTO tipoffs (id, receipt_hash, receipt_digest_enc, category, description_enc, occurred_at, district,
             lost_money, contact_enc, contact_masked, status, group_id, score, verdict_json, created_at, created_ms, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'received', ?, ?, ?, ?, ?, ?)`,
          [
            t.id,
            t.receiptHash,
            t.receiptDigestEnc,
            t.category,
            t.descriptionEnc,
            t.occurredAt,
            t.district,
            t.lostMoney ? 1 : 0,
            t.contactEnc,
            t.contactMasked,
            groupId,
            t.score,
            t.verdictJson,
            t.createdAt,
            Date.parse(t.createdAt),
            t.createdAt,
          ],
        );
        for (const e of t.entities) {
          await q.run(
            `INSERT INTO tipoff_entities (tipoff_id, kind, value_enc, key, source) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT DO NOTHING`,
            [t.id, e.kind, e.valueEnc, e.key, e.source],
          );
        }
        await insertAttachments(q, t.id, t.attachments, t.createdAt);
        return { id: t.id, groupId };
      });
    },

    async findTipoffByReceiptHash(hash) {
      const rows = await db.all(`SELECT ${TIPOFF_COLS} FROM tipoffs t WHERE t.receipt_hash = ?`, [
        hash,
      ]);
      return rows[0] ? tipoffRow(rows[0]) : null;
    },

    async addCitizenInfo(id, info) {
      await db.tx(async (q) => {
        await assertDataKey(q);
        const before = await getForUpdate(q, id);
        if (before.mergedInto || !OPEN_STATUSES.includes(before.status)) {
          throw new StoreError(409, 'tipoff_closed', '这条举报已处理完毕，不能再补充材料。');
        }
        await q.run(
          `INSERT INTO tipoff_messages (id, tipoff_id, at, author, kind, text_enc, public) VALUES (?, ?, ?, 'citizen', 'citizen-info', ?, 1)`,
          [info.messageId, id, info.at, info.textEnc],
        );
        await insertAttachments(q, id, info.attachments, info.at);
        const status: TipoffStatus = before.status === 'need-info' ? 'reviewing' : before.status;
        await q.run(`UPDATE tipoffs SET status = ?, updated_at = ? WHERE id = ?`, [
          status,
          info.at,
          id,
        ]);
        await writeAudit(q, {
          at: info.at,
          actor: 'citizen',
          action: 'tipoff.add-info',
          target: `tipoff:${id}`,
          before: { status: before.status },
          after: { status, attachments: info.attachments.length },
        });
      });
    },

    async getTipoff(id) {
      const rows = await db.all(`SELECT ${TIPOFF_COLS} FROM tipoffs t WHERE t.id = ?`, [id]);
      return rows[0] ? tipoffRow(rows[0]) : null;
    },

    async listEntities(tipoffId) {
      const rows = await db.all(
        `SELECT kind, value_enc, key, source FROM tipoff_entities WHERE tipoff_id = ? ORDER BY source, kind, key`,
        [tipoffId],
      );
      return rows.map(entityRow);
    },

    async listEntitiesFor(tipoffIds) {
      if (tipoffIds.length === 0) return [];
      const rows = await db.all(
        `SELECT tipoff_id, kind, value_enc, key, source FROM tipoff_entities
         WHERE tipoff_id IN (${placeholders(tipoffIds.length)}) ORDER BY tipoff_id, source, kind, key`,
        tipoffIds,
      );
      return rows.map((r) => ({ tipoffId: String(r['tipoff_id']), ...entityRow(r) }));
    },

    async listAttachments(tipoffId) {
      const rows = await db.all(
        `SELECT * FROM attachments WHERE tipoff_id = ? ORDER BY created_at, id`,
        [tipoffId],
      );
      return rows.map(attachmentRow);
    },

    async getAttachment(tipoffId, attachmentId) {
      const rows = await db.all(`SELECT * FROM attachments WHERE tipoff_id = ? AND id = ?`, [
        tipoffId,
        attachmentId,
      ]);
      return rows[0] ? attachmentRow(rows[0]) : null;
    },

    async listMessages(tipoffId, publicOnly) {
      const rows = await db.all(
        `SELECT * FROM tipoff_messages WHERE tipoff_id = ?${publicOnly ? ' AND public = 1' : ''} ORDER BY at, id`,
        [tipoffId],
      );
      return rows.map((r): MessageRow => ({
        id: String(r['id']),
        tipoffId: String(r['tipoff_id']),
        at: String(r['at']),
        author: String(r['author']),
        kind: r['kind'] as MessageRow['kind'],
        textEnc: str(r['text_enc']),
        public: Number(r['public']) === 1,
      }));
    },

    async listRelated(tipoffId) {
      const rows = await db.all(
        `SELECT ${TIPOFF_COLS} FROM tipoffs t
         WHERE (t.group_id = (SELECT group_id FROM tipoffs WHERE id = ?) OR t.merged_into = ?) AND t.id <> ?
         ORDER BY t.created_at DESC, t.id LIMIT 100`,
        [tipoffId, tipoffId, tipoffId],
      );
      return rows.map(tipoffRow);
    },

    async getReward(tipoffId) {
      const rows = await db.all(`SELECT * FROM rewards WHERE tipoff_id = ?`, [tipoffId]);
      return rows[0] ? rewardRow(rows[0]) : null;
    },

    async listQueue(f) {
      const where: string[] = ['t.merged_into IS NULL'];
      const params: SqlValue[] = [];
      const status = f.status ?? 'open';
      if (status === 'open') where.push(`t.status IN ('received', 'reviewing', 'need-info')`);
      else if (status !== 'all') {
        where.push('t.status = ?');
        params.push(status);
      }
      if (f.category) {
        where.push('t.category = ?');
        params.push(f.category);
      }
      if (f.district) {
        where.push('t.district = ?');
        params.push(f.district);
      }
      const whereSql = where.join(' AND ');
      const totalRows = await db.all(
        `SELECT CAST(COUNT(*) AS INTEGER) AS n FROM tipoffs t WHERE ${whereSql}`,
        params,
      );
      const now = f.now.getTime();
      const day = 86_400_000;
      // Priority: the engine's score (0-100), up to +50 for other reports of the same numbers
      // (10 each), +20/+10/+5 for reports under 1/3/7 days old, +15 when money was already lost.
      const priority = `(t.score
        + 10 * (CASE WHEN g.n > 6 THEN 5 ELSE g.n - 1 END)
        + (CASE WHEN t.created_ms > ? THEN 20 WHEN t.created_ms > ? THEN 10 WHEN t.created_ms > ? THEN 5 ELSE 0 END)
        + (CASE WHEN t.lost_money = 1 THEN 15 ELSE 0 END))`;
      const rows = await db.all(
        `SELECT ${TIPOFF_COLS}, g.n AS group_size, ${priority} AS priority
         FROM tipoffs t
         JOIN (SELECT group_id, CAST(COUNT(*) AS INTEGER) AS n FROM tipoffs WHERE merged_into IS NULL GROUP BY group_id) g
           ON g.group_id = t.group_id
         WHERE ${whereSql}
         ORDER BY priority DESC, t.created_at DESC, t.id DESC
         LIMIT ? OFFSET ?`,
        [now - day, now - 3 * day, now - 7 * day, ...params, f.pageSize, (f.page - 1) * f.pageSize],
      );
      return {
        items: rows.map((r): QueueItem => ({
          ...tipoffRow(r),
          groupSize: Number(r['group_size']),
          priority: Number(r['priority']),
        })),
        total: Number(totalRows[0]?.['n'] ?? 0),
        page: f.page,
        pageSize: f.pageSize,
      };
    },

    async markReviewing(id, actor, at) {
      await db.tx(async (q) => {
        const changed = await q.run(
          `UPDATE tipoffs SET status = 'reviewing', updated_at = ? WHERE id = ? AND status = 'received' AND merged_into IS NULL`,
          [at, id],
        );
        if (changed > 0) {
          await writeAudit(q, {
            at,
            actor: actor.username,
            action: 'tipoff.review',
            target: `tipoff:${id}`,
            before: { status: 'received' },
            after: { status: 'reviewing' },
          });
        }
      });
    },

    async rejectTipoff(id, actor, reason, at) {
      return db.tx(async (q) => {
        const { before, after } = await transition(q, id, OPEN_STATUSES, 'rejected', at);
        await writeAudit(q, {
          at,
          actor: actor.username,
          action: 'tipoff.reject',
          target: `tipoff:${id}`,
          before: { status: before.status },
          after: { status: after.status, reason },
        });
        return after;
      });
    },

    async requestInfo(id, actor, message, at) {
      return db.tx(async (q) => {
        await assertDataKey(q);
        const { before, after } = await transition(q, id, OPEN_STATUSES, 'need-info', at);
        await q.run(
          `INSERT INTO tipoff_messages (id, tipoff_id, at, author, kind, text_enc, public) VALUES (?, ?, ?, ?, 'request-info', ?, 1)`,
          [message.id, id, at, actor.username, message.textEnc],
        );
        await writeAudit(q, {
          at,
          actor: actor.username,
          action: 'tipoff.request-info',
          target: `tipoff:${id}`,
          before: { status: before.status },
          after: { status: after.status, messageId: message.id },
        });
        return after;
      });
    },

    async approveTipoff(id, actor, entries, at) {
      return db.tx(async (q) => {
        if (entries.some((e) => e.valueEnc !== null)) await assertDataKey(q);
        const { before, after } = await transition(q, id, OPEN_STATUSES, 'accepted', at);
        await q.lock(entries.map((e) => `exposure:${e.kind}:${e.key}`));
        const exposures: ExposureRow[] = [];
        for (const e of entries) {
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
            [exposureId, id],
          );
          const now = await q.all(`SELECT * FROM exposures WHERE id = ?`, [exposureId]);
          const row = exposureRow(now[0]!);
          exposures.push(row);
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
              tipoff: id,
            },
          });
        }
        await writeAudit(q, {
          at,
          actor: actor.username,
          action: 'tipoff.approve',
          target: `tipoff:${id}`,
          before: { status: before.status },
          after: { status: after.status, exposures: exposures.map((x) => x.id) },
        });
        return { tipoff: after, exposures };
      });
    },

    async mergeTipoff(id, into, actor, at) {
      if (id === into) throw new StoreError(409, 'merge_self', '不能把举报合并到它自己。');
      return db.tx(async (q) => {
        // Lock both in a fixed order so two opposite merges cannot deadlock.
        const [a, b] = [id, into].sort() as [string, string];
        const rowsA = await getForUpdate(q, a);
        const rowsB = await getForUpdate(q, b);
        const source = rowsA.id === id ? rowsA : rowsB;
        const target = rowsA.id === into ? rowsA : rowsB;
        if (source.mergedInto) throw new StoreError(409, 'tipoff_merged', '这条举报已经合并过了。');
        if (target.mergedInto) {
          throw new StoreError(
            409,
            'target_merged',
            '目标举报已合并到另一条，请合并到最终的那条。',
          );
        }
        if (!OPEN_STATUSES.includes(source.status)) {
          throw new StoreError(409, 'invalid_state', '已处理完毕的举报不能再合并。');
        }
        await q.run(
          `UPDATE tipoffs SET merged_into = ?, closed_at = ?, updated_at = ? WHERE id = ?`,
          [into, at, at, id],
        );
        // The same case: later reports of either's numbers join one group.
        if (source.groupId !== target.groupId)
          await joinGroups(q, target.groupId, [source.groupId]);
        await writeAudit(q, {
          at,
          actor: actor.username,
          action: 'tipoff.merge',
          target: `tipoff:${id}`,
          before: { status: source.status, mergedInto: null, groupId: source.groupId },
          after: { mergedInto: into, groupId: target.groupId },
        });
        return {
          ...source,
          mergedInto: into,
          groupId: target.groupId,
          closedAt: at,
          updatedAt: at,
        };
      });
    },

    async setReward(id, actor, reward, at) {
      return db.tx(async (q) => {
        const before = await getForUpdate(q, id);
        if (before.mergedInto || !REWARDABLE.includes(before.status)) {
          throw new StoreError(409, 'not_rewardable', '只有已采纳的举报才能登记奖励。');
        }
        const oldRows = await q.all(`SELECT * FROM rewards WHERE tipoff_id = ?`, [id]);
        const old = oldRows[0] ? rewardRow(oldRows[0]) : null;
        if (old?.state === 'reward-paid' && reward.state === 'reward-pending') {
          throw new StoreError(409, 'reward_already_paid', '奖励已经发放，不能改回待领取。');
        }
        await q.run(
          `INSERT INTO rewards (tipoff_id, state, amount_cents, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (tipoff_id) DO UPDATE SET state = excluded.state,
             amount_cents = COALESCE(excluded.amount_cents, rewards.amount_cents),
             updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
          [id, reward.state, reward.amountCents, actor.username, at],
        );
        const closedAt = reward.state === 'reward-paid' ? at : null;
        await q.run(`UPDATE tipoffs SET status = ?, updated_at = ?, closed_at = ? WHERE id = ?`, [
          reward.state,
          at,
          closedAt,
          id,
        ]);
        const rows = await q.all(`SELECT * FROM rewards WHERE tipoff_id = ?`, [id]);
        const row = rewardRow(rows[0]!);
        await writeAudit(q, {
          at,
          actor: actor.username,
          action: 'tipoff.reward',
          target: `tipoff:${id}`,
          before: {
            status: before.status,
            reward: old && { state: old.state, amountCents: old.amountCents },
          },
          after: {
            status: reward.state,
            reward: { state: row.state, amountCents: row.amountCents },
          },
        });
        return row;
      });
    },

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

    async audit(entry) {
      await db.tx((q) => writeAudit(q, entry));
    },

    async listAudit(opts) {
      const where = opts.target ? 'WHERE target = ?' : '';
      const params: SqlValue[] = opts.target ? [opts.target] : [];
      const total = await db.all(
        `SELECT CAST(COUNT(*) AS INTEGER) AS n FROM audit_log ${where}`,
        params,
      );
      const rows = await db.all(
        `SELECT * FROM audit_log ${where} ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`,
        [...params, opts.pageSize, (opts.page - 1) * opts.pageSize],
      );
      return {
        items: rows.map((r) => ({
          id: String(r['id']),
          at: String(r['at']),
          actor: String(r['actor']),
          action: String(r['action']),
          target: String(r['target']),
          before: parseJson(r['before_json']),
          after: parseJson(r['after_json']),
        })),
        total: Number(total[0]?.['n'] ?? 0),
        page: opts.page,
        pageSize: opts.pageSize,
      };
    },

    async listExposures(opts) {
      const where = ['status = ?'];
      const params: SqlValue[] = [opts.status ?? 'published'];
      if (opts.kind) {
        where.push('kind = ?');
        params.push(opts.kind);
      }
      const w = where.join(' AND ');
      const total = await db.all(
        `SELECT CAST(COUNT(*) AS INTEGER) AS n FROM exposures WHERE ${w}`,
        params,
      );
      const rows = await db.all(
        `SELECT * FROM exposures WHERE ${w} ORDER BY COALESCE(published_at, created_at) DESC, id DESC LIMIT ? OFFSET ?`,
        [...params, opts.pageSize, (opts.page - 1) * opts.pageSize],
      );
      return {
        items: rows.map(exposureRow),
        total: Number(total[0]?.['n'] ?? 0),
        page: opts.page,
        pageSize: opts.pageSize,
      };
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

    async createUser(u, at) {
      return db.tx(async (q) => {
        const existing = await q.all(`SELECT id FROM users WHERE username = ?`, [u.username]);
        if (existing.length > 0) throw new StoreError(409, 'user_exists', '这个用户名已经存在。');
        const id = newId();
        await q.run(
          `INSERT INTO users (id, username, role, password_hash, disabled, created_at) VALUES (?, ?, ?, ?, 0, ?)`,
          [id, u.username, u.role, u.passwordHash, at],
        );
        await writeAudit(q, {
          at,
          actor: 'admin-cli',
          action: 'user.create',
          target: `user:${u.username}`,
          before: null,
          after: { role: u.role },
        });
        return {
          id,
          username: u.username,
          role: u.role,
          passwordHash: u.passwordHash,
          disabled: false,
          createdAt: at,
        };
      });
    },

    async setPassword(username, passwordHash) {
      return db.tx(async (q) => {
        const n = await q.run(`UPDATE users SET password_hash = ? WHERE username = ?`, [
          passwordHash,
          username,
        ]);
        if (n > 0) {
          // A new password ends every session of the old one.
          await q.run(
            `DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = ?)`,
            [username],
          );
          await writeAudit(q, {
            at: new Date().toISOString(),
            actor: 'admin-cli',
            action: 'user.set-password',
            target: `user:${username}`,
            before: null,
            after: null,
          });
        }
        return n > 0;
      });
    },

    async getUser(username) {
      const rows = await db.all(`SELECT * FROM users WHERE username = ?`, [username]);
      const r = rows[0];
      if (!r) return null;
      return {
        id: String(r['id']),
        username: String(r['username']),
        role: r['role'] as UserRow['role'],
        passwordHash: String(r['password_hash']),
        disabled: Number(r['disabled']) === 1,
        createdAt: String(r['created_at']),
      };
    },

    async createSession(s) {
      await db.run(
        `INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)`,
        [s.idHash, s.userId, s.csrfToken, s.createdAt, s.lastSeenAt],
      );
    },

    async getSession(idHash) {
      const rows = await db.all(
        `SELECT s.id_hash, s.user_id, s.csrf_token, s.created_at, s.last_seen_at, u.username, u.role, u.disabled
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ?`,
        [idHash],
      );
      const r = rows[0];
      if (!r) return null;
      return {
        idHash: String(r['id_hash']),
        userId: String(r['user_id']),
        username: String(r['username']),
        role: r['role'] as SessionRow['role'],
        disabled: Number(r['disabled']) === 1,
        csrfToken: String(r['csrf_token']),
        createdAt: String(r['created_at']),
        lastSeenAt: String(r['last_seen_at']),
      };
    },

    async touchSession(idHash, at) {
      await db.run(`UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?`, [at, idHash]);
    },

    async deleteSession(idHash) {
      await db.run(`DELETE FROM sessions WHERE id_hash = ?`, [idHash]);
    },

    async deleteExpiredSessions(idleBefore, createdBefore) {
      return db.run(`DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?`, [
        idleBefore,
        createdBefore,
      ]);
    },

    async purgeExpired(cutoff, at) {
      return db.tx(async (q) => {
        const due = await q.all<{ id: string }>(
          `SELECT id FROM tipoffs WHERE closed_at IS NOT NULL AND closed_at < ?
             AND (contact_enc IS NOT NULL OR purged_at IS NULL OR description_enc <> ''
               OR EXISTS (SELECT 1 FROM attachments a WHERE a.tipoff_id = tipoffs.id)
               OR EXISTS (SELECT 1 FROM tipoff_entities e WHERE e.tipoff_id = tipoffs.id))`,
          [cutoff],
        );
        const files: string[] = [];
        for (let i = 0; i < due.length; i += 200) {
          const ids = due.slice(i, i + 200).map((r) => String(r.id));
          const ph = placeholders(ids.length);
          const names = await q.all(
            `SELECT storage_name FROM attachments WHERE tipoff_id IN (${ph})`,
            ids,
          );
          files.push(...names.map((n) => String(n['storage_name'])));
          await q.run(`DELETE FROM attachments WHERE tipoff_id IN (${ph})`, ids);
          await q.run(
            `UPDATE tipoff_messages SET text_enc = NULL WHERE kind = 'citizen-info' AND tipoff_id IN (${ph})`,
            ids,
          );
          const keys = (
            await q.all(
              `SELECT DISTINCT key FROM tipoff_entities WHERE tipoff_id IN (${ph}) AND kind <> 'other'`,
              ids,
            )
          ).map((r) => String(r['key']));
          await q.run(`DELETE FROM tipoff_entities WHERE tipoff_id IN (${ph})`, ids);
          // A grouping key goes with the last report that used it; an open case keeps its own.
          for (let k = 0; k < keys.length; k += 200) {
            const chunk = keys.slice(k, k + 200);
            await q.run(
              `DELETE FROM entity_groups WHERE key IN (${placeholders(chunk.length)})
                 AND NOT EXISTS (SELECT 1 FROM tipoff_entities e WHERE e.key = entity_groups.key)`,
              chunk,
            );
          }
          await q.run(
            `UPDATE tipoffs SET contact_enc = NULL, contact_masked = NULL, description_enc = '', purged_at = ?
             WHERE id IN (${ph})`,
            [at, ...ids],
          );
        }
        if (due.length > 0) {
          await writeAudit(q, {
            at,
            actor: 'system',
            action: 'retention.purge',
            target: 'tipoffs',
            before: null,
            after: { tipoffs: due.length, files: files.length, closedBefore: cutoff },
          });
        }
        return { tipoffs: due.length, files };
      });
    },

    bindDataKey(fingerprint) {
      boundKey = fingerprint;
    },

    async getDataKey() {
      return getDataKeyRow(db);
    },

    async initDataKey(key, at) {
      return db.tx(async (q) => {
        // Two processes starting at once on an empty store: one key wins, the other then compares.
        const n = await q.run(
          `INSERT INTO data_key (id, fingerprint, canary_enc, legacy_receipt_key_enc, rotation_done, created_at, updated_at)
           VALUES (1, ?, ?, ?, 0, ?, ?) ON CONFLICT (id) DO NOTHING`,
          [key.fingerprint, key.canaryEnc, key.legacyReceiptKeyEnc, at, at],
        );
        if (n > 0) {
          await writeAudit(q, {
            at,
            actor: 'system',
            action: 'data-key.init',
            target: 'data-key',
            before: null,
            after: { fingerprint: key.fingerprint.slice(0, 8) },
          });
        }
        return (await getDataKeyRow(q))!;
      });
    },

    async sampleSealed() {
      const out: { sealed: string; context: string }[] = [];
      // Newest and oldest: a store that was once written under two keys shows it at either end.
      for (const order of ['DESC', 'ASC']) {
        const rows = await db.all(
          `SELECT id, description_enc, contact_enc FROM tipoffs WHERE description_enc <> '' ORDER BY id ${order} LIMIT 2`,
        );
        for (const r of rows) {
          const id = String(r['id']);
          out.push({ sealed: String(r['description_enc']), context: SEALED.description(id) });
          if (r['contact_enc'] !== null) {
            out.push({ sealed: String(r['contact_enc']), context: SEALED.contact(id) });
          }
        }
      }
      const msg = await db.all(
        `SELECT id, text_enc FROM tipoff_messages WHERE text_enc IS NOT NULL ORDER BY id DESC LIMIT 1`,
      );
      for (const r of msg) {
        out.push({ sealed: String(r['text_enc']), context: SEALED.message(String(r['id'])) });
      }
      const exp = await db.all(
        `SELECT kind, key, value_enc FROM exposures WHERE value_enc IS NOT NULL ORDER BY id DESC LIMIT 1`,
      );
      for (const r of exp) {
        out.push({
          sealed: String(r['value_enc']),
          context: SEALED.exposure(String(r['kind']), String(r['key'])),
        });
      }
      return out;
    },

    async countLegacyReceipts() {
      const rows = await db.all(
        `SELECT CAST(COUNT(*) AS INTEGER) AS n FROM tipoffs WHERE receipt_digest_enc IS NULL`,
      );
      return Number(rows[0]?.['n'] ?? 0);
    },

    async countRekeyable() {
      const rows = await db.all(
        `SELECT CAST((SELECT COUNT(*) FROM tipoffs) + (SELECT COUNT(*) FROM exposures WHERE value_enc IS NOT NULL) AS INTEGER) AS n`,
      );
      return Number(rows[0]?.['n'] ?? 0);
    },

    async sealPlainEntities(limit, rekey) {
      return db.tx(async (q) => {
        await assertDataKey(q);
        const ids = await q.all(
          `SELECT DISTINCT tipoff_id FROM tipoff_entities WHERE value_enc LIKE 'plain:%' ORDER BY tipoff_id LIMIT ?`,
          [limit],
        );
        for (const r of ids) await rekeyEntities(q, String(r['tipoff_id']), rekey, true);
        const left =
          ids.length > 0
            ? await q.all(`SELECT 1 FROM tipoff_entities WHERE value_enc LIKE 'plain:%' LIMIT 1`)
            : [1];
        if (left.length === 0) {
          // The last batch: grouping keys no report uses any more were never re-keyed; drop them.
          await dropUnusedGroupKeys(q);
        }
        return ids.length;
      });
    },

    async beginRotation(from, next, at) {
      return db.tx(async (q) => {
        const row = await getDataKeyRow(q, true);
        if (!row || row.fingerprint !== from) {
          throw new StoreError(409, 'rotation_conflict', '旧密钥与数据库里的密钥不一致。');
        }
        if (row.nextFingerprint !== null) {
          if (row.nextFingerprint === next.fingerprint) return row;
          throw new StoreError(409, 'rotation_conflict', '已有一次换到另一把密钥的轮换没有完成。');
        }
        await q.run(
          `UPDATE data_key SET next_fingerprint = ?, next_canary_enc = ?, next_legacy_receipt_key_enc = ?,
             rotation_step = 'tipoffs', rotation_cursor = '', rotation_done = 0, updated_at = ? WHERE id = 1`,
          [next.fingerprint, next.canaryEnc, next.legacyReceiptKeyEnc, at],
        );
        await writeAudit(q, {
          at,
          actor: 'admin-cli',
          action: 'data-key.rotation-start',
          target: 'data-key',
          before: { fingerprint: from.slice(0, 8) },
          after: { nextFingerprint: next.fingerprint.slice(0, 8) },
        });
        return (await getDataKeyRow(q))!;
      });
    },

    async rotateBatch(limit, rekey, at) {
      return db.tx(async (q) => {
        // The row lock makes two rotate-key runs at once take turns, each from the other's cursor.
        const state = await getDataKeyRow(q, true);
        if (!state?.nextFingerprint) return state!;
        const cursor = state.rotationCursor ?? '';
        if (state.rotationStep === 'tipoffs') {
          const rows = await q.all(
            `SELECT id, receipt_hash, description_enc, contact_enc, receipt_digest_enc FROM tipoffs
             WHERE id > ? ORDER BY id LIMIT ?${db.forUpdate}`,
            [cursor, limit],
          );
          if (rows.length === 0) {
            await q.run(
              `UPDATE data_key SET rotation_step = 'exposures', rotation_cursor = '', updated_at = ? WHERE id = 1`,
              [at],
            );
            return (await getDataKeyRow(q))!;
          }
          for (const r of rows) {
            const id = String(r['id']);
            const next = await rekey.tipoff({
              id,
              descriptionEnc: String(r['description_enc']),
              contactEnc: str(r['contact_enc']),
              receiptDigestEnc: str(r['receipt_digest_enc']),
              receiptHash: String(r['receipt_hash']),
            });
            await q.run(
              `UPDATE tipoffs SET description_enc = ?, contact_enc = ?, receipt_digest_enc = ?, receipt_hash = ?
               WHERE id = ?`,
              [next.descriptionEnc, next.contactEnc, next.receiptDigestEnc, next.receiptHash, id],
            );
            await rekeyEntities(q, id, rekey, false);
            const messages = await q.all(
              `SELECT id, text_enc FROM tipoff_messages WHERE tipoff_id = ? AND text_enc IS NOT NULL`,
              [id],
            );
            for (const m of messages) {
              const mid = String(m['id']);
              const textEnc = await rekey.message({ id: mid, textEnc: String(m['text_enc']) });
              await q.run(`UPDATE tipoff_messages SET text_enc = ? WHERE id = ?`, [textEnc, mid]);
            }
          }
          return advanceRotation(q, rows, at);
        }
        const rows = await q.all(
          `SELECT id, kind, key, value_enc FROM exposures WHERE id > ? AND value_enc IS NOT NULL
           ORDER BY id LIMIT ?${db.forUpdate}`,
          [cursor, limit],
        );
        if (rows.length > 0) {
          for (const r of rows) {
            const [kind, key, valueEnc] = [r['kind'], r['key'], r['value_enc']].map(String);
            await q.run(`UPDATE exposures SET value_enc = ? WHERE id = ?`, [
              await rekey.exposure({ kind: kind!, key: key!, valueEnc: valueEnc! }),
              String(r['id']),
            ]);
          }
          return advanceRotation(q, rows, at);
        }
        // Everything is under the new key: the canary moves last, so until here a restart with
        // either key is refused and told to finish the rotation.
        await dropUnusedGroupKeys(q);
        await q.run(
          `UPDATE data_key SET fingerprint = next_fingerprint, canary_enc = next_canary_enc,
             legacy_receipt_key_enc = next_legacy_receipt_key_enc, next_fingerprint = NULL,
             next_canary_enc = NULL, next_legacy_receipt_key_enc = NULL, rotation_step = NULL,
             rotation_cursor = NULL, updated_at = ? WHERE id = 1`,
          [at],
        );
        await writeAudit(q, {
          at,
          actor: 'admin-cli',
          action: 'data-key.rotation-done',
          target: 'data-key',
          before: { fingerprint: state.fingerprint.slice(0, 8) },
          after: { fingerprint: state.nextFingerprint.slice(0, 8), rows: state.rotationDone },
        });
        return (await getDataKeyRow(q))!;
      });
    },

    async listStorageNames() {
      const rows = await db.all(`SELECT storage_name FROM attachments`);
      return new Set(rows.map((r) => String(r['storage_name'])));
    },

    async countTipoffs() {
      const rows = await db.all(`SELECT CAST(COUNT(*) AS INTEGER) AS n FROM tipoffs`);
      return Number(rows[0]?.['n'] ?? 0);
    },
  };
  return withMigrations(store);
}

/**
 * Runs migrations, then the bound data key's check, before the first use, and again after a
 * failure (a database that was down at start): the server starts anyway, answers 503 meanwhile,
 * and is ready once the database is. A wrong key fails every use until the process is restarted.
 */
function withMigrations(store: TipoffStore): TipoffStore {
  let verify: ((s: TipoffStore) => Promise<void>) | null = null;
  let migrated = false;
  let ready: Promise<unknown> | null = null;
  const ensure = () => {
    ready ??= (async () => {
      if (!migrated) {
        await store.migrate();
        migrated = true;
      }
      if (verify) await verify(store);
    })().catch((err: unknown) => {
      ready = null;
      throw err;
    });
    return ready;
  };
  const wrapped = { ...store } as Record<string, unknown>;
  for (const [name, fn] of Object.entries(store)) {
    if (typeof fn !== 'function' || name === 'close' || name === 'bindDataKey') continue;
    wrapped[name] = async (...args: unknown[]) => {
      await ensure();
      return (fn as (...a: unknown[]) => unknown)(...args);
    };
  }
  wrapped['migrate'] = async () => {
    const applied = await store.migrate();
    migrated = true;
    await ensure();
    return applied;
  };
  wrapped['bindDataKey'] = (fingerprint: string, check: (s: TipoffStore) => Promise<void>) => {
    store.bindDataKey(fingerprint, check);
    verify = check;
    ready = null;
  };
  return wrapped as unknown as TipoffStore;
}
