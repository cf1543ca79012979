/**
 * Issue 9, item 2: masked personal entries on the exposure board could be unmasked. The public
 * knowledge file held unsalted SHA-256 keys beside displays that kept 7 of 11 digits, and
 * /api/lookup answered any number of guesses. Now personal values (and any hash of them) appear in
 * no file under dist/ and in no public answer, they are matched on the server by a keyed HMAC only,
 * and look-ups of them spend a per-client and a global budget.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { entityKey, isPersonalKind, sha256Hex } from '../../bot/entity-key.ts';
import { loadKnowledgeFromContent } from '../../bot/content-loader.ts';
import { createApp } from '../../functions/app.ts';
import { hmacSha256, PersonalIndex } from '../../functions/security/personal-lookup.ts';
import { SEALED } from '../../functions/security/pii-crypto.ts';
import { DEFAULT_TIPOFF_LIMITS } from '../../functions/service/limits.ts';
import { refreshBlocklist, retagPersonalExposures } from '../../functions/service/blocklist.ts';
import type { ExposureKind } from '../../site/lib/taxonomy.ts';
import { postJson, VALID_TIPOFF } from '../fixtures/tipoff-app.ts';
import { contentNotices, ROOT, staffAppPerTest } from './helpers.ts';

const staffApp = staffAppPerTest();

/** Entries a moderator publishes in these tests (sample values, valid for their kind). */
const APPROVED: { kind: ExposureKind; value: string; display: string }[] = [
  { kind: 'person-phone', value: '13912344321', display: '139********' },
  { kind: 'id-card', value: '370123198001011239', display: '370123************' },
  { kind: 'account', value: '6217000011112222333', display: '***************2333' },
  { kind: 'person', value: '钱多多', display: '钱**' },
];

/** What gives a personal value away when the asker did not send it: the value, its match key. */
function cluesOf(kind: ExposureKind, value: string): string[] {
  return [...new Set([value, entityKey(kind, value)])];
}

/** What must never leave the server at all: hashes of the value and its HMAC tag. */
function hashesOf(kind: ExposureKind, value: string, index?: PersonalIndex): string[] {
  const key = entityKey(kind, value);
  const out = [sha256Hex(key), sha256Hex(value)];
  if (index) out.push(index.tag(kind, key).split(':').at(-1)!);
  return [...new Set(out)];
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('no personal value, or a hash of one, in any public file', () => {
  test('every file under dist/ is free of the notices’ personal values and their hashes', () => {
    const dist = join(ROOT, 'dist');
    expect(existsSync(join(dist, 'bot-knowledge.json')), 'run `npm run build` first').toBe(true);
    const personal = contentNotices().filter((e) => isPersonalKind(e.kind));
    expect(personal.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['person', 'person-phone', 'id-card', 'account']),
    );
    const secrets = personal.flatMap((e) => [
      ...cluesOf(e.kind, e.value),
      ...hashesOf(e.kind, e.value),
    ]);
    const files = filesUnder(dist);
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const s of secrets) expect(text.includes(s), `${s} in ${file}`).toBe(false);
    }
    // The people's entries are still on the board, masked.
    const page = readFileSync(join(dist, 'exposure/2026-04-she-zha-renyuan/index.html'), 'utf8');
    expect(page).toContain('063********');
    expect(page).toContain('990000************');
  });
});

