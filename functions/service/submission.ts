/**
 * Taking a tip-off: validated, screenshots checked and cleaned, scored by the engine for triage,
 * grouped with earlier reports of the same numbers, personal fields encrypted, stored in one
 * transaction with its files. Returns the receipt code, once only.
 */
import type { Verdict } from '../../bot/types.ts';
import { ApiError } from '../errors.ts';
import type { IncomingAttachment } from '../middleware/form-body.ts';
import { fieldErrors } from '../middleware/json-body.ts';
import { TIPOFF_LIMITS, type TipoffEntityKind, TipoffInputSchema } from '../schemas/tipoff.ts';
import { ImageError, stripImageMetadata } from '../security/image-metadata.ts';
import { SEALED } from '../security/pii-crypto.ts';
import {
  generateReceipt,
  hashReceiptDigest,
  normalizeReceipt,
  receiptDigest,
} from '../security/receipt.ts';
import { entityKey } from '../store/entity-keys.ts';
import { newId } from '../store/ids.ts';
import type { AttachmentFiles, EntityRow, NewTipoff } from '../store/types.ts';
import type { TipoffServiceDeps } from '../tipoff-service.ts';
import { maskedContact } from './masks.ts';

/** Checks and cleans screenshots: count, size, real image type by content, metadata removed. */
export function prepareAttachments(
  attachments: IncomingAttachment[],
): { id: string; storageName: string; mime: string; size: number; bytes: Uint8Array }[] {
  if (attachments.length > TIPOFF_LIMITS.attachmentsMax) {
    throw new ApiError(422, 'too_many_attachments', '最多上传3张截图。');
  }
  return attachments.map((a) => {
    if (a.bytes.length > TIPOFF_LIMITS.attachmentBytesMax) {
      throw new ApiError(413, 'attachment_too_large', '每张截图不能超过5MB，请压缩后再试。');
    }
    let clean: ReturnType<typeof stripImageMetadata>;
    try {
      clean = stripImageMetadata(a.bytes);
    } catch (err) {
      if (!(err instanceof ImageError)) throw err;
      throw new ApiError(422, 'invalid_attachment', '截图只支持 JPG、PNG 或 WebP 格式的图片。');
    }
    return {
      id: newId(),
      storageName: `${newId()}${newId()}`,
      mime: clean.mime,
      size: clean.bytes.length,
      bytes: clean.bytes,
    };
  });
}

/** Writes prepared attachments to temp files, runs `commitRows`, then gives them final names. */
export async function storeWithFiles<T>(
  files: AttachmentFiles,
  prepared: { storageName: string; bytes: Uint8Array }[],
  commitRows: () => Promise<T>,
): Promise<T> {
  const written: string[] = [];
  let result: T;
  try {
    for (const p of prepared) {
      await files.writeTemp(p.storageName, p.bytes);
      written.push(p.storageName);
    }
    result = await commitRows();
  } catch (err) {
    await Promise.all(written.map((n) => files.discardTemp(n).catch(() => undefined)));
    throw err;
  }
  // The row is committed: the file is now owed a final name. After a crash here, the start-up sweep
  // finishes it (the row names it). A rename that fails is never swallowed: the citizen must not
  // get a receipt for a case whose screenshot is missing. The error answer says to try again; the
  // row stays, and the sweep gives its file the final name once this process is gone.
  for (const n of written) await files.commit(n);
  return result;
}

/** Entities found by the engine in the description, as grouping rows. */
function extractedEntities(
  verdict: Verdict | undefined,
): { kind: TipoffEntityKind; value: string }[] {
  if (!verdict) return [];
  const e = verdict.entities;
  return [
    // Hotlines and service numbers mentioned in passing ("I called 110") would lump unrelated
    // reports into one group; the citizen's own list still may name them.
    ...e.phones
      .filter((p) => p.kind !== 'service' && p.value.replace(/\D/g, '').length >= 7)
      .map((p) => ({ kind: 'phone' as const, value: p.value })),
    ...e.urls.map((u) => ({ kind: 'url' as const, value: u.value })),
    ...e.bankCards.map((b) => ({ kind: 'account' as const, value: b.value })),
    ...e.accounts.map((a) => ({ kind: a.kind, value: a.value })),
  ];
}

/** The part of a verdict kept with a tip-off for triage (no entity values: they are in rows). */
/** The verdict kept with a tip-off for triage: level, score, pattern, signal labels, listed entries. */
export interface TriageVerdict {
  level: Verdict['level'] | null;
  score: number;
  pattern?: Verdict['pattern'];
  signals?: { id: string; label: string }[];
  listed?: Pick<NonNullable<Verdict['listed']>[number], 'kind' | 'display' | 'source'>[];
}

