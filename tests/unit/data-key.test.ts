/**
 * The data key against the store, on SQLite and PostgreSQL: a process with another key is refused
 * before it writes a row; a store from before the canary adopts only a key that reads it, and its
 * clear entity values are sealed; a rotation interrupted half-way refuses both keys until it is
 * resumed, and then everything reads with the new key alone. (The same under real kill -9, with
 * the server and the CLI as child processes: tests/durability/data-key.test.ts.)
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { rotateDataKey } from '../../functions/data-key.ts';
import { FILE_MAGIC, SEALED, createPiiCipher } from '../../functions/security/pii-crypto.ts';
import {
  importReceiptKey,
  legacyReceiptHash,
  normalizeReceipt,
} from '../../functions/security/receipt.ts';
import { openAttachmentFiles } from '../../functions/store/files.ts';
import { loadDataKey, loadOldDataKey } from '../../functions/store/node-setup.ts';
import { MIGRATIONS } from '../../functions/store/migrations/index.ts';
import { DataKeyError, type DataKeyRow } from '../../functions/store/types.ts';
import type { TipoffStore } from '../../functions/store/tipoff-store.ts';
import { createTipoffService, type TipoffServiceDeps } from '../../functions/tipoff-service.ts';
import { createTipoff } from '../../functions/service/submission.ts';
import { tipoffStatus } from '../../functions/service/citizen-status.ts';
import { createApp } from '../../functions/app.ts';
import { tinyPng } from '../fixtures/images.ts';
import { analyze } from '../../bot/analyze.ts';
import {
  addUser,
  DATABASE_URL,
  EMPTY_KNOWLEDGE,
  login,
  openTestStore,
  postJson,
  VALID_TIPOFF,
  type StoreHandle,
} from '../fixtures/tipoff-app.ts';

const kinds = (['sqlite', 'postgres'] as const).filter((k) => k === 'sqlite' || DATABASE_URL);
const IP = '198.51.100.7';
const newKey = () => crypto.getRandomValues(new Uint8Array(32));

const handles: StoreHandle[] = [];
afterEach(async () => {
  for (const h of handles.splice(0)) await h.cleanup();
});
async function fresh(kind: 'sqlite' | 'postgres', opts: { migrate?: boolean } = {}) {
  const h = await openTestStore(kind, opts);
  handles.push(h);
  return h;
}

const uploads = (h: StoreHandle) => openAttachmentFiles(join(h.dir, 'uploads'));

function service(h: StoreHandle, store: TipoffStore, dataKey: Uint8Array) {
  return createTipoffService({
    store,
    files: uploads(h),
    dataKey,
    analyze: (text) => analyze(text, EMPTY_KNOWLEDGE),
    limits: false,
    receiptDelayMs: 0,
    loginDelayMs: 0,
    passwordIterations: 1000,
  });
}

function appFor(deps: TipoffServiceDeps) {
  return createApp({
    version: 'test',
    remoteAddress: () => IP,
    tipoffs: deps,
    getKnowledge: () => EMPTY_KNOWLEDGE,
    log: () => {},
  });
}

const report = (i: number, phone = `1709999${String(i).padStart(4, '0')}`) => ({
  ...VALID_TIPOFF,
  description: `第${i}条：自称快递客服，说包裹丢了要理赔，让我开屏幕共享。`,
  entities: [
    { kind: 'phone', value: phone },
    { kind: 'account', value: `62220200000000${String(i).padStart(5, '0')}` },
  ],
  contact: { name: `王${i}`, phone: `1391234${String(i).padStart(4, '0')}` },
});

const refusal = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DataKeyError);
  return err as DataKeyError;
};

describe.each(kinds)('the data key on %s', (kind) => {
  test('a second process with another key is refused before it writes a row', async () => {
    const h = await fresh(kind);
    const first = await service(h, h.store, newKey());
    const { receipt } = await createTipoff(first, report(1), []);
    const before = await h.dump();
    expect(before['data_key']).toHaveLength(1);

    const other = await service(h, h.open(), newKey());
    const err = await refusal(createTipoff(other, report(2), []));
    expect(err.code).toBe('data_key_mismatch');
    expect(err.guidance).toContain('FANZHA_DATA_KEY');
    expect(err.guidance).toContain('rotate-key');
    // People get the same kind words as for a database that is down, never a 500.
    const res = await postJson(appFor(other), '/api/tipoffs', report(3));
    expect(res.status).toBe(503);
    expect(await tipoffStatus(other, receipt).catch((e: unknown) => e)).toBeInstanceOf(
      DataKeyError,
    );
    expect(await h.dump()).toEqual(before);
  });

  test('two processes with one key read each other’s receipts and contacts', async () => {
    const h = await fresh(kind);
    const key = newKey();
    const a = await service(h, h.store, key);
    const b = await service(h, h.open(), key);
    const ra = (await createTipoff(a, report(1), [])).receipt;
    const rb = (await createTipoff(b, report(2), [])).receipt;
    expect(await tipoffStatus(b, ra)).toMatchObject({ status: 'received' });
    expect(await tipoffStatus(a, rb)).toMatchObject({ status: 'received' });
    await addUser(a.store, 'chief', 'supervisor');
    for (const [deps, other] of [
      [a, 2],
      [b, 1],
    ] as const) {
      const app = appFor(deps);
      const s = await login(app, 'chief');
      const queue = (await (
        await app.request('/api/admin/tipoffs', { headers: s.headers })
      ).json()) as {
        items: { id: string; contact: string }[];
      };
      const item = queue.items.find((i) => i.contact.endsWith(String(other).padStart(4, '0')))!;
      const contact = (await (
        await app.request(`/api/admin/tipoffs/${item.id}/contact`, { headers: s.headers })
      ).json()) as { contact: { name: string } };
      expect(contact.contact.name).toBe(`王${other}`);
    }
  });

  test('a store written before the canary adopts only a key that reads it, seals clear entities, and keeps old receipts through a rotation', async () => {
    const h = await fresh(kind, { migrate: false });
    const key = newKey();
    const cipher = await createPiiCipher(key);
    const receiptKey = await importReceiptKey(cipher.receiptKeyBytes);
    // The database as version 3 left it: entity values and grouping keys in clear, receipts
    // hashed from the code itself.
    const raw = h.driver();
    for (const m of MIGRATIONS.filter((x) => x.version <= 3)) {
      await raw.tx(async (q) => {
        await q.exec(
          `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`,
        );
        await q.exec(m.sql);
        await q.run(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`, [
          m.version,
          m.name,
          new Date().toISOString(),
        ]);
      });
    }
    const receipt = 'FZ-0000-1111-2222-3333-4444-5555-6666';
    const id = '0000000000000legacy01'; // sorts first, as an old id would
    const at = new Date().toISOString();
    await raw.run(
      `INSERT INTO tipoffs (id, receipt_hash, category, description_enc, status, group_id, created_at, created_ms, updated_at)
       VALUES (?, ?, 'phone', ?, 'received', ?, ?, ?, ?)`,
      [
        id,
        await legacyReceiptHash(receiptKey, normalizeReceipt(receipt)!),
        await cipher.encrypt('早先的举报：有人冒充客服。', SEALED.description(id)),
        id,
        at,
        Date.now(),
        at,
      ],
    );
    await raw.run(
      `INSERT INTO tipoff_entities (tipoff_id, kind, value, key, source) VALUES (?, 'phone', '17055550000', 'phone:17055550000', 'citizen')`,
      [id],
    );
    await raw.run(`INSERT INTO entity_groups (key, group_id) VALUES ('phone:17055550000', ?)`, [
      id,
    ]);

    // Another key cannot read the old description: refused, nothing written but the migrations.
    const wrong = await service(h, h.store, newKey());
    const err = await refusal(createTipoff(wrong, report(1), []));
    expect(err.code).toBe('data_key_unreadable');
    expect(err.guidance).toContain('FANZHA_DATA_KEY');
    expect((await h.dump())['data_key']).toEqual([]);

    const right = await service(h, h.open(), key);
    expect(await tipoffStatus(right, receipt)).toMatchObject({ status: 'received' });
    const dump = JSON.stringify(await h.dump());
    expect(dump).not.toContain('17055550000');
    const [entity] = await right.store.listEntities(id);
    expect(await cipher.decrypt(entity!.valueEnc, SEALED.entity(id, 'phone'))).toBe('17055550000');
    // A new report of the same number still joins the old one's group.
    await createTipoff(right, { ...report(2, '170-5555-0000') }, []);
    expect((await right.store.listRelated(id)).map((t) => t.groupId)).toEqual([id]);
    // Its receipt was hashed from the code itself, which is stored nowhere: after a rotation it is
    // still found, with the old receipt key kept sealed under the new data key.
    const next = newKey();
    await rotateDataKey(h.open(), key, next, { files: uploads(h), log: () => {} });
    const rotated = await service(h, h.open(), next);
    expect(await tipoffStatus(rotated, receipt)).toMatchObject({ status: 'received' });
    expect(await tipoffStatus(rotated, 'FZ-0000-1111-2222-3333-4444-5555-6667')).toBeNull();
    const [sealed] = await rotated.store.listEntities(id);
    expect(await rotated.cipher.decrypt(sealed!.valueEnc, SEALED.entity(id, 'phone'))).toBe(
      '17055550000',
    );
  });

  test('an interrupted rotation refuses both keys until resumed; then the new key alone reads everything', async () => {
    const h = await fresh(kind);
    const oldKey = newKey();
    const nextKey = newKey();
    const running = await service(h, h.store, oldKey);
    const app = appFor(running);
    await addUser(running.store, 'chief', 'supervisor');
    await addUser(running.store, 'mod', 'moderator');
    const receipts: string[] = [];
    // 18 reports; every third shares one number, so groups span batches.
    for (let i = 0; i < 18; i++) {
      const r = report(i, i % 3 === 0 ? '17088880000' : undefined);
      const shots = i % 6 === 0 ? [{ bytes: tinyPng() }] : [];
      receipts.push((await createTipoff(running, r, shots)).receipt);
    }
    const m = await login(app, 'mod');
    const queue = (await (
      await app.request('/api/admin/tipoffs?pageSize=50', { headers: m.headers })
    ).json()) as { items: { id: string }[] };
    const ids = queue.items.map((i) => i.id).sort();
    expect(ids).toHaveLength(18);
    // A message to the citizen, and a person held for a second approval (sealed on the board).
    await postJson(
      app,
      `/api/admin/tipoffs/${ids[1]}/request-info`,
      { message: '请补充转账截图' },
      m.headers,
    );
    const approved = await postJson(
      app,
      `/api/admin/tipoffs/${ids[2]}/approve`,
      { entries: [{ kind: 'person', value: '赵大海', publicNote: '组织冒充客服诈骗' }] },
      m.headers,
    );
    expect(approved.status).toBe(200);
    const groupKeysBefore = new Set(
      ((await h.dump())['entity_groups'] as { key: string }[]).map((r) => r.key),
    );

    // The rotation stops after three batches of four, as a crash would leave it.
    const admin = h.open();
    let batches = 0;
    const crashing = new Proxy(admin, {
      get(target, prop, recv) {
        if (prop === 'rotateBatch') {
          return async (...args: Parameters<TipoffStore['rotateBatch']>) => {
            if (++batches > 3) throw new Error('crash');
            return target.rotateBatch(...args);
          };
        }
        return Reflect.get(target, prop, recv) as unknown;
      },
    });
    const lines: string[] = [];
    await expect(
      rotateDataKey(crashing, oldKey, nextKey, {
        files: uploads(h),
        batch: 4,
        log: (l) => lines.push(l),
      }),
    ).rejects.toThrow('crash');
    const half = (await admin.getDataKey()) as DataKeyRow;
    expect(half.rotationDone).toBe(12);
    expect(half.nextFingerprint).toBe((await createPiiCipher(nextKey)).fingerprint);

    // The server still running with the old key writes nothing now.
    const before = await h.dump();
    expect((await postJson(app, '/api/tipoffs', report(99))).status).toBe(503);
    expect(await h.dump()).toEqual(before);
    // A restart with either key is refused and told which key is which and what to run.
    for (const [key, which] of [
      [oldKey, '旧密钥'],
      [nextKey, '新密钥'],
    ] as const) {
      const err = await refusal(createTipoff(await service(h, h.open(), key), report(98), []));
      expect(err.code).toBe('data_key_rotating');
      expect(err.guidance).toContain(`当前 FANZHA_DATA_KEY 是${which}`);
      expect(err.guidance).toContain('FANZHA_DATA_KEY_OLD=');
      expect(err.guidance).toContain('rotate-key');
      expect(err.guidance).toContain('12/');
    }
    // Resuming with a wrong key on either side is refused with its variable named.
    const wrongOld = await refusal(
      rotateDataKey(admin, newKey(), nextKey, { files: uploads(h), log: () => {} }),
    );
    expect(wrongOld.guidance).toContain('FANZHA_DATA_KEY_OLD');
    const wrongNew = await refusal(
      rotateDataKey(admin, oldKey, newKey(), { files: uploads(h), log: () => {} }),
    );
    expect(wrongNew.code).toBe('data_key_rotating_elsewhere');
    expect(await h.dump()).toEqual(before);

    await rotateDataKey(admin, oldKey, nextKey, {
      files: uploads(h),
      batch: 4,
      log: (l) => lines.push(l),
    });
    expect(lines.join('\n')).toContain('接着上次中断处');
    expect(lines.at(-1)).toContain('已更换完成');

    // The old key is refused now; the new one reads every receipt, contact, entity and message.
    const stale = await refusal(createTipoff(await service(h, h.open(), oldKey), report(97), []));
    expect(stale.code).toBe('data_key_mismatch');
    const after = await service(h, h.open(), nextKey);
    const app2 = appFor(after);
    for (const r of receipts) expect(await tipoffStatus(after, r)).not.toBeNull();
    expect((await tipoffStatus(after, receipts[1]!))!.messages.map((x) => x.text)).toContain(
      '请补充转账截图',
    );
    const s2 = await login(app2, 'chief');
    let screenshots = 0;
    for (const id of ids) {
      const c = (await (
        await app2.request(`/api/admin/tipoffs/${id}/contact`, { headers: s2.headers })
      ).json()) as { contact: { name: string } };
      expect(c.contact.name).toMatch(/^王\d+$/);
      const d = (await (
        await app2.request(`/api/admin/tipoffs/${id}`, { headers: s2.headers })
      ).json()) as {
        description: string;
        entities: { value: string }[];
        attachments: { url: string }[];
      };
      expect(d.description).toContain('自称快递客服');
      expect(d.entities.map((e) => e.value).join()).not.toContain('无法解密');
      for (const a of d.attachments) {
        const res = await app2.request(a.url, { headers: s2.headers });
        expect(new Uint8Array(await res.arrayBuffer())).toEqual(tinyPng());
        screenshots++;
      }
    }
    expect(screenshots).toBe(3);
    const person = (await after.store.listExposures({ page: 1, pageSize: 10, status: 'pending' }))
      .items[0]!;
    expect(
      await after.cipher.decrypt(person.valueEnc!, SEALED.exposure(person.kind, person.key)),
    ).toBe('赵大海');
    // Grouping keys were all re-keyed, and a new report of the shared number joins its group.
    const groupKeysAfter = ((await h.dump())['entity_groups'] as { key: string }[]).map(
      (r) => r.key,
    );
    expect(groupKeysAfter.filter((k) => groupKeysBefore.has(k))).toEqual([]);
    expect(groupKeysAfter).toHaveLength(groupKeysBefore.size);
    await createTipoff(after, report(50, '17088880000'), []);
    const related = await after.store.listRelated(ids[0]!);
    expect(new Set(related.map((t) => t.groupId)).size).toBe(1);
    expect(related.length).toBeGreaterThanOrEqual(6);
    const audit = await after.store.listAudit({ page: 1, pageSize: 100, target: 'data-key' });
    expect(audit.items.map((a) => a.action)).toEqual(
      expect.arrayContaining(['data-key.rotation-start', 'data-key.rotation-done']),
    );
  });
});

describe('screenshots under a rotation', () => {
  test('a rotation interrupted while re-sealing files leaves each file whole, and the resumed one seals all, clear ones too', async () => {
    const h = await fresh('sqlite');
    const oldKey = newKey();
    const nextKey = newKey();
    const running = await service(h, h.store, oldKey);
    for (let i = 0; i < 4; i++) await createTipoff(running, report(i), [{ bytes: tinyPng() }]);
    const names = [...(await h.store.listStorageNames())];
    const raw = uploads(h);
    // One screenshot as versions before this one stored it: in clear.
    await raw.writeTemp(names[0]!, tinyPng());
    await raw.commit(names[0]!);
    expect(await running.files.read(names[0]!)).toEqual(tinyPng());
    for (const n of names.slice(1)) expect((await raw.read(n))!.slice(0, 4)).toEqual(FILE_MAGIC);

    let commits = 0;
    const failing = {
      ...raw,
      async commit(name: string) {
        if (++commits === 2) throw new Error('crash');
        return raw.commit(name);
      },
    };
    const admin = h.open();
    await expect(
      rotateDataKey(admin, oldKey, nextKey, { files: failing, log: () => {} }),
    ).rejects.toThrow('crash');
    await rotateDataKey(admin, oldKey, nextKey, { files: raw, log: () => {} });

    const after = await service(h, h.open(), nextKey);
    for (const n of names) {
      expect((await raw.read(n))!.slice(0, 4)).toEqual(FILE_MAGIC);
      expect(await after.files.read(n)).toEqual(tinyPng());
    }
    expect(readdirSync(join(h.dir, 'uploads')).sort()).toEqual([...names].sort());
  });
});

describe('FANZHA_DATA_KEY from the environment', () => {
  test('a malformed key is refused with its variable named; PostgreSQL gets no generated key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fanzha-envkey-'));
    try {
      const log: string[] = [];
      const err = (fn: () => unknown) => {
        try {
          fn();
        } catch (e) {
          expect(e).toBeInstanceOf(DataKeyError);
          return (e as DataKeyError).guidance;
        }
        throw new Error('not refused');
      };
      expect(
        err(() => loadDataKey({ FANZHA_DATA_KEY: 'c2hvcnQ=' }, dir, (l) => log.push(l))),
      ).toMatch(/^FANZHA_DATA_KEY 格式不对/);
      expect(err(() => loadDataKey({ FANZHA_DATA_KEY: '' }, dir, (l) => log.push(l)))).toMatch(
        /^FANZHA_DATA_KEY 格式不对/,
      );
      expect(err(() => loadOldDataKey({ FANZHA_DATA_KEY_OLD: 'x' }))).toMatch(
        /^FANZHA_DATA_KEY_OLD 格式不对/,
      );
      expect(err(() => loadOldDataKey({}))).toContain('FANZHA_DATA_KEY_OLD');
      expect(
        err(() => loadDataKey({ DATABASE_URL: 'postgres://db/x' }, dir, (l) => log.push(l))),
      ).toContain('未设置 FANZHA_DATA_KEY');
      expect(readdirSync(dir)).toEqual([]);
      // SQLite: one development key, made once, with a warning.
      const a = loadDataKey({}, dir, (l) => log.push(l));
      const b = loadDataKey({}, dir, (l) => log.push(l));
      expect(b).toEqual(a);
      expect(log.filter((l) => l.includes('已生成开发用密钥'))).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