describe('no public endpoint gives a personal value, its hash or its tag away', () => {
  test('every public route, asked about every personal value, answers only masks', async () => {
    const notices = contentNotices();
    const t = await staffApp({ knowledge: loadKnowledgeFromContent(ROOT), notices });
    // Publish the moderator's entries (personal ones after a second approval).
    const id = await t.submit();
    const exposures = await t.exposuresOf(await t.approve('mod', id, APPROVED));
    for (const e of exposures) if (e.status === 'pending') await t.confirm('boss', e.id);
    await refreshBlocklist(t.deps);

    const personal = [
      ...notices.filter((e) => isPersonalKind(e.kind)),
      ...APPROVED.map((e) => ({ kind: e.kind, value: e.value })),
    ];
    const clues = personal.flatMap((e) => cluesOf(e.kind, e.value));
    const hashes = personal.flatMap((e) => hashesOf(e.kind, e.value, t.deps.personal));
    const allValues = personal.map((e) => e.value).join('，');

    // Every public route (the admin API has its own access tests) is called below: a new one
    // must be added here.
    const publicRoutes = [
      ...new Set(
        t.app.routes
          .filter((r) => r.method !== 'ALL' && !r.path.startsWith('/api/admin/'))
          .map((r) => `${r.method} ${r.path}`),
      ),
    ].sort();
    expect(publicRoutes).toEqual(
      [
        'GET /api/exposures',
        'GET /api/exposures.csv',
        'GET /api/exposures.json',
        'GET /api/health',
        'GET /api/lookup',
        'POST /api/chat',
        'POST /api/check',
        'POST /api/tipoffs',
        'POST /api/tipoffs/info',
        'POST /api/tipoffs/status',
        'POST /report/add-info',
        'POST /report/status',
        'POST /report/submit',
      ].sort(),
    );
    const form = (fields: Record<string, string>) => ({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
      body: new URLSearchParams(fields).toString(),
    });
    const receiptRes = await postJson(t.app, '/api/tipoffs', {
      ...VALID_TIPOFF,
      description: `他们用了这些：${allValues}`,
      entities: personal.slice(0, 20).map((e) => ({ kind: 'other', value: e.value })),
    });
    const { receipt } = (await receiptRes.clone().json()) as { receipt: string };
    // Answers to requests that name no personal value: not even the value may appear.
    const quiet: Response[] = [
      await t.app.request('/api/health'),
      await t.app.request('/api/exposures?pageSize=100'),
      await t.app.request('/api/exposures.json'),
      await t.app.request('/api/exposures.csv'),
      await postJson(t.app, '/api/tipoffs/status', { receipt }),
      await t.app.request('/report/status', form({ receipt })),
      await postJson(t.app, '/api/check', { text: '公安局说我涉嫌洗钱，要我转到安全账户。' }),
    ];
    // Answers to requests that send the values (they may be echoed, as the person's own text):
    // no hash or tag, and for a look-up nothing of any other entry.
    const echo: Response[] = [
      receiptRes,
      await postJson(t.app, '/api/check', { text: `请转账到这里：${allValues}` }),
      await postJson(t.app, '/api/chat', {
        messages: [{ role: 'user', content: `这些是骗子吗 ${allValues}` }],
      }),
      await postJson(t.app, '/api/tipoffs/info', { receipt, text: `补充：${allValues}` }),
      await t.app.request(
        '/report/submit',
        form({ category: 'phone', description: allValues, consent: 'on' }),
      ),
      await t.app.request('/report/add-info', form({ receipt, text: allValues })),
    ];
    const lookups = await Promise.all(
      personal.map((e) => t.app.request(`/api/lookup?q=${encodeURIComponent(e.value)}`)),
    );
    const textOf = async (res: Response) => {
      expect(res.status, res.url).toBeLessThan(500);
      return `${[...res.headers].join('\n')}\n${await res.clone().text()}`;
    };
    for (const res of quiet) {
      const text = await textOf(res);
      for (const s of [...clues, ...hashes])
        expect(text.includes(s), `${s}: ${res.url}`).toBe(false);
    }
    for (const res of echo) {
      const text = await textOf(res);
      for (const s of hashes) expect(text.includes(s), `${s}: ${res.url}`).toBe(false);
    }
    for (const [i, res] of lookups.entries()) {
      const text = await textOf(res);
      const others = personal.filter((_, j) => j !== i).flatMap((e) => cluesOf(e.kind, e.value));
      for (const s of [...hashes, ...others])
        expect(text.includes(s), `${s}: ${res.url}`).toBe(false);
    }

    // The look-up still finds people's phones, ID and card numbers, shown masked, and never
    // names (a name alone identifies no one).
    for (const [i, e] of personal.entries()) {
      const body = (await lookups[i]!.json()) as {
        listed: boolean;
        entries: { kind: string; display: string; key: string }[];
      };
      expect(body.listed, e.value).toBe(e.kind !== 'person');
      for (const entry of body.entries) expect(entry.key).toMatch(/^(notice|exposure):/);
    }
    const shown = (
      (await (await t.app.request('/api/exposures?pageSize=100')).json()) as {
        items: { kind: string; display: string }[];
      }
    ).items;
    for (const e of APPROVED) {
      expect(shown).toContainEqual(expect.objectContaining({ kind: e.kind, display: e.display }));
    }
  });
});

