import { describe, expect, test } from 'vitest';
import { buildKnowledge } from '../../bot/knowledge.ts';
import { lookupExposure } from './exposure-lookup.ts';

const source = { title: '示例通告', date: '2026-01-01', href: '/exposure/n1/' };
const { blocklist } = buildKnowledge({
  version: 't',
  patterns: [],
  entries: [
    { kind: 'phone', value: '16700000001', note: '冒充公安', source },
    { kind: 'url', value: 'https://safe-check.example', note: '假网站', source },
    { kind: 'account', value: '6222000000000000123', note: '收款账户', source },
    { kind: 'person-phone', value: '13800000000', note: '涉诈人员电话', source },
  ],
});

describe('exposure look-up', () => {
  test('finds a listed scam line however it is typed', () => {
    for (const q of ['16700000001', '167 0000 0001', '+86 167-0000-0001']) {
      expect(lookupExposure(blocklist, q).map((e) => e.display), q).toEqual(['16700000001']);
    }
  });
  test('finds a listed link without its scheme or with www.', () => {
    expect(lookupExposure(blocklist, 'safe-check.example')).toHaveLength(1);
    expect(lookupExposure(blocklist, 'http://www.safe-check.example/')).toHaveLength(1);
  });
  test('never finds accounts or people’s phones in the public list: only the server has them', () => {
    expect(blocklist.map((e) => e.kind)).toEqual(['phone', 'url']);
    expect(lookupExposure(blocklist, '6222 0000 0000 0000 123')).toEqual([]);
    expect(lookupExposure(blocklist, '13800000000')).toEqual([]);
  });
  test('finds nothing for an unlisted number or an empty query', () => {
    expect(lookupExposure(blocklist, '13912345678')).toEqual([]);
    expect(lookupExposure(blocklist, '  ')).toEqual([]);
  });
});
