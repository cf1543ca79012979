/**
 * The privacy page's promises about how tip-offs are stored, encrypted, shown and deleted
 * (content/pages/privacy.mdx), one test per sentence, on SQLite and PostgreSQL. Each test first
 * finds its sentence on the page: reword a promise and its test fails until someone checks it again.
 */
import { readdirSync, readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createApp } from '../../functions/app.ts';
import { startTipoffService } from '../../functions/store/node-setup.ts';
import { createTipoff } from '../../functions/service/submission.ts';
import { DEFAULT_TIPOFF_LIMITS } from '../../functions/service/limits.ts';
import { purgeExpired } from '../../functions/service/retention.ts';
import { tipoffStatus } from '../../functions/service/citizen-status.ts';
import { fakeLlm } from '../fixtures/api-test-support.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../fixtures/fake-openai.ts';
import { ascii, pngChunk, tinyPng } from '../fixtures/images.ts';
import {
  addUser,
  DATABASE_URL,
  EMPTY_KNOWLEDGE,
  login,
  postJson,
  tipoffAppPerTest,
} from '../fixtures/tipoff-app.ts';

const PAGE = readFileSync(new URL('../../content/pages/privacy.mdx', import.meta.url), 'utf8')
  .replace(/\*\*/g, '')
  .replace(/\n(?!\n)/g, '');

/** The promise as the page states it (bold marks dropped): the test is only as good as this match. */
function promise(sentence: string) {
  expect(PAGE, `privacy.mdx no longer says: ${sentence}`).toContain(sentence);
}

const kinds = (['sqlite', 'postgres'] as const).filter((k) => k === 'sqlite' || DATABASE_URL);
const setup = tipoffAppPerTest();
const DAY = 86_400_000;

// A made-up citizen and the scam they report. Every value here must never be stored in clear.
const C = {
  name: '刘秀英',
  phone: '13987654321',
  other: 'liuxy1956',
  idCard: '371581195603124527',
  card: '6217000010001234567',
  scamPhone: '17055556666',
  wechat: 'wxid_scamdemo2024',
  url: 'http://pay-verify.example.cn/safe',
  info: '对方后来又打来电话，催我尽快转账。',
};
const DESCRIPTION = `我叫${C.name}，身份证${C.idCard}，我的电话${C.phone}。对方自称公安局民警，说我涉嫌洗钱，让我把钱转到安全账户。`;
const SECRETS = [
  C.name,
  C.phone,
  C.other,
  C.idCard,
  C.card,
  C.scamPhone,
  C.wechat,
  'pay-verify',
  '涉嫌洗钱',
  '催我尽快转账',
];

/** A PNG with a location in its metadata, which must not survive the upload. */
const GPS_PNG = () =>
  tinyPng(pngChunk('tEXt', ascii('GPS\0N36.85 E115.71')), pngChunk('eXIf', ascii('MM GPS')));

/** The citizen's report as the no-JS form sends it: fields, one number per line, a screenshot. */
function reportForm(extra: { scamPhone?: string; card?: boolean } = {}) {
  const fd = new FormData();
  fd.append('category', 'phone');
  fd.append('description', DESCRIPTION);
  fd.append(
    'entities',
    [
      extra.scamPhone ?? C.scamPhone,
      ...(extra.card === false ? [] : [C.card]),
      C.wechat,
      C.url,
    ].join('\n'),
  );
  fd.append('contact.name', C.name);
  fd.append('contact.phone', C.phone);
  fd.append('contact.other', C.other);
  fd.append('consent', 'on');
  fd.append(
    'screenshots',
    new Blob([GPS_PNG() as Uint8Array<ArrayBuffer>], { type: 'image/png' }),
    'a.png',
  );
  return fd;
}

type App = Awaited<ReturnType<typeof setup>>['app'];

