/**
 * The exposure board in the store: approvals, the second supervisor for personal entries,
 * withdrawal and listing, on SQLite and PostgreSQL.
 */
import { expect, test } from 'vitest';
import { describeStore, mod, sup, sup2, tipoff, at } from '../../fixtures/store-rows.ts';

describeStore('exposures store', (get) => {
  test('approval publishes plain entries at once and holds personal ones for a second supervisor', async () => {
    const t = tipoff();
    await get().createTipoff(t);
    const { tipoff: after, exposures } = await get().approveTipoff(
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
    const published = await get().publishedExposures();
    expect(published.some((e) => e.key === '17300000001')).toBe(true);
    expect(published.some((e) => e.key === 'sha256:abc')).toBe(false);
    const personId = exposures[1]!.id;
    await expect(get().confirmExposure(personId, mod, at(1))).rejects.toMatchObject({
      code: 'same_approver',
    });
    const v1 = await get().exposuresVersion();
    const confirmed = await get().confirmExposure(personId, sup, at(2));
    expect(confirmed).toMatchObject({ status: 'published', confirmedBy: 'sup1' });
    expect(await get().exposuresVersion()).not.toBe(v1);
    await expect(get().confirmExposure(personId, sup2, at(3))).rejects.toMatchObject({
      code: 'not_pending',
    });
    expect((await get().findExposures(['sha256:abc'])).map((e) => e.display)).toEqual(['张*']);

    // A second report of the same number updates the entry instead of duplicating it.
    const t2 = tipoff();
    await get().createTipoff(t2);
    const again = await get().approveTipoff(
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
    await get().createTipoff(t);
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
    const { exposures } = await get().approveTipoff(
      t.id,
      mod,
      [entry('17300000099', false), entry('17300000098', true)],
      at(),
    );
    const [plain, held] = exposures;
    const v1 = await get().exposuresVersion();
    await expect(get().withdrawExposure(held!.id, sup, '不公开了', at(1))).rejects.toMatchObject({
      status: 409,
      code: 'not_published',
    });
    const withdrawn = await get().withdrawExposure(plain!.id, sup, '号码报错了', at(2));
    expect(withdrawn).toMatchObject({ id: plain!.id, status: 'withdrawn' });
    expect(await get().exposuresVersion()).not.toBe(v1);
    expect((await get().getExposure(plain!.id))!.status).toBe('withdrawn');
    expect(await get().findExposures(['17300000099'])).toEqual([]);
    expect((await get().publishedExposures()).some((e) => e.id === plain!.id)).toBe(false);
    const board = await get().listExposures({ page: 1, pageSize: 100 });
    expect(board.items.some((e) => e.id === plain!.id)).toBe(false);
    const gone = await get().listExposures({ page: 1, pageSize: 100, status: 'withdrawn' });
    expect(gone.items.map((e) => e.id)).toContain(plain!.id);
    await expect(get().withdrawExposure(plain!.id, sup2, '再撤一次', at(3))).rejects.toMatchObject({
      status: 409,
      code: 'already_withdrawn',
    });
    await expect(get().withdrawExposure('no-such-id', sup, '不存在', at(3))).rejects.toMatchObject({
      status: 404,
      code: 'not_found',
    });
    const audit = await get().listAudit({ page: 1, pageSize: 50, target: `exposure:${plain!.id}` });
    const rows = audit.items.filter((a) => a.action === 'exposure.withdraw');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actor: 'sup1',
      before: { status: 'published' },
      after: { status: 'withdrawn', reason: '号码报错了' },
    });
  });

  test('exposure listing pages through published entries', async () => {
    const page = await get().listExposures({ page: 1, pageSize: 1 });
    expect(page.items).toHaveLength(1);
    expect(page.total).toBeGreaterThanOrEqual(2);
    const pending = await get().listExposures({ page: 1, pageSize: 10, status: 'pending' });
    expect(pending.items.every((e) => e.status === 'pending')).toBe(true);
  });
});
