import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DEFAULT_TIPOFF_LIMITS } from './service/limits.ts';
import { purgeExpired } from './service/retention.ts';
import { openAttachmentFiles } from './store/files.ts';
import { ascii, pngChunk, tinyPng } from '../tests/fixtures/images.ts';
import { postJson, tipoffAppPerTest, VALID_TIPOFF } from '../tests/fixtures/tipoff-app.ts';

const setup = tipoffAppPerTest();

/** A 1×1 PNG whose tEXt chunk carries `secret`, which the upload must strip. */
function png(secret = 'SECRET'): Uint8Array {
  return tinyPng(pngChunk('tEXt', ascii(`GPS\0${secret}`)));
}

function multipart(
  fields: Record<string, string>,
  files: { name: string; bytes: Uint8Array; type: string }[],
) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  for (const f of files)
    fd.append(
      'screenshots',
      new Blob([f.bytes as Uint8Array<ArrayBuffer>], { type: f.type }),
      f.name,
    );
  return fd;
}

describe('POST /api/tipoffs', () => {
  test('takes a JSON tip-off and answers 201 with a receipt that shows its status', async () => {
    const { app, store } = await setup();
    const res = await postJson(app, '/api/tipoffs', VALID_TIPOFF);
    expect(res.status).toBe(201);
    const { receipt } = (await res.json()) as { receipt: string };
    expect(receipt).toMatch(/^FZ(-[0-9A-Z]{4}){7}$/);
    const status = await postJson(app, '/api/tipoffs/status', { receipt: receipt.toLowerCase() });
    expect(status.status).toBe(200);
    expect(await status.json()).toMatchObject({
      status: 'received',
      statusLabel: '已收到',
      canAddInfo: true,
      messages: [],
    });
    // Stored encrypted: neither the contact nor the story is in the row in clear.
    const q = await store.listQueue({ page: 1, pageSize: 10, now: new Date() });
    const row = q.items[0]!;
    expect(row.contactEnc).not.toContain('13912345678');
    expect(row.descriptionEnc).not.toContain('快递');
    expect(row.contactMasked).toBe('王** · 139****5678');
  });

  test('takes multipart with screenshots, stores them without metadata under random names', async () => {
    const { app, store, dir } = await setup();
    const body = multipart(
      {
        category: 'sms-link',
        description: '收到短信说积分兑换，点开链接要填银行卡',
        entities: 'http://jf-duihuan.example.cn\n95588',
        consent: 'on',
        lostMoney: 'on',
      },
      [
        { name: 'a.png', bytes: png(), type: 'image/png' },
        { name: '../../etc/passwd.png', bytes: png(), type: 'image/png' },
      ],
    );
    const res = await app.request('/api/tipoffs', {
      method: 'POST',
      body,
      headers: { accept: 'application/json' },
    });
    expect(res.status).toBe(201);
    const q = await store.listQueue({ page: 1, pageSize: 10, now: new Date() });
    expect(q.items[0]).toMatchObject({ category: 'sms-link', lostMoney: true });
    const atts = await store.listAttachments(q.items[0]!.id);
    expect(atts).toHaveLength(2);
    const uploaded = readdirSync(join(dir, 'uploads'));
    expect(uploaded.sort()).toEqual(atts.map((a) => a.storageName).sort());
    const entities = await store.listEntities(q.items[0]!.id);
    expect(entities.map((e) => e.kind).sort()).toContain('url');
    for (const a of atts) expect(a.storageName).toMatch(/^[0-9a-z]{42}$/);
  });

  test('refuses a file that only claims to be an image, and stores nothing', async () => {
    const { app, store, dir } = await setup();
    const svg = new TextEncoder().encode(
      '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    );
    const body = multipart(
      { entities: '', consent: 'on', category: 'phone', description: VALID_TIPOFF.description },
      [{ name: 'x.png', bytes: svg, type: 'image/png' }],
    );
    const res = await app.request('/api/tipoffs', { method: 'POST', body });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
      'invalid_attachment',
    );
    expect(await store.countTipoffs()).toBe(0);
    expect(readdirSync(join(dir, 'uploads'))).toEqual([]);
  });

  test('refuses a fourth screenshot', async () => {
    const { app } = await setup();
    const files = Array.from({ length: 4 }, (_, i) => ({
      name: `${i}.png`,
      bytes: png(),
      type: 'image/png',
    }));
    const res = await app.request('/api/tipoffs', {
      method: 'POST',
      body: multipart(
        { category: 'phone', description: VALID_TIPOFF.description, consent: 'on' },
        files,
      ),
    });
    expect(res.status).toBe(422);
  });

  test('the honeypot pretends success and stores nothing', async () => {
    const { app, store } = await setup();
    const res = await postJson(app, '/api/tipoffs', {
      ...VALID_TIPOFF,
      website: 'http://spam.example',
    });
    expect(res.status).toBe(201);
    const { receipt } = (await res.json()) as { receipt: string };
    expect(receipt).toMatch(/^FZ-/);
    expect(await store.countTipoffs()).toBe(0);
    expect((await postJson(app, '/api/tipoffs/status', { receipt })).status).toBe(404);
  });

  test('says which fields are wrong, in Chinese', async () => {
    const { app } = await setup();
    const res = await postJson(app, '/api/tipoffs', {
      category: 'phone',
      description: '短',
      consent: false,
      contact: { phone: '123' },
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as {
      error: { code: string; details: { field: string; message: string }[] };
    };
    expect(body.error.code).toBe('invalid_input');
    const byField = Object.fromEntries(body.error.details.map((d) => [d.field, d.message]));
    expect(byField['description']).toBe('请描述发生了什么（至少10个字）');
    expect(byField['consent']).toBe('请勾选同意隐私政策');
    expect(byField['contact.phone']).toMatch(/手机号/);
  });

  test('refuses non-JSON and oversized bodies, chunked ones included', async () => {
    const { app, store } = await setup();
    const plain = await app.request('/api/tipoffs', {
      method: 'POST',
      body: 'hello',
      headers: { 'content-type': 'text/plain' },
    });
    expect(plain.status).toBe(415);
    const big = JSON.stringify({ ...VALID_TIPOFF, description: 'x'.repeat(70 * 1024) });
    const sized = await app.request('/api/tipoffs', {
      method: 'POST',
      body: big,
      headers: { 'content-type': 'application/json' },
    });
    expect(sized.status).toBe(413);
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 100; i++)
          controller.enqueue(new TextEncoder().encode('x'.repeat(1024)));
        controller.close();
      },
    });
    const chunked = await app.request('/api/tipoffs', {
      method: 'POST',
      body: stream,
      headers: { 'content-type': 'application/json' },
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    const broken = await app.request('/api/tipoffs', {
      method: 'POST',
      body: '{"category":',
      headers: { 'content-type': 'application/json' },
    });
    expect(broken.status).toBe(400);
    expect(await store.countTipoffs()).toBe(0);
  });

  test('groups reports of the same number however written, not of a hotline mentioned in passing', async () => {
    const { app, store } = await setup();
    const say = (text: string, entities: unknown[] = []) =>
      postJson(app, '/api/tipoffs', {
        category: 'phone',
        description: text,
        entities,
        consent: true,
      });
    await say('接到电话说我涉嫌洗钱，我挂了打110核实，对方号码是 +86 171-0000-1111');
    await say('有人冒充公检法，我后来打了110和96110，号码 17100001111', []);
    await say('冒充客服要求转账，我已经打了110报警，号码17200002222');
    const q = await store.listQueue({ page: 1, pageSize: 10, now: new Date() });
    const sizes = q.items.map((i) => i.groupSize).sort();
    expect(sizes).toEqual([1, 2, 2]);
  });

  test('refuses submissions from another site', async () => {
    const { app, store } = await setup();
    const evil = await postJson(app, '/api/tipoffs', VALID_TIPOFF, {
      origin: 'https://evil.example',
    });
    expect(evil.status).toBe(403);
    const cross = await postJson(app, '/api/tipoffs', VALID_TIPOFF, {
      'sec-fetch-site': 'cross-site',
    });
    expect(cross.status).toBe(403);
    expect(await store.countTipoffs()).toBe(0);
  });

  test('limits submissions per client', async () => {
    const { app } = await setup({ limits: DEFAULT_TIPOFF_LIMITS });
    const codes: number[] = [];
    for (let i = 0; i < 7; i++)
      codes.push((await postJson(app, '/api/tipoffs', VALID_TIPOFF)).status);
    expect(codes.slice(0, 5)).toEqual([201, 201, 201, 201, 201]);
    expect(codes.at(-1)).toBe(429);
  });
});

