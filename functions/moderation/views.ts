/**
 * What the moderation API sends back: a case summary (no personal data but the masked contact),
 * the board entry as staff see it, a reward; plus the acting user and decryption that never takes
 * the console down.
 */
import { EXPOSURE_KINDS } from '../../site/lib/taxonomy.ts';
import { TIPOFF_CATEGORIES, TIPOFF_STATUS_LABELS } from '../schemas/tipoff.ts';
import type { TipoffServiceDeps } from '../tipoff-service.ts';
import type { TriageVerdict } from '../service/submission.ts';
import type { Actor, ExposureRow, RewardRow, TipoffRow } from '../store/types.ts';

export const actorOf = (s: { username: string; role: Actor['role'] }): Actor => ({
  username: s.username,
  role: s.role,
});

export async function decryptOr(
  d: TipoffServiceDeps,
  sealed: string | null,
  context: string,
): Promise<string | null> {
  if (sealed === null) return null;
  try {
    return await d.cipher.decrypt(sealed, context);
  } catch {
    // A wrong FANZHA_DATA_KEY must not take the console down; say what happened instead.
    return '［无法解密：请检查 FANZHA_DATA_KEY 是否与写入时相同］';
  }
}

/** The engine's verdict as stored with the tip-off (tipoff-service.ts trims it for triage). */
export const storedVerdict = (t: TipoffRow) => JSON.parse(t.verdictJson) as TriageVerdict;

/** A queue or list item: no personal data but the masked contact. */
export function summary(
  t: TipoffRow,
  extra: {
    groupSize?: number;
    priority?: number;
    entities?: { kind: string; value: string }[];
  } = {},
) {
  return {
    id: t.id,
    category: t.category,
    categoryLabel: TIPOFF_CATEGORIES[t.category],
    status: t.status,
    statusLabel: TIPOFF_STATUS_LABELS[t.status],
    district: t.district,
    occurredAt: t.occurredAt,
    lostMoney: t.lostMoney,
    contact: t.contactMasked,
    hasContact: t.hasContact,
    score: t.score,
    level: storedVerdict(t).level ?? null,
    groupId: t.groupId,
    mergedInto: t.mergedInto,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    ...extra,
  };
}

export function exposureAdminView(e: ExposureRow) {
  return {
    id: e.id,
    kind: e.kind,
    kindLabel: EXPOSURE_KINDS[e.kind],
    display: e.display,
    value: e.value,
    pattern: e.pattern,
    publicNote: e.publicNote,
    status: e.status,
    reportCount: e.reportCount,
    createdBy: e.createdBy,
    proposedBy: e.proposedBy,
    confirmedBy: e.confirmedBy,
    withdrawnBy: e.withdrawnBy,
    createdAt: e.createdAt,
    publishedAt: e.publishedAt,
    updatedAt: e.updatedAt,
    needsConfirmation: e.status === 'pending',
  };
}

/** A reward with its amount in yuan (the store keeps fen). */
export function rewardView(r: RewardRow) {
  return {
    state: r.state,
    amount: r.amountCents === null ? null : r.amountCents / 100,
    updatedBy: r.updatedBy,
    updatedAt: r.updatedAt,
  };
}
