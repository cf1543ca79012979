import { describe, expect, test } from 'vitest';
import { buildIndex, search, serializeSearch, loadIndex, snippet } from './indexer.ts';
import { bigrams, indexTokens, queryTerms } from './tokenize.ts';

const docs = [
  {
    id: 'police',
    title: '冒充公检法诈骗',
    text: '骗子冒充公安民警，说您涉嫌洗钱，要求把钱转到安全账户。',
  },
  {
    id: 'task',
    title: '刷单返利诈骗',
    text: '网上兼职刷单，先给小额返利，再让您垫付。骗子自称张伟国。',
  },
  { id: 'service', title: '冒充客服', text: '快递丢失理赔，要求屏幕共享。拨打 96110 咨询。' },
];

describe('Chinese search', () => {
  test('splits Chinese into overlapping character pairs', () => {
    expect(bigrams('安全账户')).toEqual(['安全', '全账', '账户']);
    expect(indexTokens('拨打 96110 咨询')).toEqual(
      expect.arrayContaining(['拨打', '96110', '咨询']),
    );
  });

  test('a number written against Chinese is still one term: 拨打96110咨询 finds 96110', () => {
    expect(indexTokens('拨打96110咨询')).toEqual(expect.arrayContaining(['拨打', '96110', '咨询']));
    expect(indexTokens('拨打96110咨询')).not.toContain('96');
    const index = buildIndex([{ id: 'glued', title: '电话', text: '拿不准就拨打96110咨询。' }]);
    expect(search(index, '96110')).toEqual(['glued']);
  });

  test('finds a 3-character name the word segmenter splits apart', () => {
    expect(search(buildIndex(docs), '张伟国')).toEqual(['task']);
  });

  test('finds pages by 2-, 4- and 5-character terms, and by numbers', () => {
    const index = buildIndex(docs);
    expect(search(index, '刷单')).toEqual(['task']);
    expect(search(index, '安全账户')).toEqual(['police']);
    expect(search(index, '冒充公检法')).toEqual(['police']);
    expect(search(index, '96110')).toEqual(['service']);
  });

  test('ranks a title match above a body match', () => {
    expect(search(buildIndex(docs), '冒充').sort()).toEqual(['police', 'service']);
    const ranked = search(buildIndex(docs), '冒充客服');
    expect(ranked[0]).toBe('service');
  });

  test('finds nothing for a term that is not there, and nothing for an empty query', () => {
    const index = buildIndex(docs);
    expect(search(index, '养老金')).toEqual([]);
    expect(search(index, '  ')).toEqual([]);
    expect(queryTerms('，。！').required).toEqual([]);
  });

  test('survives serialization to JSON and back', () => {
    const data = JSON.parse(JSON.stringify(serializeSearch(docs)));
    expect(search(loadIndex(data.index), '安全账户')).toEqual(['police']);
    expect(data.docs[0]).toMatchObject({ id: 'police', title: '冒充公检法诈骗' });
  });

  test('the snippet highlights the matched words in context', () => {
    expect(snippet(docs[0]!.text, '安全账户')).toMatchObject({ match: '安全账户' });
    expect(snippet(docs[0]!.text, '不存在')).toBeNull();
  });
});
