/**
 * The citizen's side after submitting: the status by receipt code (slowed and compared in constant
 * time) and adding details to an open case.
 */
import { ApiError } from '../errors.ts';
import type { IncomingAttachment } from '../middleware/form-body.ts';
import { fieldErrors } from '../middleware/json-body.ts';
import {
  OPEN_STATUSES,
  TIPOFF_STATUS_LABELS,
  TipoffInfoSchema,
  type TipoffStatus,
} from '../schemas/tipoff.ts';
import { SEALED } from '../security/pii-crypto.ts';
import {
  constantTimeEqual,
  hashReceiptDigest,
  legacyReceiptHash,
  normalizeReceipt,
  receiptDigest,
} from '../security/receipt.ts';
import { newId } from '../store/ids.ts';
import type { TipoffRow } from '../store/types.ts';
import type { TipoffServiceDeps } from '../tipoff-service.ts';
import { prepareAttachments, storeWithFiles } from './submission.ts';

/**
 * Finds a tip-off by receipt code: slowed, and compared in constant time (the route has taken the
 * look-up limit, limitReceiptLookup).
 */
async function findByReceipt(deps: TipoffServiceDeps, receipt: string): Promise<TipoffRow | null> {
  if (deps.receiptDelayMs > 0) await deps.sleep(deps.receiptDelayMs);
  const canonical = typeof receipt === 'string' ? normalizeReceipt(receipt) : null;
  if (!canonical) return null;
  const hash = await hashReceiptDigest(deps.receiptKey, await receiptDigest(canonical));
  const row = await deps.store.findTipoffByReceiptHash(hash);
  if (row && constantTimeEqual(row.receiptHash, hash)) return row;
  // Receipts handed out by versions before receipt digests (the store is ready by now, so the
  // legacy key, if any, is loaded).
  if (!deps.legacyReceiptKey) return null;
  const old = await legacyReceiptHash(deps.legacyReceiptKey, canonical);
  const legacy = await deps.store.findTipoffByReceiptHash(old);
  return legacy && constantTimeEqual(legacy.receiptHash, old) ? legacy : null;
}

/** The case that answers for a tip-off: itself, or the one it was merged into. */
async function resolveMerged(deps: TipoffServiceDeps, row: TipoffRow): Promise<TipoffRow> {
  let cur = row;
  for (let hops = 0; cur.mergedInto && hops < 5; hops++) {
    const next = await deps.store.getTipoff(cur.mergedInto);
    if (!next) break;
    cur = next;
  }
  return cur;
}

export interface TipoffPublicStatus {
  status: TipoffStatus;
  statusLabel: string;
  updatedAt: string;
  messages: { at: string; text: string }[];
  canAddInfo: boolean;
}

/** What the citizen may see about their tip-off; null when the receipt matches nothing. */
export async function tipoffStatus(
  deps: TipoffServiceDeps,
  receipt: string,
): Promise<TipoffPublicStatus | null> {
  const own = await findByReceipt(deps, receipt);
  if (!own) return null;
  const current = await resolveMerged(deps, own);
  const messages: { at: string; text: string }[] = [];
  for (const m of await deps.store.listMessages(own.id, true)) {
    if (m.kind === 'citizen-info') {
      messages.push({ at: m.at, text: '已收到您补充的材料。' });
    } else if (m.textEnc) {
      messages.push({ at: m.at, text: await deps.cipher.decrypt(m.textEnc, SEALED.message(m.id)) });
    }
  }
  if (current.id !== own.id) {
    messages.push({ at: own.updatedAt, text: '您的举报与其他群众举报的同一线索已合并处理。' });
  }
  messages.sort((a, b) => a.at.localeCompare(b.at));
  return {
    status: current.status,
    statusLabel: TIPOFF_STATUS_LABELS[current.status],
    updatedAt: current.updatedAt > own.updatedAt ? current.updatedAt : own.updatedAt,
    messages,
    canAddInfo: current.id === own.id && OPEN_STATUSES.includes(own.status),
  };
}

/**
 * Adds the citizen's further details (and up to 3 screenshots) to an open tip-off. The route has
 * taken the submission and look-up limits before reading the body.
 */
export async function addTipoffInfo(
  deps: TipoffServiceDeps,
  receipt: string,
  text: string,
  attachments: IncomingAttachment[],
): Promise<{ ok: true }> {
  const parsedText = TipoffInfoSchema.shape.text.safeParse(text);
  if (!parsedText.success) {
    throw new ApiError(422, 'invalid_input', '有几项填写得不对，请检查。', {
      details: fieldErrors(parsedText.error).map((e) => ({ ...e, field: 'text' })),
    });
  }
  const prepared = prepareAttachments(attachments);
  const row = await findByReceipt(deps, receipt);
  if (!row)
    throw new ApiError(404, 'receipt_not_found', '没有找到这个回执码对应的举报，请核对后再试。');
  if (row.mergedInto || !OPEN_STATUSES.includes(row.status)) {
    throw new ApiError(
      409,
      'tipoff_closed',
      '这条举报已处理完毕，不能再补充材料。如有新情况，请重新举报。',
    );
  }
  const messageId = newId();
  const textEnc = await deps.cipher.encrypt(parsedText.data, SEALED.message(messageId));
  await storeWithFiles(deps.files, prepared, () =>
    deps.store.addCitizenInfo(row.id, {
      messageId,
      textEnc,
      at: deps.now().toISOString(),
      attachments: prepared.map(({ id, storageName, mime, size }) => ({
        id,
        storageName,
        mime,
        size,
      })),
    }),
  );
  return { ok: true };
}
