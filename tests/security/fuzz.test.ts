/**
 * Input fuzzing of the public API, on SQLite and (with TEST_DATABASE_URL) PostgreSQL, whose text
 * refuses U+0000: no fuzzed body, look-up or query ever gets a 5xx or leaves a row behind, and a
 * valid tip-off with arbitrary text in its fields is either stored whole or refused whole.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { TipoffInputSchema } from '../../functions/schemas/tipoff.ts';
import { postJson, VALID_TIPOFF } from '../fixtures/tipoff-app.ts';
import { DATABASES, staffAppPerTest } from './helpers.ts';

const makeApp = staffAppPerTest();

/** Any text, U+0000 and lone surrogates included, often short. */
const anyText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('\u0000', 'a\u0000b', '\ud800', '%00', '\u0000'.repeat(20)),
);

describe.each(DATABASES)('fuzzing (%s)', (kind) => {
  test('10,000 fuzzed bodies give no 5xx and write no rows', async () => {
    const { app, store } = await makeApp({ kind });
    const field = fc.oneof(
      anyText,
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.anything(), { maxLength: 3 }),
      fc.object(),
    );
    const almost = fc.record(
      {
        category: fc.oneof(fc.constantFrom('phone', 'den', 'other', 'PHONE', ''), field),
        description: fc.oneof(fc.string({ maxLength: 30 }), fc.constant('x'.repeat(2001)), field),
        entities: fc.oneof(
          fc.array(
            fc.record({
              kind: fc.oneof(fc.constantFrom('phone', 'url', 'x'), field),
              value: field,
            }),
          ),
          field,
        ),
        occurredAt: fc.oneof(fc.constantFrom('2999-01-01', '2024-02-30', 'yesterday'), field),
        district: fc.oneof(fc.constantFrom('松林镇', '火星'), field),
        lostMoney: field,
        contact: fc.oneof(fc.record({ name: field, phone: field, other: field }), field),
        consent: fc.oneof(fc.constantFrom(false, 'true', 'on', 1), field),
        website: fc.oneof(fc.constant(''), field),
      },
      { requiredKeys: [] },
    );
    const body = fc.oneof(
      almost.map((b) => JSON.stringify(b)),
      fc.anything().map((a) => JSON.stringify(a) ?? 'null'),
      fc.string(),
    );
    let fiveXX = 0;
    let n = 0;
    await fc.assert(
      fc.asyncProperty(body, async (raw) => {
        // Only invalid bodies: a body that happens to be valid (or a honeypot hit) is skipped.
        let parsed: unknown;
        try {
          parsed = JSON.parse(raw);
        } catch {
          parsed = undefined;
        }
        fc.pre(parsed === undefined || !TipoffInputSchema.safeParse(parsed).success);
        n++;
        const res = await app.request('/api/tipoffs', {
          method: 'POST',
          body: raw,
          headers: { 'content-type': 'application/json' },
        });
        if (res.status >= 500) fiveXX++;
        const json = (await res.json()) as Record<string, unknown>;
        expect(json['error'] ?? json['receipt']).toBeDefined();
      }),
      { numRuns: 10_000 },
    );
    expect(n).toBeGreaterThan(9_000);
    expect(fiveXX).toBe(0);
    expect(await store.countTipoffs()).toBe(0);
  }, 120_000);

  test('valid tip-offs with any text in their fields are stored whole or refused whole', async () => {
    const { app, store } = await makeApp({ kind });
    let stored = 0;
    await fc.assert(
      fc.asyncProperty(anyText, anyText, anyText, anyText, async (entity, name, other, info) => {
        const body = {
          ...VALID_TIPOFF,
          description: `${VALID_TIPOFF.description}${info}`,
          entities: [{ kind: 'other', value: entity }],
          contact: { name, other },
        };
        const res = await postJson(app, '/api/tipoffs', body);
        expect(res.status, JSON.stringify(body)).toBeLessThan(500);
        if (res.status === 201) stored++;
        expect(await store.countTipoffs()).toBe(stored);
      }),
      { numRuns: kind === 'postgres' ? 200 : 400 },
    );
  }, 120_000);

  test('look-ups and moderators’ queries with any text answer without a 5xx', async () => {
    const t = await makeApp({ kind });
    const mod = await t.as('mod');
    await fc.assert(
      fc.asyncProperty(anyText, async (q) => {
        // A lone surrogate has no UTF-8: send the bytes of one, which a URL can carry.
        const e = (s: string) =>
          encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '\u0000')).replace(/%00/g, '%ED%A0%80');
        for (const res of [
          await t.app.request(`/api/lookup?q=${e(q)}`),
          await t.app.request(`/api/admin/tipoffs?district=${e(q)}`, { headers: mod }),
          await t.app.request(`/api/admin/tipoffs/${e(q) || 'x'}`, { headers: mod }),
          await postJson(t.app, '/api/tipoffs/status', { receipt: q }),
        ]) {
          expect(res.status, q).toBeLessThan(500);
        }
      }),
      { numRuns: kind === 'postgres' ? 150 : 300 },
    );
  }, 120_000);
});
