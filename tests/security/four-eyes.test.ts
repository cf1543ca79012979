/**
 * Issue 9, items 3 and 4: a personal entry needs two people, and a moderator cannot publish
 * personal data under another kind. Before: a supervisor re-approved a withdrawn entry (which went
 * back to pending under the old proposer's name) and confirmed it alone; a "phone" holding a name
 * and an ID number, an "app" holding a home address and a bank card went out with one approval.
 */
import { describe, expect, test } from 'vitest';
import { DATABASES, staffAppPerTest } from './helpers.ts';

const staffApp = staffAppPerTest();

describe.each(DATABASES)('four eyes on personal entries (%s)', (kind) => {
  test('a re-approval after a withdrawal needs a second person, and not the one who withdrew it', async () => {
    const t = await staffApp({ kind });
    const person = [{ kind: 'person', value: '钱多多' }];
    const [first] = await t.exposuresOf(await t.approve('mod', await t.submit(), person));
    expect(first!.status).toBe('pending');
    expect((await t.confirm('boss2', first!.id)).status).toBe(200);
    expect((await t.withdraw('boss2', first!.id)).status).toBe(200);

    // boss approves a new tip-off naming the same person: the entry is pending again, as boss's.
    const [again] = await t.exposuresOf(await t.approve('boss', await t.submit(), person));
    expect(again).toMatchObject({ id: first!.id, status: 'pending' });
    const byProposer = await t.confirm('boss', again!.id);
    expect(byProposer.status).toBe(409);
    expect(((await byProposer.json()) as { error: { code: string } }).error.code).toBe(
      'same_approver',
    );
    const byWithdrawer = await t.confirm('boss2', again!.id);
    expect(byWithdrawer.status).toBe(409);
    expect(await t.store.getExposure(again!.id)).toMatchObject({
      status: 'pending',
      proposedBy: 'boss',
      withdrawnBy: 'boss2',
    });

    expect((await t.confirm('boss3', again!.id)).status).toBe(200);
    expect(await t.store.getExposure(again!.id)).toMatchObject({
      status: 'published',
      confirmedBy: 'boss3',
    });
  });

  test('the proposer of a first approval cannot confirm it either', async () => {
    const t = await staffApp({ kind });
    const [e] = await t.exposuresOf(
      await t.approve('boss', await t.submit(), [{ kind: 'id-card', value: '370123198001011239' }]),
    );
    expect((await t.confirm('boss', e!.id)).status).toBe(409);
    expect((await t.confirm('boss2', e!.id)).status).toBe(200);
  });
});

describe('each entry is checked against its kind before it is published', () => {
  test('a bank card (account) waits for a second approval', async () => {
    const t = await staffApp();
    const [e] = await t.exposuresOf(
      await t.approve('mod', await t.submit(), [
        { kind: 'account', value: '6217 0000 1111 2222 333' },
      ]),
    );
    expect(e).toMatchObject({ status: 'pending', display: '***************2333' });
    const board = (await (await t.app.request('/api/exposures')).json()) as { total: number };
    expect(board.total).toBe(0);
  });

  test('refuses values that are not what their kind says, naming the entry', async () => {
    const t = await staffApp();
    const id = await t.submit();
    const wrong: { kind: string; value: string }[] = [
      { kind: 'phone', value: '张三丰 本人手机13812345678 身份证370123198001011239' },
      { kind: 'phone', value: '13812345678 张三丰' },
      { kind: 'person-phone', value: '138123' },
      { kind: 'app', value: '临清市松林镇幸福路12号3单元501室' },
      { kind: 'app', value: '鑫盛理财 客服13812345678' },
      { kind: 'company', value: '某某公司 法人身份证370123198001011239' },
      { kind: 'url', value: '张三丰的家 幸福路12号' },
      { kind: 'account', value: '张三丰 6217000011112222333' },
      { kind: 'id-card', value: '370123198001011234' },
      { kind: 'qq', value: 'QQ 12' },
      { kind: 'wechat', value: '张三丰 住幸福路12号' },
      { kind: 'person', value: '张三丰13812345678' },
    ];
    for (const entry of wrong) {
      const res = await t.approve('mod', id, [entry]);
      expect(res.status, entry.value).toBe(422);
      const body = (await res.json()) as { error: { code: string; details?: unknown } };
      expect(body.error.code, entry.value).toBe('invalid_input');
      expect(JSON.stringify(body.error.details), entry.value).toContain('entries.0.value');
    }
    expect((await t.store.listExposures({ page: 1, pageSize: 10 })).total).toBe(0);
  });

  test('takes the ordinary values of every kind', async () => {
    const t = await staffApp();
    const ok = [
      { kind: 'phone', value: '+86 170-1234-5678' },
      { kind: 'phone', value: '0635-60001001' },
      { kind: 'phone', value: '95588' },
      { kind: 'phone', value: '+85270000101' },
      { kind: 'url', value: 'https://safe-check.example/verify?id=1' },
      { kind: 'url', value: 'jifen-duihuan.example' },
      { kind: 'app', value: '鑫盛理财Pro' },
      { kind: 'app', value: 'Zoom 云会议（仿冒）' },
      { kind: 'company', value: '某某网络科技有限公司（示例）' },
      { kind: 'qq', value: '100000012' },
      { kind: 'wechat', value: 'wxid_sample001' },
      { kind: 'person', value: '欧阳娜娜' },
      { kind: 'person-phone', value: '139 1234 4321' },
      { kind: 'id-card', value: '370123198001011239' },
      { kind: 'account', value: '6217000011112222333' },
    ];
    const res = await t.approve('mod', await t.submit(), ok);
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await t.exposuresOf(res)).toHaveLength(ok.length);
  });
});
