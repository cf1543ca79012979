/**
 * The moderation API under /api/admin/: login, the queue, case actions and the audit log. Every
 * route but login needs a session; every state-changing one passes the same-origin check and the
 * CSRF token; reward, contact, audit, second approvals and withdrawals from the board need a
 * supervisor. Each action writes an audit row in the same transaction as the change
 * (functions/store/sql-store.ts).
 */
import { Hono } from 'hono';
import type { z } from 'zod';
import { entityKey } from '../bot/entity-key.ts';
import { maskExposureValue } from '../bot/mask.ts';
import { EXPOSURE_KINDS, PERSONAL_KINDS } from '../site/lib/taxonomy.ts';
import { ApiError } from './errors.ts';
import { requireCsrfToken, sameOriginOnly } from './middleware/csrf.ts';
import { jsonBody, queryParams, requireJson } from './middleware/json-body.ts';
import {
  clearSessionCookie,
  readSessionToken,
  requireRole,
  requireSession,
  setSessionCookie,
  type AdminEnv,
} from './middleware/session.ts';
import {
  AdminExposureQuerySchema,
  ApproveSchema,
  AuditQuerySchema,
  BulkSchema,
  LoginSchema,
  MergeSchema,
  QueueQuerySchema,
  RejectSchema,
  RequestInfoSchema,
  RewardSchema,
  SECOND_APPROVAL_KINDS,
  WithdrawExposureSchema,
} from './schemas/moderation.ts';
import { TIPOFF_CATEGORIES, TIPOFF_STATUS_LABELS } from './schemas/tipoff.ts';
import { dummyHash, verifyPassword } from './security/password.ts';
import { hashToken, randomToken } from './security/session.ts';
import { newId } from './store/ids.ts';
import type { Actor, ExposureRow, ExposureUpsert, TipoffRow } from './store/types.ts';
import { SEALED } from './security/pii-crypto.ts';
import {
  maskEntityValue,
  rateLimited,
  refreshBlocklist,
  type TipoffServiceDeps,
} from './tipoff-service.ts';

const ADMIN_JSON_MAX = 64 * 1024;

const actorOf = (s: { username: string; role: Actor['role'] }): Actor => ({
  username: s.username,
  role: s.role,
});

async function decryptOr(
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

/** A queue or list item: no personal data but the masked contact. */
function summary(
  t: TipoffRow,
  extra: {
    groupSize?: number;
    priority?: number;
    entities?: { kind: string; value: string }[];
  } = {},
) {
  const verdict = JSON.parse(t.verdictJson) as { level?: string | null };
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
    level: verdict.level ?? null,
    groupId: t.groupId,
    mergedInto: t.mergedInto,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    ...extra,
  };
}