describe('retention', () => {
  test('purges contact and screenshots of cases closed longer ago than the retention period', async () => {
    let now = new Date('2025-01-01T00:00:00Z');
    const t = await setup({ now: () => now, retentionDays: 180 });
    const fd = multipart(
      {
        category: 'phone',
        description: VALID_TIPOFF.description,
        consent: 'on',
        'contact.phone': '13912345678',
      },
      [{ name: 'a.png', bytes: png(), type: 'image/png' }],
    );
    expect((await t.app.request('/api/tipoffs', { method: 'POST', body: fd })).status).toBe(201);
    const [row] = (await t.store.listQueue({ page: 1, pageSize: 1, now })).items;
    expect(row!.contactMasked).toBe('139****5678');
    await t.store.rejectTipoff(
      row!.id,
      { username: 'm', role: 'moderator' },
      '无效',
      now.toISOString(),
    );
    expect(await purgeExpired(t.deps, new Date('2025-06-01T00:00:00Z'))).toEqual({
      tipoffs: 0,
      files: 0,
    });
    now = new Date('2025-07-01T00:00:00Z');
    expect(await purgeExpired(t.deps)).toEqual({ tipoffs: 1, files: 1 });
    expect(readdirSync(join(t.dir, 'uploads'))).toEqual([]);
    expect(await t.store.getTipoff(row!.id)).toMatchObject({ contactEnc: null, hasContact: false });
  });

  test('attachment files are named by the service only, never by a path', async () => {
    const t = await setup();
    const files = openAttachmentFiles(join(t.dir, 'sweep'));
    expect(await files.read('../../etc/passwd')).toBeNull();
    await expect(files.writeTemp('../escape', new Uint8Array([1]))).rejects.toThrow();
  });
});

