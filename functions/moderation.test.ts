import { describe, expect, test, vi } from 'vitest';
import { analyze } from '../bot/analyze.ts';
import { buildKnowledge } from '../bot/knowledge.ts';
import { DEFAULT_TIPOFF_LIMITS, withApprovedEntries } from './tipoff-service.ts';
import {
  addUser,
  EMPTY_KNOWLEDGE,
  login,
  makeTipoffApp,
  postJson,
  tipoffAppPerTest,
  VALID_TIPOFF,
} from '../tests/fixtures/tipoff-app.ts';

const tipoffApp = tipoffAppPerTest();

async function setup(opts: Parameters<typeof makeTipoffApp>[0] = {}) {
  const t = await tipoffApp(opts);
  await addUser(t.store, 'mod', 'moderator');
  await addUser(t.store, 'boss', 'supervisor');
  await addUser(t.store, 'boss2', 'supervisor');
  return t;
}

describe('sessions', () => {
  test('cookie is HttpOnly, SameSite=Strict; __Host- and Secure over https', async () => {
    const { app } = await setup();
    const local = await postJson(app, '/api/admin/login', {
      username: 'mod',
      password: 'correct horse battery staple',
    });
    const c1 = local.headers.get('set-cookie')!;
    expect(c1).toMatch(/^fanzha_session=/);
    expect(c1).toMatch(/HttpOnly/);
    expect(c1).toMatch(/SameSite=Strict/);
    expect(c1).toMatch(/Path=\//);
    const secure = await app.request('https://fanzha.example.gov.cn/api/admin/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://fanzha.example.gov.cn' },
      body: JSON.stringify({ username: 'mod', password: 'correct horse battery staple' }),
    });
    const c2 = secure.headers.get('set-cookie')!;
    expect(c2).toMatch(/^__Host-fanzha_session=/);
    expect(c2).toMatch(/Secure/);
  });

  test('wrong passwords fail the same way for unknown users, and are throttled per user', async () => {
    const { app } = await setup({ limits: DEFAULT_TIPOFF_LIMITS });
    const wrong = await postJson(app, '/api/admin/login', { username: 'mod', password: 'nope' });
    const unknown = await postJson(app, '/api/admin/login', {
      username: 'ghost',
      password: 'nope',
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
    const codes: number[] = [];
    for (let i = 0; i < 6; i++)
      codes.push(
        (await postJson(app, '/api/admin/login', { username: 'boss', password: `x${i}` })).status,
      );
    expect(codes.at(-1)).toBe(429);
  });

  test('login rotates the session, logout ends it, idle sessions expire', async () => {
    let now = Date.now();
    const { app } = await setup({ now: () => new Date(now) });
    const first = await login(app, 'mod');
    const again = await app.request('/api/admin/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: first.cookie },
      body: JSON.stringify({ username: 'mod', password: 'correct horse battery staple' }),
    });
    const second = again.headers.get('set-cookie')!.split(';')[0]!;
    expect(second).not.toBe(first.cookie);
    expect((await app.request('/api/admin/me', { headers: { cookie: first.cookie } })).status).toBe(
      401,
    );
    expect((await app.request('/api/admin/me', { headers: { cookie: second } })).status).toBe(200);

    const s = await login(app, 'boss');
    expect((await postJson(app, '/api/admin/logout', {}, s.headers)).status).toBe(200);
    expect((await app.request('/api/admin/me', { headers: { cookie: s.cookie } })).status).toBe(
      401,
    );

    now += 31 * 60_000;
    const idle = await app.request('/api/admin/me', { headers: { cookie: second } });
    expect(idle.status).toBe(401);
    expect(((await idle.json()) as { error: { code: string } }).error.code).toBe('session_expired');
  });
});

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

  test('a supervisor withdraws a published entry: off the board, look-up, checker and blocklist; audited', async () => {
    const { app, deps } = await setup();
    await postJson(app, '/api/tipoffs', VALID_TIPOFF);
    const m = await login(app, 'mod');
    const s = await login(app, 'boss');
    const queue = (await (
      await app.request('/api/admin/tipoffs', { headers: m.headers })
    ).json()) as { items: { id: string }[] };
    const approved = await postJson(
      app,
      `/api/admin/tipoffs/${queue.items[0]!.id}/approve`,
      { entries: [{ kind: 'phone', value: '17012345678', publicNote: '冒充快递客服理赔' }] },
      m.headers,
    );
    const id = ((await approved.json()) as { exposures: { id: string }[] }).exposures[0]!.id;
    const lookup = async () =>
      ((await (await app.request('/api/lookup?q=17012345678')).json()) as { listed: boolean })
        .listed;
    const flagged = async () =>
      (
        (await (
          await postJson(app, '/api/check', { text: '刚才 170 1234 5678 给我打电话说快递丢了' })
        ).json()) as { listed?: { kind: string }[] }
      ).listed?.map((l) => l.kind) ?? [];
    expect(await lookup()).toBe(true);
    expect(await flagged()).toEqual(['phone']);
    const board = await app.request('/api/exposures');
    const etag = board.headers.get('etag')!;
    expect(((await board.json()) as { total: number }).total).toBe(1);
    const published = (await (
      await app.request('/api/admin/exposures?status=published', { headers: s.headers })
    ).json()) as { items: { id: string; status: string }[] };
    expect(published.items.map((e) => [e.id, e.status])).toEqual([[id, 'published']]);

    const url = `/api/admin/exposures/${id}/withdraw`;
    const reason = '号码登记错误，举报人打错了一位';
    expect((await postJson(app, url, { reason }, m.headers)).status).toBe(403);
    const noSession = await postJson(app, url, { reason }, { origin: 'http://localhost' });
    expect(noSession.status).toBe(401);
    for (const bad of [{}, { reason: ' 错' }, { reason: '错'.repeat(201) }, { reason: 5 }]) {
      const res = await postJson(app, url, bad, s.headers);
      expect(res.status, JSON.stringify(bad)).toBe(422);
      const body = (await res.json()) as {
        error: { code: string; details: { message: string }[] };
      };
      expect(body.error.code).toBe('invalid_input');
      expect(body.error.details[0]!.message).toMatch(/撤下/);
    }
    expect(await lookup()).toBe(true);

    const res = await postJson(app, url, { reason }, s.headers);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ exposure: { id, status: 'withdrawn' } });

    expect(await lookup()).toBe(false);
    expect(await flagged()).toEqual([]);
    expect(deps.blocklist.entries.some((e) => JSON.stringify(e).includes('17012345678'))).toBe(
      false,
    );
    const after = await app.request('/api/exposures', { headers: { 'if-none-match': etag } });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    expect(((await after.json()) as { total: number }).total).toBe(0);
    const json = await (await app.request('/api/exposures.json')).text();
    const csv = await (await app.request('/api/exposures.csv')).text();
    expect(json).not.toContain('17012345678');
    expect(csv).not.toContain('17012345678');
    const withdrawn = (await (
      await app.request('/api/admin/exposures?status=withdrawn', { headers: s.headers })
    ).json()) as { items: { id: string }[] };
    expect(withdrawn.items.map((e) => e.id)).toEqual([id]);

    const again = await postJson(app, url, { reason }, s.headers);
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe(
      'already_withdrawn',
    );
    const unknown = await postJson(
      app,
      '/api/admin/exposures/nope/withdraw',
      { reason },
      s.headers,
    );
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('not_found');

    const audit = (await (
      await app.request(`/api/admin/audit?target=exposure:${id}`, { headers: s.headers })
    ).json()) as { items: { action: string; actor: string; before: unknown; after: unknown }[] };
    const row = audit.items.find((a) => a.action === 'exposure.withdraw');
    expect(row).toMatchObject({
      actor: 'boss',
      before: { status: 'published' },
      after: { status: 'withdrawn', reason },
    });
  });

  test('merge points one report at another; the citizen sees the merged status', async () => {
    const { app } = await setup();
    const r1 = (
      (await (await postJson(app, '/api/tipoffs', VALID_TIPOFF)).json()) as { receipt: string }
    ).receipt;
    const r2 = (
      (await (await postJson(app, '/api/tipoffs', { ...VALID_TIPOFF, entities: [] })).json()) as {
        receipt: string;
      }
    ).receipt;
    const m = await login(app, 'mod');
    const q = (await (await app.request('/api/admin/tipoffs', { headers: m.headers })).json()) as {
      items: { id: string; contact: string }[];
    };
    const [a, b] = q.items;
    expect(
      (await postJson(app, `/api/admin/tipoffs/${a!.id}/merge`, { into: b!.id }, m.headers)).status,
    ).toBe(200);
    await postJson(app, `/api/admin/tipoffs/${b!.id}/reject`, { reason: '不构成诈骗' }, m.headers);
    const statuses = await Promise.all(
      [r1, r2].map(
        async (r) =>
          (await (await postJson(app, '/api/tipoffs/status', { receipt: r })).json()) as {
            status: string;
            messages: { text: string }[];
            canAddInfo: boolean;
          },
      ),
    );
    expect(statuses.map((x) => x.status)).toEqual(['rejected', 'rejected']);
    expect(statuses.some((x) => x.messages.some((msg) => msg.text.includes('合并')))).toBe(true);
    expect(statuses.every((x) => !x.canAddInfo)).toBe(true);
  });

  test('attachments download as attachments, never inline', async () => {
    const { app, store } = await setup();
    const fd = new FormData();
    fd.append('category', 'phone');
    fd.append('description', VALID_TIPOFF.description);
    fd.append('consent', 'on');
    const gif = new Uint8Array([
      0xff, 0xd8, 0xff, 0xe0, 0, 4, 0x4a, 0x46, 0xff, 0xda, 0, 2, 1, 2, 0xff, 0xd9,
    ]);
    fd.append('screenshots', new Blob([gif]), 'x.html');
    expect((await app.request('/api/tipoffs', { method: 'POST', body: fd })).status).toBe(201);
    const m = await login(app, 'mod');
    const [t] = (await store.listQueue({ page: 1, pageSize: 1, now: new Date() })).items;
    const [a] = await store.listAttachments(t!.id);
    const res = await app.request(`/api/admin/tipoffs/${t!.id}/attachments/${a!.id}`, {
      headers: m.headers,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="tipoff-[0-9a-z]+\.jpg"$/,
    );
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(gif);
  });

  test('the open-data CSV neutralizes spreadsheet formulas', async () => {
    const { app } = await setup();
    await postJson(app, '/api/tipoffs', VALID_TIPOFF);
    const m = await login(app, 'mod');
    const q = (await (await app.request('/api/admin/tipoffs', { headers: m.headers })).json()) as {
      items: { id: string }[];
    };
    await postJson(
      app,
      `/api/admin/tipoffs/${q.items[0]!.id}/approve`,
      {
        entries: [
          { kind: 'app', value: '=HYPERLINK("http://x")', publicNote: '+cmd|calc 假冒投资APP' },
        ],
      },
      m.headers,
    );
    const bytes = new Uint8Array(await (await app.request('/api/exposures.csv')).arrayBuffer());
    expect(Array.from(bytes.subarray(0, 3))).toEqual([0xef, 0xbb, 0xbf]);
    const csv = new TextDecoder().decode(bytes);
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(csv).toContain(`"'+cmd|calc 假冒投资APP"`);
    const json = (await (await app.request('/api/exposures.json')).json()) as { count: number };
    expect(json.count).toBe(1);
  });

  test('store down answers 503 with the 110 message', async () => {
    const { app, deps } = await setup();
    const { StoreUnavailableError } = await import('./store/driver.ts');
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

describe('lookup', () => {
  test('also finds the numbers of build-time exposure notices', async () => {
    const knowledge = buildKnowledge({
      version: 'test',
      patterns: [],
      entries: [
        {
          kind: 'url',
          value: 'http://fake-bank.example/login',
          note: '仿冒银行网站',
          source: { title: '警方通报：仿冒银行网站', date: '2025-01-02', href: '/notices/x/' },
        },
      ],
    });
    const { app } = await setup({ knowledge });
    const res = (await (
      await app.request('/api/lookup?q=https://FAKE-bank.example/login/')
    ).json()) as {
      listed: boolean;
      entries: { source: { title: string } }[];
    };
    expect(res.listed).toBe(true);
    expect(res.entries[0]!.source.title).toBe('警方通报：仿冒银行网站');
    const none = (await (await app.request('/api/lookup?q=13000000000')).json()) as {
      listed: boolean;
      advice: string;
    };
    expect(none.listed).toBe(false);
    expect(none.advice).toMatch(/不代表安全/);
    expect((await app.request('/api/lookup?q=1')).status).toBe(422);
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
