/**
 * Reading cases under /api/admin/tipoffs: the queue (numbers masked), one case in full (audited,
 * and marked as being reviewed), its attachments (downloaded, never shown inline) and, for
 * supervisors, the citizen's contact (audited before it is shown).
 */
import { Hono } from 'hono';
import { ApiError } from '../errors.ts';
import { queryParams } from '../middleware/json-body.ts';
import { requireRole, type AdminEnv } from '../middleware/session.ts';
import { QueueQuerySchema } from '../schemas/moderation.ts';
import { SEALED } from '../security/pii-crypto.ts';
import type { TipoffServiceDeps } from '../tipoff-service.ts';
import { maskEntityValue } from '../service/masks.ts';
import { actorOf, decryptOr, rewardView, storedVerdict, summary } from './views.ts';

export function caseRoutes(getDeps: () => TipoffServiceDeps) {
  return new Hono<AdminEnv>()
    .get('/', queryParams(QueueQuerySchema), async (c) => {
      const d = getDeps();
      const q = c.req.valid('query');
      const page = await d.store.listQueue({ ...q, now: d.now() });
      // The numbers and links help triage at a glance, masked: the full values and the story
      // itself stay behind the (audited) detail view.
      const entities = await d.store.listEntitiesFor(page.items.map((t) => t.id));
      const byId = new Map<string, { kind: string; value: string }[]>();
      for (const e of entities) {
        const list = byId.get(e.tipoffId) ?? [];
        if (list.length < 5) {
          const value = await decryptOr(d, e.valueEnc, SEALED.entity(e.tipoffId, e.kind));
          list.push({ kind: e.kind, value: maskEntityValue(e.kind, value ?? '') });
        }
        byId.set(e.tipoffId, list);
      }
      return c.json({
        items: page.items.map((t) =>
          summary(t, {
            groupSize: t.groupSize,
            priority: t.priority,
            entities: byId.get(t.id) ?? [],
          }),
        ),
        total: page.total,
        page: page.page,
        pageSize: page.pageSize,
      });
    })
    .get('/:id', async (c) => {
      const d = getDeps();
      const id = c.req.param('id');
      const s = c.get('session');
      const at = d.now().toISOString();
      let t = await d.store.getTipoff(id);
      if (!t) throw new ApiError(404, 'not_found', '找不到这条举报。');
      if (t.status === 'received' && !t.mergedInto) {
        await d.store.markReviewing(id, actorOf(s), at);
        t = (await d.store.getTipoff(id)) ?? t;
      }
      // Reading a case's text is access to personal data: audited.
      await d.store.audit({
        at,
        actor: s.username,
        action: 'tipoff.view',
        target: `tipoff:${id}`,
        before: null,
        after: null,
      });
      const [entities, attachments, messages, related, reward] = await Promise.all([
        d.store.listEntities(id),
        d.store.listAttachments(id),
        d.store.listMessages(id, false),
        d.store.listRelated(id),
        d.store.getReward(id),
      ]);
      return c.json({
        ...summary(t),
        // Empty once purged after the retention period.
        description:
          t.descriptionEnc === ''
            ? null
            : await decryptOr(d, t.descriptionEnc, SEALED.description(id)),
        verdict: storedVerdict(t),
        entities: await Promise.all(
          entities.map(async (e) => ({
            kind: e.kind,
            value: (await decryptOr(d, e.valueEnc, SEALED.entity(id, e.kind))) ?? '',
            source: e.source,
          })),
        ),
        related: related.map((r) => summary(r)),
        groupSize: related.filter((r) => r.groupId === t.groupId && !r.mergedInto).length + 1,
        attachments: attachments.map((a) => ({
          id: a.id,
          mime: a.mime,
          size: a.size,
          createdAt: a.createdAt,
          url: `/api/admin/tipoffs/${id}/attachments/${a.id}`,
        })),
        messages: await Promise.all(
          messages.map(async (m) => ({
            at: m.at,
            author: m.author,
            kind: m.kind,
            public: m.public,
            text: await decryptOr(d, m.textEnc, SEALED.message(m.id)),
          })),
        ),
        reward: reward && rewardView(reward),
        purgedAt: t.purgedAt,
        closedAt: t.closedAt,
      });
    })
    .get('/:id/attachments/:aid', async (c) => {
      const d = getDeps();
      const id = c.req.param('id');
      const a = await d.store.getAttachment(id, c.req.param('aid'));
      const bytes = a && (await d.files.read(a.storageName));
      if (!a || !bytes) throw new ApiError(404, 'not_found', '找不到这个附件（可能已按期删除）。');
      const s = c.get('session');
      await d.store.audit({
        at: d.now().toISOString(),
        actor: s.username,
        action: 'attachment.view',
        target: `tipoff:${id}`,
        before: null,
        after: { attachment: a.id },
      });
      const ext = a.mime === 'image/png' ? 'png' : a.mime === 'image/webp' ? 'webp' : 'jpg';
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': a.mime,
        'Content-Disposition': `attachment; filename="tipoff-${a.id}.${ext}"`,
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': "default-src 'none'; sandbox",
        'Cache-Control': 'no-store',
      });
    })
    .get('/:id/contact', requireRole('supervisor'), async (c) => {
      const d = getDeps();
      const id = c.req.param('id');
      const t = await d.store.getTipoff(id);
      if (!t) throw new ApiError(404, 'not_found', '找不到这条举报。');
      if (!t.contactEnc)
        throw new ApiError(
          404,
          'no_contact',
          '这条举报没有留联系方式（匿名举报，或已按保存期限删除）。',
        );
      const s = c.get('session');
      // Audited before it is shown: who looked at whose contact, never the contact itself.
      await d.store.audit({
        at: d.now().toISOString(),
        actor: s.username,
        action: 'tipoff.contact-view',
        target: `tipoff:${id}`,
        before: null,
        after: null,
      });
      const contact = JSON.parse(
        (await decryptOr(d, t.contactEnc, SEALED.contact(id))) ?? '{}',
      ) as Record<string, string>;
      return c.json({ contact });
    });
}