describe('receipts', () => {
  test('1,000 wrong receipt codes find nothing', async () => {
    const { app } = await setup();
    await postJson(app, '/api/tipoffs', VALID_TIPOFF);
    const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    for (let i = 0; i < 1000; i++) {
      const code = `FZ-${Array.from({ length: 28 }, () => alphabet[Math.floor(Math.random() * 32)]).join('')}`;
      const res = await postJson(app, '/api/tipoffs/status', { receipt: code });
      expect(res.status).toBe(404);
    }
  }, 60_000);

  test('guessing is rate-limited and slowed', async () => {
    let slept = 0;
    const { app } = await setup({
      limits: DEFAULT_TIPOFF_LIMITS,
      receiptDelayMs: 300,
      sleep: async (ms) => {
        slept += ms;
      },
    });
    const codes: number[] = [];
    for (let i = 0; i < 25; i++)
      codes.push(
        (await postJson(app, '/api/tipoffs/status', { receipt: `FZ-${'0'.repeat(27)}${i % 10}` }))
          .status,
      );
    expect(codes).toContain(429);
    expect(slept).toBeGreaterThanOrEqual(300 * 20);
  });

  test('are only accepted in the body, never in the URL', async () => {
    const { app } = await setup();
    const res = await app.request('/api/tipoffs/status?receipt=FZ-0000', { method: 'GET' });
    expect(res.status).toBe(404);
  });
});