async function submit(app: App, fd = reportForm()): Promise<string> {
  const res = await app.request('/api/tipoffs', {
    method: 'POST',
    body: fd,
    headers: { accept: 'application/json' },
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { receipt: string }).receipt;
}

async function addInfo(app: App, receipt: string) {
  const fd = new FormData();
  fd.append('receipt', receipt);
  fd.append('text', C.info);
  fd.append(
    'screenshots',
    new Blob([GPS_PNG() as Uint8Array<ArrayBuffer>], { type: 'image/png' }),
    'b.png',
  );
  const res = await app.request('/api/tipoffs/info', {
    method: 'POST',
    body: fd,
    headers: { accept: 'application/json' },
  });
  expect(res.status).toBe(200);
}

const getJson = async <T>(app: App, path: string, headers: Record<string, string>) =>
  (await (await app.request(path, { headers })).json()) as T;

interface QueueJson {
  items: { id: string; entities: { kind: string; value: string }[] }[];
}

describe.each(kinds)('privacy promises on %s', (kind) => {
  test('举报内容加密保存：经过、号码和账号、联系方式和补充的材料都只以密文存放', async () => {
    promise(
      '举报内容加密保存：您写的经过、号码和账号、联系方式和补充的材料，在服务器上都只以密文存放。',
    );
    const t = await setup({ kind });
    const receipt = await submit(t.app);
    await addInfo(t.app, receipt);
    const stored = JSON.stringify(await t.handle.dump());
    for (const s of SECRETS) expect(stored, s).not.toContain(s);
    const files = readdirSync(join(t.dir, 'uploads'));
    expect(files).toHaveLength(2);
    for (const f of files) {
      const bytes = readFileSync(join(t.dir, 'uploads', f));
      expect(bytes.subarray(0, 4).toString('latin1')).toBe('FZS1');
      expect(bytes.toString('latin1')).not.toContain('IHDR');
    }
  });

  test('银行卡号保存时加密，显示时遮挡大部分数字', async () => {
    promise(
      '银行卡号等金融账户信息属于敏感个人信息（《个人信息保护法》第二十八条），我们格外小心：保存时加密，显示时遮挡大部分数字。',
    );
    const t = await setup({ kind });
    await addUser(t.store, 'mod', 'moderator');
    await submit(t.app);
    expect(JSON.stringify(await t.handle.dump())).not.toContain(C.card);
    const m = await login(t.app, 'mod');
    const queue = await getJson<QueueJson>(t.app, '/api/admin/tipoffs', m.headers);
    const shown = queue.items[0]!.entities.find((e) => e.kind === 'account')!.value;
    expect(shown).toBe(`${'*'.repeat(C.card.length - 4)}${C.card.slice(-4)}`);
    const approved = await postJson(
      t.app,
      `/api/admin/tipoffs/${queue.items[0]!.id}/approve`,
      { entries: [{ kind: 'account', value: C.card, publicNote: '冒充公检法诈骗的收款账户' }] },
      m.headers,
    );
    expect(approved.status).toBe(200);
    const text = await approved.text();
    expect(text).not.toContain(C.card);
    expect(text).toContain(C.card.slice(-4));
    expect(await (await t.app.request('/api/exposures')).text()).not.toContain(C.card);
    expect(JSON.stringify(await t.handle.dump())).not.toContain(C.card);
  });

  test('审核列表里的号码和账号是遮挡的；查看完整内容时记下是谁、什么时候看的', async () => {
    promise(
      '审核人员在举报列表里看到的号码和账号也是遮挡的；打开一条举报查看完整内容时，系统会记下是谁、在什么时候看的。',
    );
    const t = await setup({ kind });
    await addUser(t.store, 'mod', 'moderator');
    await addUser(t.store, 'chief', 'supervisor');
    await submit(t.app);
    const m = await login(t.app, 'mod');
    const queue = await getJson<QueueJson>(t.app, '/api/admin/tipoffs', m.headers);
    const listed = JSON.stringify(queue);
    for (const s of [C.phone, C.scamPhone, C.card, C.wechat, C.idCard]) {
      expect(listed, s).not.toContain(s);
    }
    expect(listed).toContain('170****6666');
    const id = queue.items[0]!.id;
    const detail = await getJson<{ entities: { value: string }[]; description: string }>(
      t.app,
      `/api/admin/tipoffs/${id}`,
      m.headers,
    );
    expect(detail.entities.map((e) => e.value)).toEqual(
      expect.arrayContaining([C.scamPhone, C.card, C.wechat]),
    );
    expect(detail.description).toBe(DESCRIPTION);
    const s = await login(t.app, 'chief');
    const audit = await getJson<{ items: { actor: string; action: string; at: string }[] }>(
      t.app,
      `/api/admin/audit?target=tipoff:${id}`,
      s.headers,
    );
    const views = audit.items.filter((a) => a.action === 'tipoff.view');
    expect(views.map((v) => v.actor)).toEqual(['mod']);
    expect(Date.parse(views[0]!.at)).toBeGreaterThan(Date.now() - 60_000);
  });

  test('办结 180 天后，经过、号码和账号、联系方式、截图和补充的材料都删除；回执码仍能查到处理结果', async () => {
    promise('线索办结后，举报内容在一定期限后删除，默认是 180 天。');
    promise(
      '到期时，您写的经过、号码和账号、联系方式、截图和补充的材料都会删除；用回执码仍能查到处理结果。',
    );
    let now = new Date('2026-01-01T00:00:00Z');
    // No retention period given: the default applies.
    const t = await setup({ kind, now: () => now });
    await addUser(t.store, 'chief', 'supervisor');
    const receipt = await submit(t.app);
    await addInfo(t.app, receipt);
    // Another, still open report of the same scam number keeps its group (and its key).
    await submit(t.app, reportForm({ card: false }));
    let s = await login(t.app, 'chief');
    const queue = await getJson<QueueJson & { items: { contact: string }[] }>(
      t.app,
      '/api/admin/tipoffs',
      s.headers,
    );
    const closed = queue.items.find((i) => i.entities.some((e) => e.kind === 'account'))!.id;
    const open = queue.items.find((i) => i.id !== closed)!.id;
    await postJson(
      t.app,
      `/api/admin/tipoffs/${closed}/reject`,
      { reason: '已转交属地派出所' },
      s.headers,
    );
    const groupKeys = async () =>
      ((await t.handle.dump())['entity_groups'] as { key: string }[]).map((r) => r.key);
    const keysBefore = await groupKeys();

    now = new Date(now.getTime() + 179 * DAY);
    expect(await purgeExpired(t.deps)).toEqual({ tipoffs: 0, files: 0 });
    now = new Date(now.getTime() + 2 * DAY);
    expect(await purgeExpired(t.deps)).toEqual({ tipoffs: 1, files: 2 });
    s = await login(t.app, 'chief');

    const detail = await getJson<Record<string, unknown>>(
      t.app,
      `/api/admin/tipoffs/${closed}`,
      s.headers,
    );
    expect(detail).toMatchObject({ description: null, entities: [], attachments: [] });
    expect((detail['messages'] as { text: string | null }[]).map((x) => x.text)).not.toContain(
      C.info,
    );
    const contact = await t.app.request(`/api/admin/tipoffs/${closed}/contact`, {
      headers: s.headers,
    });
    expect(contact.status).toBe(404);
    const dump = await t.handle.dump();
    expect(
      (dump['tipoff_entities'] as { tipoff_id: string }[]).filter((e) => e.tipoff_id === closed),
    ).toEqual([]);
    const row = (dump['tipoffs'] as Record<string, unknown>[]).find((r) => r['id'] === closed)!;
    expect(row).toMatchObject({ description_enc: '', contact_enc: null, contact_masked: null });
    expect(readdirSync(join(t.dir, 'uploads'))).toHaveLength(1); // the open report's screenshot
    // The closed report's own grouping keys are gone; the one the open report shares stays.
    const keysAfter = await groupKeys();
    expect(keysAfter.length).toBeLessThan(keysBefore.length);
    const openEntities = await t.store.listEntities(open);
    expect(keysAfter.sort()).toEqual(
      openEntities
        .filter((e) => e.kind !== 'other')
        .map((e) => e.key)
        .sort(),
    );
    expect(await tipoffStatus(t.deps, receipt)).toMatchObject({
      status: 'rejected',
      statusLabel: '未采纳',
    });
  });

  test('这些访问地址不写入数据库，也不写入日志', async () => {
    promise(
      '为了防止有人恶意刷举报、猜回执码、猜被遮挡的号码、猜后台密码，服务器会在内存里短时间记下访问者的网络地址，用来限制访问次数；这些地址不写入数据库，也不写入日志。',
    );
    const logs: string[] = [];
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation((...a: unknown[]) => void logs.push(a.join(' '))),
    );
    try {
      const t = await setup({ kind, limits: DEFAULT_TIPOFF_LIMITS, log: (l) => logs.push(l) });
      await addUser(t.store, 'mod', 'moderator');
      await submit(t.app);
      for (let i = 0; i < 25; i++) {
        await postJson(t.app, '/api/tipoffs/status', { receipt: `FZ-${'0'.repeat(27)}${i % 10}` });
      }
      await postJson(t.app, '/api/admin/login', { username: 'mod', password: 'wrong password!' });
      await postJson(t.app, '/api/admin/login', {
        username: 'nobody',
        password: 'wrong password!',
      });
      await postJson(t.app, '/api/tipoffs', '{not json');
      const stored = JSON.stringify(await t.handle.dump());
      expect(stored).toContain('login.failed');
      expect(stored).not.toContain('198.51.100.7');
      expect(logs.join('\n')).not.toContain('198.51.100.7');
    } finally {
      for (const s of spies) s.mockRestore();
    }
  });
});

