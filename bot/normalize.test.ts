import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { analyze } from './analyze.ts';
import { fixtureKnowledge } from './fixtures.ts';
import { normalize, toOriginalSpan } from './normalize.ts';

const knowledge = fixtureKnowledge();

function originalOf(text: string, phrase: string): string | undefined {
  const n = normalize(text);
  const i = n.text.indexOf(phrase);
  if (i === -1) return undefined;
  const [s, e] = toOriginalSpan(n, i, i + phrase.length);
  return text.slice(s, e);
}

describe('normalize', () => {
  test.each([
    ['安 全 账 户', '安全账户'],
    ['安-全-账-户', '安全账户'],
    ['安*全*账*户', '安全账户'],
    ['安★全☆账※户', '安全账户'],
    ['安\u200b全\u200d账\ufeff户', '安全账户'],
    ['安全帳戶', '安全账户'],
    ['轉賬到安全帳戶', '转账到安全账户'],
    ['驗證碼', '验证码'],
    ['凍結', '冻结'],
  ])('joins split and traditional words: %s', (input, expected) => {
    expect(normalize(input).text).toBe(expected);
  });

  test.each([
    ['加薇信 abc123', '加微信 abc123'],
    ['威信', '微信'],
    ['加VX: zz_123', '加微信: zz_123'],
    ['V信', '微信'],
    ['微❤', '微信'],
    ['扣扣 12345678', 'qq 12345678'],
    ['企鹅号', 'qq'],
    ['abc点com', 'abc.com'],
    ['abc點com', 'abc.com'],
    ['www。abc。com', 'www.abc.com'],
    ['幺三八幺二三四五六七八', '13812345678'],
    ['𝟏𝟑𝟖１２３４５６７８', '13812345678'],
    ['６２２２ ０２１２ ３４５６ ７８９０', '6222021234567890'],
    ['ＨＥＬＬＯ', 'hello'],
  ])('undoes the evasion %s', (input, expected) => {
    expect(normalize(input).text).toBe(expected);
  });

  test('leaves ordinary text, dates and amounts alone', () => {
    expect(normalize('妈，我明天回家吃饭').text).toBe('妈,我明天回家吃饭');
    expect(normalize('2024-05-01 消费 58.00 元').text).toBe('2024-05-01 消费 58.00 元');
    expect(normalize('一二三').text).toBe('一二三');
  });

  test('maps a normalized phrase back to the exact original characters', () => {
    expect(originalOf('请转入安 全 账 户。', '安全账户')).toBe('安 全 账 户');
    expect(originalOf('加薇信：abc', '微信')).toBe('薇信');
    expect(originalOf('😀 帳戶', '账户')).toBe('帳戶');
  });
});

/** Strings mixing CJK, emoji (surrogate pairs), HTML, separators, full-width and scam words. */
const messyText = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '安全账户',
        '安 全 账 户',
        '帳戶',
        '验证码',
        '把验证码告诉我',
        '您涉嫌洗钱',
        '民警',
        '转账',
        '微❤',
        'VX',
        '扣扣',
        '13812345678',
        '+86 138 1234 5678',
        '６２２２',
        '幺三八',
        '点com',
        'www。abc。com',
        't.cn/AbC',
        '¥3,000',
        '5万',
        '<img src=x onerror=alert(1)>',
        '😀',
        '👍🏻',
        '🇨🇳',
        '\u200b',
        '★',
        '\ud83d',
        '\udc00',
        ' ',
        '\n',
        'A：',
        '。',
        '，',
      ),
      fc.string({ unit: 'grapheme', maxLength: 8 }),
      fc.string({ unit: 'binary', maxLength: 8 }),
    ),
    { maxLength: 25 },
  )
  .map((parts) => parts.join(''));

const isLowSurrogate = (s: string, i: number) => {
  const c = s.charCodeAt(i);
  return (
    c >= 0xdc00 &&
    c <= 0xdfff &&
    i > 0 &&
    s.charCodeAt(i - 1) >= 0xd800 &&
    s.charCodeAt(i - 1) <= 0xdbff
  );
};

describe('normalize (properties)', () => {
  test('every normalized character maps to a non-empty, ordered range of the original', () => {
    fc.assert(
      fc.property(messyText, (s) => {
        const n = normalize(s);
        expect(n.map.length).toBe(n.text.length);
        expect(n.mapEnd.length).toBe(n.text.length);
        let prev = 0;
        for (let i = 0; i < n.text.length; i++) {
          const a = n.map[i] as number;
          const b = n.mapEnd[i] as number;
          expect(a).toBeGreaterThanOrEqual(0);
          expect(b).toBeGreaterThan(a);
          expect(b).toBeLessThanOrEqual(s.length);
          expect(a).toBeGreaterThanOrEqual(prev);
          prev = a;
        }
      }),
      { numRuns: 300 },
    );
  });

  test('every signal and entity span lies within the original, start < end, on character boundaries', () => {
    fc.assert(
      fc.property(messyText, (s) => {
        const v = analyze(s, knowledge);
        const e = v.entities;
        const spans = [
          ...v.signals.flatMap((sig) => sig.spans),
          ...e.phones.map((x) => x.span),
          ...e.urls.map((x) => x.span),
          ...e.bankCards.map((x) => x.span),
          ...e.accounts.map((x) => x.span),
          ...e.amounts.map((x) => x.span),
          ...e.apps.map((x) => x.span),
          ...e.verificationCodeRequests.map((x) => x.span),
        ];
        for (const [a, b] of spans) {
          expect(a).toBeGreaterThanOrEqual(0);
          expect(b).toBeGreaterThan(a);
          expect(b).toBeLessThanOrEqual(s.length);
          expect(isLowSurrogate(s, a)).toBe(false);
          expect(isLowSurrogate(s, b)).toBe(false);
          // The original text under a span still normalizes to something (never only noise).
          expect(normalize(s.slice(a, b)).text.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('an obfuscated 安全账户 anywhere is flagged, and its span contains it modulo normalization', () => {
    const noise = fc.constantFrom('', ' ', '-', '*', '\u200b', '★', '·');
    const obfuscated = fc
      .tuple(noise, noise, noise, fc.constantFrom('安全账户', '安全帳戶', '安全帐户'))
      .map(([a, b, c, w]) => `${w[0]}${a}${w[1]}${b}${w[2]}${c}${w[3]}`);
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 20 }),
        obfuscated,
        fc.string({ unit: 'grapheme', maxLength: 20 }),
        (pre, word, post) => {
          const text = `${pre}。请把钱转入${word}。${post}`;
          const v = analyze(text, knowledge, { model: null });
          const signal = v.signals.find((sig) => sig.id === 'safe-account');
          expect(signal).toBeDefined();
          const contained = (signal?.spans ?? []).some(([a, b]) =>
            normalize(text.slice(a, b)).text.includes('安全账户'),
          );
          expect(contained).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  test('an entity span holds the digits of the number it reports', () => {
    const sep = fc.constantFrom('', ' ', '-');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 10 }), sep, sep, (pre, a, b) => {
        const text = `${pre.replace(/[0-9０-９+]/g, '')} 电话138${a}1234${b}5678`;
        const v = analyze(text, knowledge, { model: null });
        const phone = v.entities.phones.find((p) => p.value === '13812345678');
        expect(phone).toBeDefined();
        const [s, e] = phone?.span ?? [0, 0];
        expect(normalize(text.slice(s, e)).text.replace(/[^0-9]/g, '')).toContain('13812345678');
      }),
      { numRuns: 200 },
    );
  });
});
