/**
 * The moderators' side of a tip-off: the queue by priority, and the case actions (review, reject,
 * request information, approve onto the board, merge duplicates, record the reward), each one
 * transaction with its audit rows.
 */
import { OPEN_STATUSES, type TipoffStatus } from '../schemas/tipoff.ts';
import type { SqlExecutor, SqlValue } from './driver.ts';
import { writeAudit } from './audit.ts';
import { upsertExposure } from './exposures.ts';
import { countOf, placeholders, type Row, type SqlContext } from './sql-context.ts';
import { joinGroups, lockTipoff, TIPOFF_COLS, tipoffRow } from './tipoffs.ts';
import {
  StoreError,
  type Actor,
  type ExposureRow,
  type ExposureUpsert,
  type Page,
  type QueueFilter,
  type QueueItem,
  type RewardRow,
  type RewardState,
  type TipoffRow,
} from './types.ts';

export interface ModerationRecords {
  getReward(tipoffId: string): Promise<RewardRow | null>;
  listQueue(filter: QueueFilter): Promise<Page<QueueItem>>;
  markReviewing(id: string, actor: Actor, at: string): Promise<void>;
  rejectTipoff(id: string, actor: Actor, reason: string, at: string): Promise<TipoffRow>;
  requestInfo(
    id: string,
    actor: Actor,
    message: { id: string; textEnc: string },
    at: string,
  ): Promise<TipoffRow>;
  approveTipoff(
    id: string,
    actor: Actor,
    entries: ExposureUpsert[],
    at: string,
  ): Promise<{ tipoff: TipoffRow; exposures: ExposureRow[] }>;
  mergeTipoff(id: string, into: string, actor: Actor, at: string): Promise<TipoffRow>;
  setReward(
    id: string,
    actor: Actor,
    reward: { state: RewardState; amountCents: number | null },
    at: string,
  ): Promise<RewardRow>;
}

const REWARDABLE: TipoffStatus[] = ['accepted', 'reward-pending', 'reward-paid'];
const CLOSED_STATUSES = new Set<TipoffStatus>(['accepted', 'rejected', 'reward-paid']);

function rewardRow(r: Row): RewardRow {
  return {
    tipoffId: String(r['tipoff_id']),
    state: r['state'] as RewardRow['state'],
    amountCents: r['amount_cents'] === null ? null : Number(r['amount_cents']),
    updatedBy: String(r['updated_by']),
    updatedAt: String(r['updated_at']),
  };
}

/** Moves an open tip-off to `to`, checking it is in one of `from`; returns before and after. */
async function transition(
  ctx: SqlContext,
  q: SqlExecutor,
  id: string,
  from: readonly TipoffStatus[],
  to: TipoffStatus,
  at: string,
): Promise<{ before: TipoffRow; after: TipoffRow }> {
  const before = await lockTipoff(ctx, q, id);
  if (before.mergedInto) {
    throw new StoreError(409, 'tipoff_merged', '这条举报已合并到另一条，请在合并后的举报上操作。');
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

export function moderationRecords(ctx: SqlContext): ModerationRecords {
  const { db, assertDataKey } = ctx;
  return {
    async getReward(tipoffId) {
      const rows = await db.all(`SELECT * FROM rewards WHERE tipoff_id = ?`, [tipoffId]);
      return rows[0] ? rewardRow(rows[0]) : null;
    },

    async listQueue(f) {
      const where: string[] = ['t.merged_into IS NULL'];
      const params: SqlValue[] = [];
      const status = f.status ?? 'open';
      if (status === 'open') {
        where.push(`t.status IN (${placeholders(OPEN_STATUSES.length)})`);
        params.push(...OPEN_STATUSES);
      } else if (status !== 'all') {
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
      const total = await countOf(
        db,
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
        total,
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
        const { before, after } = await transition(ctx, q, id, OPEN_STATUSES, 'rejected', at);
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
        const { before, after } = await transition(ctx, q, id, OPEN_STATUSES, 'need-info', at);
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
        const { before, after } = await transition(ctx, q, id, OPEN_STATUSES, 'accepted', at);
        await q.lock(entries.map((e) => `exposure:${e.kind}:${e.key}`));
        const exposures: ExposureRow[] = [];
        for (const e of entries) exposures.push(await upsertExposure(ctx, q, e, actor, id, at));
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
        const rowsA = await lockTipoff(ctx, q, a);
        const rowsB = await lockTipoff(ctx, q, b);
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
        const before = await lockTipoff(ctx, q, id);
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
  };
}