function exposureAdminView(e: ExposureRow) {
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

export function moderationRoutes(getDeps: () => TipoffServiceDeps) {
  const json = requireJson(ADMIN_JSON_MAX);
  const supervisor = requireRole('supervisor');

  return (
    new Hono<AdminEnv>()
      // Cross-site POSTs fail before anything else, login included (login CSRF).
      .use('*', sameOriginOnly())
      .post('/login', json, jsonBody(LoginSchema), async (c) => {
        const d = getDeps();
        const { username, password } = c.req.valid('json');
        // Brakes per address and per user (functions/security/login-throttle.ts): an attacker who
        // knows a name slows only their own addresses, never the user's usual one.
        const ip = c.get('clientIp');
        const wait = d.limiter?.login.check(username, ip) ?? 0;
        if (wait > 0) throw rateLimited(wait);
        const user = await d.store.getUser(username);
        // Verify against a dummy hash for unknown users: the answer takes as long either way.
        const ok = await verifyPassword(
          password,
          user?.passwordHash ?? (await dummyHash(d.passwordIterations)),
        );
        const at = d.now().toISOString();
        if (!user || !ok || user.disabled) {
          d.limiter?.login.failed(username, ip);
          // An unknown name is not recorded: people sometimes type their password into that field.
          const who = user ? user.username : '(unknown)';
          await d.store.audit({
            at,
            actor: who,
            action: 'login.failed',
            target: `user:${who}`,
            before: null,
            after: null,
          });
          if (d.loginDelayMs > 0) await d.sleep(d.loginDelayMs);
          throw new ApiError(401, 'login_failed', '用户名或密码不对。');
        }
        d.limiter?.login.succeeded(username, ip);
        // Rotate: whatever session the browser had before is ended, a new one begins.
        const old = readSessionToken(c);
        if (old) await d.store.deleteSession(await hashToken(old));
        const token = randomToken();
        const csrfToken = randomToken();
        await d.store.createSession({
          idHash: await hashToken(token),
          userId: user.id,
          csrfToken,
          createdAt: at,
          lastSeenAt: at,
        });
        await d.store.audit({
          at,
          actor: user.username,
          action: 'login',
          target: `user:${user.username}`,
          before: null,
          after: null,
        });
        setSessionCookie(c, token, Math.floor(d.session.absoluteMs / 1000));
        return c.json({ username: user.username, role: user.role, csrfToken });
      })
      .use('*', (c, next) => requireSession(getDeps)(c, next))
      .use('*', requireCsrfToken())
      .post('/logout', async (c) => {
        const d = getDeps();
        const s = c.get('session');
        await d.store.deleteSession(s.idHash);
        await d.store.audit({
          at: d.now().toISOString(),
          actor: s.username,
          action: 'logout',
          target: `user:${s.username}`,
          before: null,
          after: null,
        });
        clearSessionCookie(c);
        return c.json({ ok: true as const });
      })
      .get('/me', (c) => {
        const s = c.get('session');
        return c.json({ username: s.username, role: s.role, csrfToken: s.csrfToken });
      })
      .get('/tipoffs', queryParams(QueueQuerySchema), async (c) => {
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
      .get('/tipoffs/:id', async (c) => {
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
          verdict: JSON.parse(t.verdictJson) as unknown,
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
          reward: reward && {
            state: reward.state,
            amount: reward.amountCents === null ? null : reward.amountCents / 100,
            updatedBy: reward.updatedBy,
            updatedAt: reward.updatedAt,
          },
          purgedAt: t.purgedAt,
          closedAt: t.closedAt,
        });
      })
      .get('/tipoffs/:id/attachments/:aid', async (c) => {
        const d = getDeps();
        const id = c.req.param('id');
        const a = await d.store.getAttachment(id, c.req.param('aid'));
        const bytes = a && (await d.files.read(a.storageName));
        if (!a || !bytes)
          throw new ApiError(404, 'not_found', '找不到这个附件（可能已按期删除）。');
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
      .post('/tipoffs/bulk', json, jsonBody(BulkSchema), async (c) => {
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
      .post('/tipoffs/:id/approve', json, jsonBody(ApproveSchema), async (c) => {
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
      .post('/tipoffs/:id/reject', json, jsonBody(RejectSchema), async (c) => {
        const d = getDeps();
        const t = await d.store.rejectTipoff(
          c.req.param('id'),
          actorOf(c.get('session')),
          c.req.valid('json').reason,
          d.now().toISOString(),
        );
        return c.json({ tipoff: summary(t) });
      })
      .post('/tipoffs/:id/request-info', json, jsonBody(RequestInfoSchema), async (c) => {
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
      .post('/tipoffs/:id/merge', json, jsonBody(MergeSchema), async (c) => {
        const d = getDeps();
        const t = await d.store.mergeTipoff(
          c.req.param('id'),
          c.req.valid('json').into,
          actorOf(c.get('session')),
          d.now().toISOString(),
        );
        return c.json({ tipoff: summary(t) });
      })
      .post('/tipoffs/:id/reward', supervisor, json, jsonBody(RewardSchema), async (c) => {
        const d = getDeps();
        const { state, amount } = c.req.valid('json');
        const r = await d.store.setReward(
          c.req.param('id'),
          actorOf(c.get('session')),
          { state, amountCents: amount === undefined ? null : Math.round(amount * 100) },
          d.now().toISOString(),
        );
        return c.json({
          reward: {
            state: r.state,
            amount: r.amountCents === null ? null : r.amountCents / 100,
            updatedBy: r.updatedBy,
            updatedAt: r.updatedAt,
          },
        });
      })
      .get('/tipoffs/:id/contact', supervisor, async (c) => {
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
      })
      .get('/exposures', queryParams(AdminExposureQuerySchema), async (c) => {
        const d = getDeps();
        const q = c.req.valid('query');
        const page = await d.store.listExposures(q);
        return c.json({ ...page, items: page.items.map(exposureAdminView) });
      })
      .post('/exposures/:id/confirm', supervisor, async (c) => {
        const d = getDeps();
        const e = await d.store.confirmExposure(
          c.req.param('id'),
          actorOf(c.get('session')),
          d.now().toISOString(),
        );
        await refreshBlocklist(d);
        return c.json({ exposure: exposureAdminView(e) });
      })
      .post(
        '/exposures/:id/withdraw',
        supervisor,
        json,
        jsonBody(WithdrawExposureSchema),
        async (c) => {
          const d = getDeps();
          const e = await d.store.withdrawExposure(
            c.req.param('id'),
            actorOf(c.get('session')),
            c.req.valid('json').reason,
            d.now().toISOString(),
          );
          await refreshBlocklist(d);
          return c.json({ exposure: exposureAdminView(e) });
        },
      )
      .get('/audit', supervisor, queryParams(AuditQuerySchema), async (c) => {
        const d = getDeps();
        return c.json(await d.store.listAudit(c.req.valid('query')));
      })
  );
}
