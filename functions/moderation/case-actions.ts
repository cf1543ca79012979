/**
 * Deciding cases under /api/admin/tipoffs: approve (onto the exposure board; personal entries wait
 * for a second supervisor), reject, ask the citizen for more, merge duplicates, bulk decisions and,
 * for supervisors, the reward. The store writes each with its audit row in one transaction.
 */
import { Hono } from 'hono';
import type { z } from 'zod';
import { entityKey } from '../../bot/entity-key.ts';
import { maskExposureValue } from '../../bot/mask.ts';
import { EXPOSURE_KINDS, PERSONAL_KINDS } from '../../site/lib/taxonomy.ts';
import { ApiError } from '../errors.ts';
import { jsonBody, requireJson } from '../middleware/json-body.ts';
import { requireRole, type AdminEnv } from '../middleware/session.ts';
import {
  ApproveSchema,
  BulkSchema,
  MergeSchema,
  RejectSchema,
  RequestInfoSchema,
  RewardSchema,
  SECOND_APPROVAL_KINDS,
} from '../schemas/moderation.ts';
import { SEALED } from '../security/pii-crypto.ts';
import { newId } from '../store/ids.ts';
import type { ExposureUpsert } from '../store/types.ts';
import type { TipoffServiceDeps } from '../tipoff-service.ts';
import { refreshBlocklist } from '../service/blocklist.ts';
import { ADMIN_JSON_MAX } from './limits.ts';
import { actorOf, exposureAdminView, rewardView, summary } from './views.ts';

/**
 * Turns approved entries into store rows: match key (for personal kinds, the keyed HMAC tag: see
 * functions/security/personal-lookup.ts), public display, personal values encrypted.
 */
async function prepareEntries(
  d: TipoffServiceDeps,
  entries: z.output<typeof ApproveSchema>['entries'],
): Promise<ExposureUpsert[]> {
  const out: ExposureUpsert[] = [];
  for (const e of entries) {
    const personal = PERSONAL_KINDS.includes(e.kind);
    const clear = entityKey(e.kind, e.value);
    const key = personal ? d.personal.tag(e.kind, clear) : clear;
    if (clear.length < 2)
      throw new ApiError(
        422,
        'invalid_entry',
        `「${e.value}」不是有效的${EXPOSURE_KINDS[e.kind]}。`,
      );
    out.push({
      kind: e.kind,
      key,
      display: maskExposureValue(e.kind, e.value),
      value: personal ? null : e.value,
      valueEnc: personal ? await d.cipher.encrypt(e.value, SEALED.exposure(e.kind, key)) : null,
      pattern: e.pattern ?? null,
      publicNote: e.publicNote,
      needsConfirmation: SECOND_APPROVAL_KINDS.includes(e.kind),
    });
  }
  return out;
}

export function caseActionRoutes(getDeps: () => TipoffServiceDeps) {
  const json = requireJson(ADMIN_JSON_MAX);
  const supervisor = requireRole('supervisor');
  return new Hono<AdminEnv>()
    .post('/bulk', json, jsonBody(BulkSchema), async (c) => {
      const d = getDeps();
      const { ids, action, reason } = c.req.valid('json');
      const actor = actorOf(c.get('session'));
      const results: { id: string; ok: boolean; code?: string }[] = [];
      for (const id of [...new Set(ids)]) {
        try {
          const at = d.now().toISOString();
          if (action === 'approve') await d.store.approveTipoff(id, actor, [], at);
          else await d.store.rejectTipoff(id, actor, reason ?? '', at);
          results.push({ id, ok: true });
        } catch (err) {
          if (!(err instanceof ApiError) || err.status >= 500) throw err;
          results.push({ id, ok: false, code: err.code });
        }
      }
      return c.json({ results });
    })
    .post('/:id/approve', json, jsonBody(ApproveSchema), async (c) => {
      const d = getDeps();
      const entries = await prepareEntries(d, c.req.valid('json').entries);
      const res = await d.store.approveTipoff(
        c.req.param('id'),
        actorOf(c.get('session')),
        entries,
        d.now().toISOString(),
      );
      await refreshBlocklist(d);
      return c.json({
        tipoff: summary(res.tipoff),
        exposures: res.exposures.map(exposureAdminView),
      });
    })
    .post('/:id/reject', json, jsonBody(RejectSchema), async (c) => {
      const d = getDeps();
      const t = await d.store.rejectTipoff(
        c.req.param('id'),
        actorOf(c.get('session')),
        c.req.valid('json').reason,
        d.now().toISOString(),
      );
      return c.json({ tipoff: summary(t) });
    })
    .post('/:id/request-info', json, jsonBody(RequestInfoSchema), async (c) => {
      const d = getDeps();
      const messageId = newId();
      const textEnc = await d.cipher.encrypt(
        c.req.valid('json').message,
        SEALED.message(messageId),
      );
      const t = await d.store.requestInfo(
        c.req.param('id'),
        actorOf(c.get('session')),
        { id: messageId, textEnc },
        d.now().toISOString(),
      );
      return c.json({ tipoff: summary(t) });
    })
    .post('/:id/merge', json, jsonBody(MergeSchema), async (c) => {
      const d = getDeps();
      const t = await d.store.mergeTipoff(
        c.req.param('id'),
        c.req.valid('json').into,
        actorOf(c.get('session')),
        d.now().toISOString(),
      );
      return c.json({ tipoff: summary(t) });
    })
    .post('/:id/reward', supervisor, json, jsonBody(RewardSchema), async (c) => {
      const d = getDeps();
      const { state, amount } = c.req.valid('json');
      const r = await d.store.setReward(
        c.req.param('id'),
        actorOf(c.get('session')),
        { state, amountCents: amount === undefined ? null : Math.round(amount * 100) },
        d.now().toISOString(),
      );
      return c.json({ reward: rewardView(r) });
    });
}