describe('look-ups of personal entries spend a budget', () => {
  async function floodApp() {
    const t = await staffApp({ limits: DEFAULT_TIPOFF_LIMITS, notices: contentNotices() });
    const knowledge = loadKnowledgeFromContent(ROOT);
    // The client address comes from a test header, to play many clients.
    const app = createApp({
      version: 'test',
      remoteAddress: (c) => c.req.header('x-test-client') ?? '203.0.113.1',
      tipoffs: t.deps,
      getKnowledge: () => knowledge,
    });
    const lookup = async (q: string, client: string) =>
      (await (
        await app.request(`/api/lookup?q=${q}`, { headers: { 'x-test-client': client } })
      ).json()) as { listed: boolean; personalChecked: boolean; entries: { kind: string }[] };
    return { app, lookup };
  }
  const LISTED_PERSON_PHONE = '0635-0000190';
  const guess = (i: number) => `139${String(10_000_000 + i).slice(-8)}`;

  test('one client gets 20 personal look-ups; then none, while scam lines still answer', async () => {
    const { lookup } = await floodApp();
    for (let i = 0; i < DEFAULT_TIPOFF_LIMITS.personal.perClient.capacity; i++) {
      expect((await lookup(guess(i), 'a')).personalChecked).toBe(true);
    }
    const refused = await lookup(LISTED_PERSON_PHONE, 'a');
    expect(refused).toMatchObject({ listed: false, personalChecked: false });
    expect((await lookup('0635-0000101', 'a')).listed).toBe(true);
    expect(await lookup(LISTED_PERSON_PHONE, 'b')).toMatchObject({
      listed: true,
      personalChecked: true,
    });
  });

  test('many clients together cannot go past the global budget (the review used 200 addresses)', async () => {
    const { app, lookup } = await floodApp();
    const budget = DEFAULT_TIPOFF_LIMITS.personal.global.capacity;
    let checked = 0;
    for (let i = 0; i < budget + 200; i++) {
      if ((await lookup(guess(i), `client-${i % 200}`)).personalChecked) checked++;
    }
    // A little refill may come in during the run (0.2 a second).
    expect(checked).toBeLessThanOrEqual(budget + 10);
    expect(await lookup(LISTED_PERSON_PHONE, 'fresh')).toMatchObject({
      listed: false,
      personalChecked: false,
    });
    // The server-side check spends the same budget.
    const check = (await (
      await app.request('/api/check', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-test-client': 'fresh2' },
        body: JSON.stringify({ text: `他的电话是 ${LISTED_PERSON_PHONE}` }),
      })
    ).json()) as { listed?: { kind: string }[] };
    expect(check.listed?.map((l) => l.kind) ?? []).not.toContain('person-phone');
  });

  test('before the budget runs out, the server-side check finds a listed person’s phone', async () => {
    const { app } = await floodApp();
    const check = (await (
      await postJson(app, '/api/check', { text: `他的电话是 ${LISTED_PERSON_PHONE}` })
    ).json()) as { listed?: { kind: string; display: string }[] };
    expect(check.listed).toContainEqual(
      expect.objectContaining({ kind: 'person-phone', display: '063********' }),
    );
  });
});

describe('the keyed HMAC', () => {
  test('is HMAC-SHA256 (RFC 2104), as WebCrypto computes it', async () => {
    const key = crypto.getRandomValues(new Uint8Array(32));
    const message = new TextEncoder().encode('person-phone\u000013912344321');
    const web = await crypto.subtle.sign(
      'HMAC',
      await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']),
      message,
    );
    expect(hmacSha256(key, message)).toEqual(new Uint8Array(web));
  });

  test('entries stored under an older key (or a plain SHA-256) are re-tagged at start', async () => {
    const t = await staffApp();
    const id = await t.submit();
    const [entry] = await t.exposuresOf(
      await t.approve('mod', id, [{ kind: 'person-phone', value: '13912344321' }]),
    );
    await t.confirm('boss', entry!.id);
    // What a database written before this change holds: the unsalted SHA-256 as the key.
    const legacy = `sha256:${sha256Hex('13912344321')}`;
    const [row] = await t.store.listPersonalExposures();
    const valueEnc = await t.deps.cipher.encrypt(
      '13912344321',
      SEALED.exposure('person-phone', legacy),
    );
    await t.store.retagExposure(row!.id, row!.key, legacy, valueEnc);
    await refreshBlocklist(t.deps);
    const find = async () =>
      ((await (await t.app.request('/api/lookup?q=13912344321')).json()) as { listed: boolean })
        .listed;
    expect(await find()).toBe(false);
    expect(await retagPersonalExposures(t.deps)).toEqual({ retagged: 1, failed: 0 });
    await refreshBlocklist(t.deps);
    expect(await find()).toBe(true);
    const [after] = await t.store.listPersonalExposures();
    expect(after!.key).toBe(t.deps.personal.tag('person-phone', '13912344321'));
    expect(await retagPersonalExposures(t.deps)).toEqual({ retagged: 0, failed: 0 });
  });
});
