/** The public exposure routes: the open-data files and the look-up. */
import { describe, expect, test } from 'vitest';
import { buildKnowledge } from '../bot/knowledge.ts';
import { staffedAppPerTest, login, postJson, VALID_TIPOFF } from '../tests/fixtures/tipoff-app.ts';

const setup = staffedAppPerTest();

describe('open data', () => {
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
