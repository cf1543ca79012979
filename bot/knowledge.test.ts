import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { loadKnowledgeFromContent, loadPatternContent } from './content-loader.ts';
import { fixtureKnowledge } from './fixtures.ts';
import { buildKnowledge, mergeBlocklist } from './knowledge.ts';
import { maskExposureValue } from './mask.ts';
import { entityKey, sha256Hex } from './entity-key.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

describe('buildKnowledge', () => {
  test('keys entries with entityKey and masks what is shown', () => {
    const k = fixtureKnowledge();
    const phone = k.blocklist.find((e) => e.kind === 'phone' && e.key === '063560001001');
    expect(phone?.display).toBe('0635-60001001');
    expect(k.blocklist.find((e) => e.kind === 'qq')?.key).toBe('100000012');
  });
  test('leaves personal entries out of the (public) knowledge file: not in clear, not hashed', () => {
    const k = fixtureKnowledge();
    expect(k.blocklist.map((e) => e.kind)).not.toContain('account');
    const json = JSON.stringify(k);
    for (const [kind, value] of [
      ['account', '6222000000000000011'],
      ['person-phone', '16700000090'],
      ['id-card', '990000198001010012'],
      ['person', '张某某'],
    ] as const) {
      expect(json).not.toContain(value);
      expect(json).not.toContain(sha256Hex(entityKey(kind, value)));
      expect(json).not.toContain(maskExposureValue(kind, value));
    }
  });
  test('drops duplicate entries', () => {
    const source = { title: '通告', date: '2026-01-01' };
    const k = buildKnowledge({
      version: 'x',
      patterns: [],
      entries: [
        { kind: 'phone', value: '138 1234 5678', note: '冒充客服。', source },
        { kind: 'phone', value: '+8613812345678', note: '冒充客服。', source },
      ],
    });
    expect(k.blocklist).toHaveLength(1);
  });
});

describe('mergeBlocklist', () => {
  test('adds approved tip-offs without changing the original knowledge', () => {
    const base = fixtureKnowledge();
    const before = base.blocklist.length;
    const merged = mergeBlocklist(base, [
      {
        kind: 'url',
        key: 'new-scam.example',
        display: 'new-scam.example',
        source: { title: '举报', date: '2026-11-01' },
      },
      base.blocklist[0]!,
    ]);
    expect(merged.blocklist).toHaveLength(before + 1);
    expect(base.blocklist).toHaveLength(before);
  });
});

describe('loadKnowledgeFromContent', () => {
  test('reads every explainer and notice entry from content/', () => {
    const k = loadKnowledgeFromContent(ROOT);
    expect(k.patterns.length).toBeGreaterThanOrEqual(14);
    for (const p of k.patterns) {
      expect(p.redFlags.length).toBeGreaterThanOrEqual(3);
      expect(p.dos.length).toBeGreaterThanOrEqual(2);
    }
    expect(k.blocklist.length).toBeGreaterThan(0);
    expect(k.blocklist.every((e) => e.source.title && e.source.date)).toBe(true);
    expect(k.hotlines?.some((h) => h.number === '110')).toBe(true);
  });
  test('keeps the explainers’ sample scripts for training', () => {
    expect(loadPatternContent(ROOT).every((p) => p.scripts.length >= 2)).toBe(true);
  });
});
