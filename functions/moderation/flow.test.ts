/**
 * A case from report to board, reward and audit through the API; the store down; and no personal
 * data in any log line.
 */
import { describe, expect, test, vi } from 'vitest';
import { analyze } from '../../bot/analyze.ts';
import { withApprovedEntries } from '../service/blocklist.ts';
import {
  staffedAppPerTest,
  EMPTY_KNOWLEDGE,
  login,
  postJson,
  VALID_TIPOFF,
} from '../../tests/fixtures/tipoff-app.ts';

const setup = staffedAppPerTest();

describe('moderation flow', () => {
  test('queue → detail → approve → board, lookup and engine; rewards, contact and audit', async () => {
    const { app, deps } = await setup();
    const submit = async (body: unknown) =>
      ((await (await postJson(app, '/api/tipoffs', body)).json()) as { receipt: string }).receipt;
    const r1 = await submit(VALID_TIPOFF);
    await submit({
      ...VALID_TIPOFF,
      contact: undefined,
      description: '同一个号码又打来了，说是快递理赔，要我下载会议软件',
    });
    const r3 = await submit({
      ...VALID_TIPOFF,
      entities: [{ kind: 'url', value: 'http://other.example' }],
    });

    const m = await login(app, 'mod');
    const s = await login(app, 'boss');
    const get = (path: string, h = m.headers) => app.request(path, { headers: h });
    const post = (path: string, body: unknown, h = m.headers) => postJson(app, path, body, h);

    const queue = (await (await get('/api/admin/tipoffs')).json()) as {
      items: {
        id: string;
        groupSize: number;
        contact: string | null;
        entities: { kind: string; value: string }[];
      }[];
      total: number;
    };
    expect(queue.total).toBe(3);
    const grouped = queue.items.filter((i) => i.groupSize === 2);
    expect(grouped).toHaveLength(2);
    expect(queue.items.map((i) => i.contact)).toContain('王** · 139****5678');
    // The queue shows numbers masked; the full ones are in the audited case view.
    expect(queue.items.map((i) => i.entities[0])).toContainEqual({
      kind: 'phone',
      value: '170****5678',
    });
    expect(queue.items.map((i) => i.entities[0])).toContainEqual({
      kind: 'url',
      value: 'http://other.example',
    });
    expect(JSON.stringify(queue)).not.toContain('13912345678');
    expect(JSON.stringify(queue)).not.toContain('17012345678');

    const first = grouped.find((i) => i.contact)!;
    const detail = (await (await get(`/api/admin/tipoffs/${first.id}`)).json()) as Record<
      string,
      unknown
    >;
    expect(detail).toMatchObject({
      status: 'reviewing',
      description: VALID_TIPOFF.description,
      groupSize: 2,
    });
    expect(detail['entities']).toEqual([
      { kind: 'phone', value: '17012345678', source: 'citizen' },
    ]);
    expect((detail['related'] as unknown[]).length).toBe(1);
    expect(JSON.stringify(detail)).not.toContain('13912345678');

    // Approve: the phone publishes at once; the person waits for a second supervisor.
    const approved = await post(`/api/admin/tipoffs/${first.id}/approve`, {
      entries: [
        { kind: 'phone', value: '170-1234-5678', publicNote: '冒充快递客服理赔' },
        { kind: 'person', value: '赵大海', publicNote: '组织冒充客服诈骗' },
      ],
    });
    expect(approved.status).toBe(200);
    const { exposures } = (await approved.json()) as {
      exposures: { id: string; status: string; display: string }[];
    };
    expect(exposures.map((e) => [e.status, e.display])).toEqual([
      ['published', '170-1234-5678'],
      ['pending', '赵**'],
    ]);

    const lookup = (await (await app.request('/api/lookup?q=%2B86%2017012345678')).json()) as {
      listed: boolean;
      entries: { display: string }[];
    };
    expect(lookup.listed).toBe(true);
    const engine = analyze(
      '刚才17012345678给我打电话说快递丢了',
      withApprovedEntries(
        () => EMPTY_KNOWLEDGE,
        () => deps,
      )(),
    );
    expect(engine.listed?.map((l) => l.kind)).toEqual(['phone']);
    const check = await postJson(app, '/api/check', {
      text: '刚才 170 1234 5678 给我打电话说快递丢了要理赔',
    });
    expect(
      ((await check.json()) as { listed?: { kind: string }[] }).listed?.map((l) => l.kind),
    ).toEqual(['phone']);
    expect(
      ((await (await app.request('/api/lookup?q=赵大海')).json()) as { listed: boolean }).listed,
    ).toBe(false);

    // The board: ETag and 304, and only published entries.
    const board = await app.request('/api/exposures');
    const etag = board.headers.get('etag')!;
    expect(((await board.json()) as { total: number }).total).toBe(1);
    expect(
      (await app.request('/api/exposures', { headers: { 'if-none-match': etag } })).status,
    ).toBe(304);

    expect((await post(`/api/admin/exposures/${exposures[1]!.id}/confirm`, {})).status).toBe(403);
    expect(
      (await post(`/api/admin/exposures/${exposures[1]!.id}/confirm`, {}, s.headers)).status,
    ).toBe(200);
    const after = await app.request('/api/exposures', { headers: { 'if-none-match': etag } });
    expect(after.status).toBe(200);
    const items = ((await after.json()) as { items: { display: string }[] }).items;
    expect(items.map((i) => i.display).sort()).toEqual(['170-1234-5678', '赵**']);
    expect(JSON.stringify(items)).not.toContain('赵大海');
    // A name is shown masked but never looked up: confirming one would only help unmask it.
    expect(
      ((await (await app.request('/api/lookup?q=赵大海')).json()) as { listed: boolean }).listed,
    ).toBe(false);

    // Request info: the citizen sees the message and may add details; then the reward.
    const third = queue.items.find((i) => i.groupSize === 1)!;
    expect(
      (
        await post(`/api/admin/tipoffs/${third.id}/request-info`, {
          message: '请补充对方网址的截图',
        })
      ).status,
    ).toBe(200);
    const st = (await (await postJson(app, '/api/tipoffs/status', { receipt: r3 })).json()) as {
      status: string;
      messages: { text: string }[];
      canAddInfo: boolean;
    };
    expect(st).toMatchObject({ status: 'need-info', canAddInfo: true });
    expect(st.messages.map((x) => x.text)).toContain('请补充对方网址的截图');
    expect(
      (
        await postJson(app, '/api/tipoffs/info', {
          receipt: r3,
          text: '截图稍后补充，网址是短信里来的',
        })
      ).status,
    ).toBe(200);
    expect(
      (
        (await (await postJson(app, '/api/tipoffs/status', { receipt: r3 })).json()) as {
          status: string;
        }
      ).status,
    ).toBe('reviewing');

    expect(
      (
        await post(`/api/admin/tipoffs/${first.id}/reward`, {
          state: 'reward-pending',
          amount: 200,
        })
      ).status,
    ).toBe(403);
    const reward = await post(
      `/api/admin/tipoffs/${first.id}/reward`,
      { state: 'reward-pending', amount: 200 },
      s.headers,
    );
    expect(await reward.json()).toMatchObject({ reward: { state: 'reward-pending', amount: 200 } });
    const st1 = (await (await postJson(app, '/api/tipoffs/status', { receipt: r1 })).json()) as {
      statusLabel: string;
    };
    expect(st1.statusLabel).toBe('奖励待领取');

    const contact = await get(`/api/admin/tipoffs/${first.id}/contact`, s.headers);
    expect(await contact.json()).toEqual({ contact: { name: '王小明', phone: '13912345678' } });
    const audit = (await (
      await get(`/api/admin/audit?target=tipoff:${first.id}`, s.headers)
    ).json()) as { items: { action: string; actor: string }[] };
    expect(audit.items.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'tipoff.review',
        'tipoff.view',
        'tipoff.approve',
        'tipoff.reward',
        'tipoff.contact-view',
      ]),
    );
    expect(JSON.stringify(audit)).not.toContain('13912345678');

    // Bulk reject of what is left; a closed one reports its own failure.
    const bulk = (await (
      await post('/api/admin/tipoffs/bulk', {
        ids: queue.items.map((i) => i.id),
        action: 'reject',
        reason: '重复',
      })
    ).json()) as {
      results: { id: string; ok: boolean; code?: string }[];
    };
    expect(bulk.results.find((x) => x.id === first.id)).toMatchObject({
      ok: false,
      code: 'invalid_state',
    });
    expect(bulk.results.filter((x) => x.ok)).toHaveLength(2);
  });

  test('store down answers 503 with the 110 message', async () => {
    const { app, deps } = await setup();
    const { StoreUnavailableError } = await import('../store/driver.ts');
    vi.spyOn(deps.store, 'createTipoff').mockRejectedValueOnce(new StoreUnavailableError());
    const res = await postJson(app, '/api/tipoffs', VALID_TIPOFF);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      error: {
        code: 'store_unavailable',
        message: '举报系统暂时无法使用，请稍后再试。如果已被骗，请立即拨打110。',
      },
    });
  });
});

