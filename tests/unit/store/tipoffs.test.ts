/**
 * Tip-offs as filed (receipts, entities grouped by shared numbers, attachments) and migrations, on
 * SQLite and PostgreSQL.
 */
import { expect, test } from 'vitest';
import { newId } from '../../../functions/store/ids.ts';
import { MIGRATIONS } from '../../../functions/store/migrations/index.ts';
import { describeStore, tipoff, phone } from '../../fixtures/store-rows.ts';

describeStore('tipoffs store', (get) => {
  test('migrations are recorded once and running them again changes nothing', async () => {
    expect(await get().migrate()).toEqual([]);
    expect(await get().migrate()).toEqual([]);
    // Two processes starting at once: both succeed, neither applies anything twice.
    const again = await Promise.all([get().migrate(), get().migrate()]);
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
    await get().createTipoff(t);
    const found = await get().findTipoffByReceiptHash(t.receiptHash);
    expect(found).toMatchObject({
      id: t.id,
      status: 'received',
      hasContact: true,
      lostMoney: false,
      score: 40,
    });
    expect(await get().findTipoffByReceiptHash('hash-nothing')).toBeNull();
    expect(await get().listAttachments(t.id)).toHaveLength(1);
    expect((await get().listStorageNames()).has(t.attachments[0]!.storageName)).toBe(true);
  });

  test('a duplicate receipt hash is refused and leaves no partial rows', async () => {
    const t = tipoff({ entities: [phone('17000000001')] });
    await get().createTipoff(t);
    const dup = tipoff({ receiptHash: t.receiptHash, entities: [phone('17000000002')] });
    await expect(get().createTipoff(dup)).rejects.toThrow();
    expect(await get().getTipoff(dup.id)).toBeNull();
    expect(await get().listEntities(dup.id)).toEqual([]);
  });

  test('groups reports that share a number, and joins groups a report links', async () => {
    const a = tipoff({ entities: [phone('17100000001')] });
    const b = tipoff({ entities: [phone('17100000002')] });
    const ra = await get().createTipoff(a);
    const rb = await get().createTipoff(b);
    expect(ra.groupId).not.toBe(rb.groupId);
    const c = tipoff({ entities: [phone('17100000001'), phone('17100000002')] });
    const rc = await get().createTipoff(c);
    const ids = [a.id, b.id, c.id];
    const groups = await Promise.all(ids.map(async (id) => (await get().getTipoff(id))!.groupId));
    expect(new Set(groups).size).toBe(1);
    expect(groups[0]).toBe(rc.groupId);
    const related = await get().listRelated(a.id);
    expect(related.map((r) => r.id).sort()).toEqual([b.id, c.id].sort());
  });

  test('concurrent reports of one new number all land in one group', async () => {
    const list = Array.from({ length: 12 }, () => tipoff({ entities: [phone('17200000009')] }));
    const res = await Promise.all(list.map((t) => get().createTipoff(t)));
    expect(new Set(res.map((r) => r.groupId)).size).toBe(1);
  });
});
