/**
 * Tip-offs as citizens file them and moderators read them: the report with its entities (grouped
 * with other reports of the same numbers), attachments and messages.
 */
import { OPEN_STATUSES, type TipoffStatus } from '../schemas/tipoff.ts';
import type { SqlExecutor } from './driver.ts';
import { writeAudit } from './audit.ts';
import { countOf, notFound, placeholders, str, type Row, type SqlContext } from './sql-context.ts';
import {
  StoreError,
  type AttachmentRow,
  type EntityRow,
  type MessageRow,
  type NewTipoff,
  type TipoffRow,
} from './types.ts';

export interface TipoffRecords {
  // Citizens
  createTipoff(t: NewTipoff): Promise<{ id: string; groupId: string }>;
  findTipoffByReceiptHash(hash: string): Promise<TipoffRow | null>;
  addCitizenInfo(
    id: string,
    info: { messageId: string; textEnc: string; at: string; attachments: NewTipoff['attachments'] },
  ): Promise<void>;

  // Moderators
  getTipoff(id: string): Promise<TipoffRow | null>;
  listEntities(tipoffId: string): Promise<EntityRow[]>;
  /** Entities of several tip-offs at once (a queue page). */
  listEntitiesFor(tipoffIds: string[]): Promise<(EntityRow & { tipoffId: string })[]>;
  listAttachments(tipoffId: string): Promise<AttachmentRow[]>;
  getAttachment(tipoffId: string, attachmentId: string): Promise<AttachmentRow | null>;
  listMessages(tipoffId: string, publicOnly: boolean): Promise<MessageRow[]>;
  /** Other tip-offs in the same duplicate group, and those merged into this one. */
  listRelated(tipoffId: string): Promise<TipoffRow[]>;
  countTipoffs(): Promise<number>;
}

/** The columns tipoffRow reads, from `tipoffs t`. */
export const TIPOFF_COLS = `t.id, t.receipt_hash, t.category, t.description_enc, t.occurred_at, t.district,
  t.lost_money, t.contact_enc, t.contact_masked, t.status, t.merged_into, t.group_id, t.score,
  t.verdict_json, t.created_at, t.updated_at, t.closed_at, t.purged_at`;

export function tipoffRow(r: Row): TipoffRow {
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

export function entityRow(r: Row): EntityRow {
  return {
    kind: r['kind'] as EntityRow['kind'],
    valueEnc: String(r['value_enc']),
    key: String(r['key']),
    source: r['source'] as EntityRow['source'],
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

/** Reads a tip-off and locks its row for the rest of the transaction; 404 if there is none. */
export async function lockTipoff(
  { db }: SqlContext,
  q: SqlExecutor,
  id: string,
): Promise<TipoffRow> {
  const rows = await q.all(`SELECT ${TIPOFF_COLS} FROM tipoffs t WHERE t.id = ?${db.forUpdate}`, [
    id,
  ]);
  if (!rows[0]) throw notFound();
  return tipoffRow(rows[0]);
}

/** Makes `others` part of group `into` (a report linked them, or a moderator merged them). */
export async function joinGroups(q: SqlExecutor, into: string, others: string[]) {
  const ph = placeholders(others.length);
  await q.run(`UPDATE tipoffs SET group_id = ? WHERE group_id IN (${ph})`, [into, ...others]);
  await q.run(`UPDATE entity_groups SET group_id = ? WHERE group_id IN (${ph})`, [into, ...others]);
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

export function tipoffRecords(ctx: SqlContext): TipoffRecords {
  const { db, assertDataKey } = ctx;
  return {
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
        const before = await lockTipoff(ctx, q, id);
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

    async countTipoffs() {
      return countOf(db, `SELECT CAST(COUNT(*) AS INTEGER) AS n FROM tipoffs`);
    },
  };
}
