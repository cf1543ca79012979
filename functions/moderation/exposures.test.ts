/** The board as staff run it: a supervisor withdraws a published entry. */
import { describe, expect, test } from 'vitest';
import {
  staffedAppPerTest,
  login,
  postJson,
  VALID_TIPOFF,
} from '../../tests/fixtures/tipoff-app.ts';

const setup = staffedAppPerTest();

describe('board', () => {
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
});
