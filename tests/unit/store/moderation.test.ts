/**
 * The moderators' store actions (the queue, state changes with their audit rows, merging, rewards)
 * and the retention purge, on SQLite and PostgreSQL.
 */
import { expect, test } from 'vitest';
import { newId } from '../../../functions/store/ids.ts';
import { describeStore, mod, sup, tipoff, at } from '../../fixtures/store-rows.ts';

describeStore('moderation store', (get) => {
  test('the queue is ordered by priority and filtered', async () => {
    const low = tipoff({ score: 5, district: '康庄镇', category: 'cards' });
    const high = tipoff({ score: 95, district: '康庄镇', category: 'cards', lostMoney: true });
    await get().createTipoff(low);
    await get().createTipoff(high);
    const page = await get().listQueue({
      district: '康庄镇',
      category: 'cards',
      page: 1,
      pageSize: 10,
      now: new Date(),
    });
    expect(page.total).toBe(2);
    expect(page.items.map((i) => i.id)).toEqual([high.id, low.id]);
    expect(page.items[0]!.priority).toBeGreaterThan(page.items[1]!.priority);
    const paged = await get().listQueue({
      district: '康庄镇',
      page: 2,
      pageSize: 1,
      now: new Date(),
    });
    expect(paged.items.map((i) => i.id)).toEqual([low.id]);
  });

  test('reject, request-info and citizen info move the status and are audited', async () => {
    const t = tipoff();
    await get().createTipoff(t);
    await get().markReviewing(t.id, mod, at());
    expect((await get().getTipoff(t.id))!.status).toBe('reviewing');
    await get().requestInfo(t.id, mod, { id: newId(), textEnc: 'v1:msg' }, at(1));
    expect((await get().getTipoff(t.id))!.status).toBe('need-info');
    expect(await get().listMessages(t.id, true)).toHaveLength(1);
    await get().addCitizenInfo(t.id, {
      messageId: newId(),
      textEnc: 'v1:more',
      at: at(2),
      attachments: [],
    });
    expect((await get().getTipoff(t.id))!.status).toBe('reviewing');
    const rejected = await get().rejectTipoff(t.id, mod, '线索不足', at(3));
    expect(rejected.status).toBe('rejected');
    expect(rejected.closedAt).not.toBeNull();
    await expect(get().rejectTipoff(t.id, mod, 'again', at(4))).rejects.toMatchObject({
      status: 409,
      code: 'invalid_state',
    });
    await expect(
      get().addCitizenInfo(t.id, { messageId: newId(), textEnc: 'x', at: at(5), attachments: [] }),
    ).rejects.toMatchObject({ code: 'tipoff_closed' });
    const audit = await get().listAudit({ page: 1, pageSize: 50, target: `tipoff:${t.id}` });
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

  test('merging points a tip-off at another and refuses loops and closed cases', async () => {
    const a = tipoff();
    const b = tipoff();
    await get().createTipoff(a);
    await get().createTipoff(b);
    const merged = await get().mergeTipoff(a.id, b.id, mod, at());
    expect(merged.mergedInto).toBe(b.id);
    expect((await get().getTipoff(a.id))!.groupId).toBe((await get().getTipoff(b.id))!.groupId);
    await expect(get().mergeTipoff(b.id, a.id, mod, at(1))).rejects.toMatchObject({
      code: 'target_merged',
    });
    await expect(get().mergeTipoff(b.id, b.id, mod, at(1))).rejects.toMatchObject({
      code: 'merge_self',
    });
    await expect(get().mergeTipoff(a.id, b.id, mod, at(1))).rejects.toMatchObject({
      code: 'tipoff_merged',
    });
    const queue = await get().listQueue({ page: 1, pageSize: 100, now: new Date() });
    expect(queue.items.some((i) => i.id === a.id)).toBe(false);
    expect((await get().listRelated(b.id)).some((r) => r.id === a.id)).toBe(true);
  });

  test('50 parallel reward updates leave exactly one reward record', async () => {
    const t = tipoff();
    await get().createTipoff(t);
    await expect(
      get().setReward(t.id, sup, { state: 'reward-pending', amountCents: 100 }, at()),
    ).rejects.toMatchObject({
      code: 'not_rewardable',
    });
    await get().approveTipoff(t.id, mod, [], at());
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        get().setReward(
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
    const reward = await get().getReward(t.id);
    expect(reward).toMatchObject({ state: 'reward-paid', amountCents: 50_000 });
    expect((await get().getTipoff(t.id))!.status).toBe('reward-paid');
    const audit = await get().listAudit({ page: 1, pageSize: 100, target: `tipoff:${t.id}` });
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
    for (const t of [old, open, pending]) await get().createTipoff(t);
    const longAgo = new Date(Date.now() - 200 * 86_400_000).toISOString();
    await get().rejectTipoff(old.id, mod, '无效', longAgo);
    await get().approveTipoff(pending.id, mod, [], longAgo);
    await get().setReward(pending.id, sup, { state: 'reward-pending', amountCents: null }, longAgo);
    const cutoff = new Date(Date.now() - 180 * 86_400_000).toISOString();
    const res = await get().purgeExpired(cutoff, at());
    expect(res.files).toContain(names[0]);
    expect(res.files).not.toContain(names[1]);
    const o = (await get().getTipoff(old.id))!;
    expect(o).toMatchObject({ contactEnc: null, contactMasked: null, hasContact: false });
    expect(o.purgedAt).not.toBeNull();
    expect(await get().listAttachments(old.id)).toEqual([]);
    expect((await get().getTipoff(open.id))!.contactEnc).not.toBeNull();
    // Still waiting for the reward: the contact is needed to pay it.
    expect((await get().getTipoff(pending.id))!.contactEnc).not.toBeNull();
    const second = await get().purgeExpired(cutoff, at());
    expect(second.files).toEqual([]);
    expect(second.tipoffs).toBe(0);
  });
});