describe('privacy promises about the scam check and screenshots', () => {
  let fake: FakeOpenAi;
  beforeAll(async () => {
    fake = await startFakeOpenAi();
  });
  afterAll(() => fake.close());

  test('智能分析和追问的内容不写入日志，也不保存', async () => {
    promise(
      '如果本站开通了智能助手，结果下面会有「请智能助手再看看」按钮。只有您点了它，这条消息才会发送到本站服务器分析，分析完不保存。',
    );
    promise('追问和智能分析的内容不写入日志，也不保存。');
    const logs: string[] = [];
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation((...a: unknown[]) => void logs.push(a.join(' '))),
    );
    try {
      const t = await setup();
      fake.behaviour = {
        kind: 'answer',
        content: JSON.stringify({
          level: '高风险',
          reasons: ['要求转账到安全账户'],
          reply: '请拨打110。',
        }),
      };
      const app = createApp({
        version: 'test',
        remoteAddress: () => '203.0.113.9',
        tipoffs: t.deps,
        getKnowledge: () => EMPTY_KNOWLEDGE,
        llm: fakeLlm(fake),
        log: (l) => logs.push(l),
      });
      const message = '【示例】您的医保卡被冒用，请联系专员核实，并把存款转入指定的清查账户。';
      const check = await postJson(app, '/api/check', { text: message });
      expect(check.status).toBe(200);
      expect(fake.requests.length).toBeGreaterThan(0);
      const question = '他说的清查账户是真的吗？我已经准备去银行了。';
      const chat = await postJson(app, '/api/chat', {
        messages: [{ role: 'user', content: question }],
      });
      expect(chat.status).toBe(200);
      const stored = JSON.stringify(await t.handle.dump());
      for (const s of ['医保卡被冒用', '清查账户', '准备去银行']) {
        expect(stored).not.toContain(s);
        expect(logs.join('\n')).not.toContain(s);
      }
    } finally {
      for (const s of spies) s.mockRestore();
    }
  });

  test('上传时，照片里附带的拍摄地点等信息会被去掉', async () => {
    promise('截图：您上传的图片。上传时，照片里附带的拍摄地点等信息会被去掉。');
    const t = await setup();
    await addUser(t.store, 'mod', 'moderator');
    await submit(t.app);
    const m = await login(t.app, 'mod');
    const queue = await getJson<QueueJson>(t.app, '/api/admin/tipoffs', m.headers);
    const detail = await getJson<{ attachments: { url: string }[] }>(
      t.app,
      `/api/admin/tipoffs/${queue.items[0]!.id}`,
      m.headers,
    );
    const bytes = new Uint8Array(
      await (await t.app.request(detail.attachments[0]!.url, { headers: m.headers })).arrayBuffer(),
    );
    const text = String.fromCharCode(...bytes);
    expect(text).toContain('IHDR');
    expect(text).not.toContain('GPS');
    expect(text).not.toContain('N36.85');
  });

  test('本站不使用 Cookie，只有审核人员登录后台时用登录 Cookie', async () => {
    promise(
      '本站不使用 Cookie。唯一的例外是反诈中心审核人员登录后台时使用的登录 Cookie，普通访问者不会有。',
    );
    const t = await setup();
    await addUser(t.store, 'mod', 'moderator');
    const receipt = await submit(t.app);
    const visitor = [
      await t.app.request('/api/health'),
      await postJson(t.app, '/api/tipoffs/status', { receipt }),
      await t.app.request('/api/exposures'),
      await t.app.request(`/api/lookup?q=${C.scamPhone}`),
      await postJson(t.app, '/api/check', { text: '您好，您的快递到了。' }),
      await postJson(t.app, '/api/chat', { messages: [{ role: 'user', content: '怎么举报？' }] }),
    ];
    for (const r of visitor) expect(r.headers.get('set-cookie')).toBeNull();
    const res = await postJson(t.app, '/api/admin/login', {
      username: 'mod',
      password: 'correct horse battery staple',
    });
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie()).toHaveLength(1);
    expect(res.headers.get('set-cookie')).toMatch(/HttpOnly/i);
  });

  test('FANZHA_RETENTION_DAYS=0: a closed case loses its story, numbers and contact at the next start', async () => {
    promise('线索办结后，举报内容在一定期限后删除，默认是 180 天。');
    const dir = mkdtempSync(join(tmpdir(), 'fanzha-retention-'));
    const env = {
      FANZHA_DATA_DIR: dir,
      FANZHA_RETENTION_DAYS: '0',
      FANZHA_DATA_KEY: btoa('retention-test-data-key-32bytes!'),
    };
    try {
      const first = await startTipoffService(env, { log: () => {} });
      const { receipt } = await createTipoff(
        first.deps,
        {
          category: 'phone',
          description: DESCRIPTION,
          entities: [{ kind: 'phone', value: C.scamPhone }],
          contact: { phone: C.phone },
          consent: true,
        },
        [],
      );
      const row = (await first.deps.store.listQueue({ page: 1, pageSize: 1, now: new Date() }))
        .items[0]!;
      await first.deps.store.rejectTipoff(
        row.id,
        { username: 'mod', role: 'moderator' },
        '无效',
        new Date(Date.now() - 1000).toISOString(),
      );
      await first.stop();
      const second = await startTipoffService(env, { log: () => {} });
      try {
        const after = (await second.deps.store.getTipoff(row.id))!;
        expect(after).toMatchObject({ descriptionEnc: '', contactEnc: null });
        expect(await second.deps.store.listEntities(row.id)).toEqual([]);
        expect(await tipoffStatus(second.deps, receipt)).toMatchObject({ status: 'rejected' });
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
