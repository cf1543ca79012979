/**
 * One store suite, run against both implementations: SQLite (temp file) always, PostgreSQL when
 * DATABASE_URL is set (a fresh schema per run, dropped afterwards).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { newId } from '../../functions/store/ids.ts';
import { MIGRATIONS } from '../../functions/store/migrations/index.ts';
import type { Actor, NewTipoff, TipoffStore } from '../../functions/store/types.ts';
import { DATABASE_URL, openTestStore, type StoreHandle } from './tipoff-fixture.ts';

const kinds = (['sqlite', 'postgres'] as const).filter((k) => k === 'sqlite' || DATABASE_URL);

const mod: Actor = { username: 'mod1', role: 'moderator' };
const sup: Actor = { username: 'sup1', role: 'supervisor' };
const sup2: Actor = { username: 'sup2', role: 'supervisor' };

function tipoff(over: Partial<NewTipoff> = {}): NewTipoff {
  const id = newId();
  return {
    id,
    receiptHash: `hash-${id}`,
    receiptDigestEnc: 'v1:digest',
    category: 'phone',
    descriptionEnc: 'v1:ciphertext',
    entities: [],
    occurredAt: null,
    district: '松林镇',
    lostMoney: false,
    contactEnc: 'v1:contact',
    contactMasked: '王** · 139****5678',
    score: 40,
    verdictJson: '{}',
    createdAt: new Date().toISOString(),
    attachments: [],
    ...over,
  };
}

const phone = (v: string) => ({
  kind: 'phone' as const,
  valueEnc: `v1:${v}`,
  key: `phone:${v}`,
  source: 'citizen' as const,
});
const at = (offsetMs = 0) => new Date(Date.now() + offsetMs).toISOString();

describe.each(kinds)('tip-off store on %s', (kind) => {
  let h: StoreHandle;
  let store: TipoffStore;
  beforeAll(async () => {
    h = await openTestStore(kind);
    store = h.store;
  });
  afterAll(async () => h.cleanup());

  test('migrations are recorded once and running them again changes nothing', async () => {
    expect(await store.migrate()).toEqual([]);
    expect(await store.migrate()).toEqual([]);
    // Two processes starting at once: both succeed, neither applies anything twice.
    const again = await Promise.all([store.migrate(), store.migrate()]);
    expect(again).toEqual([[], []]);
    expect(MIGRATIONS.map((m) => m.version)).toEqual(
      [...MIGRATIONS.map((m) => m.version)].sort((a, b) => a - b),
    );
  });

  test('stores a tip-off and finds it by its receipt hash only', async () => {
    const t = tipoff({
      attachments: [
        { id: newId(), storageName: `${newId()}${newId()}`, mime: 'image/png', size: 10 },
      ],
    });
    await store.createTipoff(t);
    const found = await store.findTipoffByReceiptHash(t.receiptHash);
    expect(found).toMatchObject({
      id: t.id,
      status: 'received',
      hasContact: true,
      lostMoney: false,
      score: 40,
    });
    expect(await store.findTipoffByReceiptHash('hash-nothing')).toBeNull();
    expect(await store.listAttachments(t.id)).toHaveLength(1);
    expect((await store.listStorageNames()).has(t.attachments[0]!.storageName)).toBe(true);
  });

  test('a duplicate receipt hash is refused and leaves no partial rows', async () => {
    const t = tipoff({ entities: [phone('17000000001')] });
    await store.createTipoff(t);
    const dup = tipoff({ receiptHash: t.receiptHash, entities: [phone('17000000002')] });
    await expect(store.createTipoff(dup)).rejects.toThrow();
    expect(await store.getTipoff(dup.id)).toBeNull();
    expect(await store.listEntities(dup.id)).toEqual([]);
  });

  test('groups reports that share a number, and joins groups a report links', async () => {
    const a = tipoff({ entities: [phone('17100000001')] });
    const b = tipoff({ entities: [phone('17100000002')] });
    const ra = await store.createTipoff(a);
    const rb = await store.createTipoff(b);
    expect(ra.groupId).not.toBe(rb.groupId);
    const c = tipoff({ entities: [phone('17100000001'), phone('17100000002')] });
    const rc = await store.createTipoff(c);
    const ids = [a.id, b.id, c.id];
    const groups = await Promise.all(ids.map(async (id) => (await store.getTipoff(id))!.groupId));
    expect(new Set(groups).size).toBe(1);
    expect(groups[0]).toBe(rc.groupId);
    const related = await store.listRelated(a.id);
    expect(related.map((r) => r.id).sort()).toEqual([b.id, c.id].sort());
  });

  test('concurrent reports of one new number all land in one group', async () => {
    const list = Array.from({ length: 12 }, () => tipoff({ entities: [phone('17200000009')] }));
    const res = await Promise.all(list.map((t) => store.createTipoff(t)));
    expect(new Set(res.map((r) => r.groupId)).size).toBe(1);
  });

  test('the queue is ordered by priority and filtered', async () => {
    const low = tipoff({ score: 5, district: '康庄镇', category: 'cards' });
    const high = tipoff({ score: 95, district: '康庄镇', category: 'cards', lostMoney: true });
    await store.createTipoff(low);
    await store.createTipoff(high);
    const page = await store.listQueue({
      district: '康庄镇',
      category: 'cards',
      page: 1,
      pageSize: 10,
      now: new Date(),
    });
    expect(page.total).toBe(2);
    expect(page.items.map((i) => i.id)).toEqual([high.id, low.id]);
    expect(page.items[0]!.priority).toBeGreaterThan(page.items[1]!.priority);
    const paged = await store.listQueue({
      district: '康庄镇',
      page: 2,
      pageSize: 1,
      now: new Date(),
    });
    expect(paged.items.map((i) => i.id)).toEqual([low.id]);
  });

  test('reject, request-info and citizen info move the status and are audited', async () => {
    const t = tipoff();
    await store.createTipoff(t);
    await store.markReviewing(t.id, mod, at());
    expect((await store.getTipoff(t.id))!.status).toBe('reviewing');
    await store.requestInfo(t.id, mod, { id: newId(), textEnc: 'v1:msg' }, at(1));
    expect((await store.getTipoff(t.id))!.status).toBe('need-info');
    expect(await store.listMessages(t.id, true)).toHaveLength(1);
    await store.addCitizenInfo(t.id, {
      messageId: newId(),
      textEnc: 'v1:more',
      at: at(2),
      attachments: [],
    });
    expect((await store.getTipoff(t.id))!.status).toBe('reviewing');
    const rejected = await store.rejectTipoff(t.id, mod, '线索不足', at(3));
    expect(rejected.status).toBe('rejected');
    expect(rejected.closedAt).not.toBeNull();
    await expect(store.rejectTipoff(t.id, mod, 'again', at(4))).rejects.toMatchObject({
      status: 409,
      code: 'invalid_state',
    });
    await expect(
      store.addCitizenInfo(t.id, { messageId: newId(), textEnc: 'x', at: at(5), attachments: [] }),
    ).rejects.toMatchObject({ code: 'tipoff_closed' });
    const audit = await store.listAudit({ page: 1, pageSize: 50, target: `tipoff:${t.id}` });
    expect(audit.items.map((a) => a.action).sort()).toEqual(
      ['tipoff.add-info', 'tipoff.reject', 'tipoff.request-info', 'tipoff.review'].sort(),
    );
    const reject = audit.items.find((a) => a.action === 'tipoff.reject')!;
    expect(reject).toMatchObject({
      actor: 'mod1',
      before: { status: 'reviewing' },
      after: { status: 'rejected', reason: '线索不足' },
    });
  });

  test('approval publishes plain entries at once and holds personal ones for a second supervisor', async () => {
    const t = tipoff();
    await store.createTipoff(t);
    const { tipoff: after, exposures } = await store.approveTipoff(
      t.id,
      mod,
      [
        {
          kind: 'phone',
          key: '17300000001',
          display: '17300000001',
          value: '17300000001',
          valueEnc: null,
          pattern: null,
          publicNote: '冒充客服',
          needsConfirmation: false,
        },
        {
          kind: 'person',
          key: 'sha256:abc',
          display: '张*',
          value: null,
          valueEnc: 'v1:name',
          pattern: null,
          publicNote: '组织刷单',
          needsConfirmation: true,
        },
      ],
      at(),
    );
    expect(after.status).toBe('accepted');
    expect(exposures.map((e) => e.status)).toEqual(['published', 'pending']);
    const published = await store.publishedExposures();
    expect(published.some((e) => e.key === '17300000001')).toBe(true);
    expect(published.some((e) => e.key === 'sha256:abc')).toBe(false);
    const personId = exposures[1]!.id;
    await expect(store.confirmExposure(personId, mod, at(1))).rejects.toMatchObject({
      code: 'same_approver',
    });
    const v1 = await store.exposuresVersion();
    const confirmed = await store.confirmExposure(personId, sup, at(2));
    expect(confirmed).toMatchObject({ status: 'published', confirmedBy: 'sup1' });
    expect(await store.exposuresVersion()).not.toBe(v1);
    await expect(store.confirmExposure(personId, sup2, at(3))).rejects.toMatchObject({
      code: 'not_pending',
    });
    expect((await store.findExposures(['sha256:abc'])).map((e) => e.display)).toEqual(['张*']);

    // A second report of the same number updates the entry instead of duplicating it.
    const t2 = tipoff();
    await store.createTipoff(t2);
    const again = await store.approveTipoff(
      t2.id,
      mod,
      [
        {
          kind: 'phone',
          key: '17300000001',
          display: '17300000001',
          value: '17300000001',
          valueEnc: null,
          pattern: 'shua-dan-fan-li',
          publicNote: '冒充客服退款',
          needsConfirmation: false,
        },
      ],
      at(4),
    );
    expect(again.exposures[0]).toMatchObject({
      id: exposures[0]!.id,
      reportCount: 2,
      publicNote: '冒充客服退款',
      pattern: 'shua-dan-fan-li',
    });
  });

  test('withdrawing takes a published entry off the board and the blocklist, once, audited', async () => {
    const t = tipoff();
    await store.createTipoff(t);
    const entry = (key: string, needsConfirmation: boolean) => ({
      kind: 'phone' as const,
      key,
      display: key,
      value: key,
      valueEnc: null,
      pattern: null,
      publicNote: '报错的号码',
      needsConfirmation,
    });
    const { exposures } = await store.approveTipoff(
      t.id,
      mod,
      [entry('17300000099', false), entry('17300000098', true)],
      at(),
    );
    const [plain, held] = exposures;
    const v1 = await store.exposuresVersion();
    await expect(store.withdrawExposure(held!.id, sup, '不公开了', at(1))).rejects.toMatchObject({
      status: 409,
      code: 'not_published',
    });
    const withdrawn = await store.withdrawExposure(plain!.id, sup, '号码报错了', at(2));
    expect(withdrawn).toMatchObject({ id: plain!.id, status: 'withdrawn' });
    expect(await store.exposuresVersion()).not.toBe(v1);
    expect((await store.getExposure(plain!.id))!.status).toBe('withdrawn');
    expect(await store.findExposures(['17300000099'])).toEqual([]);
    expect((await store.publishedExposures()).some((e) => e.id === plain!.id)).toBe(false);
    const board = await store.listExposures({ page: 1, pageSize: 100 });
    expect(board.items.some((e) => e.id === plain!.id)).toBe(false);
    const gone = await store.listExposures({ page: 1, pageSize: 100, status: 'withdrawn' });
    expect(gone.items.map((e) => e.id)).toContain(plain!.id);
    await expect(store.withdrawExposure(plain!.id, sup2, '再撤一次', at(3))).rejects.toMatchObject({
      status: 409,
      code: 'already_withdrawn',
    });
    await expect(store.withdrawExposure('no-such-id', sup, '不存在', at(3))).rejects.toMatchObject({
      status: 404,
      code: 'not_found',
    });
    const audit = await store.listAudit({ page: 1, pageSize: 50, target: `exposure:${plain!.id}` });
    const rows = audit.items.filter((a) => a.action === 'exposure.withdraw');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actor: 'sup1',
      before: { status: 'published' },
      after: { status: 'withdrawn', reason: '号码报错了' },
    });
  });

  test('merging points a tip-off at another and refuses loops and closed cases', async () => {
    const a = tipoff();
    const b = tipoff();
    await store.createTipoff(a);
    await store.createTipoff(b);
    const merged = await store.mergeTipoff(a.id, b.id, mod, at());
    expect(merged.mergedInto).toBe(b.id);
    expect((await store.getTipoff(a.id))!.groupId).toBe((await store.getTipoff(b.id))!.groupId);
    await expect(store.mergeTipoff(b.id, a.id, mod, at(1))).rejects.toMatchObject({
      code: 'target_merged',
    });
    await expect(store.mergeTipoff(b.id, b.id, mod, at(1))).rejects.toMatchObject({
      code: 'merge_self',
    });
    await expect(store.mergeTipoff(a.id, b.id, mod, at(1))).rejects.toMatchObject({
      code: 'tipoff_merged',
    });
    const queue = await store.listQueue({ page: 1, pageSize: 100, now: new Date() });
    expect(queue.items.some((i) => i.id === a.id)).toBe(false);
    expect((await store.listRelated(b.id)).some((r) => r.id === a.id)).toBe(true);
  });

  test('50 parallel reward updates leave exactly one reward record', async () => {
    const t = tipoff();
    await store.createTipoff(t);
    await expect(
      store.setReward(t.id, sup, { state: 'reward-pending', amountCents: 100 }, at()),
    ).rejects.toMatchObject({
      code: 'not_rewardable',
    });
    await store.approveTipoff(t.id, mod, [], at());
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        store.setReward(
          t.id,
          sup,
          { state: i % 2 ? 'reward-paid' : 'reward-pending', amountCents: 50_000 },
          at(i),
        ),
      ),
    );
    expect(results.some((r) => r.status === 'fulfilled')).toBe(true);
    for (const r of results)
      if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'reward_already_paid' });
    const reward = await store.getReward(t.id);
    expect(reward).toMatchObject({ state: 'reward-paid', amountCents: 50_000 });
    expect((await store.getTipoff(t.id))!.status).toBe('reward-paid');
    const audit = await store.listAudit({ page: 1, pageSize: 100, target: `tipoff:${t.id}` });
    expect(audit.items.filter((a) => a.action === 'tipoff.reward').length).toBe(
      results.filter((r) => r.status === 'fulfilled').length,
    );
  });

  test('purge clears contact and attachments of cases closed before the cutoff only', async () => {
    const names = [`${newId()}${newId()}`, `${newId()}${newId()}`];
    const old = tipoff({
      attachments: [{ id: newId(), storageName: names[0]!, mime: 'image/png', size: 1 }],
    });
    const open = tipoff({
      attachments: [{ id: newId(), storageName: names[1]!, mime: 'image/png', size: 1 }],
    });
    const pending = tipoff();
    for (const t of [old, open, pending]) await store.createTipoff(t);
    const longAgo = new Date(Date.now() - 200 * 86_400_000).toISOString();
    await store.rejectTipoff(old.id, mod, '无效', longAgo);
    await store.approveTipoff(pending.id, mod, [], longAgo);
    await store.setReward(pending.id, sup, { state: 'reward-pending', amountCents: null }, longAgo);
    const cutoff = new Date(Date.now() - 180 * 86_400_000).toISOString();
    const res = await store.purgeExpired(cutoff, at());
    expect(res.files).toContain(names[0]);
    expect(res.files).not.toContain(names[1]);
    const o = (await store.getTipoff(old.id))!;
    expect(o).toMatchObject({ contactEnc: null, contactMasked: null, hasContact: false });
    expect(o.purgedAt).not.toBeNull();
    expect(await store.listAttachments(old.id)).toEqual([]);
    expect((await store.getTipoff(open.id))!.contactEnc).not.toBeNull();
    // Still waiting for the reward: the contact is needed to pay it.
    expect((await store.getTipoff(pending.id))!.contactEnc).not.toBeNull();
    const second = await store.purgeExpired(cutoff, at());
    expect(second.files).toEqual([]);
    expect(second.tipoffs).toBe(0);
  });

  test('users and sessions', async () => {
    const u = await store.createUser(
      { username: `u${newId()}`, role: 'moderator', passwordHash: 'h' },
      at(),
    );
    await expect(
      store.createUser({ username: u.username, role: 'supervisor', passwordHash: 'h' }, at()),
    ).rejects.toMatchObject({
      code: 'user_exists',
    });
    await store.createSession({
      idHash: `s-${u.id}`,
      userId: u.id,
      csrfToken: 'c',
      createdAt: at(),
      lastSeenAt: at(),
    });
    expect(await store.getSession(`s-${u.id}`)).toMatchObject({
      username: u.username,
      role: 'moderator',
      csrfToken: 'c',
    });
    await store.touchSession(`s-${u.id}`, at(1000));
    expect(await store.setPassword(u.username, 'h2')).toBe(true);
    // A new password ends the sessions of the old one.
    expect(await store.getSession(`s-${u.id}`)).toBeNull();
    expect(await store.setPassword('nobody-here', 'h')).toBe(false);
  });

  test('exposure listing pages through published entries', async () => {
    const page = await store.listExposures({ page: 1, pageSize: 1 });
    expect(page.items).toHaveLength(1);
    expect(page.total).toBeGreaterThanOrEqual(2);
    const pending = await store.listExposures({ page: 1, pageSize: 10, status: 'pending' });
    expect(pending.items.every((e) => e.status === 'pending')).toBe(true);
  });
});