function triageVerdict(v: Verdict | undefined): TriageVerdict {
  if (!v) return { level: null, score: 0 };
  return {
    level: v.level,
    score: v.score,
    pattern: v.pattern,
    signals: v.signals.map((s) => ({ id: s.id, label: s.label })),
    listed: (v.listed ?? []).map((l) => ({ kind: l.kind, display: l.display, source: l.source })),
  };
}

/**
 * Takes a tip-off: validates (input is the raw JSON or tipoffFromForm's output), checks and cleans
 * screenshots, scores it with the engine, groups it with earlier reports of the same numbers,
 * encrypts personal fields and stores it in one transaction. Returns the receipt code, once only.
 * The caller has taken the submission limit (limitSubmission) before reading the body.
 */
export async function createTipoff(
  deps: TipoffServiceDeps,
  input: unknown,
  attachments: IncomingAttachment[],
): Promise<{ receipt: string }> {
  // Honeypot: a bot filled the hidden field. Answer as if accepted, so it learns nothing; store nothing.
  if (input && typeof input === 'object' && 'website' in input) {
    const w = (input as { website: unknown }).website;
    if (typeof w === 'string' ? w.trim() !== '' : w !== undefined && w !== null) {
      return { receipt: generateReceipt() };
    }
  }
  const parsed = TipoffInputSchema.safeParse(input);
  if (!parsed.success) {
    throw new ApiError(422, 'invalid_input', '有几项填写得不对，请检查。', {
      details: fieldErrors(parsed.error),
    });
  }
  const data = parsed.data;
  const prepared = prepareAttachments(attachments);

  const verdict = runEngine(
    deps,
    [data.description, ...(data.entities ?? []).map((e) => e.value)].join('\n'),
  );
  // Deduplicated by the clear key; stored sealed, grouped by the keyed hash of that key.
  const id = newId();
  const clear = new Map<
    string,
    { kind: TipoffEntityKind; value: string; source: EntityRow['source'] }
  >();
  for (const e of data.entities ?? []) {
    const key = entityKey(e.kind, e.value);
    if (!clear.has(key)) clear.set(key, { kind: e.kind, value: e.value, source: 'citizen' });
  }
  for (const e of extractedEntities(verdict)) {
    const key = entityKey(e.kind, e.value);
    if (!clear.has(key)) clear.set(key, { kind: e.kind, value: e.value, source: 'text' });
  }
  const entities: EntityRow[] = [];
  for (const [key, e] of clear) {
    entities.push({
      kind: e.kind,
      valueEnc: await deps.cipher.encrypt(e.value, SEALED.entity(id, e.kind)),
      key: await deps.cipher.groupKey(key),
      source: e.source,
    });
  }

  const receipt = generateReceipt();
  const digest = await receiptDigest(normalizeReceipt(receipt)!);
  const contact =
    data.contact && (data.contact.name || data.contact.phone || data.contact.other)
      ? data.contact
      : null;
  const row: NewTipoff = {
    id,
    receiptHash: await hashReceiptDigest(deps.receiptKey, digest),
    receiptDigestEnc: await deps.cipher.encrypt(digest, SEALED.receiptDigest(id)),
    category: data.category,
    descriptionEnc: await deps.cipher.encrypt(data.description, SEALED.description(id)),
    entities,
    occurredAt: data.occurredAt ?? null,
    district: data.district ?? null,
    lostMoney: data.lostMoney ?? false,
    contactEnc: contact
      ? await deps.cipher.encrypt(JSON.stringify(contact), SEALED.contact(id))
      : null,
    contactMasked: contact ? maskedContact(contact) : null,
    score: Math.round(verdict?.score ?? 0),
    verdictJson: JSON.stringify(triageVerdict(verdict)),
    createdAt: deps.now().toISOString(),
    attachments: prepared.map(({ id: aid, storageName, mime, size }) => ({
      id: aid,
      storageName,
      mime,
      size,
    })),
  };
  await storeWithFiles(deps.files, prepared, () => deps.store.createTipoff(row));
  return { receipt };
}

function runEngine(deps: TipoffServiceDeps, text: string): Verdict | undefined {
  if (!deps.analyze) return undefined;
  try {
    // Staff-side: moderators see the hits, the citizen never does, so no budget is spent.
    return deps.analyze(text, { matchPersonal: deps.personal.match });
  } catch {
    // Triage is a help, not a gate: a tip-off is never lost because the engine failed.
    return undefined;
  }
}
