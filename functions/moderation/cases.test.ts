/** Reading and merging cases: merges the citizen can follow, attachments that only download. */
import { describe, expect, test } from 'vitest';
import {
  staffedAppPerTest,
  login,
  postJson,
  VALID_TIPOFF,
} from '../../tests/fixtures/tipoff-app.ts';

const setup = staffedAppPerTest();

describe('cases', () => {
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
});