describe('logs', () => {
  test('no phone number, contact or receipt appears in any log line during a full flow', async () => {
    const lines: string[] = [];
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((k) =>
      vi.spyOn(console, k).mockImplementation((...args: unknown[]) => {
        lines.push(args.map(String).join(' '));
      }),
    );
    try {
      const { app } = await setup({ log: (l) => lines.push(l) });
      const { receipt } = (await (await postJson(app, '/api/tipoffs', VALID_TIPOFF)).json()) as {
        receipt: string;
      };
      await postJson(app, '/api/tipoffs/status', { receipt });
      await postJson(app, '/api/tipoffs', { ...VALID_TIPOFF, description: 'x' });
      const s = await login(app, 'boss');
      const q = (await (
        await app.request('/api/admin/tipoffs', { headers: s.headers })
      ).json()) as { items: { id: string }[] };
      const id = q.items[0]!.id;
      await app.request(`/api/admin/tipoffs/${id}`, { headers: s.headers });
      await postJson(
        app,
        `/api/admin/tipoffs/${id}/approve`,
        { entries: [{ kind: 'phone', value: '17012345678', publicNote: '冒充客服' }] },
        s.headers,
      );
      await postJson(
        app,
        `/api/admin/tipoffs/${id}/reward`,
        { state: 'reward-paid', amount: 100 },
        s.headers,
      );
      await app.request(`/api/admin/tipoffs/${id}/contact`, { headers: s.headers });
      const all = lines.join('\n');
      for (const secret of [
        '13912345678',
        '王小明',
        receipt,
        receipt.replace(/-/g, ''),
        '快递客服',
      ])
        expect(all).not.toContain(secret);
    } finally {
      for (const s of spies) s.mockRestore();
    }
  });
});
